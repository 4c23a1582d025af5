/* sgd_update_hand_cases: one-weight nets (z = w x + b, linear, MSE, x = 1,
 * t = 0) whose update was worked out by hand from docs/numerics.md 5-7:
 * plain SGD, momentum over two batches, Nesterov, weight decay (not on the
 * bias), a last partial batch (inv_b = round(2^24/3)), stochastic rounding
 * of the update with the pinned hash words, the rounded-to-zero counter,
 * hinge (both labels, and no step at margin 1) and binary cross-entropy
 * through the sigmoid table. The double model must give the same values where they are
 * exact. Weights fixed<16,4> (F = 12): 0.5 = 2048. */
#include <math.h>

#include "check.h"
#include "dbl_model.h"
#include "init.h"
#include "ref_train.h"

static const int32_t w_half[1] = { 2048 };
static const int32_t w_quarter16[1] = { 16384 };       /* 0.25 in fixed<16,0> */

/* The net's one layer is written into *ly, which must outlive the net. */
static struct mlp_net one_weight(struct mlp_layer *ly, double lr, double mom, int nesterov,
                                 double wd, int bias)
{
    struct mlp_layer l = { .n_in = 1, .n_out = 1, .act = MLP_LINEAR, .bias = bias,
                           .w0 = w_half };
    *ly = l;
    struct mlp_net n = {
        .name = "one", .n_layers = 1, .layers = ly, .loss = MLP_MSE, .optim = MLP_SGD,
        .hyper = { fx_const24(lr), fx_const24(mom), fx_const24(wd), nesterov },
        .weights = { 16, 4, FX_RND_CONV, FX_SAT },
        .activations = { 16, 6, FX_RND_CONV, FX_SAT },
        .gradients = { 16, 1, FX_RND_CONV, FX_SAT },
        .state = { 16, 4, FX_RND_CONV, FX_SAT },
        .acc_auto = 1, .batch = 1, .seed = 7 };
    return n;
}

/* Train `batches` batches of x = 1 (raw 1024), t = 0; return w and b raw. */
static void run_ref(const struct mlp_net *n, int batches, int32_t *w, int32_t *b,
                    int32_t *vw)
{
    struct ref_trainer *r = ref_new(n);
    int32_t x[4] = { 1024, 1024, 1024, 1024 }, t[4] = { 0, 0, 0, 0 }, out[4];
    for (int k = 0; k < batches; k++)
        ref_train_batch(r, x, t, n->batch, out);
    ref_read_tensor(r, 0, MLP_T_WEIGHTS, w, 1);
    ref_read_tensor(r, 0, MLP_T_BIASES, b, 1);
    if (vw)
        ref_read_tensor(r, 0, MLP_T_MOM_W, vw, 1);
    ref_free(r);
}

static void run_dbl(const struct mlp_net *n, int batches, double *w, double *b)
{
    struct dbl_model *m = dbl_new(n);
    double x = 1.0, t = 0.0;
    for (int k = 0; k < batches; k++)
        dbl_train_batch(m, &x, &t, 1, NULL);
    *w = m->ly[0].w[0];
    *b = m->ly[0].b[0];
    dbl_free(m);
}

