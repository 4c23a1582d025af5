/* data_idx: the IDX reader (MNIST / Fashion-MNIST files, plain or gzip).
 * An image file is magic 0x00000803, then n, rows, cols as big-endian
 * 32-bit integers, then n*rows*cols unsigned bytes; a label file is magic
 * 0x00000801, then n, then n bytes. Both headers are read and compared
 * before any payload, so a wrong count costs no allocation. */
#include "data.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define IDX_MAGIC_IMAGES 0x00000803u
#define IDX_MAGIC_LABELS 0x00000801u

/* An open file and the reason the last read stopped short, if it did. */
struct idx_file {
    const char *path;
    gzFile gz;
};

static int idx_open(struct idx_file *f, const char *path, struct data_err *err)
{
    f->path = path;
    errno = 0;
    f->gz = gzopen(path, "rb");
    if (!f->gz)
        return data_err_set(err, "%s: cannot open: %s", path,
                            errno ? strerror(errno) : "out of memory");
    gzbuffer(f->gz, 1u << 17);
    return 0;
}

/* Reads up to len bytes into buf; *got receives how many arrived. A stream
 * that ends early (plain or compressed) is a short read, not an error; a
 * corrupt gzip stream is an error. */
static int idx_read(struct idx_file *f, unsigned char *buf, size_t len, size_t *got,
                    struct data_err *err)
{
    *got = 0;
    while (*got < len) {
        size_t want = len - *got;
        if (want > (1u << 30))
            want = 1u << 30;
        int r = gzread(f->gz, buf + *got, (unsigned)want);
        if (r < 0) {
            int errnum = 0;
            const char *msg = gzerror(f->gz, &errnum);
            if (errnum == Z_BUF_ERROR) /* compressed stream cut short */
                return 0;
            return data_err_set(err, "%s: read error: %s", f->path,
                                errnum == Z_ERRNO ? strerror(errno) : data_strip_path(msg, f->path));
        }
        if (r == 0) {
            int errnum = 0;
            const char *msg = gzerror(f->gz, &errnum);
            if (errnum != Z_OK && errnum != Z_BUF_ERROR)
                return data_err_set(err, "%s: read error: %s", f->path, data_strip_path(msg, f->path));
            return 0;
        }
        *got += (size_t)r;
    }
    return 0;
}

static uint32_t idx_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Reads the header: magic, then ndims big-endian sizes into dims. */
static int idx_header(struct idx_file *f, uint32_t magic, const char *what, int ndims,
                      uint32_t *dims, struct data_err *err)
{
    unsigned char h[16];
    size_t want = 4 + 4 * (size_t)ndims, got;
    if (idx_read(f, h, want, &got, err))
        return -1;
    if (got >= 4 && idx_be32(h) != magic)
        return data_err_set(err, "%s: bad magic 0x%08x (expected 0x%08x, %s)", f->path,
                            (unsigned)idx_be32(h), (unsigned)magic, what);
    if (got < want)
        return data_err_set(err, "%s: header: truncated (expected %zu bytes, got %zu)",
                            f->path, want, got);
    for (int k = 0; k < ndims; k++)
        dims[k] = idx_be32(h + 4 + 4 * k);
    return 0;
}

/* Nothing may follow the last record. */
static int idx_check_end(struct idx_file *f, uint32_t n, struct data_err *err)
{
    unsigned char c;
    size_t got;
    if (idx_read(f, &c, 1, &got, err))
        return -1;
    if (got)
        return data_err_set(err, "%s: trailing data after record %u (the header says %u records)",
                            f->path, (unsigned)(n - 1), (unsigned)n);
    return 0;
}

static int idx_truncated(const char *path, size_t record, size_t rec_len, size_t got,
                         struct data_err *err)
{
    return data_err_set(err, "%s: record %zu: truncated (expected %zu byte%s, got %zu)", path,
                        record, rec_len, rec_len == 1 ? "" : "s", got);
}

