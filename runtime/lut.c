/* lut: plans and fills the activation and exp lookup tables of
 * docs/numerics.md section 4, and computes a table address. The tables are
 * computed once (by the compiler) and shipped as integers. */
#include "lut.h"

#include <math.h>

struct fx_format lut_deriv_format(double maxd)
{
    int i = 2;
    while (i < 16 && !(maxd < ldexp(1.0, i - 1)))
        i++;
    struct fx_format d = { 16, i, FX_RND_CONV, FX_SAT };
    return d;
}

/* Largest q with 2^q <= x (x > 0). */
static int floor_log2(double x)
{
    int q = 0;
    while (ldexp(1.0, q + 1) <= x && q < 60)
        q++;
    while (ldexp(1.0, q) > x && q > -60)
        q--;
    return q;
}

int lut_plan(enum lut_fn fn, double param, struct fx_format act, struct lut_table *t)
{
    struct fx_format value = { act.width, act.int_bits, FX_RND_CONV, FX_SAT };
    t->addr_bits = 10;
    t->data = 0;
    switch (fn) {
    case LUT_SIGMOID:
    case LUT_SIGMOID_D:
        if (!(param > 0))
            return -1;
        t->q = floor_log2(64.0 * param);
        t->off = 512;
        t->out = fn == LUT_SIGMOID ? value : lut_deriv_format(param / 4.0);
        return 0;
    case LUT_TANH:
    case LUT_TANH_D:
        t->q = 7;
        t->off = 512;
        t->out = fn == LUT_TANH ? value : lut_deriv_format(1.0);
        return 0;
    case LUT_ELU:
    case LUT_ELU_D:
        if (!(param > 0))
            return -1;
        t->q = 7;
        t->off = 1023;
        t->out = fn == LUT_ELU ? value : lut_deriv_format(param);
        return 0;
    case LUT_EXP: {
        struct fx_format e = { 18, 2, FX_RND_CONV, FX_SAT };
        t->q = 6;
        t->off = 1023;
        t->out = e;
        return 0;
    }
    }
    return -1;
}

static double lut_fn_value(enum lut_fn fn, double p, double x)
{
    double s;
    switch (fn) {
    case LUT_SIGMOID:
        return 1.0 / (1.0 + exp(-p * x));
    case LUT_SIGMOID_D:
        s = 1.0 / (1.0 + exp(-p * x));
        return p * s * (1.0 - s);
    case LUT_TANH:
        return tanh(x);
    case LUT_TANH_D:
        s = tanh(x);
        return 1.0 - s * s;
    case LUT_ELU:
        return p * (exp(x) - 1.0);
    case LUT_ELU_D:
        return p * exp(x);
    case LUT_EXP:
        return exp(x);
    }
    return 0;
}

int lut_build(enum lut_fn fn, double param, const struct lut_table *t, int32_t *data)
{
    int n_entries = 1 << t->addr_bits;
    struct fx_counts c = { 0, 0, 0 };
    for (int n = 0; n < n_entries; n++) {
        double x = ldexp((double)(n - t->off), -t->q);
        data[n] = (int32_t)fx_from_double(lut_fn_value(fn, param, x), t->out, &c);
    }
    return (int)(c.sat + c.wrap);
}

int lut_addr(const struct lut_table *t, int64_t z, int f_z)
{
    int s = f_z - t->q;
    fx_wide n;
    if (s > 0) {
        fx_wide v = (fx_wide)z + ((fx_wide)1 << (s - 1));
        fx_wide d = (fx_wide)1 << s;
        n = v / d;
        if (v % d != 0 && v < 0)
            n -= 1;
    } else {
        n = (fx_wide)z * ((fx_wide)1 << (s < -60 ? 60 : -s));
    }
    n += t->off;
    fx_wide last = ((fx_wide)1 << t->addr_bits) - 1;
    if (n < 0)
        n = 0;
    if (n > last)
        n = last;
    return (int)n;
}
