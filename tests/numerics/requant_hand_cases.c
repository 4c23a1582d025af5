/* requant_hand_cases: fx_requant against values worked out by hand from
 * docs/numerics.md section 1: ties of every rounding mode for positive and
 * negative numbers, stochastic rounding for s <= 32 and s > 32, exact left
 * shifts, saturation edges, wrap, and the event counters. */
#include "check.h"
#include "fx.h"

static int64_t rq(int64_t r, int f_in, enum fx_round m, uint32_t rnd)
{
    struct fx_format f = { 8, 4, m, FX_SAT };      /* F = 4, raw [-128, 127] */
    return fx_requant(r, f_in, f, rnd, NULL);
}

int main(void)
{
    int fails = 0;
    /* f_in = 6 into F = 4: s = 2, r/4 in units of the output LSB */
    /*                r   value   trn  rnd  rnd_conv */
    static const long cases[][5] = {
        {  6,  /* 1.5  */  1,  2,  2 },
        { 10,  /* 2.5  */  2,  3,  2 },
        { -6,  /* -1.5 */ -2, -1, -2 },
        { -10, /* -2.5 */ -3, -2, -2 },
        {  7,  /* 1.75 */  1,  2,  2 },
        { -7,  /* -1.75*/ -2, -2, -2 },
        {  5,  /* 1.25 */  1,  1,  1 },
        { -5,  /* -1.25*/ -2, -1, -1 },
        { -2,  /* -0.5 */ -1,  0,  0 },
        {  2,  /* 0.5  */  0,  1,  0 },
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        CHECK_EQ(fails, rq(cases[k][0], 6, FX_TRN, 0), cases[k][1]);
        CHECK_EQ(fails, rq(cases[k][0], 6, FX_RND, 0), cases[k][2]);
        CHECK_EQ(fails, rq(cases[k][0], 6, FX_RND_CONV, 0), cases[k][3]);
    }
    /* stochastic, s = 2: u = R >> 30 */
    CHECK_EQ(fails, rq(5, 6, FX_STOCHASTIC, 0x00000000u), 1);  /* (5+0)>>2 */
    CHECK_EQ(fails, rq(5, 6, FX_STOCHASTIC, 0xBFFFFFFFu), 1);  /* u=2: 7>>2 */
    CHECK_EQ(fails, rq(5, 6, FX_STOCHASTIC, 0xC0000000u), 2);  /* u=3: 8>>2 */
    CHECK_EQ(fails, rq(-5, 6, FX_STOCHASTIC, 0x00000000u), -2); /* floor(-1.25) */
    CHECK_EQ(fails, rq(-5, 6, FX_STOCHASTIC, 0x40000000u), -1); /* u=1: -4>>2 */
    CHECK_EQ(fails, rq(-8, 6, FX_STOCHASTIC, 0xFFFFFFFFu), -2); /* exact stays */
    /* stochastic, s = 36 > 32: u = R << 4; r = 2^35 is half an LSB */
    CHECK_EQ(fails, rq((int64_t)1 << 35, 40, FX_STOCHASTIC, 0x80000000u), 1);
    CHECK_EQ(fails, rq((int64_t)1 << 35, 40, FX_STOCHASTIC, 0x7FFFFFFFu), 0);
    /* s <= 0: exact left shift */
    CHECK_EQ(fails, rq(3, 2, FX_TRN, 0), 12);
    CHECK_EQ(fails, rq(-3, 4, FX_RND_CONV, 0), -3);
    /* saturation edges of fixed<8,4>: raw [-128, 127] */
    struct fx_counts c = { 0, 0, 0 };
    struct fx_format sat = { 8, 4, FX_RND_CONV, FX_SAT };
    CHECK_EQ(fails, fx_requant(127 * 4, 6, sat, 0, &c), 127);
    CHECK_EQ(fails, fx_requant(-128 * 4, 6, sat, 0, &c), -128);
    CHECK_EQ(fails, c.sat, 0);
    CHECK_EQ(fails, fx_requant(127 * 4 + 2, 6, sat, 0, &c), 127); /* 127.5 -> 128 -> sat */
    CHECK_EQ(fails, fx_requant(127 * 4 + 1, 6, sat, 0, &c), 127); /* 127.25 -> 127, no event */
    CHECK_EQ(fails, fx_requant(-129 * 4, 6, sat, 0, &c), -128);
    CHECK_EQ(fails, fx_requant(-1000000, 0, sat, 0, &c), -128);
    CHECK_EQ(fails, c.sat, 3);
    /* wrap: low 8 bits sign-extended */
    struct fx_format wr = { 8, 4, FX_TRN, FX_WRAP };
    struct fx_counts cw = { 0, 0, 0 };
    CHECK_EQ(fails, fx_requant(128, 4, wr, 0, &cw), -128);
    CHECK_EQ(fails, fx_requant(200, 4, wr, 0, &cw), -56);
    CHECK_EQ(fails, fx_requant(-129, 4, wr, 0, &cw), 127);
    CHECK_EQ(fails, fx_requant(300, 4, wr, 0, &cw), 44);
    CHECK_EQ(fails, fx_requant(-300, 4, wr, 0, &cw), -44);
    CHECK_EQ(fails, fx_requant(127, 4, wr, 0, &cw), 127);
    CHECK_EQ(fails, cw.wrap, 5);
    CHECK_EQ(fails, cw.sat, 0);
    /* width 1 and 32 */
    struct fx_format w1 = { 1, 1, FX_TRN, FX_SAT }, w32 = { 32, 0, FX_TRN, FX_SAT };
    CHECK_EQ(fails, fx_requant(5, 0, w1, 0, NULL), 0);
    CHECK_EQ(fails, fx_requant(-5, 0, w1, 0, NULL), -1);
    CHECK_EQ(fails, fx_requant((int64_t)1 << 40, 0, w32, 0, NULL), 2147483647);
    /* doubles into fixed<8,4> (step 1/16), half to even */
    CHECK_EQ(fails, fx_from_double(0.03125, sat, NULL), 0);   /* 0.5 LSB */
    CHECK_EQ(fails, fx_from_double(0.09375, sat, NULL), 2);   /* 1.5 LSB */
    CHECK_EQ(fails, fx_from_double(-0.09375, sat, NULL), -2);
    CHECK_EQ(fails, fx_from_double(100.0, sat, NULL), 127);
    /* constants with 24 fractional bits */
    CHECK_EQ(fails, fx_const24(1.0), 16777216);
    CHECK_EQ(fails, fx_const24(0.9), 15099494);    /* 15099494.4 */
    CHECK_EQ(fails, fx_const24(0.01), 167772);     /* 167772.16 */
    CHECK_EQ(fails, fx_const24(1e-4), 1678);       /* 1677.7216 */
    if (fx_const24_error(1e-8) < 0.01)             /* 0.168 -> 0: 100 % off */
        fails++;
    printf("%s: %d failures\n", __FILE__, fails);
    return fails != 0;
}
