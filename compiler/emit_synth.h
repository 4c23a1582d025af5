/* emit_synth.h: the synthesis back end. Writes DIR/synth/: Yosys scripts
 * per family (ice40, ecp5, xilinx, generic) and a Makefile with a target
 * for each, the inference check, the iCE40 board wrapper (UART bridge,
 * stream FIFOs, the core; pin files for the iCEBreaker and the iCE40-HX8K
 * breakout) with its nextpnr-ice40 targets, and untested Vivado and Quartus
 * scripts. docs/synthesis.md describes the flow. */
#ifndef MLPGEN_EMIT_SYNTH_H
#define MLPGEN_EMIT_SYNTH_H

#include "diag.h"
#include "ir.h"
#include "out.h"

/* axi_addr_bits: the core's s_axi_control address width (the layout
 * emit_rtl computed, host/<ident>_hw.h's _AXI_ADDR_BITS); src_dir: the
 * mlpgen source tree (templates/synth, rtl_lib). 0 or -1 (reported). */
int emit_synth(const struct ir_net *ir, int axi_addr_bits, const char *src_dir, struct out *o,
               struct diag *d);

#endif
