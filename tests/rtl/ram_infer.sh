#!/bin/sh
# ram_infer.sh: proves that Yosys maps rtl_lib/mlp_ram_dp.v to block RAM:
# synth_ice40 must give SB_RAM40_4K (and, with OLD_ON_COLLISION=0, nothing
# else), synth_xilinx must give RAMB18E1/RAMB36E1 and no LUT RAM or
# flip-flops. Prints the cell counts it saw. usage: ram_infer.sh
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../rtl_lib/mlp_ram_dp.v"
yosys=${YOSYS:-yosys}
status=0

# stat_of FILE TOP "CHPARAMS" SYNTH: "cell count" lines of the synthesized netlist
stat_of() {
    tmp=$(mktemp)
    "$yosys" -q -p "read_verilog $1; hierarchy -top $2 $3; $4 -top $2; tee -q -o $tmp stat" >/dev/null 2>&1
    awk '/^ +[A-Z$][A-Za-z0-9_$]+ +[0-9]+$/ { print $1, $2 }' "$tmp"
    rm -f "$tmp"
}

# judge LABEL GOT REQUIRED_CELL COUNT FORBIDDEN_REGEX
judge() {
    n=$(echo "$2" | awk -v c="$3" '$1 == c { print $2 }')
    bad=$(echo "$2" | grep -E "$5" | tr '\n' ' ')
    line="$1: $(echo "$2" | tr '\n' ' ')"
    if [ "$n" != "$4" ] || [ -n "$bad" ]; then
        echo "FAIL: $line (expected $4 x $3, none of: $5)"
        status=1
    else
        echo "ok: $line"
    fi
}

# expect ARCH ADDR_W DATA_W OLD REQUIRED_CELL COUNT FORBIDDEN_REGEX [BLOCK]: mlp_ram_dp
expect() {
    got=$(stat_of "$src" mlp_ram_dp "-chparam ADDR_W $2 -chparam DATA_W $3 -chparam OLD_ON_COLLISION $4 -chparam BLOCK ${8:-0}" "synth_$1")
    judge "$1 ${2}x$3 OLD_ON_COLLISION=$4 BLOCK=${8:-0}" "$got" "$5" "$6" "$7"
}

# expect_sp ADDR_W DEPTH DATA_W STYLE REQUIRED_CELL COUNT FORBIDDEN_REGEX: mlp_ram_sp on iCE40 (-spram)
expect_sp() {
    got=$(stat_of "$here/../../rtl_lib/mlp_ram_sp.v" mlp_ram_sp "-chparam ADDR_W $1 -chparam DEPTH $2 -chparam DATA_W $3 -chparam STYLE $4" "synth_ice40 -spram")
    judge "ice40 mlp_ram_sp ${2}x$3 STYLE=$4" "$got" "$5" "$6" "$7"
}

expect ice40  9 16 0 SB_RAM40_4K 2 'SB_DFF|SB_LUT4'
expect ice40  9 16 1 SB_RAM40_4K 2 'XXX'
# a 4-word memory: flip-flops unless BLOCK = 1 asks for block RAM (the iCE40
# core's PE memories: 35 bits = 3 SB_RAM40_4K, one LUT, no flip-flop)
expect ice40  2 35 0 SB_RAM40_4K 3 'SB_DFF' 1
expect ice40  2 35 0 SB_DFFE 175 'SB_RAM40_4K'
expect xilinx  9 16 1 RAMB18E1 1 'FD|LUT|RAM[0-9]+[SXM]'
# mlp_ram_sp (single port): STYLE 2 into the UP5K's SPRAM (16 K x 16 each),
# STYLE 1 into block RAM of the exact depth (2 080 x 4: three 1 K x 4)
expect_sp 12 2080 32 2 SB_SPRAM256KA 2 'SB_RAM40_4K|SB_DFF'
expect_sp 12 2080 4 1 SB_RAM40_4K 3 'SB_SPRAM256KA'
expect xilinx 10 32 1 RAMB36E1 1 'FD|LUT|RAM[0-9]+[SXM]'
exit $status
