/* check: the one assertion macro of the numerics and reference tests;
 * prints the failing expression with both values and counts failures. */
#ifndef MLPGEN_TEST_CHECK_H
#define MLPGEN_TEST_CHECK_H

#include <stdio.h>

#define CHECK_EQ(fails, got, want)                                                  \
    do {                                                                            \
        long long g_ = (long long)(got), w_ = (long long)(want);                    \
        if (g_ != w_) {                                                             \
            fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__,    \
                    #got, g_, w_);                                                  \
            (fails)++;                                                              \
        }                                                                           \
    } while (0)

#endif
