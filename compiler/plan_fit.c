/* plan_fit.c: the fit estimate (plan_fit.h). A sum of terms per PE, per
 * layer and per core, each from the widths and depths the generator uses
 * (rtl_lib/mlp_dense_layer.v, mlp_dense_pe.v, mlp_update_sgd.v), with
 * per-family coefficients calibrated against Yosys 0.23 (docs/synthesis.md,
 * "Fit estimate"). No state outside the arguments. */
#include "plan_fit.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"

/* Calibrated terms, 4-input LUTs and flip-flops: Yosys 0.23 synth_ice40
 * -noflatten of iris and xor at commit 8b558db (per module), fitted by
 * least squares where a module varies (docs/synthesis.md, "Fit estimate"). */
enum {
    PLAN_FIT_PE_FF_BASE = 60,
    PLAN_FIT_MUL1_LUT = 86,             /* mlp_dense_pe MUL1, per PE */
    PLAN_FIT_MUL1_FF = 39,
    PLAN_FIT_LAYER_LUT_BASE = -250,     /* with the two terms below, exact on the three measured layers */
    PLAN_FIT_LAYER_LUT_MUX_X10 = 45,    /* per PE and bit of W + G + V read */
    PLAN_FIT_BUF_LUT_PER_BIT_X100 = 150, /* buffers kept in flip-flops (x, z: XS slots) */
    PLAN_FIT_LAYER_FF_BASE = 250,
    PLAN_FIT_REQ_LUT = 130,             /* the layer's requantizers */
    PLAN_FIT_HASH_LUT = 1538,           /* mlp_hash */
    PLAN_FIT_HASH_SEQ_LUT = 395,        /* mlp_hash_seq (synth_ice40 alone) */
    PLAN_FIT_HASH_SEQ_FF = 145,         /* mlp_hash_seq's state (flattened iris core, 2026-12-06; the latched step is gone) */
    PLAN_FIT_UPD_LUT = 1263,            /* mlp_update_sgd with its requantizers */
    PLAN_FIT_SEQ_LUT = 835,             /* mlp_update_sgd_seq */
    PLAN_FIT_SEQ_FF = 392,
    /* ... specialized (HAS_MOM / HAS_WD 0; xor's formats, synth_ice40 -dsp
     * of the unit alone, 2026-12-05: full 839/355, these below) */
    PLAN_FIT_SEQ_NOMOM_LUT = 645,       /* no momentum */
    PLAN_FIT_SEQ_NOMOM_FF = 335,
    PLAN_FIT_SEQ_NOWD_LUT = 597,        /* no weight decay (iris, -noflatten, d179284) */
    PLAN_FIT_SEQ_NOWD_FF = 367,
    PLAN_FIT_SEQ_NEST0_LUT = 330,       /* momentum, no Nesterov, no weight decay (HAS_NEST 0: */
    PLAN_FIT_SEQ_NEST0_FF = 185,        /* iris12's mlp_update_sgd_hashed alone, 725 / 318, less the hash, 2026-12-06) */
    PLAN_FIT_SEQ_SGD_LUT = 375,         /* neither: plain SGD (xor, -noflatten, d179284) */
    PLAN_FIT_SEQ_SGD_FF = 231,
    PLAN_FIT_CORE_LUT = 2260,           /* mlp_ctrl_core + mlp_ctrl_axil */
    PLAN_FIT_CORE_FF = 1334,
    PLAN_FIT_CNT_RAM_LUT = 23,          /* per saturation counter moved to block RAM (saved) */
    PLAN_FIT_CNT_RAM_FF = 18,
    PLAN_FIT_CNT_LUT = 52,              /* per saturation counter in registers, with the */
    PLAN_FIT_CNT_FF = 27,               /* layers' event counts (counters=off saves it) */
    PLAN_FIT_PERF_LUT = 60,             /* mlp_perf_counters, per 32-bit counter */
    PLAN_FIT_PERF_FF = 35,              /* (xor's 11: 659 SB_LUT4, 384 FFs, 2026-12-05) */
    PLAN_FIT_CE_LUT = 663,              /* mlp_loss_out, softmax + cross-entropy */
    PLAN_FIT_CE_FF = 331,
    PLAN_FIT_CE_DSP = 4,
    PLAN_FIT_MSE_LUT = 370,
    PLAN_FIT_MSE_FF = 178,
    PLAN_FIT_MSE_DSP = 4,
    /* the trimmed iCE40 core (upd_seq, main d179284; Yosys 0.23
     * synth_ice40 -dsp -spram -noflatten of tests/hw/xor_ice40.desc and of
     * examples/iris.desc at pes=2, 2026-12-05): mlp_ctrl_core +
     * mlp_ctrl_axil without saturation counters (xor 851 + 39 LUT4,
     * 539 + 91 FFs), the loss unit with MSEQ (xor MSE 317 / 155; iris
     * softmax + cross-entropy with its divider 1 061 + 123 / 443 + 77).
     * 2026-12-06: the controller's FFs less its BUSY_CYCLES counter and
     * AXI write-data register (BUSY_RD / WBUF 0: 630 -> 560), the FF
     * flattening scale 65 -> 55 % so that the cores measured on main
     * after the merges of that day (xor 3 399 / 1 694, iris 3 642 / 1 723,
     * iris12 3 272 / 1 540 LUT4 / FFs) are met within their tolerance */
    PLAN_FIT_ICE_CORE_LUT = 890,
    PLAN_FIT_ICE_CORE_FF = 560,
    PLAN_FIT_ICE_MSE_LUT = 317,
    PLAN_FIT_ICE_MSE_FF = 155,
    PLAN_FIT_ICE_CE_LUT = 707,          /* one divider of F_A+2 quotient bits, 16-bit exp table, */
    PLAN_FIT_ICE_CE_FF = 320,           /* targets in block RAM (iris, the unit alone, 2026-12-06; was 1 184 / 520) */
    PLAN_FIT_ICE_LUT_PCT = 81,          /* flattening, see plan_fit_estimate */
    PLAN_FIT_ICE_FF_PCT = 55,
    PLAN_FIT_ICE_WRAP_LUT = 279,        /* the board wrapper (UART bridge, FIFOs): xor board */
    PLAN_FIT_ICE_WRAP_FF = 172,         /* minus xor core, flattened, 2026-12-06 (iris 212 / 172) */
    PLAN_FIT_ICE_LC_FF_X1000 = 630,     /* logic cells per flip-flop beyond the LUT4s, see plan_fit_estimate */
    PLAN_FIT_ICE_IO_LUT = 7,            /* per input and output of a layer (fitted on digits, */
    PLAN_FIT_ICE_IO_FF = 4              /* tests/hw/digits_ice40.desc's core, 2026-12-06) */
};

