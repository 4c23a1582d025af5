/* gradient_finite_difference: the double model's backward pass against
 * central finite differences of its loss, for every hidden activation x
 * every (output activation, loss) pair of the spec, on a 3-4-k net with a
 * batch of 3 and random weights; relative error < 1e-6 for every weight
 * and bias. */
#include <math.h>
#include <stdio.h>

#include "dbl_model.h"
#include "init.h"

struct act { enum mlp_act act; double param; const char *name; };
struct head { enum mlp_act act; double param; int n_out; enum mlp_loss loss; const char *name; };

static double urand(uint32_t seed, int k)      /* [-1, 1) */
{
    return ldexp((double)mlp_hash(seed, 0, 99, 0, (uint32_t)k, 0), -31) - 1.0;
}

static double check_pair(struct act h, struct head o, uint32_t seed)
{
    struct init_layer_spec layers[2] = { { 4, h.act, h.param, 1 },
                                         { o.n_out, o.act, o.param, 1 } };
    struct init_spec s = {
        .name = "fd", .n_in = 3, .n_layers = 2, .layers = layers, .loss = o.loss,
        .lr = 0.1, .batch = 3,
        .weights = { 16, 4, FX_RND_CONV, FX_SAT }, .activations = { 16, 6, FX_RND_CONV, FX_SAT },
        .gradients = { 16, 0, FX_RND_CONV, FX_SAT }, .init = INIT_XAVIER, .seed = seed };
    struct init_net *n = init_net_new(&s);
    struct dbl_model *m = dbl_new(&n->net);
    int k = 0;
    for (int l = 0; l < 2; l++) {
        struct dbl_layer *L = &m->ly[l];
        for (int i = 0; i < L->n_out * L->n_in; i++)
            L->w[i] = urand(seed, k++);
        for (int j = 0; j < L->n_out; j++)
            L->b[j] = 0.5 * urand(seed, k++);
    }
    double x[9], t[9];
    for (int i = 0; i < 9; i++)
        x[i] = 2.0 * urand(seed + 1, i);
    for (int smp = 0; smp < 3; smp++)
        for (int c = 0; c < o.n_out; c++) {
            double *tv = &t[smp * o.n_out + c];
            if (o.loss == MLP_MSE)
                *tv = 0.5 + 0.5 * urand(seed + 2, smp * 4 + c);
            else if (o.loss == MLP_HINGE)
                *tv = smp == 1 ? -1.0 : 1.0;
            else if (o.act == MLP_SOFTMAX)
                *tv = c == (smp + 1) % o.n_out ? 1.0 : 0.0;
            else
                *tv = smp == 0 ? 1.0 : 0.0;
        }
    dbl_gradient(m, x, t, 3);
    double worst = 0, eps = 1e-5;
    for (int l = 0; l < 2; l++) {
        struct dbl_layer *L = &m->ly[l];
        int nw = L->n_out * L->n_in;
        for (int i = 0; i < nw + L->n_out; i++) {
            double *p = i < nw ? &L->w[i] : &L->b[i - nw];
            double ana = i < nw ? L->gw[i] : L->gb[i - nw];
            double keep = *p;
            *p = keep + eps;
            double lp = dbl_loss(m, x, t, 3);
            *p = keep - eps;
            double lm = dbl_loss(m, x, t, 3);
            *p = keep;
            double num = (lp - lm) / (2 * eps);
            double den = fmax(fmax(fabs(num), fabs(ana)), 1e-3);
            double rel = fabs(num - ana) / den;
            if (rel > worst)
                worst = rel;
        }
    }
    dbl_free(m);
    init_net_free(n);
    return worst;
}

int main(void)
{
    static const struct act hidden[] = {
        { MLP_LINEAR, 0, "linear" }, { MLP_SIGMOID, 1.5, "sigmoid(1.5)" },
        { MLP_TANH, 0, "tanh" }, { MLP_RELU, 0, "relu" },
        { MLP_LEAKY_RELU, 0.1, "leaky_relu(0.1)" }, { MLP_ELU, 0.7, "elu(0.7)" } };
    static const struct head heads[] = {
        { MLP_LINEAR, 0, 2, MLP_MSE, "linear+mse" },
        { MLP_SIGMOID, 1.5, 2, MLP_MSE, "sigmoid(1.5)+mse" },
        { MLP_TANH, 0, 2, MLP_MSE, "tanh+mse" },
        { MLP_RELU, 0, 2, MLP_MSE, "relu+mse" },
        { MLP_LEAKY_RELU, 0.1, 2, MLP_MSE, "leaky_relu(0.1)+mse" },
        { MLP_ELU, 0.7, 2, MLP_MSE, "elu(0.7)+mse" },
        { MLP_SOFTMAX, 0, 3, MLP_CROSS_ENTROPY, "softmax+cross_entropy" },
        { MLP_SIGMOID, 1.0, 1, MLP_CROSS_ENTROPY, "sigmoid+binary_cross_entropy" },
        { MLP_LINEAR, 0, 1, MLP_HINGE, "linear+hinge" },
        { MLP_TANH, 0, 1, MLP_HINGE, "tanh+hinge" } };
    int fails = 0;
    double worst = 0;
    for (unsigned h = 0; h < sizeof hidden / sizeof hidden[0]; h++)
        for (unsigned o = 0; o < sizeof heads / sizeof heads[0]; o++) {
            double e = check_pair(hidden[h], heads[o], 11u + h * 16u + o);
            if (e > worst)
                worst = e;
            if (!(e < 1e-6)) {
                printf("FAIL %s -> %s: relative error %.3g\n", hidden[h].name, heads[o].name, e);
                fails++;
            }
        }
    printf("%s: %d failures, worst relative error %.3g\n", __FILE__, fails, worst);
    return fails != 0;
}
