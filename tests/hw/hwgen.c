/* hwgen: writes the hardware project (emit_rtl_net) of a preset or seeded
 * random network, without the parser: the hardware tests build their nets
 * from runtime/init.h specs so they run before and beside the compiler.
 *   hwgen xor DIR | hwgen digits [PES] DIR | hwgen random SEED [PES] DIR
 *   hwgen desc FILE.desc DIR   (through the parser, checker and emit_rtl)
 * (the directory comes last; random with PES: every layer gets
 * min(PES, outputs)). HWGEN_UPD_SEQ=1 in the environment: every core
 * takes what the planner picks for iCE40: one sequential update unit the
 * layers share (mlp_update_sgd_seq) instead of one mlp_update_sgd per PE,
 * and the loss unit's product on one multiplier (mlp_loss_out MSEQ).
 * HWGEN_MUL1=1: every PE on one multiplier (mlp_dense_pe MUL1; passes that
 * need two products at half rate), as the planner picks for iCE40.
 * HWGEN_NO_PERF=1: no performance counters; HWGEN_CNT_RAM=1: the saturation
 * counters in block RAM (mlp_ctrl_core CNT_RAM, what target ice40 takes);
 * HWGEN_NO_CNT=1: no saturation counters at all (hardware counters=off,
 * CNT_RAM = 2; the checker skips them). HWGEN_SPRAM=K (1..7, with
 * HWGEN_UPD_SEQ=1 and HWGEN_MUL1=1): every layer's PE memories of mask K
 * (bit 0 W, 1 G, 2 V) single-ported as in the UP5K's SPRAM (mlp_dense_pe
 * MEM_SP; the planner picks it for large memories on up5k). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "check.h"
#include "data.h"
#include "diag.h"
#include "emit_rtl.h"
#include "hw_core.h"
#include "init.h"
#include "out.h"
#include "parse.h"

static struct fx_format fmt(int w, int i, enum fx_round r, enum fx_overflow o)
{
    struct fx_format f = {w, i, r, o};
    return f;
}

static int hwgen_upd_seq(void)
{
    const char *e = getenv("HWGEN_UPD_SEQ");
    return e && strcmp(e, "1") == 0;
}

/* HWGEN_MUL1=1: every PE on one multiplier (mlp_dense_pe MUL1, as the
 * planner picks for iCE40) */
static int hwgen_mul1(void)
{
    const char *e = getenv("HWGEN_MUL1");
    return e && strcmp(e, "1") == 0;
}

/* HWGEN_NO_PERF=1: no performance counters (hardware perf=off) */
static int hwgen_no_perf(void)
{
    const char *p = getenv("HWGEN_NO_PERF");
    return p && strcmp(p, "1") == 0;
}

/* HWGEN_CNT_RAM=1: the saturation counters in block RAM (mlp_event_counters RAM=1) */
static int hwgen_cnt_ram(void)
{
    const char *p = getenv("HWGEN_CNT_RAM");
    return p && strcmp(p, "1") == 0;
}

/* HWGEN_NO_CNT=1: no saturation counters (hardware counters=off) */
static int hwgen_no_cnt(void)
{
    const char *p = getenv("HWGEN_NO_CNT");
    return p && strcmp(p, "1") == 0;
}

/* HWGEN_SPRAM=K: K (1..7), else 0 */
/* HWGEN_LOV=0 or 1: the loss pass beside the last layer's backward pass
 * of the sample before (mlp_ctrl_core LOV) off or on for every net; unset:
 * the planner's choice (a .desc), one random net in two (drawn from a
 * stream of its own) */
static int hwgen_lov(int dflt)
{
    const char *p = getenv("HWGEN_LOV");
    return p && (strcmp(p, "0") == 0 || strcmp(p, "1") == 0) ? p[0] - '0' : dflt;
}

static int hwgen_spram(void)
{
    const char *p = getenv("HWGEN_SPRAM");
    return p && p[0] >= '1' && p[0] <= '7' && p[1] == '\0' ? p[0] - '0' : 0;
}

static int hwgen_write(const struct mlp_net *net, const int *pes, const int *cols, int lov, const char *dir)
{
    int sp[HW_MAX_LAYERS];
    for (int l = 0; l < HW_MAX_LAYERS; l++)
        sp[l] = hwgen_spram();
    struct diag d;
    diag_init(&d, stderr);
    struct out o;
    if (out_begin(&o, dir, &d) != 0)
        return 1;
    if (emit_rtl_net_upd(net, pes, cols, emit_rtl_seq_flags(hwgen_upd_seq(), hwgen_upd_seq()) | (hwgen_no_perf() ? EMIT_RTL_NO_PERF : 0) |
                                      (hwgen_mul1() ? EMIT_RTL_MUL1 : 0) | (hwgen_cnt_ram() ? EMIT_RTL_CNT_RAM : 0) |
                                      (hwgen_no_cnt() ? EMIT_RTL_NO_CNT : 0) | (lov ? EMIT_RTL_LOV : 0),
                         sp, MLPGEN_SOURCE_DIR, NULL, &o, &d) != 0) {
        out_abort(&o);
        return 1;
    }
    return out_commit(&o) == 0 ? 0 : 1;
}

