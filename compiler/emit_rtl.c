/* emit_rtl.c: the hardware back end (emit_rtl.h). Fills templates/rtl with
 * the layer instances and their table contents, copies the rtl_lib modules,
 * writes <ident>_hw.h (register map), and the Verilator project of sim/
 * (templates/sim; the network tables the reference model needs are the
 * host's, or sim/sim_net.c where there is no host). */
#define _POSIX_C_SOURCE 200809L
#include "emit_rtl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit_net.h"
#include "emit_text.h"
#include "hw_core.h"
#include "init.h"
#include "plan_fit.h"

#ifndef MLPGEN_SOURCE_DIR
#define MLPGEN_SOURCE_DIR "."
#endif

/* ---- template substitution: @KEY@ with KEY in [A-Z0-9_]+ ---- */
struct kv {
    const char *key;
    char *val;       /* owned */
};

struct kvs {
    struct kv item[96];   /* (64 overflowed once a layer had U and USEQ: keys were dropped) */
    int n;
};

static void kv_set(struct kvs *k, const char *key, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void kv_set(struct kvs *k, const char *key, const char *fmt, ...)
{
    struct emit_buf b = {0};
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof tmp) {
        emit_put(&b, tmp, (size_t)n);
    } else {
        b.err = 1;
    }
    for (int i = 0; i < k->n; i++) {
        if (strcmp(k->item[i].key, key) == 0) {
            free(k->item[i].val);
            k->item[i].val = b.p;
            return;
        }
    }
    if (k->n < (int)(sizeof k->item / sizeof k->item[0])) {
        k->item[k->n].key = key;
        k->item[k->n].val = b.p;
        k->n++;
    } else {
        free(b.p);
    }
}

/* Take ownership of a built string. */
static void kv_take(struct kvs *k, const char *key, char *val)
{
    for (int i = 0; i < k->n; i++) {
        if (strcmp(k->item[i].key, key) == 0) {
            free(k->item[i].val);
            k->item[i].val = val;
            return;
        }
    }
    if (k->n < (int)(sizeof k->item / sizeof k->item[0])) {
        k->item[k->n].key = key;
        k->item[k->n].val = val;
        k->n++;
    } else {
        free(val);
    }
}

static void kv_free(struct kvs *k)
{
    for (int i = 0; i < k->n; i++)
        free(k->item[i].val);
    k->n = 0;
}

static int is_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static void fill(struct emit_buf *out, const char *t, const struct kvs *k)
{
    while (*t) {
        if (*t == '@') {
            const char *e = t + 1;
            while (is_key_char(*e))
                e++;
            if (*e == '@' && e > t + 1) {
                size_t len = (size_t)(e - t - 1);
                int found = 0;
                for (int i = 0; i < k->n; i++) {
                    if (strlen(k->item[i].key) == len && memcmp(k->item[i].key, t + 1, len) == 0) {
                        const char *v = k->item[i].val ? k->item[i].val : "";
                        emit_put(out, v, strlen(v));
                        found = 1;
                        break;
                    }
                }
                if (found) {
                    t = e + 1;
                    continue;
                }
            }
        }
        emit_put(out, t, 1);
        t++;
    }
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct emit_buf b = {0};
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        emit_put(&b, buf, n);
    fclose(f);
    if (b.err || !b.p) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* ---- layout: must match mlp_dense_layer's localparams ---- */
static int clog2i(long v)
{
    int c = 0;
    long t = v - 1;
    while (t > 0) {
        c++;
        t >>= 1;
    }
    return c;
}

static void layout_of(const struct mlp_net *net, const int *pes, const int *cols,
                      struct hw_layout *lo)
{
    memset(lo, 0, sizeof *lo);
    lo->n_layers = net->n_layers;
    int haw = 0;
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        struct hw_layer_layout *h = &lo->layer[l];
        int p = pes[l] < 1 ? 1 : pes[l] > ly->n_out ? ly->n_out : pes[l];
        /* column chains: layer 0 only (it sends no g), at most N+1 */
        int c = cols && l == 0 && cols[l] > 1 ? cols[l] : 1;
        if (c > ly->n_in + 1)
            c = ly->n_in + 1;
        int r = (ly->n_out + p - 1) / p;
        int ncc = (ly->n_in + 1 + c - 1) / c;
        long depth = (long)r * ncc;
        h->n_in = ly->n_in;
        h->n_out = ly->n_out;
        h->pes = p * c;
        h->bias = ly->bias;
        h->aw = clog2i(depth) < 1 ? 1 : clog2i(depth);
        h->pw = clog2i(p * c) < 1 ? 1 : clog2i(p * c);
        h->cols = c;
        if (2 + h->pw + h->aw > haw)
            haw = 2 + h->pw + h->aw;
    }
    lo->lrb = haw + 2 < 10 ? 10 : haw + 2;
    /* the register window also holds the performance counters from 0x400 */
    int units = 0;
    for (int l = 0; l < net->n_layers; l++)
        units += lo->layer[l].pes;
    int perf_bits = clog2i(HW_REG_PERF + 4L * (HW_PERF_FIXED + net->n_layers + units));
    if (lo->lrb < perf_bits)
        lo->lrb = perf_bits;
    lo->axw = lo->lrb + clog2i(net->n_layers + 1);
    if (lo->axw < 12)
        lo->axw = 12;
}

int emit_rtl_flags(const struct ir_net *net)
{
    return emit_rtl_seq_flags(net->hw.upd_seq, net->hw.mul_seq) | (net->hw.perf ? 0 : EMIT_RTL_NO_PERF) |
           (net->hw.pe_mul1 ? EMIT_RTL_MUL1 : 0) | (net->hw.cnt_ram ? EMIT_RTL_CNT_RAM : 0) |
           (net->hw.counters ? 0 : EMIT_RTL_NO_CNT) | (net->hw.loss_ovl ? EMIT_RTL_LOV : 0);
}

