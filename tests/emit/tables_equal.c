/* tables_equal: the tables mlpgen emitted into host/<name>_net.c equal,
 * entry for entry, the net the runtime builds from a hand-written spec of
 * the same example (init_net_new: lut_build, init_weights, fx_const24).
 * Compiled at test time together with the generated file:
 *   cc -DEXAMPLE_XOR|-DEXAMPLE_DIGITS|-DEXAMPLE_IRIS [-DPERTURB] ...
 * PERTURB changes one setting of the spec (the init seed): the comparison
 * must then fail (the checker's self-test). Exit 0 when equal. */
#include <stdio.h>
#include <string.h>

#include "host.h"
#include "init.h"

#if defined(EXAMPLE_XOR)
#include "xor_net.h"
#define MODEL mlp_xor_model
#elif defined(EXAMPLE_DIGITS)
#include "digits_net.h"
#define MODEL mlp_digits_model
#elif defined(EXAMPLE_IRIS)
#include "iris_net.h"
#define MODEL mlp_iris_model
#else
#error "define EXAMPLE_XOR, EXAMPLE_DIGITS or EXAMPLE_IRIS"
#endif

#ifdef PERTURB
#define SEED_DELTA 1u
#else
#define SEED_DELTA 0u
#endif

static int bad;

static void expect(int ok, const char *what, long a, long b)
{
    if (!ok) {
        if (bad < 20)
            printf("differs: %s: emitted %ld, runtime %ld\n", what, a, b);
        bad++;
    }
}

static void same_fmt(const char *what, struct fx_format a, struct fx_format b)
{
    char w[96];
    snprintf(w, sizeof w, "%s.width", what);
    expect(a.width == b.width, w, a.width, b.width);
    snprintf(w, sizeof w, "%s.int_bits", what);
    expect(a.int_bits == b.int_bits, w, a.int_bits, b.int_bits);
    snprintf(w, sizeof w, "%s.round", what);
    expect(a.round == b.round, w, (long)a.round, (long)b.round);
    snprintf(w, sizeof w, "%s.ovf", what);
    expect(a.ovf == b.ovf, w, (long)a.ovf, (long)b.ovf);
}

static void same_lut(const char *what, const struct lut_table *a, const struct lut_table *b)
{
    char w[96];
    expect((a->data == NULL) == (b->data == NULL), what, a->data != NULL, b->data != NULL);
    if (!a->data || !b->data)
        return;
    snprintf(w, sizeof w, "%s.addr_bits", what);
    expect(a->addr_bits == b->addr_bits, w, a->addr_bits, b->addr_bits);
    snprintf(w, sizeof w, "%s.q", what);
    expect(a->q == b->q, w, a->q, b->q);
    snprintf(w, sizeof w, "%s.off", what);
    expect(a->off == b->off, w, a->off, b->off);
    snprintf(w, sizeof w, "%s.out", what);
    same_fmt(w, a->out, b->out);
    if (a->addr_bits != b->addr_bits)
        return;
    for (long i = 0; i < (1L << a->addr_bits); i++) {
        snprintf(w, sizeof w, "%s[%ld]", what, i);
        expect(a->data[i] == b->data[i], w, a->data[i], b->data[i]);
    }
}

