#!/bin/sh
# postsynth_sim.sh: post-synthesis simulation. Compiles a net, synthesizes
# the core for iCE40 UP5K (target ice40: the sequential update units)
# through the generated synth/Makefile (ice40.ys
# writes out/ice40_netlist.v with write_verilog -noattr), then builds the
# generated Verilator project with rtl/ replaced by that netlist and Yosys's
# ice40 cell models, and runs `sim --check`: the netlist's outputs and every
# weight, bias and momentum after every batch must equal the reference bit
# for bit. With --flip the checker must catch one corrupted weight bit.
#   postsynth_sim.sh MLPGEN EMIT_SYNTH_DRV NET.desc [sim args...]
set -eu
mlpgen=$1 drv=$2 desc=$3
shift 3
work=${POSTSYNTH_WORK:-$(mktemp -d)}
[ -n "${POSTSYNTH_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
cells=${ICE40_CELLS_SIM:-$(dirname "$(command -v yosys)")/../share/yosys/ice40/cells_sim.v}
name=$(basename "$desc" .desc)
p=$work/$name
mkdir -p "$work"
if [ ! -f "$p/synth/out/ice40_netlist.v" ]; then
    rm -rf "$p" "$work/g"
    # the core as mlpgen builds it for iCE40 (target ice40: one sequential
    # update unit per layer), the net's own hardware settings kept
    if grep -q '^hardware' "$desc"; then
        sed '/^hardware/s/$/ target=ice40 device=up5k-sg48/' "$desc" > "$work/$name.desc"
    else
        { cat "$desc"; echo "hardware target=ice40 device=up5k-sg48"; } > "$work/$name.desc"
    fi
    "$mlpgen" "$work/$name.desc" -o "$p" > /dev/null
    grep -q 'mlp_update_sgd_seq' "$p"/rtl/*_top.v || grep -q '\.USEQ(1)' "$p"/rtl/*_top.v ||
        { echo "FAIL: the iCE40 core has no sequential update unit"; exit 1; }
    axw=$(sed -n 's/^#define [A-Z0-9_]*_AXI_ADDR_BITS \([0-9]*\).*/\1/p' "$p"/host/*_hw.h)
    "$drv" "$work/g" "$name" ice40 up5k-sg48 100 "$axw"
    mv "$work/g/synth" "$p/synth"
    echo "yosys (synth_ice40 of the core) ..."
    # the generated script itself, not `make ice40`: that target also runs
    # the inference check, which has its own tests (synth_full_xor_ice40,
    # synth_infer_*; the iris core passes it since its x, z and delta
    # buffers are read through registered ports, docs/synthesis.md "What is
    # missing", issue 7); this test is about the netlist's function
    mkdir -p "$p/synth/out"
    (cd "$p/synth" && yosys -q -l out/ice40.log -s ice40.ys)
fi
g=$work/${name}_gate
rm -rf "$g"
mkdir -p "$g"
for d in "$p"/*; do
    case ${d##*/} in rtl|synth|obj) ;; *) cp -r "$d" "$g/" ;; esac
done
mkdir "$g/rtl"
cp "$p/synth/out/ice40_netlist.v" "$g/rtl/"
# Yosys 0.23 cells_sim.v gives input ports default values, which neither
# Verilator nor Icarus parse; its own switch turns them off
{ echo '`define NO_ICE40_DEFAULT_ASSIGNMENTS'; cat "$cells"; } > "$g/rtl/ice40_cells_sim.v"
echo "verilator (gate-level netlist) ..."
cmake -S "$g/sim" -B "$g/obj" > "$g/cmake.log" 2>&1
cmake --build "$g/obj" -j1 > "$g/build.log" 2>&1 || { tail -30 "$g/build.log"; echo "FAIL: build"; exit 1; }
"$g/obj/sim" --check "$@" || { echo "FAIL: the netlist differs from the reference"; exit 1; }
echo "planted fault: one weight bit flipped after batch 1 must be caught"
if "$g/obj/sim" --check --samples 32 "$@" --flip 1:0:0:0:4; then
    echo "FAIL: the flipped weight bit was not caught"
    exit 1
fi
echo "PASS: post-synthesis simulation bit-exact, planted fault caught"
