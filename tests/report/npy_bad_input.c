/* npy_bad_input: every way a .npy file can be wrong for the reader, each in
 * a small file this test crafts, and the one message each must give (the
 * file name, then what is wrong). A well-formed file made by the same
 * crafting code is read first, so each bad file is known to be right apart
 * from the one thing it breaks. Usage: npy_bad_input WORKDIR */
#include <stdint.h>
#include <sys/stat.h>

#include "npy.h"
#include "report_check.h"

struct ctx {
    struct check c;
    char dir[512];
};

/* A file of prefix "\x93NUMPY" v0.v1, the dict padded to a 64-byte
 * multiple with '\n' at the end, then data_len bytes of data. */
static void craft(const char *path, int v0, int v1, const char *dict, size_t data_len)
{
    size_t dl = strlen(dict);
    size_t total = (10 + dl + 1 + 63) / 64 * 64;
    size_t hlen = total - 10;
    unsigned char *b = calloc(total + data_len + 1, 1);
    memcpy(b, "\x93NUMPY", 6);
    b[6] = (unsigned char)v0;
    b[7] = (unsigned char)v1;
    b[8] = (unsigned char)(hlen & 0xff);
    b[9] = (unsigned char)(hlen >> 8);
    memcpy(b + 10, dict, dl);
    memset(b + 10 + dl, ' ', hlen - dl - 1);
    b[total - 1] = '\n';
    for (size_t k = 0; k < data_len; k++)
        b[total + k] = (unsigned char)k;
    check_write_file(path, b, total + data_len);
    free(b);
}

static const char *file(struct ctx *x, const char *name)
{
    static char path[700]; /* test-local scratch, single-threaded */
    snprintf(path, sizeof path, "%s/%s", x->dir, name);
    return path;
}

/* npy_read on path must fail with "<path>: <want>". */
static void expect_read(struct ctx *x, int line, const char *path, const char *want)
{
    struct npy_array a;
    struct npy_err err;
    char full[1200];
    snprintf(full, sizeof full, "%s: %s", path, want);
    int rc = npy_read(path, &a, &err);
    if (rc != -1 || strcmp(err.msg, full) != 0) {
        x->c.failed++;
        fprintf(stderr, "line %d: rc %d\n  got  [%s]\n  want [%s]\n", line, rc,
                rc ? err.msg : "(success)", full);
        if (rc == 0)
            npy_array_free(&a);
    } else {
        x->c.passed++;
    }
}

static void expect_read_expect(struct ctx *x, int line, const char *path, enum npy_dtype dt,
                               struct npy_shape s, const char *want)
{
    static double buf[64];
    struct npy_err err;
    char full[1200];
    snprintf(full, sizeof full, "%s: %s", path, want);
    int rc = npy_read_expect(path, dt, s, buf, &err);
    if (rc != -1 || strcmp(err.msg, full) != 0) {
        x->c.failed++;
        fprintf(stderr, "line %d: rc %d\n  got  [%s]\n  want [%s]\n", line, rc,
                rc ? err.msg : "(success)", full);
    } else {
        x->c.passed++;
    }
}