static int idx_load_labels(struct idx_file *f, uint32_t n, int n_classes, int *y,
                           struct data_err *err)
{
    enum { CHUNK = 1 << 16 };
    unsigned char buf[CHUNK];
    size_t done = 0;
    while (done < n) {
        size_t want = n - done < CHUNK ? n - done : CHUNK, got;
        if (idx_read(f, buf, want, &got, err))
            return -1;
        for (size_t k = 0; k < got; k++) {
            if (buf[k] >= n_classes)
                return data_err_set(err, "%s: record %zu: label %u out of range (expected 0..%d)",
                                    f->path, done + k, (unsigned)buf[k], n_classes - 1);
            y[done + k] = buf[k];
        }
        if (got < want)
            return idx_truncated(f->path, done + got, 1, 0, err);
        done += got;
    }
    return idx_check_end(f, n, err);
}

static int idx_load_images(struct idx_file *f, uint32_t n, size_t dim, float *x,
                           struct data_err *err)
{
    size_t per_chunk = ((size_t)1 << 20) / dim + 1;
    unsigned char *buf = malloc(per_chunk * dim);
    if (!buf)
        return data_err_set(err, "%s: out of memory", f->path);
    size_t done = 0;
    while (done < n) {
        size_t recs = n - done < per_chunk ? n - done : per_chunk, got;
        if (idx_read(f, buf, recs * dim, &got, err)) {
            free(buf);
            return -1;
        }
        float *dst = x + done * dim;
        for (size_t k = 0; k < got; k++)
            dst[k] = (float)buf[k];
        if (got < recs * dim) {
            free(buf);
            return idx_truncated(f->path, done + got / dim, dim, got % dim, err);
        }
        done += recs;
    }
    free(buf);
    return idx_check_end(f, n, err);
}

int data_idx_load(const char *images_path, const char *labels_path, int n_classes,
                  struct data_set *out, struct data_err *err)
{
    memset(out, 0, sizeof *out);
    if (n_classes < 1 || n_classes > 256)
        return data_err_set(err, "%s: n_classes %d out of range (1..256)", labels_path, n_classes);
    struct idx_file img = {images_path, NULL}, lab = {labels_path, NULL};
    uint32_t idims[3] = {0, 0, 0}, ldims[1] = {0};
    int rc = -1;
    if (idx_open(&img, images_path, err) || idx_open(&lab, labels_path, err))
        goto done;
    if (idx_header(&img, IDX_MAGIC_IMAGES, "unsigned-byte images, 3 dimensions", 3, idims, err) ||
        idx_header(&lab, IDX_MAGIC_LABELS, "unsigned-byte labels, 1 dimension", 1, ldims, err))
        goto done;
    if (idims[0] == 0 || idims[1] == 0 || idims[2] == 0) {
        data_err_set(err, "%s: header: empty (%u images of %ux%u)", images_path,
                     (unsigned)idims[0], (unsigned)idims[1], (unsigned)idims[2]);
        goto done;
    }
    if (idims[0] != ldims[0]) {
        data_err_set(err, "%s: %u images but %s: %u labels", images_path, (unsigned)idims[0],
                     labels_path, (unsigned)ldims[0]);
        goto done;
    }
    uint64_t dim = (uint64_t)idims[1] * idims[2];
    if (idims[0] > INT_MAX || dim > INT_MAX || (uint64_t)idims[0] * dim > ((uint64_t)1 << 34)) {
        data_err_set(err, "%s: header: too large (%u images of %ux%u)", images_path,
                     (unsigned)idims[0], (unsigned)idims[1], (unsigned)idims[2]);
        goto done;
    }
    out->y = malloc((size_t)idims[0] * sizeof *out->y);
    out->x = malloc((size_t)idims[0] * (size_t)dim * sizeof *out->x);
    if (!out->x || !out->y) {
        data_err_set(err, "%s: out of memory (%u images of %u bytes)", images_path,
                     (unsigned)idims[0], (unsigned)dim);
        goto done;
    }
    if (idx_load_labels(&lab, ldims[0], n_classes, out->y, err) ||
        idx_load_images(&img, idims[0], (size_t)dim, out->x, err))
        goto done;
    out->n = (int)idims[0];
    out->dim = (int)dim;
    out->n_classes = n_classes;
    rc = 0;
done:
    if (img.gz)
        gzclose(img.gz);
    if (lab.gz)
        gzclose(lab.gz);
    if (rc)
        data_set_free(out);
    return rc;
}
