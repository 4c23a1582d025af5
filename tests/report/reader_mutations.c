/* reader_mutations: the three readers of this subject (npy_read,
 * npy_manifest_read, logcsv_resume) on every truncation and on thousands
 * of seeded byte mutations of a good file: each call either succeeds or
 * fails with a message that starts with the file name; none crashes or
 * reads out of bounds (run it under -DMLPGEN_SANITIZE=ON to see that).
 * Usage: reader_mutations WORKDIR */
#include <stdint.h>
#include <sys/stat.h>

#include "log_csv.h"
#include "npy.h"
#include "report_check.h"

static uint32_t next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

enum reader { R_NPY, R_MANIFEST, R_LOG };

/* Runs the reader on path; 1 when the outcome is acceptable. */
static int run(enum reader r, const char *path)
{
    char msg[512] = "";
    int rc;
    if (r == R_NPY) {
        struct npy_array a;
        struct npy_err err;
        rc = npy_read(path, &a, &err);
        if (rc == 0)
            npy_array_free(&a);
        else
            memcpy(msg, err.msg, sizeof msg);
    } else if (r == R_MANIFEST) {
        struct npy_manifest m;
        struct npy_err err;
        rc = npy_manifest_read(path, &m, &err);
        if (rc == 0)
            npy_manifest_free(&m);
        else
            memcpy(msg, err.msg, sizeof msg);
    } else {
        struct logcsv log;
        struct logcsv_err err;
        rc = logcsv_resume(&log, path, 2, &err); /* keeps all: no rewrite */
        if (rc == 0)
            logcsv_free(&log);
        else
            memcpy(msg, err.msg, sizeof msg);
    }
    if (rc == 0)
        return 1;
    if (strncmp(msg, path, strlen(path)) != 0 || strlen(msg) <= strlen(path) + 2) {
        fprintf(stderr, "bad message for %s: [%s]\n", path, msg);
        return 0;
    }
    return 1;
}

/* A fresh file each time: truncating one just written makes ext4 flush it
 * (auto_da_alloc), which costs seconds over thousands of rounds. */
static void put(const char *path, const void *p, size_t n)
{
    remove(path);
    check_write_file(path, p, n);
}

static void mutate_all(struct check *c, enum reader r, const char *good, const char *path,
                       uint32_t seed, int rounds)
{
    size_t n;
    char *orig = check_read_file(good, &n);
    char *buf = malloc(n + 1);
    int fails = 0;
    /* every truncation */
    for (size_t len = 0; len < n; len++) {
        put(path, orig, len);
        fails += !run(r, path);
    }
    /* 1 to 4 random bytes replaced, biased towards the structure characters */
    static const char special[] = "{}[](),:'\"\\\n0123456789-.eL";
    for (int k = 0; k < rounds; k++) {
        memcpy(buf, orig, n);
        int edits = 1 + (int)(next(&seed) % 4);
        for (int e = 0; e < edits; e++) {
            size_t at = next(&seed) % n;
            uint32_t v = next(&seed);
            buf[at] = (v & 1) ? special[(v >> 1) % (sizeof special - 1)] : (char)(v >> 8);
        }
        put(path, buf, n);
        fails += !run(r, path);
    }
    CHECK(c, fails == 0);
    free(buf);
    free(orig);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    struct check c = {0, 0};
    char dir[512], good[600], path[600];
    mkdir(argv[1], 0777);
    snprintf(dir, sizeof dir, "%s/mutations", argv[1]);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/mutant", dir);
    struct npy_err err;

    snprintf(good, sizeof good, "%s/good.npy", dir);
    double v[6] = {1, 2, 3, 4, 5, 6};
    CHECK(&c, npy_write(good, NPY_F8, (struct npy_shape){2, {2, 3}}, v, &err) == 0);
    mutate_all(&c, R_NPY, good, path, 12345u, 1500);

    snprintf(good, sizeof good, "%s/manifest.json", dir);
    struct npy_manifest_entry e[2] = {
        {"layer1.weights", "w.npy", NPY_I2, {2, {32, 64}}, 16, 12},
        {"layer1.biases", "b.npy", NPY_F8, {1, {32, 1}}, 0, -1},
    };
    CHECK(&c, npy_manifest_write(good, "net", e, 2, &err) == 0);
    mutate_all(&c, R_MANIFEST, good, path, 777u, 1500);

    snprintf(good, sizeof good, "%s/log.csv", dir);
    struct logcsv log;
    struct logcsv_err lerr;
    CHECK(&c, logcsv_create(&log, good, &lerr) == 0);
    struct logcsv_row r1 = {1, 0.5, 0.8, 0.79, 1000, 12.5, 3};
    struct logcsv_row r2 = {2, 0.4, 0.85, 0.84, 1000, 12.5, 0};
    CHECK(&c, logcsv_append(&log, &r1, &lerr) == 0);
    CHECK(&c, logcsv_append(&log, &r2, &lerr) == 0);
    logcsv_free(&log);
    mutate_all(&c, R_LOG, good, path, 99u, 1000);
    return check_done(&c, "reader_mutations");
}
