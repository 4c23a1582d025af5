#!/bin/sh
# run_tb.sh: build one testbench with Icarus Verilog (-g2005) and run it.
# The exit status is the simulation's: $fatal makes vvp exit non-zero.
# With --expect-fail first, the run must instead exit non-zero AND report a
# "mismatch" (used with +break to prove the checker can fail).
# usage: run_tb.sh [--expect-fail] OUT.vvp [iverilog args] [-- plusargs...]
set -e
expect_fail=0
if [ "$1" = "--expect-fail" ]; then expect_fail=1; shift; fi
out=$1; shift
ivargs=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    ivargs="$ivargs $1"; shift
done
[ "$1" = "--" ] && shift
# shellcheck disable=SC2086  # word splitting of the collected arguments is intended
iverilog -g2005 -Wall -o "$out" $ivargs
if [ $expect_fail -eq 0 ]; then
    exec vvp -n "$out" "$@"
fi
set +e
log=$(vvp -n "$out" "$@" 2>&1)
rc=$?
echo "$log"
if [ $rc -ne 0 ] && echo "$log" | grep -q mismatch; then
    echo "expected failure seen (exit $rc)"
    exit 0
fi
echo "ERROR: the broken run was not caught (exit $rc)"
exit 1
