#!/bin/sh
# perf.sh: the efficiency bench of the training core (issue 6). For each
# example and batch size it compiles a variant of examples/NET.desc (the
# `batch` line replaced: the batch is compiled into the core), Verilates it
# with bench/perf_sim.c as the host (checking off) and prints one table:
# cycles per training sample, multiply-unit busy %, connection updates per
# unit per cycle beside the ideal, forward-only cycles per sample beside
# ceil(MACs / pes), and Verilator's simulated cycles per second.
#
#   bench/perf.sh [--rev REV] [--quick] [--nets "xor digits fmnist_mlp"]
#                 [--batches "1 16 32 128"] [--work DIR] [--mlpgen PATH]
#                 [--jobs N] [--rebuild]
#
# --rev REV   measure commit REV (git archive into DIR, mlpgen built there),
#             not the work tree: others' uncommitted edits stay out.
# --quick     one build per net (its largest batch); the smaller batches run
#             on it through the BATCH register (3 builds instead of 12).
# Without --rev the work tree's examples and the mlpgen at --mlpgen (default
# build/compiler/mlpgen; it reads rtl_lib/, runtime/, templates/ of the tree
# it was built from) are used.
#
# Builds are kept per variant under DIR (default /tmp/mlpgen-perf) and
# brought up to date incrementally: the generated files are copied over the
# old ones only where they differ, so the core is Verilated again only when
# its rtl/ changed (a changed runtime/ or bench/perf_sim.c recompiles the
# host only). --rebuild starts from scratch.
# Each variant trains two batches (four samples at batch 1): the schedule
# does not depend on the data, so cycle counts are exact with few samples.
# Raw lines: DIR/<tag>/*/perf-b*.txt. Columns: docs/performance.md.
set -e
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${PERF_WORK:-/tmp/mlpgen-perf}
mlpgen=${MLPGEN:-$repo/build/compiler/mlpgen}
nets="xor digits fmnist_mlp"
batches="1 16 32 128"
jobs=2
rebuild=0
quick=0
rev=""
while [ $# -gt 0 ]; do
    case $1 in
        --work) work=$2; shift 2 ;;
        --mlpgen) mlpgen=$2; shift 2 ;;
        --nets) nets=$2; shift 2 ;;
        --batches) batches=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --rev) rev=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        --rebuild) rebuild=1; shift ;;
        *) sed -n '10,12p' "$0" >&2; exit 2 ;;
    esac
done
command -v verilator >/dev/null || { echo "perf.sh: verilator not found" >&2; exit 2; }
launcher=""
if command -v ccache >/dev/null; then
    launcher="-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
t_start=$(date +%s)
src=$repo
tag=tree
if [ -n "$rev" ]; then
    sha=$(git -C "$repo" rev-parse --short=10 "$rev^{commit}")
    tag=$sha
    src="$work/src-$sha"
    if [ ! -x "$src/build/compiler/mlpgen" ]; then
        rm -rf "$src"
        mkdir -p "$src"
        git -C "$repo" archive "$sha" | tar -x -C "$src"
        echo "perf.sh: building mlpgen of $sha ..." >&2
        # shellcheck disable=SC2086
        cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release $launcher > "$src/build.log" 2>&1
        nice cmake --build "$src/build" -j"$jobs" --target mlpgen >> "$src/build.log" 2>&1
    fi
    mlpgen="$src/build/compiler/mlpgen"
fi
if [ ! -x "$mlpgen" ]; then
    echo "perf.sh: no mlpgen at $mlpgen (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build, or --mlpgen PATH, or --rev HEAD)" >&2
    exit 2
fi
out="$work/$tag"
mkdir -p "$out"

