#!/bin/sh
# netlist_tb.sh: synthesizes one rtl_lib module with Yosys (generic synth,
# flattened) for one parameter set and runs a testbench against the netlist,
# so the gates Yosys builds are checked, not only the source.
# usage: netlist_tb.sh OUTDIR MODULE "NAME=VALUE ..." TB "NAME=VALUE ..."
# (module parameters, then testbench parameters; they must describe the
# same instance: the netlist has no parameters left). A string parameter is
# written with its quotes: 'INIT_FILE="table.hex"'.
set -e
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../../rtl_lib"
yosys=${YOSYS:-yosys}
out=$1 module=$2 mparams=$3 tb=$4 tparams=$5
mkdir -p "$out"
cd "$here"   # file parameters (INIT_FILE) are relative to tests/rtl
chp=""
for p in $mparams; do chp="$chp -set ${p%%=*} ${p#*=}"; done
net="$out/${module}_net.v"
"$yosys" -q -p "read_verilog $lib/$module.v; chparam$chp $module; hierarchy -check -libdir $lib -top $module; synth -flatten -top $module; write_verilog -noattr $net"
pargs=""
for p in $tparams; do pargs="$pargs -P$tb.$p"; done
# shellcheck disable=SC2086
exec "$here/run_tb.sh" "$out/$tb.vvp" -s "$tb" $pargs "$here/$tb.v" "$net"
