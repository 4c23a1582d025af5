/* init_vectors: initial weights (docs/numerics.md section 8) against the
 * independent Python implementation tests/numerics/init_ref.py, whose
 * output is pasted here: the XOR example's six weights (normal std 0.5,
 * seed 7, fixed<16,5>) and uniform / he / xavier draws into fixed<16,4>. */
#include "check.h"
#include "init.h"

int main(void)
{
    int fails = 0;
    static const int32_t xor_w[6] = { 377, -2257, -695, -1085, -1450, -576 };
    static const int32_t uni[4] = { 405, -926, 344, -872 };
    static const int32_t he[4] = { 236, -1004, 131, -141 };
    static const int32_t xav[4] = { -472, 210, -1332, 167 };
    struct fx_format w5 = { 16, 5, FX_STOCHASTIC, FX_SAT }, w4 = { 16, 4, FX_RND_CONV, FX_SAT };
    int32_t w[64 * 4];
    init_weights(INIT_NORMAL, 0.5, 7, 0, 2, 2, w5, w);
    init_weights(INIT_NORMAL, 0.5, 7, 1, 2, 1, w5, w + 4);
    for (int k = 0; k < 6; k++)
        CHECK_EQ(fails, w[k], xor_w[k]);
    init_weights(INIT_UNIFORM, 0.25, 1, 0, 64, 1, w4, w);
    for (int k = 0; k < 4; k++)
        CHECK_EQ(fails, w[k], uni[k]);
    init_weights(INIT_HE, 0, 1, 0, 64, 4, w4, w);
    for (int k = 0; k < 4; k++)
        CHECK_EQ(fails, w[3 * 64 + k], he[k]);
    init_weights(INIT_XAVIER, 0, 1, 1, 64, 3, w4, w);
    for (int k = 0; k < 4; k++)
        CHECK_EQ(fails, w[2 * 64 + k], xav[k]);
    printf("%s: %d failures\n", __FILE__, fails);
    return fails != 0;
}
