/* ref_train: the reference trainer. Forward (numerics.md 3-5), backward (6)
 * and the SGD update (7) of dense layers in integers, sample by sample;
 * the weights change only at the batch boundary, as in the hardware. */
#include "ref_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ref_layer {
    int32_t *w, *b, *vw, *vb;      /* state */
    int64_t *gw, *gb;              /* exact batch gradients */
    int32_t *z, *a, *delta;        /* this sample's values */
    struct fx_counts cnt[MLP_T_COUNT];
};

struct ref_trainer {
    const struct mlp_net *net;
    struct mlp_hyper hyper;
    struct ref_layer *ly;
    int32_t *g;                    /* scratch: input gradient of one layer */
    uint32_t updates, samples;     /* the clocks of the hash */
};

/* The hash word for a rounding into fmt; 0 when fmt is not stochastic. */
static uint32_t ref_rnd(const struct ref_trainer *r, struct fx_format fmt, int layer,
                        int tensor, int row, int col, uint32_t step)
{
    if (fmt.round != FX_STOCHASTIC)
        return 0;
    return mlp_hash(r->net->seed, (uint8_t)layer, (uint8_t)tensor, (uint16_t)row,
                    (uint32_t)col, step);
}

static int ceil_log2(long n)
{
    int k = 0;
    while ((1L << k) < n)
        k++;
    return k;
}

static int fmt_ok(struct fx_format f)
{
    int fr = fx_frac(f);
    return f.width >= 1 && f.width <= 32 && fr >= 0 && fr <= 32;
}

const char *ref_unsupported(const struct mlp_net *net)
{
    const struct mlp_net *n = net;
    if (n->n_layers < 1 || n->n_layers > 255)
        return "between 1 and 255 layers";
    if (n->optim != MLP_SGD)
        return "only sgd is supported yet";
    if (!fmt_ok(n->weights) || !fmt_ok(n->activations) || !fmt_ok(n->gradients) ||
        !fmt_ok(n->state))
        return "formats need 1 <= W <= 32 and 0 <= F <= 32";
    if (n->batch < 1 || n->batch > 65536)
        return "batch must be in 1..65536";
    int ww = n->weights.width, wa = n->activations.width, wg = n->gradients.width;
    for (int l = 0; l < n->n_layers; l++) {
        const struct mlp_layer *ly = &n->layers[l];
        if (ly->n_in < 1 || ly->n_out < 1 || ly->n_out > 65536 || !ly->w0)
            return "layer sizes must be >= 1, outputs <= 65536, initial weights given";
        if (l > 0 && ly->n_in != n->layers[l - 1].n_out)
            return "layer inputs must match the previous layer's outputs";
        if (ly->act == MLP_SOFTMAX && l != n->n_layers - 1)
            return "softmax only on the last layer";
        if ((ly->act == MLP_SIGMOID || ly->act == MLP_TANH || ly->act == MLP_ELU) &&
            (!ly->f.data || !ly->df.data))
            return "table activation without tables";
        if (ly->act == MLP_SOFTMAX && !ly->f.data)
            return "softmax without its exp table";
        if (ww + wa + ceil_log2(ly->n_in + 1) > 62 || ww + wg + ceil_log2(ly->n_out) > 62 ||
            wg + wa + ceil_log2(n->batch) > 62)
            return "accumulator wider than 62 bits";
    }
    if (!n->acc_auto && (fx_frac(n->acc) != fx_frac(n->weights) + fx_frac(n->activations)))
        return "explicit accumulators must have the product's fractional bits";
    const struct mlp_layer *last = &n->layers[n->n_layers - 1];
    if (n->loss == MLP_CROSS_ENTROPY &&
        !(last->act == MLP_SOFTMAX ||
          (last->act == MLP_SIGMOID && last->n_out == 1 && last->act_param == 1.0)))
        return "cross_entropy needs softmax or a one-unit sigmoid (beta 1)";
    if (n->loss == MLP_HINGE && !(last->n_out == 1 && (last->act == MLP_LINEAR ||
                                                        last->act == MLP_TANH)))
        return "hinge needs one linear or tanh output";
    if (n->loss != MLP_CROSS_ENTROPY && last->act == MLP_SOFTMAX)
        return "softmax needs cross_entropy";
    return NULL;
}

