/* npy_round_trip: the bytes of a small .npy file written by npy_write are
 * the ones worked out by hand from the format (numpy.lib.format, version
 * 1.0), and every dtype and shape reads back bit for bit, including the
 * extremes of each integer type and the special doubles. The manifest of a
 * small set of tensors matches its hand-written text.
 * Usage: npy_round_trip WORKDIR */
#include <math.h>
#include <stdint.h>
#include <sys/stat.h>

#include "npy.h"
#include "report_check.h"

static int same_bytes(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n) == 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    struct check c = {0, 0};
    char dir[512], path[600];
    mkdir(argv[1], 0777);
    snprintf(dir, sizeof dir, "%s/npy", argv[1]);
    mkdir(dir, 0777);
    struct npy_err err;

    /* 1. hand-computed bytes: int16 [1, -2, 258], shape (3,).
     * dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }" is
     * 57 characters; 10 + 57 + 1 = 68 rounds up to 128, so the header
     * length is 118 = 0x76: 57 characters, 60 spaces, '\n'. Data: 01 00,
     * fe ff, 02 01. */
    {
        snprintf(path, sizeof path, "%s/small_i2.npy", dir);
        int16_t v[3] = {1, -2, 258};
        CHECK(&c, npy_write(path, NPY_I2, (struct npy_shape){1, {3, 1}}, v, &err) == 0);
        unsigned char want[134];
        const char *dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }";
        CHECK(&c, strlen(dict) == 57);
        memcpy(want, "\x93NUMPY\x01\x00\x76\x00", 10);
        memcpy(want + 10, dict, 57);
        memset(want + 67, ' ', 60);
        want[127] = '\n';
        memcpy(want + 128, "\x01\x00\xfe\xff\x02\x01", 6);
        size_t n;
        char *got = check_read_file(path, &n);
        CHECK(&c, got && n == sizeof want && same_bytes(got, want, sizeof want));
        free(got);
    }
    /* 2-D float64 (2, 3): dict is 59 characters, still one 128-byte header;
     * 0.5 is 3f e0 00.. so its last byte (big end) is 0x3f. */
    {
        snprintf(path, sizeof path, "%s/small_f8.npy", dir);
        double v[6] = {0.5, 0, 0, 0, 0, -2.0};
        CHECK(&c, npy_write(path, NPY_F8, (struct npy_shape){2, {2, 3}}, v, &err) == 0);
        size_t n;
        unsigned char *got = (unsigned char *)check_read_file(path, &n);
        const char *dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        CHECK(&c, got && n == 128 + 48);
        CHECK(&c, got && memcmp(got + 10, dict, strlen(dict)) == 0);
        CHECK(&c, got && got[8] == 118 && got[9] == 0);
        CHECK(&c, got && got[128 + 6] == 0xe0 && got[128 + 7] == 0x3f); /* 0.5 */
        CHECK(&c, got && got[128 + 40 + 7] == 0xc0);                     /* -2.0 */
        free(got);
    }

    /* 2. round trip of every dtype and both ranks, with extremes */
    {
        int16_t i2[6] = {INT16_MIN, INT16_MAX, 0, -1, 1, 12345};
        int32_t i4[6] = {INT32_MIN, INT32_MAX, 0, -1, 1, 123456789};
        int64_t i8[6] = {INT64_MIN, INT64_MAX, 0, -1, 1, (int64_t)1 << 40};
        double f8[6] = {-0.0, 1.0 / 3.0, INFINITY, -INFINITY, NAN, 5e-324};
        const void *src[4] = {i2, i4, i8, f8};
        enum npy_dtype dt[4] = {NPY_I2, NPY_I4, NPY_I8, NPY_F8};
        struct npy_shape shapes[3] = {{1, {6, 1}}, {2, {2, 3}}, {2, {6, 1}}};
        for (int k = 0; k < 4; k++)
            for (int s = 0; s < 3; s++) {
                snprintf(path, sizeof path, "%s/rt_%d_%d.npy", dir, k, s);
                CHECK(&c, npy_write(path, dt[k], shapes[s], src[k], &err) == 0);
                struct npy_array a;
                CHECK(&c, npy_read(path, &a, &err) == 0);
                CHECK(&c, a.dtype == dt[k]);
                CHECK(&c, a.shape.ndim == shapes[s].ndim && a.shape.dim[0] == shapes[s].dim[0]);
                CHECK(&c, a.shape.ndim == 1 || a.shape.dim[1] == shapes[s].dim[1]);
                CHECK(&c, a.data && same_bytes(a.data, src[k], 6 * npy_dtype_size(dt[k])));
                npy_array_free(&a);
                /* and through the expecting reader */
                unsigned char back[48];
                memset(back, 0xaa, sizeof back);
                CHECK(&c, npy_read_expect(path, dt[k], shapes[s], back, &err) == 0);
                CHECK(&c, same_bytes(back, src[k], 6 * npy_dtype_size(dt[k])));
            }
    }
    /* empty tensors are legal */
    {
        snprintf(path, sizeof path, "%s/empty.npy", dir);
        CHECK(&c, npy_write(path, NPY_I4, (struct npy_shape){2, {0, 5}}, NULL, &err) == 0);
        struct npy_array a;
        CHECK(&c, npy_read(path, &a, &err) == 0);
        CHECK(&c, a.shape.ndim == 2 && a.shape.dim[0] == 0 && a.shape.dim[1] == 5);
        npy_array_free(&a);
    }
    /* a bad shape is refused by the writer, and nothing is created */
    {
        snprintf(path, sizeof path, "%s/neg.npy", dir);
        int32_t v = 0;
        CHECK(&c, npy_write(path, NPY_I4, (struct npy_shape){3, {1, 1}}, &v, &err) == -1);
        CHECK(&c, strstr(err.msg, "cannot write shape") != NULL);
        CHECK(&c, npy_write(path, NPY_I4, (struct npy_shape){1, {-1, 1}}, &v, &err) == -1);
        struct stat st;
        CHECK(&c, stat(path, &st) != 0);
    }

    /* 3. manifest */
    {
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        struct npy_manifest_entry e[2] = {
            {"layer1.weights", "layer1_weights_raw.npy", NPY_I2, {2, {32, 64}}, 16, 12},
            {"layer1.\"b\"", "layer1_biases.npy", NPY_F8, {1, {32, 1}}, 0, -1},
        };
        CHECK(&c, npy_manifest_write(path, "digits", e, 2, &err) == 0);
        char *got = check_read_file(path, NULL);
        CHECK_STR(&c, got ? got : "",
                  "{\"format\": \"mlpgen-tensors 1\", \"network\": \"digits\", \"tensors\": [\n"
                  " {\"name\": \"layer1.weights\", \"file\": \"layer1_weights_raw.npy\", "
                  "\"dtype\": \"<i2\", \"shape\": [32, 64], \"format\": \"fixed\", \"width\": 16, "
                  "\"frac_bits\": 12},\n"
                  " {\"name\": \"layer1.\\\"b\\\"\", \"file\": \"layer1_biases.npy\", "
                  "\"dtype\": \"<f8\", \"shape\": [32], \"format\": \"real\"}\n"
                  "]}\n");
        free(got);
        struct npy_manifest_entry bad = {"w", "w.npy", NPY_F8, {1, {3, 1}}, 16, 12};
        CHECK(&c, npy_manifest_write(path, "digits", &bad, 1, &err) == -1);
        CHECK(&c, strstr(err.msg, "need an integer dtype") != NULL);
        struct npy_manifest_entry twice[2] = {e[0], e[0]};
        twice[1].file = "other.npy";
        CHECK(&c, npy_manifest_write(path, "digits", twice, 2, &err) == -1);
        char want[800];
        snprintf(want, sizeof want, "%s: manifest entry 1: name 'layer1.weights' appears twice", path);
        CHECK_STR(&c, err.msg, want);
        struct npy_manifest_entry sub = e[1];
        sub.file = "../w.npy";
        CHECK(&c, npy_manifest_write(path, "digits", &sub, 1, &err) == -1);
        CHECK(&c, strstr(err.msg, "file not a plain name") != NULL);
    }
    return check_done(&c, "npy_round_trip");
}
