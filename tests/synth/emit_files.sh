#!/bin/sh
# emit_files.sh: what emit_synth writes, checked against hand-written
# expectations: per device the nextpnr architecture, package, DSP/SPRAM
# options, pin file, parts; the board wrapper carries the core's AXI address
# width from host/<ident>_hw.h and lints clean with the generated core; a bad
# address width writes nothing.
#   emit_files.sh MLPGEN EMIT_SYNTH_DRV EXAMPLES_DIR
set -eu
mlpgen=$1 drv=$2 ex=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
want() {   # want FILE TEXT: FILE must contain the line fragment TEXT
    if ! grep -qF -- "$2" "$1"; then echo "FAIL: $1 lacks '$2'"; fail=1; fi
}
lacks() {
    if grep -qF -- "$2" "$1"; then echo "FAIL: $1 has '$2'"; fail=1; fi
}

"$mlpgen" "$ex/xor.desc" -o "$work/xor" >/dev/null
axw=$(sed -n 's/^#define MLP_XOR_AXI_ADDR_BITS \([0-9]*\).*/\1/p' "$work/xor/host/mlp_xor_hw.h")
# the core's address width (12 or more, docs/synthesis.md; the register map
# owner may grow it) is the one the board wrapper carries
case $axw in
    1[2-9]|2[0-9]) ;;
    *) echo "FAIL: xor AXI address bits '$axw', expected 12 or more"; fail=1 ;;
esac

# UP5K: DSPs and SPRAM, SG48, iCEBreaker pins, LEDs active low, 100 MHz
"$drv" "$work/u" xor ice40 up5k-sg48 100 "$axw"
s=$work/u/synth
want "$s/Makefile" "ICE40_ARCH ?= up5k"
want "$s/Makefile" "ICE40_PKG  ?= sg48"
want "$s/Makefile" "FREQ     ?= 100"
want "$s/Makefile" "PCF      ?= board/icebreaker.pcf"
want "$s/Makefile" "all: ice40"
want "$s/ice40.ys" "synth_ice40 -dsp -spram -top mlp_xor_top -run :map_ffram"
want "$s/ice40_board.ys" "-top mlp_xor_board -run map_ffram: -json out/board.json"
want "$s/board/mlp_xor_board.v" "localparam integer AXW = $axw;"
want "$s/board/mlp_xor_board.v" "localparam integer CLKS_PER_BIT = 104;"   # 12e6/115200 = 104.2
want "$s/board/mlp_xor_board.v" "assign led_busy_n  = !busy;"
want "$s/board/icebreaker.pcf" "set_io -nowarn clk     35"
for f in Makefile ice40.ys ice40_board.ys ecp5.ys xilinx.ys generic.ys vivado.tcl quartus.tcl \
         infer_check.sh fmax_median.sh board/board_uart_axil.v board/uart_rx.v board/uart_tx.v \
         board/board_por.v board/mlp_axis_fifo.v board/hx8k_breakout.pcf; do
    [ -f "$s/$f" ] || { echo "FAIL: no synth/$f"; fail=1; }
done
if command -v verilator >/dev/null 2>&1; then
    cp -r "$s" "$work/xor/synth"
    (cd "$work/xor/synth" && verilator --lint-only -Wall -y ../rtl -y board board/mlp_xor_board.v) \
        || { echo "FAIL: the board wrapper does not lint clean"; fail=1; }
fi

# HX8K: no DSPs (HX8K has none), no SPRAM, CT256, breakout pins, LEDs active high, 48 MHz
"$drv" "$work/h" xor ice40 hx8k-ct256 48 12
s=$work/h/synth
want "$s/Makefile" "ICE40_ARCH ?= hx8k"
want "$s/Makefile" "ICE40_PKG  ?= ct256"
want "$s/Makefile" "FREQ     ?= 48"
want "$s/Makefile" "PCF      ?= board/hx8k_breakout.pcf"
want "$s/ice40.ys" "synth_ice40   -top mlp_xor_top"
lacks "$s/ice40.ys" "-dsp"
want "$s/board/mlp_xor_board.v" "assign led_busy_n  = busy;"

# ECP5 85k, Xilinx parts, generic default target
"$drv" "$work/e" xor ecp5 85k 50 12
want "$work/e/synth/ecp5.ys" "LFE5U-85k"
want "$work/e/synth/Makefile" "all: ecp5"
want "$work/e/synth/ecp5.ys" "nextpnr-ecp5 is not packaged"
"$drv" "$work/x" xor xilinx xc7a35t 100 12
want "$work/x/synth/vivado.tcl" "set part xc7a35tcpg236-1"
want "$work/x/synth/xilinx.ys" "synth_xilinx -family xc7 -flatten -top mlp_xor_top"
"$drv" "$work/x2" xor xilinx xc7z020 100 12
want "$work/x2/synth/vivado.tcl" "set part xc7z020clg400-1"
"$drv" "$work/g" xor generic - 100 12
want "$work/g/synth/Makefile" "all: generic"
want "$work/g/synth/Makefile" "ICE40_ARCH ?= up5k"

# a bad address width: an error, and no directory
if "$drv" "$work/bad" xor ice40 up5k-sg48 100 0 2>/dev/null; then
    echo "FAIL: address width 0 accepted"; fail=1
fi
[ -e "$work/bad" ] && { echo "FAIL: a failed emit left $work/bad"; fail=1; }

[ $fail -eq 0 ] && echo "PASS: emit_synth files"
exit $fail
