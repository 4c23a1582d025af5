#!/bin/sh
# run_net.sh [--expect-fail] HWGEN DIR NET_ARGS... -- SIM_ARGS...
# Writes the project with hwgen, builds the Verilated core, runs sim.
set -e
expect_fail=0
if [ "$1" = "--expect-fail" ]; then expect_fail=1; shift; fi
hwgen=$1; dir=$2; shift 2
gen=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do gen="$gen $1"; shift; done
[ "$1" = "--" ] && shift
# shellcheck disable=SC2086
"$hwgen" $gen "$dir"
start=$(date +%s)
cmake -S "$dir/sim" -B "$dir/obj" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$dir/obj" -j2 >/dev/null
echo "verilator build: $(( $(date +%s) - start )) s"
set +e
"$dir/obj/sim" "$@"
rc=$?
if [ $expect_fail = 1 ]; then
  if [ $rc = 1 ]; then echo "checker failed as expected"; exit 0; fi
  echo "checker did not fail (rc $rc)"; exit 1
fi
exit $rc
