#!/usr/bin/env bash
# cli.sh: the command line of docs/net-desc.md: --help and --version exit 0
# on stdout; a bad command line exits 2 with a message; -Werror turns a
# warning into a failing error; errors exit 1.
#   cli.sh MLPGEN GOOD.desc WARN.desc
set -u
mlpgen=$1
good=$2
warn=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
# expect STATUS STREAM PATTERN -- ARGS...
expect() {
    local want=$1 stream=$2 pattern=$3
    shift 4
    "$mlpgen" "$@" > "$work/out" 2> "$work/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "mlpgen $*: exit $rc, expected $want"
    grep -q -- "$pattern" "$work/$stream" || fail "mlpgen $*: $stream lacks '$pattern'"
}
expect 0 out "usage: mlpgen \[options\] FILE -o DIR" -- --help
expect 0 out "^mlpgen [0-9]" -- --version
expect 2 err "no input file" --
expect 2 err "unknown option '--frobnicate'" -- --frobnicate "$good" -o "$work/x"
expect 2 err "no output directory" -- "$good"
expect 2 err "'-o' needs a directory" -- "$good" -o
expect 2 err "more than one input file" -- "$good" "$good" -o "$work/x"
expect 0 err "warning: parallel=6" -- "$warn" -o "$work/w1"
[ -d "$work/w1" ] || fail "a warning stopped the compile"
expect 1 err "error: parallel=6 .* \[-Werror\]" -- -Werror "$warn" -o "$work/w2"
[ -e "$work/w2" ] && fail "-Werror error still wrote the output"
expect 1 err "cannot read" -- "$work/missing.desc" -o "$work/x"
expect 0 out "^network " -- --dump-ir "$good"
[ -e "$work/x" ] && fail "an error run created the output"
[ $status -eq 0 ] && echo "command line behaves"
exit $status