static const struct plan_fit_part plan_fit_parts[] = {
    { "up5k-sg48",  IR_TARGET_ICE40,  "SB_LUT4", "SB_RAM40_4K", "SB_MAC16",   5280,   5280,  30,   8, 4 },
    { "hx8k-ct256", IR_TARGET_ICE40,  "SB_LUT4", "SB_RAM40_4K", "-",          7680,   7680,  32,   0, 0 },
    { "25k",        IR_TARGET_ECP5,   "LUT4",    "DP16KD",      "MULT18X18D", 24288,  24288, 56,  28, 0 },
    { "85k",        IR_TARGET_ECP5,   "LUT4",    "DP16KD",      "MULT18X18D", 83640,  83640, 208, 156, 0 },
    { "xc7a35t",    IR_TARGET_XILINX, "LUT6",    "RAMB18",      "DSP48E1",    20800,  41600, 100, 90, 0 },
    { "xc7a100t",   IR_TARGET_XILINX, "LUT6",    "RAMB18",      "DSP48E1",    63400, 126800, 270, 240, 0 },
    { "xc7z020",    IR_TARGET_XILINX, "LUT6",    "RAMB18",      "DSP48E1",    53200, 106400, 280, 220, 0 },
};

/* Per-family coefficients. LUT terms are in the family's LUT; ECP5 and
 * iCE40 share the 4-input figures, 7-series packs about 2/3 of them. */
struct plan_fit_coef {
    int mul_a, mul_b;          /* widest signed product one DSP takes */
    int lut_mul_per_bit2_x100; /* LUT multiplier (no DSP): LUTs per a*b bit, x100 */
    int bram_shapes[6][2];     /* depth x width shapes of one block RAM */
    int big_words;             /* deeper memories take bram_shapes_big (0: never) */
    int bram_shapes_big[6][2]; /* shapes of the double-size block, counted as 2 */
    int lut_pct;               /* LUT scale (percent) of the 4-input figures */
    int ff_pct;                /* flip-flop scale (percent) */
};

static const struct plan_fit_coef plan_fit_coefs[] = {
    /* ice40: LUT multipliers (HX8K) 3.49 LUT4 a product bit, from the xor
     * core on HX8K (8 453 LUT4 against 3 395 with seven SB_MAC16 on UP5K,
     * 2026-12-05; 1.10 before, a third of that) */
    /* ice40 */  { 16, 16, 349, { { 256, 16 }, { 512, 8 }, { 1024, 4 }, { 2048, 2 }, { 0, 0 }, { 0, 0 } },
                   0, { { 0, 0 } }, 95, 85 },
    /* ecp5 */   { 18, 18, 110, { { 512, 36 }, { 1024, 18 }, { 2048, 9 }, { 4096, 4 }, { 8192, 2 }, { 16384, 1 } },
                   0, { { 0, 0 } }, 95, 85 },
    /* xilinx: RAMB18 units; Yosys takes RAMB36 beyond 1024 words */
    /* xilinx */ { 25, 18, 60, { { 512, 36 }, { 1024, 18 }, { 2048, 9 }, { 4096, 4 }, { 8192, 2 }, { 16384, 1 } },
                   1024, { { 1024, 36 }, { 2048, 18 }, { 4096, 9 }, { 8192, 4 }, { 16384, 2 }, { 32768, 1 } }, 63, 46 },
};

static const struct plan_fit_coef *plan_fit_coef_of(enum ir_target t)
{
    return t == IR_TARGET_XILINX ? &plan_fit_coefs[2] : t == IR_TARGET_ECP5 ? &plan_fit_coefs[1]
                                                                           : &plan_fit_coefs[0];
}

const struct plan_fit_part *plan_fit_part_by_name(const char *name)
{
    int n = (int)(sizeof plan_fit_parts / sizeof plan_fit_parts[0]);
    for (int i = 0; name && i < n; i++)
        if (strcmp(plan_fit_parts[i].name, name) == 0)
            return &plan_fit_parts[i];
    return NULL;
}

const struct plan_fit_part *plan_fit_part(const struct ir_net *net)
{
    if (net->hw.device)
        return plan_fit_part_by_name(net->hw.device);
    switch (net->hw.target) {
    case IR_TARGET_ICE40:  return plan_fit_part_by_name("up5k-sg48");
    case IR_TARGET_ECP5:   return plan_fit_part_by_name("25k");
    case IR_TARGET_XILINX: return plan_fit_part_by_name("xc7a100t");
    default:               return NULL;
    }
}

static int plan_fit_clog2(int64_t v)
{
    int r = 0;
    while (((int64_t)1 << r) < v)
        r++;
    return r;
}

