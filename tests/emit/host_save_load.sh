#!/bin/bash
# host_save_load: the host's --save / --load / --eval / --log / --plots on
# the runtime-built XOR net (host_main_xor): a saved net loaded back and
# evaluated gives the same outputs and accuracy, and re-saves to identical
# bytes; without --load the same command gives other outputs (so the load
# is what made them equal); a weights file of the wrong shape or dtype and
# a manifest of another network are refused with a message naming the
# file; the CSV log has one row per epoch; both SVGs parse as XML.
# usage: host_save_load.sh HOST_MAIN_XOR
set -u
host=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$host" --save w > train.out || fail "training with --save: $(cat train.out)"
grep -q '^final: .*test accuracy 4/4' train.out || fail "XOR not learned: $(tail -1 train.out)"
for f in manifest.json layer0_weights.npy layer0_weights_real.npy layer0_biases.npy \
         layer1_weights.npy layer1_biases_real.npy; do
    [ -s "w/$f" ] || fail "--save did not write w/$f"
done
python3 - <<'PY' || fail "saved tensors do not read back in python"
import json, struct
m = json.load(open("w/manifest.json"))
assert m["network"] == "xor", m
names = [t["name"] for t in m["tensors"]]
assert names[:2] == ["layer0.weights", "layer0.weights.real"], names
# layer0.weights: <i2 of shape (2, 2); its real twin is raw / 2^frac_bits
def load(path):
    b = open(path, "rb").read()
    assert b[:6] == b"\x93NUMPY", path
    hl = struct.unpack("<H", b[8:10])[0]
    hdr = b[10:10 + hl].decode()
    return hdr, b[10 + hl:]
hdr, raw = load("w/layer0_weights.npy")
assert "'descr': '<i2'" in hdr and "(2, 2)" in hdr, hdr
hdr, real = load("w/layer0_weights_real.npy")
assert "'descr': '<f8'" in hdr, hdr
fb = m["tensors"][0]["frac_bits"]
r = struct.unpack("<4h", raw); f = struct.unpack("<4d", real)
assert all(a / 2.0 ** fb == b for a, b in zip(r, f)), (r, f, fb)
PY

"$host" --load w --eval --save w2 > eval.out || fail "--load --eval: $(cat eval.out)"
acc() { sed -n 's/^final: .*\(test accuracy [0-9]*\/[0-9]*\).*/\1/p' "$1"; }
[ "$(acc train.out)" = "$(acc eval.out)" ] || fail "accuracy $(acc train.out) after training, $(acc eval.out) after --load --eval"
grep '^  (' train.out > o1; grep '^  (' eval.out > o2
[ -s o1 ] && cmp -s o1 o2 || fail "test outputs differ after --load"
grep -q "evaluation only" eval.out || fail "--eval did not say it only evaluates"
for f in w/*; do cmp -s "$f" "w2/${f#w/}" || fail "re-saved ${f#w/} differs"; done
"$host" --eval > fresh.out || fail "--eval without --load"
grep '^  (' fresh.out > o3
cmp -s o1 o3 && fail "--eval without --load gives the trained outputs: the check cannot fail"

# refused files: exit 2, one message naming the file
refuse() { # dir expected-message
    "$host" --load "$1" --eval > bad.out 2> bad.err && fail "--load $1 accepted"
    [ $? -eq 2 ] || fail "--load $1: exit status not 2"
    grep -qF -- "$2" bad.err || fail "--load $1: expected '$2', got: $(cat bad.err)"
}
cp -r w shape; cp w/layer1_weights.npy shape/layer0_weights.npy
refuse shape "shape/layer0_weights.npy: wrong shape: file has (1, 2), expected (2, 2)"
cp -r w dtype; cp w/layer0_weights_real.npy dtype/layer0_weights.npy
refuse dtype "dtype/layer0_weights.npy: wrong dtype: file has <f8, expected <i2"
cp -r w other; sed 's/"network": "xor"/"network": "iris"/' w/manifest.json > other/manifest.json
refuse other "other/manifest.json: tensors of network 'iris', not of 'xor'"

# the log: a header and one row per epoch, epochs 1..7; both SVGs parse
"$host" --epochs 7 --log run.csv --plots p > log.out || fail "--log --plots: $(cat log.out)"
[ "$(head -1 run.csv)" = "epoch,loss,train_acc,test_acc,cycles,samples_per_s,saturations" ] \
    || fail "log header: $(head -1 run.csv)"
[ "$(tail -n +2 run.csv | cut -d, -f1 | tr '\n' ' ')" = "1 2 3 4 5 6 7 " ] \
    || fail "log rows: $(cat run.csv)"
[ ! -e p_log.csv ] || fail "--plots wrote its own log although --log was given"
python3 - <<'PY' || fail "SVGs do not parse"
import xml.etree.ElementTree as E
for f in ("p_curves.svg", "p_confusion.svg"):
    root = E.parse(f).getroot()
    assert root.tag.endswith("svg"), (f, root.tag)
PY
"$host" --epochs 3 --plots q > q.out || fail "--plots alone"
[ "$(wc -l < q_log.csv)" -eq 4 ] || fail "--plots without --log: q_log.csv has not 3 rows"
echo "ok: save/load/eval, refusals, log and plots"
