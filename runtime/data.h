/* data: the data layer of the runtime. Readers for IDX (MNIST, Fashion-MNIST)
 * and scikit-learn CSV files (plain or gzip), a seeded stratified train/test
 * split, a seeded per-epoch shuffle, and the `normalize` step of net.desc.
 * docs/data.md specifies every algorithm here bit for bit.
 *
 * Errors are values: every function that can fail returns 0 on success and
 * -1 on failure, after writing one message into the caller's struct data_err
 * that names the file and the record, line or field. Nothing here prints,
 * exits or keeps global state. */
#ifndef MLPGEN_DATA_H
#define MLPGEN_DATA_H

#include <stddef.h>
#include <stdint.h>

/* One error message, filled by the failing call. */
struct data_err {
    char msg[512];
};

/* n samples of dim raw features each (row-major, x[i*dim + j]) and their
 * labels y[i] in 0 .. n_classes-1. Raw values are what the file holds
 * (pixels 0..255, digits 0..16, iris centimetres as the nearest float);
 * normalization is applied separately, in double (data_norm_row). */
struct data_set {
    int n, dim, n_classes;
    float *x;
    int *y;
};

/* Frees x and y and zeroes the set; safe on a zeroed or already freed set. */
void data_set_free(struct data_set *set);

/* out = the samples idx[0..count-1] of src, in that order. */
int data_subset(const struct data_set *src, const int *idx, int count,
                struct data_set *out, struct data_err *err);

/* ---- readers (data_idx.c, data_csv.c); plain and .gz files alike ---- */

/* IDX pair: unsigned-byte images (magic 0x00000803, n x rows x cols) and
 * labels (magic 0x00000801, n); labels must lie in 0 .. n_classes-1.
 * dim = rows*cols. */
int data_idx_load(const char *images_path, const char *labels_path,
                  int n_classes, struct data_set *out, struct data_err *err);

/* CSV: one sample per line, the features then the integer label in the last
 * column. header = DATA_CSV_SKLEARN: the first line is scikit-learn's
 * `n_samples,n_features,class_name...` (iris.csv); n_features and n_classes
 * come from it (an opts value that is > 0 must agree with it).
 * header = DATA_CSV_NONE: every line is data; opts gives n_features and
 * n_classes (digits.csv.gz: 64, 10). */
enum data_csv_header { DATA_CSV_NONE, DATA_CSV_SKLEARN };
struct data_csv_opts {
    enum data_csv_header header;
    int n_features; /* > 0, or 0 to take it from the header */
    int n_classes;  /* > 0, or 0 to take it from the header */
};
int data_csv_load(const char *path, const struct data_csv_opts *opts,
                  struct data_set *out, struct data_err *err);

/* ---- seeded randomness (data_split.c) ---- */

/* splitmix64's output function applied to z (docs/data.md). */
uint64_t data_mix64(uint64_t z);
/* Key of one random stream: mix(mix(mix(seed) ^ stream) ^ index). */
uint64_t data_rng_key(uint64_t seed, uint64_t stream, uint64_t index);
/* Draw number `counter` (0, 1, 2, ...) of the stream keyed `key`:
 * mix(key + (counter + 1) * 0x9E3779B97F4A7C15). */
uint64_t data_rng_u64(uint64_t key, uint64_t counter);

/* A uniform integer in [0, bound), bound >= 1: draws r = data_rng_u64(key,
 * (*counter)++) until r >= 2^64 mod bound, then returns r mod bound. */
uint64_t data_rng_uniform(uint64_t key, uint64_t *counter, uint64_t bound);

enum { DATA_STREAM_SPLIT = 1, DATA_STREAM_EPOCH = 2 };

/* Fisher-Yates shuffle of a[0..n-1] driven by the stream `key`, starting at
 * draw 0. */
void data_shuffle(int *a, int n, uint64_t key);

/* order[0..n-1] = the training order of epoch `epoch` (0-based): the
 * identity permutation shuffled with data_rng_key(seed, DATA_STREAM_EPOCH,
 * epoch). Depends only on (seed, epoch, n), so a run resumes at any batch. */
void data_epoch_order(int *order, int n, uint64_t seed, uint64_t epoch);

/* Number of test samples for a fraction: ceil(fraction * n), as
 * scikit-learn's train_test_split computes it (0.2 of 1797 -> 360). */
int data_split_test_count(int n, double fraction);

/* Stratified split of `all` into n_test test samples and the rest. Per-class
 * test counts by the largest-remainder rule; which samples of a class go to
 * test is a shuffle keyed data_rng_key(seed, DATA_STREAM_SPLIT, class).
 * Both outputs keep file order. test_idx/train_idx, when not NULL, receive
 * the indices into `all` (n_test and all->n - n_test entries). */
int data_split_stratified(const struct data_set *all, int n_test, uint64_t seed,
                          struct data_set *train, struct data_set *test,
                          int *train_idx, int *test_idx, struct data_err *err);

/* ---- normalize (data_norm.c) ---- */

enum data_norm_kind { DATA_NORM_NONE, DATA_NORM_SCALE, DATA_NORM_STANDARDIZE };

/* The `normalize` statement, fitted: for standardize the per-feature mean
 * and standard deviation of the training split (std 0 stored as 1). */
struct data_norm {
    enum data_norm_kind kind;
    int dim;
    double factor; /* scale only */
    double *mean;  /* standardize only: dim entries */
    double *std;   /* standardize only: dim entries, never 0 */
};

/* none and scale need no data (train may be NULL for them); standardize
 * computes mean and std from train. factor must be finite and > 0. */
int data_norm_fit(struct data_norm *norm, enum data_norm_kind kind,
                  double factor, int dim, const struct data_set *train,
                  struct data_err *err);
/* out[j] = the normalized raw[j], j < norm->dim, computed in double:
 * raw, raw * factor, or (raw - mean[j]) / std[j]. */
void data_norm_row(const struct data_norm *norm, const float *raw, double *out);
void data_norm_free(struct data_norm *norm);

/* Writes the fitted normalization as text (one line, %.17g numbers) and
 * reads it back exactly; for storing it beside a model. */
int data_norm_save(const struct data_norm *norm, const char *path,
                   struct data_err *err);
int data_norm_load(struct data_norm *norm, const char *path,
                   struct data_err *err);

/* ---- internal helpers shared by the data_*.c files ---- */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
int data_err_set(struct data_err *err, const char *fmt, ...);
/* zlib's gzerror text without the "PATH: " it puts in front. */
const char *data_strip_path(const char *msg, const char *path);
/* Copies text into buf (size >= 8) for quoting, cut to fit with "...". */
const char *data_quote(char *buf, size_t size, const char *text, size_t len);

#endif