int emit_rtl_axi_bits(const struct mlp_net *net, const int *pes, const int *cols)
{
    if (net->n_layers < 1 || net->n_layers > HW_MAX_LAYERS)
        return -1;
    struct hw_layout lo;
    layout_of(net, pes, cols, &lo);
    return lo.axw;
}

/* A table as a Verilog literal of 1024*w bits, entry n at bits [n*w +: w]. */
static void table_literal(struct emit_buf *b, const int32_t *data, int w)
{
    long total = 1024L * w;
    long digits = (total + 3) / 4;
    emit_printf(b, "%ld'h", total);
    for (long d = digits - 1; d >= 0; d--) {
        unsigned v = 0;
        for (int k = 3; k >= 0; k--) {
            long bit = d * 4 + k;
            unsigned x = 0;
            if (bit < total) {
                long n = bit / w;
                int pos = (int)(bit % w);
                x = data ? ((uint32_t)data[n] >> pos) & 1u : 0u;
            }
            v = (v << 1) | x;
        }
        emit_printf(b, "%x", v);
    }
}

/* Which half-table form (mlp_dense_layer LUT_SYM_*) reproduces the 1024
 * entries of a table w bits wide exactly, entries taken modulo 2^w as the
 * core stores them: 2 even about entry 512 (entry i, 1 <= i < 512, reads
 * entry 1024 - i), 1 odd about it (2 f[512] - that entry), 0 neither (the
 * full table). Entry 0 has no mirror; the layer takes it from the
 * parameter where entry 1023 does not stand for it. */
static int table_symmetry(const int32_t *data, int w)
{
    if (!data)
        return 0;
    uint32_t mask = w >= 32 ? 0xffffffffu : (1u << w) - 1u;
    uint32_t c2 = ((uint32_t)data[512] << 1) & mask;
    int even = 1, odd = 1;
    for (int i = 1; i < 512; i++) {
        uint32_t f = (uint32_t)data[i] & mask, h = (uint32_t)data[1024 - i] & mask;
        if (f != h)
            even = 0;
        if (f != ((c2 - h) & mask))
            odd = 0;
    }
    return even ? 2 : odd ? 1 : 0;
}

static const char *act_name(enum mlp_act a)
{
    static const char *const names[] = {"linear", "sigmoid", "tanh", "relu",
                                        "leaky_relu", "elu", "softmax"};
    return (int)a >= 0 && (int)a < 7 ? names[a] : "?";
}

static int loss_code(const struct mlp_net *net)
{
    const struct mlp_layer *last = &net->layers[net->n_layers - 1];
    switch (net->loss) {
    case MLP_MSE: return 0;
    case MLP_CROSS_ENTROPY: return last->act == MLP_SOFTMAX ? 1 : 2;
    case MLP_HINGE: return 3;
    }
    return 0;
}

static void fmt_keys(struct kvs *k, const char *w, const char *f, const char *r, const char *o,
                     struct fx_format fmt)
{
    kv_set(k, w, "%d", fmt.width);
    kv_set(k, f, "%d", fx_frac(fmt));
    kv_set(k, r, "%d", (int)fmt.round);
    kv_set(k, o, "%d", (int)fmt.ovf);
}

