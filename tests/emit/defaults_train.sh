#!/usr/bin/env bash
# defaults_train.sh: a net without `precision` and `batch` statements
# compiles, builds and trains: the loss of the last epoch is below half
# that of the first (XOR data, 600 epochs).
#   defaults_train.sh MLPGEN DESC XOR_CSV
set -u
mlpgen=$1 desc=$2 csv=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-emit-def.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$mlpgen" "$desc" -o "$work/p" || { echo "FAIL: mlpgen"; exit 1; }
grep -q '^batch 1$' "$work/p/net.ir.txt" || { echo "FAIL: default batch is not 1"; exit 1; }
cmake -S "$work/p" -B "$work/p/obj" > "$work/log" 2>&1 && cmake --build "$work/p/obj" -j2 >> "$work/log" 2>&1 \
    || { echo "FAIL: build"; tail -30 "$work/log"; exit 1; }
out=$("$work/p/obj/mlp_defaults" --train "$csv" --split 0 --epochs 600) || { echo "FAIL: host"; echo "$out"; exit 1; }
echo "$out" | grep -E '^(epoch 1:|final:)'
first=$(echo "$out" | sed -n 's/^epoch 1: loss \([0-9.e+-]*\),.*/\1/p')
last=$(echo "$out" | sed -n 's/^final: loss \([0-9.e+-]*\),.*/\1/p')
[ -n "$first" ] && [ -n "$last" ] || { echo "FAIL: no loss figures"; exit 1; }
awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a / 2) }' \
    || { echo "FAIL: loss $first -> $last did not halve"; exit 1; }
echo "ok: loss $first -> $last"
