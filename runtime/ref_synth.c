/* ref_synth.c: seeded synthetic training samples (ref_synth.h). */
#include "ref_synth.h"

#include "data.h"
#include "fx.h"
#include "ref_train.h"

void ref_synth_sample(const struct mlp_net *net, long s, uint64_t seed, int32_t *x, int32_t *t)
{
    int n_in = net->layers[0].n_in, n_out = net->layers[net->n_layers - 1].n_out;
    int32_t one = (int32_t)1 << fx_frac(net->activations);
    uint64_t key = data_rng_key(seed, 7, (uint64_t)s);
    uint64_t ctr = 0;
    if (n_in == 2 && n_out == 1) {      /* XOR */
        int p = (int)data_rng_uniform(key, &ctr, 4);
        x[0] = (p & 1) ? one : 0;
        x[1] = (p & 2) ? one : 0;
        t[0] = ((p & 1) ^ (p >> 1)) ? one : 0;
        if (net->loss == MLP_HINGE)
            t[0] = t[0] ? one : -one;
        return;
    }
    for (int i = 0; i < n_in; i++)
        x[i] = ref_quantize(net, (double)data_rng_uniform(key, &ctr, 2001) / 1000.0 - 1.0);
    const struct mlp_layer *last = &net->layers[net->n_layers - 1];
    if (net->loss == MLP_CROSS_ENTROPY && last->act == MLP_SOFTMAX) {
        int c = (int)data_rng_uniform(key, &ctr, (uint64_t)n_out);
        for (int j = 0; j < n_out; j++)
            t[j] = j == c ? one : 0;
    } else if (net->loss == MLP_CROSS_ENTROPY) {
        for (int j = 0; j < n_out; j++)
            t[j] = data_rng_uniform(key, &ctr, 2) ? one : 0;
    } else if (net->loss == MLP_HINGE) {
        for (int j = 0; j < n_out; j++)
            t[j] = data_rng_uniform(key, &ctr, 2) ? one : -one;
    } else {
        for (int j = 0; j < n_out; j++)
            t[j] = ref_quantize(net, (double)data_rng_uniform(key, &ctr, 1001) / 1000.0);
    }
}
