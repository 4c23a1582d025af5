/* plan_fit.h: fit before synthesis. From the checked and planned IR
 * (plan_pes done) it estimates what the generated core costs on the part
 * `device=` names (LUTs, flip-flops, block RAMs, DSPs), compares that with
 * the part, and can pick the largest `pes` whose core still fits.
 *
 * The estimate is a sum over the hardware the generator builds (per PE:
 * three multipliers and the W, G and V memories; per layer: the update
 * unit, the buffers, the activation tables, the sequencer; per core: the
 * controller, the loss unit and the AXI interfaces), each term sized from
 * the layer's widths and depths, with per-family coefficients calibrated
 * against Yosys 0.23 figures (docs/synthesis.md, "Fit estimate"; the unit
 * test tests/synth/fit_test.sh checks the recorded cases and states the
 * tolerance). Memories: the block-RAM shape of the family that needs the
 * fewest blocks (7-series: RAMB36 beyond 1024 words, as Yosys maps them),
 * one copy per read port that must be read in the same cycle (the current
 * datapath reads each memory once per cycle: one copy); memories under
 * PLAN_FIT_MIN_BRAM_WORDS words are counted as flip-flops. */
#ifndef MLPGEN_PLAN_FIT_H
#define MLPGEN_PLAN_FIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "ir.h"

enum { PLAN_FIT_MIN_BRAM_WORDS = 16 };

/* plan_fit_spram: memories deeper than this (three block RAMs a 16-bit
 * slice) are worth an SPRAM. */
enum { PLAN_FIT_SPRAM_MIN_WORDS = 512 };

/* A part: its name as `device=` writes it, its family and capacity. */
struct plan_fit_part {
    const char *name;          /* "up5k-sg48" */
    enum ir_target target;
    const char *lut_name;      /* "SB_LUT4", "LUT4", "LUT6" */
    const char *bram_name;     /* "SB_RAM40_4K", "DP16KD", "RAMB18" */
    const char *dsp_name;      /* "SB_MAC16", "MULT18X18D", "DSP48E1" or "-" */
    int64_t luts, ffs, brams, dsps;
    int sprams;                /* single-port 16 K x 16 RAMs (UP5K: 4 SB_SPRAM256KA) */
};

struct plan_fit {
    const struct plan_fit_part *part;  /* NULL for target generic */
    int64_t luts, ffs, brams, dsps;
    int sprams;                /* SPRAMs the PE memories take (plan_fit_spram) */
    int lut_pct, ff_pct, bram_pct, dsp_pct;   /* of the part, rounded up */
    int64_t lcs;               /* iCE40: logic cells placed with the board wrapper (0 elsewhere) */
    int lc_pct;
    bool fits;                 /* every figure within the part */
};

/* The part `device=` names, or the target's default part (up5k-sg48,
 * 25k, xc7a100t); NULL for target generic or an unknown name. */
const struct plan_fit_part *plan_fit_part(const struct ir_net *net);
const struct plan_fit_part *plan_fit_part_by_name(const char *name);

/* SPRAM for the iCE40 core (upd_seq and pe_mul1) on a part that has it:
 * whole memory kinds (W, G or V of every PE of a layer) of more than
 * PLAN_FIT_SPRAM_MIN_WORDS words each go into the part's single-port
 * SPRAMs, the kind that saves the most block RAMs per SPRAM first, while
 * SPRAMs remain (G takes its low 32 bits there, the rest stays in block
 * RAM). Sets layers[i].mem_sp and g_huge_w (cleared elsewhere). */
void plan_fit_spram(struct ir_net *net);

/* G (ga bits) in SPRAM: the bits there, 0 for all of it (ga <= 32); the
 * rest stays in block RAM (mlp_dense_layer G_HUGE_W; emit_rtl sets it from
 * this too). */
static inline int plan_fit_g_huge_w(int ga)
{
    return ga > 32 ? 32 : 0;
}

/* The estimate of the net as planned (layers[i].pes) on part (not NULL). */
void plan_fit_estimate(const struct ir_net *net, const struct plan_fit_part *part,
                       struct plan_fit *out);

/* The estimate block of --dump-ir: "fit <part> ..." lines (or "fit none"
 * for target generic). Returns 0, or -1 on a write error. */
int plan_fit_print(const struct ir_net *net, FILE *out);

/* --fit: without an explicit `pes=`, set net->hw.pes to the largest value
 * (down to one unit per MAC layer, up to one unit per output row) whose
 * estimate fits the part and re-plan; with `pes=`, keep it. Then warn
 * (at the hardware statement) when the planned net does not fit, naming
 * the resource that overflows most. Target generic: nothing. Returns the
 * pes chosen (or kept). */
int plan_fit_apply(struct ir_net *net, struct diag *d);

#endif
