/* csv_bad_input: every way a CSV line can be wrong, each in a small file
 * this test writes, and the exact message (file:line: field F: ...) it must
 * give. The first cases are good files, so the crafted files are known to
 * be right apart from the one thing each breaks. Usage: csv_bad_input DIR */
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include "data_check.h"

#define HDR "4,2,a,b,c\n"   /* 4 samples, 2 features, 3 classes */
#define OK1 "1.5,-2,0\n"
#define OK2 "0,1e3,2\n"

struct csv_case {
    const char *name;
    const char *text;
    int header;       /* 1: scikit-learn header, 0: none (2 features, 3 classes) */
    const char *want; /* message after "PATH", NULL for a good file */
};

static const struct csv_case cases[] = {
    /* good files: plain, CRLF, blank lines, spaces around fields */
    {"good.csv", HDR OK1 OK2 OK1 OK2, 1, NULL},
    {"crlf.csv", "4,2,a,b,c\r\n1.5,-2,0\r\n0,1e3,2\r\n1.5,-2,0\r\n0,1e3,2", 1, NULL},
    {"blank.csv", "\n" HDR OK1 "\n" OK2 OK1 " \t\n" OK2 "\n\n", 1, NULL},
    {"spaces.csv", HDR " 1.5 , -2,0\n" OK2 OK1 OK2, 1, NULL},
    {"nohdr.csv", OK1 OK2 ".5,5.,1\n", 0, NULL},
    /* field count */
    {"missing.csv", HDR OK1 "1.5,0\n" OK1 OK2, 1, ":3: field 3: missing (expected 3 fields, got 2)"},
    {"missing2.csv", OK1 "7\n", 0, ":2: field 2: missing (expected 3 fields, got 1)"},
    {"extra.csv", HDR OK1 OK2 "1,2,0,1\n" OK2, 1, ":4: field 4: unexpected (expected 3 fields, got 4)"},
    {"empty-field.csv", HDR OK1 ",2,1\n" OK1 OK2, 1, ":3: field 1: empty"},
    {"trailing-comma.csv", HDR "1,2,\n", 1, ":2: field 3: empty"},
    /* numbers */
    {"text.csv", HDR OK1 OK2 OK1 "1,abc,0\n", 1, ":5: field 2: 'abc' is not a number"},
    {"text2.csv", OK1 "1.2.3,0,0\n", 0, ":2: field 1: '1.2.3' is not a number"},
    {"hex.csv", OK1 "0x10,0,0\n", 0, ":2: field 1: '0x10' is not a number"},
    {"exp.csv", OK1 "1e,0,0\n", 0, ":2: field 1: '1e' is not a number"},
    {"dot.csv", OK1 ".,0,0\n", 0, ":2: field 1: '.' is not a number"},
    {"nan.csv", HDR OK1 "nan,1,0\n", 1, ":3: field 1: 'nan' is not a finite number"},
    {"NaN.csv", OK1 "1,NaN,0\n", 0, ":2: field 2: 'NaN' is not a finite number"},
    {"inf.csv", OK1 "inf,1,0\n", 0, ":2: field 1: 'inf' is not a finite number"},
    {"minus-infinity.csv", OK1 "1,-Infinity,0\n", 0, ":2: field 2: '-Infinity' is not a finite number"},
    {"huge.csv", OK1 "1e39,1,0\n", 0, ":2: field 1: '1e39' is out of range for a float"},
    {"long.csv", OK1 "1,01234567890123456789012345678901234567890123456789x,0\n", 0,
     ":2: field 2: '01234567890123456789012345678901234567890123...' is not a number"},
    /* labels */
    {"label3.csv", HDR OK1 OK2 "1,2,3\n", 1, ":4: field 3: label '3' out of range (expected 0..2)"},
    {"label-neg.csv", OK1 "1,2,-1\n", 0, ":2: field 3: label '-1' out of range (expected 0..2)"},
    {"label-big.csv", OK1 "1,2,99999999999999999999\n", 0,
     ":2: field 3: label '99999999999999999999' out of range (expected 0..2)"},
    {"label-frac.csv", OK1 "1,2,1.0\n", 0, ":2: field 3: label '1.0' is not an integer"},
    {"label-name.csv", OK1 "1,2,setosa\n", 0, ":2: field 3: label 'setosa' is not an integer"},
    {"label-empty.csv", OK1 "1,2,\n", 0, ":2: field 3: empty"},
    /* header */
    {"hdr-count.csv", HDR OK1 OK2 OK1, 1, ": header says 4 samples, file has 3"},
    {"hdr-count2.csv", HDR OK1 OK2 OK1 OK2 OK1, 1, ": header says 4 samples, file has 5"},
    {"hdr-text.csv", "four,2,a,b\n" OK1, 1,
     ":1: field 1: 'four' is not a sample count (header: n_samples,n_features,class names)"},
    {"hdr-zero.csv", "4,0,a,b\n" OK1, 1,
     ":1: field 2: '0' is not a feature count (header: n_samples,n_features,class names)"},
    {"hdr-noclass.csv", "4,2\n" OK1, 1, ":1: header has 2 fields (expected n_samples,n_features,class names)"},
    {"hdr-emptyclass.csv", "4,2,a,,c\n" OK1, 1, ":1: field 4: empty class name"},
    {"hdr-empty.csv", "", 1, ": empty file (expected the header n_samples,n_features,class names)"},
    {"hdr-only.csv", HDR, 1, ": no samples"},
    {"nohdr-empty.csv", "\n\n", 0, ": no samples"},
};

