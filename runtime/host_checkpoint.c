/* host_checkpoint: the run's whole state in one file (host_checkpoint.h). */
#include "host_checkpoint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"

#define HOST_CKPT_MAGIC "MLPGCKP1"
#define HOST_CKPT_MAX_BYTES ((size_t)1 << 31)

const int host_ckpt_counted[HOST_CKPT_COUNTED] = {MLP_T_Z, MLP_T_A, MLP_T_DELTA, MLP_T_G,
                                                  MLP_T_WEIGHTS, MLP_T_BIASES, MLP_T_MOM_W,
                                                  MLP_T_MOM_B};

/* ---- hashing ---- */

static uint64_t host_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static const uint64_t host_fnv_basis = 0xcbf29ce484222325ull;

/* Integers are hashed as 8 little-endian bytes, so the hash does not
 * depend on the host's int sizes or byte order. */
static uint64_t host_fnv_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return host_fnv(h, b, 8);
}

static uint64_t host_fnv_fmt(uint64_t h, struct fx_format f)
{
    h = host_fnv_u64(h, (uint64_t)f.width);
    h = host_fnv_u64(h, (uint64_t)(int64_t)f.int_bits);
    h = host_fnv_u64(h, (uint64_t)f.round);
    return host_fnv_u64(h, (uint64_t)f.ovf);
}

static uint64_t host_fnv_lut(uint64_t h, const struct lut_table *t)
{
    h = host_fnv_u64(h, (uint64_t)(int64_t)t->addr_bits);
    h = host_fnv_u64(h, (uint64_t)(int64_t)t->q);
    h = host_fnv_u64(h, (uint64_t)(int64_t)t->off);
    h = host_fnv_fmt(h, t->out);
    h = host_fnv_u64(h, t->data ? 1u : 0u);
    if (t->data && t->addr_bits > 0 && t->addr_bits < 31)
        for (size_t i = 0; i < ((size_t)1 << t->addr_bits); i++)
            h = host_fnv_u64(h, (uint64_t)(uint32_t)t->data[i]);
    return h;
}

uint64_t host_net_fingerprint(const struct mlp_net *net)
{
    uint64_t h = host_fnv_basis;
    const char *name = net->name ? net->name : "";
    h = host_fnv(h, name, strlen(name) + 1);
    h = host_fnv_u64(h, (uint64_t)net->n_layers);
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        h = host_fnv_u64(h, (uint64_t)ly->n_in);
        h = host_fnv_u64(h, (uint64_t)ly->n_out);
        h = host_fnv_u64(h, (uint64_t)ly->act);
        h = host_fnv_u64(h, ly->alpha_q);
        h = host_fnv_u64(h, (uint64_t)ly->bias);
        h = host_fnv_lut(h, &ly->f);
        h = host_fnv_lut(h, &ly->df);
    }
    h = host_fnv_u64(h, (uint64_t)net->loss);
    h = host_fnv_u64(h, (uint64_t)net->optim);
    h = host_fnv_u64(h, net->hyper.lr_q);
    h = host_fnv_u64(h, net->hyper.momentum_q);
    h = host_fnv_u64(h, net->hyper.weight_decay_q);
    h = host_fnv_u64(h, (uint64_t)net->hyper.nesterov);
    h = host_fnv_fmt(h, net->weights);
    h = host_fnv_fmt(h, net->activations);
    h = host_fnv_fmt(h, net->gradients);
    h = host_fnv_fmt(h, net->state);
    h = host_fnv_u64(h, (uint64_t)net->acc_auto);
    h = host_fnv_fmt(h, net->acc);
    h = host_fnv_u64(h, (uint64_t)net->batch);
    return host_fnv_u64(h, net->seed);
}

void host_net_describe(const struct mlp_net *net, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int l = 0; l < net->n_layers && at < len; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        int k = l == 0 ? snprintf(buf + at, len - at, "%d-%d", ly->n_in, ly->n_out)
                       : snprintf(buf + at, len - at, "-%d", ly->n_out);
        at += k > 0 ? (size_t)k : 0;
    }
    if (at < len)
        snprintf(buf + at, len - at,
                 ", batch %d, weights fixed<%d,%d>, activations fixed<%d,%d>, gradients "
                 "fixed<%d,%d>, state fixed<%d,%d>",
                 net->batch, net->weights.width, net->weights.int_bits, net->activations.width,
                 net->activations.int_bits, net->gradients.width, net->gradients.int_bits,
                 net->state.width, net->state.int_bits);
}

