#!/usr/bin/env bash
# outdir.sh: the output-directory discipline of compiler/out.c, seen from
# the command line: a new DIR is created; an existing DIR is replaced as a
# whole (stale files disappear); nothing is left next to DIR; an output path
# that is a file, or whose parent is missing, is an error that changes and
# creates nothing; --dump-ir writes nothing.
#   outdir.sh MLPGEN GOOD.desc BAD.desc
set -u
mlpgen=$1
good=$2
bad=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-outdir.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

"$mlpgen" "$good" -o "$work/new" 2> "$work/err" || fail "good file did not compile: $(cat "$work/err")"
[ -d "$work/new" ] || fail "DIR not created"
[ -s "$work/new/net.ir.txt" ] || fail "no net.ir.txt in a new DIR"

mkdir -p "$work/old/stale_dir"
echo stale > "$work/old/stale.txt"
echo stale > "$work/old/stale_dir/x"
"$mlpgen" "$good" -o "$work/old/" 2> "$work/err" || fail "compiling over an existing DIR (with a trailing slash): $(cat "$work/err")"
[ -e "$work/old/stale.txt" ] && fail "a stale file survived the replacement"
[ -e "$work/old/stale_dir" ] && fail "a stale directory survived the replacement"
[ -s "$work/old/net.ir.txt" ] || fail "no net.ir.txt after replacing DIR"
left=$(find "$work" -maxdepth 1 -name '*.tmp.*' -o -maxdepth 1 -name '*.old.*')
[ -z "$left" ] || fail "left behind: $left"

echo "a file" > "$work/plainfile"
if "$mlpgen" "$good" -o "$work/plainfile" 2> "$work/err"; then fail "-o an existing file succeeded"; fi
grep -q "exists and is not a directory" "$work/err" || fail "no clear message for -o FILE: $(cat "$work/err")"
[ "$(cat "$work/plainfile")" = "a file" ] || fail "the file given as -o changed"

if "$mlpgen" "$good" -o "$work/no/such/parent" 2> "$work/err"; then fail "-o under a missing parent succeeded"; fi
[ -e "$work/no" ] && fail "a missing parent was created"

if "$mlpgen" "$bad" -o "$work/never" 2> /dev/null; then fail "the bad file compiled"; fi
[ -e "$work/never" ] && fail "DIR created for a file with errors"

"$mlpgen" --dump-ir "$good" -o "$work/dumped" > "$work/dump.txt" 2> "$work/err" || fail "--dump-ir failed"
[ -e "$work/dumped" ] && fail "--dump-ir wrote the output directory"
[ -s "$work/dump.txt" ] || fail "--dump-ir printed nothing"
cmp -s "$work/dump.txt" "$work/new/net.ir.txt" || fail "--dump-ir and net.ir.txt differ"

left=$(find "$work" -name '*.tmp.*' -o -name '*.old.*')
[ -z "$left" ] || fail "temporary directories left behind: $left"
[ $status -eq 0 ] && echo "output directory discipline holds"
exit $status
