#!/bin/bash
# verilator: the generated XOR project's host on the Verilated core
# (mlp_xor_hw, built with -DMLPGEN_VERILATOR=ON -DMLPGEN_TRACE=ON).
#   verilator.sh MLPGEN XOR_DESC WORKDIR build   generate and build (reused)
#   verilator.sh MLPGEN XOR_DESC WORKDIR check   --check against the reference
#                                                 passes; --trace writes an FST
#   verilator.sh MLPGEN XOR_DESC WORKDIR resume  stopped at batch 50 and resumed
#                                                 (under --check): tensors and
#                                                 checkpoint as uninterrupted
#   verilator.sh MLPGEN XOR_DESC WORKDIR cycles  the --log cycles column: the
#                                                 same with --check (backdoor or
#                                                 bus) and without, nonzero, and
#                                                 equal to the training batches'
#                                                 cycles in the recorded traffic
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
cycles)
    t=$(mktemp -d) && cd "$t" || exit 1
    trap 'rm -rf "$t"' EXIT
    H="$h --device verilator --epochs 20 --quiet"
    MLPGEN_RECORD=rec $H --log off.csv > out 2>&1 || fail "without --check: $(cat out)"
    $H --check --log on.csv > out 2>&1 || fail "--check: $(cat out)"
    MLPGEN_CHECK_BUS=1 $H --check --log bus.csv > out 2>&1 || fail "--check over AXI4-Lite: $(cat out)"
    col() { awk -F, 'NR > 1 { print $5 }' "$1"; }
    [ "$(head -1 off.csv | cut -d, -f5)" = cycles ] || fail "no cycles column: $(head -1 off.csv)"
    [ "$(col off.csv | grep -c '^[1-9][0-9]*$')" -eq 20 ] || fail "cycles not 20 positive counts: $(col off.csv | tr '\n' ' ')"
    [ "$(col on.csv)" = "$(col off.csv)" ] || fail "--check changed the cycles: $(col on.csv | tr '\n' ' ') vs $(col off.csv | tr '\n' ' ')"
    [ "$(col bus.csv)" = "$(col off.csv)" ] || fail "--check over the bus changed the cycles: $(col bus.csv | tr '\n' ' ')"
    # independently: the transport's own clock in the recorded traffic. A
    # training batch runs from the end of the bus transaction before its
    # BATCH write to the ISR write that closes it (INFER written 0); XOR
    # trains 4 batches of 1 an epoch
    python3 - rec off.csv <<'PY' || fail "cycles column against the recorded traffic"
import sys
recs = [l.split() for l in open(sys.argv[1])]
csv = [int(l.split(",")[4]) for l in open(sys.argv[2]).read().splitlines()[1:]]
batches, last, start, train = [], 0, None, False
for op, a, d, _, cyc in recs:
    a, d, cyc = int(a, 16), int(d, 16), int(cyc)
    if op == "1" and a == 0x10:
        start = last
    if op == "1" and a == 0x3C:
        train = d == 0
    if op == "1" and a == 0x0C and train and start is not None:
        batches.append(cyc - start)
        start = None
    if op in ("1", "2"):
        last = cyc
per_epoch = [sum(batches[4 * e:4 * e + 4]) for e in range(len(batches) // 4)]
print("recorded: %d training batches, %s cycles each; epochs %s; log %s" %
      (len(batches), sorted(set(batches)), per_epoch[:3], csv[:3]))
sys.exit(0 if len(batches) == 80 and per_epoch == csv else 1)
PY
    echo "ok: the cycles column ($(col off.csv | head -1) an epoch) is the same with and without --check and matches the recorded traffic" ;;
*) fail "unknown step $what" ;;
esac