uint64_t host_samples_hash(int n, int n_in, int n_out, const int32_t *x, const int32_t *t)
{
    uint64_t h = host_fnv_u64(host_fnv_basis, (uint64_t)n);
    h = host_fnv_u64(h, (uint64_t)n_in);
    h = host_fnv_u64(h, (uint64_t)n_out);
    for (size_t i = 0; i < (size_t)n * (size_t)n_in; i++)
        h = host_fnv_u64(h, (uint64_t)(uint32_t)x[i]);
    for (size_t i = 0; i < (size_t)n * (size_t)n_out; i++)
        h = host_fnv_u64(h, (uint64_t)(uint32_t)t[i]);
    return h;
}

/* ---- the tensors of a net ---- */

/* Words of layer l's tensor k (0 weights, 1 biases, 2 momentum_w,
 * 3 momentum_b); 0 when the layer has no such tensor. */
static size_t host_ckpt_words(const struct mlp_layer *ly, int k)
{
    int bias = k == 1 || k == 3;
    if (bias && !ly->bias)
        return 0;
    return (size_t)ly->n_out * (bias ? 1u : (size_t)ly->n_in);
}

static const int host_ckpt_ids[4] = {MLP_T_WEIGHTS, MLP_T_BIASES, MLP_T_MOM_W, MLP_T_MOM_B};
static const char *const host_ckpt_what[4] = {"weights", "biases", "momentum_w", "momentum_b"};

static size_t host_ckpt_total(const struct mlp_net *net)
{
    size_t n = 0;
    for (int l = 0; l < net->n_layers; l++)
        for (int k = 0; k < 4; k++)
            n += host_ckpt_words(&net->layers[l], k);
    return n;
}

void host_ckpt_free(struct host_ckpt *ck)
{
    free(ck->counts);
    free(ck->tensors);
    ck->counts = NULL;
    ck->tensors = NULL;
}

static int host_ckpt_alloc(const struct mlp_net *net, struct host_ckpt *ck)
{
    ck->n_layers = net->n_layers;
    ck->n_tensor_words = host_ckpt_total(net);
    ck->counts = calloc((size_t)net->n_layers * HOST_CKPT_COUNTED, sizeof *ck->counts);
    ck->tensors = calloc(ck->n_tensor_words ? ck->n_tensor_words : 1, sizeof *ck->tensors);
    if (!ck->counts || !ck->tensors) {
        host_ckpt_free(ck);
        return -1;
    }
    return 0;
}

int host_ckpt_capture(const struct mlp_net *net, struct mlp_device *dev, struct host_ckpt *ck,
                      char *err, size_t err_len)
{
    ck->fingerprint = host_net_fingerprint(net);
    snprintf(ck->network, sizeof ck->network, "%s", net->name ? net->name : "");
    host_net_describe(net, ck->shape, sizeof ck->shape);
    if (host_ckpt_alloc(net, ck) != 0) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    size_t at = 0;
    for (int l = 0; l < net->n_layers; l++)
        for (int k = 0; k < 4; k++) {
            size_t n = host_ckpt_words(&net->layers[l], k);
            if (n && dev->ops->read_tensor(dev->ctx, l, host_ckpt_ids[k], ck->tensors + at, n)) {
                snprintf(err, err_len, "cannot read layer %d %s from the device", l,
                         host_ckpt_what[k]);
                host_ckpt_free(ck);
                return -1;
            }
            at += n;
        }
    if (dev->ops->read_clocks(dev->ctx, &ck->updates, &ck->samples)) {
        snprintf(err, err_len, "cannot read the clocks of the device");
        host_ckpt_free(ck);
        return -1;
    }
    return 0;
}

int host_ckpt_restore(const struct mlp_net *net, struct mlp_device *dev,
                      const struct host_ckpt *ck, char *err, size_t err_len)
{
    size_t at = 0;
    for (int l = 0; l < net->n_layers; l++)
        for (int k = 0; k < 4; k++) {
            size_t n = host_ckpt_words(&net->layers[l], k);
            if (n && dev->ops->write_tensor(dev->ctx, l, host_ckpt_ids[k], ck->tensors + at, n)) {
                snprintf(err, err_len, "cannot write layer %d %s into the device", l,
                         host_ckpt_what[k]);
                return -1;
            }
            at += n;
        }
    int32_t clocks[2] = {(int32_t)ck->updates, (int32_t)ck->samples};
    uint32_t u, s;
    if (dev->ops->write_tensor(dev->ctx, 0, MLP_T_CLOCKS, clocks, 2) ||
        dev->ops->read_clocks(dev->ctx, &u, &s) || u != ck->updates || s != ck->samples) {
        snprintf(err, err_len, "the device cannot set its clocks (updates %u, samples %u): it "
                               "cannot resume a run", ck->updates, ck->samples);
        return -1;
    }
    return 0;
}

