#!/usr/bin/env bash
# determinism.sh: every example compiles into two differently named
# directories (and once more over the first) to byte-identical trees, and
# no generated file names either output directory or the mlpgen source
# tree (so the project builds wherever it is moved).
#   determinism.sh MLPGEN SRC_DIR FILE.desc...
set -u
mlpgen=$1 src=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-emit-det.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for f in "$@"; do
    name=$(basename "$f" .desc)
    before=$status
    mkdir -p "$work/one" "$work/two/deeper"
    a="$work/one/$name" b="$work/two/deeper/other_name_for_$name"
    if ! "$mlpgen" "$f" -o "$a" 2> "$work/err"; then
        echo "FAIL $name: does not compile"; cat "$work/err"; status=1; continue
    fi
    "$mlpgen" "$f" -o "$b" || { echo "FAIL $name: second run"; status=1; continue; }
    if ! diff -r "$a" "$b" > "$work/diff"; then
        echo "FAIL $name: the output depends on the directory name"; head -20 "$work/diff"; status=1
    fi
    cp -r "$a" "$work/first"
    "$mlpgen" "$f" -o "$a" || { echo "FAIL $name: rerun over existing output"; status=1; }
    diff -r "$work/first" "$a" > /dev/null || { echo "FAIL $name: a rerun differs"; status=1; }
    net=$(sed -n '1s/^network \([A-Za-z0-9_]*\) .*/\1/p' "$a/net.ir.txt")
    for need in CMakeLists.txt net.ir.txt host/main.c "host/${net}_net.c" "host/${net}_net.h" \
                runtime/host.h runtime/ref_train.c; do
        [ -s "$a/$need" ] || { echo "FAIL $name: $need missing or empty"; status=1; }
    done
    hw_axw=$(sed -n 's/^#define [A-Za-z0-9_]*_AXI_ADDR_BITS \([0-9]*\)$/\1/p' "$a"/host/*_hw.h)
    board_axw=$(sed -n 's/^ *localparam integer AXW = \([0-9]*\);$/\1/p' "$a"/synth/board/*_board.v)
    [ -n "$hw_axw" ] && [ "$hw_axw" = "$board_axw" ] ||
        { echo "FAIL $name: AXI address bits: core ${hw_axw:-?}, board wrapper ${board_axw:-?}"; status=1; }
    if grep -rlF -e "$work" "$a" > "$work/hits"; then
        echo "FAIL $name: generated files name the output directory:"; cat "$work/hits"; status=1
    fi
    if grep -rlF -e "$src" "$a" > "$work/hits"; then
        echo "FAIL $name: generated files name the source tree $src:"; cat "$work/hits"; status=1
    fi
    [ "$status" = "$before" ] && echo "ok   $name: $(find "$a" -type f | wc -l) files, identical whatever the directory is called"
    rm -rf "$work/one" "$work/two" "$work/first"
done
exit $status