/* A random dense net from the seed: 1-4 layers, widths 1-64 (mostly
 * small: a build and a run stay short), every activation (with its beta or
 * alpha) and loss, batch 1/2/5/16 (the tests run 203 samples: a partial
 * last batch), momentum, Nesterov, weight decay, formats 8-24 bits with
 * every rounding and overflow mode (wrap in any of the four formats),
 * random PEs per layer (parallel).
 * One seed in three goes through a generated .desc (parser, checker,
 * planner: hardware pes=N, some layers with parallel=P) instead of
 * emit_rtl_net. pes_all > 0 gives every layer min(pes_all, outputs) PEs
 * (spec path only). The net is named `name` (core mlp_<name>_top). */
static int hwgen_desc(const char *path, const char *text, size_t len, const char *dir);

static const char *const hwgen_rnd_names[] = {"trn", "rnd", "rnd_conv", "stochastic"};

static int hwgen_fmt_desc(char *p, size_t n, struct fx_format f)
{
    return snprintf(p, n, "fixed<%d,%d,%s,%s>", f.width, f.int_bits, hwgen_rnd_names[f.round],
                    f.ovf == FX_SAT ? "sat" : "wrap");
}

static int hwgen_random(uint64_t seed, const char *name, const char *dir, int pes_all)
{
    uint64_t key = data_rng_key(seed, 99, 0), c = 0;
#define R(n) ((int)data_rng_uniform(key, &c, (uint64_t)(n)))
#define WIDTH() (R(5) == 0 ? 1 + R(64) : 1 + R(12))
    struct init_layer_spec ls[4];
    int L = 1 + R(4);
    int loss = R(4);   /* 0 mse, 1 softmax ce, 2 bce, 3 hinge */
    static const enum mlp_act hidden[] = {MLP_LINEAR, MLP_SIGMOID, MLP_TANH, MLP_RELU,
                                          MLP_LEAKY_RELU, MLP_ELU};
    static const char *const act_names[] = {"linear", "sigmoid", "tanh", "relu",
                                            "leaky_relu", "elu", "softmax"};
    int pes[4], par[4];
    for (int l = 0; l < L; l++) {
        ls[l].n_out = WIDTH();
        ls[l].act = hidden[R(6)];
        ls[l].param = 0;
        ls[l].bias = R(4) != 0;
        pes[l] = 1 + R(ls[l].n_out < 8 ? ls[l].n_out : R(2) ? 8 : ls[l].n_out);
        par[l] = R(2);
    }
    struct init_layer_spec *last = &ls[L - 1];
    switch (loss) {
    case 0: if (last->act == MLP_LINEAR) last->act = MLP_SIGMOID; break;
    case 1: last->act = MLP_SOFTMAX; if (last->n_out < 2) last->n_out = 2; break;
    case 2: last->act = MLP_SIGMOID; last->n_out = 1; break;
    default: last->act = R(2) ? MLP_TANH : MLP_LINEAR; last->n_out = 1; break;
    }
    for (int l = 0; l < L; l++) {
        /* a non-default slope or alpha now and then */
        if (R(3) == 0 && (l < L - 1 || loss == 0)) {   /* CE wants beta 1 */
            if (ls[l].act == MLP_SIGMOID) ls[l].param = 2.0;
            else if (ls[l].act == MLP_LEAKY_RELU) ls[l].param = 0.1;
            else if (ls[l].act == MLP_ELU) ls[l].param = 0.5;
        }
        if (pes[l] > ls[l].n_out) pes[l] = ls[l].n_out;
    }
    for (int l = 0; pes_all > 0 && l < L; l++)
        pes[l] = pes_all < ls[l].n_out ? pes_all : ls[l].n_out;
    static const int batches[] = {1, 2, 5, 16};
    struct init_spec s;
    memset(&s, 0, sizeof s);
    s.name = name;
    s.n_in = WIDTH();
    s.n_layers = L;
    s.layers = ls;
    s.loss = loss == 0 ? MLP_MSE : loss == 3 ? MLP_HINGE : MLP_CROSS_ENTROPY;
    s.lr = 0.05 + 0.01 * R(40);
    s.momentum = R(2) ? 0.9 : 0.0;
    s.nesterov = s.momentum > 0 && R(2);
    s.weight_decay = R(2) ? 0.001 : 0.0;
    s.batch = batches[R(4)];
    enum fx_round rw = (enum fx_round)R(4), ra = (enum fx_round)R(4), rg = (enum fx_round)R(4);
    enum fx_overflow ow = (enum fx_overflow)(R(4) == 0), oa = (enum fx_overflow)(R(4) == 0);
    int ww = 8 + R(17), wa = 8 + R(17), wg = 8 + R(17);
    s.weights = fmt(ww, 3 + R(3), rw, ow);
    s.activations = fmt(wa, 3 + R(3), ra, oa);
    s.gradients = fmt(wg, R(3), rg, FX_SAT);
    s.state = fmt(ww, 3 + R(3), (enum fx_round)R(4), FX_SAT);
    /* gradients and optimizer state wrap now and then too (drawn last:
     * the other parameters of a seed stay what they were) */
    if (R(4) == 0)
        s.gradients.ovf = FX_WRAP;
    if (R(4) == 0)
        s.state.ovf = FX_WRAP;
    s.init = INIT_XAVIER;
    s.seed = (uint32_t)seed;
    int via_desc = pes_all == 0 && seed % 3 == 0;
    int hw_pes = 0;
    for (int l = 0; l < L; l++)
        hw_pes += pes[l];
#undef WIDTH
#undef R
    if (via_desc) {
        /* the same net as a .desc: the planner spreads hardware pes=N over
         * the layers without parallel= */
        static char text[8192];
        size_t n = 0;
        char f1[64], f2[64], f3[64], f4[64];
#define PUT(...) n += (size_t)snprintf(text + n, sizeof text - n, __VA_ARGS__)
        PUT("# hwgen random %llu\nnetwork %s\ninput %d\n", (unsigned long long)seed, name, s.n_in);
        for (int l = 0; l < L; l++) {
            PUT("dense %d activation=%s", ls[l].n_out, act_names[ls[l].act]);
            if (ls[l].param != 0)
                PUT(" %s=%g", ls[l].act == MLP_SIGMOID ? "beta" : "alpha", ls[l].param);
            if (!ls[l].bias)
                PUT(" bias=false");
            if (par[l])
                PUT(" parallel=%d", pes[l]);
            PUT("\n");
        }
        PUT("loss %s\noptimizer sgd lr=%g", s.loss == MLP_MSE ? "mse" : s.loss == MLP_HINGE ? "hinge" : "cross_entropy", s.lr);
        if (s.momentum > 0)
            PUT(" momentum=%g", s.momentum);
        if (s.nesterov)
            PUT(" nesterov=true");
        if (s.weight_decay > 0)
            PUT(" weight_decay=%g", s.weight_decay);
        hwgen_fmt_desc(f1, sizeof f1, s.weights);
        hwgen_fmt_desc(f2, sizeof f2, s.activations);
        hwgen_fmt_desc(f3, sizeof f3, s.gradients);
        hwgen_fmt_desc(f4, sizeof f4, s.state);
        PUT("\nbatch %d\nprecision weights=%s activations=%s gradients=%s state=%s\n", s.batch, f1, f2, f3, f4);
        PUT("init xavier seed=%llu\nhardware pes=%d\n", (unsigned long long)seed, hw_pes);
#undef PUT
        if (n >= sizeof text)
            return 1;
        return hwgen_desc("random.desc", text, n, dir);
    }
    struct init_net *n = init_net_new(&s);
    if (!n) {
        fprintf(stderr, "hwgen: cannot build random net %llu\n", (unsigned long long)seed);
        return 1;
    }
    /* 2-D tiles: layer 0 in 2-4 chains along its inputs in one net of two,
     * drawn from a stream of its own (the net's other parameters stay what
     * they were) */
    int cols[4] = {1, 1, 1, 1};
    uint64_t key2 = data_rng_key(seed, 98, 0), c2 = 0;
    if (pes_all == 0 && data_rng_uniform(key2, &c2, 2) == 0)
        cols[0] = 2 + (int)data_rng_uniform(key2, &c2, 3);
    uint64_t key3 = data_rng_key(seed, 97, 0), c3 = 0;
    int lov = hwgen_lov(pes_all == 0 && data_rng_uniform(key3, &c3, 2) == 0);
    int rc = hwgen_write(&n->net, pes, cols, lov, dir);
    init_net_free(n);
    return rc;
}

