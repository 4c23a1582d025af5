#!/bin/bash
# check: the host's --check trains the reference alongside the device and
# compares bit for bit. Equal devices pass (XOR and the iris net with
# momentum and stochastic rounding, every batch and every 7 batches); the
# "faulty" device (the reference with one bit flipped after a chosen batch)
# is caught at the first difference: a weight, an output, a momentum
# entry, the sample clock; the message names batch, sample or layer, field
# and index, both values in hex and as reals, and the exit status is 1.
# The flipped bit is the one the message shows as the difference.
# usage: check.sh HOST_XOR HOST_IRIS IRIS_CSV
set -u
xor=$1 iris=$2 csv=$3
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$xor" --epochs 200 --check --quiet > "$work/out" 2>&1 || fail "xor --check: $(cat "$work/out")"
grep -q '^check: 800 batches compared with the reference bit for bit (.*every 1 and at the end.*): equal$' "$work/out" \
    || fail "xor --check summary: $(cat "$work/out")"
"$iris" --train "$csv" --epochs 4 --check-every 7 --quiet > "$work/out" 2>&1 \
    || fail "iris --check-every 7: $(cat "$work/out")"
grep -q '^check: 60 batches compared with the reference bit for bit (.*every 7 and at the end.*): equal$' "$work/out" \
    || fail "iris --check-every summary: $(cat "$work/out")"

expect() { # host-args... -- expected-stderr-regex
    local args=() re
    while [ "$1" != "--" ]; do args+=("$1"); shift; done
    re=$2
    "${args[@]}" --quiet > "$work/out" 2> "$work/err"
    local rc=$?
    [ $rc -eq 1 ] || fail "${args[*]}: exit status $rc, not 1: $(cat "$work/err")"
    [ "$(wc -l < "$work/err")" -eq 1 ] || fail "${args[*]}: not one message: $(cat "$work/err")"
    grep -Eq "$re" "$work/err" || fail "${args[*]}: expected /$re/, got: $(cat "$work/err")"
}
# bits of the two hex values of the message that differ
diffbits() {
    sed -E 's/.*0x([0-9a-f]+) .*0x([0-9a-f]+) .*/\1 \2/' "$work/err" |
        { read -r a b; printf '%x\n' $(( 0x$a ^ 0x$b )); }
}
hex='0x[0-9a-f]{8} \(-?[0-9.e+-]+\)'
# a weight flipped after batch 5: found by the state comparison after batch 5
expect "$xor" --device faulty:5:w --check -- \
    "^$xor: --check: MISMATCH after batch 5: layer 0 weights \[0\]\[1\]: faulty $hex, reference $hex$"
[ "$(diffbits)" = 1 ] || fail "weight: the values differ in bits $(diffbits), not bit 0"
# with --check-every 4 the state is compared after batch 8; the changed
# weight changes an output before that or the state then
expect "$xor" --device faulty:5:w --check-every 4 -- \
    "^$xor: --check: MISMATCH (in epoch 2, batch [678], sample 0: layer 1 output \[0\]|after batch 8: layer 0 weights \[0\]\[1\]): faulty $hex, reference $hex$"
# an output of batch 3 (sample 0, bit 0): found in that batch
expect "$xor" --device faulty:3:o --check-every 100 -- \
    "^$xor: --check: MISMATCH in epoch 1, batch 3, sample 0: layer 1 output \[0\]: faulty $hex, reference $hex$"
[ "$(diffbits)" = 1 ] || fail "output: the values differ in bits $(diffbits), not bit 0"
# momentum (XOR keeps none: 0 against 8 = 2^3 / 2^11)
expect "$xor" --device faulty:2:m --check -- \
    "^$xor: --check: MISMATCH after batch 2: layer 1 momentum_w \[0\]\[0\]: faulty 0x00000008 \(0.00390625\), reference 0x00000000 \(0\)$"
# the sample clock (the step of every random rounding bit)
expect "$xor" --device faulty:3:c --check -- \
    "^$xor: --check: MISMATCH after batch 3: sample clock: faulty 0x00000004 \(4\), reference 0x00000003 \(3\)$"
# iris: momentum with stochastic rounding, bit 3 of the last layer's momentum_w [0][0]
expect "$iris" --train "$csv" --device faulty:9:m --check -- \
    "^$iris: --check: MISMATCH after batch 9: layer 1 momentum_w \[0\]\[0\]: faulty $hex, reference $hex$"
[ "$(diffbits)" = 8 ] || fail "momentum: the values differ in bits $(diffbits), not bit 3"
# without --check the faulty device trains on without complaint
"$xor" --device faulty:5:w --epochs 10 --quiet > "$work/out" 2>&1 || fail "faulty without --check failed"
echo "ok: --check passes equal devices and finds each flipped bit"
