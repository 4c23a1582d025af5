/* forward_hand_cases: forward values of docs/numerics.md 3-5 worked out by
 * hand: softmax by exact division (equal inputs; e^-1 against e^0), and the
 * leaky_relu negative side through alpha_q = round(0.1 * 2^16) = 6554.
 * Activations fixed<16,6> (F = 10): 1.0 = 1024. */
#include "check.h"
#include "init.h"
#include "ref_train.h"

static struct mlp_net net1(struct mlp_layer *ly, int32_t *tables, enum mlp_loss loss)
{
    struct mlp_net n = {
        .name = "f", .n_layers = 1, .layers = ly, .loss = loss, .optim = MLP_SGD,
        .hyper = { 0, 0, 0, 0 },
        .weights = { 16, 4, FX_RND_CONV, FX_SAT },
        .activations = { 16, 6, FX_RND_CONV, FX_SAT },
        .gradients = { 16, 0, FX_RND_CONV, FX_SAT },
        .state = { 16, 4, FX_RND_CONV, FX_SAT },
        .acc_auto = 1, .batch = 1, .seed = 1 };
    init_layer_tables(ly, n.activations, tables);
    return n;
}

int main(void)
{
    int fails = 0;
    static int32_t tables[2048];
    int32_t x = 1024, out[3];

    /* three equal inputs: 1024 / 3 = 341.33 -> 341 */
    static const int32_t zero3[3] = { 0, 0, 0 };
    struct mlp_layer sm = { .n_in = 1, .n_out = 3, .act = MLP_SOFTMAX, .w0 = zero3 };
    struct mlp_net n = net1(&sm, tables, MLP_CROSS_ENTROPY);
    struct ref_trainer *r = ref_new(&n);
    ref_infer(r, &x, 1, out);
    CHECK_EQ(fails, out[0], 341);
    CHECK_EQ(fails, out[2], 341);
    ref_free(r);

    /* z = (0, 1): e = (24109, 65536), S = 89645;
     * p0 = (floor(24109 * 2^11 / S) + 1) >> 1 = (550 + 1) >> 1 = 275,
     * p1 = (1497 + 1) >> 1 = 749 */
    static const int32_t w01[2] = { 0, 4096 };
    struct mlp_layer sm2 = { .n_in = 1, .n_out = 2, .act = MLP_SOFTMAX, .w0 = w01 };
    n = net1(&sm2, tables, MLP_CROSS_ENTROPY);
    r = ref_new(&n);
    ref_infer(r, &x, 1, out);
    CHECK_EQ(fails, out[0], 275);
    CHECK_EQ(fails, out[1], 749);
    ref_free(r);

    /* leaky_relu 0.1 at z = -1: -1024 * 6554 / 2^16 = -102.41 -> -102 */
    static const int32_t wm1[1] = { -4096 };
    struct mlp_layer lk = { .n_in = 1, .n_out = 1, .act = MLP_LEAKY_RELU, .act_param = 0.1,
                            .w0 = wm1 };
    n = net1(&lk, tables, MLP_MSE);
    CHECK_EQ(fails, lk.alpha_q, 6554);
    r = ref_new(&n);
    ref_infer(r, &x, 1, out);
    CHECK_EQ(fails, out[0], -102);
    ref_free(r);

    /* relu at z = -1 is 0, linear passes z */
    struct mlp_layer re = { .n_in = 1, .n_out = 1, .act = MLP_RELU, .w0 = wm1 };
    n = net1(&re, tables, MLP_MSE);
    r = ref_new(&n);
    ref_infer(r, &x, 1, out);
    CHECK_EQ(fails, out[0], 0);
    ref_free(r);
    printf("%s: %d failures\n", __FILE__, fails);
    return fails != 0;
}
