/* lut: the lookup tables of the table activations (sigmoid, tanh, elu) and
 * of softmax's exp (docs/numerics.md section 4). The compiler computes them
 * once with lut_build and ships the integers to both the C and the Verilog,
 * so libm differences never reach the bits. */
#ifndef MLPGEN_LUT_H
#define MLPGEN_LUT_H

#include <stdint.h>
#include "fx.h"

enum lut_fn {
    LUT_SIGMOID, LUT_SIGMOID_D,   /* sigma(beta x), beta sigma (1 - sigma) */
    LUT_TANH, LUT_TANH_D,         /* tanh x, 1 - tanh^2 x */
    LUT_ELU, LUT_ELU_D,           /* alpha (e^x - 1), alpha e^x (x <= 0 side) */
    LUT_EXP                       /* e^x, x <= 0, for softmax */
};

/* A table: 2^addr_bits entries; entry n stands for x_n = (n - off) * 2^-q;
 * its values are raw in format out. */
struct lut_table {
    int addr_bits;
    int q;
    int off;
    struct fx_format out;
    const int32_t *data;          /* 2^addr_bits entries; NULL: no table */
};

/* Choose addr_bits, q, off and the output format of table fn with
 * parameter param (beta or alpha) for inputs in format act (the table of
 * numerics.md section 4). data is left NULL. Returns 0, or -1 for an
 * unsupported combination. */
int lut_plan(enum lut_fn fn, double param, struct fx_format act, struct lut_table *t);
/* Fill data[0 .. 2^t->addr_bits - 1]. Returns the number of entries that
 * saturated. Uses only + - * / exp tanh, then round half to even. */
int lut_build(enum lut_fn fn, double param, const struct lut_table *t, int32_t *data);
/* Address of raw z with f_z fractional bits (nearest point, clamped). */
int lut_addr(const struct lut_table *t, int64_t z, int f_z);
static inline int64_t lut_lookup(const struct lut_table *t, int64_t z, int f_z)
{
    return t->data[lut_addr(t, z, f_z)];
}
/* The derivative format D of numerics.md section 4 for max |f'| = maxd. */
struct fx_format lut_deriv_format(double maxd);

#endif
