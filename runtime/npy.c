/* npy: numpy .npy version 1.0 writer and validating reader, and the tensor
 * manifest (see npy.h). Format reference: numpy.lib.format — magic
 * "\x93NUMPY", version bytes 1 0, little-endian uint16 header length, then
 * an ASCII Python dict literal padded with spaces and ended by '\n' so the
 * data starts at a multiple of 64 bytes. */
#define _POSIX_C_SOURCE 200809L

#include "npy.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
#define NPY_PREFIX_LEN 10 /* magic, 2 version bytes, 2 length bytes */
#define NPY_ALIGN 64
#define NPY_MAX_DATA_BYTES ((int64_t)1 << 40)

static void npy_fail(struct npy_err *err, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

const char *npy_dtype_descr(enum npy_dtype dtype)
{
    switch (dtype) {
    case NPY_I2: return "<i2";
    case NPY_I4: return "<i4";
    case NPY_I8: return "<i8";
    case NPY_F8: return "<f8";
    }
    return "?";
}

size_t npy_dtype_size(enum npy_dtype dtype)
{
    switch (dtype) {
    case NPY_I2: return 2;
    case NPY_I4: return 4;
    case NPY_I8: return 8;
    case NPY_F8: return 8;
    }
    return 0;
}

/* "(3,)" or "(3, 4)", as numpy prints shapes. */
static void npy_shape_str(char *buf, size_t len, struct npy_shape s)
{
    if (s.ndim == 1)
        snprintf(buf, len, "(%" PRId64 ",)", s.dim[0]);
    else if (s.ndim == 2)
        snprintf(buf, len, "(%" PRId64 ", %" PRId64 ")", s.dim[0], s.dim[1]);
    else
        snprintf(buf, len, "(ndim %d)", s.ndim);
}

static int64_t npy_count(struct npy_shape s)
{
    return s.ndim == 1 ? s.dim[0] : s.dim[0] * s.dim[1];
}

/* Dimensions are non-negative and the data is at most NPY_MAX_DATA_BYTES. */
static int npy_shape_ok(struct npy_shape s, size_t item)
{
    if (s.ndim != 1 && s.ndim != 2)
        return 0;
    int64_t limit = NPY_MAX_DATA_BYTES / (int64_t)item;
    int64_t n = 1;
    for (int k = 0; k < s.ndim; k++) {
        if (s.dim[k] < 0)
            return 0;
        if (s.dim[k] > 0 && n > limit / s.dim[k])
            return 0;
        n *= s.dim[k];
    }
    return 1;
}

static int npy_shape_eq(struct npy_shape a, struct npy_shape b)
{
    if (a.ndim != b.ndim)
        return 0;
    for (int k = 0; k < a.ndim; k++)
        if (a.dim[k] != b.dim[k])
            return 0;
    return 1;
}

/* ---- item encoding: native value <-> little-endian bytes ---- */

static uint64_t npy_item_bits(enum npy_dtype dtype, const void *data, size_t i)
{
    switch (dtype) {
    case NPY_I2: return (uint64_t)(uint16_t)((const int16_t *)data)[i];
    case NPY_I4: return (uint64_t)(uint32_t)((const int32_t *)data)[i];
    case NPY_I8: return (uint64_t)((const int64_t *)data)[i];
    case NPY_F8: {
        uint64_t u;
        memcpy(&u, (const double *)data + i, sizeof u);
        return u;
    }
    }
    return 0;
}

static void npy_item_store(enum npy_dtype dtype, void *data, size_t i, uint64_t u)
{
    switch (dtype) {
    case NPY_I2: ((int16_t *)data)[i] = (int16_t)(uint16_t)u; break;
    case NPY_I4: ((int32_t *)data)[i] = (int32_t)(uint32_t)u; break;
    case NPY_I8: ((int64_t *)data)[i] = (int64_t)u; break;
    case NPY_F8: memcpy((double *)data + i, &u, sizeof u); break;
    }
}

/* ---- writer ---- */

int npy_write(const char *path, enum npy_dtype dtype, struct npy_shape shape,
              const void *data, struct npy_err *err)
{
    size_t item = npy_dtype_size(dtype);
    if (item == 0) {
        npy_fail(err, "%s: unknown dtype %d", path, (int)dtype);
        return -1;
    }
    if (!npy_shape_ok(shape, item)) {
        char s[64];
        npy_shape_str(s, sizeof s, shape);
        npy_fail(err, "%s: cannot write shape %s (1 or 2 non-negative dimensions)", path, s);
        return -1;
    }
    char dict[160];
    char s[64];
    npy_shape_str(s, sizeof s, shape);
    int dl = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                      npy_dtype_descr(dtype), s);
    /* header = dict, spaces, '\n'; prefix + header is a multiple of 64. */
    size_t total = NPY_PREFIX_LEN + (size_t)dl + 1;
    total = (total + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
    size_t hlen = total - NPY_PREFIX_LEN;
    unsigned char head[256];
    memcpy(head, NPY_MAGIC, NPY_MAGIC_LEN);
    head[6] = 1;
    head[7] = 0;
    head[8] = (unsigned char)(hlen & 0xff);
    head[9] = (unsigned char)(hlen >> 8);
    memcpy(head + NPY_PREFIX_LEN, dict, (size_t)dl);
    memset(head + NPY_PREFIX_LEN + dl, ' ', hlen - (size_t)dl - 1);
    head[total - 1] = '\n';

    struct atomic_file af;
    struct atomic_err aerr;
    if (atomic_open(&af, path, &aerr)) {
        npy_fail(err, "%s", aerr.msg);
        return -1;
    }
    fwrite(head, 1, total, af.fp);
    size_t n = (size_t)npy_count(shape);
    unsigned char chunk[4096];
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t u = npy_item_bits(dtype, data, i);
        for (size_t b = 0; b < item; b++)
            chunk[used++] = (unsigned char)(u >> (8 * b));
        if (used + 8 > sizeof chunk) {
            fwrite(chunk, 1, used, af.fp);
            used = 0;
        }
    }
    fwrite(chunk, 1, used, af.fp);
    if (atomic_commit(&af, &aerr)) { /* reports any earlier fwrite error too */
        npy_fail(err, "%s", aerr.msg);
        return -1;
    }
    return 0;
}

