#!/bin/sh
# accuracy_hw.sh: digits and iris trained on the Verilated hardware by the
# generated host program (--device verilator), with their test accuracy and
# a bit-exact verdict against the reference trainer. Issue 8 targets:
# digits >= 96 % test accuracy, iris >= 28/30 (exit status 1 if missed or
# if the hardware differs from the reference in any bit compared).
#
# Per network: mlpgen examples/NET.desc -o B/accuracy_hw/NET; the project
# built with -DMLPGEN_VERILATOR=ON in B/accuracy_hw/NET.obj; then the same
# command on both devices,
#   obj/mlp_NET    --device reference --train DATA --epochs E --print-weights
#   obj/mlp_NET_hw --device verilator --train DATA --epochs E --print-weights [--check]
# (20 % stratified test split, seed 1; digits 20 epochs, iris 100). The
# verdict compares every epoch line (mean loss, running train accuracy, test
# accuracy, saturation and wrap counts), the final line and the final
# weights and biases as raw integers. When the host has --check (compare
# with the reference inside the run), the hardware run uses it as well.
# Usage: bench/accuracy_hw.sh [build-dir] [nets]   (default build-bench, "digits iris")
# Env: DIGITS_EPOCHS (20), IRIS_EPOCHS (100).
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
nets=${2:-"digits iris"}
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target mlpgen >/dev/null
work=$build/accuracy_hw
launcher=
if command -v ccache >/dev/null; then   # a rerun recompiles the same Verilated C++
    launcher="-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
mkdir -p "$work"
status=0
for n in $nets; do
    case $n in
        digits) data=$src/examples/data/digits.csv.gz; epochs=${DIGITS_EPOCHS:-20} ;;
        iris) data=$src/examples/data/iris.csv; epochs=${IRIS_EPOCHS:-100} ;;
        *) echo "accuracy_hw: unknown net $n (digits, iris)" >&2; exit 2 ;;
    esac
    d=$work/$n
    o=$work/$n.obj      # outside $d: mlpgen replaces $d whole
    "$build/compiler/mlpgen" "$src/examples/$n.desc" -o "$d" >/dev/null
    t0=$(date +%s)
    cmake -S "$d" -B "$o" -DCMAKE_BUILD_TYPE=Release -DMLPGEN_VERILATOR=ON $launcher >/dev/null
    cmake --build "$o" -j2 >/dev/null
    t1=$(date +%s)
    check=
    if "$o/mlp_${n}_hw" --help | grep -q -- '--check'; then
        check=--check
    fi
    "$o/mlp_$n" --device reference --train "$data" --epochs "$epochs" --print-weights \
        >"$d/reference.txt"
    t2=$(date +%s)
    rc=0
    "$o/mlp_${n}_hw" --device verilator --train "$data" --epochs "$epochs" --print-weights \
        $check >"$d/verilator.txt" || rc=$?
    t3=$(date +%s)
    grep -E '^(epoch|final|layer [0-9]+ (weights|biases):)' "$d/reference.txt" >"$d/reference.cmp"
    grep -E '^(epoch|final|layer [0-9]+ (weights|biases):)' "$d/verilator.txt" >"$d/verilator.cmp"
    echo "== $n: $epochs epochs on the Verilated core (build $((t1 - t0)) s, reference run" \
         "$((t2 - t1)) s, Verilator run $((t3 - t2)) s wall)"
    grep -E '^(network|epoch|training time|final)' "$d/verilator.txt" | sed 's/^/  /'
    [ -z "$check" ] || grep -iE 'check|mismatch' "$d/verilator.txt" | sed 's/^/  /'
    if [ "$rc" -eq 0 ] && [ -s "$d/verilator.cmp" ] && cmp -s "$d/reference.cmp" "$d/verilator.cmp"; then
        echo "  bit-exact: yes: $(grep -c '^epoch' "$d/verilator.cmp") epoch lines, the final line" \
             "and $(grep -c '^layer' "$d/verilator.cmp") weight/bias tensors (raw) equal to the" \
             "reference's${check:+; host --check passed}"
    else
        echo "  bit-exact: NO (exit status $rc; diff $d/reference.cmp $d/verilator.cmp)"
        status=1
    fi
    acc=$(sed -n 's/^final:.*test accuracy \([0-9]*\)\/\([0-9]*\) .*/\1 \2/p' "$d/verilator.txt")
    set -- $acc
    if [ "$n" = digits ]; then
        ok=$(awk -v r="$1" -v t="$2" 'BEGIN { print (t > 0 && r / t >= 0.96) ? 1 : 0 }')
        what=">= 96 %"
    else
        ok=$(awk -v r="$1" -v t="$2" 'BEGIN { print (t == 30 && r >= 28) ? 1 : 0 }')
        what=">= 28/30"
    fi
    pct=$(awk -v r="$1" -v t="$2" 'BEGIN { printf "%.2f", (t > 0 ? 100 * r / t : 0) }')
    if [ "$ok" -eq 1 ]; then
        echo "  test accuracy on the hardware: $1/$2 ($pct %), target $what: MET"
    else
        echo "  test accuracy on the hardware: $1/$2 ($pct %), target $what: NOT MET"
        status=1
    fi
done
exit $status