/* ---- the file ---- */

struct host_buf {
    unsigned char *p;
    size_t n, cap;
    int oom;
};

static void host_put(struct host_buf *b, const void *p, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void host_put_u64(struct host_buf *b, uint64_t v)
{
    unsigned char x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    host_put(b, x, 8);
}

static void host_put_u32(struct host_buf *b, uint32_t v)
{
    unsigned char x[4];
    for (int i = 0; i < 4; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    host_put(b, x, 4);
}

static void host_put_str(struct host_buf *b, const char *s)
{
    size_t n = strlen(s);
    host_put_u32(b, (uint32_t)n);
    host_put(b, s, n);
}

int host_ckpt_write(const char *path, const struct host_ckpt *ck, char *err, size_t err_len)
{
    struct host_buf b = {NULL, 0, 0, 0};
    host_put(&b, HOST_CKPT_MAGIC, 8);
    host_put_u64(&b, ck->fingerprint);
    host_put_str(&b, ck->network);
    host_put_str(&b, ck->shape);
    host_put_u64(&b, ck->seed);
    host_put_u32(&b, (uint32_t)ck->epoch);
    host_put_u32(&b, (uint32_t)ck->next);
    host_put_u32(&b, (uint32_t)ck->n_train);
    host_put_u64(&b, ck->data_hash);
    host_put_u64(&b, ck->batches);
    uint64_t ls;
    memcpy(&ls, &ck->loss_sum, sizeof ls);
    host_put_u64(&b, ls);
    host_put_u32(&b, (uint32_t)ck->right);
    host_put_u64(&b, ck->sat_epoch);
    host_put_u64(&b, ck->wrap_epoch);
    host_put_u32(&b, ck->updates);
    host_put_u32(&b, ck->samples);
    host_put_u32(&b, (uint32_t)ck->n_layers);
    for (size_t i = 0; i < (size_t)ck->n_layers * HOST_CKPT_COUNTED; i++) {
        host_put_u64(&b, ck->counts[i].sat);
        host_put_u64(&b, ck->counts[i].wrap);
        host_put_u64(&b, ck->counts[i].zero);
    }
    host_put_u64(&b, (uint64_t)ck->n_tensor_words);
    for (size_t i = 0; i < ck->n_tensor_words; i++)
        host_put_u32(&b, (uint32_t)ck->tensors[i]);
    uint64_t sum = b.oom ? 0 : host_fnv(host_fnv_basis, b.p, b.n);
    host_put_u64(&b, sum);
    if (b.oom) {
        free(b.p);
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    struct atomic_err ae;
    int rc = atomic_write_all(path, b.p, b.n, &ae);
    free(b.p);
    if (rc != 0) {
        snprintf(err, err_len, "%s", ae.msg);
        return -1;
    }
    return 0;
}

struct host_rd {
    const unsigned char *p;
    size_t n, at;
    int short_read;
};

static uint64_t host_get_u64(struct host_rd *r)
{
    if (r->at + 8 > r->n) {
        r->short_read = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->p[r->at + (size_t)i] << (8 * i);
    r->at += 8;
    return v;
}

static uint32_t host_get_u32(struct host_rd *r)
{
    if (r->at + 4 > r->n) {
        r->short_read = 1;
        return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)r->p[r->at + (size_t)i] << (8 * i);
    r->at += 4;
    return v;
}

static void host_get_str(struct host_rd *r, char *s, size_t cap)
{
    uint32_t n = host_get_u32(r);
    if (r->short_read || n >= cap || r->at + n > r->n) {
        r->short_read = 1;
        s[0] = '\0';
        return;
    }
    memcpy(s, r->p + r->at, n);
    s[n] = '\0';
    r->at += n;
}

int host_ckpt_read(const char *path, const struct mlp_net *net, struct host_ckpt *ck, char *err,
                   size_t err_len)
{
    memset(ck, 0, sizeof *ck);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, err_len, "%s: cannot open the checkpoint: %s", path, strerror(errno));
        return -1;
    }
    unsigned char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 65536;
            unsigned char *q = cap <= HOST_CKPT_MAX_BYTES ? realloc(data, cap) : NULL;
            if (!q) {
                free(data);
                fclose(fp);
                snprintf(err, err_len, "%s: too large or out of memory", path);
                return -1;
            }
            data = q;
        }
        size_t got = fread(data + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int rd_err = ferror(fp);
    fclose(fp);
    int rc = -1;
    struct host_rd r = {data, n, 0, 0};
    char want[192];
    uint64_t fp_want = host_net_fingerprint(net);
    host_net_describe(net, want, sizeof want);
    if (rd_err) {
        snprintf(err, err_len, "%s: read error", path);
    } else if (n < 8 || memcmp(data, HOST_CKPT_MAGIC, 8) != 0) {
        snprintf(err, err_len, "%s: not an mlpgen checkpoint (no %s magic)", path,
                 HOST_CKPT_MAGIC);
    } else if (n < 16 || host_fnv(host_fnv_basis, data, n - 8) !=
                             (r.at = n - 8, host_get_u64(&r))) {
        snprintf(err, err_len, "%s: truncated or damaged checkpoint (checksum mismatch, %zu bytes)",
                 path, n);
    } else {
        r.at = 8;
        r.n = n - 8;
        ck->fingerprint = host_get_u64(&r);
        host_get_str(&r, ck->network, sizeof ck->network);
        host_get_str(&r, ck->shape, sizeof ck->shape);
        const char *name = net->name ? net->name : "";
        if (r.short_read) {
            snprintf(err, err_len, "%s: damaged checkpoint header", path);
        } else if (ck->fingerprint != fp_want) {
            if (strcmp(ck->network, name) != 0 || strcmp(ck->shape, want) != 0)
                snprintf(err, err_len,
                         "%s: checkpoint of network '%s' (%s), not of this network '%s' (%s)",
                         path, ck->network, ck->shape, name, want);
            else
                snprintf(err, err_len,
                         "%s: checkpoint of another build of network '%s' (same shapes and "
                         "formats, other functions, rounding, hyperparameters or seed)",
                         path, name);
        } else {
            ck->seed = host_get_u64(&r);
            ck->epoch = (int)host_get_u32(&r);
            ck->next = (int)host_get_u32(&r);
            ck->n_train = (int)host_get_u32(&r);
            ck->data_hash = host_get_u64(&r);
            ck->batches = host_get_u64(&r);
            uint64_t ls = host_get_u64(&r);
            memcpy(&ck->loss_sum, &ls, sizeof ls);
            ck->right = (int)host_get_u32(&r);
            ck->sat_epoch = host_get_u64(&r);
            ck->wrap_epoch = host_get_u64(&r);
            ck->updates = host_get_u32(&r);
            ck->samples = host_get_u32(&r);
            uint32_t nl = host_get_u32(&r);
            if (r.short_read || nl != (uint32_t)net->n_layers || host_ckpt_alloc(net, ck)) {
                snprintf(err, err_len, "%s: damaged checkpoint (layers)", path);
            } else {
                for (size_t i = 0; i < (size_t)nl * HOST_CKPT_COUNTED; i++) {
                    ck->counts[i].sat = host_get_u64(&r);
                    ck->counts[i].wrap = host_get_u64(&r);
                    ck->counts[i].zero = host_get_u64(&r);
                }
                uint64_t words = host_get_u64(&r);
                if (r.short_read || words != (uint64_t)ck->n_tensor_words) {
                    snprintf(err, err_len, "%s: damaged checkpoint (%llu tensor words, network "
                                           "'%s' has %zu)",
                             path, (unsigned long long)words, name, ck->n_tensor_words);
                } else {
                    for (size_t i = 0; i < ck->n_tensor_words; i++)
                        ck->tensors[i] = (int32_t)host_get_u32(&r);
                    if (r.short_read || r.at != r.n || ck->epoch < 0 || ck->next < 0 ||
                        ck->n_train < 1 || ck->next >= ck->n_train || ck->right < 0)
                        snprintf(err, err_len, "%s: damaged checkpoint (position)", path);
                    else
                        rc = 0;
                }
            }
        }
    }
    free(data);
    if (rc != 0)
        host_ckpt_free(ck);
    return rc;
}