void ref_free(struct ref_trainer *r)
{
    if (!r)
        return;
    if (r->ly) {
        for (int l = 0; l < r->net->n_layers; l++) {
            struct ref_layer *L = &r->ly[l];
            free(L->w); free(L->b); free(L->vw); free(L->vb);
            free(L->gw); free(L->gb); free(L->z); free(L->a); free(L->delta);
        }
    }
    free(r->ly);
    free(r->g);
    free(r);
}

struct ref_trainer *ref_new(const struct mlp_net *net)
{
    if (ref_unsupported(net))
        return NULL;
    struct ref_trainer *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->net = net;
    r->ly = calloc((size_t)net->n_layers, sizeof *r->ly);
    int widest = 1;
    for (int l = 0; r->ly && l < net->n_layers; l++)
        if (net->layers[l].n_in > widest)
            widest = net->layers[l].n_in;
    r->g = calloc((size_t)widest, sizeof *r->g);
    if (!r->ly || !r->g) {
        ref_free(r);
        return NULL;
    }
    for (int l = 0; l < net->n_layers; l++) {
        struct ref_layer *L = &r->ly[l];
        size_t nw = (size_t)net->layers[l].n_out * (size_t)net->layers[l].n_in;
        size_t no = (size_t)net->layers[l].n_out;
        L->w = calloc(nw, sizeof *L->w);
        L->vw = calloc(nw, sizeof *L->vw);
        L->gw = calloc(nw, sizeof *L->gw);
        L->b = calloc(no, sizeof *L->b);
        L->vb = calloc(no, sizeof *L->vb);
        L->gb = calloc(no, sizeof *L->gb);
        L->z = calloc(no, sizeof *L->z);
        L->a = calloc(no, sizeof *L->a);
        L->delta = calloc(no, sizeof *L->delta);
        if (!L->w || !L->vw || !L->gw || !L->b || !L->vb || !L->gb || !L->z || !L->a ||
            !L->delta) {
            ref_free(r);
            return NULL;
        }
    }
    ref_reset(r);
    return r;
}

int ref_reset(struct ref_trainer *r)
{
    const struct mlp_net *net = r->net;
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        struct ref_layer *L = &r->ly[l];
        size_t nw = (size_t)ly->n_out * (size_t)ly->n_in, no = (size_t)ly->n_out;
        memcpy(L->w, ly->w0, nw * sizeof *L->w);
        memset(L->vw, 0, nw * sizeof *L->vw);
        memset(L->gw, 0, nw * sizeof *L->gw);
        memset(L->b, 0, no * sizeof *L->b);
        memset(L->vb, 0, no * sizeof *L->vb);
        memset(L->gb, 0, no * sizeof *L->gb);
        memset(L->cnt, 0, sizeof L->cnt);
    }
    r->hyper = net->hyper;
    r->updates = 0;
    r->samples = 0;
    return 0;
}