/* ---- header parser: the Python dict literal numpy writes ---- */

struct npy_header {
    enum npy_dtype dtype;
    struct npy_shape shape;
    int64_t data_offset;
};

struct npy_lex {
    const char *p, *end;
    const char *path;
    struct npy_err *err;
};

static void npy_skip_space(struct npy_lex *lx)
{
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r'))
        lx->p++;
}

static int npy_accept(struct npy_lex *lx, char c)
{
    npy_skip_space(lx);
    if (lx->p < lx->end && *lx->p == c) {
        lx->p++;
        return 1;
    }
    return 0;
}

static int npy_bad_header(struct npy_lex *lx, const char *what)
{
    npy_fail(lx->err, "%s: bad header: %s", lx->path, what);
    return -1;
}

/* string = "'" chars "'" | '"' chars '"' (no escapes: numpy writes none) */
static int npy_parse_string(struct npy_lex *lx, char *out, size_t len)
{
    npy_skip_space(lx);
    if (lx->p >= lx->end || (*lx->p != '\'' && *lx->p != '"'))
        return npy_bad_header(lx, "expected a quoted string");
    char q = *lx->p++;
    size_t n = 0;
    while (lx->p < lx->end && *lx->p != q) {
        if (n + 1 < len)
            out[n++] = *lx->p;
        lx->p++;
    }
    if (lx->p >= lx->end)
        return npy_bad_header(lx, "unterminated string");
    lx->p++;
    out[n] = '\0';
    return 0;
}

/* int = digit+ (a trailing 'L' of old Python 2 files is accepted) */
static int npy_parse_int(struct npy_lex *lx, int64_t *v)
{
    npy_skip_space(lx);
    if (lx->p >= lx->end || *lx->p < '0' || *lx->p > '9')
        return npy_bad_header(lx, "shape entries must be non-negative integers");
    int64_t x = 0;
    while (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9') {
        if (x > (INT64_MAX - 9) / 10)
            return npy_bad_header(lx, "shape entry too large");
        x = x * 10 + (*lx->p - '0');
        lx->p++;
    }
    if (lx->p < lx->end && *lx->p == 'L')
        lx->p++;
    *v = x;
    return 0;
}

/* shape = "(" [ int { "," int } [ "," ] ] ")" ; at most 2 entries kept */
static int npy_parse_shape(struct npy_lex *lx, struct npy_shape *s, int *ndim)
{
    if (!npy_accept(lx, '('))
        return npy_bad_header(lx, "shape must be a tuple");
    *ndim = 0;
    s->ndim = 0;
    s->dim[0] = 0;
    s->dim[1] = 1;
    if (npy_accept(lx, ')'))
        return 0;
    for (;;) {
        int64_t v;
        if (npy_parse_int(lx, &v))
            return -1;
        if (*ndim < 2)
            s->dim[*ndim] = v;
        (*ndim)++;
        int comma = npy_accept(lx, ',');
        if (npy_accept(lx, ')'))
            break;
        if (!comma)
            return npy_bad_header(lx, "expected ',' or ')' in shape");
    }
    s->ndim = *ndim > 2 ? 0 : *ndim;
    return 0;
}

/* dict = "{" key ":" value { "," key ":" value } [ "," ] "}" padding
 * with the keys descr (string), fortran_order (True/False), shape (tuple). */
