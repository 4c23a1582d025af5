/* idx_bad_input: every way an IDX pair can be wrong, each in a small file
 * this test writes (plain and gzip), and the one message each must give.
 * A good pair is loaded first so the crafted files are known to be right
 * apart from the one thing each breaks. Usage: idx_bad_input WORKDIR */
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include "data_check.h"

struct buf {
    unsigned char b[256];
    size_t n;
};

static void put32(struct buf *b, unsigned v)
{
    b->b[b->n++] = (unsigned char)(v >> 24);
    b->b[b->n++] = (unsigned char)(v >> 16);
    b->b[b->n++] = (unsigned char)(v >> 8);
    b->b[b->n++] = (unsigned char)v;
}

static void put(struct buf *b, const unsigned char *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        b->b[b->n++] = p[k];
}

static void write_plain(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
        perror(path);
        exit(2);
    }
}

static void write_gz(const char *path, const void *p, size_t n)
{
    gzFile g = gzopen(path, "wb9");
    if (!g || gzwrite(g, p, (unsigned)n) != (int)n || gzclose(g) != Z_OK) {
        fprintf(stderr, "%s: cannot write\n", path);
        exit(2);
    }
}

/* images: n images of rows x cols, pixel k = k % 251; payload cut to `keep`
 * bytes when keep >= 0. */
static struct buf images(unsigned magic, unsigned n, unsigned rows, unsigned cols, long keep)
{
    struct buf b = {{0}, 0};
    put32(&b, magic);
    put32(&b, n);
    put32(&b, rows);
    put32(&b, cols);
    size_t len = (size_t)n * rows * cols;
    if (keep >= 0 && (size_t)keep < len)
        len = (size_t)keep;
    for (size_t k = 0; k < len; k++)
        b.b[b.n++] = (unsigned char)(k % 251);
    return b;
}

static struct buf labels(unsigned magic, unsigned n, const unsigned char *y, size_t ny)
{
    struct buf b = {{0}, 0};
    put32(&b, magic);
    put32(&b, n);
    put(&b, y, ny);
    return b;
}