static char *upper(const char *s)
{
    size_t n = strlen(s);
    char *u = malloc(n + 1);
    if (!u)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        u[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
    return u;
}

/* ---- the top ---- */
static int emit_top(const struct mlp_net *net, const struct hw_layout *lo, int flags, const int *mem_sp,
                    const char *ident, const char *src_dir, struct emit_buf *top)
{
    int upd_seq = (flags & EMIT_RTL_USEQ) != 0;
    /* forward-only batches stream (mlp_ctrl_core ISTR: no slots, each layer
     * takes the next sample at its last token; the loss unit two result
     * slots deep) except in the iCE40-style core, where the few hundred
     * LUTs it adds do not fit */
    int istr = !upd_seq;
    /* the slots a streaming layer after the first holds (mlp_dense_layer
     * XSI) and the loss unit's (mlp_loss_out AS): samples in flight between
     * a layer taking one and the next layer having read it, enough for the
     * examples' smallest layers (xor: about 15 cycles at 3 a sample) */
    enum { EMIT_RTL_XSI = 8, EMIT_RTL_LAS = 4 };
    char path[4096];
    snprintf(path, sizeof path, "%s/templates/rtl/top.v.in", src_dir);
    char *t_top = read_file(path);
    snprintf(path, sizeof path, "%s/templates/rtl/layer.v.in", src_dir);
    char *t_layer = read_file(path);
    if (!t_top || !t_layer) {
        free(t_top);
        free(t_layer);
        return -1;
    }
    struct kvs k = {0};
    struct emit_buf layers = {0};
    int L = net->n_layers;
    /* the exact gradient accumulator's width (mlp_dense_layer GA_BITS, which
     * checks it): the shared update unit's G input */
    int fa = fx_frac(net->activations);
    int xa = net->activations.width > fa + 1 ? net->activations.width : fa + 1;
    int ga_bits = net->gradients.width + xa + clog2i(net->batch);
    /* the sequential update path holds only what the net's optimizer uses
     * (docs/architecture.md): without momentum (momentum_q 0, which also
     * turns Nesterov off) the unit has no momentum phases and the PEs no V
     * memory; without weight decay no wd*w phase. The host writes the
     * net's own hyperparameters (hw_core.c), and no schedule or option
     * changes momentum, Nesterov or weight decay at run time. Momentum
     * without Nesterov (the step is v' itself) drops the Nesterov phase and
     * narrows the w sum (HAS_NEST 0). Only the cleared ones are written, so
     * the other cores' tops stay as they were. */
    struct emit_buf spec = {0};
    if (upd_seq && net->hyper.momentum_q == 0)
        emit_printf(&spec, ", .HAS_MOM(0)");
    if (upd_seq && net->hyper.momentum_q != 0 && !net->hyper.nesterov)
        emit_printf(&spec, ", .HAS_NEST(0)");
    if (upd_seq && net->hyper.weight_decay_q == 0)
        emit_printf(&spec, ", .HAS_WD(0)");
    const char *upd_spec = spec.p ? spec.p : "";
    for (int l = 0; l < L; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        const struct hw_layer_layout *h = &lo->layer[l];
        kv_set(&k, "LI", "%d", l);
        kv_set(&k, "N", "%d", ly->n_in);
        kv_set(&k, "M", "%d", ly->n_out);
        kv_set(&k, "P", "%d", h->pes / h->cols);
        kv_set(&k, "C", "%d", h->cols);
        kv_set(&k, "PT", "%d", h->pes);
        kv_set(&k, "U", "%d", upd_seq ? 1 : 0);
        kv_set(&k, "USEQ", "%d", upd_seq ? 1 : 0);
        /* the iCE40 core: W, G and V of every PE in block RAM without the
         * read-first bypass (mlp_dense_pe MEM_BLOCK). A wider G (iris: 35
         * bits) is not kept out of block RAM by a clear bit: Yosys maps it
         * to 3 blocks anyway, with the bypass's registers and multiplexers
         * beside them (iris: 155 FFs and 94 LUT4 more, 2026-12-05) */
        kv_set(&k, "PE_BRAM", "%d", upd_seq ? 7 : 0);
        /* ... and one sequential unit for all layers, which update in turn */
        kv_set(&k, "USHARE", "%d", upd_seq ? 1 : 0);
        kv_set(&k, "XG_W", "%d", upd_seq ? ga_bits : 1);
        /* one multiplier per PE: the parameter only where it is set, so
         * other cores' tops stay as they were */
        /* PE memories in the UP5K's single-port SPRAM (plan_fit_spram;
         * the iCE40 core only): also only where set */
        char sp_spec[96] = "";
        int sp = mem_sp ? mem_sp[l] & 7 : 0;
        if (upd_seq && (flags & EMIT_RTL_MUL1) && sp != 0)
            snprintf(sp_spec, sizeof sp_spec, ",\n        .PE_SP(%d), .PE_HUGE(%d), .G_HUGE_W(%d)", sp, sp,
                     (sp & 2) ? plan_fit_g_huge_w(ga_bits) : 0);
        kv_set(&k, "MUL1", "%s%s%s", (flags & EMIT_RTL_MUL1) ? ", .MUL1(1)" : "", upd_spec, sp_spec);
        kv_set(&k, "BIAS", "%d", ly->bias ? 1 : 0);
        kv_set(&k, "ACT", "%d", (int)ly->act);
        kv_set(&k, "ACTNAME", "%s", act_name(ly->act));
        kv_set(&k, "ALPHA_Q", "%u", ly->alpha_q);
        kv_set(&k, "BMAX", "%d", net->batch);
        fmt_keys(&k, "W_W", "F_W", "RND_W", "OVF_W", net->weights);
        fmt_keys(&k, "W_A", "F_A", "RND_A", "OVF_A", net->activations);
        fmt_keys(&k, "W_G", "F_G", "RND_G", "OVF_G", net->gradients);
        fmt_keys(&k, "W_S", "F_S", "RND_S", "OVF_S", net->state);
        int table = ly->act == MLP_SIGMOID || ly->act == MLP_TANH || ly->act == MLP_ELU;
        kv_set(&k, "LUT_Q", "%d", table ? ly->f.q : 0);
        kv_set(&k, "LUT_OFF", "%d", table ? ly->f.off : 0);
        kv_set(&k, "F_D", "%d", table ? fx_frac(ly->df.out) : 14);
        struct emit_buf tf = {0}, td = {0};
        table_literal(&tf, table ? ly->f.data : NULL, net->activations.width);
        table_literal(&td, table ? ly->df.data : NULL, 16);
        kv_take(&k, "LUT_F_DATA", tf.p);
        kv_take(&k, "LUT_D_DATA", td.p);
        /* the iCE40 core: a table symmetric about entry 512 (tanh, sigmoid
         * and their derivatives, checked bit for bit) stores its upper half
         * only, 2 block RAMs instead of 4; the parameters only where set */
        {
            int sf = upd_seq && table ? table_symmetry(ly->f.data, net->activations.width) : 0;
            int sd = upd_seq && table ? table_symmetry(ly->df.data, 16) : 0;
            struct emit_buf sym = {0};
            if (sf)
                emit_printf(&sym, ", .LUT_SYM_F(%d)", sf);
            if (sd)
                emit_printf(&sym, ", .LUT_SYM_D(%d)", sd);
            kv_set(&k, "LUT_SYM", "%s", sym.p ? sym.p : "");
            free(sym.p);
        }
        kv_set(&k, "NL", "%d", L);
        kv_set(&k, "LOV", "%s", (flags & EMIT_RTL_LOV) ? ", .LOV(1)" : "");
        kv_set(&k, "ISTR", "%d", istr);
        kv_set(&k, "XSI", "%d", istr ? EMIT_RTL_XSI : 0);
        if (l == 0) {
            kv_set(&k, "X_S", "in_s");
            kv_set(&k, "X_WE", "in_x_we");
            kv_set(&k, "X_IDX", "in_idx");
            kv_set(&k, "X_DATA", "in_data");
        } else {
            kv_set(&k, "X_S", "%s[%d +: 16]", istr ? "y_s" : "f_s", 16 * (l - 1));
            kv_set(&k, "X_WE", "l%d_y_valid", l - 1);
            kv_set(&k, "X_IDX", "l%d_y_idx", l - 1);
            kv_set(&k, "X_DATA", "l%d_y_a", l - 1);
        }
        if (l == L - 1) {
            kv_set(&k, "GI_S", "loss_s");
            kv_set(&k, "GI_CNT", "loss_cnt");
            kv_set(&k, "GI_VALID", "e_gi_valid");
            kv_set(&k, "GI_IDX", "e_idx");
            kv_set(&k, "GI_DATA", "e_data");
            kv_set(&k, "DI_VALID", "e_di_valid");
            kv_set(&k, "DI_IDX", "e_idx");
            kv_set(&k, "DI_DATA", "e_data");
        } else {
            kv_set(&k, "GI_S", "b_s[%d +: 16]", 16 * (l + 1));
            kv_set(&k, "GI_CNT", "b_cnt[%d +: 32]", 32 * (l + 1));
            kv_set(&k, "GI_VALID", "l%d_go_valid", l + 1);
            kv_set(&k, "GI_IDX", "l%d_go_idx", l + 1);
            kv_set(&k, "GI_DATA", "l%d_go_data", l + 1);
            kv_set(&k, "DI_VALID", "1'b0");
            kv_set(&k, "DI_IDX", "16'd0");
            kv_set(&k, "DI_DATA", "{%d{1'b0}}", net->gradients.width);
        }
        fill(&layers, t_layer, &k);
    }
    const struct mlp_layer *last = &net->layers[L - 1];
    kv_set(&k, "IDENT", "%s", ident);
    kv_set(&k, "NAME", "%s", net->name ? net->name : ident);
    kv_set(&k, "SOURCE", "%s.desc", net->name ? net->name : ident);
    kv_set(&k, "L", "%d", L);
    kv_set(&k, "LAST", "%d", L - 1);
    kv_set(&k, "AXW", "%d", lo->axw);
    kv_set(&k, "AXW_M1", "%d", lo->axw - 1);
    kv_set(&k, "LRB", "%d", lo->lrb);
    kv_set(&k, "N0", "%d", net->layers[0].n_in);
    kv_set(&k, "MOUT", "%d", last->n_out);
    kv_set(&k, "BMAX", "%d", net->batch);
    kv_set(&k, "LOSS", "%d", loss_code(net));
    /* target slots: the stream loads sample t+1 while the loss runs t-L+1 */
    int ts = 1;
    while (ts < L + 1)
        ts *= 2;
    kv_set(&k, "TS", "%d", ts);
    kv_set(&k, "MSEQ", "%d", (flags & EMIT_RTL_MSEQ) ? 1 : 0);
    kv_set(&k, "ISTR", "%d", istr);
    kv_set(&k, "XSI", "%d", istr ? EMIT_RTL_XSI : 0);
    kv_set(&k, "AS", "%d", istr ? EMIT_RTL_LAS : 1);
    kv_set(&k, "LOV", "%s", (flags & EMIT_RTL_LOV) ? ", .LOV(1)" : "");
    kv_set(&k, "USEQL", "%d", upd_seq ? 1 : 0);
    /* the iCE40-style core: the arguments (BATCH .. SEED, INFER) write only,
     * they read 0 (the host driver never reads them back; mlp_ctrl_core
     * ARGS_RD = 0 drops their read mux and the bits no unit uses); no
     * BUSY_CYCLES counter, it reads 0 (no host code reads it; BUSY_RD = 0) */
    kv_set(&k, "CTRL_RD", "%s", upd_seq ? ", .ARGS_RD(0), .BUSY_RD(0)" : "");
    /* ... and its AXI4-Lite slave takes AW and W together, with no register
     * for the write data (mlp_ctrl_axil WBUF = 0) */
    kv_set(&k, "AXIL_WBUF", "%s", upd_seq ? ", .WBUF(0)" : "");
    fmt_keys(&k, "W_W", "F_W", "RND_W", "OVF_W", net->weights);
    fmt_keys(&k, "W_S", "F_S", "RND_S", "OVF_S", net->state);
    struct emit_buf xu = {0};
    /* the layers' xu_* outputs, in the unit's port order (in_valid, w, ...) */
    static const char *const xs[] = {"valid", "w", "g", "v", "bias", "layer", "row", "col"};
    const int nxs = (int)(sizeof xs / sizeof xs[0]);
    if (upd_seq) {
        emit_printf(&xu, "    // one mlp_update_sgd_hashed for every layer (mlp_update_sgd_seq and\n"
                         "    // one sequential hash for its stochastic roundings): the controller\n"
                         "    // updates the layers in turn (USEQL), so at most one issues a step\n"
                         "    // (the others' xu_* are 0) and only the one waiting takes the result\n"
                         "    wire xu_in_ready;\n"
                         "    mlp_update_sgd_hashed #(\n"
                         "        .W_W(%d), .F_W(%d), .RND_W(%d), .OVF_W(%d),\n"
                         "        .W_S(%d), .F_S(%d), .RND_S(%d), .OVF_S(%d),\n"
                         "        .G_W(%d), .F_G(%d)%s\n"
                         "    ) u_upd (\n"
                         "        .clk(ap_clk), .rst(rst), .in_ready(xu_in_ready),\n",
                    net->weights.width, fx_frac(net->weights), (int)net->weights.round,
                    (int)net->weights.ovf, net->state.width, fx_frac(net->state),
                    (int)net->state.round, (int)net->state.ovf, ga_bits,
                    fx_frac(net->gradients) + fa, upd_spec);
        for (int x = 0; x < nxs; x++) {
            emit_printf(&xu, "        .%s%s(", x == 0 ? "in_" : "", xs[x]);
            for (int l = 0; l < L; l++)
                emit_printf(&xu, "%sl%d_xu_%s", l ? " | " : "", l, xs[x]);
            emit_printf(&xu, "),\n");
        }
        emit_printf(&xu, "        .seed(seed), .step(step_cnt),\n"
                         "        .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q), .nesterov(nesterov),\n"
                         "        .out_valid(xu_ov), .out_ready(1'b1),\n"
                         "        .w_new(xu_w_new), .v_new(xu_v_new), .ovf_w(xu_ovf_w), .ovf_v(xu_ovf_v));\n"
                         "    wire unused_xu = &{1'b0, xu_in_ready};\n");
    } else {
        emit_printf(&xu, "    // (none: every layer has its own update units)\n"
                         "    assign xu_ov = 1'b0;\n    assign xu_ovf_w = 1'b0;\n    assign xu_ovf_v = 1'b0;\n"
                         "    assign xu_w_new = {%d{1'b0}};\n    assign xu_v_new = {%d{1'b0}};\n"
                         "    wire unused_xu = &{1'b0",
                    net->weights.width, net->state.width);
        for (int l = 0; l < L; l++)
            for (int x = 0; x < nxs; x++)
                emit_printf(&xu, ", l%d_xu_%s", l, xs[x]);
        emit_printf(&xu, "};\n");
    }
    kv_take(&k, "UPD_SHARED", xu.p);
    /* the saturation counters in block RAM (mlp_event_counters RAM = 1):
     * CNT_EW = the bits of the largest count one cycle brings, the update
     * units of a layer (one with USEQ, else one per PE); the loss unit's 1.
     * Without the flag the parameters stay at their defaults and the top
     * is what it was. EMIT_RTL_NO_CNT (hardware counters=off): none at all
     * (CNT_RAM = 2; the layers' event counts then have no load). */
    if (flags & EMIT_RTL_NO_CNT) {
        kv_set(&k, "CTRL_CNT", "%s", ",\n                    .CNT_RAM(2)");
    } else if (flags & EMIT_RTL_CNT_RAM) {
        int umax = 1;
        for (int l = 0; l < L; l++)
            if (!upd_seq && lo->layer[l].pes > umax)
                umax = lo->layer[l].pes;
        int ew = clog2i(umax + 1);
        kv_set(&k, "CTRL_CNT", ",\n                    .CNT_RAM(1), .CNT_EW(%d)", ew);
    } else {
        kv_set(&k, "CTRL_CNT", "%s", "");
    }
    fmt_keys(&k, "W_A", "F_A", "RND_A", "OVF_A", net->activations);
    fmt_keys(&k, "W_G", "F_G", "RND_G", "OVF_G", net->gradients);
    int sm = last->act == MLP_SOFTMAX;
    kv_set(&k, "EXP_Q", "%d", sm ? last->f.q : 6);
    kv_set(&k, "EXP_OFF", "%d", sm ? last->f.off : 1023);
    struct emit_buf te = {0};
    table_literal(&te, sm ? last->f.data : NULL, 17);
    kv_take(&k, "EXP_DATA", te.p);
    kv_take(&k, "LAYERS", layers.p);
    struct emit_buf unused = {0};
    for (int l = 0; l + 1 < L; l++)
        emit_printf(&unused, "l%d_y_z, ", l);
    emit_printf(&unused, "l0_go_valid, l0_go_idx, l0_go_data");
    kv_take(&k, "UNUSED", unused.p);
    int units = 0;
    struct emit_buf busy = {0};
    for (int l = L - 1; l >= 0; l--) {
        units += lo->layer[l].pes;
        emit_printf(&busy, "%sl%d_pe_busy", l == L - 1 ? "" : ", ", l);
    }
    struct emit_buf perf = {0};
    if (flags & EMIT_RTL_NO_PERF) {
        emit_printf(&perf, "    // no performance counters (hardware perf=off): 0x400 and up read 0\n"
                           "    assign perf_rdata = 32'd0;\n"
                           "    wire unused_perf = &{1'b0, perf_idx, core_busy, sample_done, batch_done,\n"
                           "                         %s};\n", busy.p ? busy.p : "");
    } else {
        emit_printf(&perf, "    // performance counters at byte 0x400 + 4*k (map in %s_hw.h)\n"
                           "    mlp_perf_counters #(.L(L), .P(%d), .CW(32), .IW(16)) u_perf (\n"
                           "        .clk(ap_clk), .rst(rst), .clear(1'b0), .core_busy(core_busy),\n"
                           "        .stage_busy(layer_busy), .pe_busy({%s}),\n"
                           "        .sample_done(sample_done), .batch_done(batch_done),\n"
                           "        .s_valid(s_axis_in_tvalid), .s_ready(s_axis_in_tready),\n"
                           "        .m_valid(m_axis_out_tvalid), .m_ready(m_axis_out_tready),\n"
                           "        .rd_idx(perf_idx), .rd_data(perf_rdata));\n",
                     ident, units, busy.p ? busy.p : "");
    }
    free(busy.p);
    kv_take(&k, "PERF", perf.p);
    fill(top, t_top, &k);
    kv_free(&k);
    free(spec.p);
    free(t_top);
    free(t_layer);
    return top->err ? -1 : 0;
}

/* ---- <ident>_hw.h ---- */
static void emit_hw_h(const struct mlp_net *net, const struct hw_layout *lo, int perf,
                      int busy, const char *ident, struct emit_buf *b)
{
    char *U = upper(ident);
    const char *u = U ? U : ident;
    emit_printf(b, "/* %s_hw.h: register map of the generated core %s_top (mlpgen).\n"
                 " * AXI4-Lite, 32-bit words, byte offsets. docs/architecture.md explains\n"
                 " * every register; runtime/hw_core.h has the same map for every net. */\n",
              ident, ident);
    emit_printf(b, "#ifndef %s_HW_H\n#define %s_HW_H\n\n#include \"hw_core.h\"\n\n", u, u);
    static const struct {
        const char *name;
        unsigned off;
    } regs[] = {
        {"CTRL", HW_REG_CTRL},       {"GIER", HW_REG_GIER},         {"IER", HW_REG_IER},
        {"ISR", HW_REG_ISR},         {"BATCH", HW_REG_BATCH},       {"INV_B", HW_REG_INV_B},
        {"LR_Q", HW_REG_LR_Q},       {"MOM_Q", HW_REG_MOM_Q},       {"WD_Q", HW_REG_WD_Q},
        {"NESTEROV", HW_REG_NESTEROV}, {"SEED", HW_REG_SEED},       {"STEPS", HW_REG_STEPS},
        {"SAMPLES", HW_REG_SAMPLES}, {"CYCLES", HW_REG_CYCLES},     {"BUSY_CYCLES", HW_REG_BUSY},
        {"INFER", HW_REG_INFER},     {"N_LAYERS", HW_REG_NLAYERS},  {"BMAX", HW_REG_BMAX},
        {"OVF_BASE", HW_REG_OVF},    {"PERF_BASE", HW_REG_PERF},
    };
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++)
        emit_printf(b, "#define %s_REG_%s 0x%03xu\n", u, regs[i].name, regs[i].off);
    emit_printf(b, "\n#define %s_AXI_ADDR_BITS %d\n#define %s_WINDOW_BITS %d\n", u, lo->axw, u,
              lo->lrb);
    emit_printf(b, "#define %s_N_LAYERS %d\n#define %s_BATCH %d\n\n", u, net->n_layers, u,
              net->batch);
    int units = 0;
    for (int l = 0; l < net->n_layers; l++)
        units += lo->layer[l].pes;
    emit_printf(b, "/* Performance counters, 32 bits, at PERF_BASE + 4*k: 0 cycles, 1 core busy,\n"
                 " * 2 samples, 3 batches, 4 input and 5 output stream stalls (valid, not\n"
                 " * ready), 6 + l busy cycles of layer l, 6 + L + u cycles multiply unit u\n"
                 " * (layer 0's PEs first) has a token. */\n");
    if (perf) {
        emit_printf(b, "#define %s_PERF_STAGE0 %d\n#define %s_PERF_UNIT0 %d\n#define %s_PERF_COUNT %d\n\n",
                  u, HW_PERF_FIXED, u, HW_PERF_FIXED + net->n_layers, u,
                  HW_PERF_FIXED + net->n_layers + units);
    } else {
        emit_printf(b, "/* This core has none (hardware perf=off): PERF_BASE and up read 0. The\n"
                     " * clock (REG_CYCLES) %s there. */\n"
                     "#define %s_NO_PERF 1\n#define %s_PERF_COUNT 0\n\n",
                  busy ? "and busy (REG_BUSY_CYCLES) registers are" : "register is", u, u);
    }
    if (!busy)
        emit_printf(b, "/* No busy counter (the iCE40-style core): REG_BUSY_CYCLES reads 0. */\n"
                       "#define %s_NO_BUSY_CYCLES 1\n\n", u);
    if (lo->no_counters)
        emit_printf(b, "/* No saturation counters (hardware counters=off): OVF_BASE and up read 0;\n"
                       " * the checker skips them (the layout's no_counters). */\n"
                       "#define %s_NO_COUNTERS 1\n\n", u);
    emit_printf(b, "/* Layer l's state window at (l+1) << WINDOW_BITS; word address inside\n"
                 " * = (sel << (AW+PW)) | ((c*(P/C) + p) << AW) | (r*NCC + k), with\n"
                 " * p = j %% (P/C), r = j / (P/C), column i = c*NCC + k (i = N for the\n"
                 " * bias), C chains along the inputs of NCC = N+1 (C = 1) or\n"
                 " * ceil((N+1)/C) columns; sel 0 weights/biases, 1 gradient accumulator\n"
                 " * (low 32 bits), 2 momentum. P counts every PE of the layer. */\n");
    for (int l = 0; l < net->n_layers; l++) {
        const struct hw_layer_layout *h = &lo->layer[l];
        emit_printf(b, "#define %s_L%d_BASE 0x%xu\n", u, l, (unsigned)(l + 1) << lo->lrb);
        emit_printf(b, "#define %s_L%d_N %d\n#define %s_L%d_M %d\n#define %s_L%d_P %d\n", u, l,
                  h->n_in, u, l, h->n_out, u, l, h->pes);
        emit_printf(b, "#define %s_L%d_AW %d\n#define %s_L%d_PW %d\n#define %s_L%d_C %d\n", u, l,
                  h->aw, u, l, h->pw, u, l, h->cols);
    }
    emit_printf(b, "\n/* The layout for hw_core.c. */\n#define %s_LAYOUT { %d, %d, %d, {", u,
              lo->n_layers, lo->lrb, lo->axw);
    for (int l = 0; l < net->n_layers; l++) {
        const struct hw_layer_layout *h = &lo->layer[l];
        emit_printf(b, "%s{ %d, %d, %d, %d, %d, %d, %d }", l ? ", " : " ", h->n_in, h->n_out,
                  h->pes, h->bias, h->aw, h->pw, h->cols);
    }
    emit_printf(b, " }, %d }\n\n#endif\n", lo->no_counters);
    free(U);
}

