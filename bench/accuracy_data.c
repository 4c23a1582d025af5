/* accuracy_data: trains examples/digits.desc (64-32-10 relu/softmax, sgd
 * lr 0.05 momentum 0.9, batch 16, normalize scale 1/16, init he) or
 * examples/iris.desc (4-8-3 tanh/softmax, lr 0.05 momentum 0.9, batch 8,
 * scale 1/8, init xavier) with the fixed-point reference at the default
 * precision and with the double model, from the same initial weights and
 * the same epoch orders, and prints test accuracy for each init seed.
 * Split: stratified, 20 % test, split seed 1. Epoch order: data_epoch_order
 * with the init seed. The last partial batch is a batch of its own.
 * Usage: accuracy_data digits|iris FILE [epochs] [n_seeds] [stochastic|nearest]
 *                      [lr] [momentum]
 * The fifth argument picks the rounding of the weight and state update
 * (default stochastic, the default precision; nearest = rnd_conv); lr and
 * momentum override the example's.
 * Exit status 1 if the fixed-point mean is below the target (digits 95 %,
 * iris 28/30) or more than 1 percentage point below the double model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "dbl_model.h"
#include "init.h"
#include "ref_train.h"

struct task {
    const char *name;
    int hidden;
    enum mlp_act hidden_act;
    enum init_kind init;
    double scale, lr, momentum;
    int batch, epochs;
    double target;        /* percent */
    int nearest;          /* 1: weights and state rounded with rnd_conv */
};

static int argmax_i(const int32_t *v, int n)
{
    int k = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[k])
            k = i;
    return k;
}

static int argmax_d(const double *v, int n)
{
    int k = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[k])
            k = i;
    return k;
}

static void run(const struct task *tk, const struct data_set *tr, const struct data_set *te,
                uint32_t seed, int *right_fx, int *right_dbl)
{
    struct init_layer_spec layers[2] = { { tk->hidden, tk->hidden_act, 0, 1 },
                                         { tr->n_classes, MLP_SOFTMAX, 0, 1 } };
    struct init_spec s = {
        .name = tk->name, .n_in = tr->dim, .n_layers = 2, .layers = layers,
        .loss = MLP_CROSS_ENTROPY, .lr = tk->lr, .momentum = tk->momentum,
        .batch = tk->batch, .init = tk->init, .seed = seed };
    init_default_precision(tk->batch, &s.weights, &s.activations, &s.gradients);
    if (tk->nearest)
        s.weights.round = FX_RND_CONV;
    struct init_net *n = init_net_new(&s);
    struct ref_trainer *r = ref_new(&n->net);
    struct dbl_model *m = dbl_new(&n->net);
    int dim = tr->dim, nc = tr->n_classes, B = tk->batch;
    int32_t *x = calloc((size_t)(B * dim), sizeof *x), *t = calloc((size_t)(B * nc), sizeof *t);
    int32_t *out = calloc((size_t)(B * nc), sizeof *out);
    double *xd = calloc((size_t)(B * dim), sizeof *xd), *td = calloc((size_t)(B * nc), sizeof *td);
    double *od = calloc((size_t)nc, sizeof *od);
    int *order = calloc((size_t)tr->n, sizeof *order);
    double factor = tk->scale;
    int32_t one = ref_quantize(&n->net, 1.0);
    for (int ep = 0; ep < tk->epochs; ep++) {
        data_epoch_order(order, tr->n, seed, (uint64_t)ep);
        for (int start = 0; start < tr->n; start += B) {
            int b = tr->n - start < B ? tr->n - start : B;
            for (int k = 0; k < b; k++) {
                int idx = order[start + k];
                for (int i = 0; i < dim; i++) {
                    double v = tr->x[(size_t)idx * (size_t)dim + (size_t)i] * factor;
                    x[k * dim + i] = ref_quantize(&n->net, v);
                    xd[k * dim + i] = fx_to_double(x[k * dim + i], n->net.activations);
                }
                for (int c = 0; c < nc; c++) {
                    t[k * nc + c] = c == tr->y[idx] ? one : 0;
                    td[k * nc + c] = c == tr->y[idx] ? 1.0 : 0.0;
                }
            }
            ref_train_batch(r, x, t, b, out);
            dbl_train_batch(m, xd, td, b, NULL);
        }
    }
    *right_fx = *right_dbl = 0;
    for (int k = 0; k < te->n; k++) {
        for (int i = 0; i < dim; i++) {
            x[i] = ref_quantize(&n->net, te->x[(size_t)k * (size_t)dim + (size_t)i] * factor);
            xd[i] = fx_to_double(x[i], n->net.activations);
        }
        ref_infer(r, x, 1, out);
        dbl_forward(m, xd, od);
        *right_fx += argmax_i(out, nc) == te->y[k];
        *right_dbl += argmax_d(od, nc) == te->y[k];
    }
    if (getenv("MLPGEN_COUNTERS"))
        ref_print_counters(r, stdout);
    free(x); free(t); free(out); free(xd); free(td); free(od); free(order);
    ref_free(r);
    dbl_free(m);
    init_net_free(n);
}

