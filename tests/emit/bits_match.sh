#!/usr/bin/env bash
# bits_match.sh: the emitted tables are the computed tables.
#  1. tables_equal.c, compiled against host/<name>_net.c of xor, digits and
#     iris, finds every table entry, weight, format and constant equal to
#     the runtime's own build of a hand-written spec; with -DPERTURB (init
#     seed + 1) it must find differences.
#  2. The generated XOR host trains to exactly the bits (final weights,
#     biases, the four raw outputs) of xor_direct, which builds the net
#     through runtime functions; xor_direct with another init seed must
#     differ (the comparison can fail).
#   bits_match.sh MLPGEN CC SRC_DIR XOR_DIRECT LIBMLPRT
set -u
mlpgen=$1 cc=$2 src=$3 direct=$4 lib=$5
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-emit-bits.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for ex in xor digits iris; do
    "$mlpgen" "$src/examples/$ex.desc" -o "$work/$ex" || { echo "FAIL: mlpgen $ex"; status=1; continue; }
    U=$(echo "$ex" | tr a-z A-Z)
    for mode in equal perturbed; do
        def=""
        [ $mode = perturbed ] && def=-DPERTURB
        if ! "$cc" -std=c11 -O1 -w -DEXAMPLE_$U $def -I "$work/$ex/host" -I "$work/$ex/runtime" \
             -o "$work/te_$ex" "$src/tests/emit/tables_equal.c" "$work/$ex/host/${ex}_net.c" \
             "$lib" -lz -lm 2> "$work/cc.log"; then
            echo "FAIL: cannot compile tables_equal for $ex"; head -20 "$work/cc.log"; status=1; continue
        fi
        "$work/te_$ex" > "$work/te.out"; rc=$?
        if [ $mode = equal ]; then
            cat "$work/te.out"
            [ $rc = 0 ] || { echo "FAIL: $ex tables differ"; status=1; }
        else
            [ $rc != 0 ] || { echo "FAIL: self-test: $ex tables_equal missed a changed init seed"; status=1; }
        fi
    done
done

p="$work/xor"
cmake -S "$p" -B "$p/obj" > "$work/log" 2>&1 && cmake --build "$p/obj" -j2 >> "$work/log" 2>&1 \
    || { echo "FAIL: build"; tail -30 "$work/log"; exit 1; }
# the host's epoch order with seed 1 on xor.csv's order is xor_direct's
"$p/obj/mlp_xor" --epochs 2500 --print-weights > "$work/host.out" || { echo "FAIL: host"; exit 1; }
{ sed -n 's/.*(raw \(-\{0,1\}[0-9]*\)).*/raw \1/p' "$work/host.out"; grep '^layer [0-9]* \(weights\|biases\):' "$work/host.out"; } > "$work/host.bits"
"$direct" > "$work/direct.bits" || { echo "FAIL: xor_direct"; exit 1; }
[ "$(wc -l < "$work/host.bits")" = 8 ] || { echo "FAIL: host printed $(wc -l < "$work/host.bits") of 8 lines"; cat "$work/host.out"; status=1; }
if diff "$work/direct.bits" "$work/host.bits"; then
    echo "ok: generated host and runtime-built net train XOR to the same bits:"; cat "$work/host.bits"
else
    echo "FAIL: generated host and runtime-built net differ"; status=1
fi
"$direct" 8 > "$work/direct8.bits"
diff -q "$work/direct8.bits" "$work/host.bits" > /dev/null \
    && { echo "FAIL: self-test: another init seed gives the same bits"; status=1; }
exit $status
