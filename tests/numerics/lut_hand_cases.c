/* lut_hand_cases: table plans, addresses and entries of docs/numerics.md
 * section 4 against values worked out by hand (entries: f(x) * 2^F with a
 * pocket calculator, then rounded half to even). */
#include "check.h"
#include "lut.h"

int main(void)
{
    int fails = 0;
    int32_t tab[1024];
    struct lut_table t;
    struct fx_format a4 = { 16, 4, FX_RND_CONV, FX_SAT };   /* F = 12 */
    struct fx_format a6 = { 16, 6, FX_STOCHASTIC, FX_SAT }; /* F = 10 */

    /* addressing: q = 6, off = 512, k = 10; z with F = 12 -> s = 6 */
    CHECK_EQ(fails, lut_plan(LUT_SIGMOID, 1.0, a4, &t), 0);
    CHECK_EQ(fails, t.addr_bits, 10);
    CHECK_EQ(fails, t.q, 6);
    CHECK_EQ(fails, t.off, 512);
    CHECK_EQ(fails, lut_addr(&t, 0, 12), 512);
    CHECK_EQ(fails, lut_addr(&t, 31, 12), 512);      /* below half a step */
    CHECK_EQ(fails, lut_addr(&t, 32, 12), 513);      /* tie rounds up */
    CHECK_EQ(fails, lut_addr(&t, -32, 12), 512);     /* tie rounds up */
    CHECK_EQ(fails, lut_addr(&t, -33, 12), 511);
    CHECK_EQ(fails, lut_addr(&t, 32767, 12), 1023);  /* clamped */
    CHECK_EQ(fails, lut_addr(&t, -32768, 12), 0);    /* clamped */
    CHECK_EQ(fails, lut_addr(&t, 3, 4), 524);        /* s = -2: 3 * 4 + 512 */
    CHECK_EQ(fails, lut_addr(&t, -200, 4), 0);

    /* sigmoid beta 1 into fixed<16,4>: sigma(1) * 4096 = 2994.416 */
    lut_build(LUT_SIGMOID, 1.0, &t, tab);
    CHECK_EQ(fails, tab[512], 2048);
    CHECK_EQ(fails, tab[576], 2994);
    CHECK_EQ(fails, tab[448], 1102);                  /* 1101.584 */
    CHECK_EQ(fails, tab[0], 1);                       /* sigma(-8) * 4096 = 1.374 */
    /* derivative into fixed<16,2>: 0.25 * 16384, 0.196612 * 16384 = 3221.29 */
    CHECK_EQ(fails, lut_plan(LUT_SIGMOID_D, 1.0, a4, &t), 0);
    CHECK_EQ(fails, t.out.width, 16);
    CHECK_EQ(fails, t.out.int_bits, 2);
    lut_build(LUT_SIGMOID_D, 1.0, &t, tab);
    CHECK_EQ(fails, tab[512], 4096);
    CHECK_EQ(fails, tab[576], 3221);
    /* sigmoid beta 2: q = 7, x = 0.5 at entry 576; derivative 2 s (1 - s) */
    CHECK_EQ(fails, lut_plan(LUT_SIGMOID, 2.0, a4, &t), 0);
    CHECK_EQ(fails, t.q, 7);
    lut_build(LUT_SIGMOID, 2.0, &t, tab);
    CHECK_EQ(fails, tab[576], 2994);
    lut_plan(LUT_SIGMOID_D, 2.0, a4, &t);
    lut_build(LUT_SIGMOID_D, 2.0, &t, tab);
    CHECK_EQ(fails, tab[576], 6443);                  /* 6442.58 */
    /* tanh: q = 7, tanh(1) * 4096 = 3119.49 */
    lut_plan(LUT_TANH, 0, a4, &t);
    CHECK_EQ(fails, t.q, 7);
    lut_build(LUT_TANH, 0, &t, tab);
    CHECK_EQ(fails, tab[640], 3119);
    CHECK_EQ(fails, tab[512], 0);
    lut_plan(LUT_TANH_D, 0, a4, &t);
    lut_build(LUT_TANH_D, 0, &t, tab);
    CHECK_EQ(fails, tab[512], 16384);                 /* 1.0 in fixed<16,2> */
    /* elu alpha 1 into fixed<16,6>: (e^-1 - 1) * 1024 = -647.29; table
     * entries are rounded half to even whatever the format's mode */
    lut_plan(LUT_ELU, 1.0, a6, &t);
    CHECK_EQ(fails, t.off, 1023);
    lut_build(LUT_ELU, 1.0, &t, tab);
    CHECK_EQ(fails, tab[895], -647);
    CHECK_EQ(fails, tab[1023], 0);
    lut_plan(LUT_ELU_D, 1.0, a6, &t);
    lut_build(LUT_ELU_D, 1.0, &t, tab);
    CHECK_EQ(fails, tab[895], 6027);                  /* e^-1 * 16384 = 6027.34 */
    /* exp: e^0 = 65536, e^-1 * 65536 = 24109.35 */
    lut_plan(LUT_EXP, 0, a6, &t);
    CHECK_EQ(fails, t.q, 6);
    lut_build(LUT_EXP, 0, &t, tab);
    CHECK_EQ(fails, tab[1023], 65536);
    CHECK_EQ(fails, tab[959], 24109);
    CHECK_EQ(fails, tab[0], 0);                       /* e^-15.98 * 65536 = 0.007 */
    printf("%s: %d failures\n", __FILE__, fails);
    return fails != 0;
}
