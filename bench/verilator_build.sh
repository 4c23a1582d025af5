#!/bin/bash
# verilator_build.sh: Verilator build seconds per net (issue 5): for each
# example, mlpgen writes the project, then the Verilated simulator (sim/:
# the core, the harness, the runtime) is configured and built from scratch
# with ccache off and one job; prints the build's wall and CPU seconds
# (user + system of the compilers), CPU being the figure that does not
# depend on what else the machine runs.
#   bench/verilator_build.sh [MLPGEN] [NET...]   (default build/compiler/mlpgen; xor digits fmnist_mlp)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mlpgen=${1:-$root/build/compiler/mlpgen}
[ $# -gt 0 ] && shift
nets=${*:-xor digits fmnist_mlp}
[ -x "$mlpgen" ] || { echo "verilator_build.sh: no mlpgen at $mlpgen (build it first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CCACHE_DISABLE=1
printf '%-12s %10s %10s\n' net wall_s cpu_s
for n in $nets; do
    d=$work/$n
    mkdir -p "$d"
    "$mlpgen" "$root/examples/$n.desc" -o "$d/gen" > /dev/null
    cmake -S "$d/gen/sim" -B "$d/obj" > "$d/cmake.log" 2>&1
    /usr/bin/time -f "%e %U %S" -o "$d/time.txt" cmake --build "$d/obj" -j1 > "$d/build.log" 2>&1 ||
        { tail -20 "$d/build.log"; echo "verilator_build.sh: $n: build failed" >&2; exit 1; }
    read -r w u s < "$d/time.txt"
    printf '%-12s %10.1f %10.1f\n' "$n" "$w" "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"
done
