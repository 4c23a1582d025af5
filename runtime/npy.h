/* npy: numpy .npy files (format version 1.0, little endian, C order) for the
 * dtypes <i2, <i4, <i8 and <f8 and 1-D or 2-D shapes, so numpy and PyTorch
 * read weights written by the host program, and the host reads them back
 * with every mismatch caught. Also the manifest: one small JSON file that
 * lists the tensors of a weights directory with their files, shapes, dtypes
 * and fixed-point formats.
 *
 * In memory the data is the host's native type for the dtype (int16_t,
 * int32_t, int64_t, double), row-major; on disk it is little endian whatever
 * the host is. Files are written through atomic_file (temporary sibling,
 * fsync, rename), so a reader never sees half a file.
 *
 * Errors are values: functions that can fail return 0 or -1, after writing
 * one message that names the file and what is wrong into struct npy_err. */
#ifndef MLPGEN_NPY_H
#define MLPGEN_NPY_H

#include <stddef.h>
#include <stdint.h>

struct npy_err {
    char msg[512];
};

enum npy_dtype { NPY_I2, NPY_I4, NPY_I8, NPY_F8 };

/* The numpy descr string ("<i2", "<i4", "<i8", "<f8") and the item size. */
const char *npy_dtype_descr(enum npy_dtype dtype);
size_t npy_dtype_size(enum npy_dtype dtype);

/* A tensor: ndim is 1 or 2, shape[1] is 1 for 1-D (ignored). */
struct npy_shape {
    int ndim;
    int64_t dim[2];
};

/* Writes path: the header and shape[0]*shape[1] items of data. */
int npy_write(const char *path, enum npy_dtype dtype, struct npy_shape shape,
              const void *data, struct npy_err *err);

/* A tensor read from a file: data is malloc'ed, freed by npy_array_free. */
struct npy_array {
    enum npy_dtype dtype;
    struct npy_shape shape;
    void *data;
};
void npy_array_free(struct npy_array *a);

/* Reads any supported file. Checks the magic, the version (1.0 only), the
 * header dict (descr, fortran_order False, shape of 1 or 2 dimensions) and
 * that the data is exactly as long as the shape says. */
int npy_read(const char *path, struct npy_array *out, struct npy_err *err);

/* Reads a file that must hold exactly this dtype and shape into data (which
 * has room for the items). Wrong dtype or shape is an error naming both. */
int npy_read_expect(const char *path, enum npy_dtype dtype, struct npy_shape shape,
                    void *data, struct npy_err *err);

/* ---- fixed-point tensors (the int32 raw buffers of the device) ---- */

/* The smallest dtype that holds a signed width-bit raw value: <i2 up to 16
 * bits, <i4 up to 32, else <i8. */
enum npy_dtype npy_dtype_for_width(int width);

/* Writes raw int32 values as dtype (<i2, <i4 or <i8). A value that does
 * not fit dtype is an error naming its index (nothing is written). */
int npy_write_raw32(const char *path, enum npy_dtype dtype, struct npy_shape shape,
                    const int32_t *raw, struct npy_err *err);

/* Writes the real values raw[i] * 2^-frac_bits as <f8 (exact). */
int npy_write_real32(const char *path, struct npy_shape shape, const int32_t *raw,
                     int frac_bits, struct npy_err *err);

/* Reads a file that must hold exactly this dtype and shape into int32 raw
 * values, each of which must lie in the signed width-bit range; a value
 * outside it is an error naming its index and the range. */
int npy_read_raw32(const char *path, enum npy_dtype dtype, struct npy_shape shape, int width,
                   int32_t *raw, struct npy_err *err);

/* ---- manifest ---- */

/* One tensor file of a weights directory. frac_bits < 0 marks real values
 * (float64); otherwise the integers are fixed-point raw values of that
 * width with frac_bits fraction bits (real = raw / 2^frac_bits). */
struct npy_manifest_entry {
    const char *name; /* e.g. "layer1.weights" */
    const char *file; /* relative to the manifest, e.g. "layer1_weights.npy" */
    enum npy_dtype dtype;
    struct npy_shape shape;
    int width;     /* fixed-point width in bits; ignored when frac_bits < 0 */
    int frac_bits; /* < 0: real values */
};

/* Writes the manifest (JSON, one tensor per line). Write it after the
 * tensor files: each file is replaced atomically on its own, so a manifest
 * on disk only ever lists files that are complete. Names up to 127 bytes,
 * file names up to 255 without '/', unique names (what the reader takes).
 *   {"format": "mlpgen-tensors 1", "network": "...", "tensors": [
 *    {"name": "...", "file": "...", "dtype": "<i2", "shape": [32, 64],
 *     "format": "fixed", "width": 16, "frac_bits": 12},
 *    {"name": "...", "file": "...", "dtype": "<f8", "shape": [32], "format": "real"}
 *   ]} */
int npy_manifest_write(const char *path, const char *network,
                       const struct npy_manifest_entry *entries, int n,
                       struct npy_err *err);

/* A manifest read back. frac_bits is -1 for real values. */
struct npy_manifest_tensor {
    char name[128];
    char file[256]; /* a plain file name in the manifest's directory */
    enum npy_dtype dtype;
    struct npy_shape shape;
    int width, frac_bits;
};
struct npy_manifest {
    char network[128];
    int n;
    struct npy_manifest_tensor *tensors;
};

/* Reads a manifest written by npy_manifest_write (any JSON spacing; keys in
 * any order; unknown keys are skipped). Errors name the file and line. */
int npy_manifest_read(const char *path, struct npy_manifest *m, struct npy_err *err);
void npy_manifest_free(struct npy_manifest *m);

/* The tensor called name, or NULL. */
const struct npy_manifest_tensor *npy_manifest_find(const struct npy_manifest *m,
                                                    const char *name);

#endif
