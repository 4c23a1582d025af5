#!/usr/bin/env bash
# verilator_bits.sh: the generated host, built with -DMLPGEN_VERILATOR=ON,
# trains on the Verilated core to the reference's bits: final weights,
# biases and the test outputs of XOR (2500 epochs, batch 1) and the digits
# (1 epoch of real data: batch 16 with a last partial batch of 13,
# momentum, softmax). Self-test: another --seed changes the bits.
#   verilator_bits.sh MLPGEN SRC_DIR
set -u
mlpgen=$1 src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-emit-vl.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
bits() { grep -E '^(  \(|layer [0-9]+ (weights|biases):)' | sed 's/ (raw \(-\{0,1\}[0-9]*\))/ raw=\1/g'; }
run() {   # name, host arguments...
    local ex=$1; shift
    "$mlpgen" "$src/examples/$ex.desc" -o "$work/$ex" || { echo "FAIL $ex: mlpgen"; status=1; return; }
    cmake -S "$work/$ex" -B "$work/$ex/obj" -DMLPGEN_VERILATOR=ON > "$work/log" 2>&1 &&
        cmake --build "$work/$ex/obj" -j2 >> "$work/log" 2>&1 ||
        { echo "FAIL $ex: build"; tail -20 "$work/log"; status=1; return; }
    local h="$work/$ex/obj/mlp_${ex}_hw"
    "$h" "$@" --print-weights --device reference > "$work/ref" || { echo "FAIL $ex: reference run"; status=1; return; }
    "$h" "$@" --print-weights --device verilator > "$work/hw" || { echo "FAIL $ex: verilator run"; status=1; return; }
    "$h" "$@" --print-weights --device reference --seed 99 > "$work/ref99"
    local n; n=$(bits < "$work/ref" | wc -l)
    [ "$n" -ge 4 ] || { echo "FAIL $ex: only $n lines of bits"; status=1; return; }
    if diff <(bits < "$work/ref") <(bits < "$work/hw") > "$work/diff"; then
        echo "ok   $ex: Verilated core == reference, $n lines of bits; $(grep '^final:' "$work/hw")"
    else
        echo "FAIL $ex: NOT BIT-EXACT"; head -10 "$work/diff"; status=1
    fi
    diff -q <(bits < "$work/ref") <(bits < "$work/ref99") > /dev/null &&
        { echo "FAIL $ex: self-test: --seed 99 gives the same bits"; status=1; }
}
run xor --epochs 2500
run digits --train "$src/examples/data/digits.csv.gz" --epochs 1 --split 0.2
exit $status
