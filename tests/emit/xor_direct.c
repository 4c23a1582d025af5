/* xor_direct: trains the XOR net of examples/xor.desc built directly
 * through the runtime (init_net_new from a hand-written spec, no compiler)
 * the way the generated host does it: data_epoch_order with seed 1,
 * batch 1, the four patterns in xor.csv's order, 2500 epochs. Prints the
 * final weights and the four raw outputs in the host's --print-weights and
 * "test outputs" formats, for emit.xor_bits_match to compare.
 *   xor_direct [INIT_SEED]    (default 7, as xor.desc; another seed is the
 *                              checker's self-test: the bits must differ) */
#include <stdio.h>
#include <stdlib.h>

#include "data.h"
#include "init.h"
#include "ref_train.h"

int main(int argc, char **argv)
{
    static const struct init_layer_spec layers[2] = {{2, MLP_SIGMOID, 1.0, 1},
                                                     {1, MLP_SIGMOID, 1.0, 1}};
    struct init_spec s = {
        .name = "xor", .n_in = 2, .n_layers = 2, .layers = layers, .loss = MLP_MSE,
        .lr = 1.0, .batch = 1,
        .weights = {16, 5, FX_RND_CONV, FX_SAT},
        .activations = {16, 4, FX_RND_CONV, FX_SAT},
        .gradients = {16, 2, FX_RND_CONV, FX_SAT},
        .init = INIT_NORMAL, .init_scale = 0.5,
        .seed = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 7u};
    /* fixed<16,4>: 1.0 is raw 4096; xor.csv order (0,0) (0,1) (1,0) (1,1) */
    static const int32_t x[4][2] = {{0, 0}, {0, 4096}, {4096, 0}, {4096, 4096}};
    static const int32_t t[4] = {0, 4096, 4096, 0};
    struct init_net *n = init_net_new(&s);
    struct ref_trainer *r = n ? ref_new(&n->net) : NULL;
    if (!r) {
        fprintf(stderr, "xor_direct: cannot build the net\n");
        return 1;
    }
    int order[4];
    int32_t out;
    for (int ep = 0; ep < 2500; ep++) {
        data_epoch_order(order, 4, 1, (uint64_t)ep);
        for (int k = 0; k < 4; k++)
            ref_train_batch(r, x[order[k]], &t[order[k]], 1, &out);
    }
    for (int p = 0; p < 4; p++) {
        ref_infer(r, x[p], 1, &out);
        printf("raw %d\n", (int)out);
    }
    for (int l = 0; l < 2; l++) {
        int32_t buf[4];
        size_t nw = (size_t)n->net.layers[l].n_out * (size_t)n->net.layers[l].n_in;
        ref_read_tensor(r, l, MLP_T_WEIGHTS, buf, nw);
        printf("layer %d weights:", l);
        for (size_t i = 0; i < nw; i++)
            printf(" %d", (int)buf[i]);
        printf("\n");
        ref_read_tensor(r, l, MLP_T_BIASES, buf, (size_t)n->net.layers[l].n_out);
        printf("layer %d biases:", l);
        for (int i = 0; i < n->net.layers[l].n_out; i++)
            printf(" %d", (int)buf[i]);
        printf("\n");
    }
    ref_free(r);
    init_net_free(n);
    return 0;
}
