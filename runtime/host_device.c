/* host_device: opening the training devices a host can use, and moving
 * their tensors in and out as .npy files (host_save, host_load). Every device is
 * a struct mlp_device (net.h); the generated main.c lists the kinds it was
 * built with in a table of struct host_device_kind: the reference, a board
 * over a serial line (hw_device_open around the serial transport), and
 * with Verilator the simulated core (in main.c, which links it). */
#define _POSIX_C_SOURCE 200809L
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "npy.h"

#include "hw_core.h"
#include "ref_train.h"
#include "transport_serial.h"

int host_open_reference(const struct host_model *m, const char *arg, struct mlp_device *dev,
                        char *err, size_t err_len)
{
    (void)arg;
    const char *why = ref_unsupported(m->net);
    if (why) {
        snprintf(err, err_len, "the reference cannot train network '%s': %s", m->net->name,
                 why);
        return -1;
    }
    struct ref_trainer *r = ref_new(m->net);
    if (!r) {
        snprintf(err, err_len, "out of memory for the reference trainer");
        return -1;
    }
    *dev = ref_device(r);
    return 0;
}

int host_open_board(const struct host_model *m, const char *arg, struct mlp_device *dev,
                    char *err, size_t err_len)
{
    if (!m->layout) {
        snprintf(err, err_len, "network '%s' has no generated core", m->net->name);
        return -1;
    }
    if (!arg || !*arg) {
        snprintf(err, err_len, "give the serial port: --device board:/dev/ttyUSB1[@BAUD]");
        return -1;
    }
    char port[512];
    snprintf(port, sizeof port, "%s", arg);
    int baud = 115200;
    char *at = strrchr(port, '@');
    if (at) {
        char *end;
        long b = strtol(at + 1, &end, 10);
        if (*end || b < 1 || b > 3000000) {
            snprintf(err, err_len, "bad baud rate in '%s'", arg);
            return -1;
        }
        baud = (int)b;
        *at = '\0';
    }
    struct hw_transport tr;
    if (serial_transport_open(port, baud, 5.0, &tr, err, err_len) != 0)
        return -1;
    if (hw_device_open(m->net, m->layout, tr, dev) != 0) {
        tr.ops->close(tr.ctx);
        snprintf(err, err_len, "out of memory for the core driver");
        return -1;
    }
    return 0;
}

/* One tensor of the device as it appears in a weights directory. */
struct host_tensor {
    int layer, id;
    const char *what;              /* "weights", "biases", "momentum_w", "momentum_b" */
    struct fx_format fmt;
    struct npy_shape shape;
    size_t n;
    char name[64], file[96], real_file[96];
};

/* The tensors of net in order; returns how many (at most 4 per layer). */
static int host_tensors(const struct mlp_net *net, struct host_tensor *t)
{
    int n = 0;
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        for (int k = 0; k < 4; k++) {
            int bias = k == 1 || k == 3;
            if (bias && !ly->bias)
                continue;
            if (k >= 2 && net->hyper.momentum_q == 0)
                continue;
            static const int ids[4] = {MLP_T_WEIGHTS, MLP_T_BIASES, MLP_T_MOM_W, MLP_T_MOM_B};
            static const char *const what[4] = {"weights", "biases", "momentum_w", "momentum_b"};
            struct host_tensor *h = &t[n++];
            h->layer = l;
            h->id = ids[k];
            h->what = what[k];
            h->fmt = k >= 2 ? net->state : net->weights;
            h->shape.ndim = bias ? 1 : 2;
            h->shape.dim[0] = ly->n_out;
            h->shape.dim[1] = bias ? 1 : ly->n_in;
            h->n = (size_t)ly->n_out * (bias ? 1u : (size_t)ly->n_in);
            snprintf(h->name, sizeof h->name, "layer%d.%s", l, what[k]);
            snprintf(h->file, sizeof h->file, "layer%d_%s.npy", l, what[k]);
            snprintf(h->real_file, sizeof h->real_file, "layer%d_%s_real.npy", l, what[k]);
        }
    }
    return n;
}

static char *host_join(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, file);
    return p;
}

/* Writes every tensor and the manifest into the existing directory dir
 * (each file through atomic_file, the manifest last). */