# build NET B: $out/NET-bB/gen/perfobj/sim for examples/NET.desc with `batch B`
build() {
    net=$1 b=$2
    dir="$out/$net-b$b"
    mkdir -p "$dir"
    sed -e "s/^batch[[:space:]].*/batch $b/" "$src/examples/$net.desc" > "$dir/net.desc"
    if ! grep -q "^batch $b\$" "$dir/net.desc"; then
        echo "perf.sh: $net.desc has no batch line" >&2; return 1
    fi
    "$mlpgen" --dump-ir "$dir/net.desc" > "$dir/ir.txt"
    rm -rf "$dir/gen.new"
    "$mlpgen" "$dir/net.desc" -o "$dir/gen.new" > "$dir/mlpgen.log" 2>&1
    # bring gen/ up to date file by file, unchanged files keep their time
    # stamps: make (and verilate()) then redo only what changed
    what="cached"
    [ $rebuild -eq 1 ] && rm -rf "$dir/gen"
    (cd "$dir/gen.new" && find . -type f ! -path ./sim/sim_main.c) | while read -r f; do
        if ! cmp -s "$dir/gen.new/$f" "$dir/gen/$f"; then
            mkdir -p "$(dirname "$dir/gen/$f")"
            cp "$dir/gen.new/$f" "$dir/gen/$f"
            echo "$f"
        fi
    done > "$dir/changed.txt"
    if [ -d "$dir/gen" ]; then
        (cd "$dir/gen" && find rtl sim runtime host -type f ! -path sim/sim_main.c) | while read -r f; do
            [ -f "$dir/gen.new/$f" ] || { rm -f "$dir/gen/$f"; echo "$f (removed)"; }
        done >> "$dir/changed.txt"
    fi
    rm -rf "$dir/gen.new"
    grep -q '^\./rtl/' "$dir/changed.txt" && what="Verilating"
    # the host is bench/perf_sim.c in place of sim_main.c; make rebuilds only what changed
    cmp -s "$here/perf_sim.c" "$dir/gen/sim/sim_main.c" || cp "$here/perf_sim.c" "$dir/gen/sim/sim_main.c"
    echo "perf.sh: $net batch $b: building ($what, $(wc -l < "$dir/changed.txt") files changed) ..." >&2
    t0=$(date +%s)
    # configure every time: the project globs its sources (runtime/*.c, rtl/*.v)
    # shellcheck disable=SC2086
    if cmake -S "$dir/gen/sim" -B "$dir/gen/perfobj" -DCMAKE_BUILD_TYPE=Release $launcher > "$dir/build.log" 2>&1 &&
       nice cmake --build "$dir/gen/perfobj" -j"$jobs" >> "$dir/build.log" 2>&1; then
        echo "perf.sh: $net batch $b: built in $(( $(date +%s) - t0 )) s" >&2
        return 0
    fi
    echo "perf.sh: $net batch $b: BUILD FAILED (see $dir/build.log)" >&2
    return 1
}

# run NET B b: batches of b on the build of batch B -> $out/NET-bB/perf-bb.txt
run() {
    net=$1 bb=$2 b=$3
    dir="$out/$net-b$bb"
    f="$dir/perf-b$b.txt"
    t0=$(date +%s)
    if nice "$dir/gen/perfobj/sim" --batch "$b" > "$dir/run-b$b.log" 2>&1 &&
       grep '^PERF ' "$dir/run-b$b.log" > "$f"; then
        echo "perf.sh: $net batch $b (core built for $bb): ran in $(( $(date +%s) - t0 )) s" >&2
    else
        echo "perf.sh: $net batch $b: RUN FAILED (see $dir/run-b$b.log)" >&2
        echo "PERF net=$net batch=$b error=run" > "$f"
    fi
}

files=""
for net in $nets; do
    if [ $quick -eq 1 ]; then
        bmax=0
        for b in $batches; do [ "$b" -gt "$bmax" ] && bmax=$b; done
        if build "$net" "$bmax"; then
            for b in $batches; do run "$net" "$bmax" "$b"; files="$files $out/$net-b$bmax/perf-b$b.txt"; done
        else
            for b in $batches; do
                echo "PERF net=$net batch=$b error=build" > "$out/$net-b$bmax/perf-b$b.txt"
                files="$files $out/$net-b$bmax/perf-b$b.txt"
            done
        fi
    else
        for b in $batches; do
            if build "$net" "$b"; then
                run "$net" "$b" "$b"
            else
                echo "PERF net=$net batch=$b error=build" > "$out/$net-b$b/perf-b$b.txt"
            fi
            files="$files $out/$net-b$b/perf-b$b.txt"
        done
    fi
done

desc="work tree"
[ -n "$rev" ] && desc="commit $sha"
[ $quick -eq 1 ] && desc="$desc, --quick (one build per net)"
echo "mlpgen perf bench: $desc"
# shellcheck disable=SC2086
python3 "$here/perf_table.py" $files
echo "wall time of the bench: $(( $(date +%s) - t_start )) s ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)); raw lines: $out/*/perf-b*.txt"