static int npy_parse_dict(struct npy_lex *lx, struct npy_header *h)
{
    int have_descr = 0, have_order = 0, have_shape = 0, ndim = 0;
    char descr[32] = "";
    if (!npy_accept(lx, '{'))
        return npy_bad_header(lx, "expected '{'");
    while (!npy_accept(lx, '}')) {
        char key[32];
        if (npy_parse_string(lx, key, sizeof key))
            return -1;
        if (!npy_accept(lx, ':'))
            return npy_bad_header(lx, "expected ':' after a key");
        if (strcmp(key, "descr") == 0) {
            if (npy_parse_string(lx, descr, sizeof descr))
                return -1;
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            npy_skip_space(lx);
            size_t left = (size_t)(lx->end - lx->p);
            if (left >= 5 && memcmp(lx->p, "False", 5) == 0) {
                lx->p += 5;
            } else if (left >= 4 && memcmp(lx->p, "True", 4) == 0) {
                npy_fail(lx->err, "%s: fortran_order True not supported (C order only)", lx->path);
                return -1;
            } else {
                return npy_bad_header(lx, "fortran_order must be True or False");
            }
            have_order = 1;
        } else if (strcmp(key, "shape") == 0) {
            if (npy_parse_shape(lx, &h->shape, &ndim))
                return -1;
            have_shape = 1;
        } else {
            char what[80];
            snprintf(what, sizeof what, "unexpected key '%s'", key);
            return npy_bad_header(lx, what);
        }
        if (!npy_accept(lx, ',')) {
            if (!npy_accept(lx, '}'))
                return npy_bad_header(lx, "expected ',' or '}' after a value");
            break;
        }
    }
    npy_skip_space(lx);
    if (lx->p != lx->end)
        return npy_bad_header(lx, "text after the closing '}'");
    if (!have_descr || !have_order || !have_shape)
        return npy_bad_header(lx, !have_descr ? "missing key 'descr'"
                                  : !have_order ? "missing key 'fortran_order'"
                                                : "missing key 'shape'");
    static const enum npy_dtype all[] = {NPY_I2, NPY_I4, NPY_I8, NPY_F8};
    int found = 0;
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        if (strcmp(descr, npy_dtype_descr(all[k])) == 0) {
            h->dtype = all[k];
            found = 1;
        }
    if (!found) {
        npy_fail(lx->err, "%s: dtype '%s' not supported (expected <i2, <i4, <i8 or <f8)",
                 lx->path, descr);
        return -1;
    }
    if (ndim < 1 || ndim > 2) {
        npy_fail(lx->err, "%s: shape has %d dimensions (expected 1 or 2)", lx->path, ndim);
        return -1;
    }
    if (!npy_shape_ok(h->shape, npy_dtype_size(h->dtype))) {
        npy_fail(lx->err, "%s: shape too large", lx->path);
        return -1;
    }
    return 0;
}

/* Opens path and validates everything up to the data. On success fp is
 * positioned at the data and *size is the file size. */
static int npy_open(const char *path, FILE **fpp, struct npy_header *h, int64_t *size,
                    struct npy_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        npy_fail(err, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        npy_fail(err, "%s: not a regular file", path);
        fclose(fp);
        return -1;
    }
    *size = (int64_t)st.st_size;
    unsigned char pre[NPY_PREFIX_LEN];
    size_t got = fread(pre, 1, sizeof pre, fp);
    if (got < NPY_MAGIC_LEN || memcmp(pre, NPY_MAGIC, NPY_MAGIC_LEN) != 0) {
        npy_fail(err, "%s: not a .npy file (bad magic)", path);
        fclose(fp);
        return -1;
    }
    if (got < NPY_PREFIX_LEN) {
        npy_fail(err, "%s: truncated header (file is %zu bytes)", path, got);
        fclose(fp);
        return -1;
    }
    if (pre[6] != 1 || pre[7] != 0) {
        npy_fail(err, "%s: .npy version %u.%u not supported (only 1.0)", path,
                 (unsigned)pre[6], (unsigned)pre[7]);
        fclose(fp);
        return -1;
    }
    size_t hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
    char *text = malloc(hlen + 1);
    if (!text) {
        npy_fail(err, "%s: out of memory", path);
        fclose(fp);
        return -1;
    }
    if (fread(text, 1, hlen, fp) != hlen) {
        npy_fail(err, "%s: truncated header (header length %zu, file is %" PRId64 " bytes)",
                 path, hlen, *size);
        free(text);
        fclose(fp);
        return -1;
    }
    text[hlen] = '\0';
    if (hlen == 0 || text[hlen - 1] != '\n' || memchr(text, '\0', hlen)) {
        free(text);
        fclose(fp);
        npy_fail(err, "%s: bad header: not a text line ending in a newline", path);
        return -1;
    }
    struct npy_lex lx = {text, text + hlen, path, err};
    int rc = npy_parse_dict(&lx, h);
    free(text);
    if (rc) {
        fclose(fp);
        return -1;
    }
    h->data_offset = (int64_t)(NPY_PREFIX_LEN + hlen);
    *fpp = fp;
    return 0;
}

