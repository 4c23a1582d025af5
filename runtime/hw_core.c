/* hw_core.c: the driver of a generated training core (hw_core.h): the
 * register map in use, the state windows, and struct mlp_device on top of a
 * transport. */
#include "hw_core.h"

#include <stdlib.h>

struct hw_dev {
    const struct mlp_net *net;
    const struct hw_layout *lo;
    struct hw_transport tr;
    uint32_t *words;        /* scratch for one batch of stream words */
    size_t cap;
    int peek;               /* state reads through tr.ops->peek32 (hw_device_backdoor) */
};

uint32_t hw_state_addr(const struct hw_layout *lo, int l, int sel, int j, int i)
{
    const struct hw_layer_layout *h = &lo->layer[l];
    /* C chains of P/C PEs; chain c holds the columns c*NCC .. c*NCC+NCC-1 */
    int c = h->cols > 1 ? h->cols : 1;
    int rows = h->pes / c;
    int ncc = c == 1 ? h->n_in + 1 : (h->n_in + 1 + c - 1) / c;
    uint32_t p = (uint32_t)(j % rows), r = (uint32_t)(j / rows);
    uint32_t ch = (uint32_t)(i / ncc), k = (uint32_t)(i % ncc);
    uint32_t pe = ch * (uint32_t)rows + p;
    uint32_t a = r * (uint32_t)ncc + k;
    uint32_t word = ((uint32_t)sel << (h->aw + h->pw)) | (pe << h->aw) | a;
    return ((uint32_t)(l + 1) << lo->lrb) + 4u * word;
}

static int hw_wr(struct hw_dev *h, uint32_t a, uint32_t v)
{
    return h->tr.ops->write32(h->tr.ctx, a, v);
}

/* A read of the state: through the backdoor when selected (an address it
 * cannot see goes over the bus), else over AXI4-Lite. */
static int hw_rd(struct hw_dev *h, uint32_t a, uint32_t *v)
{
    if (h->peek && h->tr.ops->peek32(h->tr.ctx, h->lo, a, v) == 0)
        return 0;
    return h->tr.ops->read32(h->tr.ctx, a, v);
}

static int hw_set_hyper(void *ctx, const struct mlp_hyper *y)
{
    struct hw_dev *h = ctx;
    int rc = hw_wr(h, HW_REG_LR_Q, y->lr_q);
    rc |= hw_wr(h, HW_REG_MOM_Q, y->momentum_q);
    rc |= hw_wr(h, HW_REG_WD_Q, y->weight_decay_q);
    rc |= hw_wr(h, HW_REG_NESTEROV, y->nesterov ? 1u : 0u);
    return rc ? -1 : 0;
}

/* tensor -> (sel, columns per row, column offset) */
static int hw_tensor_map(const struct hw_layer_layout *h, int tensor, int *sel, int *cols,
                         int *col0)
{
    switch (tensor) {
    case MLP_T_WEIGHTS: *sel = 0; *cols = h->n_in; *col0 = 0; return 0;
    case MLP_T_BIASES: *sel = 0; *cols = 1; *col0 = h->n_in; return h->bias ? 0 : -1;
    case MLP_T_MOM_W: *sel = 2; *cols = h->n_in; *col0 = 0; return 0;
    case MLP_T_MOM_B: *sel = 2; *cols = 1; *col0 = h->n_in; return h->bias ? 0 : -1;
    default: return -1;
    }
}

static int hw_read_clocks(void *ctx, uint32_t *updates, uint32_t *samples);

static int hw_read_tensor(void *ctx, int layer, int tensor, int32_t *buf, size_t n)
{
    struct hw_dev *h = ctx;
    if (tensor == MLP_T_CLOCKS && layer == 0 && n == 2) {   /* the checkpoint's clocks */
        uint32_t u, s;
        if (hw_read_clocks(h, &u, &s))
            return -1;
        buf[0] = (int32_t)u;
        buf[1] = (int32_t)s;
        return 0;
    }
    if (layer < 0 || layer >= h->lo->n_layers)
        return -1;
    const struct hw_layer_layout *L = &h->lo->layer[layer];
    int sel, cols, col0;
    if (hw_tensor_map(L, tensor, &sel, &cols, &col0) != 0 || n < (size_t)L->n_out * (size_t)cols)
        return -1;
    for (int j = 0; j < L->n_out; j++) {
        for (int i = 0; i < cols; i++) {
            uint32_t v;
            if (hw_rd(h, hw_state_addr(h->lo, layer, sel, j, col0 + i), &v))
                return -1;
            buf[(size_t)j * (size_t)cols + (size_t)i] = (int32_t)v;
        }
    }
    return 0;
}