/* ---- the network tables for the sim host ---- */
static void emit_fmt(struct emit_buf *b, struct fx_format f)
{
    static const char *const rn[] = {"FX_TRN", "FX_RND", "FX_RND_CONV", "FX_STOCHASTIC"};
    emit_printf(b, "{ %d, %d, %s, %s }", f.width, f.int_bits, rn[f.round],
              f.ovf == FX_SAT ? "FX_SAT" : "FX_WRAP");
}

static void emit_array(struct emit_buf *b, const char *name, const int32_t *d, size_t n)
{
    emit_printf(b, "static const int32_t %s[%zu] = {", name, n ? n : 1);
    if (!n)
        emit_printf(b, "0");
    for (size_t i = 0; i < n; i++) {
        if (i)
            emit_put(b, ",", 1);
        emit_put(b, i % 16 == 0 ? "\n    " : " ", i % 16 == 0 ? 5 : 1);
        emit_int(b, d[i]);
    }
    emit_printf(b, "\n};\n");
}

static void emit_lut(struct emit_buf *b, const struct lut_table *t, const char *data)
{
    emit_printf(b, "{ %d, %d, %d, ", t->addr_bits, t->q, t->off);
    emit_fmt(b, t->out);
    emit_printf(b, ", %s }", data);
}

