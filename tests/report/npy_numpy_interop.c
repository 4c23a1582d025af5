/* npy_numpy_interop: numpy reads what npy_write wrote, and npy_read reads
 * what numpy.save wrote, both compared with values computed independently
 * on each side from the same formulas (npy_numpy_check.py is the numpy
 * side). numpy's Fortran-order, float32 and 3-D files are refused with
 * their messages. Skips (77) when no python3 with numpy is found.
 * Usage: npy_numpy_interop WORKDIR */
#include <stdint.h>
#include <sys/stat.h>

#include "npy.h"
#include "report_check.h"

#define N 35

static double f8_value(int k)
{
    return (double)(k - 17) / 8.0 + 1.0 / 3.0;
}

/* The first interpreter of this list that has numpy, or NULL. */
static const char *find_python(void)
{
    static const char *const cands[] = {"python3", "/usr/bin/python3"};
    for (size_t k = 0; k < sizeof cands / sizeof cands[0]; k++) {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "%s -c 'import numpy' >/dev/null 2>&1", cands[k]);
        if (system(cmd) == 0)
            return cands[k];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    const char *py = find_python();
    if (!py) {
        printf("npy_numpy_interop: no python3 with numpy; skipped\n");
        return 77;
    }
    struct check c = {0, 0};
    char dir[512], path[700];
    mkdir(argv[1], 0777);
    snprintf(dir, sizeof dir, "%s/npy_numpy", argv[1]);
    mkdir(dir, 0777);
    struct npy_err err;

    int16_t i2[N];
    int32_t i4[N];
    int64_t i8[N];
    double f8[N];
    for (int k = 0; k < N; k++) {
        i2[k] = (int16_t)(k * 937 - 16000);
        i4[k] = k * 123457 - 2000000000;
        i8[k] = INT64_MIN / 2 + (int64_t)k * ((int64_t)1 << 56);
        f8[k] = f8_value(k);
    }
    struct {
        const char *name;
        enum npy_dtype dt;
        struct npy_shape shape;
        const void *data;
    } files[] = {
        {"i2_2d", NPY_I2, {2, {7, 5}}, i2}, {"i4_1d", NPY_I4, {1, {35, 1}}, i4},
        {"i8_2d", NPY_I8, {2, {5, 7}}, i8}, {"f8_1d", NPY_F8, {1, {35, 1}}, f8},
        {"f8_2d", NPY_F8, {2, {7, 5}}, f8},
    };
    size_t nfiles = sizeof files / sizeof files[0];
    for (size_t f = 0; f < nfiles; f++) {
        snprintf(path, sizeof path, "%s/c_%s.npy", dir, files[f].name);
        CHECK(&c, npy_write(path, files[f].dt, files[f].shape, files[f].data, &err) == 0);
    }
    struct npy_manifest_entry man[2] = {
        {"w", "c_i2_2d.npy", NPY_I2, {2, {7, 5}}, 16, 8},
        {"w_real", "c_f8_2d.npy", NPY_F8, {2, {7, 5}}, 0, -1},
    };
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    CHECK(&c, npy_manifest_write(path, "interop", man, 2, &err) == 0);

    char cmd[1500];
    snprintf(cmd, sizeof cmd, "%s %s/tests/report/npy_numpy_check.py %s", py, MLPGEN_SOURCE_DIR,
             dir);
    fflush(stdout);
    CHECK(&c, system(cmd) == 0);

    for (size_t f = 0; f < nfiles; f++) {
        snprintf(path, sizeof path, "%s/np_%s.npy", dir, files[f].name);
        static int64_t back[N];
        memset(back, 0x55, sizeof back);
        int rc = npy_read_expect(path, files[f].dt, files[f].shape, back, &err);
        if (rc)
            fprintf(stderr, "%s\n", err.msg);
        CHECK(&c, rc == 0);
        CHECK(&c, memcmp(back, files[f].data, N * npy_dtype_size(files[f].dt)) == 0);
    }
    struct {
        const char *name, *msg;
    } refused[] = {
        {"np_fortran.npy", "fortran_order True not supported (C order only)"},
        {"np_f4.npy", "dtype '<f4' not supported (expected <i2, <i4, <i8 or <f8)"},
        {"np_3d.npy", "shape has 3 dimensions (expected 1 or 2)"},
    };
    for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++) {
        struct npy_array a;
        char want[900];
        snprintf(path, sizeof path, "%s/%s", dir, refused[k].name);
        snprintf(want, sizeof want, "%s: %s", path, refused[k].msg);
        CHECK(&c, npy_read(path, &a, &err) == -1);
        CHECK_STR(&c, err.msg, want);
    }
    return check_done(&c, "npy_numpy_interop");
}