/* numerics.md 3 and 4: z and a of layer l for input x. */
static void ref_forward_layer(struct ref_trainer *r, int l, const int32_t *x)
{
    const struct mlp_net *net = r->net;
    const struct mlp_layer *ly = &net->layers[l];
    struct ref_layer *L = &r->ly[l];
    struct fx_format A = net->activations;
    int fa = fx_frac(A), fp = fx_frac(net->weights) + fa;
    for (int j = 0; j < ly->n_out; j++) {
        const int32_t *wr = L->w + (size_t)j * (size_t)ly->n_in;
        int64_t acc = ly->bias ? (int64_t)L->b[j] * ((int64_t)1 << fa) : 0;
        for (int i = 0; i < ly->n_in; i++)
            acc += (int64_t)wr[i] * x[i];
        if (!net->acc_auto)
            acc = fx_requant(acc, fp, net->acc, 0, &L->cnt[MLP_T_Z]);
        int64_t z = fx_requant(acc, fp, A, ref_rnd(r, A, l, MLP_T_Z, j, 0, r->samples),
                               &L->cnt[MLP_T_Z]);
        int64_t a = z;
        switch (ly->act) {
        case MLP_LINEAR:
        case MLP_SOFTMAX:
            break;
        case MLP_RELU:
            a = z > 0 ? z : 0;
            break;
        case MLP_LEAKY_RELU:
            if (z < 0)
                a = fx_requant(z * (int64_t)ly->alpha_q, fa + 16, A,
                               ref_rnd(r, A, l, MLP_T_A, j, 0, r->samples), &L->cnt[MLP_T_A]);
            break;
        case MLP_SIGMOID:
        case MLP_TANH:
            a = lut_lookup(&ly->f, z, fa);
            break;
        case MLP_ELU:
            if (z <= 0)
                a = lut_lookup(&ly->f, z, fa);
            break;
        }
        L->z[j] = (int32_t)z;
        L->a[j] = (int32_t)a;
    }
    if (ly->act != MLP_SOFTMAX)
        return;
    /* numerics.md 5, softmax exactly */
    int32_t m = L->z[0];
    for (int j = 1; j < ly->n_out; j++)
        if (L->z[j] > m)
            m = L->z[j];
    int64_t S = 0;
    for (int j = 0; j < ly->n_out; j++)
        S += lut_lookup(&ly->f, (int64_t)L->z[j] - m, fa);
    for (int j = 0; j < ly->n_out; j++) {
        int64_t e = lut_lookup(&ly->f, (int64_t)L->z[j] - m, fa);
        int64_t p = ((e << (fa + 1)) / S + 1) >> 1;
        if (p > fx_max(A)) {
            p = fx_max(A);
            L->cnt[MLP_T_A].sat++;
        }
        L->a[j] = (int32_t)p;
    }
}

static void ref_forward(struct ref_trainer *r, const int32_t *x)
{
    for (int l = 0; l < r->net->n_layers; l++)
        ref_forward_layer(r, l, l == 0 ? x : r->ly[l - 1].a);
}

/* numerics.md 6 step 2: delta of unit j of layer l from its g. */
static int32_t ref_delta(struct ref_trainer *r, int l, int j, int64_t g)
{
    const struct mlp_net *net = r->net;
    const struct mlp_layer *ly = &net->layers[l];
    struct ref_layer *L = &r->ly[l];
    struct fx_format G = net->gradients;
    int fg = fx_frac(G);
    int64_t z = L->z[j];
    uint32_t rb = ref_rnd(r, G, l, MLP_T_DELTA, j, 0, r->samples);
    switch (ly->act) {
    case MLP_LINEAR:
    case MLP_SOFTMAX:
        return (int32_t)g;
    case MLP_RELU:
        return z > 0 ? (int32_t)g : 0;
    case MLP_LEAKY_RELU:
        if (z > 0)
            return (int32_t)g;
        return (int32_t)fx_requant(g * (int64_t)ly->alpha_q, fg + 16, G, rb,
                                   &L->cnt[MLP_T_DELTA]);
    case MLP_ELU:
        if (z > 0)
            return (int32_t)g;
        break;
    case MLP_SIGMOID:
    case MLP_TANH:
        break;
    }
    int64_t d = lut_lookup(&ly->df, z, fx_frac(net->activations));
    return (int32_t)fx_requant(g * d, fg + fx_frac(ly->df.out), G, rb, &L->cnt[MLP_T_DELTA]);
}