static void emit_net_c(const struct mlp_net *net, const struct hw_layout *lo, const char *ident,
                       struct emit_buf *b)
{
    static const char *const an[] = {"MLP_LINEAR", "MLP_SIGMOID", "MLP_TANH", "MLP_RELU",
                                      "MLP_LEAKY_RELU", "MLP_ELU", "MLP_SOFTMAX"};
    static const char *const ln[] = {"MLP_MSE", "MLP_CROSS_ENTROPY", "MLP_HINGE"};
    emit_printf(b, "/* %s_net.c: network %s as tables for the reference model and the\n"
                 " * hardware driver (generated by mlpgen). */\n"
                 "#include \"sim_net.h\"\n\n",
              ident, net->name ? net->name : ident);
    char name[64];
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        snprintf(name, sizeof name, "l%d_w0", l);
        emit_array(b, name, ly->w0, (size_t)ly->n_in * (size_t)ly->n_out);
        snprintf(name, sizeof name, "l%d_f", l);
        emit_array(b, name, ly->f.data, ly->f.data ? (size_t)1 << ly->f.addr_bits : 0);
        snprintf(name, sizeof name, "l%d_df", l);
        emit_array(b, name, ly->df.data, ly->df.data ? (size_t)1 << ly->df.addr_bits : 0);
    }
    emit_printf(b, "\nstatic const struct mlp_layer layers[%d] = {\n", net->n_layers);
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        char fd[32], dd[32];
        snprintf(fd, sizeof fd, ly->f.data ? "l%d_f" : "NULL", l);
        snprintf(dd, sizeof dd, ly->df.data ? "l%d_df" : "NULL", l);
        emit_printf(b, "    { %d, %d, %s, %.17g, %uu, %d,\n      ", ly->n_in, ly->n_out, an[ly->act],
                  ly->act_param, ly->alpha_q, ly->bias);
        emit_lut(b, &ly->f, fd);
        emit_printf(b, ",\n      ");
        emit_lut(b, &ly->df, dd);
        emit_printf(b, ",\n      l%d_w0 },\n", l);
    }
    emit_printf(b, "};\n\nconst struct mlp_net sim_net = {\n    \"%s\", %d, layers, %s, MLP_SGD,\n",
              net->name ? net->name : ident, net->n_layers, ln[net->loss]);
    emit_printf(b, "    { %uu, %uu, %uu, %d },\n    ", net->hyper.lr_q, net->hyper.momentum_q,
              net->hyper.weight_decay_q, net->hyper.nesterov);
    emit_fmt(b, net->weights);
    emit_printf(b, ",\n    ");
    emit_fmt(b, net->activations);
    emit_printf(b, ",\n    ");
    emit_fmt(b, net->gradients);
    emit_printf(b, ",\n    ");
    emit_fmt(b, net->state);
    emit_printf(b, ",\n    %d, ", net->acc_auto);
    emit_fmt(b, net->acc);
    emit_printf(b, ",\n    %d, %uu\n};\n\n", net->batch, net->seed);
    emit_printf(b, "const struct hw_layout sim_layout = {\n    %d, %d, %d, {\n", lo->n_layers,
              lo->lrb, lo->axw);
    for (int l = 0; l < lo->n_layers; l++) {
        const struct hw_layer_layout *h = &lo->layer[l];
        emit_printf(b, "        { %d, %d, %d, %d, %d, %d, %d },\n", h->n_in, h->n_out, h->pes,
                  h->bias, h->aw, h->pw, h->cols);
    }
    emit_printf(b, "    },\n    %d\n};\n", lo->no_counters);
}