/* The compiler's path: parse, check (and plan), then emit_rtl from the IR.
 * The text is also written to DIR/net.desc (what was compiled). */
static int hwgen_desc(const char *path, const char *text, size_t len, const char *dir)
{
    struct diag d;
    diag_init(&d, stderr);
    diag_set_source(&d, path, text, len);
    struct arena a = {0};
    int rc = 1;
    struct ast_net *ast = parse_net(&a, &d, text, len);
    struct ir_net *net = ast ? check_net(&a, &d, ast, path) : NULL;
    if (net && d.errors == 0) {
        if (hwgen_upd_seq())
            net->hw.upd_seq = net->hw.mul_seq = true;
        if (hwgen_no_perf())
            net->hw.perf = false;
        if (hwgen_mul1())
            net->hw.pe_mul1 = true;
        if (hwgen_cnt_ram())
            net->hw.cnt_ram = true;
        if (hwgen_no_cnt())
            net->hw.counters = false;
        net->hw.loss_ovl = hwgen_lov(net->hw.loss_ovl) != 0;
        struct out o;
        if (out_begin(&o, dir, &d) == 0) {
            if (emit_rtl(net, &o, &d) == 0 && out_write(&o, "net.desc", text, len) == 0)
                rc = out_commit(&o) == 0 ? 0 : 1;
            else
                out_abort(&o);
        }
    }
    if (rc != 0)
        fprintf(stderr, "hwgen: %s:\n%.*s", path, (int)len, text);
    arena_free(&a);
    diag_free(&d);
    return rc;
}