/* numerics.md 5: the output layer's delta for target t, inv_b folded in. */
static void ref_output_delta(struct ref_trainer *r, const int32_t *t, uint32_t inv_b)
{
    const struct mlp_net *net = r->net;
    int l = net->n_layers - 1;
    const struct mlp_layer *ly = &net->layers[l];
    struct ref_layer *L = &r->ly[l];
    struct fx_format G = net->gradients;
    int fa = fx_frac(net->activations), f_in = fa + 24;
    int64_t one = (int64_t)1 << fa;
    for (int k = 0; k < ly->n_out; k++) {
        int64_t a = L->a[k];
        if (net->loss == MLP_CROSS_ENTROPY) {
            L->delta[k] = (int32_t)fx_requant((a - t[k]) * (int64_t)inv_b, f_in, G,
                                              ref_rnd(r, G, l, MLP_T_DELTA, k, 0, r->samples),
                                              &L->cnt[MLP_T_DELTA]);
            continue;
        }
        int64_t e;
        if (net->loss == MLP_MSE) {
            e = a - t[k];
        } else {                                    /* hinge, y = +-1 */
            int y = t[k] > 0 ? 1 : -1;
            e = y * a < one ? -y * one : 0;
        }
        int64_t g = fx_requant(e * (int64_t)inv_b, f_in, G,
                               ref_rnd(r, G, l, MLP_T_G, k, 0, r->samples), &L->cnt[MLP_T_G]);
        L->delta[k] = ref_delta(r, l, k, g);
    }
}

/* numerics.md 6: deltas of every layer, gradients accumulated exactly. */
static void ref_backward(struct ref_trainer *r, const int32_t *x)
{
    const struct mlp_net *net = r->net;
    struct fx_format G = net->gradients;
    int fwg = fx_frac(net->weights) + fx_frac(G);
    for (int l = net->n_layers - 1; l >= 0; l--) {
        const struct mlp_layer *ly = &net->layers[l];
        struct ref_layer *L = &r->ly[l];
        const int32_t *in = l == 0 ? x : r->ly[l - 1].a;
        for (int j = 0; j < ly->n_out; j++) {
            int64_t d = L->delta[j];
            int64_t *gr = L->gw + (size_t)j * (size_t)ly->n_in;
            for (int i = 0; i < ly->n_in; i++)
                gr[i] += d * in[i];
            L->gb[j] += d;
        }
        if (l == 0)
            break;
        for (int i = 0; i < ly->n_in; i++) {
            int64_t acc = 0;
            for (int j = 0; j < ly->n_out; j++)
                acc += (int64_t)L->w[(size_t)j * (size_t)ly->n_in + (size_t)i] * L->delta[j];
            r->g[i] = (int32_t)fx_requant(acc, fwg, G,
                                          ref_rnd(r, G, l - 1, MLP_T_G, i, 0, r->samples),
                                          &r->ly[l - 1].cnt[MLP_T_G]);
        }
        for (int i = 0; i < ly->n_in; i++)
            r->ly[l - 1].delta[i] = ref_delta(r, l - 1, i, r->g[i]);
    }
}

static fx_wide shl(fx_wide v, int n) { return v * ((fx_wide)1 << n); }
static int imax(int a, int b) { return a > b ? a : b; }

/* numerics.md 7 for one parameter p with momentum v and exact gradient gsum
 * (f_g fractional bits); wd_q is 0 for biases. */
