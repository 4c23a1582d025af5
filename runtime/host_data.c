/* host_data: from data files to device-ready samples. Picks the reader
 * (IDX or CSV, with or without scikit-learn's header), applies `normalize`
 * in double, rounds into the activation format, and turns labels into the
 * targets the loss expects (one-hot, the label, or +-1). */
#include "host.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ref_train.h"

enum host_target_kind host_target_kind(const struct mlp_net *net)
{
    const struct mlp_layer *last = &net->layers[net->n_layers - 1];
    if (last->act == MLP_SOFTMAX)
        return HOST_T_ONE_HOT;
    if (net->loss == MLP_HINGE)
        return HOST_T_SIGN;
    if (last->n_out > 1)
        return HOST_T_ONE_HOT;
    return HOST_T_LABEL;
}

int host_predict(const struct mlp_net *net, const int32_t *out)
{
    const struct mlp_layer *last = &net->layers[net->n_layers - 1];
    switch (host_target_kind(net)) {
    case HOST_T_ONE_HOT: {
        int k = 0;
        for (int j = 1; j < last->n_out; j++)
            if (out[j] > out[k])
                k = j;
        return k;
    }
    case HOST_T_SIGN:
        return out[0] > 0 ? 1 : 0;
    case HOST_T_LABEL:
        break;
    }
    double v = floor(fx_to_double(out[0], net->activations) + 0.5);
    return v < 0 ? 0 : v > 1e9 ? 1000000000 : (int)v;
}

/* Classes a headerless file or an IDX labels file may hold for this net. */
static int host_classes(const struct mlp_net *net)
{
    const struct mlp_layer *last = &net->layers[net->n_layers - 1];
    return host_target_kind(net) == HOST_T_ONE_HOT ? last->n_out : 2;
}

/* An IDX file by its name: "ubyte" or "idx" and a digit (MNIST's names). */
static int host_is_idx_name(const char *base)
{
    if (strstr(base, "ubyte"))
        return 1;
    for (const char *p = strstr(base, "idx"); p; p = strstr(p + 1, "idx"))
        if (p[3] >= '0' && p[3] <= '9')
            return 1;
    return 0;
}

/* The labels file of an IDX images file: the last "images" of the base name
 * becomes "labels" and an "idx3" after it "idx1". NULL if there is none. */
static char *host_idx_labels_path(const char *images)
{
    const char *base = strrchr(images, '/');
    base = base ? base + 1 : images;
    const char *at = NULL;
    for (const char *p = strstr(base, "images"); p; p = strstr(p + 1, "images"))
        at = p;
    if (!at)
        return NULL;
    char *s = malloc(strlen(images) + 1);
    if (!s)
        return NULL;
    strcpy(s, images);
    size_t off = (size_t)(at - images);
    memcpy(s + off, "labels", 6);
    char *idx3 = strstr(s + off, "idx3");
    if (idx3)
        idx3[3] = '1';
    return s;
}

/* 1 if the first line of path is not a data line of n_in features plus a
 * label (a different field count or a field that is not a number): then
 * it is taken for scikit-learn's header. 0 otherwise, -1 if unreadable. */
static int host_csv_has_header(const char *path, int n_in)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return -1;
    char line[4096];
    char *got = gzgets(gz, line, (int)sizeof line);
    gzclose(gz);
    if (!got)
        return -1;
    int fields = 0, non_number = 0;
    char *p = line;
    for (;;) {
        char *end = p;
        while (*end && *end != ',' && *end != '\n' && *end != '\r')
            end++;
        char save = *end;
        *end = '\0';
        char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        char *num_end;
        (void)strtod(q, &num_end);
        while (*num_end == ' ' || *num_end == '\t')
            num_end++;
        if (num_end == q || *num_end)
            non_number = 1;
        fields++;
        if (save != ',')
            break;
        p = end + 1;
    }
    return fields != n_in + 1 || non_number;
}

