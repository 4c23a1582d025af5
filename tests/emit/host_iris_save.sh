#!/usr/bin/env bash
# host_iris_save.sh: the generated iris project (3 classes, batch 8,
# momentum) saves its tensors, momentum included; --load --eval of them
# gives the trained test accuracy and re-saves identical bytes; --plots
# draws a 3-class confusion matrix that parses as XML.
#   host_iris_save.sh MLPGEN IRIS_DESC IRIS_CSV
set -u
mlpgen=$1 desc=$2 csv=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-emit-iris.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$mlpgen" "$desc" -o "$work/p" || fail mlpgen
cmake -S "$work/p" -B "$work/p/obj" > "$work/log" 2>&1 && cmake --build "$work/p/obj" -j2 >> "$work/log" 2>&1 \
    || { tail -30 "$work/log"; fail build; }
h=$work/p/obj/mlp_iris
cd "$work" || exit 1
"$h" --train "$csv" --epochs 20 --save w --plots p > train.out || fail "train: $(cat train.out)"
for t in layer0_momentum_w layer1_momentum_b layer1_weights_real; do
    [ -s "w/$t.npy" ] || fail "no w/$t.npy"
done
"$h" --train "$csv" --load w --eval --save w2 > eval.out || fail "eval: $(cat eval.out)"
acc() { sed -n 's/^final: .*\(test accuracy [0-9]*\/[0-9]*\).*/\1/p' "$1"; }
[ -n "$(acc train.out)" ] && [ "$(acc train.out)" = "$(acc eval.out)" ] \
    || fail "$(acc train.out) after training, $(acc eval.out) after --load --eval"
for f in w/*; do cmp -s "$f" "w2/${f#w/}" || fail "re-saved ${f#w/} differs"; done
[ "$(wc -l < p_log.csv)" -eq 21 ] || fail "p_log.csv: not 20 rows"
python3 -c '
import xml.etree.ElementTree as E
for f in ("p_curves.svg", "p_confusion.svg"): E.parse(f)
' || fail "SVGs do not parse"
echo "ok: iris $(acc train.out) trained and after --load --eval; re-save identical"