/* Checks the data length against the shape, then reads and decodes it. */
static int npy_read_data(const char *path, FILE *fp, const struct npy_header *h,
                         int64_t size, void *data, struct npy_err *err)
{
    size_t item = npy_dtype_size(h->dtype);
    int64_t n = npy_count(h->shape);
    int64_t need = n * (int64_t)item;
    int64_t have = size - h->data_offset;
    char s[64];
    npy_shape_str(s, sizeof s, h->shape);
    if (have < need) {
        npy_fail(err, "%s: truncated: shape %s of %s needs %" PRId64 " data bytes, file has %" PRId64,
                 path, s, npy_dtype_descr(h->dtype), need, have);
        return -1;
    }
    if (have > need) {
        npy_fail(err, "%s: %" PRId64 " bytes after the data of shape %s of %s", path,
                 have - need, s, npy_dtype_descr(h->dtype));
        return -1;
    }
    unsigned char chunk[4096];
    size_t per = sizeof chunk / item;
    for (int64_t i = 0; i < n;) {
        size_t k = (size_t)(n - i) < per ? (size_t)(n - i) : per;
        if (fread(chunk, item, k, fp) != k) {
            npy_fail(err, "%s: read error in the data", path);
            return -1;
        }
        for (size_t j = 0; j < k; j++) {
            uint64_t u = 0;
            for (size_t b = 0; b < item; b++)
                u |= (uint64_t)chunk[j * item + b] << (8 * b);
            npy_item_store(h->dtype, data, (size_t)i + j, u);
        }
        i += (int64_t)k;
    }
    return 0;
}

void npy_array_free(struct npy_array *a)
{
    free(a->data);
    a->data = NULL;
}

int npy_read(const char *path, struct npy_array *out, struct npy_err *err)
{
    out->data = NULL;
    FILE *fp;
    struct npy_header h;
    int64_t size;
    if (npy_open(path, &fp, &h, &size, err))
        return -1;
    size_t bytes = (size_t)npy_count(h.shape) * npy_dtype_size(h.dtype);
    void *data = malloc(bytes ? bytes : 1);
    if (!data) {
        npy_fail(err, "%s: out of memory", path);
        fclose(fp);
        return -1;
    }
    if (npy_read_data(path, fp, &h, size, data, err)) {
        free(data);
        fclose(fp);
        return -1;
    }
    fclose(fp);
    out->dtype = h.dtype;
    out->shape = h.shape;
    out->data = data;
    return 0;
}

int npy_read_expect(const char *path, enum npy_dtype dtype, struct npy_shape shape,
                    void *data, struct npy_err *err)
{
    FILE *fp;
    struct npy_header h;
    int64_t size;
    if (npy_open(path, &fp, &h, &size, err))
        return -1;
    if (h.dtype != dtype) {
        npy_fail(err, "%s: wrong dtype: file has %s, expected %s", path,
                 npy_dtype_descr(h.dtype), npy_dtype_descr(dtype));
        fclose(fp);
        return -1;
    }
    if (shape.ndim == 1)
        shape.dim[1] = 1;
    if (!npy_shape_eq(h.shape, shape)) {
        char fs[64], es[64];
        npy_shape_str(fs, sizeof fs, h.shape);
        npy_shape_str(es, sizeof es, shape);
        npy_fail(err, "%s: wrong shape: file has %s, expected %s", path, fs, es);
        fclose(fp);
        return -1;
    }
    int rc = npy_read_data(path, fp, &h, size, data, err);
    fclose(fp);
    return rc;
}

/* ---- fixed-point tensors ---- */

enum npy_dtype npy_dtype_for_width(int width)
{
    return width <= 16 ? NPY_I2 : width <= 32 ? NPY_I4 : NPY_I8;
}

/* "3" for 1-D, "(1, 2)" for 2-D: where item i sits. */
static void npy_index_str(char *buf, size_t len, struct npy_shape s, int64_t i)
{
    if (s.ndim == 2 && s.dim[1] > 0)
        snprintf(buf, len, "(%" PRId64 ", %" PRId64 ")", i / s.dim[1], i % s.dim[1]);
    else
        snprintf(buf, len, "%" PRId64, i);
}

int npy_write_raw32(const char *path, enum npy_dtype dtype, struct npy_shape shape,
                    const int32_t *raw, struct npy_err *err)
{
    if (dtype == NPY_F8) {
        npy_fail(err, "%s: raw values need an integer dtype, not <f8", path);
        return -1;
    }
    if (!npy_shape_ok(shape, 8)) {
        char s[64];
        npy_shape_str(s, sizeof s, shape);
        npy_fail(err, "%s: cannot write shape %s (1 or 2 non-negative dimensions)", path, s);
        return -1;
    }
    size_t n = (size_t)npy_count(shape);
    void *buf = malloc(n ? n * npy_dtype_size(dtype) : 1);
    if (!buf) {
        npy_fail(err, "%s: out of memory", path);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        int32_t v = raw[i];
        if (dtype == NPY_I2) {
            if (v < INT16_MIN || v > INT16_MAX) {
                char at[64];
                npy_index_str(at, sizeof at, shape, (int64_t)i);
                npy_fail(err, "%s: value %" PRId32 " at index %s does not fit <i2", path, v, at);
                free(buf);
                return -1;
            }
            ((int16_t *)buf)[i] = (int16_t)v;
        } else if (dtype == NPY_I4) {
            ((int32_t *)buf)[i] = v;
        } else {
            ((int64_t *)buf)[i] = v;
        }
    }
    int rc = npy_write(path, dtype, shape, buf, err);
    free(buf);
    return rc;
}

