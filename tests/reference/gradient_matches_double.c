/* gradient_matches_double: the exact batch gradient of the fixed-point
 * reference (default precision, batch 16, 1/b folded into the output
 * error) against the double model's mean gradient from the same weights
 * and inputs, per layer: relative L2 error <= 2 % and cosine >= 0.999
 * (docs/numerics.md section 11), for relu/tanh/sigmoid/elu hidden layers
 * with softmax + cross-entropy and sigmoid + MSE heads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dbl_model.h"
#include "init.h"
#include "ref_train.h"

struct pair { enum mlp_act hidden; double hp; enum mlp_act out; enum mlp_loss loss; };

int main(void)
{
    static const struct pair pairs[] = {
        { MLP_RELU, 0, MLP_SOFTMAX, MLP_CROSS_ENTROPY },
        { MLP_TANH, 0, MLP_SOFTMAX, MLP_CROSS_ENTROPY },
        { MLP_SIGMOID, 1.0, MLP_SOFTMAX, MLP_CROSS_ENTROPY },
        { MLP_ELU, 1.0, MLP_SOFTMAX, MLP_CROSS_ENTROPY },
        { MLP_LEAKY_RELU, 0.1, MLP_SIGMOID, MLP_MSE },
        { MLP_TANH, 0, MLP_SIGMOID, MLP_MSE } };
    enum { NI = 64, NH = 32, NO = 10, B = 16 };
    int fails = 0;
    double worst_rel = 0, worst_cos = 1;
    for (unsigned p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        struct init_layer_spec layers[2] = { { NH, pairs[p].hidden, pairs[p].hp, 1 },
                                             { NO, pairs[p].out, 0, 1 } };
        struct init_spec s = { .name = "g", .n_in = NI, .n_layers = 2, .layers = layers,
                               .loss = pairs[p].loss, .lr = 0.05, .batch = B,
                               .init = INIT_HE, .seed = 3 + p };
        init_default_precision(B, &s.weights, &s.activations, &s.gradients);
        struct init_net *n = init_net_new(&s);
        struct ref_trainer *r = ref_new(&n->net);
        struct dbl_model *m = dbl_new(&n->net);
        static int32_t x[B * NI], t[B * NO];
        static double xd[B * NI], td[B * NO];
        for (int k = 0; k < B * NI; k++) {
            x[k] = ref_quantize(&n->net, ldexp((double)mlp_hash(7, 0, 96, (uint16_t)p, (uint32_t)k, 0), -32));
            xd[k] = fx_to_double(x[k], n->net.activations);
        }
        for (int k = 0; k < B; k++)
            for (int c = 0; c < NO; c++) {
                td[k * NO + c] = c == k % NO ? 1.0 : 0.0;
                t[k * NO + c] = ref_quantize(&n->net, td[k * NO + c]);
            }
        ref_accumulate(r, x, t, B, NULL);
        dbl_gradient(m, xd, td, B);
        for (int l = 0; l < 2; l++) {
            int nw = n->net.layers[l].n_in * n->net.layers[l].n_out, no = n->net.layers[l].n_out;
            double *gw = calloc((size_t)(nw + no), sizeof *gw);
            ref_read_gradient(r, l, gw, gw + nw);
            double dot = 0, nf = 0, nd = 0, ne = 0;
            for (int k = 0; k < nw + no; k++) {
                double d = k < nw ? m->ly[l].gw[k] : m->ly[l].gb[k - nw];
                dot += gw[k] * d;
                nf += gw[k] * gw[k];
                nd += d * d;
                ne += (gw[k] - d) * (gw[k] - d);
            }
            double rel = sqrt(ne / nd), cosv = dot / sqrt(nf * nd);
            worst_rel = fmax(worst_rel, rel);
            worst_cos = fmin(worst_cos, cosv);
            if (!(rel <= 0.02 && cosv >= 0.999)) {
                printf("FAIL pair %u layer %d: relative error %.4f, cosine %.6f\n", p, l, rel, cosv);
                fails++;
            }
            free(gw);
        }
        ref_free(r);
        dbl_free(m);
        init_net_free(n);
    }
    printf("%s: %d failures, worst relative L2 error %.4f, worst cosine %.6f\n", __FILE__,
           fails, worst_rel, worst_cos);
    return fails != 0;
}