int main(void)
{
#if defined(EXAMPLE_XOR)
    /* examples/xor.desc, typed by hand */
    static const struct init_layer_spec layers[] = {{2, MLP_SIGMOID, 1.0, 1},
                                                    {1, MLP_SIGMOID, 1.0, 1}};
    struct init_spec s = {
        .name = "xor", .n_in = 2, .n_layers = 2, .layers = layers, .loss = MLP_MSE,
        .lr = 1.0, .batch = 1,
        .weights = {16, 5, FX_RND_CONV, FX_SAT},
        .activations = {16, 4, FX_RND_CONV, FX_SAT},
        .gradients = {16, 2, FX_RND_CONV, FX_SAT},
        .init = INIT_NORMAL, .init_scale = 0.5, .seed = 7 + SEED_DELTA};
    enum data_norm_kind norm = DATA_NORM_NONE;
    double factor = 0.0;
#elif defined(EXAMPLE_DIGITS)
    /* examples/digits.desc: no precision statement, so numerics.md's default */
    static const struct init_layer_spec layers[] = {{32, MLP_RELU, 0, 1},
                                                    {10, MLP_SOFTMAX, 0, 1}};
    struct init_spec s = {
        .name = "digits", .n_in = 64, .n_layers = 2, .layers = layers,
        .loss = MLP_CROSS_ENTROPY, .lr = 0.05, .momentum = 0.9, .batch = 16,
        .init = INIT_HE, .seed = 1 + SEED_DELTA};
    init_default_precision(16, &s.weights, &s.activations, &s.gradients);
    enum data_norm_kind norm = DATA_NORM_SCALE;
    double factor = 0.0625;
#else
    /* examples/iris.desc */
    static const struct init_layer_spec layers[] = {{8, MLP_TANH, 0, 1},
                                                    {3, MLP_SOFTMAX, 0, 1}};
    struct init_spec s = {
        .name = "iris", .n_in = 4, .n_layers = 2, .layers = layers,
        .loss = MLP_CROSS_ENTROPY, .lr = 0.05, .momentum = 0.9, .batch = 8,
        .init = INIT_XAVIER, .seed = 1 + SEED_DELTA};
    init_default_precision(8, &s.weights, &s.activations, &s.gradients);
    enum data_norm_kind norm = DATA_NORM_SCALE;
    double factor = 0.125;
#endif
    struct init_net *rt = init_net_new(&s);
    if (!rt) {
        printf("the runtime cannot build the spec\n");
        return 1;
    }
    const struct mlp_net *a = MODEL.net, *b = &rt->net;
    expect(strcmp(a->name, b->name) == 0, "name", 0, 0);
    expect(a->n_layers == b->n_layers, "n_layers", a->n_layers, b->n_layers);
    for (int l = 0; l < a->n_layers && l < b->n_layers; l++) {
        const struct mlp_layer *x = &a->layers[l], *y = &b->layers[l];
        char w[64];
        snprintf(w, sizeof w, "layer %d n_in", l);
        expect(x->n_in == y->n_in, w, x->n_in, y->n_in);
        snprintf(w, sizeof w, "layer %d n_out", l);
        expect(x->n_out == y->n_out, w, x->n_out, y->n_out);
        snprintf(w, sizeof w, "layer %d act", l);
        expect(x->act == y->act, w, (long)x->act, (long)y->act);
        snprintf(w, sizeof w, "layer %d act_param*1e6", l);
        expect(x->act_param == y->act_param, w, (long)(x->act_param * 1e6),
               (long)(y->act_param * 1e6));
        snprintf(w, sizeof w, "layer %d alpha_q", l);
        expect(x->alpha_q == y->alpha_q, w, (long)x->alpha_q, (long)y->alpha_q);
        snprintf(w, sizeof w, "layer %d bias", l);
        expect(x->bias == y->bias, w, x->bias, y->bias);
        snprintf(w, sizeof w, "layer %d f", l);
        same_lut(w, &x->f, &y->f);
        snprintf(w, sizeof w, "layer %d df", l);
        same_lut(w, &x->df, &y->df);
        if (x->n_in != y->n_in || x->n_out != y->n_out)
            continue;
        for (long i = 0; i < (long)x->n_in * x->n_out; i++) {
            char ww[64];
            snprintf(ww, sizeof ww, "layer %d w0[%ld]", l, i);
            expect(x->w0[i] == y->w0[i], ww, x->w0[i], y->w0[i]);
        }
    }
    expect(a->loss == b->loss, "loss", (long)a->loss, (long)b->loss);
    expect(a->optim == b->optim, "optim", (long)a->optim, (long)b->optim);
    expect(a->hyper.lr_q == b->hyper.lr_q, "lr_q", (long)a->hyper.lr_q, (long)b->hyper.lr_q);
    expect(a->hyper.momentum_q == b->hyper.momentum_q, "momentum_q", (long)a->hyper.momentum_q,
           (long)b->hyper.momentum_q);
    expect(a->hyper.weight_decay_q == b->hyper.weight_decay_q, "weight_decay_q",
           (long)a->hyper.weight_decay_q, (long)b->hyper.weight_decay_q);
    expect(a->hyper.nesterov == b->hyper.nesterov, "nesterov", a->hyper.nesterov,
           b->hyper.nesterov);
    same_fmt("weights", a->weights, b->weights);
    same_fmt("activations", a->activations, b->activations);
    same_fmt("gradients", a->gradients, b->gradients);
    same_fmt("state", a->state, b->state);
    expect(a->acc_auto == 1, "acc_auto", a->acc_auto, 1);
    expect(a->batch == b->batch, "batch", a->batch, b->batch);
    expect(a->seed == b->seed, "seed", (long)a->seed, (long)b->seed);
    expect(MODEL.norm == norm, "normalize kind", (long)MODEL.norm, (long)norm);
    expect(MODEL.norm_factor == factor, "normalize factor*1e6", (long)(MODEL.norm_factor * 1e6),
           (long)(factor * 1e6));
    init_net_free(rt);
    printf("%s: %s\n", a->name, bad ? "TABLES DIFFER" : "tables equal entry for entry");
    return bad ? 1 : 0;
}
