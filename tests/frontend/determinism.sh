#!/usr/bin/env bash
# determinism.sh: the same description compiled into two differently named
# output directories (and once more over the first) gives byte-identical
# trees, as the spec promises ("whatever DIR is called").
#   determinism.sh MLPGEN FILE...
set -u
mlpgen=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-determinism.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for f in "$@"; do
    name=$(basename "$f" .desc)
    mkdir -p "$work/one" "$work/two/deeper"
    if ! "$mlpgen" "$f" -o "$work/one/$name" 2> "$work/err1"; then
        echo "FAIL $name: does not compile"; cat "$work/err1"; status=1; continue
    fi
    "$mlpgen" "$f" -o "$work/two/deeper/a_different_name_$name" 2> /dev/null || { echo "FAIL $name: second run"; status=1; continue; }
    if ! diff -r "$work/one/$name" "$work/two/deeper/a_different_name_$name"; then
        echo "FAIL $name: the output depends on the directory name"; status=1
    fi
    cp -r "$work/one/$name" "$work/first"
    "$mlpgen" "$f" -o "$work/one/$name" 2> /dev/null || { echo "FAIL $name: rerun over existing output"; status=1; }
    if ! diff -r "$work/first" "$work/one/$name"; then
        echo "FAIL $name: a second run over the same directory differs"; status=1
    fi
    n=$(find "$work/one/$name" -type f | wc -l)
    [ "$n" -gt 0 ] || { echo "FAIL $name: empty output"; status=1; }
    echo "ok   $name: $n files identical in both directories"
    rm -rf "$work/one" "$work/two" "$work/first"
done
exit $status