static int64_t plan_fit_cdiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

/* The running totals. */
struct plan_fit_sum {
    const struct plan_fit_coef *c;
    bool has_dsp;
    int64_t luts, ffs, brams, dsps;
    int64_t sprams;
};

/* A signed a x b multiplier: DSPs, or LUTs where the part has none. */
static void plan_fit_mul(struct plan_fit_sum *s, int a, int b)
{
    if (s->has_dsp)
        s->dsps += plan_fit_cdiv(a, s->c->mul_a) * plan_fit_cdiv(b, s->c->mul_b);
    else
        s->luts += (int64_t)a * b * s->c->lut_mul_per_bit2_x100 / 100;
}

/* A memory of words x width with `copies` copies (one per read port read
 * in the same cycle): block RAM from PLAN_FIT_MIN_BRAM_WORDS words (Yosys
 * maps the 16-word mlp_ram_dp of iris to SB_RAM40_4K, the 4-word ones of
 * xor to flip-flops), flip-flops and lut_per_bit_x100/100 LUTs per bit of
 * read and write logic below. */
static void plan_fit_bram(struct plan_fit_sum *s, int64_t words, int width, int copies);

static void plan_fit_mem_as(struct plan_fit_sum *s, int64_t words, int width, int copies, int lut_per_bit_x100,
                            bool block)
{
    if (words <= 0 || width <= 0)
        return;
    if (words < PLAN_FIT_MIN_BRAM_WORDS && !block) {
        s->ffs += words * width * copies;
        s->luts += words * width * copies * lut_per_bit_x100 / 100;
        return;
    }
    plan_fit_bram(s, words, width, copies);
}

/* Block RAMs of one words x width memory: the cheapest of the family's
 * shapes (deep memories: the double-size block, counted as 2). */
static int64_t plan_fit_blocks(const struct plan_fit_coef *c, int64_t words, int width)
{
    if (words <= 0 || width <= 0)
        return 0;
    const int (*sh)[2] = c->bram_shapes;
    int cost = 1;
    if (c->big_words > 0 && words > c->big_words) {
        sh = c->bram_shapes_big;
        cost = 2;
    }
    int64_t best = -1;
    for (int k = 0; k < 6 && sh[k][0] > 0; k++) {
        int64_t n = plan_fit_cdiv(words, sh[k][0]) * plan_fit_cdiv(width, sh[k][1]);
        if (best < 0 || n < best)
            best = n;
    }
    return best * cost;
}

/* The same in block RAM whatever its depth (mlp_ram_dp BLOCK = 1). */
static void plan_fit_bram(struct plan_fit_sum *s, int64_t words, int width, int copies)
{
    if (words <= 0 || width <= 0)
        return;
    s->brams += plan_fit_blocks(s->c, words, width) * copies;
    /* read and write glue of mlp_ram_dp */
    s->luts += (int64_t)width * copies * 6 / 5;
    s->ffs += (int64_t)width * copies * 2;
}

static void plan_fit_mem(struct plan_fit_sum *s, int64_t words, int width, int copies, int lut_per_bit_x100)
{
    plan_fit_mem_as(s, words, width, copies, lut_per_bit_x100, false);
}

static bool plan_fit_has_macs(const struct ir_layer *l)
{
    return l->kind == IR_DENSE || l->kind == IR_CONV;
}

static bool plan_fit_table_act(enum ir_act a)
{
    return a == IR_ACT_SIGMOID || a == IR_ACT_TANH || a == IR_ACT_ELU;
}

/* The optimizer keeps momentum / applies weight decay: the hyperparameter
 * is not 0 once rounded to 24 fractional bits (docs/numerics.md section 7;
 * emit_rtl's HAS_MOM / HAS_WD). */
static bool plan_fit_q24(double x)
{
    return x * 16777216.0 >= 0.5;
}

static int plan_fit_stoch(struct ir_format f)
{
    return f.round == IR_ROUND_STOCHASTIC ? 1 : 0;
}

/* x's width in the products (the activation format, at least F_A + 1
 * bits) and the exact batch gradient G's (mlp_dense_layer GA_BITS) */
static int plan_fit_xa(const struct ir_net *net)
{
    int wa = net->prec.activations.width, fa = wa - net->prec.activations.int_bits;
    return wa > fa + 1 ? wa : fa + 1;
}

static int plan_fit_ga(const struct ir_net *net)
{
    return net->prec.gradients.width + plan_fit_xa(net) + plan_fit_clog2(net->batch);
}

/* Words of one PE memory of a dense (or conv, as dense over its fan-in)
 * layer: its rows times its chain's columns (the bias among them). */
static int64_t plan_fit_pe_depth(const struct ir_layer *l)
{
    int n = l->kind == IR_CONV ? l->fan_in : l->n_in;
    int m = l->kind == IR_CONV ? l->filters : l->n_out;
    int pes = l->pes > 0 ? l->pes : 1;
    int prow = l->pe_rows > 0 ? l->pe_rows : pes;      /* PEs per chain */
    int pcol = l->pe_cols > 1 ? l->pe_cols : 1;        /* chains along the inputs */
    return plan_fit_cdiv(m, prow) * (pcol == 1 ? n + 1 : plan_fit_cdiv(n + 1, pcol));
}