int main(void)
{
    int fails = 0;
    int32_t w, b, v;
    double dw, db;
    struct mlp_net n;
    struct mlp_layer ly;

    /* plain: g = 0.5, w = 0.5 - 0.5*0.5 = 0.25, b = 0 - 0.25 */
    n = one_weight(&ly, 0.5, 0, 0, 0, 1);
    run_ref(&n, 1, &w, &b, NULL);
    CHECK_EQ(fails, w, 1024);
    CHECK_EQ(fails, b, -1024);
    run_dbl(&n, 1, &dw, &db);
    CHECK_EQ(fails, dw * 4096, 1024);
    CHECK_EQ(fails, db * 4096, -1024);

    /* momentum 0.5: v = 0.5, w = 0.25, b = -0.25; then z = 0, d = 0,
     * v = 0.25, w = 0.125, b = -0.375 */
    n = one_weight(&ly, 0.5, 0.5, 0, 0, 1);
    run_ref(&n, 1, &w, &b, &v);
    CHECK_EQ(fails, v, 2048);
    run_ref(&n, 2, &w, &b, &v);
    CHECK_EQ(fails, v, 1024);
    CHECK_EQ(fails, w, 512);
    CHECK_EQ(fails, b, -1536);
    run_dbl(&n, 2, &dw, &db);
    CHECK_EQ(fails, dw * 4096, 512);
    CHECK_EQ(fails, db * 4096, -1536);

    /* Nesterov 0.5: v = 0.5, step = 0.5 + 0.5*0.5 = 0.75, w = 0.125 */
    n = one_weight(&ly, 0.5, 0.5, 1, 0, 1);
    run_ref(&n, 1, &w, &b, NULL);
    CHECK_EQ(fails, w, 512);
    CHECK_EQ(fails, b, -1536);
    run_dbl(&n, 1, &dw, &db);
    CHECK_EQ(fails, dw * 4096, 512);
    CHECK_EQ(fails, db * 4096, -1536);

    /* weight decay 0.5: d = 0.5 + 0.25, w = 0.125; bias without decay */
    n = one_weight(&ly, 0.5, 0, 0, 0.5, 1);
    run_ref(&n, 1, &w, &b, NULL);
    CHECK_EQ(fails, w, 512);
    CHECK_EQ(fails, b, -1024);
    run_dbl(&n, 1, &dw, &db);
    CHECK_EQ(fails, dw * 4096, 512);
    CHECK_EQ(fails, db * 4096, -1024);

    /* partial batch b = 3 of B = 4, weights fixed<16,0>, w = 0.25, lr 1,
     * no bias: inv_b = round(2^24/3) = 5592405; g = 256 * 5592405 / 2^19 =
     * 2730.67 -> 2731 (F 15); GW = 3 * 2731 * 1024 (F 25); w = 16384 -
     * 3 * 2731 * 2 = -2 (exactly 1/3 would give 0) */
    n = one_weight(&ly, 1.0, 0, 0, 0, 0);
    struct mlp_layer part = ly;
    part.w0 = w_quarter16;
    n.layers = &part;
    n.weights.int_bits = 0;
    n.batch = 4;
    {
        struct ref_trainer *r = ref_new(&n);
        int32_t x[3] = { 1024, 1024, 1024 }, t[3] = { 0, 0, 0 }, out[3];
        CHECK_EQ(fails, ref_train_batch(r, x, t, 3, out), 0);
        CHECK_EQ(fails, out[0], 256);
        ref_read_tensor(r, 0, MLP_T_WEIGHTS, &w, 1);
        CHECK_EQ(fails, w, -2);
        CHECK_EQ(fails, ref_train_batch(r, x, t, 5, out), -1);   /* b > B */
        ref_free(r);
    }

    /* stochastic update: lr 2^-13, g = 0.5: w = 2048 - 0.25 LSB; u = R >> 32
     * in LSB units; R(seed 7, all 0) = 0x067776fd (0.025): 0.75 + 0.025 < 1
     * -> 2047; R(seed 0) = 0x752f5438 (0.458) -> 2048, counted as rounded to
     * zero */
    n = one_weight(&ly, ldexp(1, -13), 0, 0, 0, 0);
    n.weights.round = FX_STOCHASTIC;
    run_ref(&n, 1, &w, &b, NULL);
    CHECK_EQ(fails, w, 2047);
    n.seed = 0;
    {
        struct ref_trainer *r = ref_new(&n);
        int32_t x = 1024, t = 0, out;
        struct fx_counts c;
        ref_train_batch(r, &x, &t, 1, &out);
        ref_read_tensor(r, 0, MLP_T_WEIGHTS, &w, 1);
        CHECK_EQ(fails, w, 2048);
        ref_read_counters(r, 0, MLP_T_WEIGHTS, &c);
        CHECK_EQ(fails, c.zero, 1);
        uint32_t ups, smp;
        ref_read_clocks(r, &ups, &smp);
        CHECK_EQ(fails, ups, 1);
        CHECK_EQ(fails, smp, 1);
        ref_free(r);
    }

    /* rnd_conv: lr 2^-14 moves w by 1/8 LSB: rounded to zero, counted */
    n = one_weight(&ly, ldexp(1, -14), 0, 0, 0, 0);
    {
        struct ref_trainer *r = ref_new(&n);
        int32_t x = 1024, t = 0, out;
        struct fx_counts c;
        ref_train_batch(r, &x, &t, 1, &out);
        ref_read_tensor(r, 0, MLP_T_WEIGHTS, &w, 1);
        CHECK_EQ(fails, w, 2048);
        ref_read_counters(r, 0, MLP_T_WEIGHTS, &c);
        CHECK_EQ(fails, c.zero, 1);
        ref_free(r);
    }
    /* hinge, lr 0.25, G = fixed<16,1>: a = 0.5, y = +1: e = -1, g = -32768
     * (-1.0), w = 0.5 + 0.25 = 0.75, b = 0.25; then a = 1.0: margin 1, no
     * step. y = -1: e = +1, w = 0.25, b = -0.25 */
    n = one_weight(&ly, 0.25, 0, 0, 0, 1);
    n.loss = MLP_HINGE;
    {
        struct ref_trainer *r = ref_new(&n);
        int32_t x = 1024, t = 1024, out;
        ref_train_batch(r, &x, &t, 1, &out);
        CHECK_EQ(fails, out, 512);
        ref_read_tensor(r, 0, MLP_T_WEIGHTS, &w, 1);
        ref_read_tensor(r, 0, MLP_T_BIASES, &b, 1);
        CHECK_EQ(fails, w, 3072);
        CHECK_EQ(fails, b, 1024);
        ref_train_batch(r, &x, &t, 1, &out);
        CHECK_EQ(fails, out, 1024);
        ref_read_tensor(r, 0, MLP_T_WEIGHTS, &w, 1);
        CHECK_EQ(fails, w, 3072);
        ref_reset(r);
        t = -1024;
        ref_train_batch(r, &x, &t, 1, &out);
        ref_read_tensor(r, 0, MLP_T_WEIGHTS, &w, 1);
        ref_read_tensor(r, 0, MLP_T_BIASES, &b, 1);
        CHECK_EQ(fails, w, 1024);
        CHECK_EQ(fails, b, -1024);
        ref_free(r);
    }

    /* binary cross-entropy, one sigmoid unit, lr 1, no bias: z = 0.5 (512,
     * F 10); table q = 6, s = 4: n = ((512 + 8) >> 4) + 512 = 544, x_n = 0.5,
     * sigma(0.5) * 1024 = 637.40 -> 637; y = 1: delta = (637 - 1024) * 2^24
     * >> 19 = -12384 (F 15); GW = -12384 / 2^15 = -0.3779296875, w = 0.5 +
     * 0.3779296875 = 3596 / 4096 */
    {
        static int32_t tables[2048];
        struct mlp_layer sg = { .n_in = 1, .n_out = 1, .act = MLP_SIGMOID, .act_param = 1.0,
                                .w0 = w_half };
        n = one_weight(&ly, 1.0, 0, 0, 0, 0);
        n.layers = &sg;
        n.loss = MLP_CROSS_ENTROPY;
        init_layer_tables(&sg, n.activations, tables);
        struct ref_trainer *r = ref_new(&n);
        int32_t x = 1024, t = 1024, out;
        ref_train_batch(r, &x, &t, 1, &out);
        CHECK_EQ(fails, out, 637);
        ref_read_tensor(r, 0, MLP_T_WEIGHTS, &w, 1);
        CHECK_EQ(fails, w, 3596);
        ref_free(r);
    }
    printf("%s: %d failures\n", __FILE__, fails);
    return fails != 0;
}
