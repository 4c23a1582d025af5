/* plan.c: the balanced planner (plan.h). It gives every dense and conv
 * layer its processing elements out of `hardware pes=N` so that the stages
 * of the layer pipeline (docs/architecture.md, "The schedule") take about
 * the same time, with a cost model of the core:
 *
 *   one pass of a layer (mlp_dense_layer.v) = R * max(T, P + 1) + 2P + 5
 *     R = ceil(rows / P) row groups, T = tokens per group and chain
 *     (n_in + bias; with C > 1 chains along the inputs ceil((n_in + 1) / C)),
 *     P PEs per chain; a layer split along its inputs adds one cycle (the
 *     chains' sums added before the one requantization);
 *   stages per slot: layer 0 of a deeper net max(FWD, BWD) (its gradient
 *     pass has its own stream), other layers FWD + BWD, the last layer FWD
 *     + LOSS + BWD, or with the loss overlap (mlp_ctrl_core LOV, plan_pes
 *     at the end) FWD + max(LOSS, BWD); the input stream n_in + outputs
 *     words;
 *   forward only (mlp_ctrl_core ISTR, every core but the iCE40 one): no
 *     slots, each layer takes the next sample at its last token, so a stage
 *     is R * max(T, P + 1) a sample (no tail), the loss unit a stage of its
 *     own (4 cycles less: no flush), the input stream n_in words; the
 *     iCE40 core (lockstep slots): FWD, the last layer FWD + LOSS, n_in;
 *   the loss unit (mlp_loss_out.v): outputs + 6 cycles, softmax 3 outputs
 *     + 1 (the exp table read, one a cycle, the write-back of p, the output;
 *     the maximum is kept as the results come in; up to 16 outputs, p is
 *     read from the dividers: 2 outputs + 1) + one division of F_A + 2
 *     quotient bits (F_A + 5 cycles) per 16 outputs + 6; with MSEQ
 *     (iCE40) 2*NE + 1 more per output (its product on one multiplier,
 *     after the target's block RAM read) and one divider: a division per
 *     output; streaming, 4 cycles less (no flush).
 *     tb_mlp_loss_out checks these counts on the RTL.
 *
 * The search: the P a layer can usefully take are those that change R
 * (P = ceil(rows / R), the "divisors"); for 2-D tiles also the C that change
 * T. It takes the smallest training slot that fits the budget, then (with
 * the training slot allowed 1 % or 2 cycles more, the model's error) the
 * smallest forward-only slot, each layer with the fewest units
 * that meets both; units left over go one step at a time to the slowest
 * stage that can still step (shorter fill, drain and update). Explicit
 * parallel=P is kept. Deterministic (ties to fewer units, fewer chains,
 * the earlier layer). */
#include "plan.h"
#include "plan_fit.h"

#include <stdlib.h>

static bool plan_has_macs(const struct ir_layer *l)
{
    return l->kind == IR_DENSE || l->kind == IR_CONV;
}

/* output rows a layer can spread over units: dense outputs, conv filters */
static int64_t plan_rows(const struct ir_layer *l)
{
    return l->kind == IR_CONV ? l->filters : l->n_out;
}

/* columns a token stream walks per row group: inputs (+ the bias column) */
static int64_t plan_cols(const struct ir_layer *l)
{
    int64_t n = l->kind == IR_CONV ? l->fan_in : l->n_in;
    return n + (l->bias ? 1 : 0);
}

/* passes per sample: conv layers walk their rows once per output position */
static int64_t plan_positions(const struct ir_layer *l)
{
    return l->kind == IR_CONV ? (int64_t)l->out.h * l->out.w : 1;
}

static int64_t plan_cdiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

/* A forward-only sample of a streaming layer (mlp_dense_layer ISTR): the
 * pass without its tail, R * max(T, P + 1) (tb_mlp_dense_layer_cycles:
 * ST samples back to back take one pass + (ST - 1) times this).
 * Layers that may be split along their inputs (C > 1 chains): the first
 * MAC layer, which sends no g back, so each chain's gradient pass needs
 * only its own columns of x (mlp_dense_layer parameter C, dense only). */
