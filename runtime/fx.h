/* fx: fixed-point formats and the one requantize primitive of
 * docs/numerics.md section 1 (rounding trn/rnd/rnd_conv/stochastic,
 * overflow sat/wrap, event counters). */
#ifndef MLPGEN_FX_H
#define MLPGEN_FX_H

#include <stdint.h>

enum fx_round { FX_TRN, FX_RND, FX_RND_CONV, FX_STOCHASTIC };
enum fx_overflow { FX_SAT, FX_WRAP };

/* fixed<width,int_bits,round,ovf>: raw signed width-bit integer r,
 * value r * 2^-(width - int_bits). */
struct fx_format {
    int width;
    int int_bits;
    enum fx_round round;
    enum fx_overflow ovf;
};

/* Events of one tensor (docs/numerics.md section 9). */
struct fx_counts {
    uint64_t sat;       /* saturations that changed a value */
    uint64_t wrap;      /* wraps that changed a value */
    uint64_t zero;      /* updates rounded to zero */
};

/* Exact intermediates of the update reach ~80 bits (numerics.md 7). */
__extension__ typedef __int128 fx_wide;

static inline int fx_frac(struct fx_format f) { return f.width - f.int_bits; }
static inline int64_t fx_max(struct fx_format f) { return ((int64_t)1 << (f.width - 1)) - 1; }
static inline int64_t fx_min(struct fx_format f) { return -((int64_t)1 << (f.width - 1)); }

/* Requantize exact raw r (f_in fractional bits, |r| < 2^62) into fmt.
 * rnd is the hash word R, used only when fmt.round is FX_STOCHASTIC.
 * cnt (may be NULL) counts saturations and wraps. */
int64_t fx_requant(int64_t r, int f_in, struct fx_format fmt, uint32_t rnd,
                   struct fx_counts *cnt);
/* The same for a 128-bit exact value (|r| < 2^126). */
int64_t fx_requant_wide(fx_wide r, int f_in, struct fx_format fmt, uint32_t rnd,
                        struct fx_counts *cnt);

/* Round a double into fmt with round-half-even and fmt's overflow mode
 * (host inputs, targets, initial weights, table entries). */
int64_t fx_from_double(double x, struct fx_format fmt, struct fx_counts *cnt);
double fx_to_double(int64_t raw, struct fx_format fmt);
/* Unsigned constant with 24 fractional bits: round(x * 2^24). */
uint32_t fx_const24(double x);
/* Relative error of that representation (the compiler warns above 1 %). */
double fx_const24_error(double x);

#endif
