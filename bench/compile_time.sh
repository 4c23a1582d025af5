#!/usr/bin/env bash
# compile_time.sh: wall time of mlpgen per example (median of 5 runs), as a
# table. Each run compiles into a fresh temporary directory.
#   bench/compile_time.sh [MLPGEN] [FILE.desc...]
# defaults: build/compiler/mlpgen and examples/*.desc
set -u
cd "$(dirname "$0")/.."
mlpgen=${1:-build/compiler/mlpgen}
shift || true
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(examples/*.desc)
[ -x "$mlpgen" ] || { echo "no mlpgen at $mlpgen (build first: cmake -S . -B build && cmake --build build)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }
printf "%-24s %8s %12s %10s\n" "example" "status" "median ms" "runs"
for f in "${files[@]}"; do
    times=()
    rc=0
    for run in 1 2 3 4 5; do
        rm -rf "$work/out"
        t0=$(now_ns)
        "$mlpgen" "$f" -o "$work/out" > /dev/null 2>&1
        rc=$?
        t1=$(now_ns)
        times+=($(( (t1 - t0) / 1000 )))
    done
    median=$(printf "%s\n" "${times[@]}" | sort -n | sed -n 3p)
    status=ok
    [ "$rc" -eq 0 ] || status="exit $rc"
    printf "%-24s %8s %12.3f %10d\n" "$(basename "$f" .desc)" "$status" "$(awk -v us="$median" 'BEGIN { print us / 1000 }')" 5
done