static int64_t plan_pass_stream(const struct ir_layer *l, int64_t p, int64_t c)
{
    int64_t r = plan_cdiv(plan_rows(l), p);
    /* C > 1: every chain walks ceil((N+1)/C) columns, the bias slot among them */
    int64_t t = c == 1 ? plan_cols(l) : plan_cdiv(plan_cols(l) + (l->bias ? 0 : 1), c);
    int64_t group = t > p + 1 ? t : p + 1;
    return plan_positions(l) * r * group;
}

/* one pass: the tokens, then the chain's tail */
static int64_t plan_pass(const struct ir_layer *l, int64_t p, int64_t c)
{
    return plan_pass_stream(l, p, c) + plan_positions(l) * (2 * p + 5 + (c > 1 ? 1 : 0));
}

/* mlp_loss_out MSEQ (net->hw.mul_seq): each output waits a cycle for its
 * target (block RAM) and 2*NE cycles for its product, NE = ceil((W_A + 2)
 * / 16) limbs */
static int64_t plan_loss_mseq(const struct ir_net *net, int64_t m)
{
    return net->hw.mul_seq ? m * (2 * plan_cdiv(net->prec.activations.width + 2, 16) + 1) : 0;
}

static int64_t plan_loss(const struct ir_net *net, const struct ir_layer *last)
{
    int64_t m = last->n_out;
    if (last->act == IR_ACT_SOFTMAX && net->loss == IR_LOSS_CROSS_ENTROPY) {
        int fa = net->prec.activations.width - net->prec.activations.int_bits;
        /* divisions in groups of MD = min(m, 16) dividers (MSEQ: MD = 1),
         * each of F_A + 2 quotient bits + 3 (the quotient's top bits are
         * known zero, mlp_divider Q_W) */
        int64_t md = net->hw.mul_seq ? 1 : 16;
        int64_t qw = fa + 2;
        /* one group of dividers (m <= 16, not MSEQ): p is read from them,
         * no write-back (mlp_loss_out DIRECT) */
        int64_t per = (md == 16 && m <= 16) ? 2 : 3;
        return per * m + 1 + plan_cdiv(m, md) * (qw + 3) + 6 + plan_loss_mseq(net, m);
    }
    return m + 6 + plan_loss_mseq(net, m);
}

struct plan_cand {
    int p, c;               /* PEs per chain, chains */
    int64_t units;          /* p * c */
    int64_t fwd, train;     /* stage cycles per sample */
};

struct plan_layer {
    int li;                 /* index in net->layers */
    struct plan_cand *cand; /* sorted by units, then c */
    int n;
    int pick;
};

static int plan_cand_cmp(const void *a, const void *b)
{
    const struct plan_cand *x = a, *y = b;
    if (x->units != y->units)
        return x->units < y->units ? -1 : 1;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return x->p < y->p ? -1 : x->p > y->p;
}

static int64_t plan_cmp64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int plan_i64_cmp(const void *a, const void *b)
{
    return (int)plan_cmp64(*(const int64_t *)a, *(const int64_t *)b);
}

/* the values of P (or C) that change ceil(n / P): ceil(n / k) for k = n
 * down to 1, ascending, at most cap */
static int plan_steps(int64_t n, int64_t cap, int64_t *out)
{
    int k = 0;
    for (int64_t q = n; q >= 1; q--) {
        int64_t v = plan_cdiv(n, q);
        if (v > cap)
            break;
        if (k == 0 || out[k - 1] != v)
            out[k++] = v;
    }
    return k;
}

/* The same pass at half rate (net->hw.pe_mul1, mlp_dense_pe MUL1: one
 * multiplier per PE, so a pass that needs w*x or w*delta and delta*x of
 * the same cycle issues a token every other cycle): groups at least P + 1
 * cycles apart, the last group's gap not waited for, the tail one cycle
 * shorter than twice the tokens' steps:
 * 2 * ((R - 1) * max(T, ceil((P + 1) / 2)) + T) + 2P + 4 (+ 1 with C > 1). */
static int64_t plan_pass_half(const struct ir_layer *l, int64_t p, int64_t c)
{
    int64_t r = plan_cdiv(plan_rows(l), p);
    int64_t t = c == 1 ? plan_cols(l) : plan_cdiv(plan_cols(l) + (l->bias ? 0 : 1), c);
    int64_t h = (p + 2) / 2;
    int64_t group = t > h ? t : h;
    return plan_positions(l) * (2 * ((r - 1) * group + t) + 2 * p + 4 + (c > 1 ? 1 : 0));
}