/* One dense (or conv, sized as dense over its fan-in) layer. */
static void plan_fit_layer(struct plan_fit_sum *s, const struct ir_net *net, int li)
{
    const struct ir_layer *l = &net->layers[li];
    const struct ir_precision *p = &net->prec;
    int ww = p->weights.width, wa = p->activations.width, wg = p->gradients.width, ws = p->state.width;
    int fa = wa - p->activations.int_bits;
    int xa = plan_fit_xa(net);
    int n = l->kind == IR_CONV ? l->fan_in : l->n_in;
    int m = l->kind == IR_CONV ? l->filters : l->n_out;
    int pes = l->pes > 0 ? l->pes : 1;
    int pcol = l->pe_cols > 1 ? l->pe_cols : 1;        /* chains along the inputs */
    int64_t depth = plan_fit_pe_depth(l);
    int acc = ww + xa + plan_fit_clog2(n + 2) + 2;
    int ps = ww + wg + plan_fit_clog2(m + 1) + 2;
    int ga = plan_fit_ga(net);
    bool first = true;
    for (int k = 0; k < li; k++)
        if (plan_fit_has_macs(&net->layers[k]))
            first = false;

    /* per PE (mlp_dense_pe): W, G, V memories (mlp_ram_dp: block RAM from
     * 16 words, flip-flops below); w*x and w*delta on one multiplier (one
     * pass at a time on the main chain), delta*x; the three exact adders
     * and the token pipeline */
    int64_t words = (int64_t)1 << plan_fit_clog2(depth);
    /* the iCE40 core of a net without momentum has no V (mlp_dense_pe HAS_V 0) */
    bool has_v = !net->hw.upd_seq || plan_fit_q24(net->opt.momentum);
    int wv = has_v ? ws : 0;
    for (int k = 0; k < pes; k++) {
        /* SPRAM (plan_fit_spram, mlp_dense_pe MEM_SP): 16 bits a block,
         * a G wider than its SPRAM bits keeps the rest in block RAM of the
         * exact depth; an address multiplexer each */
        int aw = plan_fit_clog2(depth);
        if (l->mem_sp & 1) {
            s->sprams += plan_fit_cdiv(ww, 16);
            s->luts += aw;
        }
        if (l->mem_sp & 2) {
            int gh = l->g_huge_w > 0 ? l->g_huge_w : ga;
            s->sprams += plan_fit_cdiv(gh, 16);
            s->luts += aw;
            if (ga > gh) {
                plan_fit_bram(s, depth, ga - gh, 1);
                s->luts += aw + plan_fit_cdiv(depth, 1024) * (ga - gh);
            }
        }
        if ((l->mem_sp & 4) && has_v) {
            s->sprams += plan_fit_cdiv(ws, 16);
            s->luts += aw;
        }
        /* the iCE40 core (upd_seq: emit_rtl's PE_BRAM 5) keeps W and V in
         * block RAM whatever their size */
        if (!(l->mem_sp & 1))
            plan_fit_mem_as(s, words, ww, 1, 50, net->hw.upd_seq);
        if (l->mem_sp & 2) {
            /* (counted above) */
        } else if (net->hw.upd_seq && ga <= 32) {
            /* G in block RAM too (emit_rtl's PE_BRAM 7): its read-modify-
             * write registers go into the block (xor's 3 PEs, G 32 bits:
             * -480 FFs, -210 LUT4 measured, 2026-12-05) */
            plan_fit_bram(s, words, ga, 1);
            s->ffs -= 4 * (int64_t)ga;
        } else {
            plan_fit_mem(s, words, ga, 1, 50);
        }
        if (has_v && !(l->mem_sp & 4))
            plan_fit_mem_as(s, words, ws, 1, 50, net->hw.upd_seq);
        if (net->hw.pe_mul1) {
            /* iCE40 (mlp_dense_pe MUL1): both products on one multiplier,
             * its operand multiplexers and the delta*x register (xor's 3
             * PEs: +259 LUT4, +117 FFs measured, 2026-12-05) */
            plan_fit_mul(s, ww > wg ? ww : wg, wa > wg ? wa : wg);
            s->luts += PLAN_FIT_MUL1_LUT;
            s->ffs += PLAN_FIT_MUL1_FF;
        } else {
            plan_fit_mul(s, ww, wa > wg ? wa : wg);
            plan_fit_mul(s, wg, wa);
        }
        s->luts += 3 * (int64_t)(acc + ps + ga);
        s->ffs += 2 * (int64_t)(acc + ps + ga) + PLAN_FIT_PE_FF_BASE;
    }

    /* the layer (mlp_dense_layer): sequencer, buffers (x, z, delta, the
     * input-gradient sums), the PE read multiplexers, requantizers,
     * activation and derivative tables, delta = g * f'(z) */
    s->luts += PLAN_FIT_REQ_LUT;
    s->luts += PLAN_FIT_LAYER_LUT_MUX_X10 * (int64_t)pes * (ww + ga + wv) / 10 + PLAN_FIT_LAYER_LUT_BASE;
    s->ffs += PLAN_FIT_LAYER_FF_BASE;
    /* x and z keep XS sample slots (the pipelined layers: XS = the power
     * of two >= 2 (L - l)), delta two */
    int nl = 0, lpos = 0;
    for (int k = 0; k < net->n_layers; k++)
        if (plan_fit_has_macs(&net->layers[k])) {
            if (k < li)
                lpos++;
            nl++;
        }
    int64_t xs = (int64_t)1 << plan_fit_clog2(2 * (nl - lpos));
    if (xs < 2)
        xs = 2;
    plan_fit_mem(s, xs * n, wa, 1, PLAN_FIT_BUF_LUT_PER_BIT_X100);
    plan_fit_mem(s, xs * m, wa, 1, PLAN_FIT_BUF_LUT_PER_BIT_X100);
    plan_fit_mem(s, 2 * (int64_t)m, wg, 1, PLAN_FIT_BUF_LUT_PER_BIT_X100);
    plan_fit_mem(s, n, ps, 1, PLAN_FIT_BUF_LUT_PER_BIT_X100);
    if (plan_fit_table_act(l->act)) {
        /* tables of Yosys-measured size: 7 blocks (sigmoid), 8 (tanh, elu);
         * the iCE40 core stores the sigmoid and tanh tables (f odd, f'
         * even about entry 512: emit_rtl's table_symmetry) as half tables
         * (mlp_dense_layer LUT_SYM_F / LUT_SYM_D): 4 blocks (xor 23 -> 17,
         * iris 31 -> 27 measured, 2026-12-05) */
        if (net->hw.upd_seq && l->act != IR_ACT_ELU)
            s->brams += 4;
        else
            s->brams += l->act == IR_ACT_SIGMOID ? 7 : 8;
    }
    if (!net->hw.upd_seq) {
        plan_fit_mul(s, wg, 16);
        if (l->act == IR_ACT_TANH || l->act == IR_ACT_ELU)
            plan_fit_mul(s, wg, 16);
    } else {
        if (l->act != IR_ACT_SOFTMAX && l->act != IR_ACT_RELU) {
            /* the iCE40 layer: one g*f'(z) product (f'(z) from zbuf), none
             * after softmax, none for relu (f' is the bit z > 0) (iris: 1
             * SB_MAC16 in the tanh layer, 0 in the softmax one; xor: 1 in
             * each sigmoid layer; digits: 0 in its relu layer) */
            plan_fit_mul(s, wg, 16);
        }
        /* the sequencer's next row-group base (r+1)*NCC (and the gradient
         * stream's, layer 0): Yosys puts a constant product of 11 bits or
         * more on a DSP unless NCC is a power of two (digits layer 0, NCC
         * 65, AW 12: 2 SB_MAC16, 2026-12-06) */
        int64_t ncc = pcol == 1 ? n + (l->bias ? 1 : 0) : plan_fit_cdiv(n + 1, pcol);
        if (s->has_dsp && plan_fit_clog2(depth) >= 11 && (ncc & (ncc - 1)) != 0)
            s->dsps += first ? 2 : 1;
        /* the layer's addressing, buffers and counters grow with its
         * inputs and outputs (digits 64-32-10 against iris 4-8-3: the
         * model was 20 % low on digits' LUT4 and 17 % on its FFs) */
        s->luts += PLAN_FIT_ICE_IO_LUT * (int64_t)(n + m);
        s->ffs += PLAN_FIT_ICE_IO_FF * (int64_t)(n + m);
    }
    /* stochastic rounding: one hash unit per tensor rounded that way, and
     * the update's two (v and w) beside every update unit: one per PE (on
     * iCE40 none: mlp_update_sgd_hashed, counted in plan_fit_estimate) (fmnist_mlp on xc7a100t,
     * stochastic weights: 64 of them, measured 268 864 LUTs in all) */
    int units = net->hw.upd_seq ? 0 : pes;   /* iCE40: the shared unit's one sequential hash */
    int hashes = 2 * plan_fit_stoch(p->activations) + (first ? 1 : 2) * plan_fit_stoch(p->gradients) +
                 units * (plan_fit_stoch(p->state) + plan_fit_stoch(p->weights));
    s->luts += (int64_t)hashes * PLAN_FIT_HASH_LUT;

    /* the update units: one combinational mlp_update_sgd per PE, or for
     * iCE40 (net->hw.upd_seq) one mlp_update_sgd_seq the layers share
     * (counted once, in plan_fit_estimate) */
    int fw = ww - p->weights.int_bits, fs = ws - p->state.int_bits, fg = wg - p->gradients.int_bits + fa;
    int fd = fg > fw + 24 ? fg : fw + 24;
    fd = fd > fs + 24 ? fd : fs + 24;
    int sa = ga + fd - fg, sb = ww + 33 + fd - fw - 24, sc = ws + 33 + fd - fs - 24, sd = ws + fd - fs;
    int stw = (sa > sb ? sa : sb);
    stw = (stw > sc ? stw : sc);
    stw = (stw > sd ? stw : sd) + 3;
    if (!net->hw.upd_seq) {
        for (int k = 0; k < pes; k++) {
            /* wd*w, mom*v, mom*v', lr*step; the hyperparameters are 32-bit unsigned */
            plan_fit_mul(s, 32, ww);
            plan_fit_mul(s, 32, ws);
            plan_fit_mul(s, 32, ws);
            plan_fit_mul(s, 32, stw);
            s->luts += PLAN_FIT_UPD_LUT;
        }
    }
}