static void write_text(const char *path, const char *text, int gz)
{
    size_t n = strlen(text);
    if (gz) {
        gzFile g = gzopen(path, "wb");
        if (!g || (n && gzwrite(g, text, (unsigned)n) != (int)n) || gzclose(g) != Z_OK)
            exit(2);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, n, f) != n || fclose(f))
        exit(2);
}

int main(int argc, char **argv)
{
    struct check c = {0};
    const char *dir = argc > 1 ? argv[1] : ".";
    mkdir(dir, 0777);
    char p[512];
    struct data_set s;
    struct data_err e;
    int rc;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct csv_case *t = &cases[k];
        for (int gz = 0; gz < 2; gz++) {
            snprintf(p, sizeof p, "%s/%s%s", dir, t->name, gz ? ".gz" : "");
            write_text(p, t->text, gz);
            struct data_csv_opts o = {t->header ? DATA_CSV_SKLEARN : DATA_CSV_NONE,
                                      t->header ? 0 : 2, t->header ? 0 : 3};
            memset(&e, 0, sizeof e);
            rc = data_csv_load(p, &o, &s, &e);
            if (!t->want) {
                if (check_ok(&c, __LINE__, rc, &e)) {
                    CHECK_INT(&c, s.dim, 2);
                    CHECK_INT(&c, s.n_classes, 3);
                    CHECK(&c, s.x[0] == 1.5f && s.x[1] == -2.0f && s.y[0] == 0);
                    CHECK(&c, s.x[2] == 0.0f && s.x[3] == 1000.0f && s.y[1] == 2);
                    CHECK_INT(&c, s.n, t->header ? 4 : 3);
                    if (!t->header)
                        CHECK(&c, s.x[4] == 0.5f && s.x[5] == 5.0f && s.y[2] == 1);
                }
            } else {
                check_err(&c, __LINE__, rc, &e, "%s%s", p, t->want);
                CHECK(&c, s.x == NULL && s.y == NULL && s.n == 0);
            }
            data_set_free(&s);
        }
    }

    /* a missing file; no header without sizes */
    snprintf(p, sizeof p, "%s/no-such.csv", dir);
    struct data_csv_opts o = {DATA_CSV_SKLEARN, 0, 0};
    rc = data_csv_load(p, &o, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: cannot open: No such file or directory", p);
    snprintf(p, sizeof p, "%s/good.csv", dir);
    struct data_csv_opts none = {DATA_CSV_NONE, 0, 3};
    rc = data_csv_load(p, &none, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s: without a header, n_features and n_classes must be given", p);
    struct data_csv_opts want5 = {DATA_CSV_SKLEARN, 5, 0};
    rc = data_csv_load(p, &want5, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s:1: header says 2 features, expected 5", p);
    /* a NUL byte inside a line (it would otherwise hide the rest of it) */
    {
        static const char text[] = "1.5,-2,0\n1,2\0junk\n";
        snprintf(p, sizeof p, "%s/nul.csv", dir);
        FILE *f = fopen(p, "wb");
        fwrite(text, 1, sizeof text - 1, f);
        fclose(f);
        struct data_csv_opts d = {DATA_CSV_NONE, 2, 3};
        rc = data_csv_load(p, &d, &s, &e);
        check_err(&c, __LINE__, rc, &e, "%s:2: NUL byte at column 4", p);
    }
    /* digits.csv.gz cut in half: an error, not a shorter data set; a flipped
     * byte: zlib's check fails */
    {
        static unsigned char z[1 << 20];
        FILE *f = fopen(MLPGEN_SOURCE_DIR "/examples/data/digits.csv.gz", "rb");
        size_t zn = fread(z, 1, sizeof z, f);
        fclose(f);
        snprintf(p, sizeof p, "%s/digits-cut.csv.gz", dir);
        f = fopen(p, "wb");
        fwrite(z, 1, zn / 2, f);
        fclose(f);
        struct data_csv_opts d = {DATA_CSV_NONE, 64, 10};
        rc = data_csv_load(p, &d, &s, &e);
        check_err_prefix(&c, __LINE__, rc, &e, "%s:", p);
        CHECK(&c, strstr(e.msg, ": truncated (the compressed stream ends early)") != NULL);
        z[zn / 2] ^= 0x55;
        snprintf(p, sizeof p, "%s/digits-corrupt.csv.gz", dir);
        f = fopen(p, "wb");
        fwrite(z, 1, zn, f);
        fclose(f);
        rc = data_csv_load(p, &d, &s, &e);
        check_err_prefix(&c, __LINE__, rc, &e, "%s:", p);
        printf("corrupt digits.csv.gz: %s\n", e.msg);
    }
    /* a line far longer than the reader's first buffer */
    {
        size_t n = 200000;
        char *big = malloc(n * 4 + 16);
        size_t len = 0;
        for (size_t k = 0; k < n; k++) {
            memcpy(big + len, "16,", 3);
            len += 3;
        }
        memcpy(big + len, "9\n", 3);
        snprintf(p, sizeof p, "%s/wide.csv.gz", dir);
        write_text(p, big, 1);
        struct data_csv_opts wide = {DATA_CSV_NONE, (int)n, 10};
        rc = data_csv_load(p, &wide, &s, &e);
        if (check_ok(&c, __LINE__, rc, &e))
            CHECK(&c, s.n == 1 && s.x[n - 1] == 16.0f && s.y[0] == 9);
        data_set_free(&s);
        free(big);
    }
    return check_done(&c, "csv_bad_input");
}
