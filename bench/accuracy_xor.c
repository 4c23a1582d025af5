/* accuracy_xor: the lecture's XOR homework (2-2-1 sigmoid, MSE, batch 1,
 * lr 1.0, 10 000 samples cycling (0,0) (0,1) (1,0) (1,1), init normal
 * std=0.5) trained by the fixed-point reference (weights fixed<16,5>,
 * activations fixed<16,4>, gradients fixed<16,2>) and by the double model,
 * over init seeds 1..N. Prints the shipped seed's result and both success
 * rates. Usage: accuracy_xor [n_seeds=50] [shipped_seed=7] */
#include <stdio.h>
#include <stdlib.h>

#include "dbl_model.h"
#include "init.h"
#include "ref_train.h"

static const double xor_x[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
static const double xor_t[4] = { 0, 1, 1, 0 };

static struct init_net *xor_net(uint32_t seed)
{
    static const struct init_layer_spec layers[2] = {
        { 2, MLP_SIGMOID, 1.0, 1 }, { 1, MLP_SIGMOID, 1.0, 1 } };
    struct init_spec s = {
        .name = "xor", .n_in = 2, .n_layers = 2, .layers = layers, .loss = MLP_MSE,
        .lr = 1.0, .batch = 1,
        .weights = { 16, 5, FX_RND_CONV, FX_SAT },
        .activations = { 16, 4, FX_RND_CONV, FX_SAT },
        .gradients = { 16, 2, FX_RND_CONV, FX_SAT },
        .init = INIT_NORMAL, .init_scale = 0.5, .seed = seed };
    return init_net_new(&s);
}

/* Patterns classified right (output >= 0.5) after n samples; -1 on error. */
static int xor_fixed(uint32_t seed, int n)
{
    struct init_net *in = xor_net(seed);
    struct ref_trainer *r = in ? ref_new(&in->net) : NULL;
    int ok = -1;
    if (r) {
        int32_t x[2], t[1], out[1];
        for (int s = 0; s < n; s++) {
            x[0] = ref_quantize(&in->net, xor_x[s % 4][0]);
            x[1] = ref_quantize(&in->net, xor_x[s % 4][1]);
            t[0] = ref_quantize(&in->net, xor_t[s % 4]);
            ref_train_batch(r, x, t, 1, out);
        }
        ok = 0;
        for (int p = 0; p < 4; p++) {
            x[0] = ref_quantize(&in->net, xor_x[p][0]);
            x[1] = ref_quantize(&in->net, xor_x[p][1]);
            ref_infer(r, x, 1, out);
            ok += (fx_to_double(out[0], in->net.activations) >= 0.5) == (xor_t[p] > 0.5);
        }
    }
    ref_free(r);
    init_net_free(in);
    return ok;
}

static int xor_double(uint32_t seed, int n)
{
    struct init_net *in = xor_net(seed);
    struct dbl_model *m = in ? dbl_new(&in->net) : NULL;
    int ok = -1;
    if (m) {
        for (int s = 0; s < n; s++)
            dbl_train_batch(m, xor_x[s % 4], &xor_t[s % 4], 1, NULL);
        ok = 0;
        for (int p = 0; p < 4; p++) {
            double out;
            dbl_forward(m, xor_x[p], &out);
            ok += (out >= 0.5) == (xor_t[p] > 0.5);
        }
    }
    dbl_free(m);
    init_net_free(in);
    return ok;
}

int main(int argc, char **argv)
{
    int n_seeds = argc > 1 ? atoi(argv[1]) : 50;
    uint32_t shipped = argc > 2 ? (uint32_t)atoi(argv[2]) : 7;
    int n = 10000, fx_ok = 0, dbl_ok = 0;
    int fs = xor_fixed(shipped, n), ds = xor_double(shipped, n);
    printf("xor shipped seed %u: fixed %d/4, double %d/4 after %d samples\n",
           (unsigned)shipped, fs, ds, n);
    for (int s = 1; s <= n_seeds; s++) {
        int f = xor_fixed((uint32_t)s, n), d = xor_double((uint32_t)s, n);
        fx_ok += f == 4;
        dbl_ok += d == 4;
    }
    double pf = 100.0 * fx_ok / n_seeds, pd = 100.0 * dbl_ok / n_seeds;
    printf("xor seeds 1..%d: fixed-point success %d/%d (%.0f%%), double %d/%d (%.0f%%), "
           "difference %.0f points\n", n_seeds, fx_ok, n_seeds, pf, dbl_ok, n_seeds, pd,
           pf > pd ? pf - pd : pd - pf);
    return fs == 4 && (pf - pd <= 10 && pd - pf <= 10) ? 0 : 1;
}