static int hw_write_tensor(void *ctx, int layer, int tensor, const int32_t *buf, size_t n)
{
    struct hw_dev *h = ctx;
    if (tensor == MLP_T_CLOCKS && layer == 0 && n == 2)     /* resume: the hash clocks */
        return hw_wr(h, HW_REG_STEPS, (uint32_t)buf[0]) || hw_wr(h, HW_REG_SAMPLES, (uint32_t)buf[1])
                   ? -1 : 0;
    if (layer < 0 || layer >= h->lo->n_layers)
        return -1;
    const struct hw_layer_layout *L = &h->lo->layer[layer];
    int sel, cols, col0;
    if (hw_tensor_map(L, tensor, &sel, &cols, &col0) != 0 || n < (size_t)L->n_out * (size_t)cols)
        return -1;
    for (int j = 0; j < L->n_out; j++)
        for (int i = 0; i < cols; i++)
            if (hw_wr(h, hw_state_addr(h->lo, layer, sel, j, col0 + i),
                      (uint32_t)buf[(size_t)j * (size_t)cols + (size_t)i]))
                return -1;
    return 0;
}

static int hw_reset(void *ctx)
{
    struct hw_dev *h = ctx;
    const struct mlp_net *net = h->net;
    int rc = hw_wr(h, HW_REG_SEED, net->seed);
    rc |= hw_wr(h, HW_REG_STEPS, 0);
    rc |= hw_wr(h, HW_REG_SAMPLES, 0);
    rc |= hw_wr(h, HW_REG_GIER, 1);
    rc |= hw_wr(h, HW_REG_IER, 1);
    rc |= hw_set_hyper(h, &net->hyper);
    for (int l = 0; rc == 0 && l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        for (int j = 0; rc == 0 && j < ly->n_out; j++) {
            for (int i = 0; rc == 0 && i <= ly->n_in; i++) {
                uint32_t w = i < ly->n_in ? (uint32_t)ly->w0[(size_t)j * (size_t)ly->n_in + (size_t)i] : 0u;
                rc |= hw_wr(h, hw_state_addr(h->lo, l, 0, j, i), w);
                rc |= hw_wr(h, hw_state_addr(h->lo, l, 2, j, i), 0);
            }
        }
    }
    return rc ? -1 : 0;
}

static int hw_words(struct hw_dev *h, size_t n)
{
    if (n <= h->cap)
        return 0;
    uint32_t *w = realloc(h->words, n * sizeof *w);
    if (!w)
        return -1;
    h->words = w;
    h->cap = n;
    return 0;
}

static int hw_run(struct hw_dev *h, const int32_t *x, const int32_t *t, int b, int32_t *out)
{
    const struct mlp_net *net = h->net;
    if (b < 1 || b > net->batch)
        return -1;
    size_t n_in = (size_t)net->layers[0].n_in;
    size_t n_out = (size_t)net->layers[net->n_layers - 1].n_out;
    size_t per = n_in + (t ? n_out : 0);
    if (hw_words(h, per * (size_t)b) || hw_words(h, n_out * (size_t)b))
        return -1;
    uint32_t inv_b = (uint32_t)(((1u << 24) + (uint32_t)b / 2) / (uint32_t)b);
    int rc = hw_wr(h, HW_REG_BATCH, (uint32_t)b);
    rc |= hw_wr(h, HW_REG_INV_B, inv_b);
    rc |= hw_wr(h, HW_REG_INFER, t ? 0u : 1u);
    if (rc)
        return -1;
    for (int s = 0; s < b; s++) {
        uint32_t *w = h->words;
        for (size_t i = 0; i < n_in; i++)
            w[i] = (uint32_t)x[(size_t)s * n_in + i];
        if (t)
            for (size_t k = 0; k < n_out; k++)
                w[n_in + k] = (uint32_t)t[(size_t)s * n_out + k];
        if (h->tr.ops->push(h->tr.ctx, w, per))
            return -1;
    }
    if (hw_wr(h, HW_REG_CTRL, 1))
        return -1;
    if (h->tr.ops->wait_done(h->tr.ctx, 4000000000ull))
        return -2;
    uint32_t ctrl;
    if (h->tr.ops->read32(h->tr.ctx, HW_REG_CTRL, &ctrl) || hw_wr(h, HW_REG_ISR, 3))
        return -1;
    if (h->tr.ops->pop(h->tr.ctx, h->words, n_out * (size_t)b))
        return -3;
    if (out)
        for (size_t k = 0; k < n_out * (size_t)b; k++)
            out[k] = (int32_t)h->words[k];
    return 0;
}

static int hw_train_batch(void *ctx, const int32_t *x, const int32_t *t, int b, int32_t *out)
{
    return hw_run(ctx, x, t, b, out);
}

static int hw_infer(void *ctx, const int32_t *x, int b, int32_t *out)
{
    return hw_run(ctx, x, NULL, b, out);
}

/* The core counts, per layer, the roundings that saturation or wrapping
 * changed: k = 0 z, 1 a, 2 g sent to the layer before, 3 delta, 4 weights,
 * 5 biases, 6 momentum (w), 7 momentum (b); then the output error and the
 * softmax p. Here they are summed the way the reference counts per tensor
 * id, into .sat or .wrap by the tensor's overflow mode; .zero is not kept. */
