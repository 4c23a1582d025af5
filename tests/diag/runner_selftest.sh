#!/usr/bin/env bash
# runner_selftest.sh: before trusting run_golden.sh, break what it checks and
# watch it fail: a corrupted golden, a missing golden, a _bad file that
# compiles, an _ok file that does not, a _warn file with a stale golden.
# The good cases must pass, so the failures are not the runner failing always.
set -u
mlpgen=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
run() { bash "$here/run_golden.sh" --mlpgen "$mlpgen" "$@" > "$work/log" 2>&1; }
expect_pass() { if ! run "$@"; then echo "FAIL: runner rejected a correct case: $*"; cat "$work/log"; status=1; fi; }
expect_fail() { if run "$@"; then echo "FAIL: runner accepted a broken case: $*"; status=1; fi; }

cp "$here/unknown_activation_bad.desc" "$here/unknown_activation_bad.out" "$work/"
expect_pass "$work/unknown_activation_bad.desc"

# a golden off by one column
sed -i 's/:5:21:/:5:20:/' "$work/unknown_activation_bad.out"
expect_fail "$work/unknown_activation_bad.desc"

# a golden missing its caret line
cp "$here/unknown_activation_bad.out" "$work/"
sed -i '$d' "$work/unknown_activation_bad.out"
expect_fail "$work/unknown_activation_bad.desc"

# no golden at all
rm "$work/unknown_activation_bad.out"
expect_fail "$work/unknown_activation_bad.desc"

# a _bad file that compiles (empty golden, exit 0)
cp "$here/xor_ok.desc" "$work/compiles_bad.desc"
: > "$work/compiles_bad.out"
expect_fail "$work/compiles_bad.desc"

# an _ok file that does not compile
cp "$here/no_layer_bad.desc" "$work/broken_ok.desc"
expect_fail "$work/broken_ok.desc"

# a _warn file whose golden is stale
cp "$here/parallel_idle_warn.desc" "$here/parallel_idle_warn.out" "$work/"
expect_pass "$work/parallel_idle_warn.desc"
sed -i 's/2 units/3 units/' "$work/parallel_idle_warn.out"
expect_fail "$work/parallel_idle_warn.desc"

# a compiler that writes its output directory despite the error
cat > "$work/leaky_mlpgen" <<EOS
#!/bin/sh
# writes into -o DIR, then fails like the real one
out=""; while [ \$# -gt 0 ]; do [ "\$1" = -o ] && out=\$2; shift; done
mkdir -p "\$out" && echo junk > "\$out/junk"
"$mlpgen" "$here/no_layer_bad.desc" -o /nonexistent/x 2>/dev/null
exit 1
EOS
chmod +x "$work/leaky_mlpgen"
cp "$here/no_layer_bad.desc" "$work/"
: > "$work/no_layer_bad.out"
if bash "$here/run_golden.sh" --mlpgen "$work/leaky_mlpgen" "$work/no_layer_bad.desc" > "$work/log" 2>&1; then
    echo "FAIL: runner accepted a compiler that writes its output on error"
    status=1
fi
grep -q "output directory was created" "$work/log" || { echo "FAIL: leak not named"; cat "$work/log"; status=1; }

[ $status -eq 0 ] && echo "runner self-test: every broken case was caught"
exit $status
