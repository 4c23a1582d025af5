/* data_set: the data set type's lifetime (free, subset) and the error
 * helpers every data_*.c reader shares. */
#include "data.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int data_err_set(struct data_err *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

const char *data_quote(char *buf, size_t size, const char *text, size_t len)
{
    if (len < size) {
        memcpy(buf, text, len);
        buf[len] = '\0';
    } else {
        memcpy(buf, text, size - 4);
        memcpy(buf + size - 4, "...", 4);
    }
    return buf;
}

const char *data_strip_path(const char *msg, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        return msg + n + 2;
    return msg;
}

void data_set_free(struct data_set *set)
{
    if (!set)
        return;
    free(set->x);
    free(set->y);
    memset(set, 0, sizeof *set);
}

int data_subset(const struct data_set *src, const int *idx, int count,
                struct data_set *out, struct data_err *err)
{
    memset(out, 0, sizeof *out);
    if (count < 0 || src->dim < 1)
        return data_err_set(err, "data_subset: bad size (count %d, dim %d)", count, src->dim);
    size_t dim = (size_t)src->dim;
    out->x = malloc(((size_t)count ? (size_t)count : 1) * dim * sizeof *out->x);
    out->y = malloc(((size_t)count ? (size_t)count : 1) * sizeof *out->y);
    if (!out->x || !out->y) {
        data_set_free(out);
        return data_err_set(err, "data_subset: out of memory (%d samples of %d)", count, src->dim);
    }
    for (int k = 0; k < count; k++) {
        int i = idx[k];
        if (i < 0 || i >= src->n) {
            data_set_free(out);
            return data_err_set(err, "data_subset: index %d out of range (0..%d)", i, src->n - 1);
        }
        memcpy(out->x + (size_t)k * dim, src->x + (size_t)i * dim, dim * sizeof *out->x);
        out->y[k] = src->y[i];
    }
    out->n = count;
    out->dim = src->dim;
    out->n_classes = src->n_classes;
    return 0;
}