static void ref_update_one(struct ref_trainer *r, int l, int t_p, int t_v, int row, int col,
                           int32_t *p, int32_t *v, int64_t gsum, int f_g, uint32_t wd_q)
{
    const struct mlp_net *net = r->net;
    struct fx_format W = net->weights, S = net->state;
    struct ref_layer *L = &r->ly[l];
    const struct mlp_hyper *h = &r->hyper;
    int fw = fx_frac(W), fs = fx_frac(S);
    int fd = imax(f_g, fw + 24);
    fx_wide d = shl(gsum, fd - f_g) + shl((fx_wide)wd_q * *p, fd - (fw + 24));
    fx_wide step = d;
    int fstep = fd;
    if (h->momentum_q) {
        int fv = imax(fs + 24, fd);
        fx_wide mv = (fx_wide)h->momentum_q * *v;
        fx_wide exact = shl(mv, fv - (fs + 24)) + shl(d, fv - fd);
        int64_t nv = fx_requant_wide(exact, fv, S, ref_rnd(r, S, l, t_v, row, col, r->updates),
                                     &L->cnt[t_v]);
        if (nv == *v && exact != shl(*v, fv - fs))
            L->cnt[t_v].zero++;
        *v = (int32_t)nv;
        if (h->nesterov) {
            fstep = imax(fd, fs + 24);
            step = shl(d, fstep - fd) + shl((fx_wide)h->momentum_q * *v, fstep - (fs + 24));
        } else {
            step = *v;
            fstep = fs;
        }
    }
    fx_wide delta = (fx_wide)h->lr_q * step;
    int fu = fstep + 24;
    int shift_w = fu - fw;
    fx_wide exact = shift_w >= 0 ? shl(*p, shift_w) - delta : 0;
    int64_t np;
    if (shift_w >= 0) {
        np = fx_requant_wide(exact, fu, W, ref_rnd(r, W, l, t_p, row, col, r->updates),
                             &L->cnt[t_p]);
    } else {          /* fw > fu: align the step instead (exact) */
        exact = (fx_wide)*p - shl(delta, -shift_w);
        np = fx_requant_wide(exact, fw, W, 0, &L->cnt[t_p]);
    }
    if (np == *p && delta != 0)
        L->cnt[t_p].zero++;
    *p = (int32_t)np;
}

static void ref_update(struct ref_trainer *r)
{
    const struct mlp_net *net = r->net;
    int fg = fx_frac(net->gradients), fgw = fg + fx_frac(net->activations);
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        struct ref_layer *L = &r->ly[l];
        for (int j = 0; j < ly->n_out; j++) {
            for (int i = 0; i < ly->n_in; i++) {
                size_t k = (size_t)j * (size_t)ly->n_in + (size_t)i;
                ref_update_one(r, l, MLP_T_WEIGHTS, MLP_T_MOM_W, j, i, &L->w[k], &L->vw[k],
                               L->gw[k], fgw, r->hyper.weight_decay_q);
                L->gw[k] = 0;
            }
            if (ly->bias)
                ref_update_one(r, l, MLP_T_BIASES, MLP_T_MOM_B, j, 0, &L->b[j], &L->vb[j],
                               L->gb[j], fg, 0);
            L->gb[j] = 0;
        }
    }
    r->updates++;
}

int ref_accumulate(struct ref_trainer *r, const int32_t *x, const int32_t *t, int b,
                   int32_t *out)
{
    const struct mlp_net *net = r->net;
    if (b < 1 || b > net->batch)
        return -1;
    int n_in = net->layers[0].n_in, n_out = net->layers[net->n_layers - 1].n_out;
    uint32_t inv_b = (uint32_t)(((1u << 24) + (uint32_t)b / 2) / (uint32_t)b);
    for (int s = 0; s < b; s++) {
        const int32_t *xs = x + (size_t)s * (size_t)n_in;
        ref_forward(r, xs);
        if (out)
            memcpy(out + (size_t)s * (size_t)n_out, r->ly[net->n_layers - 1].a,
                   (size_t)n_out * sizeof *out);
        ref_output_delta(r, t + (size_t)s * (size_t)n_out, inv_b);
        ref_backward(r, xs);
        r->samples++;
    }
    return 0;
}

void ref_apply_update(struct ref_trainer *r)
{
    ref_update(r);
}