int npy_write_real32(const char *path, struct npy_shape shape, const int32_t *raw,
                     int frac_bits, struct npy_err *err)
{
    if (!npy_shape_ok(shape, 8)) {
        char s[64];
        npy_shape_str(s, sizeof s, shape);
        npy_fail(err, "%s: cannot write shape %s (1 or 2 non-negative dimensions)", path, s);
        return -1;
    }
    size_t n = (size_t)npy_count(shape);
    double *buf = malloc(n ? n * sizeof *buf : 1);
    if (!buf) {
        npy_fail(err, "%s: out of memory", path);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = ldexp((double)raw[i], -frac_bits);
    int rc = npy_write(path, NPY_F8, shape, buf, err);
    free(buf);
    return rc;
}

int npy_read_raw32(const char *path, enum npy_dtype dtype, struct npy_shape shape, int width,
                   int32_t *raw, struct npy_err *err)
{
    if (dtype == NPY_F8 || width < 2 || width > 32) {
        npy_fail(err, "%s: raw values need an integer dtype and a width of 2 to 32 bits", path);
        return -1;
    }
    if (!npy_shape_ok(shape, 8)) {
        char s[64];
        npy_shape_str(s, sizeof s, shape);
        npy_fail(err, "%s: cannot read into shape %s", path, s);
        return -1;
    }
    size_t n = (size_t)npy_count(shape);
    int64_t *buf = malloc(n ? n * sizeof *buf : 1); /* room for any dtype */
    if (!buf) {
        npy_fail(err, "%s: out of memory", path);
        return -1;
    }
    if (npy_read_expect(path, dtype, shape, buf, err)) {
        free(buf);
        return -1;
    }
    int64_t lo = -((int64_t)1 << (width - 1)), hi = ((int64_t)1 << (width - 1)) - 1;
    for (size_t i = 0; i < n; i++) {
        int64_t v = dtype == NPY_I2   ? ((int16_t *)buf)[i]
                    : dtype == NPY_I4 ? ((int32_t *)buf)[i]
                                      : buf[i];
        if (v < lo || v > hi) {
            char at[64];
            npy_index_str(at, sizeof at, shape, (int64_t)i);
            npy_fail(err, "%s: value %" PRId64 " at index %s outside the %d-bit range %" PRId64
                          "..%" PRId64,
                     path, v, at, width, lo, hi);
            free(buf);
            return -1;
        }
        raw[i] = (int32_t)v;
    }
    free(buf);
    return 0;
}

/* ---- manifest ---- */

/* A JSON string literal of s. */
static void npy_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(fp, "\\u%04x", (unsigned)*p);
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}

int npy_manifest_write(const char *path, const char *network,
                       const struct npy_manifest_entry *entries, int n,
                       struct npy_err *err)
{
    if (network && strlen(network) > 127) {
        npy_fail(err, "%s: network name longer than 127 bytes", path);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const struct npy_manifest_entry *e = &entries[i];
        if (!npy_shape_ok(e->shape, 1) || npy_dtype_size(e->dtype) == 0 || !e->name || !e->file) {
            npy_fail(err, "%s: manifest entry %d is malformed", path, i);
            return -1;
        }
        if (strlen(e->name) > 127 || strlen(e->file) > 255 || !e->file[0] ||
            strchr(e->file, '/') || strcmp(e->file, ".") == 0 || strcmp(e->file, "..") == 0) {
            npy_fail(err, "%s: manifest entry %d: name longer than 127 bytes or file not a plain "
                          "name of at most 255 bytes", path, i);
            return -1;
        }
        for (int k = 0; k < i; k++)
            if (strcmp(entries[k].name, e->name) == 0) {
                npy_fail(err, "%s: manifest entry %d: name '%s' appears twice", path, i, e->name);
                return -1;
            }
        if (e->frac_bits >= 0 && e->dtype == NPY_F8) {
            npy_fail(err, "%s: manifest entry '%s': fixed-point values need an integer dtype",
                     path, e->name);
            return -1;
        }
    }
    struct atomic_file af;
    struct atomic_err aerr;
    if (atomic_open(&af, path, &aerr)) {
        npy_fail(err, "%s", aerr.msg);
        return -1;
    }
    FILE *fp = af.fp;
    fputs("{\"format\": \"mlpgen-tensors 1\", \"network\": ", fp);
    npy_json_string(fp, network ? network : "");
    fputs(", \"tensors\": [\n", fp);
    for (int i = 0; i < n; i++) {
        const struct npy_manifest_entry *e = &entries[i];
        fputs(" {\"name\": ", fp);
        npy_json_string(fp, e->name);
        fputs(", \"file\": ", fp);
        npy_json_string(fp, e->file);
        fprintf(fp, ", \"dtype\": \"%s\", \"shape\": [%" PRId64, npy_dtype_descr(e->dtype),
                e->shape.dim[0]);
        if (e->shape.ndim == 2)
            fprintf(fp, ", %" PRId64, e->shape.dim[1]);
        fputs("]", fp);
        if (e->frac_bits >= 0)
            fprintf(fp, ", \"format\": \"fixed\", \"width\": %d, \"frac_bits\": %d}", e->width,
                    e->frac_bits);
        else
            fputs(", \"format\": \"real\"}", fp);
        fputs(i + 1 < n ? ",\n" : "\n", fp);
    }
    fputs("]}\n", fp);
    if (atomic_commit(&af, &aerr)) {
        npy_fail(err, "%s", aerr.msg);
        return -1;
    }
    return 0;
}