#define F8_34 "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    struct ctx x = {{0, 0}, ""};
    mkdir(argv[1], 0777);
    snprintf(x.dir, sizeof x.dir, "%s/npy_bad", argv[1]);
    mkdir(x.dir, 0777);
    const char *p;

    /* the crafting code makes good files: numpy's own spellings */
    p = file(&x, "good.npy");
    craft(p, 1, 0, F8_34, 96);
    {
        struct npy_array a;
        struct npy_err err;
        CHECK(&x.c, npy_read(p, &a, &err) == 0);
        CHECK(&x.c, a.dtype == NPY_F8 && a.shape.ndim == 2 && a.shape.dim[0] == 3 &&
                        a.shape.dim[1] == 4);
        npy_array_free(&a);
        craft(p, 1, 0, "{\"shape\":(5,),\"fortran_order\":False,\"descr\":\"<i2\"}", 10);
        CHECK(&x.c, npy_read(p, &a, &err) == 0);
        CHECK(&x.c, a.dtype == NPY_I2 && a.shape.ndim == 1 && a.shape.dim[0] == 5);
        CHECK(&x.c, a.data && ((int16_t *)a.data)[1] == 0x0302);
        npy_array_free(&a);
        craft(p, 1, 0, "{'descr': '<i8', 'fortran_order': False, 'shape': (2L, 1L)}", 16);
        CHECK(&x.c, npy_read(p, &a, &err) == 0);
        npy_array_free(&a);
    }

    /* magic, version, header framing */
    p = file(&x, "text.npy");
    check_write_file(p, "hello, world\n", 13);
    expect_read(&x, __LINE__, p, "not a .npy file (bad magic)");
    p = file(&x, "empty.npy");
    check_write_file(p, "", 0);
    expect_read(&x, __LINE__, p, "not a .npy file (bad magic)");
    p = file(&x, "short_prefix.npy");
    check_write_file(p, "\x93NUMPY\x01", 7);
    expect_read(&x, __LINE__, p, "truncated header (file is 7 bytes)");
    p = file(&x, "v2.npy");
    craft(p, 2, 0, F8_34, 96);
    expect_read(&x, __LINE__, p, ".npy version 2.0 not supported (only 1.0)");
    p = file(&x, "v1_1.npy");
    craft(p, 1, 1, F8_34, 96);
    expect_read(&x, __LINE__, p, ".npy version 1.1 not supported (only 1.0)");
    p = file(&x, "short_header.npy");
    {
        unsigned char b[60];
        memcpy(b, "\x93NUMPY\x01\x00\x76\x00", 10);
        memset(b + 10, ' ', 50);
        check_write_file(p, b, sizeof b);
    }
    expect_read(&x, __LINE__, p, "truncated header (header length 118, file is 60 bytes)");
    p = file(&x, "no_newline.npy");
    {
        unsigned char b[128];
        memcpy(b, "\x93NUMPY\x01\x00\x76\x00", 10);
        memset(b + 10, ' ', 118);
        memcpy(b + 10, F8_34, strlen(F8_34));
        check_write_file(p, b, sizeof b);
    }
    expect_read(&x, __LINE__, p, "bad header: not a text line ending in a newline");

    /* the dict */
    p = file(&x, "big_endian.npy");
    craft(p, 1, 0, "{'descr': '>f8', 'fortran_order': False, 'shape': (3, 4), }", 96);
    expect_read(&x, __LINE__, p, "dtype '>f8' not supported (expected <i2, <i4, <i8 or <f8)");
    p = file(&x, "float32.npy");
    craft(p, 1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 48);
    expect_read(&x, __LINE__, p, "dtype '<f4' not supported (expected <i2, <i4, <i8 or <f8)");
    p = file(&x, "fortran.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 4), }", 96);
    expect_read(&x, __LINE__, p, "fortran_order True not supported (C order only)");
    p = file(&x, "scalar.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 8);
    expect_read(&x, __LINE__, p, "shape has 0 dimensions (expected 1 or 2)");
    p = file(&x, "rank3.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }", 192);
    expect_read(&x, __LINE__, p, "shape has 3 dimensions (expected 1 or 2)");
    p = file(&x, "no_shape.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, }", 96);
    expect_read(&x, __LINE__, p, "bad header: missing key 'shape'");
    p = file(&x, "no_descr.npy");
    craft(p, 1, 0, "{'fortran_order': False, 'shape': (3, 4), }", 96);
    expect_read(&x, __LINE__, p, "bad header: missing key 'descr'");
    p = file(&x, "extra_key.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), 'foo': 1}", 96);
    expect_read(&x, __LINE__, p, "bad header: unexpected key 'foo'");
    p = file(&x, "negative.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (-3, 4), }", 96);
    expect_read(&x, __LINE__, p, "bad header: shape entries must be non-negative integers");
    p = file(&x, "no_colon.npy");
    craft(p, 1, 0, "{'descr' '<f8', 'fortran_order': False, 'shape': (3, 4), }", 96);
    expect_read(&x, __LINE__, p, "bad header: expected ':' after a key");
    p = file(&x, "order_word.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': 0, 'shape': (3, 4), }", 96);
    expect_read(&x, __LINE__, p, "bad header: fortran_order must be True or False");
    p = file(&x, "shape_sep.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (3 4), }", 96);
    expect_read(&x, __LINE__, p, "bad header: expected ',' or ')' in shape");
    p = file(&x, "after_brace.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4)} x", 96);
    expect_read(&x, __LINE__, p, "bad header: text after the closing '}'");
    p = file(&x, "huge.npy");
    craft(p, 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1000000000000), }", 0);
    expect_read(&x, __LINE__, p, "shape too large");

    /* data length */
    p = file(&x, "truncated.npy");
    craft(p, 1, 0, F8_34, 95);
    expect_read(&x, __LINE__, p, "truncated: shape (3, 4) of <f8 needs 96 data bytes, file has 95");
    p = file(&x, "no_data.npy");
    craft(p, 1, 0, "{'descr': '<i2', 'fortran_order': False, 'shape': (7,), }", 0);
    expect_read(&x, __LINE__, p, "truncated: shape (7,) of <i2 needs 14 data bytes, file has 0");
    p = file(&x, "trailing.npy");
    craft(p, 1, 0, F8_34, 101);
    expect_read(&x, __LINE__, p, "5 bytes after the data of shape (3, 4) of <f8");

    /* what the caller expects */
    p = file(&x, "f8_34.npy");
    craft(p, 1, 0, F8_34, 96);
    expect_read_expect(&x, __LINE__, p, NPY_I2, (struct npy_shape){2, {3, 4}},
                       "wrong dtype: file has <f8, expected <i2");
    expect_read_expect(&x, __LINE__, p, NPY_F8, (struct npy_shape){2, {4, 3}},
                       "wrong shape: file has (3, 4), expected (4, 3)");
    expect_read_expect(&x, __LINE__, p, NPY_F8, (struct npy_shape){1, {12, 0}},
                       "wrong shape: file has (3, 4), expected (12,)");
    p = file(&x, "truncated.npy");
    expect_read_expect(&x, __LINE__, p, NPY_F8, (struct npy_shape){2, {3, 4}},
                       "truncated: shape (3, 4) of <f8 needs 96 data bytes, file has 95");
    {
        static double buf[12];
        struct npy_err err;
        CHECK(&x.c, npy_read_expect(file(&x, "f8_34.npy"), NPY_F8,
                                    (struct npy_shape){2, {3, 4}}, buf, &err) == 0);
    }

    /* not a file */
    p = file(&x, "missing.npy");
    remove(p);
    expect_read(&x, __LINE__, p, "cannot open: No such file or directory");
    expect_read(&x, __LINE__, x.dir, "not a regular file");

    return check_done(&x.c, "npy_bad_input");
}
