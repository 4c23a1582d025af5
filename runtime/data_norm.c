/* data_norm: the `normalize` statement of net.desc, fitted on the training
 * split and applied to any sample in double: none, scale factor=F (x * F),
 * standardize ((x - mean) / std per feature, population std, 0 -> 1).
 * Also its text form, stored beside a model. */
#include "data.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void data_norm_free(struct data_norm *norm)
{
    if (!norm)
        return;
    free(norm->mean);
    free(norm->std);
    memset(norm, 0, sizeof *norm);
}

static int data_norm_alloc(struct data_norm *norm, int dim, struct data_err *err)
{
    norm->mean = calloc((size_t)dim, sizeof *norm->mean);
    norm->std = calloc((size_t)dim, sizeof *norm->std);
    if (!norm->mean || !norm->std) {
        data_norm_free(norm);
        return data_err_set(err, "normalize: out of memory");
    }
    return 0;
}

int data_norm_fit(struct data_norm *norm, enum data_norm_kind kind, double factor, int dim,
                  const struct data_set *train, struct data_err *err)
{
    memset(norm, 0, sizeof *norm);
    if (dim < 1)
        return data_err_set(err, "normalize: dimension %d must be >= 1", dim);
    norm->kind = kind;
    norm->dim = dim;
    norm->factor = 1.0;
    switch (kind) {
    case DATA_NORM_NONE:
        return 0;
    case DATA_NORM_SCALE:
        if (!isfinite(factor) || !(factor > 0))
            return data_err_set(err, "normalize: scale factor %g must be finite and > 0", factor);
        norm->factor = factor;
        return 0;
    case DATA_NORM_STANDARDIZE:
        break;
    default:
        return data_err_set(err, "normalize: unknown kind %d", (int)kind);
    }
    if (!train || train->n < 1)
        return data_err_set(err, "normalize: standardize needs a non-empty training split");
    if (train->dim != dim)
        return data_err_set(err, "normalize: training split has %d features, expected %d",
                            train->dim, dim);
    if (data_norm_alloc(norm, dim, err))
        return -1;
    size_t d = (size_t)dim;
    for (int i = 0; i < train->n; i++)
        for (size_t j = 0; j < d; j++)
            norm->mean[j] += (double)train->x[(size_t)i * d + j];
    for (size_t j = 0; j < d; j++)
        norm->mean[j] /= train->n;
    for (int i = 0; i < train->n; i++)
        for (size_t j = 0; j < d; j++) {
            double e = (double)train->x[(size_t)i * d + j] - norm->mean[j];
            norm->std[j] += e * e;
        }
    for (size_t j = 0; j < d; j++) {
        norm->std[j] = sqrt(norm->std[j] / train->n);
        if (norm->std[j] == 0)
            norm->std[j] = 1;
    }
    return 0;
}

void data_norm_row(const struct data_norm *norm, const float *raw, double *out)
{
    int d = norm->dim;
    switch (norm->kind) {
    case DATA_NORM_SCALE:
        for (int j = 0; j < d; j++)
            out[j] = (double)raw[j] * norm->factor;
        break;
    case DATA_NORM_STANDARDIZE:
        for (int j = 0; j < d; j++)
            out[j] = ((double)raw[j] - norm->mean[j]) / norm->std[j];
        break;
    default:
        for (int j = 0; j < d; j++)
            out[j] = (double)raw[j];
        break;
    }
}

/* Text form, one item per line:
 *   normalize none dim=D
 *   normalize scale dim=D factor=F
 *   normalize standardize dim=D
 *   mean M1 ... MD
 *   std S1 ... SD
 * numbers printed with %.17g, which reads back to the same double. */
int data_norm_save(const struct data_norm *norm, const char *path, struct data_err *err)
{
    if (norm->kind != DATA_NORM_NONE && norm->kind != DATA_NORM_SCALE &&
        norm->kind != DATA_NORM_STANDARDIZE)
        return data_err_set(err, "%s: unknown normalize kind %d", path, (int)norm->kind);
    FILE *f = fopen(path, "w");
    if (!f)
        return data_err_set(err, "%s: cannot create: %s", path, strerror(errno));
    static const char *const names[] = {"none", "scale", "standardize"};
    fprintf(f, "normalize %s dim=%d", names[norm->kind], norm->dim);
    if (norm->kind == DATA_NORM_SCALE)
        fprintf(f, " factor=%.17g", norm->factor);
    fputc('\n', f);
    if (norm->kind == DATA_NORM_STANDARDIZE) {
        fputs("mean", f);
        for (int j = 0; j < norm->dim; j++)
            fprintf(f, " %.17g", norm->mean[j]);
        fputs("\nstd", f);
        for (int j = 0; j < norm->dim; j++)
            fprintf(f, " %.17g", norm->std[j]);
        fputc('\n', f);
    }
    int bad = ferror(f);
    if (fclose(f) || bad)
        return data_err_set(err, "%s: write error", path);
    return 0;
}

static int data_norm_read_vec(FILE *f, const char *path, const char *word, double *v, int dim,
                              int positive, struct data_err *err)
{
    char got[16];
    if (fscanf(f, " %15s", got) != 1 || strcmp(got, word) != 0)
        return data_err_set(err, "%s: expected the '%s' line", path, word);
    for (int j = 0; j < dim; j++) {
        if (fscanf(f, "%lf", &v[j]) != 1 || !isfinite(v[j]) || (positive && !(v[j] > 0)))
            return data_err_set(err, "%s: %s: value %d missing or invalid", path, word, j + 1);
    }
    return 0;
}

int data_norm_load(struct data_norm *norm, const char *path, struct data_err *err)
{
    memset(norm, 0, sizeof *norm);
    FILE *f = fopen(path, "r");
    if (!f)
        return data_err_set(err, "%s: cannot open: %s", path, strerror(errno));
    char kind[16];
    int dim = 0, rc = -1;
    if (fscanf(f, "normalize %15s dim=%d", kind, &dim) != 2 || dim < 1) {
        data_err_set(err, "%s: expected 'normalize KIND dim=D'", path);
        goto done;
    }
    norm->dim = dim;
    norm->factor = 1.0;
    if (strcmp(kind, "none") == 0) {
        norm->kind = DATA_NORM_NONE;
    } else if (strcmp(kind, "scale") == 0) {
        norm->kind = DATA_NORM_SCALE;
        if (fscanf(f, " factor=%lf", &norm->factor) != 1 || !isfinite(norm->factor) ||
            !(norm->factor > 0)) {
            data_err_set(err, "%s: scale: factor missing or invalid", path);
            goto done;
        }
    } else if (strcmp(kind, "standardize") == 0) {
        norm->kind = DATA_NORM_STANDARDIZE;
        if (data_norm_alloc(norm, dim, err) ||
            data_norm_read_vec(f, path, "mean", norm->mean, dim, 0, err) ||
            data_norm_read_vec(f, path, "std", norm->std, dim, 1, err))
            goto done;
    } else {
        data_err_set(err, "%s: unknown normalize kind '%s'", path, kind);
        goto done;
    }
    rc = 0;
done:
    fclose(f);
    if (rc)
        data_norm_free(norm);
    return rc;
}