/* ---- manifest reader: just enough JSON ---- */

struct npy_json {
    const char *p, *begin, *end;
    const char *path;
    struct npy_err *err;
};

static int npy_json_fail(struct npy_json *js, const char *what)
{
    int line = 1;
    for (const char *q = js->begin; q < js->p && q < js->end; q++)
        line += *q == '\n';
    npy_fail(js->err, "%s:%d: %s", js->path, line, what);
    return -1;
}

static void npy_json_ws(struct npy_json *js)
{
    while (js->p < js->end && (*js->p == ' ' || *js->p == '\t' || *js->p == '\n' || *js->p == '\r'))
        js->p++;
}

static int npy_json_accept(struct npy_json *js, char c)
{
    npy_json_ws(js);
    if (js->p < js->end && *js->p == c) {
        js->p++;
        return 1;
    }
    return 0;
}

/* string = '"' { char | '\' escape } '"'; \uXXXX only for ASCII. */
static int npy_json_str(struct npy_json *js, char *out, size_t cap)
{
    npy_json_ws(js);
    if (js->p >= js->end || *js->p != '"')
        return npy_json_fail(js, "expected a string");
    js->p++;
    size_t n = 0;
    for (;;) {
        if (js->p >= js->end)
            return npy_json_fail(js, "unterminated string");
        char ch = *js->p++;
        if (ch == '"')
            break;
        if ((unsigned char)ch < 0x20)
            return npy_json_fail(js, "control character in a string");
        if (ch == '\\') {
            if (js->p >= js->end)
                return npy_json_fail(js, "unterminated string");
            char e = *js->p++;
            switch (e) {
            case '"': case '\\': case '/': ch = e; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': {
                unsigned v = 0;
                for (int k = 0; k < 4; k++) {
                    char h = js->p < js->end ? *js->p++ : 0;
                    int d = h >= '0' && h <= '9' ? h - '0'
                            : h >= 'a' && h <= 'f' ? h - 'a' + 10
                            : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                    if (d < 0)
                        return npy_json_fail(js, "bad \\u escape");
                    v = v * 16 + (unsigned)d;
                }
                if (v == 0 || v > 0x7f)
                    return npy_json_fail(js, "\\u escape outside ASCII");
                ch = (char)v;
                break;
            }
            default: return npy_json_fail(js, "bad escape in a string");
            }
        }
        if (n + 1 >= cap)
            return npy_json_fail(js, "string too long");
        out[n++] = ch;
    }
    out[n] = '\0';
    return 0;
}

/* int = [ "-" ] digit+ (within int32) */
static int npy_json_int(struct npy_json *js, int64_t *v)
{
    npy_json_ws(js);
    int neg = js->p < js->end && *js->p == '-';
    if (neg)
        js->p++;
    if (js->p >= js->end || *js->p < '0' || *js->p > '9')
        return npy_json_fail(js, "expected an integer");
    int64_t x = 0;
    while (js->p < js->end && *js->p >= '0' && *js->p <= '9') {
        x = x * 10 + (*js->p++ - '0');
        if (x > INT32_MAX)
            return npy_json_fail(js, "integer too large");
    }
    if (js->p < js->end && (*js->p == '.' || *js->p == 'e' || *js->p == 'E'))
        return npy_json_fail(js, "expected an integer");
    *v = neg ? -x : x;
    return 0;
}

/* Skips any value (unknown keys), nesting at most 32 deep. */
static int npy_json_skip(struct npy_json *js, int depth)
{
    npy_json_ws(js);
    if (depth > 32)
        return npy_json_fail(js, "nested too deeply");
    if (js->p >= js->end)
        return npy_json_fail(js, "expected a value");
    char c = *js->p;
    if (c == '"') {
        char tmp[1024];
        return npy_json_str(js, tmp, sizeof tmp);
    }
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        js->p++;
        if (npy_json_accept(js, close))
            return 0;
        do {
            if (c == '{') {
                char key[256];
                if (npy_json_str(js, key, sizeof key))
                    return -1;
                if (!npy_json_accept(js, ':'))
                    return npy_json_fail(js, "expected ':'");
            }
            if (npy_json_skip(js, depth + 1))
                return -1;
        } while (npy_json_accept(js, ','));
        if (!npy_json_accept(js, close))
            return npy_json_fail(js, c == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
        return 0;
    }
    const char *start = js->p; /* number or literal */
    while (js->p < js->end && (strchr("+-.eE", *js->p) || (*js->p >= '0' && *js->p <= '9') ||
                               (*js->p >= 'a' && *js->p <= 'z')))
        js->p++;
    if (js->p == start)
        return npy_json_fail(js, "expected a value");
    return 0;
}

