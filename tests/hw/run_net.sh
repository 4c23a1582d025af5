#!/bin/sh
# run_net.sh [--expect-fail] [--mutate SED] HWGEN DIR NET_ARGS... -- SIM_ARGS...
# Writes the project with hwgen, builds the Verilated core, runs sim.
# --mutate applies a sed expression to the generated top (a planted bug,
# e.g. another rounding mode in the hardware only); with --expect-fail the
# checker must then report a mismatch (exit 1).
set -e
expect_fail=0
mutate=""
while true; do
  case "$1" in
    --expect-fail) expect_fail=1; shift ;;
    --mutate) mutate=$2; shift 2 ;;
    *) break ;;
  esac
done
hwgen=$1; dir=$2; shift 2
gen=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do gen="$gen $1"; shift; done
[ "$1" = "--" ] && shift
# shellcheck disable=SC2086
"$hwgen" $gen "$dir"
if [ -n "$mutate" ]; then
  for f in "$dir"/rtl/*_top.v; do
    cp "$f" "$f.orig"; sed -i "$mutate" "$f"
    if cmp -s "$f" "$f.orig"; then echo "mutation changed nothing"; exit 1; fi
    rm "$f.orig"
  done
fi
start=$(date +%s)
rt=""
# hwgen writes no runtime/ copy (mlpgen's emit_host does): use the tree's
[ -d "$dir/runtime" ] || rt="-DMLPGEN_RUNTIME_DIR=$(cd "$(dirname "$0")/../../runtime" && pwd)"
# ccache keeps the runtime library and verilated.cpp across projects;
# SIM_OPT (environment) sets the C++ optimization of the Verilated model.
cc=""
command -v ccache >/dev/null 2>&1 && cc="-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
opt=""
[ -n "$SIM_OPT" ] && opt="-DSIM_OPT=$SIM_OPT"
# shellcheck disable=SC2086
cmake -S "$dir/sim" -B "$dir.obj" -DCMAKE_BUILD_TYPE=Release $rt $cc $opt >/dev/null
cmake --build "$dir.obj" -j2 >/dev/null
times > "$dir.times"
cpu=$(awk 'NR == 2 { split($1, a, /[ms]/); split($2, b, /[ms]/); printf "%.0f", a[1] * 60 + a[2] + b[1] * 60 + b[2] }' "$dir.times")
echo "verilator build: $(( $(date +%s) - start )) s wall, $cpu s cpu (hwgen included)"
set +e
"$dir.obj/sim" "$@"
rc=$?
if [ $expect_fail = 1 ]; then
  if [ $rc = 1 ]; then echo "checker failed as expected"; exit 0; fi
  echo "checker did not fail (rc $rc)"; exit 1
fi
exit $rc
