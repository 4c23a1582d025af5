/* device_checkpoint_resume: through the struct mlp_device calls only, a
 * 3-layer net (8-6-5-3 tanh / elu / softmax, Nesterov momentum, weight
 * decay, stochastic rounding of weights, state and activations, batches of
 * 4, 4 and a partial 2) trained for 6 batches equals, bit for bit, one
 * trained for 3 batches, checkpointed (weights, biases, momenta, clocks)
 * into a fresh device and trained for 3 more. Without the clocks the
 * stochastic roundings differ, so the run must not match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init.h"
#include "ref_train.h"

#define NL 3
static const int tensors[4] = { MLP_T_WEIGHTS, MLP_T_BIASES, MLP_T_MOM_W, MLP_T_MOM_B };

static size_t tensor_size(const struct mlp_net *n, int l, int t)
{
    const struct mlp_layer *ly = &n->layers[l];
    return (t == MLP_T_WEIGHTS || t == MLP_T_MOM_W) ? (size_t)ly->n_out * (size_t)ly->n_in
                                                     : (size_t)ly->n_out;
}

static void train(struct mlp_device d, const struct mlp_net *n, const int32_t *x,
                  const int32_t *t, int first, int count)
{
    static const int starts[3] = { 0, 4, 8 }, sizes[3] = { 4, 4, 2 };
    int32_t out[4 * 3];
    for (int k = first; k < first + count; k++) {
        int s = starts[k % 3];
        d.ops->train_batch(d.ctx, x + s * 8, t + s * 3, sizes[k % 3], out);
    }
    (void)n;
}

/* 0 if every tensor of a and b is equal. */
static int differ(struct mlp_device a, struct mlp_device b, const struct mlp_net *n)
{
    int32_t *p = malloc(64 * sizeof *p), *q = malloc(64 * sizeof *q);
    int diff = 0;
    for (int l = 0; l < NL; l++)
        for (int k = 0; k < 4; k++) {
            size_t sz = tensor_size(n, l, tensors[k]);
            a.ops->read_tensor(a.ctx, l, tensors[k], p, sz);
            b.ops->read_tensor(b.ctx, l, tensors[k], q, sz);
            diff |= memcmp(p, q, sz * sizeof *p) != 0;
        }
    free(p);
    free(q);
    return diff;
}

static struct mlp_device open_dev(const struct mlp_net *n)
{
    return ref_device(ref_new(n));
}

int main(void)
{
    struct init_layer_spec layers[NL] = { { 6, MLP_TANH, 0, 1 }, { 5, MLP_ELU, 1.0, 1 },
                                          { 3, MLP_SOFTMAX, 0, 1 } };
    struct init_spec s = {
        .name = "ckpt", .n_in = 8, .n_layers = NL, .layers = layers,
        .loss = MLP_CROSS_ENTROPY, .lr = 0.1, .momentum = 0.9, .nesterov = 1,
        .weight_decay = 1e-3, .batch = 4, .init = INIT_XAVIER, .seed = 5 };
    init_default_precision(4, &s.weights, &s.activations, &s.gradients);
    s.activations.round = FX_STOCHASTIC;
    struct init_net *n = init_net_new(&s);
    int32_t x[10 * 8], t[10 * 3];
    for (int k = 0; k < 10; k++) {
        for (int i = 0; i < 8; i++)
            x[k * 8 + i] = (int32_t)(mlp_hash(9, 0, 97, (uint16_t)k, (uint32_t)i, 0) >> 21) - 1024;
        for (int c = 0; c < 3; c++)
            t[k * 3 + c] = c == k % 3 ? 1024 : 0;
    }
    struct mlp_device a = open_dev(&n->net), b = open_dev(&n->net), c = open_dev(&n->net),
                      e = open_dev(&n->net), fresh = open_dev(&n->net);
    int fails = 0;
    train(a, &n->net, x, t, 0, 6);
    train(b, &n->net, x, t, 0, 3);
    int32_t buf[64];
    uint32_t ups, smp;
    b.ops->read_clocks(b.ctx, &ups, &smp);
    if (ups != 3 || smp != 10) {
        printf("clocks after 3 batches: %u updates, %u samples (want 3, 10)\n", ups, smp);
        fails++;
    }
    for (int l = 0; l < NL; l++)
        for (int k = 0; k < 4; k++) {
            size_t sz = tensor_size(&n->net, l, tensors[k]);
            b.ops->read_tensor(b.ctx, l, tensors[k], buf, sz);
            c.ops->write_tensor(c.ctx, l, tensors[k], buf, sz);
            e.ops->write_tensor(e.ctx, l, tensors[k], buf, sz);
        }
    b.ops->read_tensor(b.ctx, 0, MLP_T_CLOCKS, buf, 2);
    c.ops->write_tensor(c.ctx, 0, MLP_T_CLOCKS, buf, 2);
    train(c, &n->net, x, t, 3, 3);
    train(e, &n->net, x, t, 3, 3);      /* clocks left at 0 */
    if (!differ(a, fresh, &n->net)) {
        printf("training changed nothing\n");
        fails++;
    }
    if (differ(a, c, &n->net)) {
        printf("resumed run differs from the straight run\n");
        fails++;
    }
    if (!differ(a, e, &n->net)) {
        printf("resuming without the clocks matched: the clocks are not used\n");
        fails++;
    }
    a.ops->close(a.ctx); b.ops->close(b.ctx); c.ops->close(c.ctx); e.ops->close(e.ctx);
    fresh.ops->close(fresh.ctx);
    init_net_free(n);
    printf("%s: %d failures\n", __FILE__, fails);
    return fails != 0;
}
