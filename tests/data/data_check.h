/* data_check: the few assertion helpers the data-layer tests share. Each
 * test counts its failures in a struct and returns non-zero if any. */
#ifndef DATA_CHECK_H
#define DATA_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "data.h"

struct check {
    int failures;
};

#define CHECK(c, cond)                                                                  \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            (c)->failures++;                                                            \
        }                                                                               \
    } while (0)

#define CHECK_INT(c, got, want)                                                         \
    do {                                                                                \
        long long g_ = (long long)(got), w_ = (long long)(want);                        \
        if (g_ != w_) {                                                                 \
            fprintf(stderr, "%s:%d: %s = %lld, expected %lld\n", __FILE__, __LINE__,    \
                    #got, g_, w_);                                                      \
            (c)->failures++;                                                            \
        }                                                                               \
    } while (0)

/* rc must be -1 and err->msg exactly the formatted text. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 5, 6)))
#endif
static inline void check_err(struct check *c, int line, int rc, const struct data_err *err,
                             const char *fmt, ...)
{
    char want[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(want, sizeof want, fmt, ap);
    va_end(ap);
    if (rc != -1) {
        fprintf(stderr, "line %d: call succeeded (rc %d), expected error: %s\n", line, rc, want);
        c->failures++;
    } else if (strcmp(err->msg, want) != 0) {
        fprintf(stderr, "line %d: wrong message\n  got:      %s\n  expected: %s\n", line,
                err->msg, want);
        c->failures++;
    }
}

/* rc must be -1 and err->msg start with the formatted text. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 5, 6)))
#endif
static inline void check_err_prefix(struct check *c, int line, int rc,
                                    const struct data_err *err, const char *fmt, ...)
{
    char want[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(want, sizeof want, fmt, ap);
    va_end(ap);
    if (rc != -1 || strncmp(err->msg, want, strlen(want)) != 0) {
        fprintf(stderr, "line %d: rc %d, message '%s' does not start with '%s'\n", line, rc,
                err->msg, want);
        c->failures++;
    }
}

static inline int check_ok(struct check *c, int line, int rc, const struct data_err *err)
{
    if (rc != 0) {
        fprintf(stderr, "line %d: unexpected error: %s\n", line, err->msg);
        c->failures++;
    }
    return rc == 0;
}

static inline int check_done(const struct check *c, const char *name)
{
    if (c->failures)
        fprintf(stderr, "%s: %d failure(s)\n", name, c->failures);
    else
        printf("%s: ok\n", name);
    return c->failures ? 1 : 0;
}

#endif