/* plan_fit_spram's candidates: one memory kind of one layer (all its PEs) */
struct plan_fit_spcand {
    int li, kind;        /* kind 0 W, 1 G, 2 V */
    int64_t cost;        /* SPRAMs */
    int64_t saved;       /* block RAMs saved */
    int gh;              /* G: bits in SPRAM */
};

void plan_fit_spram(struct ir_net *net)
{
    for (int i = 0; i < net->n_layers; i++) {
        net->layers[i].mem_sp = 0;
        net->layers[i].g_huge_w = 0;
    }
    const struct plan_fit_part *part = plan_fit_part(net);
    if (!part || part->sprams <= 0 || !net->hw.upd_seq || !net->hw.pe_mul1)
        return;
    const struct plan_fit_coef *c = plan_fit_coef_of(part->target);
    const struct ir_precision *p = &net->prec;
    int ww = p->weights.width, ws = p->state.width;
    int ga = plan_fit_ga(net);
    int gh = plan_fit_g_huge_w(ga) > 0 ? plan_fit_g_huge_w(ga) : ga;
    bool has_v = plan_fit_q24(net->opt.momentum);
    struct plan_fit_spcand *cand = malloc(sizeof *cand * (size_t)(3 * net->n_layers + 1));
    if (!cand)
        return;   /* (no SPRAM: block RAM as before) */
    int nc = 0;
    for (int i = 0; i < net->n_layers; i++) {
        const struct ir_layer *l = &net->layers[i];
        if (l->kind != IR_DENSE || l->pes <= 0)
            continue;
        int64_t depth = plan_fit_pe_depth(l);
        if (depth <= PLAN_FIT_SPRAM_MIN_WORDS || depth > 16384)
            continue;
        int64_t words = (int64_t)1 << plan_fit_clog2(depth);
        const int width[3] = { ww, ga, has_v ? ws : 0 };
        for (int k = 0; k < 3; k++) {
            if (width[k] == 0)
                continue;
            int bits = k == 1 ? gh : width[k];
            struct plan_fit_spcand *q = &cand[nc++];
            q->li = i;
            q->kind = k;
            q->gh = bits;
            q->cost = (int64_t)l->pes * plan_fit_cdiv(bits, 16);
            q->saved = (int64_t)l->pes * (plan_fit_blocks(c, words, width[k]) -
                                           plan_fit_blocks(c, depth, width[k] - bits));
        }
    }
    /* greedy: the most block RAMs saved per SPRAM first (ties: the earlier
     * layer, then W, G, V), while the SPRAMs last */
    int64_t left = part->sprams;
    for (;;) {
        int best = -1;
        for (int k = 0; k < nc; k++) {
            const struct plan_fit_spcand *q = &cand[k];
            if (q->cost <= 0 || q->cost > left || q->saved <= 0)
                continue;
            if (best < 0 || q->saved * cand[best].cost > cand[best].saved * q->cost)
                best = k;
        }
        if (best < 0)
            break;
        struct plan_fit_spcand *q = &cand[best];
        struct ir_layer *l = &net->layers[q->li];
        l->mem_sp |= 1 << q->kind;
        if (q->kind == 1)
            l->g_huge_w = plan_fit_g_huge_w(ga);
        left -= q->cost;
        q->cost = 0;
    }
    free(cand);
}