int ref_train_batch(struct ref_trainer *r, const int32_t *x, const int32_t *t, int b,
                    int32_t *out)
{
    if (ref_accumulate(r, x, t, b, out) != 0)
        return -1;
    ref_update(r);
    return 0;
}

int ref_read_gradient(const struct ref_trainer *r, int layer, double *gw, double *gb)
{
    if (layer < 0 || layer >= r->net->n_layers)
        return -1;
    const struct mlp_layer *ly = &r->net->layers[layer];
    int fg = fx_frac(r->net->gradients), fa = fx_frac(r->net->activations);
    size_t nw = (size_t)ly->n_out * (size_t)ly->n_in;
    for (size_t k = 0; k < nw; k++)
        gw[k] = ldexp((double)r->ly[layer].gw[k], -(fg + fa));
    for (int j = 0; j < ly->n_out; j++)
        gb[j] = ldexp((double)r->ly[layer].gb[j], -fg);
    return 0;
}

int ref_infer(struct ref_trainer *r, const int32_t *x, int b, int32_t *out)
{
    const struct mlp_net *net = r->net;
    int n_in = net->layers[0].n_in, n_out = net->layers[net->n_layers - 1].n_out;
    for (int s = 0; s < b; s++) {
        ref_forward(r, x + (size_t)s * (size_t)n_in);
        memcpy(out + (size_t)s * (size_t)n_out, r->ly[net->n_layers - 1].a,
               (size_t)n_out * sizeof *out);
    }
    return 0;
}

int ref_set_hyper(struct ref_trainer *r, const struct mlp_hyper *h)
{
    r->hyper = *h;
    return 0;
}

static int32_t *ref_tensor(const struct ref_trainer *r, int layer, int tensor, size_t *n)
{
    if (layer < 0 || layer >= r->net->n_layers)
        return NULL;
    const struct mlp_layer *ly = &r->net->layers[layer];
    struct ref_layer *L = &r->ly[layer];
    size_t nw = (size_t)ly->n_out * (size_t)ly->n_in, no = (size_t)ly->n_out;
    switch (tensor) {
    case MLP_T_WEIGHTS: *n = nw; return L->w;
    case MLP_T_BIASES: *n = no; return L->b;
    case MLP_T_MOM_W: *n = nw; return L->vw;
    case MLP_T_MOM_B: *n = no; return L->vb;
    default: return NULL;
    }
}

int ref_read_tensor(const struct ref_trainer *r, int layer, int tensor, int32_t *buf, size_t n)
{
    if (tensor == MLP_T_CLOCKS && layer == 0 && n == 2) {
        buf[0] = (int32_t)r->updates;
        buf[1] = (int32_t)r->samples;
        return 0;
    }
    size_t have = 0;
    int32_t *p = ref_tensor(r, layer, tensor, &have);
    if (!p || n != have)
        return -1;
    memcpy(buf, p, n * sizeof *buf);
    return 0;
}

int ref_write_tensor(struct ref_trainer *r, int layer, int tensor, const int32_t *buf, size_t n)
{
    if (tensor == MLP_T_CLOCKS && layer == 0 && n == 2)
        return ref_write_clocks(r, (uint32_t)buf[0], (uint32_t)buf[1]);
    size_t have = 0;
    int32_t *p = ref_tensor(r, layer, tensor, &have);
    if (!p || n != have)
        return -1;
    memcpy(p, buf, n * sizeof *buf);
    return 0;
}

int ref_read_counters(const struct ref_trainer *r, int layer, int tensor, struct fx_counts *c)
{
    if (layer < 0 || layer >= r->net->n_layers || tensor < 0 || tensor >= MLP_T_COUNT)
        return -1;
    *c = r->ly[layer].cnt[tensor];
    return 0;
}

int ref_read_clocks(const struct ref_trainer *r, uint32_t *updates, uint32_t *samples)
{
    *updates = r->updates;
    *samples = r->samples;
    return 0;
}

