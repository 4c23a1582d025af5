#!/bin/bash
# verilator: the generated XOR project's host on the Verilated core
# (mlp_xor_hw, built with -DMLPGEN_VERILATOR=ON -DMLPGEN_TRACE=ON).
#   verilator.sh MLPGEN XOR_DESC WORKDIR build   generate and build (reused)
#   verilator.sh MLPGEN XOR_DESC WORKDIR check   --check against the reference
#                                                 passes; --trace writes an FST
#   verilator.sh MLPGEN XOR_DESC WORKDIR resume  stopped at batch 50 and resumed
#                                                 (under --check): tensors and
#                                                 checkpoint as uninterrupted
set -u
mlpgen=$1 desc=$2 work=$3 what=$4
fail() { echo "FAIL: $*"; exit 1; }
p=$work/p
h=$p/obj/mlp_xor_hw
case $what in
build)
    mkdir -p "$work"
    "$mlpgen" "$desc" -o "$p" > "$work/gen.log" 2>&1 || { cat "$work/gen.log"; fail mlpgen; }
    { cmake -S "$p" -B "$p/obj" -DMLPGEN_VERILATOR=ON -DMLPGEN_TRACE=ON &&
      cmake --build "$p/obj" -j2; } > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; fail build; }
    echo "ok: built $h" ;;
check)
    t=$(mktemp -d) && cd "$t" || exit 1
    trap 'rm -rf "$t"' EXIT
    "$h" --device verilator --epochs 200 --check-every 10 --quiet > out 2>&1 || fail "--check: $(cat out)"
    grep -q '^check: 800 batches compared with the reference bit for bit (.*every 10 and at the end.*): equal$' out \
        || fail "--check summary: $(cat out)"
    "$h" --device verilator --epochs 2 --trace w.fst --quiet > out 2>&1 || fail "--trace: $(cat out)"
    python3 -c '
import sys
b = open("w.fst", "rb").read()
sys.exit(0 if len(b) > 1000 and b[0] == 0 and b"fstWriter" in b else 1)' || fail "w.fst is not an FST trace"
    "$h" --device reference --trace w2.fst > out 2>&1 && fail "--trace on the reference accepted"
    grep -q -- "--trace w2.fst: only --device verilator writes a trace" out || fail "--trace message: $(cat out)"
    echo "ok: --check equal over 800 batches, --trace wrote an FST" ;;
resume)
    t=$(mktemp -d) && cd "$t" || exit 1
    trap 'rm -rf "$t"' EXIT
    H="$h --device verilator --epochs 30 --quiet"
    $H --save A --checkpoint endA > out 2>&1 || fail "straight: $(cat out)"
    $H --checkpoint ck --stop-after 50 > out 2>&1 || fail "stop: $(cat out)"
    $H --resume ck --save B --checkpoint endB --check > out 2>&1 || fail "resume: $(cat out)"
    for f in A/*; do cmp -s "$f" "B/${f#A/}" || fail "B/${f#A/} differs"; done
    cmp -s endA endB || fail "final checkpoints differ"
    echo "ok: resumed on the Verilated core, bit-identical" ;;
*) fail "unknown step $what" ;;
esac