void plan_fit_estimate(const struct ir_net *net, const struct plan_fit_part *part, struct plan_fit *out)
{
    struct plan_fit_sum s = { plan_fit_coef_of(part->target), part->dsps > 0, 0, 0, 0, 0, 0 };
    for (int i = 0; i < net->n_layers; i++)
        if (plan_fit_has_macs(&net->layers[i]))
            plan_fit_layer(&s, net, i);
    /* the shared sequential update unit (iCE40) */
    if (net->hw.upd_seq) {
        bool mom = plan_fit_q24(net->opt.momentum), wd = plan_fit_q24(net->opt.weight_decay);
        plan_fit_mul(&s, 16, 16);
        /* momentum without Nesterov: emit_rtl's HAS_NEST 0, the w sum
         * aligned to v' (81 -> 47 bits for iris12) */
        bool nest0 = mom && !wd && !net->opt.nesterov;
        s.luts += nest0 ? PLAN_FIT_SEQ_NEST0_LUT
                  : mom ? (wd ? PLAN_FIT_SEQ_LUT : PLAN_FIT_SEQ_NOWD_LUT)
                        : (wd ? PLAN_FIT_SEQ_NOMOM_LUT : PLAN_FIT_SEQ_SGD_LUT);
        s.ffs += nest0 ? PLAN_FIT_SEQ_NEST0_FF
                 : mom ? (wd ? PLAN_FIT_SEQ_FF : PLAN_FIT_SEQ_NOWD_FF)
                       : (wd ? PLAN_FIT_SEQ_NOMOM_FF : PLAN_FIT_SEQ_SGD_FF);
        /* mlp_update_sgd_hashed: one mlp_hash_seq and the latched step when
         * w (or v, with momentum) rounds stochastically (iris at pes=2:
         * 11 615 -> 6 082 LUT4, +270 FFs against two mlp_hash a layer) */
        if (plan_fit_stoch(net->prec.weights) || (mom && plan_fit_stoch(net->prec.state))) {
            s.luts += PLAN_FIT_HASH_SEQ_LUT;
            s.ffs += PLAN_FIT_HASH_SEQ_FF;
        }
    }
    /* controller and AXI, the performance counters (hardware perf=on: 6
     * fixed, one per stage and one per multiply unit), the loss unit */
    int64_t nc = 2;   /* the 8 L + 2 saturation counters */
    for (int i = 0; i < net->n_layers; i++)
        if (plan_fit_has_macs(&net->layers[i]))
            nc += 8;
    if (net->hw.upd_seq) {
        /* measured without counters; the counter terms below add them */
        s.luts += PLAN_FIT_ICE_CORE_LUT + nc * PLAN_FIT_CNT_LUT;
        s.ffs += PLAN_FIT_ICE_CORE_FF + nc * PLAN_FIT_CNT_FF;
    } else {
        s.luts += PLAN_FIT_CORE_LUT;
        s.ffs += PLAN_FIT_CORE_FF;
    }
    if (!net->hw.counters) {
        /* none (counters=off, mlp_ctrl_core CNT_RAM = 2), nor the layers'
         * event counts (xor's 18: -940 LUT4, -484 FFs against registers,
         * -517 / -153 / -2 SB_RAM40_4K against block RAM) */
        s.luts -= nc * PLAN_FIT_CNT_LUT;
        s.ffs -= nc * PLAN_FIT_CNT_FF;
    } else if (net->hw.cnt_ram) {
        /* in block RAM (mlp_event_counters RAM = 1): pending counts and one
         * adder instead of 32-bit registers (xor's 18: -423 LUT4, -331
         * FFs, +2 SB_RAM40_4K) */
        s.luts -= nc * PLAN_FIT_CNT_RAM_LUT;
        s.ffs -= nc * PLAN_FIT_CNT_RAM_FF;
        s.brams += 2;
    }
    if (net->hw.perf) {
        int64_t counters = 6;
        for (int i = 0; i < net->n_layers; i++)
            if (plan_fit_has_macs(&net->layers[i]))
                counters += 1 + (net->layers[i].pes > 0 ? net->layers[i].pes : 1);
        s.luts += counters * PLAN_FIT_PERF_LUT;
        s.ffs += counters * PLAN_FIT_PERF_FF;
    }
    /* err*(1/B): an (W_A+2) x 33 product (4 multipliers), or on iCE40
     * (net->hw.mul_seq, mlp_loss_out MSEQ) one 16x16 over 2*NE cycles */
    int64_t loss_dsp = net->hw.mul_seq ? 1
                     : (net->loss == IR_LOSS_CROSS_ENTROPY ? PLAN_FIT_CE_DSP : PLAN_FIT_MSE_DSP);
    bool ice = net->hw.upd_seq && net->hw.mul_seq;
    if (net->loss == IR_LOSS_CROSS_ENTROPY) {
        s.luts += ice ? PLAN_FIT_ICE_CE_LUT : PLAN_FIT_CE_LUT;
        s.ffs += ice ? PLAN_FIT_ICE_CE_FF : PLAN_FIT_CE_FF;
        s.dsps += s.has_dsp ? loss_dsp : 0;
        s.luts += s.has_dsp ? 0 : loss_dsp * 16 * 16 * s.c->lut_mul_per_bit2_x100 / 100;
        s.brams += 5;   /* exp table and sums (Yosys: 5 SB_RAM40_4K; MSEQ: a 16-bit exp table, 4, and the targets, 1) */
    } else {
        s.luts += ice ? PLAN_FIT_ICE_MSE_LUT : PLAN_FIT_MSE_LUT;
        s.ffs += ice ? PLAN_FIT_ICE_MSE_FF : PLAN_FIT_MSE_FF;
        s.brams += ice ? 1 : 0;   /* MSEQ: the targets in block RAM (xor 17 -> 18, 2026-12-06) */
        s.dsps += s.has_dsp ? loss_dsp : 0;
        s.luts += s.has_dsp ? 0 : loss_dsp * 16 * 16 * s.c->lut_mul_per_bit2_x100 / 100;
    }

    memset(out, 0, sizeof *out);
    out->part = part;
    /* the trimmed iCE40 core flattens further: xor's -noflatten module sum
     * (4 204 LUT4, 3 081 FFs, d179284) against the flattened core (3 395,
     * 1 909): 81 % and 62 %; the scales below make this estimate meet
     * xor's flattened figures (calibration case, tests/synth/fit_cases.txt) */
    bool ice_core = net->hw.upd_seq && part->target == IR_TARGET_ICE40;
    out->luts = s.luts * (ice_core ? PLAN_FIT_ICE_LUT_PCT : s.c->lut_pct) / 100;
    out->ffs = s.ffs * (ice_core ? PLAN_FIT_ICE_FF_PCT : s.c->ff_pct) / 100;
    out->brams = s.brams;
    out->dsps = s.dsps;
    out->sprams = (int)s.sprams;
    out->lut_pct = (int)plan_fit_cdiv(100 * out->luts, part->luts);
    out->ff_pct = (int)plan_fit_cdiv(100 * out->ffs, part->ffs);
    out->bram_pct = (int)plan_fit_cdiv(100 * out->brams, part->brams);
    out->dsp_pct = part->dsps > 0 ? (int)plan_fit_cdiv(100 * out->dsps, part->dsps) : 0;
    if (part->target == IR_TARGET_ICE40) {
        /* nextpnr packs a LUT, its carry and a flip-flop into one logic
         * cell, but a flip-flop without a partner LUT takes a cell of its
         * own: cells = LUT4s + 0.63 flip-flops, boards measured with
         * nextpnr-ice40 (LUT4 / FFs of the whole board -> cells): xor on
         * UP5K 3 804 / 2 176 -> 5 187 (0.636 a FF), xor on HX8K (LUT
         * multipliers) 8 862 / 2 223 -> 10 265 (0.631), iris on UP5K
         * 5 250 / 2 938 -> 7 045 (0.611); a fixed cells-per-LUT ratio
         * (1.364 from the first) was 18 % high on the second */
        out->lcs = out->luts + PLAN_FIT_ICE_WRAP_LUT +
                   (out->ffs + PLAN_FIT_ICE_WRAP_FF) * PLAN_FIT_ICE_LC_FF_X1000 / 1000;
        out->lc_pct = (int)plan_fit_cdiv(100 * out->lcs, part->luts);
    }
    out->fits = out->sprams <= part->sprams && out->luts <= part->luts && out->ffs <= part->ffs &&
                out->brams <= part->brams &&
                out->dsps <= part->dsps && out->lcs <= part->luts;
}

