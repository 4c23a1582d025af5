#!/bin/bash
# resume: a run stopped at a batch boundary in the middle of an epoch and
# resumed from its checkpoint ends bit-identical to the same run never
# interrupted: the saved tensors (.npy, momentum included), the final
# checkpoint (tensors, clocks, counters, position) and the CSV log (all
# but the wall-clock samples/s column) are byte for byte the same. The
# iris net has momentum and stochastic rounding, so the clocks and the
# data order must be restored exactly; it is stopped twice (batch 40 =
# epoch 3, sample 80 of 120; batch 70 = epoch 5, sample 80, with
# --checkpoint-every 7 too), the
# second leg under --check. Negative control: a checkpoint whose sample
# clock is moved by one (checksum redone) resumes to other bits. XOR
# (batch 1) stopped mid-epoch the same way, and by SIGTERM.
# usage: resume.sh HOST_XOR HOST_IRIS IRIS_CSV
set -u
xor=$1 iris=$2 csv=$3
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

same_dir() { # a b
    [ "$(ls "$1")" = "$(ls "$2")" ] || fail "$1 and $2 hold other files"
    for f in "$1"/*; do cmp -s "$f" "$2/${f#$1/}" || fail "$2/${f#$1/} differs from $f"; done
}
same_log() { # a.csv b.csv: all columns but samples_per_s (6)
    cmp -s <(cut -d, -f1-5,7 "$1") <(cut -d, -f1-5,7 "$2") \
        || fail "logs differ: $(diff <(cut -d, -f1-5,7 "$1") <(cut -d, -f1-5,7 "$2"))"
}

I="$iris --train $csv --epochs 6 --quiet"
$I --save A --log a.csv --checkpoint endA > a.out || fail "iris straight: $(cat a.out)"
[ "$(wc -l < a.csv)" -eq 7 ] || fail "a.csv: not 6 epochs"
$I --log b.csv --checkpoint ck --stop-after 40 > b1.out || fail "iris stop 40: $(cat b1.out)"
[ ! -e B ] && [ -s ck ] || fail "stop: no checkpoint, or it saved"
[ "$(wc -l < b.csv)" -eq 3 ] || fail "b.csv after the stop in epoch 3: not 2 epochs"
$iris --train "$csv" --epochs 6 --resume ck --checkpoint ck --checkpoint-every 7 --stop-after 70 \
    --log b.csv --check > b2.out 2>&1 || fail "iris resume, stop 70: $(cat b2.out)"
grep -q '^resumed from ck: epoch 3, sample 80 of 120, after 40 batches$' b2.out \
    || fail "resume position: $(grep resumed b2.out)"
grep -q '^stopped after batch 70 (epoch 5, sample 80 of 120): checkpoint ck$' b2.out \
    || fail "second stop: $(grep stopped b2.out)"
grep -q '^check: 70 batches .*: equal$' b2.out || fail "--check across the resume"
cp ck ck70
$I --resume ck --save B --log b.csv --checkpoint endB > b3.out || fail "iris resume: $(cat b3.out)"
same_dir A B
cmp -s endA endB || fail "final checkpoints differ"
same_log a.csv b.csv
# the checkpoint of batch 70 resumed once more gives the same bits again
$I --resume ck70 --save C > /dev/null || fail "resume ck70 again"
same_dir A C
# negative control: the sample clock of the checkpoint moved by one (and
# the checksum redone) must change the bits, or the test above proves nothing
python3 - <<'PY' || fail "cannot edit the checkpoint"
import struct
b = bytearray(open("ck70", "rb").read())
# the clocks follow magic, fingerprint, two strings and the position fields
at = 16
for _ in range(2):
    n = struct.unpack_from("<I", b, at)[0]; at += 4 + n
at += 8 + 4 + 4 + 4 + 8 + 8 + 8 + 4 + 8 + 8 + 4   # ... updates
s = struct.unpack_from("<I", b, at)[0]
struct.pack_into("<I", b, at, s + 1)
h = 0xcbf29ce484222325
for c in b[:-8]:
    h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
struct.pack_into("<Q", b, len(b) - 8, h)
open("ck70x", "wb").write(bytes(b))
PY
$I --resume ck70x --save D > d.out || fail "resume of the edited checkpoint: $(cat d.out)"
diffs=0
for f in A/*; do cmp -s "$f" "D/${f#A/}" || diffs=$((diffs + 1)); done
[ $diffs -gt 0 ] || fail "a checkpoint with another sample clock resumed to the same bits"

# XOR, batch 1: stopped in epoch 101 (sample 2 of 4)
$xor --epochs 300 --save XA --quiet > /dev/null || fail "xor straight"
$xor --epochs 300 --checkpoint x.ck --stop-after 402 --quiet > /dev/null || fail "xor stop"
$xor --epochs 300 --resume x.ck --save XB --quiet > /dev/null || fail "xor resume"
same_dir XA XB
# SIGTERM with --checkpoint: the run stops at the next batch boundary, writes
# the checkpoint, says where, exits 143; the checkpoint is the one
# --stop-after writes at that batch
$xor --epochs 3000000 --checkpoint t.ck --quiet > t.out 2> t.err &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || fail "SIGTERM: exit status $rc, not 143: $(cat t.err)"
k=$(sed -n "s|^$xor: terminated: stopped after batch \([0-9]*\) (epoch [0-9]*, sample [0-3] of 4): checkpoint t.ck\$|\1|p" t.err)
[ -n "$k" ] || fail "SIGTERM message: $(cat t.err)"
$xor --epochs 3000000 --checkpoint s.ck --stop-after "$k" --quiet > /dev/null || fail "stop at $k"
cmp -s t.ck s.ck || fail "the checkpoint of SIGTERM at batch $k differs from --stop-after $k's"
echo "ok: stopped at batches 40 and 70 and resumed: saved tensors, checkpoint and log as uninterrupted; SIGTERM checkpointed at batch $k"
