/* forward_within_bound: the fixed-point forward pass stays within the bound
 * of docs/numerics.md section 11 of the double model's, from the same
 * weights and inputs, for every hidden x output activation on an 8-16-4
 * net: per unit B_z = sum |W| B_in + 1/2 LSB, B_a = L_f (B_z + h) + tail +
 * 1/2 LSB (h: half a table step, tail: the function's distance from its
 * clamped end entry), softmax 1/2 (B_z + h) + (n + 1) 2^-17 + 1/2 LSB. */
#include <math.h>
#include <stdio.h>

#include "dbl_model.h"
#include "init.h"
#include "ref_train.h"

struct act { enum mlp_act act; double param; };

static double lipschitz(struct act a)
{
    switch (a.act) {
    case MLP_SIGMOID: return a.param / 4;
    case MLP_ELU: return a.param > 1 ? a.param : 1;
    default: return 1;
    }
}

/* |f(end entry) - f(beyond)| for z anywhere outside the table range. */
static double tail(const struct mlp_layer *ly, struct act a)
{
    if (!ly->f.data || a.act == MLP_SOFTMAX)
        return 0;
    double lo = ldexp((double)(0 - ly->f.off), -ly->f.q);
    double hi = ldexp((double)((1 << ly->f.addr_bits) - 1 - ly->f.off), -ly->f.q);
    switch (a.act) {
    case MLP_SIGMOID: return fmax(1.0 / (1.0 + exp(a.param * hi)), 1.0 / (1.0 + exp(-a.param * lo)));
    case MLP_TANH: return 1.0 - tanh(hi);
    case MLP_ELU: return a.param * exp(lo);
    default: return 0;
    }
}

int main(void)
{
    static const struct act acts[] = {
        { MLP_LINEAR, 0 }, { MLP_SIGMOID, 1.5 }, { MLP_TANH, 0 }, { MLP_RELU, 0 },
        { MLP_LEAKY_RELU, 0.1 }, { MLP_ELU, 0.7 }, { MLP_SOFTMAX, 0 } };
    int fails = 0, checked = 0;
    double worst_ratio = 0;
    for (int h = 0; h < 6; h++)
        for (int o = 0; o < 7; o++) {
            struct init_layer_spec layers[2] = { { 16, acts[h].act, acts[h].param, 1 },
                                                 { 4, acts[o].act, acts[o].param, 1 } };
            struct init_spec s = {
                .name = "bound", .n_in = 8, .n_layers = 2, .layers = layers,
                .loss = acts[o].act == MLP_SOFTMAX ? MLP_CROSS_ENTROPY : MLP_MSE,
                .lr = 0.1, .batch = 1, .init = INIT_XAVIER, .seed = (uint32_t)(100 + h * 8 + o) };
            init_default_precision(16, &s.weights, &s.activations, &s.gradients);
            struct init_net *n = init_net_new(&s);
            struct ref_trainer *r = ref_new(&n->net);
            struct dbl_model *m = dbl_new(&n->net);
            double lsb = ldexp(1.0, -fx_frac(n->net.activations));
            for (int smp = 0; smp < 20; smp++) {
                int32_t x[8], out[4];
                double xd[8], od[4], bin[16], bz[16];
                for (int i = 0; i < 8; i++) {
                    double u = ldexp((double)mlp_hash(s.seed, 0, 98, (uint16_t)smp, (uint32_t)i, 0), -31) - 1.0;
                    x[i] = ref_quantize(&n->net, 2.0 * u);
                    xd[i] = fx_to_double(x[i], n->net.activations);
                }
                ref_infer(r, x, 1, out);
                dbl_forward(m, xd, od);
                const double *bprev = NULL;
                for (int l = 0; l < 2; l++) {
                    const struct mlp_layer *ly = &n->net.layers[l];
                    struct act a = acts[l == 0 ? h : o];
                    double hstep = ly->f.data ? ldexp(0.5, -ly->f.q) : 0, bzmax = 0;
                    for (int j = 0; j < ly->n_out; j++) {
                        double e = 0.5 * lsb;
                        for (int i = 0; bprev && i < ly->n_in; i++)
                            e += fabs(m->ly[l].w[j * ly->n_in + i]) * bprev[i];
                        bz[j] = e;
                        if (e > bzmax)
                            bzmax = e;
                    }
                    for (int j = 0; j < ly->n_out; j++) {
                        if (a.act == MLP_SOFTMAX)
                            bin[j] = 0.5 * (bzmax + hstep) + (ly->n_out + 1) * ldexp(1, -17) + 0.5 * lsb;
                        else
                            bin[j] = lipschitz(a) * (bz[j] + hstep) + tail(ly, a) +
                                     (a.act == MLP_LINEAR || a.act == MLP_RELU ? 0 : 0.5 * lsb);
                    }
                    bprev = bin;
                }
                for (int k = 0; k < 4; k++) {
                    double err = fabs(fx_to_double(out[k], n->net.activations) - od[k]);
                    double ratio = err / bin[k];
                    if (ratio > worst_ratio)
                        worst_ratio = ratio;
                    checked++;
                    if (ratio > 1) {
                        printf("FAIL hidden %d out %d sample %d unit %d: error %.3g > bound %.3g\n",
                               h, o, smp, k, err, bin[k]);
                        fails++;
                    }
                }
            }
            ref_free(r);
            dbl_free(m);
            init_net_free(n);
        }
    printf("%s: %d of %d outputs outside the bound, worst error/bound %.3f\n", __FILE__, fails,
           checked, worst_ratio);
    return fails != 0;
}