static int hwgen_desc_file(const char *path, const char *dir)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "hwgen: cannot read %s\n", path);
        return 1;
    }
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    return hwgen_desc(path, text, len, dir);
}

static void hwgen_item_name(char *p, size_t n, uint64_t seed, int pes)
{
    if (pes > 0)
        snprintf(p, n, "rnd%llup%d", (unsigned long long)seed, pes);
    else
        snprintf(p, n, "rnd%llu", (unsigned long long)seed);
}

/* The address width of a generated top: from its AXI4-Lite port. */
static int hwgen_top_axw(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char line[512];
    int w = -1;
    while (fgets(line, sizeof line, f)) {
        int hi;
        const char *q = strstr(line, "s_axi_control_awaddr");
        const char *b = strchr(line, '[');
        if (q && b && b < q && sscanf(b, "[%d:0]", &hi) == 1) {
            w = hi + 1;
            break;
        }
    }
    fclose(f);
    return w;
}

static int hwgen_put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "hwgen: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

static int hwgen_copy_file(const char *dst, const char *src)
{
    FILE *f = fopen(src, "rb");
    if (!f) {
        fprintf(stderr, "hwgen: cannot read %s\n", src);
        return 1;
    }
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return hwgen_put_file(dst, buf);
}

/* A growing text buffer. */
struct hwgen_text {
    char *p;
    size_t n, cap;
};

static void hwgen_printf(struct hwgen_text *t, const char *fmt_, ...) __attribute__((format(printf, 2, 3)));

static void hwgen_printf(struct hwgen_text *t, const char *fmt_, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt_);
        int k = vsnprintf(t->p ? t->p + t->n : NULL, t->p ? t->cap - t->n : 0, fmt_, ap);
        va_end(ap);
        if (k < 0)
            abort();
        if (t->p && t->n + (size_t)k < t->cap) {
            t->n += (size_t)k;
            return;
        }
        size_t cap = (t->cap + (size_t)k + 1) * 2;
        char *q = realloc(t->p, cap);
        if (!q)
            abort();
        t->p = q;
        t->cap = cap;
    }
}

/* Several random nets as several cores of ONE Verilated model: each net is
 * written as its own project under DIR/n/<name>/ (replayable alone), then
 * DIR/rtl/mlp_multi_top.v instantiates every core behind a `sel` input
 * (the unselected cores' clocks are gated off, so they cost no simulation
 * time) and DIR/sim/ builds one sim that trains and checks each net in
 * turn. One Verilator run, one C++ build and one runtime library for all. */