int main(int argc, char **argv)
{
    struct check c = {0};
    const char *dir = argc > 1 ? argv[1] : ".";
    mkdir(dir, 0777);
    char im[512], lb[512], img[512], lbg[512], p[512];
    snprintf(im, sizeof im, "%s/images.idx", dir);
    snprintf(lb, sizeof lb, "%s/labels.idx", dir);
    snprintf(img, sizeof img, "%s/images.idx.gz", dir);
    snprintf(lbg, sizeof lbg, "%s/labels.idx.gz", dir);
    const unsigned char y3[] = {0, 9, 3};
    struct data_set s;
    struct data_err e;
    int rc;

    /* the good pair: 3 images of 2x2, labels 0 9 3 */
    struct buf gi = images(0x803, 3, 2, 2, -1), gl = labels(0x801, 3, y3, 3);
    write_plain(im, gi.b, gi.n);
    write_plain(lb, gl.b, gl.n);
    write_gz(img, gi.b, gi.n);
    write_gz(lbg, gl.b, gl.n);
    const char *pairs[2][2] = {{im, lb}, {img, lbg}};
    for (int k = 0; k < 2; k++) {
        rc = data_idx_load(pairs[k][0], pairs[k][1], 10, &s, &e);
        if (check_ok(&c, __LINE__, rc, &e)) {
            CHECK_INT(&c, s.n, 3);
            CHECK_INT(&c, s.dim, 4);
            CHECK_INT(&c, s.n_classes, 10);
            CHECK_INT(&c, s.y[0], 0);
            CHECK_INT(&c, s.y[1], 9);
            CHECK_INT(&c, s.y[2], 3);
            CHECK(&c, s.x[0] == 0.0f && s.x[5] == 5.0f && s.x[11] == 11.0f);
        }
        data_set_free(&s);
    }

    /* a missing file */
    snprintf(p, sizeof p, "%s/no-such-file.gz", dir);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: cannot open: No such file or directory", p);

    /* wrong magic, each side; swapped files */
    struct buf b = images(0x802, 3, 2, 2, -1);
    snprintf(p, sizeof p, "%s/magic.idx", dir);
    write_plain(p, b.b, b.n);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e,
              "%s: bad magic 0x00000802 (expected 0x00000803, unsigned-byte images, 3 dimensions)", p);
    rc = data_idx_load(im, im, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e,
              "%s: bad magic 0x00000803 (expected 0x00000801, unsigned-byte labels, 1 dimension)", im);
    rc = data_idx_load(lbg, img, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e,
              "%s: bad magic 0x00000801 (expected 0x00000803, unsigned-byte images, 3 dimensions)", lbg);
    /* a text file is not IDX: "hello, world" is 0x68656c6c */
    snprintf(p, sizeof p, "%s/text.idx", dir);
    write_plain(p, "hello, world\n", 13);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e,
              "%s: bad magic 0x68656c6c (expected 0x00000803, unsigned-byte images, 3 dimensions)", p);

    /* header cut short: 10 of 16 bytes; an empty file */
    snprintf(p, sizeof p, "%s/short-header.idx.gz", dir);
    write_gz(p, gi.b, 10);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: header: truncated (expected 16 bytes, got 10)", p);
    snprintf(p, sizeof p, "%s/empty.idx", dir);
    write_plain(p, "", 0);
    rc = data_idx_load(im, p, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: header: truncated (expected 8 bytes, got 0)", p);

    /* image payload cut in record 2 (1 of its 4 bytes), plain and gzip */
    b = images(0x803, 3, 2, 2, 9);
    snprintf(p, sizeof p, "%s/trunc.idx", dir);
    write_plain(p, b.b, b.n);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: record 2: truncated (expected 4 bytes, got 1)", p);
    snprintf(p, sizeof p, "%s/trunc.idx.gz", dir);
    write_gz(p, b.b, b.n);
    rc = data_idx_load(p, lbg, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: record 2: truncated (expected 4 bytes, got 1)", p);
    /* cut exactly at a record boundary: record 1 is missing entirely */
    b = images(0x803, 3, 2, 2, 4);
    snprintf(p, sizeof p, "%s/trunc-boundary.idx", dir);
    write_plain(p, b.b, b.n);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: record 1: truncated (expected 4 bytes, got 0)", p);

    /* the compressed stream itself cut short (a download that stopped):
     * 2000 images of 28x28 of pseudo-random bytes, gzip file cut in half */
    {
        size_t n = 2000, dim = 784, len = 16 + n * dim;
        unsigned char *big = malloc(len);
        unsigned char *ybig = malloc(8 + n);
        uint64_t r = 1;
        struct buf h = images(0x803, (unsigned)n, 28, 28, 0);
        memcpy(big, h.b, 16);
        for (size_t k = 16; k < len; k++) {
            r = r * 6364136223846793005u + 1442695040888963407u;
            big[k] = (unsigned char)(r >> 56);
        }
        struct buf hl = labels(0x801, (unsigned)n, y3, 0);
        memcpy(ybig, hl.b, 8);
        memset(ybig + 8, 1, n);
        char full[512], cut[512], ybp[512];
        snprintf(full, sizeof full, "%s/big.idx.gz", dir);
        snprintf(cut, sizeof cut, "%s/big-cut.idx.gz", dir);
        snprintf(ybp, sizeof ybp, "%s/big-labels.idx", dir);
        write_gz(full, big, len);
        write_plain(ybp, ybig, 8 + n);
        rc = data_idx_load(full, ybp, 10, &s, &e);
        if (check_ok(&c, __LINE__, rc, &e))
            CHECK(&c, s.n == 2000 && s.x[(size_t)1999 * 784 + 783] == (float)big[len - 1]);
        data_set_free(&s);
        FILE *f = fopen(full, "rb");
        static unsigned char z[2 << 20];
        size_t zn = fread(z, 1, sizeof z, f);
        fclose(f);
        write_plain(cut, z, zn / 2);
        rc = data_idx_load(cut, ybp, 10, &s, &e);
        char want[600];
        snprintf(want, sizeof want, "%s: record ", cut);
        check_err_prefix(&c, __LINE__, rc, &e, "%s", want);
        CHECK(&c, strstr(e.msg, ": truncated (expected 784 bytes, got ") != NULL);
        /* flip a byte inside the deflate data: zlib reports the damage */
        z[zn / 2] ^= 0x55;
        snprintf(cut, sizeof cut, "%s/big-corrupt.idx.gz", dir);
        write_plain(cut, z, zn);
        rc = data_idx_load(cut, ybp, 10, &s, &e);
        check_err(&c, __LINE__, rc, &e, "%s: read error: incorrect data check", cut);
        free(big);
        free(ybig);
    }

    /* trailing bytes after the last record */
    b = images(0x803, 3, 2, 2, -1);
    b.b[b.n++] = 7;
    snprintf(p, sizeof p, "%s/trailing.idx", dir);
    write_plain(p, b.b, b.n);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e,
              "%s: trailing data after record 2 (the header says 3 records)", p);

    /* count mismatch: 3 images, 2 labels (header and payload agree) */
    b = labels(0x801, 2, y3, 2);
    snprintf(p, sizeof p, "%s/two-labels.idx", dir);
    write_plain(p, b.b, b.n);
    rc = data_idx_load(im, p, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: 3 images but %s: 2 labels", im, p);

    /* label file shorter than its header: record 2 missing */
    b = labels(0x801, 3, y3, 2);
    snprintf(p, sizeof p, "%s/short-labels.idx", dir);
    write_plain(p, b.b, b.n);
    rc = data_idx_load(im, p, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: record 2: truncated (expected 1 byte, got 0)", p);

    /* label out of range: 10 with 10 classes; 9 with n_classes 9 */
    const unsigned char ybad[] = {0, 10, 3};
    b = labels(0x801, 3, ybad, 3);
    snprintf(p, sizeof p, "%s/label10.idx.gz", dir);
    write_gz(p, b.b, b.n);
    rc = data_idx_load(im, p, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: record 1: label 10 out of range (expected 0..9)", p);
    rc = data_idx_load(im, lb, 9, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: record 1: label 9 out of range (expected 0..8)", lb);

    /* zero-sized images */
    b = images(0x803, 3, 0, 2, -1);
    snprintf(p, sizeof p, "%s/zero.idx", dir);
    write_plain(p, b.b, b.n);
    rc = data_idx_load(p, lb, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: header: empty (3 images of 0x2)", p);
    /* a header that promises more than 16 G bytes of pixels */
    b = labels(0x801, 0x7fffffff, y3, 0);
    {
        struct buf hb = images(0x803, 0x7fffffff, 1000, 1000, 0);
        snprintf(p, sizeof p, "%s/huge.idx", dir);
        write_plain(p, hb.b, hb.n);
        char pl[512];
        snprintf(pl, sizeof pl, "%s/huge-labels.idx", dir);
        write_plain(pl, b.b, b.n);
        rc = data_idx_load(p, pl, 10, &s, &e);
        check_err(&c, __LINE__, rc, &e, "%s: header: too large (2147483647 images of 1000x1000)", p);
    }
    return check_done(&c, "idx_bad_input");
}
