#!/bin/sh
# board_pnr.sh: the iCE40 board wrapper through the whole generated flow
# (make board: Yosys + inference check; make fmax: nextpnr-ice40 with the
# pin file, one seed at a time) around mlp_stub_top, a stand-in core with
# the generated port list, so the wrapper's own cost and Fmax are measured
# and the pin files and packages are proven to place and route.
#   board_pnr.sh EMIT_SYNTH_DRV DEVICE SEEDS...
set -eu
drv=$1 dev=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=${BOARD_PNR_WORK:-$(mktemp -d)}
[ -n "${BOARD_PNR_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
rm -rf "$work/p" "$work/g"
mkdir -p "$work/p/rtl"
cp "$here/mlp_stub_top.v" "$work/p/rtl/"
"$drv" "$work/g" stub ice40 "$dev" 12 12
mv "$work/g/synth" "$work/p/synth"
make -s -C "$work/p/synth" board
jq -c .design.num_cells_by_type "$work/p/synth/out/board_stat.json"
make -s -C "$work/p/synth" fmax SEEDS="$*"
jq -c '.utilization | with_entries(.value |= "\(.used)/\(.available)")' "$work/p/synth/out/pnr_s$1.json"
echo "PASS: board wrapper placed and routed on $dev"