/* The resource that overflows most, for the warning. */
static const char *plan_fit_worst(const struct plan_fit *f, int *pct)
{
    const char *name = "LUTs";
    *pct = f->lut_pct;
    if (f->ff_pct > *pct) { name = "flip-flops"; *pct = f->ff_pct; }
    if (f->bram_pct > *pct) { name = "block RAMs"; *pct = f->bram_pct; }
    if (f->dsp_pct > *pct) { name = "DSPs"; *pct = f->dsp_pct; }
    if (f->lc_pct > *pct) { name = "logic cells with the board wrapper"; *pct = f->lc_pct; }
    return name;
}

int plan_fit_print(const struct ir_net *net, FILE *out)
{
    const struct plan_fit_part *part = plan_fit_part(net);
    int r;
    if (!part) {
        r = fprintf(out, "fit none (target %s: no device)\n", ir_target_name(net->hw.target));
        return r < 0 ? -1 : 0;
    }
    struct plan_fit f;
    plan_fit_estimate(net, part, &f);
    int planned = 0;
    for (int i = 0; i < net->n_layers; i++)
        planned += net->layers[i].pes;
    r = fprintf(out,
                "fit %s pes %d (%d planned): %s %lld/%lld (%d%%) FF %lld/%lld (%d%%) %s %lld/%lld (%d%%) %s %lld/%lld%s",
                part->name, net->hw.pes, planned, part->lut_name, (long long)f.luts, (long long)part->luts, f.lut_pct,
                (long long)f.ffs, (long long)part->ffs, f.ff_pct, part->bram_name, (long long)f.brams,
                (long long)part->brams, f.bram_pct, part->dsps > 0 ? part->dsp_name : "DSP",
                (long long)f.dsps, (long long)part->dsps,
                part->dsps > 0 ? "" : " (no DSPs: multipliers in LUTs)");
    if (r >= 0 && f.sprams > 0)
        r = fprintf(out, " SB_SPRAM256KA %d/%d", f.sprams, part->sprams);
    if (r >= 0 && f.lcs > 0)
        r = fprintf(out, " LC+board %lld/%lld (%d%%)", (long long)f.lcs, (long long)part->luts, f.lc_pct);
    if (r >= 0)
        r = fprintf(out, " -> %s\n", f.fits ? "fits" : "does not fit");
    return r < 0 ? -1 : 0;
}

