/* host_test: the generic host program (host_main) on a net built through
 * the runtime, so the host's whole run is tested in the sanitizer build
 * too, without the compiler. Built twice: HOST_TEST_NET 1 is XOR (2-2-1,
 * sigmoid, mse, batch 1, no momentum), 2 is an iris net (4-8-3, tanh and
 * softmax, cross-entropy, batch 8, momentum 0.9, stochastic rounding of
 * gradients, weights and momentum: every random bit depends on the
 * clocks, so a resumed run must restore them).
 *
 * Devices: "reference", and "faulty:BATCH:WHAT", the reference with one
 * bit flipped after batch BATCH (1-based), for --check to find: WHAT is
 * w (layer 0 weight [0][1], bit 0), o (output [0][0] of that batch,
 * bit 0), m (the last layer's momentum_w [0][0], bit 3) or c (the sample clock + 1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "init.h"
#include "ref_train.h"

struct faulty {
    struct ref_trainer *r;
    const struct mlp_net *net;
    long at, batch;
    char what;
};

static int faulty_reset(void *c)
{
    struct faulty *f = c;
    f->batch = 0;
    return ref_reset(f->r);
}

static int faulty_flip(struct faulty *f, int layer, int tensor, size_t idx, int bit)
{
    const struct mlp_layer *ly = &f->net->layers[layer];
    size_t n = (size_t)ly->n_out * (size_t)ly->n_in;
    int32_t *buf = malloc(n * sizeof *buf);
    int rc = !buf || ref_read_tensor(f->r, layer, tensor, buf, n);
    if (!rc) {
        buf[idx] ^= (int32_t)1 << bit;
        rc = ref_write_tensor(f->r, layer, tensor, buf, n);
    }
    free(buf);
    return rc ? -1 : 0;
}

static int faulty_train(void *c, const int32_t *x, const int32_t *t, int b, int32_t *out)
{
    struct faulty *f = c;
    if (ref_train_batch(f->r, x, t, b, out) != 0)
        return -1;
    if (++f->batch != f->at)
        return 0;
    const struct mlp_net *net = f->net;
    switch (f->what) {
    case 'w':
        return faulty_flip(f, 0, MLP_T_WEIGHTS, 1, 0);
    case 'm':
        return faulty_flip(f, net->n_layers - 1, MLP_T_MOM_W, 0, 3);
    case 'o':
        out[0] ^= 1;
        return 0;
    default: {
        uint32_t u, s;
        ref_read_clocks(f->r, &u, &s);
        return ref_write_clocks(f->r, u, s + 1);
    }
    }
}

static int faulty_infer(void *c, const int32_t *x, int b, int32_t *out)
{
    return ref_infer(((struct faulty *)c)->r, x, b, out);
}
static int faulty_hyper(void *c, const struct mlp_hyper *h)
{
    return ref_set_hyper(((struct faulty *)c)->r, h);
}
static int faulty_read(void *c, int l, int t, int32_t *buf, size_t n)
{
    return ref_read_tensor(((struct faulty *)c)->r, l, t, buf, n);
}
static int faulty_write(void *c, int l, int t, const int32_t *buf, size_t n)
{
    return ref_write_tensor(((struct faulty *)c)->r, l, t, buf, n);
}
static int faulty_counters(void *c, int l, int t, struct fx_counts *k)
{
    return ref_read_counters(((struct faulty *)c)->r, l, t, k);
}
static int faulty_clocks(void *c, uint32_t *u, uint32_t *s)
{
    return ref_read_clocks(((struct faulty *)c)->r, u, s);
}
static void faulty_close(void *c)
{
    struct faulty *f = c;
    ref_free(f->r);
    free(f);
}

static const struct mlp_device_ops faulty_ops = {
    faulty_reset, faulty_train, faulty_infer,    faulty_hyper, faulty_read,
    faulty_write, faulty_counters, faulty_clocks, NULL, faulty_close};

static int open_faulty(const struct host_model *m, const char *arg, struct mlp_device *dev,
                       char *err, size_t err_len)
{
    long at = 0;
    char what = 0;
    if (!arg || sscanf(arg, "%ld:%c", &at, &what) != 2 || at < 1 || !strchr("womc", what)) {
        snprintf(err, err_len, "give faulty:BATCH:w|o|m|c");
        return -1;
    }
    struct faulty *f = calloc(1, sizeof *f);
    if (!f || !(f->r = ref_new(m->net))) {
        free(f);
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    f->net = m->net;
    f->at = at;
    f->what = what;
    dev->ops = &faulty_ops;
    dev->ctx = f;
    return 0;
}

int main(int argc, char **argv)
{
#if HOST_TEST_NET == 1
    static const struct init_layer_spec layers[2] = {{2, MLP_SIGMOID, 1.0, 1},
                                                     {1, MLP_SIGMOID, 1.0, 1}};
    struct init_spec s = {
        .name = "xor", .n_in = 2, .n_layers = 2, .layers = layers, .loss = MLP_MSE,
        .lr = 1.0, .batch = 1,
        .weights = {16, 5, FX_RND_CONV, FX_SAT},
        .activations = {16, 4, FX_RND_CONV, FX_SAT},
        .gradients = {16, 2, FX_RND_CONV, FX_SAT},
        .state = {16, 5, FX_RND_CONV, FX_SAT},
        .init = INIT_NORMAL, .init_scale = 0.5, .seed = 7};
    enum host_builtin builtin = HOST_BUILTIN_XOR;
    enum data_norm_kind norm = DATA_NORM_NONE;
    int epochs = 2500;
#else
    static const struct init_layer_spec layers[2] = {{8, MLP_TANH, 0.0, 1},
                                                     {3, MLP_SOFTMAX, 0.0, 1}};
    struct init_spec s = {
        .name = "iris", .n_in = 4, .n_layers = 2, .layers = layers,
        .loss = MLP_CROSS_ENTROPY, .lr = 0.05, .momentum = 0.9, .batch = 8,
        .weights = {16, 4, FX_STOCHASTIC, FX_SAT},
        .activations = {16, 4, FX_RND_CONV, FX_SAT},
        .gradients = {16, 2, FX_STOCHASTIC, FX_SAT},
        .state = {16, 4, FX_STOCHASTIC, FX_SAT},
        .init = INIT_XAVIER, .init_scale = 1.0, .seed = 11};
    enum host_builtin builtin = HOST_BUILTIN_NONE;
    enum data_norm_kind norm = DATA_NORM_STANDARDIZE;
    int epochs = 20;
#endif
    struct init_net *n = init_net_new(&s);
    if (!n) {
        fprintf(stderr, "host_test: cannot build the net\n");
        return 1;
    }
    struct host_model m = {&n->net, "host_test.c", norm, 0.0, builtin, epochs, NULL};
    static const struct host_device_kind devices[] = {
        {"reference", "the reference trainer", host_open_reference},
        {"faulty", "the reference with one bit flipped: faulty:BATCH:w|o|m|c", open_faulty}};
    int rc = host_main(argc, argv, &m, devices, 2);
    init_net_free(n);
    return rc;
}
