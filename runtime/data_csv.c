/* data_csv: the CSV reader for scikit-learn's data files (iris.csv,
 * digits.csv.gz), plain or gzip. One sample per line: the features as
 * decimal numbers, then the integer label in the last column. Lines and
 * fields are counted from 1 in messages (file:line: field F: ...). */
#include "data.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define CSV_MAX_LINE (1 << 24)
#define CSV_MAX_FIELDS 1000000

struct csv_reader {
    const char *path;
    gzFile gz;
    char *line;     /* the current line, without its line end */
    size_t cap;
    int lineno;
    char **field;   /* start of each field in line (NUL-terminated in place) */
    size_t *flen;
    int nfield, field_cap;
    char rbuf[1 << 16]; /* read buffer: rbuf[rpos .. rlen-1] not yet used */
    size_t rpos, rlen;
};

/* Refills the read buffer; returns the number of bytes now in it (0 at the
 * end of the file) or -1 on an error. */
static int csv_fill(struct csv_reader *r, struct data_err *err)
{
    int got = gzread(r->gz, r->rbuf, (unsigned)sizeof r->rbuf);
    if (got <= 0) {
        int errnum = 0;
        const char *msg = gzerror(r->gz, &errnum);
        if (errnum == Z_BUF_ERROR) /* a gzip file cut short */
            return data_err_set(err, "%s:%d: truncated (the compressed stream ends early)",
                                r->path, r->lineno + 1);
        if (errnum != Z_OK || got < 0)
            return data_err_set(err, "%s:%d: read error: %s", r->path, r->lineno + 1,
                                errnum == Z_ERRNO ? strerror(errno)
                                                  : data_strip_path(msg, r->path));
        got = 0;
    }
    r->rpos = 0;
    r->rlen = (size_t)got;
    return got;
}

/* Reads the next line into r->line (NUL-terminated, line end removed).
 * Returns 1 for a line, 0 at the end of the file, -1 on an error. A NUL
 * byte is an error: it would cut the line short unseen. */
static int csv_getline(struct csv_reader *r, struct data_err *err)
{
    size_t len = 0;
    int any = 0;
    for (;;) {
        if (r->rpos == r->rlen) {
            int got = csv_fill(r, err);
            if (got < 0)
                return -1;
            if (got == 0) {
                if (!any)
                    return 0;
                break;
            }
        }
        any = 1;
        char ch = r->rbuf[r->rpos++];
        if (ch == '\n')
            break;
        if (ch == '\0')
            return data_err_set(err, "%s:%d: NUL byte at column %zu", r->path, r->lineno + 1,
                                len + 1);
        if (len + 1 >= r->cap) {
            if (r->cap >= CSV_MAX_LINE)
                return data_err_set(err, "%s:%d: line longer than %d bytes", r->path,
                                    r->lineno + 1, CSV_MAX_LINE);
            size_t ncap = r->cap ? r->cap * 2 : 4096;
            char *p = realloc(r->line, ncap);
            if (!p)
                return data_err_set(err, "%s: out of memory", r->path);
            r->line = p;
            r->cap = ncap;
        }
        r->line[len++] = ch;
    }
    r->lineno++;
    if (len > 0 && r->line[len - 1] == '\r')
        len--;
    if (!r->line) {
        r->line = malloc(1);
        if (!r->line)
            return data_err_set(err, "%s: out of memory", r->path);
        r->cap = 1;
    }
    r->line[len] = '\0';
    return 1;
}

static int csv_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/* Splits r->line at commas, trimming spaces and tabs around each field. */
static int csv_split(struct csv_reader *r, struct data_err *err)
{
    r->nfield = 0;
    char *p = r->line;
    for (;;) {
        if (r->nfield == r->field_cap) {
            if (r->field_cap >= CSV_MAX_FIELDS)
                return data_err_set(err, "%s:%d: more than %d fields", r->path, r->lineno,
                                    CSV_MAX_FIELDS);
            int ncap = r->field_cap ? r->field_cap * 2 : 128;
            char **f = realloc(r->field, (size_t)ncap * sizeof *f);
            if (f)
                r->field = f;
            size_t *l = realloc(r->flen, (size_t)ncap * sizeof *l);
            if (l)
                r->flen = l;
            if (!f || !l)
                return data_err_set(err, "%s: out of memory", r->path);
            r->field_cap = ncap;
        }
        char *end = strchr(p, ',');
        char *stop = end ? end : p + strlen(p);
        while (p < stop && (*p == ' ' || *p == '\t'))
            p++;
        char *e = stop;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        *e = '\0';
        r->field[r->nfield] = p;
        r->flen[r->nfield] = (size_t)(e - p);
        r->nfield++;
        if (!end)
            return 0;
        p = end + 1;
    }
}