static int put(struct out *o, const char *rel, struct emit_buf *b)
{
    if (b->err || !b->p)
        return -1;
    return out_write(o, rel, b->p, b->n);
}

static int copy_file(struct out *o, const char *rel, const char *src_dir, const char *src_rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", src_dir, src_rel);
    return out_copy(o, rel, path);
}

static const char *const rtl_modules[] = {
    "mlp_hash", "mlp_requant", "mlp_ram_dp", "mlp_ram_sp", "mlp_divider", "mlp_dense_hash", "mlp_dense_pe",
    "mlp_update_sgd", "mlp_update_sgd_seq", "mlp_hash_seq", "mlp_update_sgd_hashed",
    "mlp_perf_counters", "mlp_event_counters",
    "mlp_dense_layer", "mlp_loss_out", "mlp_ctrl_core", "mlp_ctrl_axil",
};

const char *const emit_rtl_sim_files[EMIT_RTL_N_SIM_FILES] = {
    "sim_main.c", "sim_net.h", "verilator_transport.cpp", "sim_public.vlt", "verilate_fresh.cmake",
};

int emit_rtl_net(const struct mlp_net *net, const int *pes, const int *cols, const char *src_dir,
                 const char *host_net_c, struct out *o, struct diag *d)
{
    return emit_rtl_net_upd(net, pes, cols, 0, NULL, src_dir, host_net_c, o, d);
}

