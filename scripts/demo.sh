#!/usr/bin/env bash
# demo.sh: the main job, end to end: install what is missing, build mlpgen,
# compile examples/xor.desc into a self-contained project, build that
# project, and train XOR on the reference trainer for 10 000 samples
# (2500 epochs of the four patterns); prints the four outputs and the
# verdict. Exit status 0 only if all four patterns are right.
#
# The same for the scikit-learn digits (64-32-10, about 97 % test accuracy):
#   build/compiler/mlpgen examples/digits.desc -o build/digits
#   cmake -S build/digits -B build/digits/obj && cmake --build build/digits/obj
#   build/digits/obj/mlp_digits --train examples/data/digits.csv.gz --epochs 20
set -euo pipefail
cd "$(dirname "$0")/.."
b=${MLPGEN_BUILD:-build}   # build directory (MLPGEN_BUILD overrides)

echo "== setup =="
bash scripts/setup.sh

echo "== build mlpgen =="
cmake -S . -B "$b" >/dev/null
cmake --build "$b" -j2 --target mlpgen >/dev/null
mlpgen=$b/compiler/mlpgen

echo "== compile examples/xor.desc =="
echo "\$ $mlpgen examples/xor.desc -o $b/xor"
"$mlpgen" examples/xor.desc -o "$b/xor"
echo "wrote:"
(cd "$b/xor" && find . -type f ! -path './obj*' | LC_ALL=C sort | sed 's|^\./||' |
    awk -v d="$b/xor" '/^(runtime|rtl)\// { split($0, p, "/"); n[p[1]]++; next }
                       { print "  " d "/" $0 }
                       END { for (k in n) printf "  %s/%s/  (%d files)\n", d, k, n[k] }' | LC_ALL=C sort)

echo "== build the generated project =="
cmake -S "$b/xor" -B "$b/xor/obj" >/dev/null
cmake --build "$b/xor/obj" -j2 >/dev/null
echo "built $b/xor/obj/mlp_xor"

echo "== train XOR on the reference trainer: 10 000 samples =="
out=$("$b/xor/obj/mlp_xor" --train examples/data/xor.csv --test examples/data/xor.csv \
      --epochs 2500 --device reference)
echo "$out"
right=$(echo "$out" | sed -n 's|^final: .*test accuracy \([0-9]*\)/\([0-9]*\).*|\1/\2|p')
if [ "$right" = "4/4" ]; then
    echo "XOR: 4/4 patterns right"
else
    echo "XOR: ${right:-?} patterns right (expected 4/4)"
    exit 1
fi

# == hardware: Verilator run and bit-exact verdict ==
# The same host program, built with -DMLPGEN_VERILATOR=ON, trains on the
# generated core (rtl/) simulated by Verilator; the final weights, biases
# and outputs must equal the reference's bit for bit. MLPGEN_DEMO_HW=0
# skips this step (Verilating takes about a minute).
if [ "${MLPGEN_DEMO_HW:-1}" = 0 ]; then
    echo "== hardware step skipped (MLPGEN_DEMO_HW=0) =="
    exit 0
fi
echo "== build the host with the Verilated core (cmake -DMLPGEN_VERILATOR=ON) =="
cmake -S "$b/xor" -B "$b/xor/obj-hw" -DMLPGEN_VERILATOR=ON >/dev/null
cmake --build "$b/xor/obj-hw" -j2 >/dev/null 2>&1 || cmake --build "$b/xor/obj-hw" -j1
echo "== train XOR on the Verilated core: 10 000 samples =="
run=("--train" examples/data/xor.csv "--test" examples/data/xor.csv "--epochs" 2500 "--print-weights")
hw=$("$b/xor/obj-hw/mlp_xor_hw" "${run[@]}" --device verilator)
echo "$hw" | grep -E '^(  \(|layer [0-9]+ (weights|biases):|training time|final:)'
ref=$("$b/xor/obj/mlp_xor" "${run[@]}" --device reference)
bits() { grep -E '^(  \(|layer [0-9]+ (weights|biases):)' | sed 's/ (raw \(-\{0,1\}[0-9]*\))/ raw=\1/g'; }
n=$(echo "$ref" | bits | wc -l)
[ "$n" -eq 8 ] || { echo "demo.sh: expected 8 lines of bits from the reference, got $n"; exit 1; }
if diff <(echo "$ref" | bits) <(echo "$hw" | bits) >/dev/null; then
    echo "BIT-EXACT: the Verilated core and the reference end with the same weights, biases and outputs"
else
    echo "NOT BIT-EXACT: the Verilated core and the reference differ:"
    diff <(echo "$ref" | bits) <(echo "$hw" | bits) || true
    exit 1
fi