/* tensor = "{" "name" ":" string, "file" ..., "dtype" ..., "shape" ":" "["
 * int [ "," int ] "]", "format" ":" ("fixed" | "real") [, "width", "frac_bits"] "}" */
static int npy_json_tensor(struct npy_json *js, int index, struct npy_manifest_tensor *t)
{
    enum { K_NAME = 1, K_FILE = 2, K_DTYPE = 4, K_SHAPE = 8, K_FORMAT = 16, K_WIDTH = 32, K_FRAC = 64 };
    int have = 0, fixed = 0;
    char msg[320];
    if (!npy_json_accept(js, '{'))
        return npy_json_fail(js, "expected '{' to start a tensor");
    if (!npy_json_accept(js, '}')) {
        do {
            char key[64];
            if (npy_json_str(js, key, sizeof key))
                return -1;
            if (!npy_json_accept(js, ':'))
                return npy_json_fail(js, "expected ':' after a key");
            if (strcmp(key, "name") == 0) {
                if (npy_json_str(js, t->name, sizeof t->name))
                    return -1;
                have |= K_NAME;
            } else if (strcmp(key, "file") == 0) {
                if (npy_json_str(js, t->file, sizeof t->file))
                    return -1;
                if (!t->file[0] || strchr(t->file, '/') || strcmp(t->file, "..") == 0 ||
                    strcmp(t->file, ".") == 0)
                    return npy_json_fail(js, "tensor file must be a plain file name beside the manifest");
                have |= K_FILE;
            } else if (strcmp(key, "dtype") == 0) {
                char d[32];
                if (npy_json_str(js, d, sizeof d))
                    return -1;
                static const enum npy_dtype all[] = {NPY_I2, NPY_I4, NPY_I8, NPY_F8};
                int found = 0;
                for (size_t k = 0; k < 4; k++)
                    if (strcmp(d, npy_dtype_descr(all[k])) == 0) {
                        t->dtype = all[k];
                        found = 1;
                    }
                if (!found) {
                    snprintf(msg, sizeof msg, "dtype '%s' not supported (expected <i2, <i4, <i8 or <f8)", d);
                    return npy_json_fail(js, msg);
                }
                have |= K_DTYPE;
            } else if (strcmp(key, "shape") == 0) {
                if (!npy_json_accept(js, '['))
                    return npy_json_fail(js, "shape must be a list");
                int nd = 0;
                do {
                    int64_t v;
                    if (npy_json_int(js, &v))
                        return -1;
                    if (v < 0)
                        return npy_json_fail(js, "negative dimension");
                    if (nd < 2)
                        t->shape.dim[nd] = v;
                    nd++;
                } while (npy_json_accept(js, ','));
                if (!npy_json_accept(js, ']'))
                    return npy_json_fail(js, "expected ',' or ']' in shape");
                if (nd > 2)
                    return npy_json_fail(js, "shape has more than 2 dimensions");
                t->shape.ndim = nd;
                if (nd == 1)
                    t->shape.dim[1] = 1;
                have |= K_SHAPE;
            } else if (strcmp(key, "format") == 0) {
                char f[32];
                if (npy_json_str(js, f, sizeof f))
                    return -1;
                if (strcmp(f, "fixed") == 0)
                    fixed = 1;
                else if (strcmp(f, "real") != 0)
                    return npy_json_fail(js, "format must be \"fixed\" or \"real\"");
                have |= K_FORMAT;
            } else if (strcmp(key, "width") == 0 || strcmp(key, "frac_bits") == 0) {
                int64_t v;
                if (npy_json_int(js, &v))
                    return -1;
                if (key[0] == 'w') {
                    t->width = (int)v;
                    have |= K_WIDTH;
                } else {
                    t->frac_bits = (int)v;
                    have |= K_FRAC;
                }
            } else if (npy_json_skip(js, 0)) {
                return -1;
            }
        } while (npy_json_accept(js, ','));
        if (!npy_json_accept(js, '}'))
            return npy_json_fail(js, "expected ',' or '}' in a tensor");
    }
    static const struct { int bit; const char *key; } need[] = {
        {K_NAME, "name"}, {K_FILE, "file"}, {K_DTYPE, "dtype"}, {K_SHAPE, "shape"}, {K_FORMAT, "format"}};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
        if (!(have & need[k].bit)) {
            snprintf(msg, sizeof msg, "tensor %d: missing \"%s\"", index, need[k].key);
            return npy_json_fail(js, msg);
        }
    if (fixed) {
        if (!(have & K_WIDTH) || !(have & K_FRAC)) {
            snprintf(msg, sizeof msg, "tensor %d (%s): fixed format needs \"width\" and \"frac_bits\"",
                     index, t->name);
            return npy_json_fail(js, msg);
        }
        if (t->dtype == NPY_F8 || t->width < 2 || t->width > 64 || t->frac_bits < 0 ||
            (int)npy_dtype_size(t->dtype) * 8 < t->width) {
            snprintf(msg, sizeof msg, "tensor %d (%s): width %d does not suit dtype %s", index,
                     t->name, t->width, npy_dtype_descr(t->dtype));
            return npy_json_fail(js, msg);
        }
    } else {
        t->width = 0;
        t->frac_bits = -1;
    }
    return 0;
}