static int hwgen_multi(const char *self, int n_items, char **items, const char *dir)
{
    enum { MAXN = 256 };
    static char names[MAXN][48];
    static char replays[MAXN][1024];
    static int axw[MAXN];
    int k = 0;
    char path[4096], path2[4096];
    snprintf(path, sizeof path, "%s", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/n", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/rtl", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/sim", dir);
    mkdir(path, 0777);
    for (int i = 0; i < n_items; i++) {
        unsigned long long a, b;
        int p = 0;
        if (sscanf(items[i], "%llu-%llu", &a, &b) == 2) {
        } else if (sscanf(items[i], "%llu:%d", &a, &p) == 2) {
            b = a;
        } else if (sscanf(items[i], "%llu", &a) == 1) {
            b = a;
        } else {
            fprintf(stderr, "hwgen: bad item %s\n", items[i]);
            return 2;
        }
        for (unsigned long long sd = a; sd <= b; sd++) {
            if (k == MAXN) {
                fprintf(stderr, "hwgen: at most %d nets\n", MAXN);
                return 2;
            }
            hwgen_item_name(names[k], sizeof names[k], sd, p);
            snprintf(path, sizeof path, "%s/n/%s", dir, names[k]);
            if (hwgen_random(sd, names[k], path, p) != 0) {
                fprintf(stderr, "hwgen: net %s failed; replay: %s random %llu%s%s %s\n", names[k],
                        self, sd, p ? " " : "", p ? items[i] + strcspn(items[i], ":") + 1 : "",
                        path);
                return 1;
            }
            snprintf(path, sizeof path, "%s/n/%s/rtl/mlp_%s_top.v", dir, names[k], names[k]);
            axw[k] = hwgen_top_axw(path);
            if (axw[k] < 1) {
                fprintf(stderr, "hwgen: no AXI4-Lite address width in %s\n", path);
                return 1;
            }
            char pes[16] = "";
            if (p)
                snprintf(pes, sizeof pes, " %d", p);
            snprintf(replays[k], sizeof replays[k], "%s/tests/hw/run_net.sh %s /tmp/%s random %llu%s",
                     MLPGEN_SOURCE_DIR, self, names[k], sd, pes);
            k++;
        }
    }
    if (k == 0)
        return 2;
    int amax = 1;
    for (int i = 0; i < k; i++)
        amax = axw[i] > amax ? axw[i] : amax;
    /* the wrapper top: verilator --lint-only -Wall clean (tests/hw
     * hw_lint_multi); the per-core response wires are padded to NP = 2^SW
     * entries so that sel[SW-1:0] indexes them in range */
    int sw = 1;
    while ((1 << sw) < k)
        sw++;
    int np = 1 << sw;
    struct hwgen_text v = {0};
    hwgen_printf(&v, "// mlp_multi_top: %d generated cores behind one set of ports (hwgen multi).\n"
                     "// sel picks the core; the others get no clock edge.\n"
                     "`resetall\n`timescale 1ns / 1ps\n`default_nettype none\n\n"
                     "module mlp_multi_top (\n"
                     "    input  wire        ap_clk,\n    input  wire        ap_rst_n,\n"
                     "    input  wire [7:0]  sel,\n"
                     "    /* verilator lint_off SYMRSVDWORD */ // the Vitis kernel's port name\n"
                     "    output wire        interrupt,\n"
                     "    /* verilator lint_on SYMRSVDWORD */\n", k);
    hwgen_printf(&v, "    input  wire [%d:0] s_axi_control_awaddr,\n", amax - 1);
    hwgen_printf(&v, "    input  wire        s_axi_control_awvalid,\n"
                     "    output wire        s_axi_control_awready,\n"
                     "    input  wire [31:0] s_axi_control_wdata,\n"
                     "    input  wire [3:0]  s_axi_control_wstrb,\n"
                     "    input  wire        s_axi_control_wvalid,\n"
                     "    output wire        s_axi_control_wready,\n"
                     "    output wire [1:0]  s_axi_control_bresp,\n"
                     "    output wire        s_axi_control_bvalid,\n"
                     "    input  wire        s_axi_control_bready,\n");
    hwgen_printf(&v, "    input  wire [%d:0] s_axi_control_araddr,\n", amax - 1);
    hwgen_printf(&v, "    input  wire        s_axi_control_arvalid,\n"
                     "    output wire        s_axi_control_arready,\n"
                     "    output wire [31:0] s_axi_control_rdata,\n"
                     "    output wire [1:0]  s_axi_control_rresp,\n"
                     "    output wire        s_axi_control_rvalid,\n"
                     "    input  wire        s_axi_control_rready,\n"
                     "    input  wire [31:0] s_axis_in_tdata,\n"
                     "    input  wire        s_axis_in_tvalid,\n"
                     "    output wire        s_axis_in_tready,\n"
                     "    input  wire        s_axis_in_tlast,\n"
                     "    output wire [31:0] m_axis_out_tdata,\n"
                     "    output wire        m_axis_out_tvalid,\n"
                     "    input  wire        m_axis_out_tready,\n"
                     "    output wire        m_axis_out_tlast\n);\n");
    if (np > k)
        hwgen_printf(&v, "    localparam integer K = %d;   // cores\n", k);
    hwgen_printf(&v, "    localparam integer NP = %d;  // entries of the response wires, 2^SW\n"
                     "    wire [%d:0] s = sel[%d:0];\n",
                 np, sw - 1, sw - 1);
    if (sw < 8)
        hwgen_printf(&v, "    wire unused_sel = &{1'b0, sel[7:%d]};  // sel >= NP selects no core\n", sw);
    hwgen_printf(&v, "    wire [NP-1:0] irq, awready, wready, bvalid, arready, rvalid, in_ready, out_valid, out_last;\n"
                     "    wire [1:0]  bresp [0:NP-1];\n    wire [1:0]  rresp [0:NP-1];\n"
                     "    wire [31:0] rdata [0:NP-1];\n    wire [31:0] out_data [0:NP-1];\n");
    for (int i = 0; i < k; i++) {
        hwgen_printf(&v, "    wire clk%d = ap_clk & (sel == 8'd%d);\n", i, i);
        hwgen_printf(&v, "    mlp_%s_top c%d (\n        .ap_clk(clk%d), .ap_rst_n(ap_rst_n), .interrupt(irq[%d]),\n",
                     names[i], i, i, i);
        hwgen_printf(&v, "        .s_axi_control_awaddr(s_axi_control_awaddr[%d:0]), .s_axi_control_awvalid(s_axi_control_awvalid),\n"
                         "        .s_axi_control_awready(awready[%d]), .s_axi_control_wdata(s_axi_control_wdata),\n"
                         "        .s_axi_control_wstrb(s_axi_control_wstrb), .s_axi_control_wvalid(s_axi_control_wvalid),\n"
                         "        .s_axi_control_wready(wready[%d]), .s_axi_control_bresp(bresp[%d]),\n"
                         "        .s_axi_control_bvalid(bvalid[%d]), .s_axi_control_bready(s_axi_control_bready),\n",
                     axw[i] - 1, i, i, i, i);
        hwgen_printf(&v, "        .s_axi_control_araddr(s_axi_control_araddr[%d:0]), .s_axi_control_arvalid(s_axi_control_arvalid),\n"
                         "        .s_axi_control_arready(arready[%d]), .s_axi_control_rdata(rdata[%d]),\n"
                         "        .s_axi_control_rresp(rresp[%d]), .s_axi_control_rvalid(rvalid[%d]),\n"
                         "        .s_axi_control_rready(s_axi_control_rready),\n"
                         "        .s_axis_in_tdata(s_axis_in_tdata), .s_axis_in_tvalid(s_axis_in_tvalid),\n"
                         "        .s_axis_in_tready(in_ready[%d]), .s_axis_in_tlast(s_axis_in_tlast),\n"
                         "        .m_axis_out_tdata(out_data[%d]), .m_axis_out_tvalid(out_valid[%d]),\n"
                         "        .m_axis_out_tready(m_axis_out_tready), .m_axis_out_tlast(out_last[%d]));\n",
                     axw[i] - 1, i, i, i, i, i, i, i, i);
    }
    if (np > k) {
        hwgen_printf(&v, "    // no core behind entries K..NP-1\n");
        hwgen_printf(&v, "    assign irq[NP-1:K] = 0;\n    assign awready[NP-1:K] = 0;\n"
                         "    assign wready[NP-1:K] = 0;\n    assign bvalid[NP-1:K] = 0;\n"
                         "    assign arready[NP-1:K] = 0;\n    assign rvalid[NP-1:K] = 0;\n"
                         "    assign in_ready[NP-1:K] = 0;\n    assign out_valid[NP-1:K] = 0;\n"
                         "    assign out_last[NP-1:K] = 0;\n");
        hwgen_printf(&v, "    genvar gk;\n    generate\n"
                         "        for (gk = K; gk < NP; gk = gk + 1) begin : g_none\n"
                         "            assign bresp[gk] = 2'd0;\n            assign rresp[gk] = 2'd0;\n"
                         "            assign rdata[gk] = 32'd0;\n            assign out_data[gk] = 32'd0;\n"
                         "        end\n    endgenerate\n");
    }
    hwgen_printf(&v, "    assign interrupt = irq[s];\n"
                     "    assign s_axi_control_awready = awready[s];\n"
                     "    assign s_axi_control_wready = wready[s];\n"
                     "    assign s_axi_control_bresp = bresp[s];\n"
                     "    assign s_axi_control_bvalid = bvalid[s];\n"
                     "    assign s_axi_control_arready = arready[s];\n"
                     "    assign s_axi_control_rdata = rdata[s];\n"
                     "    assign s_axi_control_rresp = rresp[s];\n"
                     "    assign s_axi_control_rvalid = rvalid[s];\n"
                     "    assign s_axis_in_tready = in_ready[s];\n"
                     "    assign m_axis_out_tdata = out_data[s];\n"
                     "    assign m_axis_out_tvalid = out_valid[s];\n"
                     "    assign m_axis_out_tlast = out_last[s];\n"
                     "endmodule\n\n`resetall\n");
    snprintf(path, sizeof path, "%s/rtl/mlp_multi_top.v", dir);
    int rc = hwgen_put_file(path, v.p);
    free(v.p);
    /* the net list */
    struct hwgen_text c = {0};
    hwgen_printf(&c, "/* sim_multi.c: the nets of this multi-core model (hwgen multi). */\n"
                     "#include \"sim_net.h\"\n\n");
    for (int i = 0; i < k; i++)
        hwgen_printf(&c, "extern const struct mlp_net sim_net_%s;\n"
                         "extern const struct hw_layout sim_layout_%s;\n", names[i], names[i]);
    hwgen_printf(&c, "\nconst struct sim_multi_net sim_multi[] = {\n");
    for (int i = 0; i < k; i++)
        hwgen_printf(&c, "    {\"%s\", &sim_net_%s, &sim_layout_%s,\n     \"%s\"},\n", names[i],
                     names[i], names[i], replays[i]);
    hwgen_printf(&c, "};\nconst int sim_multi_n = %d;\n", k);
    snprintf(path, sizeof path, "%s/sim/sim_multi.c", dir);
    rc |= hwgen_put_file(path, c.p);
    free(c.p);
    /* the harness: the templates, and a CMakeLists that builds them all */
    for (size_t i = 0; i < EMIT_RTL_N_SIM_FILES; i++) {
        snprintf(path, sizeof path, "%s/sim/%s", dir, emit_rtl_sim_files[i]);
        snprintf(path2, sizeof path2, "%s/templates/sim/%s", MLPGEN_SOURCE_DIR, emit_rtl_sim_files[i]);
        rc |= hwgen_copy_file(path, path2);
    }
    struct hwgen_text m = {0};
    hwgen_printf(&m,
        "# %d cores in one Verilated model (tests/hw/hwgen multi).\n"
        "cmake_minimum_required(VERSION 3.16)\nproject(mlp_multi_sim LANGUAGES C CXX)\n"
        "set(CMAKE_C_STANDARD 11)\nset(CMAKE_CXX_STANDARD 17)\n"
        "if(NOT CMAKE_BUILD_TYPE)\n  set(CMAKE_BUILD_TYPE Release)\nendif()\n"
        "find_package(verilator REQUIRED HINTS $ENV{VERILATOR_ROOT} ${VERILATOR_ROOT})\n"
        "find_package(ZLIB REQUIRED)\n"
        "set(MLPGEN_RUNTIME_DIR \"%s/runtime\" CACHE PATH \"mlpgen runtime sources\")\n"
        "set(SIM_OPT \"-O1\" CACHE STRING \"C++ optimization of the Verilated model\")\n"
        "file(GLOB MLPRT_SOURCES ${MLPGEN_RUNTIME_DIR}/*.c)\n"
        "add_library(mlprt STATIC ${MLPRT_SOURCES})\n"
        "target_include_directories(mlprt PUBLIC ${MLPGEN_RUNTIME_DIR})\n"
        "target_link_libraries(mlprt PUBLIC ZLIB::ZLIB m)\n"
        "set(_n ${CMAKE_CURRENT_SOURCE_DIR}/../n)\n"
        "add_executable(sim sim_main.c sim_multi.c verilator_transport.cpp\n", k, MLPGEN_SOURCE_DIR);
    for (int i = 0; i < k; i++)
        hwgen_printf(&m, "  ${_n}/%s/sim/sim_net.c\n", names[i]);
    hwgen_printf(&m, ")\n");
    for (int i = 0; i < k; i++)
        hwgen_printf(&m, "set_source_files_properties(${_n}/%s/sim/sim_net.c PROPERTIES\n"
                         "  COMPILE_DEFINITIONS \"sim_net=sim_net_%s;sim_layout=sim_layout_%s\")\n",
                     names[i], names[i], names[i]);
    hwgen_printf(&m, "target_compile_definitions(sim PRIVATE SIM_MULTI)\n"
                     "target_include_directories(sim PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})\n"
                     "target_link_libraries(sim PRIVATE mlprt)\n"
                     "file(GLOB RTL_LIB ${_n}/%s/rtl/mlp_*.v)\n"
                     "list(FILTER RTL_LIB EXCLUDE REGEX \"_top\\\\.v$\")\n"
                     "set(SIM_VSRC ${RTL_LIB}\n", names[0]);
    for (int i = 0; i < k; i++)
        hwgen_printf(&m, "  ${_n}/%s/rtl/mlp_%s_top.v\n", names[i], names[i]);
    hwgen_printf(&m, "  ${CMAKE_CURRENT_SOURCE_DIR}/../rtl/mlp_multi_top.v\n"
                     "  ${CMAKE_CURRENT_SOURCE_DIR}/sim_public.vlt)\n"
                     "include(${CMAKE_CURRENT_SOURCE_DIR}/verilate_fresh.cmake)\n"
                     "mlpgen_verilate_fresh(sim Vcore ${SIM_VSRC})\n"
                     "verilate(sim SOURCES ${SIM_VSRC}\n"
                     "  TOP_MODULE mlp_multi_top PREFIX Vcore\n"
                     "  VERILATOR_ARGS -Wno-fatal -Wno-lint -Wno-style --x-assign fast --x-initial fast\n"
                     "  OPT_FAST ${SIM_OPT} OPT_SLOW -O0 OPT_GLOBAL -O0)\n");
    snprintf(path, sizeof path, "%s/sim/CMakeLists.txt", dir);
    rc |= hwgen_put_file(path, m.p);
    free(m.p);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "desc") == 0)
        return hwgen_desc_file(argv[2], argv[argc - 1]);
    if (argc >= 3 && strcmp(argv[1], "xorsat") == 0) {
        /* XOR in narrow formats that saturate and wrap: exercises the counters */
        struct init_layer_spec ls[2] = {{3, MLP_TANH, 0, 1}, {1, MLP_SIGMOID, 0, 1}};
        struct init_spec s;
        memset(&s, 0, sizeof s);
        s.name = "xorsat";
        s.n_in = 2;
        s.n_layers = 2;
        s.layers = ls;
        s.loss = MLP_MSE;
        s.lr = 4.0;
        s.momentum = 0.5;
        s.batch = 2;
        s.weights = fmt(10, 2, FX_STOCHASTIC, FX_WRAP);
        s.activations = fmt(8, 2, FX_RND_CONV, FX_SAT);
        s.gradients = fmt(8, 0, FX_RND, FX_SAT);
        s.state = fmt(8, 1, FX_TRN, FX_SAT);
        s.init = INIT_NORMAL;
        s.init_scale = 1.5;
        s.seed = 3;
        struct init_net *n = init_net_new(&s);
        int pes[2] = {2, 1};
        int rc = n ? hwgen_write(&n->net, pes, NULL, hwgen_lov(0), argv[argc - 1]) : 1;
        init_net_free(n);
        return rc;
    }
    if (argc >= 3 && strcmp(argv[1], "xor") == 0) {
        struct init_layer_spec ls[2] = {{2, MLP_SIGMOID, 0, 1}, {1, MLP_SIGMOID, 0, 1}};
        struct init_spec s;
        memset(&s, 0, sizeof s);
        s.name = "xor";
        s.n_in = 2;
        s.n_layers = 2;
        s.layers = ls;
        s.loss = MLP_MSE;
        s.lr = 1.0;
        s.batch = 1;
        s.weights = fmt(16, 5, FX_RND_CONV, FX_SAT);
        s.activations = fmt(16, 4, FX_RND_CONV, FX_SAT);
        s.gradients = fmt(16, 2, FX_RND_CONV, FX_SAT);
        s.state = s.weights;
        s.init = INIT_NORMAL;
        s.init_scale = 0.5;
        s.seed = 7;
        struct init_net *n = init_net_new(&s);
        int pes[2] = {1, 1};
        int rc = n ? hwgen_write(&n->net, pes, NULL, hwgen_lov(0), argv[argc - 1]) : 1;
        init_net_free(n);
        return rc;
    }
    if (argc >= 3 && strcmp(argv[1], "digits") == 0) {
        struct init_layer_spec ls[2] = {{32, MLP_RELU, 0, 1}, {10, MLP_SOFTMAX, 0, 1}};
        struct init_spec s;
        memset(&s, 0, sizeof s);
        s.name = "digits";
        s.n_in = 64;
        s.n_layers = 2;
        s.layers = ls;
        s.loss = MLP_CROSS_ENTROPY;
        s.lr = 0.05;
        s.momentum = 0.9;
        s.batch = 16;
        s.weights = fmt(16, 4, FX_STOCHASTIC, FX_SAT);
        s.activations = fmt(16, 6, FX_RND_CONV, FX_SAT);
        s.gradients = fmt(16, 0, FX_RND_CONV, FX_SAT);
        s.state = s.weights;
        s.init = INIT_HE;
        s.seed = 1;
        struct init_net *n = init_net_new(&s);
        int p = argc >= 4 ? atoi(argv[2]) : 8;
        int pes[2] = {p * 32 / 42 > 0 ? p * 32 / 42 : 1, p - p * 32 / 42 > 0 ? p - p * 32 / 42 : 1};
        int rc = n ? hwgen_write(&n->net, pes, NULL, hwgen_lov(0), argv[argc - 1]) : 1;
        init_net_free(n);
        return rc;
    }
    if (argc >= 4 && strcmp(argv[1], "random") == 0) {
        uint64_t seed = strtoull(argv[2], NULL, 10);
        int p = argc >= 5 ? atoi(argv[3]) : 0;
        char name[48];
        hwgen_item_name(name, sizeof name, seed, p);
        return hwgen_random(seed, name, argv[argc - 1], p);
    }
    if (argc >= 4 && strcmp(argv[1], "multi") == 0)
        return hwgen_multi(argv[0], argc - 3, argv + 2, argv[argc - 1]);
    fprintf(stderr, "usage: hwgen xor DIR | hwgen digits [PES] DIR | hwgen random SEED [PES] DIR\n"
                    "       hwgen xorsat DIR | hwgen desc FILE DIR | hwgen multi ITEM... DIR\n"
                    "       (ITEM: SEED, SEED:PES or FIRST-LAST)\n");
    return 2;
}