static void plan_stage(const struct ir_net *net, const struct ir_layer *l, bool first, bool last,
                       struct plan_cand *k)
{
    int64_t pass = plan_pass(l, k->p, k->c);
    int64_t loss = last ? plan_loss(net, l) : 0;
    /* MUL1: FWD alone at full rate; layer 0's FWD beside its gradient
     * stream and the BWD of a layer that sends g (w*delta and delta*x) at
     * half rate; layer 0's gradient stream alone (a one-layer net) at full */
    int64_t half = net->hw.pe_mul1 ? plan_pass_half(l, k->p, k->c) : pass;
    if (net->hw.upd_seq) {
        k->fwd = pass + loss;            /* lockstep slots */
    } else {
        /* streaming: the loss unit beside, each sample without the
         * flush of its last error into the layer (4 cycles; infer sends none) */
        int64_t st = plan_pass_stream(l, k->p, k->c);
        int64_t ls = last ? loss - 4 : 0;
        k->fwd = st > ls ? st : ls;
    }
    /* the backward pass: its own stream in layer 0 (half rate with a
     * single-ported G), else on the main one */
    int64_t bwd = first ? ((l->mem_sp & 2) ? half : pass) : half;
    if (first && !last)
        k->train = half;                 /* FWD and BWD side by side */
    else if (last && net->hw.loss_ovl)   /* FWD, then LOSS beside the BWD of the sample before */
        k->train = pass + (loss > bwd ? loss : bwd);
    else
        k->train = pass + loss + bwd;    /* FWD (+ LOSS) + BWD in turn */
}

/* Candidates of one layer within `budget` units. */
static int plan_candidates(const struct ir_net *net, int li, bool first, bool last, int64_t budget,
                           struct plan_cand **out)
{
    const struct ir_layer *l = &net->layers[li];
    int64_t rows = plan_rows(l), cols = plan_cols(l);
    if (l->parallel > 0) {
        struct plan_cand *k = malloc(sizeof *k);
        if (!k)
            return -1;
        k->p = l->parallel;
        k->c = 1;
        k->units = l->parallel;
        plan_stage(net, l, first, last, k);
        *out = k;
        return 1;
    }
    int64_t pcap = rows < budget ? rows : budget;
    int64_t *ps = malloc(sizeof *ps * (size_t)(2 * (pcap < 1 ? 1 : pcap) + 2));
    int64_t *cs = NULL;
    int np = plan_steps(rows, pcap, ps);
    int nc = 1;
    int64_t one = 1;
    const int64_t *csv = &one;
    bool split = first && l->kind == IR_DENSE && cols > 1 && budget > 1;
    if (split) {
        int64_t ccap = cols < budget ? cols : budget;
        cs = malloc(sizeof *cs * (size_t)(2 * ccap + 2));
        if (!cs) {
            free(ps);
            return -1;
        }
        nc = plan_steps(cols, ccap, cs);
        csv = cs;
    }
    struct plan_cand *k = malloc(sizeof *k * (size_t)(np * nc + 1));
    if (!ps || !k) {
        free(ps);
        free(cs);
        free(k);
        return -1;
    }
    int n = 0;
    for (int a = 0; a < np; a++)
        for (int b = 0; b < nc; b++) {
            if (ps[a] * csv[b] > budget)
                continue;
            k[n].p = (int)ps[a];
            k[n].c = (int)csv[b];
            k[n].units = ps[a] * csv[b];
            plan_stage(net, l, first, last, &k[n]);
            n++;
        }
    free(ps);
    free(cs);
    qsort(k, (size_t)n, sizeof *k, plan_cand_cmp);
    *out = k;
    return n;
}

/* For each layer the first (fewest units) candidate with train <= T and
 * fwd <= F; the units they need, or -1. */
static int64_t plan_fit_bounds(struct plan_layer *pl, int n, int64_t T, int64_t F, bool set)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
        int found = -1;
        for (int k = 0; k < pl[i].n; k++)
            if (pl[i].cand[k].train <= T && pl[i].cand[k].fwd <= F) {
                found = k;
                break;
            }
        if (found < 0)
            return -1;
        if (set)
            pl[i].pick = found;
        sum += pl[i].cand[found].units;
    }
    return sum;
}

