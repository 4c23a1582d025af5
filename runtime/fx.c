/* fx: the requantize primitive (docs/numerics.md section 1): one place where
 * values are rounded (trn, rnd, rnd_conv, stochastic) and overflow is
 * handled (sat, wrap), counting the events. */
#include "fx.h"

#include <math.h>

static fx_wide pow2(int n) { return (fx_wide)1 << n; }

/* floor(r / 2^s) for s > 0, without relying on >> of negative values. */
static fx_wide floor_shift(fx_wide r, int s)
{
    fx_wide d = pow2(s);
    fx_wide q = r / d;              /* truncates toward zero */
    if (r % d != 0 && r < 0)
        q -= 1;
    return q;
}

static fx_wide round_shift(fx_wide r, int s, enum fx_round mode, uint32_t rnd)
{
    fx_wide q;
    switch (mode) {
    case FX_TRN:
        return floor_shift(r, s);
    case FX_RND:
        return floor_shift(r + pow2(s - 1), s);
    case FX_RND_CONV: {
        q = floor_shift(r, s);
        fx_wide rem = r - q * pow2(s);
        fx_wide half = pow2(s - 1);
        if (rem > half || (rem == half && (q & 1) != 0))
            q += 1;
        return q;
    }
    case FX_STOCHASTIC:
    default: {
        fx_wide u = s <= 32 ? (fx_wide)(rnd >> (32 - s)) : (fx_wide)rnd * pow2(s - 32);
        return floor_shift(r + u, s);
    }
    }
}

int64_t fx_requant_wide(fx_wide r, int f_in, struct fx_format fmt, uint32_t rnd,
                        struct fx_counts *cnt)
{
    int s = f_in - fx_frac(fmt);
    fx_wide q = s <= 0 ? r * pow2(-s) : round_shift(r, s, fmt.round, rnd);
    fx_wide lo = fx_min(fmt), hi = fx_max(fmt);
    if (q >= lo && q <= hi)
        return (int64_t)q;
    if (fmt.ovf == FX_SAT) {
        if (cnt)
            cnt->sat++;
        return (int64_t)(q < lo ? lo : hi);
    }
    if (cnt)
        cnt->wrap++;
    fx_wide m = pow2(fmt.width);
    fx_wide w = q % m;              /* in (-m, m) */
    if (w < 0)
        w += m;
    if (w > hi)
        w -= m;
    return (int64_t)w;
}

int64_t fx_requant(int64_t r, int f_in, struct fx_format fmt, uint32_t rnd,
                   struct fx_counts *cnt)
{
    return fx_requant_wide((fx_wide)r, f_in, fmt, rnd, cnt);
}

int64_t fx_from_double(double x, struct fx_format fmt, struct fx_counts *cnt)
{
    double v = nearbyint(ldexp(x, fx_frac(fmt)));   /* half to even */
    if (v > 0x1p62)
        v = 0x1p62;
    if (v < -0x1p62)
        v = -0x1p62;
    struct fx_format exact = fmt;
    return fx_requant((int64_t)v, fx_frac(fmt), exact, 0, cnt);
}

double fx_to_double(int64_t raw, struct fx_format fmt)
{
    return ldexp((double)raw, -fx_frac(fmt));
}

uint32_t fx_const24(double x)
{
    double v = nearbyint(ldexp(x, 24));
    if (v < 0)
        return 0;
    if (v > 4294967295.0)
        return 4294967295u;
    return (uint32_t)v;
}

double fx_const24_error(double x)
{
    if (x == 0)
        return 0;
    return fabs(ldexp((double)fx_const24(x), -24) - x) / fabs(x);
}