int emit_rtl_net_upd(const struct mlp_net *net, const int *pes, const int *cols, int flags,
                     const int *mem_sp, const char *src_dir,
                     const char *host_net_c, struct out *o, struct diag *d)
{
    if (net->n_layers < 1 || net->n_layers > HW_MAX_LAYERS) {
        diag_error_noloc(d, "the hardware back end supports 1 to %d dense layers", HW_MAX_LAYERS);
        return -1;
    }
    const struct fx_format *fmts[] = {&net->weights, &net->activations, &net->gradients,
                                      &net->state};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        if (fmts[i]->width < 2 || fmts[i]->width > 32 || fx_frac(*fmts[i]) < 0 ||
            fx_frac(*fmts[i]) > 32) {
            diag_error_noloc(d, "the hardware back end supports formats with 2 <= W <= 32 and "
                                "0 <= W-I <= 32 (not supported yet: fixed<%d,%d>)",
                             fmts[i]->width, fmts[i]->int_bits);
            return -1;
        }
    }
    if (!net->acc_auto) {
        diag_error_noloc(d, "the hardware back end supports accumulators=auto only "
                            "(not supported yet: an explicit accumulator format)");
        return -1;
    }
    if (net->optim != MLP_SGD) {
        diag_error_noloc(d, "the hardware back end supports optimizer sgd only");
        return -1;
    }
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        if (ly->n_in > 65535 || ly->n_out > 65535) {
            diag_error_noloc(d, "the hardware back end supports layers of at most 65535 units");
            return -1;
        }
        if (ly->f.data && ly->df.data &&
            (ly->f.q != ly->df.q || ly->f.off != ly->df.off || ly->f.addr_bits != 10 ||
             ly->df.addr_bits != 10 || ly->df.out.width != 16)) {
            diag_error_noloc(d, "layer %d: the hardware expects value and derivative tables "
                                "of 1024 entries on one grid, derivatives 16 bits wide", l);
            return -1;
        }
    }
    char ident[80];
    snprintf(ident, sizeof ident, "mlp_%s", net->name ? net->name : "net");
    struct hw_layout lo;
    layout_of(net, pes, cols, &lo);
    lo.no_counters = (flags & EMIT_RTL_NO_CNT) != 0;

    struct emit_buf top = {0}, hw = {0}, netc = {0}, cm = {0};
    int rc = emit_top(net, &lo, flags, mem_sp, ident, src_dir, &top);
    if (rc != 0)
        diag_error_noloc(d, "cannot read the templates under %s/templates/rtl", src_dir);
    char rel[256];
    if (rc == 0) {
        snprintf(rel, sizeof rel, "rtl/%s_top.v", ident);
        rc = put(o, rel, &top);
    }
    for (size_t i = 0; rc == 0 && i < sizeof rtl_modules / sizeof rtl_modules[0]; i++) {
        char src[256];
        snprintf(rel, sizeof rel, "rtl/%s.v", rtl_modules[i]);
        snprintf(src, sizeof src, "rtl_lib/%s.v", rtl_modules[i]);
        rc = copy_file(o, rel, src_dir, src);
    }
    if (rc == 0) {
        emit_hw_h(net, &lo, (flags & EMIT_RTL_NO_PERF) == 0, (flags & EMIT_RTL_USEQ) == 0, ident,
                  &hw);
        snprintf(rel, sizeof rel, "host/%s_hw.h", ident);
        rc = put(o, rel, &hw);
    }
    if (rc == 0 && !host_net_c) {
        emit_net_c(net, &lo, ident, &netc);
        rc = put(o, "sim/sim_net.c", &netc);
    }
    for (size_t i = 0; rc == 0 && i < EMIT_RTL_N_SIM_FILES; i++) {
        char src[256];
        snprintf(rel, sizeof rel, "sim/%s", emit_rtl_sim_files[i]);
        snprintf(src, sizeof src, "templates/sim/%s", emit_rtl_sim_files[i]);
        rc = copy_file(o, rel, src_dir, src);
    }
    if (rc == 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/templates/sim/CMakeLists.txt.in", src_dir);
        char *t = read_file(path);
        if (!t) {
            rc = -1;
        } else {
            struct kvs k = {0};
            kv_set(&k, "IDENT", "%s", ident);
            if (host_net_c) {   /* the host's tables, written once */
                kv_set(&k, "SIM_TABLES", "${CMAKE_CURRENT_SOURCE_DIR}/../host/%s", host_net_c);
                kv_set(&k, "SIM_DEFS", "SIM_MODEL=%s_model", ident);
            } else {
                kv_set(&k, "SIM_TABLES", "sim_net.c");
                kv_set(&k, "SIM_DEFS", "SIM_NET_C");
            }
            fill(&cm, t, &k);
            kv_free(&k);
            free(t);
            rc = put(o, "sim/CMakeLists.txt", &cm);
        }
    }
    free(top.p);
    free(hw.p);
    free(netc.p);
    free(cm.p);
    return rc;
}