void npy_manifest_free(struct npy_manifest *m)
{
    free(m->tensors);
    m->tensors = NULL;
    m->n = 0;
}

int npy_manifest_read(const char *path, struct npy_manifest *m, struct npy_err *err)
{
    m->network[0] = '\0';
    m->n = 0;
    m->tensors = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        npy_fail(err, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        npy_fail(err, "%s: not a regular file", path);
        return -1;
    }
    if (st.st_size > (1 << 20)) {
        fclose(fp);
        npy_fail(err, "%s: larger than 1 MiB, not a manifest", path);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    char *text = malloc(size + 1);
    if (!text) {
        fclose(fp);
        npy_fail(err, "%s: out of memory", path);
        return -1;
    }
    size_t len = fread(text, 1, size, fp);
    fclose(fp);
    struct npy_json js = {text, text, text + len, path, err};
    int rc = -1, have_format = 0, have_tensors = 0, cap = 0;
    if (!npy_json_accept(&js, '{')) {
        npy_json_fail(&js, "not a JSON object");
        goto out;
    }
    if (!npy_json_accept(&js, '}')) {
        do {
            char key[64];
            if (npy_json_str(&js, key, sizeof key))
                goto out;
            if (!npy_json_accept(&js, ':')) {
                npy_json_fail(&js, "expected ':' after a key");
                goto out;
            }
            if (strcmp(key, "format") == 0) {
                char f[64];
                if (npy_json_str(&js, f, sizeof f))
                    goto out;
                if (strcmp(f, "mlpgen-tensors 1") != 0) {
                    char msg[128];
                    snprintf(msg, sizeof msg, "format '%s' is not \"mlpgen-tensors 1\"", f);
                    npy_json_fail(&js, msg);
                    goto out;
                }
                have_format = 1;
            } else if (strcmp(key, "network") == 0) {
                if (npy_json_str(&js, m->network, sizeof m->network))
                    goto out;
            } else if (strcmp(key, "tensors") == 0) {
                if (!npy_json_accept(&js, '[')) {
                    npy_json_fail(&js, "tensors must be a list");
                    goto out;
                }
                have_tensors = 1;
                if (!npy_json_accept(&js, ']')) {
                    do {
                        if (m->n == cap) {
                            cap = cap ? 2 * cap : 16;
                            struct npy_manifest_tensor *t = realloc(m->tensors, (size_t)cap * sizeof *t);
                            if (!t) {
                                npy_fail(err, "%s: out of memory", path);
                                goto out;
                            }
                            m->tensors = t;
                        }
                        struct npy_manifest_tensor *t = &m->tensors[m->n];
                        memset(t, 0, sizeof *t);
                        if (npy_json_tensor(&js, m->n, t))
                            goto out;
                        for (int k = 0; k < m->n; k++)
                            if (strcmp(m->tensors[k].name, t->name) == 0) {
                                char msg[200];
                                snprintf(msg, sizeof msg, "tensor %d: name '%s' appears twice", m->n, t->name);
                                npy_json_fail(&js, msg);
                                goto out;
                            }
                        m->n++;
                    } while (npy_json_accept(&js, ','));
                    if (!npy_json_accept(&js, ']')) {
                        npy_json_fail(&js, "expected ',' or ']' after a tensor");
                        goto out;
                    }
                }
            } else if (npy_json_skip(&js, 0)) {
                goto out;
            }
        } while (npy_json_accept(&js, ','));
        if (!npy_json_accept(&js, '}')) {
            npy_json_fail(&js, "expected ',' or '}'");
            goto out;
        }
    }
    npy_json_ws(&js);
    if (js.p != js.end) {
        npy_json_fail(&js, "text after the closing '}'");
        goto out;
    }
    if (!have_format || !have_tensors) {
        npy_fail(err, "%s: not a tensor manifest (missing \"%s\")", path,
                 have_format ? "tensors" : "format");
        goto out;
    }
    rc = 0;
out:
    free(text);
    if (rc)
        npy_manifest_free(m);
    return rc;
}

const struct npy_manifest_tensor *npy_manifest_find(const struct npy_manifest *m, const char *name)
{
    for (int k = 0; k < m->n; k++)
        if (strcmp(m->tensors[k].name, name) == 0)
            return &m->tensors[k];
    return NULL;
}
