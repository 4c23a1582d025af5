#!/usr/bin/env bash
# outdir.sh: on an error DIR is neither created nor changed, and nothing
# is left beside it; errors from the front end (a bad input) and from the
# back end (templates missing: MLPGEN_HOME pointing at an empty tree) alike.
# Self-test: a successful compile does change the directory.
#   outdir.sh MLPGEN GOOD.desc BAD.desc
set -u
mlpgen=$1 good=$2 bad=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-emit-od.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
mkdir -p "$work/p/existing/sub" "$work/empty_home"
printf 'keep me\n' > "$work/p/existing/marker.txt"
printf 'x' > "$work/p/existing/sub/deep"
cp -a "$work/p/existing" "$work/reference"
listing() { (cd "$work/p" && find . | LC_ALL=C sort); }
before=$(listing)

check_unchanged() {   # $1: what was run
    diff -r "$work/reference" "$work/p/existing" > /dev/null || fail "$1: the existing DIR changed"
    [ "$(listing)" = "$before" ] || fail "$1: the parent directory changed: $(listing | tr '\n' ' ')"
}

"$mlpgen" "$bad" -o "$work/p/existing" 2> /dev/null && fail "bad input accepted"
check_unchanged "bad input over an existing DIR"
"$mlpgen" "$bad" -o "$work/p/absent" 2> /dev/null && fail "bad input accepted"
check_unchanged "bad input, absent DIR"

MLPGEN_HOME="$work/empty_home" "$mlpgen" "$good" -o "$work/p/existing" 2> "$work/err" \
    && fail "compile without templates succeeded"
grep -q "error" "$work/err" || fail "no error message without templates: $(cat "$work/err")"
check_unchanged "back-end error over an existing DIR"
MLPGEN_HOME="$work/empty_home" "$mlpgen" "$good" -o "$work/p/absent" 2> /dev/null \
    && fail "compile without templates succeeded"
check_unchanged "back-end error, absent DIR"

# self-test: the same check sees a successful compile
"$mlpgen" "$good" -o "$work/p/existing" || fail "good input rejected"
if diff -r "$work/reference" "$work/p/existing" > /dev/null; then
    fail "self-test: a successful compile left DIR unchanged (the check sees nothing)"
fi
[ -e "$work/p/existing/marker.txt" ] && fail "a successful compile kept a stale file of the old DIR"
[ "$status" = 0 ] && echo "ok: DIR neither created nor changed on front-end and back-end errors"
exit $status
