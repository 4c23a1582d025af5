/* xor_trains_4_of_4: the net.desc XOR example (2-2-1 sigmoid, MSE, batch 1,
 * lr 1.0, weights fixed<16,5>, activations fixed<16,4>, gradients
 * fixed<16,2>, init normal std=0.5 seed=7) classifies all four patterns
 * after 10 000 samples cycling (0,0) (0,1) (1,0) (1,1) through the
 * fixed-point reference trainer. */
#include <stdio.h>

#include "init.h"
#include "ref_train.h"

int main(void)
{
    static const struct init_layer_spec layers[2] = {
        { 2, MLP_SIGMOID, 1.0, 1 }, { 1, MLP_SIGMOID, 1.0, 1 } };
    struct init_spec s = {
        .name = "xor", .n_in = 2, .n_layers = 2, .layers = layers, .loss = MLP_MSE,
        .lr = 1.0, .batch = 1,
        .weights = { 16, 5, FX_RND_CONV, FX_SAT },
        .activations = { 16, 4, FX_RND_CONV, FX_SAT },
        .gradients = { 16, 2, FX_RND_CONV, FX_SAT },
        .init = INIT_NORMAL, .init_scale = 0.5, .seed = 7 };
    /* activations fixed<16,4>: 1.0 is raw 4096, 0.5 raw 2048 */
    static const int32_t x[4][2] = { { 0, 0 }, { 0, 4096 }, { 4096, 0 }, { 4096, 4096 } };
    static const int32_t t[4] = { 0, 4096, 4096, 0 };
    struct init_net *n = init_net_new(&s);
    struct ref_trainer *r = n ? ref_new(&n->net) : NULL;
    if (!r) {
        fprintf(stderr, "cannot build the xor net\n");
        return 1;
    }
    int32_t out;
    for (int k = 0; k < 10000; k++)
        ref_train_batch(r, x[k % 4], &t[k % 4], 1, &out);
    int right = 0;
    for (int p = 0; p < 4; p++) {
        ref_infer(r, x[p], 1, &out);
        printf("xor(%d,%d) = %.4f (target %d)\n", x[p][0] / 4096, x[p][1] / 4096,
               out / 4096.0, t[p] / 4096);
        right += (out >= 2048) == (t[p] == 4096);
    }
    ref_print_counters(r, stdout);
    ref_free(r);
    init_net_free(n);
    printf("%d/4 right\n", right);
    return right == 4 ? 0 : 1;
}