static void plan_rows_only(struct ir_net *net)
{
    /* out of memory: one unit per layer (a valid, slow plan) */
    for (int i = 0; i < net->n_layers; i++) {
        struct ir_layer *l = &net->layers[i];
        if (plan_has_macs(l)) {
            l->pe_rows = l->pes = l->parallel > 0 ? l->parallel : 1;
            l->pe_cols = 1;
        }
    }
}

static void plan_summary(struct ir_net *net)
{
    struct ir_plan *s = &net->plan;
    int first = -1, last = -1;
    plan_fit_spram(net);   /* (the stage times below see single-ported G) */
    for (int i = 0; i < net->n_layers; i++)
        if (plan_has_macs(&net->layers[i])) {
            if (first < 0)
                first = i;
            last = i;
        }
    s->units = 0;
    s->slot_fwd = s->slot_train = 0;
    s->stream_fwd = net->layers[0].n_in;
    s->stream_train = s->stream_fwd + (last >= 0 ? net->layers[last].n_out : 0);
    for (int i = 0; i < net->n_layers; i++) {
        struct ir_layer *l = &net->layers[i];
        if (!plan_has_macs(l))
            continue;
        struct plan_cand k = { l->pe_rows, l->pe_cols, l->pes, 0, 0 };
        plan_stage(net, l, i == first, i == last, &k);
        l->plan_fwd = k.fwd;
        l->plan_train = k.train;
        s->units += l->pes;
        if (k.fwd > s->slot_fwd)
            s->slot_fwd = k.fwd;
        if (k.train > s->slot_train)
            s->slot_train = k.train;
    }
    if (s->stream_fwd > s->slot_fwd)
        s->slot_fwd = s->stream_fwd;
    if (s->stream_train > s->slot_train)
        s->slot_train = s->stream_train;
}

