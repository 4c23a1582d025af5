#!/bin/sh
# fmnist_10ep.sh: the Fashion-MNIST figure of issue 8. Trains
# examples/fmnist_mlp.desc (784-128-10) for 10 epochs on the fixed-point
# reference (the bits of the hardware; the Verilated core equals it, see
# bench/fmnist_hw_epoch.sh) and the double model (runtime/dbl_model.c) on
# the same data order, for 3 seeds, and prints per-epoch test accuracy,
# the mean of epochs 8-10 per seed, the median over seeds and the
# difference in percentage points. Target: median >= 87 % and within
# 0.5 pp of the double model (exit status 1 if missed).
# Seed S: the desc's `init ... seed=` set to S (initial weights and every
# stochastic-rounding bit) and the epoch order of --seed S; seed 1 is the
# shipped desc, so its fixed-point column is exactly what
#   mlp_fmnist_mlp --train TRAIN --test TEST --epochs 10 --seed 1
# prints. Training set: the 60,000 images, test set: the 10,000 (t10k).
# Usage: bench/fmnist_10ep.sh [build-dir] [epochs] [seeds]
#   defaults: build-bench, 10, "1 2 3"; FMNIST_DIR (default
#   /usr/share/datasets/fashion-mnist, package dataset-fashion-mnist),
#   DESC (default examples/fmnist_mlp.desc). About 1 min per epoch and seed
#   on one idle core (both models). A seed whose 10 epochs are done (for
#   the same desc) is reused, so seeds can run as separate processes:
#   bench/fmnist_10ep.sh B 10 2 & bench/fmnist_10ep.sh B 10 3 & wait;
#   bench/fmnist_10ep.sh B   (prints the table of all three).
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
epochs=${2:-10}
seeds=${3:-"1 2 3"}
data=${FMNIST_DIR:-/usr/share/datasets/fashion-mnist}
desc=${DESC:-$src/examples/fmnist_mlp.desc}
train=$data/train-images-idx3-ubyte.gz
test=$data/t10k-images-idx3-ubyte.gz
for f in "$train" "$test"; do
    [ -r "$f" ] || { echo "fmnist_10ep: $f missing (scripts/setup.sh --data)" >&2; exit 2; }
done
cc=${CC:-cc}
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target mlpgen >/dev/null
work=$build/fmnist_10ep
mkdir -p "$work"
name=$(sed -n 's/^network[ \t]*\([A-Za-z0-9_]*\).*/\1/p' "$desc")
echo "fmnist_10ep: $desc ($name), $epochs epochs, seeds $seeds"
grep -v '^#' "$desc" | sed '/^[ \t]*$/d; s/^/  /'
for s in $seeds; do
    d=$work/seed$s
    mkdir -p "$d"
    if [ -f "$d/epochs.txt" ] && [ "$(grep -c '^epoch' "$d/epochs.txt")" -eq "$epochs" ] &&
       cmp -s "$desc" "$d/source.desc"; then
        echo "seed $s: reusing $d/epochs.txt (remove it to train again)"
        cat "$d/epochs.txt"
        continue
    fi
    rm -f "$d/epochs.txt"
    sed "s/^\(init[ \t].*seed=\)[0-9]*/\1$s/" "$desc" >"$d/$(basename "$desc")"
    "$build/compiler/mlpgen" "$d/$(basename "$desc")" -o "$d/proj"
    $cc -std=c11 -O3 -DMLPGEN_MODEL="mlp_${name}_model" -I "$d/proj/runtime" -I "$d/proj/host" \
        -o "$d/fmnist_fx_dbl" "$src/bench/fmnist_fx_dbl.c" "$d/proj/host/${name}_net.c" \
        "$d/proj/runtime"/*.c -lz -lm
    cp "$desc" "$d/source.desc"
    echo "seed $s: training, epoch lines in $d/epochs.part"
    "$d/fmnist_fx_dbl" "$train" "$test" "$epochs" "$s" >"$d/epochs.part"
    mv "$d/epochs.part" "$d/epochs.txt"
    cat "$d/epochs.txt"
done
# Summary: per seed the mean of epochs 8-10 (or the last three), then the
# median over seeds.
for s in $seeds; do
    awk -v s="$s" -v n="$epochs" '
        $1 == "epoch" { fx[$2] = $4; db[$2] = $6 }
        END {
            lo = n >= 10 ? 8 : (n > 3 ? n - 2 : 1); hi = n >= 10 ? 10 : n
            for (e = lo; e <= hi; e++) { f += fx[e]; d += db[e] }
            f /= hi - lo + 1; d /= hi - lo + 1
            printf "%s %.4f %.4f %d %d\n", s, f, d, lo, hi
        }' "$work/seed$s/epochs.txt"
done >"$work/means.txt"
echo
echo "test accuracy per epoch (%), fixed-point reference / double model:"
printf "%-6s" epoch
for s in $seeds; do printf "  %-17s" "seed $s fx / dbl"; done
echo
e=1
while [ "$e" -le "$epochs" ]; do
    printf "%-6s" "$e"
    for s in $seeds; do
        awk -v e="$e" '$1 == "epoch" && $2 == e { printf "  %6.2f / %6.2f   ", $4, $6 }' \
            "$work/seed$s/epochs.txt"
    done
    echo
    e=$((e + 1))
done
echo
awk '
    { s[NR] = $1; f[NR] = $2; d[NR] = $3; lo = $4; hi = $5 }
    END {
        for (i = 1; i <= NR; i++)
            printf "seed %s: mean of epochs %d-%d: fixed-point %.2f %%, double %.2f %%, " \
                   "difference %+.2f pp\n", s[i], lo, hi, f[i], d[i], f[i] - d[i]
        # medians of the fixed-point means and of the double means
        for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) {
            if (f[j] < f[i]) { t = f[i]; f[i] = f[j]; f[j] = t }
            if (d[j] < d[i]) { t = d[i]; d[i] = d[j]; d[j] = t }
        }
        m = int((NR + 1) / 2)
        mf = NR % 2 ? f[m] : (f[m] + f[m + 1]) / 2
        md = NR % 2 ? d[m] : (d[m] + d[m + 1]) / 2
        diff = mf - md
        ok = mf >= 87.0 && diff >= -0.5 && diff <= 0.5
        printf "median over %d seeds: fixed-point %.2f %%, double %.2f %%, difference %+.2f pp " \
               "(target >= 87.00 %% and within 0.5 pp): %s\n", NR, mf, md, diff, ok ? "MET" : "NOT MET"
        exit ok ? 0 : 1
    }' "$work/means.txt"
