#!/bin/sh
# fmnist_hw_epoch.sh: one epoch of examples/fmnist_mlp.desc (784-128-10,
# pes=64) trained on the Verilated core by the generated host program, the
# reference trained alongside and compared bit for bit every 100 batches
# and at the end (--check-every 100: every batch's outputs and loss, the
# whole state every 100 batches), with the progress bar (on a terminal:
# run it from one, its output is not piped), the per-epoch CSV log and
# both SVGs (loss/accuracy curves, test-set confusion matrix).
#   bench/fmnist_hw_epoch.sh [build-dir] [epochs]   (default build-bench, 1)
# Env: FMNIST_DIR (default /usr/share/datasets/fashion-mnist), TRAIN and
# TEST (default the 60,000 train and 10,000 t10k images of FMNIST_DIR;
# TRAIN may be a smaller CSV, 784 pixels and the label per line, for a
# quick try), CHECK_EVERY (100). Writes B/fmnist_hw/run/fmnist_log.csv,
# fmnist_curves.svg, fmnist_confusion.svg, and prints the wall time.
# Cost (measured 2026-12-04, batch 16): 2,999 simulated cycles per
# training sample and about 52,000 simulated cycles per second, so the
# 60,000 samples take about an hour; the test set is evaluated once (its
# predictions also give the confusion matrix) and the final pass over the
# training set is skipped (--no-train-eval). See docs/accuracy.md.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
epochs=${2:-1}
data=${FMNIST_DIR:-/usr/share/datasets/fashion-mnist}
train=${TRAIN:-$data/train-images-idx3-ubyte.gz}
test=${TEST:-$data/t10k-images-idx3-ubyte.gz}
every=${CHECK_EVERY:-100}
# a fresh machine: the tools and the data set package (does nothing when installed)
if [ -z "${FMNIST_DIR:-}" ]; then
    bash "$src/scripts/setup.sh" --data
else
    bash "$src/scripts/setup.sh"
fi
for f in "$train" "$test"; do
    [ -r "$f" ] || { echo "fmnist_hw_epoch: $f missing" >&2; exit 2; }
done
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target mlpgen >/dev/null
d=$build/fmnist_hw/proj     # mlpgen replaces it whole: obj/ and run/ beside it
o=$build/fmnist_hw/obj
run=$build/fmnist_hw/run
launcher=
if command -v ccache >/dev/null; then   # a rerun recompiles the same Verilated C++
    launcher="-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
mkdir -p "$build/fmnist_hw"
"$build/compiler/mlpgen" "$src/examples/fmnist_mlp.desc" -o "$d" >/dev/null
t0=$(date +%s)
cmake -S "$d" -B "$o" -DCMAKE_BUILD_TYPE=Release -DMLPGEN_VERILATOR=ON $launcher >/dev/null
cmake --build "$o" -j2 >/dev/null
t1=$(date +%s)
echo "fmnist_hw_epoch: built $o/mlp_fmnist_mlp_hw in $((t1 - t0)) s"
mkdir -p "$run"
set -- "$o/mlp_fmnist_mlp_hw" --device verilator --train "$train" --test "$test" \
    --epochs "$epochs" --check-every "$every" --no-train-eval --plots "$run/fmnist"
echo "+ $*"
rc=0
"$@" || rc=$?
t2=$(date +%s)
echo "fmnist_hw_epoch: exit status $rc, wall time $((t2 - t1)) s for $epochs epoch(s)" \
     "(training, checks and test evaluation)"
ls -l "$run"
exit $rc