int host_load_file(const struct host_model *m, const char *path, struct data_set *out,
                   struct data_err *err)
{
    const struct mlp_net *net = m->net;
    int n_in = net->layers[0].n_in;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int rc;
    if (host_is_idx_name(base)) {
        char *labels = host_idx_labels_path(path);
        if (!labels)
            return data_err_set(err, "%s: an IDX images file needs 'images' in its name "
                                     "(its labels file has 'labels' there)", path);
        rc = data_idx_load(path, labels, host_classes(net), out, err);
        free(labels);
    } else {
        int header = host_csv_has_header(path, n_in);
        if (header < 0)
            return data_err_set(err, "%s: cannot open or empty", path);
        struct data_csv_opts co = {DATA_CSV_NONE, n_in, host_classes(net)};
        if (header)
            co = (struct data_csv_opts){DATA_CSV_SKLEARN, 0, 0};
        rc = data_csv_load(path, &co, out, err);
    }
    if (rc != 0)
        return -1;
    if (out->dim != n_in) {
        data_err_set(err, "%s: %d features per sample, but network '%s' has %d inputs", path,
                     out->dim, net->name, n_in);
        data_set_free(out);
        return -1;
    }
    int max_classes = host_target_kind(net) == HOST_T_LABEL && net->loss == MLP_MSE
                          ? 1 << 30 : host_classes(net);
    if (out->n_classes > max_classes) {
        data_err_set(err, "%s: %d classes, but network '%s' tells at most %d apart", path,
                     out->n_classes, net->name, max_classes);
        data_set_free(out);
        return -1;
    }
    return 0;
}

int host_builtin_xor(struct data_set *out, struct data_err *err)
{
    memset(out, 0, sizeof *out);
    out->x = malloc(8 * sizeof *out->x);
    out->y = malloc(4 * sizeof *out->y);
    if (!out->x || !out->y) {
        data_set_free(out);
        return data_err_set(err, "out of memory");
    }
    out->n = 4;
    out->dim = 2;
    out->n_classes = 2;
    for (int p = 0; p < 4; p++) {
        int a = p >> 1, b = p & 1;   /* (0,0) (0,1) (1,0) (1,1), as in xor.csv */
        out->x[2 * p] = (float)a;
        out->x[2 * p + 1] = (float)b;
        out->y[p] = a ^ b;
    }
    return 0;
}

void host_samples_free(struct host_samples *s)
{
    free(s->x);
    free(s->t);
    free(s->label);
    memset(s, 0, sizeof *s);
}

int host_make_samples(const struct mlp_net *net, const struct data_norm *norm,
                      const struct data_set *set, struct host_samples *s,
                      struct data_err *err)
{
    memset(s, 0, sizeof *s);
    int n_in = net->layers[0].n_in, n_out = net->layers[net->n_layers - 1].n_out;
    size_t n = (size_t)set->n;
    s->x = malloc(n * (size_t)n_in * sizeof *s->x);
    s->t = malloc(n * (size_t)n_out * sizeof *s->t);
    s->label = malloc(n * sizeof *s->label);
    double *row = malloc((size_t)n_in * sizeof *row);
    if (!s->x || !s->t || !s->label || !row) {
        free(row);
        host_samples_free(s);
        return data_err_set(err, "out of memory for %zu samples", n);
    }
    s->n = set->n;
    s->n_in = n_in;
    s->n_out = n_out;
    enum host_target_kind tk = host_target_kind(net);
    int32_t one = ref_quantize(net, 1.0);
    for (size_t k = 0; k < n; k++) {
        data_norm_row(norm, set->x + k * (size_t)n_in, row);
        for (int i = 0; i < n_in; i++)
            s->x[k * (size_t)n_in + (size_t)i] = ref_quantize(net, row[i]);
        int y = set->y[k];
        int32_t *t = s->t + k * (size_t)n_out;
        s->label[k] = y;
        switch (tk) {
        case HOST_T_ONE_HOT:
            for (int j = 0; j < n_out; j++)
                t[j] = j == y ? one : 0;
            break;
        case HOST_T_SIGN:
            t[0] = y == 1 ? one : -one;
            break;
        case HOST_T_LABEL:
            t[0] = ref_quantize(net, (double)y);
            break;
        }
    }
    free(row);
    return 0;
}
