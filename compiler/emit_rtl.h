/* emit_rtl.h: the hardware back end. Writes the generated training core
 * (rtl/: the top from templates/rtl and copies of the rtl_lib modules it
 * instantiates), its register-map header (host/<ident>_hw.h), and the
 * Verilator project (sim/: harness, host with the --check comparison, the
 * network tables the reference needs). docs/architecture.md describes the
 * datapath and the register map. */
#ifndef MLPGEN_EMIT_RTL_H
#define MLPGEN_EMIT_RTL_H

#include "diag.h"
#include "ir.h"
#include "net.h"
#include "out.h"

/* From the checked IR: builds the runtime description of the net (tables,
 * initial weights) and emits everything. 0 or -1 (reported through d). */
int emit_rtl(const struct ir_net *net, struct out *o, struct diag *d);

/* The harness files copied as they are from templates/sim/ into sim/
 * (tests/hw/hwgen's multi-net harness copies the same). */
#define EMIT_RTL_N_SIM_FILES 5
extern const char *const emit_rtl_sim_files[EMIT_RTL_N_SIM_FILES];

/* From a runtime description (tests build nets without the compiler):
 * layer l gets cols[l] chains (2-D tiles along its inputs, layer 0 only;
 * cols NULL: one chain each) of pes[l] processing elements (along its
 * outputs); src_dir is the mlpgen source tree (templates/, rtl_lib/,
 * runtime/). host_net_c: the name of the host's tables under host/
 * (emit_host: "<name>_net.c", which sim/ then compiles with
 * SIM_MODEL=<ident>_model, so the tables are written once), or NULL:
 * sim/sim_net.c holds them (tests/hw/hwgen writes no host). 0 or -1
 * (reported). */
int emit_rtl_net(const struct mlp_net *net, const int *pes, const int *cols, const char *src_dir,
                 const char *host_net_c, struct out *o, struct diag *d);

/* The same with the update unit chosen: upd_seq & EMIT_RTL_USEQ gives the
 * core one mlp_update_sgd_seq (one multiplier; the update walk waits for
 * each result) that the layers share (USHARE; they update in turn, USEQL),
 * without it one combinational mlp_update_sgd per PE (emit_rtl_net); upd_seq & EMIT_RTL_MSEQ computes the loss unit's
 * err*(1/B) on one 16x16 multiplier over several cycles (mlp_loss_out
 * MSEQ = 1). target=ice40 takes both. EMIT_RTL_USEQ also puts the PE
 * memories W and V in block RAM (PE_BRAM); EMIT_RTL_NO_PERF leaves out the
 * performance counters (hardware perf=off; the register map stays, 0x400
 * and up read 0). */
#define EMIT_RTL_USEQ 1
#define EMIT_RTL_MSEQ 2
#define EMIT_RTL_NO_PERF 4
/* every PE on one multiplier (mlp_dense_layer MUL1 = 1, passes needing two
 * products at half rate; target=ice40) */
#define EMIT_RTL_MUL1 8
#define EMIT_RTL_CNT_RAM 16  /* saturation counters in block RAM (mlp_ctrl_core CNT_RAM) */
/* no saturation counters (hardware counters=off: mlp_ctrl_core CNT_RAM = 2;
 * the register map stays, 0x80 and up read 0; <IDENT>_hw.h defines
 * <IDENT>_NO_COUNTERS and the layout's no_counters, and the checker skips
 * them). Takes precedence over EMIT_RTL_CNT_RAM. */
#define EMIT_RTL_NO_CNT 32
/* the last layer's loss pass beside its backward pass of the sample before
 * (mlp_ctrl_core and mlp_dense_layer LOV = 1; ir_hardware.loss_ovl) */
#define EMIT_RTL_LOV 64
static inline int emit_rtl_seq_flags(bool upd_seq, bool mul_seq)
{
    return (upd_seq ? EMIT_RTL_USEQ : 0) | (mul_seq ? EMIT_RTL_MSEQ : 0);
}
int emit_rtl_net_upd(const struct mlp_net *net, const int *pes, const int *cols, int flags,
                     const int *mem_sp, const char *src_dir,
                     const char *host_net_c, struct out *o, struct diag *d);

/* mem_sp (NULL: none): per layer, the PE memories in single-port SPRAM
 * (bit 0 W, 1 G, 2 V; ir_layer.mem_sp from plan_fit_spram; honoured with
 * EMIT_RTL_USEQ and EMIT_RTL_MUL1 only); G wider than 32 bits keeps the
 * rest in block RAM. */

/* The flags of emit_rtl_net_upd the net's hardware options ask for. */
int emit_rtl_flags(const struct ir_net *net);

/* The core's AXI4-Lite address width for this net and plan (the board
 * wrapper in synth/ needs it); the one layout emit_rtl_net writes. -1 when
 * the net has more layers than the core supports. */
int emit_rtl_axi_bits(const struct mlp_net *net, const int *pes, const int *cols);

#endif