static void plan_pes_run(struct ir_net *net)
{
    /* iCE40 (8 DSPs on UP5K, none on HX8K): one sequential update unit
     * that the layers share, updating in turn (1 multiplier, (LATENCY + 2)
     * cycles a weight) instead of one combinational unit (14 multipliers)
     * per PE */
    net->hw.upd_seq = net->hw.target == IR_TARGET_ICE40;
    /* and (UP5K: 8 DSPs) the loss unit's product over 2*NE cycles on one
     * multiplier instead of an (W_A+2) x 33 one (4 SB_MAC16) */
    net->hw.mul_seq = net->hw.target == IR_TARGET_ICE40;
    /* and every PE on one multiplier (xor: 3 PEs, 11 -> 8 SB_MAC16): the
     * passes that need two products at once run at half rate */
    net->hw.pe_mul1 = net->hw.target == IR_TARGET_ICE40;
    int64_t budget = net->hw.pes;
    int nl = 0, first = -1, last = -1;
    for (int i = 0; i < net->n_layers; i++) {
        struct ir_layer *l = &net->layers[i];
        l->pes = l->pe_rows = l->pe_cols = 0;
        l->plan_fwd = l->plan_train = 0;
        l->mem_sp = l->g_huge_w = 0;
        if (!plan_has_macs(l))
            continue;
        if (first < 0)
            first = i;
        last = i;
        nl++;
    }
    if (nl == 0) {
        plan_summary(net);
        return;
    }
    struct plan_layer *pl = calloc((size_t)nl, sizeof *pl);
    int64_t *vals = NULL;
    if (!pl) {
        plan_rows_only(net);
        plan_summary(net);
        return;
    }
    /* each layer's share of the budget is at most what the others leave */
    int64_t need = 0;
    for (int i = 0; i < net->n_layers; i++)
        if (plan_has_macs(&net->layers[i]))
            need += net->layers[i].parallel > 0 ? net->layers[i].parallel : 1;
    int n = 0;
    int64_t total = 0;
    bool ok = true;
    for (int i = 0; i < net->n_layers && ok; i++) {
        struct ir_layer *l = &net->layers[i];
        if (!plan_has_macs(l))
            continue;
        int64_t own = l->parallel > 0 ? l->parallel : 1;
        int64_t cap = budget - (need - own);
        if (cap < own)
            cap = own;
        pl[n].li = i;
        pl[n].n = plan_candidates(net, i, i == first, i == last, cap, &pl[n].cand);
        ok = pl[n].n > 0;
        if (ok)
            total += pl[n].n;
        n++;
    }
    if (ok)
        vals = malloc(sizeof *vals * (size_t)(2 * total + 1));
    if (!ok || !vals) {
        for (int i = 0; i < n; i++)
            free(pl[i].cand);
        free(pl);
        free(vals);
        plan_rows_only(net);
        plan_summary(net);
        return;
    }
    /* the smallest training slot that fits, then the smallest forward slot */
    int nv = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < pl[i].n; k++)
            vals[nv++] = pl[i].cand[k].train;
    qsort(vals, (size_t)nv, sizeof *vals, plan_i64_cmp);
    int64_t T = -1;
    for (int v = 0; v < nv && T < 0; v++) {
        int64_t s = plan_fit_bounds(pl, n, vals[v], INT64_MAX, false);
        if (s >= 0 && s <= budget)
            T = vals[v];
    }
    if (T < 0)
        T = INT64_MAX;   /* parallel= beyond the budget: the checker said no; keep going */
    else
        T += T / 100 > 2 ? T / 100 : 2;   /* within the model's error: forward decides */
    nv = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < pl[i].n; k++)
            vals[nv++] = pl[i].cand[k].fwd;
    qsort(vals, (size_t)nv, sizeof *vals, plan_i64_cmp);
    int64_t F = INT64_MAX;
    for (int v = 0; v < nv; v++) {
        int64_t s = plan_fit_bounds(pl, n, T, vals[v], false);
        if (s >= 0 && s <= budget) {
            F = vals[v];
            break;
        }
    }
    int64_t used = plan_fit_bounds(pl, n, T, F, true);
    if (used < 0) {
        /* no plan within the budget (explicit parallel= too large): fewest units each */
        used = 0;
        for (int i = 0; i < n; i++) {
            pl[i].pick = 0;
            used += pl[i].cand[0].units;
        }
    }
    /* spare units: one step at a time to the slowest stage that can step
     * to a candidate no slower in either mode */
    for (;;) {
        int best = -1, best_k = -1;
        int64_t best_t = -1;
        for (int i = 0; i < n; i++) {
            const struct plan_cand *cur = &pl[i].cand[pl[i].pick];
            int nk = -1;
            for (int k = pl[i].pick + 1; k < pl[i].n; k++) {
                const struct plan_cand *c = &pl[i].cand[k];
                if (c->units > cur->units && c->train < cur->train && c->fwd <= cur->fwd &&
                    used - cur->units + c->units <= budget) {
                    nk = k;
                    break;
                }
            }
            if (nk >= 0 && cur->train > best_t) {
                best = i;
                best_k = nk;
                best_t = cur->train;
            }
        }
        if (best < 0)
            break;
        used += pl[best].cand[best_k].units - pl[best].cand[pl[best].pick].units;
        pl[best].pick = best_k;
    }
    for (int i = 0; i < n; i++) {
        struct ir_layer *l = &net->layers[pl[i].li];
        const struct plan_cand *c = &pl[i].cand[pl[i].pick];
        l->pe_rows = c->p;
        l->pe_cols = c->c;
        l->pes = (int)c->units;
        free(pl[i].cand);
    }
    free(pl);
    free(vals);
    plan_summary(net);
}

/* The plan with and without the loss overlap (mlp_ctrl_core LOV: the last
 * layer's slot FWD + max(LOSS, BWD) instead of their sum, one slot more a
 * batch of B + 2L - 2): the one whose batch is shorter by the model, the
 * overlap only where it wins (ties: without). Never on the iCE40-style
 * core (its layers' x and z would hold one sample more). */
void plan_pes(struct ir_net *net)
{
    net->hw.loss_ovl = false;
    plan_pes_run(net);
    if (net->hw.upd_seq)
        return;
    int64_t nl = 0;
    for (int i = 0; i < net->n_layers; i++)
        if (plan_has_macs(&net->layers[i]))
            nl++;
    if (nl == 0)
        return;
    int64_t slots = net->batch + 2 * nl - 2;
    int64_t without = net->plan.slot_train * slots;
    net->hw.loss_ovl = true;
    plan_pes_run(net);
    if (net->plan.slot_train * (slots + 1) >= without) {
        net->hw.loss_ovl = false;
        plan_pes_run(net);
    }
}
