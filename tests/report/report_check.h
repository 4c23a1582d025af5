/* report_check: the few helpers the tests of the report pieces share (npy,
 * atomic_file, plot_svg, log_csv, progress): a failure counter, checks that
 * print where they failed, and small file helpers. Each test is one
 * program; it exits 1 when any check failed, 77 when it must be skipped. */
#ifndef MLPGEN_REPORT_CHECK_H
#define MLPGEN_REPORT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check {
    int failed, passed;
};

#define CHECK(c, cond)                                                          \
    do {                                                                        \
        if (cond) {                                                             \
            (c)->passed++;                                                      \
        } else {                                                                \
            (c)->failed++;                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                       \
    } while (0)

/* got must equal want exactly. */
#define CHECK_STR(c, got, want)                                                 \
    do {                                                                        \
        const char *g_ = (got), *w_ = (want);                                   \
        if (strcmp(g_, w_) == 0) {                                              \
            (c)->passed++;                                                      \
        } else {                                                                \
            (c)->failed++;                                                      \
            fprintf(stderr, "%s:%d: got\n  [%s]\nwant\n  [%s]\n", __FILE__, __LINE__, g_, w_); \
        }                                                                       \
    } while (0)

static inline int check_done(const struct check *c, const char *name)
{
    printf("%s: %d passed, %d failed\n", name, c->passed, c->failed);
    return c->failed ? 1 : 0;
}

/* Writes n bytes to path (plain stdio: the tests craft files this way). */
static inline void check_write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
        perror(path);
        exit(2);
    }
}

/* The whole file as a NUL-terminated malloc'ed string (*n = its length), or
 * NULL when it cannot be read. */
static inline char *check_read_file(const char *path, size_t *n)
{
    if (n)
        *n = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len + 1 >= cap)
            buf = realloc(buf, cap *= 2);
        size_t k = fread(buf + len, 1, cap - len - 1, f);
        if (k == 0)
            break;
        len += k;
    }
    fclose(f);
    buf[len] = '\0';
    if (n)
        *n = len;
    return buf;
}

/* Number of non-overlapping occurrences of needle in hay. */
static inline int check_count(const char *hay, const char *needle)
{
    int n = 0;
    size_t k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

#endif