static int hw_counter(struct hw_dev *h, int idx, uint64_t *acc)
{
    uint32_t v;
    if (h->lo->no_counters)   /* (hardware counters=off: none; zero, no bus read) */
        return 0;
    if (hw_rd(h, HW_REG_OVF + 4u * (uint32_t)idx, &v))
        return -1;
    *acc += v;
    return 0;
}

static int hw_read_counters(void *ctx, int layer, int tensor, struct fx_counts *c)
{
    struct hw_dev *h = ctx;
    const struct mlp_net *net = h->net;
    int L = net->n_layers, base = 8 * layer, loss = 8 * L;
    int last = layer == L - 1;
    int ce = net->loss == MLP_CROSS_ENTROPY;
    uint64_t n = 0;
    struct fx_format f;
    int rc = 0;
    if (layer < 0 || layer >= L)
        return -1;
    switch (tensor) {
    case MLP_T_Z: f = net->activations; rc = hw_counter(h, base + 0, &n); break;
    case MLP_T_A:
        f = net->activations;
        rc = hw_counter(h, base + 1, &n);
        if (last)
            rc |= hw_counter(h, loss + 1, &n);
        break;
    case MLP_T_DELTA:
        f = net->gradients;
        rc = hw_counter(h, base + 3, &n);
        if (last && ce)
            rc |= hw_counter(h, loss + 0, &n);
        break;
    case MLP_T_G:
        f = net->gradients;
        if (!last)
            rc = hw_counter(h, base + 8 + 2, &n);
        else if (!ce)
            rc = hw_counter(h, loss + 0, &n);
        break;
    case MLP_T_WEIGHTS: f = net->weights; rc = hw_counter(h, base + 4, &n); break;
    case MLP_T_BIASES: f = net->weights; rc = hw_counter(h, base + 5, &n); break;
    case MLP_T_MOM_W: f = net->state; rc = hw_counter(h, base + 6, &n); break;
    case MLP_T_MOM_B: f = net->state; rc = hw_counter(h, base + 7, &n); break;
    default: return -1;
    }
    if (rc)
        return -1;
    c->sat = f.ovf == FX_SAT ? n : 0;
    c->wrap = f.ovf == FX_WRAP ? n : 0;
    c->zero = 0;
    return 0;
}

static int hw_read_clocks(void *ctx, uint32_t *updates, uint32_t *samples)
{
    struct hw_dev *h = ctx;
    if (hw_rd(h, HW_REG_STEPS, updates) || hw_rd(h, HW_REG_SAMPLES, samples))
        return -1;
    return 0;
}

static int hw_read_cycles(void *ctx, uint32_t *cycles)
{
    struct hw_dev *h = ctx;
    if (h->tr.ops->peek32 && h->tr.ops->peek32(h->tr.ctx, h->lo, HW_REG_CYCLES, cycles) == 0)
        return 0;
    return h->tr.ops->read32(h->tr.ctx, HW_REG_CYCLES, cycles) ? -1 : 0;
}

static void hw_close(void *ctx)
{
    struct hw_dev *h = ctx;
    if (h->tr.ops->close)
        h->tr.ops->close(h->tr.ctx);
    free(h->words);
    free(h);
}

static const struct mlp_device_ops hw_ops = {
    hw_reset, hw_train_batch, hw_infer, hw_set_hyper, hw_read_tensor, hw_write_tensor,
    hw_read_counters, hw_read_clocks, hw_read_cycles, hw_close,
};

int hw_device_backdoor(struct mlp_device *dev, int on)
{
    if (!dev || dev->ops != &hw_ops)
        return -1;
    struct hw_dev *h = dev->ctx;
    if (!on) {
        h->peek = 0;
        return 0;
    }
    /* the transport must see the registers and every layer's window */
    uint32_t v;
    if (!h->tr.ops->peek32 || h->tr.ops->peek32(h->tr.ctx, h->lo, HW_REG_STEPS, &v) != 0 ||
        (!h->lo->no_counters && h->tr.ops->peek32(h->tr.ctx, h->lo, HW_REG_OVF, &v) != 0))
        return -1;
    for (int l = 0; l < h->lo->n_layers; l++)
        for (int sel = 0; sel <= 2; sel += 2)
            if (h->tr.ops->peek32(h->tr.ctx, h->lo, hw_state_addr(h->lo, l, sel, 0, 0), &v) != 0)
                return -1;
    h->peek = 1;
    return 0;
}

int hw_device_has_counters(const struct mlp_device *dev)
{
    if (!dev || dev->ops != &hw_ops)
        return 1;
    const struct hw_dev *h = dev->ctx;
    return !h->lo->no_counters;
}

int hw_device_open(const struct mlp_net *net, const struct hw_layout *lo,
                   struct hw_transport tr, struct mlp_device *dev)
{
    struct hw_dev *h = calloc(1, sizeof *h);
    if (!h)
        return -1;
    h->net = net;
    h->lo = lo;
    h->tr = tr;
    dev->ops = &hw_ops;
    dev->ctx = h;
    return 0;
}