int ref_write_clocks(struct ref_trainer *r, uint32_t updates, uint32_t samples)
{
    r->updates = updates;
    r->samples = samples;
    return 0;
}

void ref_print_counters(const struct ref_trainer *r, FILE *f)
{
    static const char *const names[MLP_T_COUNT] = {
        "weights", "biases", "momentum_w", "momentum_b", "moment2_w", "moment2_b", "6", "7",
        "z", "a", "delta", "g", "dropout", "13", "14", "15", "init"};
    int any = 0;
    for (int l = 0; l < r->net->n_layers; l++)
        for (int t = 0; t < MLP_T_COUNT; t++) {
            const struct fx_counts *c = &r->ly[l].cnt[t];
            if (c->sat || c->wrap || c->zero) {
                fprintf(f, "layer %d %-10s saturated %llu wrapped %llu rounded-to-zero %llu\n",
                        l, names[t], (unsigned long long)c->sat, (unsigned long long)c->wrap,
                        (unsigned long long)c->zero);
                any = 1;
            }
        }
    if (!any)
        fprintf(f, "no saturation, wrap or update rounded to zero\n");
}

/* The device adapter. */
static int dev_reset(void *c) { return ref_reset(c); }
static int dev_train(void *c, const int32_t *x, const int32_t *t, int b, int32_t *out)
{
    return ref_train_batch(c, x, t, b, out);
}
static int dev_infer(void *c, const int32_t *x, int b, int32_t *out)
{
    return ref_infer(c, x, b, out);
}
static int dev_hyper(void *c, const struct mlp_hyper *h) { return ref_set_hyper(c, h); }
static int dev_read(void *c, int l, int t, int32_t *buf, size_t n)
{
    return ref_read_tensor(c, l, t, buf, n);
}
static int dev_write(void *c, int l, int t, const int32_t *buf, size_t n)
{
    return ref_write_tensor(c, l, t, buf, n);
}
static int dev_counters(void *c, int l, int t, struct fx_counts *k)
{
    return ref_read_counters(c, l, t, k);
}
static int dev_clocks(void *c, uint32_t *u, uint32_t *s) { return ref_read_clocks(c, u, s); }
static void dev_close(void *c) { ref_free(c); }

static const struct mlp_device_ops ref_ops = {
    dev_reset, dev_train, dev_infer, dev_hyper, dev_read, dev_write, dev_counters,
    dev_clocks, NULL, dev_close};

struct mlp_device ref_device(struct ref_trainer *r)
{
    struct mlp_device d = { &ref_ops, r };
    return d;
}

int32_t ref_quantize(const struct mlp_net *net, double v)
{
    struct fx_format A = net->activations;
    A.round = FX_RND_CONV;
    A.ovf = FX_SAT;
    return (int32_t)fx_from_double(v, A, NULL);
}

double ref_loss_of_outputs(const struct mlp_net *net, const int32_t *out, const int32_t *t,
                           int b)
{
    int n_out = net->layers[net->n_layers - 1].n_out;
    enum mlp_act act = net->layers[net->n_layers - 1].act;
    double sum = 0;
    for (int s = 0; s < b; s++)
        for (int k = 0; k < n_out; k++) {
            double a = fx_to_double(out[s * n_out + k], net->activations);
            double y = fx_to_double(t[s * n_out + k], net->activations);
            if (net->loss == MLP_MSE)
                sum += 0.5 * (a - y) * (a - y);
            else if (net->loss == MLP_HINGE)
                sum += fmax(0.0, 1.0 - y * a);
            else if (act == MLP_SOFTMAX)
                sum -= y > 0 ? log(fmax(a, 1e-12)) : 0;
            else
                sum -= y * log(fmax(a, 1e-12)) + (1 - y) * log(fmax(1 - a, 1e-12));
        }
    return sum / b;
}
