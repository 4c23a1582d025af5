#!/bin/bash
# final_eval: the test set's predictions after the last epoch are computed
# once and serve the final line and the confusion matrix; --no-train-eval
# skips the final pass over the training set. The final test accuracy and
# the confusion matrix must equal a fresh evaluation of the saved weights
# (--eval --load, a separate process), the final training accuracy without
# --no-train-eval must equal that evaluation's, and with it the last
# epoch's running accuracy (the "during the epoch" figure) is reported.
# usage: final_eval.sh HOST_IRIS IRIS_CSV
set -u
iris=$1 csv=$2
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
field() { sed -n "s|^final: .*$1 accuracy \([0-9]*/[0-9]*\).*|\1|p" "$2"; }

"$iris" --train "$csv" --epochs 5 --plots "$work/a" --save "$work/w" > "$work/a.out" 2>&1 \
    || fail "train: $(cat "$work/a.out")"
"$iris" --train "$csv" --epochs 5 --no-train-eval --plots "$work/b" > "$work/b.out" 2>&1 \
    || fail "train --no-train-eval: $(cat "$work/b.out")"
"$iris" --train "$csv" --epochs 5 --eval --load "$work/w" --plots "$work/c" > "$work/c.out" 2>&1 \
    || fail "--eval --load: $(cat "$work/c.out")"

test_a=$(field test "$work/a.out") test_b=$(field test "$work/b.out") test_c=$(field test "$work/c.out")
[ -n "$test_a" ] && [ "$test_a" = "$test_c" ] && [ "$test_b" = "$test_c" ] \
    || fail "final test accuracy $test_a / $test_b (--no-train-eval) vs a fresh evaluation $test_c"
cmp -s "$work/a_confusion.svg" "$work/c_confusion.svg" \
    || fail "the confusion matrix differs from a fresh evaluation's"
cmp -s "$work/b_confusion.svg" "$work/c_confusion.svg" \
    || fail "the confusion matrix with --no-train-eval differs from a fresh evaluation's"
train_a=$(field train "$work/a.out") train_c=$(field train "$work/c.out")
[ -n "$train_a" ] && [ "$train_a" = "$train_c" ] \
    || fail "final training accuracy $train_a vs a fresh evaluation $train_c"
grep -q '^final: .*train accuracy [0-9]*/120 ([0-9.]*%, during the last epoch)' "$work/b.out" \
    || fail "--no-train-eval final line: $(grep final: "$work/b.out")"
# the running accuracy of epoch 5, as the epoch line prints it
run=$(sed -n 's|^epoch 5: .*train accuracy \([0-9.]*\)% (during the epoch).*|\1|p' "$work/b.out")
grep -q "^final: .*train accuracy [0-9]*/120 ($run%, during the last epoch)" "$work/b.out" \
    || fail "--no-train-eval: final training accuracy is not epoch 5's running $run%"
echo "final_eval: test $test_a, train $train_a, confusion matrices equal to a fresh evaluation"
