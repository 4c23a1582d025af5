#!/bin/sh
# upd_pnr.sh [SEQ [SEEDS...]]: place and route of an update unit alone on
# UP5K-SG48 inside upd_pnr_top.v (SEQ=1: mlp_update_sgd_seq, the default;
# SEQ=0: the combinational mlp_update_sgd, which does not place: 14
# SB_MAC16 on a part with 8). Prints the LCs, DSPs and the post-route Fmax
# per seed, then the median. Fails when synthesis or place and route fail.
set -eu
seq=${1:-1}
[ $# -gt 0 ] && shift
seeds=${*:-1 2 3}
here=$(cd "$(dirname "$0")" && pwd)
rtl=$here/../../rtl_lib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
yosys -q -p "read_verilog -defer $here/upd_pnr_top.v $rtl/mlp_update_sgd_seq.v $rtl/mlp_update_sgd.v $rtl/mlp_requant.v;
  chparam -set SEQ $seq upd_pnr_top; hierarchy -top upd_pnr_top; synth_ice40 -dsp -top upd_pnr_top -json u.json" > yosys.log 2>&1 ||
    { tail -5 yosys.log; echo "FAIL: yosys"; exit 1; }
list=""
for s in $seeds; do
    nextpnr-ice40 --up5k --package sg48 --freq 12 --seed "$s" --json u.json > pnr_$s.log 2>&1 ||
        { grep ERROR pnr_$s.log | head -3; echo "FAIL: nextpnr seed $s"; exit 1; }
    f=$(grep 'Max frequency' pnr_$s.log | tail -1 | sed 's/.*: \([0-9.]*\) MHz.*/\1/')
    echo "seed $s: $f MHz"
    list="$list $f"
done
grep -E 'ICESTORM_(LC|DSP):' pnr_$s.log | sed 's/Info: *//'
echo "$list" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { printf "median Fmax %s MHz\n", v[int((NR + 1) / 2)] }'