/* decimal = [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? */
static int csv_is_decimal(const char *s)
{
    int digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    while (isdigit((unsigned char)*s))
        s++, digits++;
    if (*s == '.')
        for (s++; isdigit((unsigned char)*s); s++)
            digits++;
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return 0;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

/* Does s start with word, ignoring case? (word is lower case) */
static int csv_starts_ci(const char *s, const char *word)
{
    for (; *word; s++, word++)
        if (tolower((unsigned char)*s) != *word)
            return 0;
    return 1;
}

/* The spellings strtod would take for a NaN or an infinity. */
static int csv_is_nonfinite(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    return csv_starts_ci(s, "nan") || (csv_starts_ci(s, "inf") && s[3] == '\0') ||
           (csv_starts_ci(s, "infinity") && s[8] == '\0');
}

static int csv_is_integer(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

static int csv_field_err(const struct csv_reader *r, int f, const char *what,
                         struct data_err *err)
{
    char q[48];
    if (r->flen[f] == 0)
        return data_err_set(err, "%s:%d: field %d: empty", r->path, r->lineno, f + 1);
    return data_err_set(err, "%s:%d: field %d: '%s' %s", r->path, r->lineno, f + 1,
                        data_quote(q, sizeof q, r->field[f], r->flen[f]), what);
}

/* Feature field f as the nearest float (strtof, C locale). */
static int csv_number(const struct csv_reader *r, int f, float *v, struct data_err *err)
{
    const char *s = r->field[f];
    if (!csv_is_decimal(s))
        return csv_field_err(r, f,
                             csv_is_nonfinite(s) ? "is not a finite number" : "is not a number",
                             err);
    errno = 0;
    float x = strtof(s, NULL);
    if (errno == ERANGE && fabsf(x) > 1.0f)
        return csv_field_err(r, f, "is out of range for a float", err);
    *v = x;
    return 0;
}

/* Label field f: a decimal integer in 0 .. n_classes-1. */
static int csv_label(const struct csv_reader *r, int f, int n_classes, int *y,
                     struct data_err *err)
{
    const char *s = r->field[f];
    char q[48];
    if (r->flen[f] == 0)
        return csv_field_err(r, f, "", err);
    data_quote(q, sizeof q, s, r->flen[f]);
    if (!csv_is_integer(s))
        return data_err_set(err, "%s:%d: field %d: label '%s' is not an integer", r->path,
                            r->lineno, f + 1, q);
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno == ERANGE || v < 0 || v >= n_classes)
        return data_err_set(err, "%s:%d: field %d: label '%s' out of range (expected 0..%d)",
                            r->path, r->lineno, f + 1, q, n_classes - 1);
    *y = (int)v;
    return 0;
}

/* A positive count in a header field. */
static int csv_count(const struct csv_reader *r, int f, const char *what, int *v,
                     struct data_err *err)
{
    const char *s = r->field[f];
    long x = 0;
    if (csv_is_integer(s) && s[0] != '-' && s[0] != '+') {
        errno = 0;
        x = strtol(s, NULL, 10);
        if (errno == ERANGE || x > INT_MAX)
            x = 0;
    }
    if (x < 1) {
        char msg[96];
        snprintf(msg, sizeof msg, "is not %s (header: n_samples,n_features,class names)", what);
        return csv_field_err(r, f, msg, err);
    }
    *v = (int)x;
    return 0;
}

static int csv_header(struct csv_reader *r, const struct data_csv_opts *opts, int *n_samples,
                      int *n_features, int *n_classes, struct data_err *err)
{
    int got;
    do {
        if ((got = csv_getline(r, err)) < 0)
            return -1;
    } while (got && csv_blank(r->line));
    if (!got)
        return data_err_set(err, "%s: empty file (expected the header n_samples,n_features,class names)",
                            r->path);
    if (csv_split(r, err))
        return -1;
    if (r->nfield < 3)
        return data_err_set(err, "%s:%d: header has %d field%s (expected n_samples,n_features,class names)",
                            r->path, r->lineno, r->nfield, r->nfield == 1 ? "" : "s");
    if (csv_count(r, 0, "a sample count", n_samples, err) ||
        csv_count(r, 1, "a feature count", n_features, err))
        return -1;
    for (int f = 2; f < r->nfield; f++)
        if (r->flen[f] == 0)
            return data_err_set(err, "%s:%d: field %d: empty class name", r->path, r->lineno, f + 1);
    *n_classes = r->nfield - 2;
    if (opts->n_features > 0 && opts->n_features != *n_features)
        return data_err_set(err, "%s:%d: header says %d features, expected %d", r->path,
                            r->lineno, *n_features, opts->n_features);
    if (opts->n_classes > 0 && opts->n_classes != *n_classes)
        return data_err_set(err, "%s:%d: header names %d classes, expected %d", r->path,
                            r->lineno, *n_classes, opts->n_classes);
    return 0;
}

static int csv_grow(struct data_set *s, int *cap, const char *path, struct data_err *err)
{
    if (s->n < *cap)
        return 0;
    if (*cap > INT_MAX / 2)
        return data_err_set(err, "%s: too many samples", path);
    int ncap = *cap ? *cap * 2 : 256;
    float *x = realloc(s->x, (size_t)ncap * (size_t)s->dim * sizeof *x);
    if (x)
        s->x = x;
    int *y = realloc(s->y, (size_t)ncap * sizeof *y);
    if (y)
        s->y = y;
    if (!x || !y)
        return data_err_set(err, "%s: out of memory", path);
    *cap = ncap;
    return 0;
}

static int csv_rows(struct csv_reader *r, struct data_set *out, struct data_err *err)
{
    int cap = 0, nf = out->dim + 1;
    for (;;) {
        int got = csv_getline(r, err);
        if (got <= 0)
            return got;
        if (csv_blank(r->line))
            continue;
        if (csv_split(r, err))
            return -1;
        if (r->nfield != nf)
            return data_err_set(err, "%s:%d: field %d: %s (expected %d fields, got %d)", r->path,
                                r->lineno, r->nfield < nf ? r->nfield + 1 : nf + 1,
                                r->nfield < nf ? "missing" : "unexpected", nf, r->nfield);
        if (csv_grow(out, &cap, r->path, err))
            return -1;
        float *x = out->x + (size_t)out->n * (size_t)out->dim;
        for (int f = 0; f < out->dim; f++)
            if (csv_number(r, f, &x[f], err))
                return -1;
        if (csv_label(r, out->dim, out->n_classes, &out->y[out->n], err))
            return -1;
        out->n++;
    }
}

int data_csv_load(const char *path, const struct data_csv_opts *opts, struct data_set *out,
                  struct data_err *err)
{
    memset(out, 0, sizeof *out);
    struct csv_reader r;
    memset(&r, 0, sizeof r);
    r.path = path;
    int rc = -1, n_samples = -1;
    if (opts->header == DATA_CSV_NONE && (opts->n_features < 1 || opts->n_classes < 1))
        return data_err_set(err, "%s: without a header, n_features and n_classes must be given",
                            path);
    errno = 0;
    r.gz = gzopen(path, "rb");
    if (!r.gz)
        return data_err_set(err, "%s: cannot open: %s", path, errno ? strerror(errno) : "out of memory");
    gzbuffer(r.gz, 1u << 17);
    out->dim = opts->n_features;
    out->n_classes = opts->n_classes;
    if (opts->header == DATA_CSV_SKLEARN &&
        csv_header(&r, opts, &n_samples, &out->dim, &out->n_classes, err))
        goto done;
    if (csv_rows(&r, out, err))
        goto done;
    if (out->n == 0) {
        data_err_set(err, "%s: no samples", path);
        goto done;
    }
    if (n_samples >= 0 && n_samples != out->n) {
        data_err_set(err, "%s: header says %d samples, file has %d", path, n_samples, out->n);
        goto done;
    }
    rc = 0;
done:
    gzclose(r.gz);
    free(r.line);
    free(r.field);
    free(r.flen);
    if (rc)
        data_set_free(out);
    return rc;
}