/* ---- from the IR ---- */
int emit_rtl(const struct ir_net *net, struct out *o, struct diag *d)
{
    for (int l = 0; l < net->n_layers; l++) {
        const struct ir_layer *ly = &net->layers[l];
        if (ly->kind != IR_DENSE) {
            diag_error_noloc(d, "the hardware back end supports dense layers only (not yet: %s)",
                             ir_layer_kind_name(ly->kind));
            return -1;
        }
    }
    if (net->n_layers > HW_MAX_LAYERS) {
        diag_error_noloc(d, "the hardware back end supports at most %d layers", HW_MAX_LAYERS);
        return -1;
    }
    if (!net->prec.acc_auto) {
        diag_error_noloc(d, "the hardware back end supports accumulators=auto only "
                            "(not supported yet: an explicit accumulator format)");
        return -1;
    }
    if (net->opt.kind != IR_OPT_SGD) {
        diag_error_noloc(d, "the hardware back end supports optimizer sgd only (not yet: %s)",
                         ir_opt_name(net->opt.kind));
        return -1;
    }
    /* the one IR -> runtime net conversion every back end uses */
    struct emit_net en;
    if (emit_net_build(net, &en, d) != 0)
        return -1;
    int rc = emit_rtl_net_upd(&en.net->net, en.pes, en.cols, emit_rtl_flags(net), en.mem_sp, MLPGEN_SOURCE_DIR,
                              NULL, o, d);
    emit_net_free(&en);
    return rc;
}