static int host_save_in(const struct mlp_net *net, struct mlp_device *dev, const char *dir,
                        char *err, size_t err_len)
{
    int cap = 4 * (net->n_layers > 0 ? net->n_layers : 1);
    struct host_tensor *t = calloc((size_t)cap, sizeof *t);
    struct npy_manifest_entry *e = calloc((size_t)(2 * cap), sizeof *e);
    if (!t || !e) {
        free(t);
        free(e);
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    int n = host_tensors(net, t), n_e = 0, rc = 0;
    struct npy_err ne;
    for (int i = 0; i < n && rc == 0; i++) {
        int32_t *buf = malloc(t[i].n * sizeof *buf);
        char *raw = host_join(dir, t[i].file), *real = host_join(dir, t[i].real_file);
        enum npy_dtype dt = npy_dtype_for_width(t[i].fmt.width);
        if (!buf || !raw || !real) {
            snprintf(err, err_len, "out of memory");
            rc = -1;
        } else if (dev->ops->read_tensor(dev->ctx, t[i].layer, t[i].id, buf, t[i].n) != 0) {
            snprintf(err, err_len, "cannot read layer %d %s from the device", t[i].layer,
                     t[i].what);
            rc = -1;
        } else if (npy_write_raw32(raw, dt, t[i].shape, buf, &ne) != 0 ||
                   npy_write_real32(real, t[i].shape, buf, fx_frac(t[i].fmt), &ne) != 0) {
            snprintf(err, err_len, "%s", ne.msg);
            rc = -1;
        } else {
            e[n_e++] = (struct npy_manifest_entry){t[i].name, t[i].file, dt, t[i].shape,
                                                   t[i].fmt.width, fx_frac(t[i].fmt)};
            e[n_e++] = (struct npy_manifest_entry){NULL, t[i].real_file, NPY_F8, t[i].shape, 0,
                                                   -1};
        }
        free(buf);
        free(raw);
        free(real);
    }
    /* names of the real entries: "<name>.real", kept alive in one block */
    char (*real_names)[80] = rc == 0 ? calloc((size_t)cap, sizeof *real_names) : NULL;
    if (rc == 0 && !real_names) {
        snprintf(err, err_len, "out of memory");
        rc = -1;
    }
    if (rc == 0) {
        for (int i = 0; i < n; i++) {
            snprintf(real_names[i], sizeof real_names[i], "%s.real", t[i].name);
            e[2 * i + 1].name = real_names[i];
        }
        char *man = host_join(dir, "manifest.json");
        if (!man || npy_manifest_write(man, net->name, e, n_e, &ne) != 0) {
            snprintf(err, err_len, "%s", man ? ne.msg : "out of memory");
            rc = -1;
        }
        free(man);
    }
    free(real_names);
    free(t);
    free(e);
    return rc;
}

/* Removes what host_save_in may have written into dir, then dir. */
static void host_save_cleanup(const struct mlp_net *net, const char *dir)
{
    int cap = 4 * (net->n_layers > 0 ? net->n_layers : 1);
    struct host_tensor *t = calloc((size_t)cap, sizeof *t);
    int n = t ? host_tensors(net, t) : 0;
    for (int i = 0; i < n; i++) {
        char *a = host_join(dir, t[i].file), *b = host_join(dir, t[i].real_file);
        if (a)
            remove(a);
        if (b)
            remove(b);
        free(a);
        free(b);
    }
    char *man = host_join(dir, "manifest.json");
    if (man)
        remove(man);
    free(man);
    free(t);
    rmdir(dir);
}

int host_save_check(const char *dir, char *err, size_t err_len)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        snprintf(err, err_len, "%s: exists and is not a directory", dir);
        return -1;
    }
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    while (len > 0 && dir[len - 1] != '/')
        len--;
    char *parent = malloc(len + 2);
    if (!parent) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    while (len > 1 && dir[len - 1] == '/')
        len--;
    if (len == 0)
        snprintf(parent, 2, ".");
    else
        snprintf(parent, len + 1, "%s", dir);
    int rc = 0;
    if (stat(parent, &st) != 0) {
        snprintf(err, err_len, "%s: cannot create the directory: %s: %s", dir, parent,
                 strerror(errno));
        rc = -1;
    } else if (!S_ISDIR(st.st_mode)) {
        snprintf(err, err_len, "%s: cannot create the directory: %s is not a directory", dir,
                 parent);
        rc = -1;
    }
    free(parent);
    return rc;
}

