/* npy: numpy .npy version 1.0 writer and validating reader, and the tensor
 * manifest (see npy.h). Format reference: numpy.lib.format — magic
 * "\x93NUMPY", version bytes 1 0, little-endian uint16 header length, then
 * an ASCII Python dict literal padded with spaces and ended by '\n' so the
 * data starts at a multiple of 64 bytes. */
#define _POSIX_C_SOURCE 200809L

#include "npy.h"

#include <errno.h>
#include <inttypes.h>
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
    for (int i = 0; i < n; i++) {
        const struct npy_manifest_entry *e = &entries[i];
        if (!npy_shape_ok(e->shape, 1) || npy_dtype_size(e->dtype) == 0 || !e->name || !e->file) {
            npy_fail(err, "%s: manifest entry %d is malformed", path, i);
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
