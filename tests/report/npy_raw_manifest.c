/* npy_raw_manifest: the device's int32 raw tensors go out as the narrow
 * dtype of their width and as exact real values (checked against values
 * worked out by hand), come back in with every value range-checked; the
 * manifest reads back what was written, and each malformed manifest gives
 * one message naming the file and line. Usage: npy_raw_manifest WORKDIR */
#include <stdint.h>
#include <sys/stat.h>

#include "npy.h"
#include "report_check.h"

static void manifest_bad(struct check *c, const char *dir, const char *text, const char *want)
{
    char path[600], full[1200];
    snprintf(path, sizeof path, "%s/bad_manifest.json", dir);
    check_write_file(path, text, strlen(text));
    snprintf(full, sizeof full, "%s%s", path, want);
    struct npy_manifest m;
    struct npy_err err;
    int rc = npy_manifest_read(path, &m, &err);
    CHECK(c, rc == -1);
    if (rc == 0)
        npy_manifest_free(&m);
    else
        CHECK_STR(c, err.msg, full);
}

#define HEAD "{\"format\": \"mlpgen-tensors 1\", \"network\": \"n\", \"tensors\": [\n"
#define T_OK " {\"name\": \"w\", \"file\": \"w.npy\", \"dtype\": \"<i2\", \"shape\": [2, 3], \"format\": \"fixed\", \"width\": 16, \"frac_bits\": 12}"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    struct check c = {0, 0};
    char dir[512], path[600], want[1200];
    mkdir(argv[1], 0777);
    snprintf(dir, sizeof dir, "%s/npy_raw", argv[1]);
    mkdir(dir, 0777);
    struct npy_err err;

    CHECK(&c, npy_dtype_for_width(8) == NPY_I2);
    CHECK(&c, npy_dtype_for_width(16) == NPY_I2);
    CHECK(&c, npy_dtype_for_width(17) == NPY_I4);
    CHECK(&c, npy_dtype_for_width(32) == NPY_I4);
    CHECK(&c, npy_dtype_for_width(33) == NPY_I8);

    /* raw out as <i2 and back */
    struct npy_shape s23 = {2, {2, 3}};
    int32_t raw[6] = {-32768, 32767, 0, -1, 4096, -4096};
    snprintf(path, sizeof path, "%s/w_raw.npy", dir);
    CHECK(&c, npy_write_raw32(path, NPY_I2, s23, raw, &err) == 0);
    {
        size_t n = 0;
        char *bytes = check_read_file(path, &n);
        CHECK(&c, n == 128 + 12); /* two bytes a value */
        free(bytes);
    }
    int32_t back[6] = {0};
    CHECK(&c, npy_read_raw32(path, NPY_I2, s23, 16, back, &err) == 0);
    CHECK(&c, memcmp(back, raw, sizeof raw) == 0);
    /* a 12-bit format: -32768 is out of range, at index (0, 0) */
    CHECK(&c, npy_read_raw32(path, NPY_I2, s23, 12, back, &err) == -1);
    snprintf(want, sizeof want, "%s: value -32768 at index (0, 0) outside the 12-bit range -2048..2047", path);
    CHECK_STR(&c, err.msg, want);
    CHECK(&c, npy_read_raw32(path, NPY_I4, s23, 16, back, &err) == -1);
    snprintf(want, sizeof want, "%s: wrong dtype: file has <i2, expected <i4", path);
    CHECK_STR(&c, err.msg, want);
    /* a value that does not fit <i2: nothing written */
    int32_t wide[6] = {0, 0, 0, 0, 0, 40000};
    snprintf(path, sizeof path, "%s/too_wide.npy", dir);
    remove(path);
    CHECK(&c, npy_write_raw32(path, NPY_I2, s23, wide, &err) == -1);
    snprintf(want, sizeof want, "%s: value 40000 at index (1, 2) does not fit <i2", path);
    CHECK_STR(&c, err.msg, want);
    struct stat st;
    CHECK(&c, stat(path, &st) != 0);
    /* as <i4 it fits; read back with a 16-bit width it does not */
    struct npy_shape s6 = {1, {6, 1}};
    CHECK(&c, npy_write_raw32(path, NPY_I4, s6, wide, &err) == 0);
    CHECK(&c, npy_read_raw32(path, NPY_I4, s6, 16, back, &err) == -1);
    snprintf(want, sizeof want, "%s: value 40000 at index 5 outside the 16-bit range -32768..32767", path);
    CHECK_STR(&c, err.msg, want);
    CHECK(&c, npy_read_raw32(path, NPY_I4, s6, 17, back, &err) == 0);
    CHECK(&c, back[5] == 40000);

    /* real values: raw / 2^12, exact */
    int32_t r4[4] = {1, -3, 4096, INT32_MIN};
    struct npy_shape s4 = {1, {4, 1}};
    snprintf(path, sizeof path, "%s/w_real.npy", dir);
    CHECK(&c, npy_write_real32(path, s4, r4, 12, &err) == 0);
    double real[4];
    CHECK(&c, npy_read_expect(path, NPY_F8, s4, real, &err) == 0);
    CHECK(&c, real[0] == 0.000244140625);  /* 1 / 4096 */
    CHECK(&c, real[1] == -0.000732421875); /* -3 / 4096 */
    CHECK(&c, real[2] == 1.0);
    CHECK(&c, real[3] == -524288.0);       /* -2^31 / 2^12 */

    /* manifest round trip */
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    struct npy_manifest_entry e[3] = {
        {"layer1.weights", "layer1_weights_raw.npy", NPY_I2, {2, {32, 64}}, 16, 12},
        {"layer1.weights.real", "layer1_weights.npy", NPY_F8, {2, {32, 64}}, 0, -1},
        {"layer1.biases", "layer1_biases_raw.npy", NPY_I4, {1, {32, 1}}, 24, 20},
    };
    CHECK(&c, npy_manifest_write(path, "fmnist \"mlp\"", e, 3, &err) == 0);
    struct npy_manifest m;
    CHECK(&c, npy_manifest_read(path, &m, &err) == 0);
    CHECK_STR(&c, m.network, "fmnist \"mlp\"");
    CHECK(&c, m.n == 3);
    for (int k = 0; k < 3 && m.n == 3; k++) {
        CHECK_STR(&c, m.tensors[k].name, e[k].name);
        CHECK_STR(&c, m.tensors[k].file, e[k].file);
        CHECK(&c, m.tensors[k].dtype == e[k].dtype);
        CHECK(&c, m.tensors[k].shape.ndim == e[k].shape.ndim);
        CHECK(&c, m.tensors[k].shape.dim[0] == e[k].shape.dim[0]);
        CHECK(&c, m.tensors[k].frac_bits == e[k].frac_bits);
        CHECK(&c, e[k].frac_bits < 0 || m.tensors[k].width == e[k].width);
    }
    CHECK(&c, npy_manifest_find(&m, "layer1.biases") == &m.tensors[2]);
    CHECK(&c, npy_manifest_find(&m, "layer2.biases") == NULL);
    npy_manifest_free(&m);
    /* other spacing, key order, unknown keys */
    manifest_bad(&c, dir, "", ":1: not a JSON object");
    {
        const char *loose = "{ \"extra\" : [1, {\"a\": null}, true], \"tensors\":[{\"format\":\"real\","
                            "\"shape\":[5],\"dtype\":\"<f8\",\"file\":\"b.npy\",\"name\":\"b\\u0031\"}],"
                            "\"format\":\"mlpgen-tensors 1\"}\n";
        snprintf(path, sizeof path, "%s/loose.json", dir);
        check_write_file(path, loose, strlen(loose));
        CHECK(&c, npy_manifest_read(path, &m, &err) == 0);
        CHECK(&c, m.n == 1 && strcmp(m.tensors[0].name, "b1") == 0 && m.tensors[0].shape.ndim == 1 &&
                      m.tensors[0].shape.dim[0] == 5 && m.tensors[0].frac_bits == -1);
        CHECK_STR(&c, m.network, "");
        npy_manifest_free(&m);
    }

    /* malformed manifests */
    manifest_bad(&c, dir, "{\"format\": \"mlpgen-tensors 2\", \"tensors\": []}",
                 ":1: format 'mlpgen-tensors 2' is not \"mlpgen-tensors 1\"");
    manifest_bad(&c, dir, "{\"tensors\": []}", ": not a tensor manifest (missing \"format\")");
    manifest_bad(&c, dir, HEAD T_OK ",\n {\"name\": \"b\", \"file\": \"b.npy\", \"dtype\": \"<f8\", \"format\": \"real\"}\n]}",
                 ":3: tensor 1: missing \"shape\"");
    manifest_bad(&c, dir, HEAD " {\"name\": \"b\", \"file\": \"b.npy\", \"dtype\": \"<f4\"",
                 ":2: dtype '<f4' not supported (expected <i2, <i4, <i8 or <f8)");
    manifest_bad(&c, dir, HEAD " {\"name\": \"b\", \"file\": \"../b.npy\"",
                 ":2: tensor file must be a plain file name beside the manifest");
    manifest_bad(&c, dir, HEAD T_OK ",\n" T_OK "\n]}", ":3: tensor 1: name 'w' appears twice");
    manifest_bad(&c, dir,
                 HEAD " {\"name\": \"w\", \"file\": \"w.npy\", \"dtype\": \"<i2\", \"shape\": [2], \"format\": \"fixed\"}]}",
                 ":2: tensor 0 (w): fixed format needs \"width\" and \"frac_bits\"");
    manifest_bad(&c, dir,
                 HEAD " {\"name\": \"w\", \"file\": \"w.npy\", \"dtype\": \"<i2\", \"shape\": [2], \"format\": \"fixed\", "
                      "\"width\": 20, \"frac_bits\": 12}]}",
                 ":2: tensor 0 (w): width 20 does not suit dtype <i2");
    manifest_bad(&c, dir, HEAD " {\"name\": \"w\", \"shape\": [2, 3, 4]", ":2: shape has more than 2 dimensions");
    manifest_bad(&c, dir, HEAD " {\"name\": \"w\", \"shape\": [2.5]", ":2: expected an integer");
    manifest_bad(&c, dir, HEAD T_OK "\n]}\nx", ":4: text after the closing '}'");
    manifest_bad(&c, dir, HEAD T_OK "\n", ":3: expected ',' or ']' after a tensor");
    manifest_bad(&c, dir, "{\"format\" \"mlpgen-tensors 1\", \"tensors\": []}", ":1: expected ':' after a key");
    {
        size_t big = (1u << 20) + 1;
        char *spaces = malloc(big);
        memset(spaces, ' ', big);
        snprintf(path, sizeof path, "%s/big.json", dir);
        check_write_file(path, spaces, big);
        free(spaces);
        CHECK(&c, npy_manifest_read(path, &m, &err) == -1);
        snprintf(want, sizeof want, "%s: larger than 1 MiB, not a manifest", path);
        CHECK_STR(&c, err.msg, want);
        remove(path);
        CHECK(&c, npy_manifest_read(dir, &m, &err) == -1);
        snprintf(want, sizeof want, "%s: not a regular file", dir);
        CHECK_STR(&c, err.msg, want);
    }
    snprintf(path, sizeof path, "%s/none.json", dir);
    remove(path);
    CHECK(&c, npy_manifest_read(path, &m, &err) == -1);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    CHECK_STR(&c, err.msg, want);
    return check_done(&c, "npy_raw_manifest");
}
