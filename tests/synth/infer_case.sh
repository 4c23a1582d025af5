#!/bin/sh
# infer_case.sh: synthesize one small design the way the generated scripts
# do (stop before memory_map, dump what is left, finish, stat -json) and run
# templates/synth/infer_check.sh on it; the outcome must be the expected one.
#   infer_case.sh pass|fail FAMILY TOP FILE.v "SYNTH COMMAND"
# e.g. infer_case.sh fail ice40-up5k bad_ram_async bad_ram_async.v "synth_ice40 -dsp"
set -eu
expect=$1 family=$2 top=$3 file=$4 synth=$5
here=$(cd "$(dirname "$0")" && pwd)
check=$here/../../templates/synth/infer_check.sh
yosys=${YOSYS:-yosys}
work=$(mktemp -d)
trap "rm -rf $work" EXIT; [ -n "${KEEP:-}" ] && trap - EXIT
cat > "$work/s.ys" <<YS
read_verilog $here/$file
hierarchy -check -top $top
$synth -top $top -run :map_ffram
tee -q -o $work/premap.txt dump t:\$mem_v2 t:\$mul t:\$__soft_mul t:\$macc
$synth -top $top -run map_ffram:
tee -q -o $work/stat.json stat -json
YS
"$yosys" -q -s "$work/s.ys" > "$work/yosys.log" 2>&1 || { cat "$work/yosys.log"; echo "FAIL: yosys"; exit 1; }
set +e
"$check" "$family" "$work/premap.txt" "$work/stat.json"
rc=$?
set -e
if [ "$expect" = pass ] && [ $rc -eq 0 ]; then echo "PASS (check passed as expected)"; exit 0; fi
if [ "$expect" = fail ] && [ $rc -eq 1 ]; then echo "PASS (check failed as expected)"; exit 0; fi
echo "FAIL: expected the check to $expect, it exited $rc"
exit 1