/* Where the warning points: the value of `key=` in the hardware statement,
 * else the statement's keyword, else line 1. */
static struct loc plan_fit_loc(const struct diag *d, const char *key)
{
    struct loc at = { 1, 1, 1 };
    if (!d->text)
        return at;
    const char *t = d->text, *end = d->text + d->len;
    int line = 1;
    for (const char *ls = t; ls < end; line++) {
        const char *le = memchr(ls, '\n', (size_t)(end - ls));
        if (!le)
            le = end;
        const char *q = ls;
        while (q < le && (*q == ' ' || *q == '\t'))
            q++;
        if ((size_t)(le - q) >= 8 && memcmp(q, "hardware", 8) == 0 &&
            (q + 8 == le || q[8] == ' ' || q[8] == '\t' || q[8] == '\r')) {
            at.line = line;
            at.col = (int)(q - ls) + 1;
            at.len = 8;
            size_t kl = strlen(key);
            for (const char *k = q + 8; k + kl < le; k++) {
                if ((k[-1] == ' ' || k[-1] == '\t') && memcmp(k, key, kl) == 0 && k[kl] == '=') {
                    const char *v = k + kl + 1, *ve = v;
                    while (ve < le && *ve != ' ' && *ve != '\t' && *ve != '\r' && *ve != '#')
                        ve++;
                    at.col = (int)(v - ls) + 1;
                    at.len = (int)(ve - v);
                    break;
                }
            }
            return at;
        }
        ls = le + 1;
    }
    return at;
}

/* Fewest and most units the planner can use. */
static void plan_fit_pes_range(const struct ir_net *net, int *lo, int *hi)
{
    int fixed = 0, free_layers = 0;
    int64_t rows = 0;
    for (int i = 0; i < net->n_layers; i++) {
        const struct ir_layer *l = &net->layers[i];
        if (!plan_fit_has_macs(l))
            continue;
        if (l->parallel > 0) {
            fixed += l->parallel;
        } else {
            free_layers++;
            rows += l->kind == IR_CONV ? l->filters : l->n_out;
        }
    }
    *lo = fixed + free_layers;
    *hi = (int)(fixed + rows > 1000000 ? 1000000 : fixed + rows);
    if (*lo < 1)
        *lo = 1;
    if (*hi < *lo)
        *hi = *lo;
}

int plan_fit_apply(struct ir_net *net, struct diag *d)
{
    const struct plan_fit_part *part = plan_fit_part(net);
    if (!part)
        return net->hw.pes;
    struct plan_fit f;
    if (!net->hw.pes_given) {
        int lo, hi;
        plan_fit_pes_range(net, &lo, &hi);
        int chosen = lo;
        for (int k = hi; k >= lo; k--) {
            net->hw.pes = k;
            plan_pes(net);
            plan_fit_estimate(net, part, &f);
            if (f.fits) {
                chosen = k;
                break;
            }
        }
        net->hw.pes = chosen;
        plan_pes(net);
    }
    plan_fit_estimate(net, part, &f);
    if (!f.fits) {
        int pct;
        const char *what = plan_fit_worst(&f, &pct);
        struct loc at = plan_fit_loc(d, net->hw.pes_given ? "pes" : "device");
        diag_warning(d, at, "the core will not fit %s at pes=%d: estimated %s at %d%% of the part "
                     "(%lld LUTs %d%%, %lld FFs %d%%, %lld block RAMs %d%%, %lld DSPs %d%%%s%.0lld%s%.0d%s)",
                     part->name, net->hw.pes, what, pct, (long long)f.luts, f.lut_pct, (long long)f.ffs,
                     f.ff_pct, (long long)f.brams, f.bram_pct, (long long)f.dsps, f.dsp_pct,
                     f.lcs > 0 ? ", " : "", (long long)f.lcs, f.lcs > 0 ? " logic cells " : "", f.lc_pct,
                     f.lcs > 0 ? "%" : "");
    }
    return net->hw.pes;
}
