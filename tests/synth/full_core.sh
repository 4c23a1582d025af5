#!/bin/sh
# full_core.sh: compile a net, write its synth/ for one device, run the
# generated Makefile's Yosys target (which runs the inference check) and
# print the cell counts.
#   full_core.sh MLPGEN EMIT_SYNTH_DRV NET.desc TARGET DEVICE
set -eu
mlpgen=$1 drv=$2 desc=$3 target=$4 dev=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$mlpgen" "$desc" -o "$work/p" > /dev/null
axw=$(sed -n 's/^#define [A-Z0-9_]*_AXI_ADDR_BITS \([0-9]*\).*/\1/p' "$work"/p/host/*_hw.h)
name=$(basename "$desc" .desc)
"$drv" "$work/g" "$name" "$target" "$dev" 100 "$axw"
mv "$work/g/synth" "$work/p/synth"
make -s -C "$work/p/synth" "$target"
jq -c .design.num_cells_by_type "$work/p/synth/out/${target}_stat.json"
echo "PASS: $name $target $dev synthesized, inference check passed"