int main(int argc, char **argv)
{
    static const struct task digits = { "digits", 32, MLP_RELU, INIT_HE, 0.0625, 0.05, 0.9, 16, 20, 95.0, 0 };
    static const struct task iris = { "iris", 8, MLP_TANH, INIT_XAVIER, 0.125, 0.05, 0.9, 8, 100, 93.3, 0 };
    if (argc < 3) {
        fprintf(stderr, "usage: accuracy_data digits|iris FILE [epochs] [n_seeds]\n");
        return 2;
    }
    struct task tk = strcmp(argv[1], "iris") == 0 ? iris : digits;
    if (argc > 3)
        tk.epochs = atoi(argv[3]);
    int n_seeds = argc > 4 ? atoi(argv[4]) : 3;
    tk.nearest = argc > 5 && strcmp(argv[5], "nearest") == 0;
    if (argc > 6)
        tk.lr = atof(argv[6]);
    if (argc > 7)
        tk.momentum = atof(argv[7]);
    struct data_set all, tr, te;
    struct data_err err;
    struct data_csv_opts o = { DATA_CSV_NONE, 64, 10 };
    if (strcmp(argv[1], "iris") == 0)
        o = (struct data_csv_opts){ DATA_CSV_SKLEARN, 0, 0 };
    if (data_csv_load(argv[2], &o, &all, &err) != 0 ||
        data_split_stratified(&all, data_split_test_count(all.n, 0.2), 1, &tr, &te, NULL, NULL,
                              &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double sum_fx = 0, sum_dbl = 0;
    for (int sd = 1; sd <= n_seeds; sd++) {
        int rf, rd;
        run(&tk, &tr, &te, (uint32_t)sd, &rf, &rd);
        printf("%s seed %d: fixed-point %d/%d (%.2f%%), double %d/%d (%.2f%%)\n", tk.name, sd,
               rf, te.n, 100.0 * rf / te.n, rd, te.n, 100.0 * rd / te.n);
        sum_fx += 100.0 * rf / te.n;
        sum_dbl += 100.0 * rd / te.n;
    }
    double mf = sum_fx / n_seeds, md = sum_dbl / n_seeds;
    printf("%s mean over %d seeds, %d epochs, lr %g, momentum %g, %s weight updates: "
           "fixed-point %.2f%%, double %.2f%%, difference %.2f pp\n", tk.name, n_seeds,
           tk.epochs, tk.lr, tk.momentum, tk.nearest ? "round-to-nearest" : "stochastic", mf,
           md, mf - md);
    data_set_free(&all);
    data_set_free(&tr);
    data_set_free(&te);
    return mf >= tk.target && mf >= md - 1.0 ? 0 : 1;
}
