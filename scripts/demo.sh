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
# The generated Verilator harness (sim/) trains the core in rtl/ and, with
# --check, runs the reference trainer alongside: after every batch it
# compares every output, weight, bias, momentum word and saturation counter
# bit for bit and stops at the first difference. MLPGEN_DEMO_HW=0 skips this
# step (Verilating takes about a minute).
if [ "${MLPGEN_DEMO_HW:-1}" = 0 ]; then
    echo "== hardware step skipped (MLPGEN_DEMO_HW=0) =="
    exit 0
fi
echo "== Verilate the generated core (cmake -S $b/xor/sim) =="
cmake -S "$b/xor/sim" -B "$b/xor/simobj" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$b/xor/simobj" -j2 >/dev/null
echo "== train XOR on the Verilated core, checked against the reference after every batch =="
echo "\$ $b/xor/simobj/sim --check --samples 10000"
hw=$("$b/xor/simobj/sim" --check --samples 10000 --quiet) || { echo "$hw"; echo "NOT BIT-EXACT"; exit 1; }
echo "$hw" | grep -E '^(trained|xor\(|BIT-EXACT)'
right=$(echo "$hw" | awk -F' = ' '/^xor\(/ { split($1, a, /[(,)]/); want = (a[2] != a[3]); got = ($2 >= 0.5); n += (want == got) } END { print n + 0 }')
echo "hardware: $right/4 patterns right (the harness feeds the four patterns in order;"
echo "          the host program above shuffles each epoch, so its outputs differ)"
[ "$right" = 4 ] || exit 1
echo "$hw" | grep -q '^BIT-EXACT' || { echo "NOT BIT-EXACT"; exit 1; }
