/* init: seeded initial weights (numerics.md 8), default precision (10) and
 * a builder of complete nets for tests, benches and the compiler. */
#include "init.h"

#include <math.h>
#include <stdlib.h>

double init_draw(enum init_kind kind, double scale, uint32_t seed, int layer, int row,
                 int col, int n_in)
{
    uint32_t r1 = mlp_hash(seed, (uint8_t)layer, MLP_T_INIT, (uint16_t)row, (uint32_t)col, 0);
    uint32_t r2 = mlp_hash(seed, (uint8_t)layer, MLP_T_INIT, (uint16_t)row, (uint32_t)col, 1);
    double u1 = ldexp((double)r1 + 1.0, -32);           /* (0, 1] */
    double u2 = ldexp((double)r2, -32);                 /* [0, 1) */
    const double two_pi = 6.283185307179586;
    switch (kind) {
    case INIT_UNIFORM:
        return (2.0 * u2 - 1.0) * scale;
    case INIT_XAVIER:
        scale = 1.0 / sqrt((double)n_in);
        break;
    case INIT_HE:
        scale = sqrt(2.0 / (double)n_in);
        break;
    case INIT_NORMAL:
        break;
    }
    return scale * sqrt(-2.0 * log(u1)) * cos(two_pi * u2);
}

int init_weights(enum init_kind kind, double scale, uint32_t seed, int layer, int n_in,
                 int n_out, struct fx_format fmt, int32_t *w)
{
    struct fx_counts c = { 0, 0, 0 };
    fmt.round = FX_RND_CONV;
    for (int j = 0; j < n_out; j++)
        for (int i = 0; i < n_in; i++)
            w[(size_t)j * (size_t)n_in + (size_t)i] =
                (int32_t)fx_from_double(init_draw(kind, scale, seed, layer, j, i, n_in), fmt, &c);
    return (int)(c.sat + c.wrap);
}

void init_default_precision(int batch, struct fx_format *weights, struct fx_format *acts,
                            struct fx_format *grads)
{
    struct fx_format w = { 16, 4, FX_STOCHASTIC, FX_SAT };
    struct fx_format a = { 16, 6, FX_RND_CONV, FX_SAT };
    struct fx_format g = { 16, batch == 1 ? 1 : 0, FX_RND_CONV, FX_SAT };
    *weights = w;
    *acts = a;
    *grads = g;
}

int init_layer_tables(struct mlp_layer *ly, struct fx_format acts, int32_t *tables)
{
    enum lut_fn fv, fd;
    double p = ly->act_param;
    ly->alpha_q = 0;
    ly->f.data = NULL;
    ly->df.data = NULL;
    switch (ly->act) {
    case MLP_SIGMOID: fv = LUT_SIGMOID; fd = LUT_SIGMOID_D; break;
    case MLP_TANH: fv = LUT_TANH; fd = LUT_TANH_D; break;
    case MLP_ELU: fv = LUT_ELU; fd = LUT_ELU_D; break;
    case MLP_SOFTMAX:
        if (lut_plan(LUT_EXP, 0, acts, &ly->f) != 0)
            return -1;
        lut_build(LUT_EXP, 0, &ly->f, tables);
        ly->f.data = tables;
        return 0;
    case MLP_LEAKY_RELU:
        ly->alpha_q = (uint32_t)nearbyint(ldexp(p, 16));
        return 0;
    default:
        return 0;
    }
    if (lut_plan(fv, p, acts, &ly->f) != 0 || lut_plan(fd, p, acts, &ly->df) != 0)
        return -1;
    lut_build(fv, p, &ly->f, tables);
    lut_build(fd, p, &ly->df, tables + 1024);
    ly->f.data = tables;
    ly->df.data = tables + 1024;
    return 0;
}

void init_net_free(struct init_net *n)
{
    if (!n)
        return;
    free(n->layers);
    free(n->tables);
    free(n->weights);
    free(n);
}

static double default_param(enum mlp_act act)
{
    switch (act) {
    case MLP_SIGMOID: return 1.0;
    case MLP_LEAKY_RELU: return 0.01;
    case MLP_ELU: return 1.0;
    default: return 0.0;
    }
}

struct init_net *init_net_new(const struct init_spec *s)
{
    struct init_net *n = calloc(1, sizeof *n);
    if (!n || s->n_layers < 1)
        goto fail;
    size_t nw = 0;
    int n_in = s->n_in;
    for (int l = 0; l < s->n_layers; l++) {
        nw += (size_t)n_in * (size_t)s->layers[l].n_out;
        n_in = s->layers[l].n_out;
    }
    n->layers = calloc((size_t)s->n_layers, sizeof *n->layers);
    n->tables = calloc((size_t)s->n_layers * 2048, sizeof *n->tables);
    n->weights = calloc(nw, sizeof *n->weights);
    if (!n->layers || !n->tables || !n->weights)
        goto fail;
    n_in = s->n_in;
    int32_t *w = n->weights;
    for (int l = 0; l < s->n_layers; l++) {
        struct mlp_layer *ly = &n->layers[l];
        const struct init_layer_spec *ls = &s->layers[l];
        ly->n_in = n_in;
        ly->n_out = ls->n_out;
        ly->act = ls->act;
        ly->act_param = ls->param != 0 ? ls->param : default_param(ls->act);
        ly->bias = ls->bias;
        if (init_layer_tables(ly, s->activations, n->tables + (size_t)l * 2048) != 0)
            goto fail;
        init_weights(s->layer_init ? s->layer_init[l] : s->init, s->init_scale, s->seed, l, n_in,
                     ls->n_out, s->weights, w);
        ly->w0 = w;
        w += (size_t)n_in * (size_t)ls->n_out;
        n_in = ls->n_out;
    }
    struct mlp_net *net = &n->net;
    net->name = s->name;
    net->n_layers = s->n_layers;
    net->layers = n->layers;
    net->loss = s->loss;
    net->optim = MLP_SGD;
    net->hyper.lr_q = fx_const24(s->lr);
    net->hyper.momentum_q = fx_const24(s->momentum);
    net->hyper.weight_decay_q = fx_const24(s->weight_decay);
    net->hyper.nesterov = s->nesterov;
    net->weights = s->weights;
    net->activations = s->activations;
    net->gradients = s->gradients;
    net->state = s->state.width ? s->state : s->weights;
    net->acc_auto = 1;
    net->batch = s->batch;
    net->seed = s->seed;
    return n;
fail:
    init_net_free(n);
    return NULL;
}