int host_save(const struct mlp_net *net, struct mlp_device *dev, const char *dir, char *err,
              size_t err_len)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            snprintf(err, err_len, "%s: exists and is not a directory", dir);
            return -1;
        }
        return host_save_in(net, dev, dir, err, err_len);
    }
    /* a new directory appears whole: written as a sibling, then renamed */
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    char *tmp = malloc(len + 48);
    if (!tmp) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    snprintf(tmp, len + 48, "%.*s.tmp-%ld", (int)len, dir, (long)getpid());
    if (mkdir(tmp, 0777) != 0) {
        snprintf(err, err_len, "%s: cannot create the directory: %s", dir, strerror(errno));
        free(tmp);
        return -1;
    }
    int rc = host_save_in(net, dev, tmp, err, err_len);
    if (rc == 0 && rename(tmp, dir) != 0) {
        snprintf(err, err_len, "%s: cannot create the directory: %s", dir, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        host_save_cleanup(net, tmp);
    free(tmp);
    return rc;
}

int host_load(const struct mlp_net *net, struct mlp_device *dev, const char *dir, char *err,
              size_t err_len)
{
    int cap = 4 * (net->n_layers > 0 ? net->n_layers : 1);
    struct host_tensor *t = calloc((size_t)cap, sizeof *t);
    int32_t **bufs = calloc((size_t)cap, sizeof *bufs);
    char *man = host_join(dir, "manifest.json");
    struct npy_manifest mf;
    memset(&mf, 0, sizeof mf);
    struct npy_err ne;
    int rc = 0, n = 0;
    if (!t || !bufs || !man) {
        snprintf(err, err_len, "out of memory");
        rc = -1;
    } else if (npy_manifest_read(man, &mf, &ne) != 0) {
        snprintf(err, err_len, "%s", ne.msg);
        rc = -1;
    } else if (strcmp(mf.network, net->name) != 0) {
        snprintf(err, err_len, "%s: tensors of network '%s', not of '%s'", man, mf.network,
                 net->name);
        rc = -1;
    } else {
        n = host_tensors(net, t);
    }
    for (int i = 0; i < n && rc == 0; i++) {
        const struct npy_manifest_tensor *mt = npy_manifest_find(&mf, t[i].name);
        enum npy_dtype dt = npy_dtype_for_width(t[i].fmt.width);
        int want_dim1 = t[i].shape.ndim == 2 ? 1 : 0;
        if (!mt) {
            snprintf(err, err_len, "%s: no tensor '%s' (network '%s' has it)", man, t[i].name,
                     net->name);
            rc = -1;
        } else if (mt->dtype != dt || mt->shape.ndim != t[i].shape.ndim ||
                   mt->shape.dim[0] != t[i].shape.dim[0] ||
                   (want_dim1 && mt->shape.dim[1] != t[i].shape.dim[1]) ||
                   mt->width != t[i].fmt.width || mt->frac_bits != fx_frac(t[i].fmt)) {
            char shape[64];
            if (want_dim1)
                snprintf(shape, sizeof shape, "(%lld, %lld)", (long long)t[i].shape.dim[0],
                         (long long)t[i].shape.dim[1]);
            else
                snprintf(shape, sizeof shape, "(%lld,)", (long long)t[i].shape.dim[0]);
            snprintf(err, err_len, "%s: tensor '%s' is not %s of shape %s, width %d, %d "
                                   "fraction bits, as network '%s' needs",
                     man, t[i].name, npy_dtype_descr(dt), shape, t[i].fmt.width,
                     fx_frac(t[i].fmt), net->name);
            rc = -1;
        } else {
            char *path = host_join(dir, mt->file);
            bufs[i] = malloc(t[i].n * sizeof **bufs);
            if (!path || !bufs[i]) {
                snprintf(err, err_len, "out of memory");
                rc = -1;
            } else if (npy_read_raw32(path, dt, t[i].shape, t[i].fmt.width, bufs[i], &ne) != 0) {
                snprintf(err, err_len, "%s", ne.msg);
                rc = -1;
            }
            free(path);
        }
    }
    /* everything checked: only now does the device change */
    for (int i = 0; i < n && rc == 0; i++)
        if (dev->ops->write_tensor(dev->ctx, t[i].layer, t[i].id, bufs[i], t[i].n) != 0) {
            snprintf(err, err_len, "cannot write layer %d %s into the device", t[i].layer,
                     t[i].what);
            rc = -1;
        }
    if (bufs)
        for (int i = 0; i < cap; i++)
            free(bufs[i]);
    free(bufs);
    free(t);
    free(man);
    npy_manifest_free(&mf);
    return rc;
}
