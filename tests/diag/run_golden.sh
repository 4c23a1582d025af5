#!/usr/bin/env bash
# run_golden.sh: golden tests of mlpgen's diagnostics (Verilator's t_*_bad.out
# habit). For each FILE:
#   NAME_bad.desc   exit status non-zero, stderr == NAME_bad.out, and the
#                   output directory is neither created nor changed
#   NAME_warn.desc  exit status 0, stderr == NAME_warn.out (warnings only)
#   NAME_ok.desc    exit status 0, empty stderr, the output directory exists
# A line "# mlpgen-flags: ..." in the file adds command-line flags.
# mlpgen runs in the file's directory on its base name, so the goldens do
# not depend on where the tree is checked out.
#
#   run_golden.sh [--mlpgen PATH] FILE...
#   MLPGEN_REGEN_GOLDEN=1 run_golden.sh FILE...   rewrite the .out files on
#       purpose; review the diff like code.
set -u
mlpgen=${MLPGEN:-mlpgen}
if [ "${1:-}" = "--mlpgen" ]; then
    mlpgen=$2
    shift 2
fi
case "$mlpgen" in /*) ;; */*) mlpgen="$PWD/$mlpgen" ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-golden.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0

fail() {
    echo "FAIL $1: $2"
    status=1
}

# a listing of a tree with the content hash of every file
tree_state() {
    (cd "$1" && find . -print0 | LC_ALL=C sort -z | xargs -0 -I{} sh -c \
        'if [ -f "{}" ]; then echo "{} $(cksum < "{}")"; else echo "{}"; fi')
}

for file in "$@"; do
    dir=$(cd "$(dirname "$file")" && pwd)
    base=$(basename "$file")
    name=${base%.desc}
    golden="$dir/$name.out"
    flags=$(sed -n 's/^# mlpgen-flags: //p' "$file" | head -n 1)
    case "$name" in
        *_bad) kind=bad ;;
        *_warn) kind=warn ;;
        *_ok) kind=ok ;;
        *) fail "$file" "name must end in _bad, _warn or _ok"; continue ;;
    esac
    out="$work/$name.outdir"
    rm -rf "$out" "$work"/stderr
    # shellcheck disable=SC2086
    (cd "$dir" && "$mlpgen" $flags "$base" -o "$out") 2> "$work/stderr" > /dev/null
    rc=$?
    if [ "$kind" = ok ]; then
        [ "$rc" -eq 0 ] || fail "$file" "exit status $rc, expected 0"
        [ -s "$work/stderr" ] && { fail "$file" "unexpected diagnostics:"; cat "$work/stderr"; }
        [ -d "$out" ] || fail "$file" "output directory not created"
        continue
    fi
    if [ -n "${MLPGEN_REGEN_GOLDEN:-}" ]; then
        cp "$work/stderr" "$golden"
        echo "regenerated $golden"
    fi
    if [ ! -f "$golden" ]; then
        fail "$file" "no golden $golden (MLPGEN_REGEN_GOLDEN=1 writes it)"
        continue
    fi
    if ! diff -u "$golden" "$work/stderr"; then
        fail "$file" "stderr differs from $golden"
    fi
    if [ "$kind" = warn ]; then
        [ "$rc" -eq 0 ] || fail "$file" "exit status $rc, expected 0"
        continue
    fi
    [ "$rc" -ne 0 ] || fail "$file" "exit status 0, expected an error"
    [ "$rc" -lt 128 ] || fail "$file" "exit status $rc: crashed"
    [ -e "$out" ] && fail "$file" "output directory was created"
    # a pre-existing output directory must stay exactly as it was
    mkdir -p "$out/sub"
    echo keep > "$out/keep.txt"
    echo deeper > "$out/sub/file"
    before=$(tree_state "$out")
    (cd "$dir" && "$mlpgen" $flags "$base" -o "$out") > /dev/null 2>&1
    rc=$?
    [ "$rc" -ne 0 ] || fail "$file" "exit status 0 with an existing output directory"
    after=$(tree_state "$out")
    [ "$before" = "$after" ] || fail "$file" "existing output directory changed"
    leftovers=$(find "$work" -maxdepth 1 -name "$name.outdir.*")
    [ -z "$leftovers" ] || fail "$file" "temporary directories left behind: $leftovers"
    rm -rf "$out"
done
exit $status
