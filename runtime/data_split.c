/* data_split: seeded, counter-based randomness for the data layer (a
 * splitmix64 stream per purpose), the Fisher-Yates shuffle it drives, the
 * stratified train/test split and the per-epoch training order. Every
 * draw is a pure function of (seed, stream, index, counter); docs/data.md
 * gives the algorithms so another implementation can reproduce them. */
#include "data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DATA_GOLDEN 0x9E3779B97F4A7C15u

uint64_t data_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

uint64_t data_rng_key(uint64_t seed, uint64_t stream, uint64_t index)
{
    return data_mix64(data_mix64(data_mix64(seed) ^ stream) ^ index);
}

uint64_t data_rng_u64(uint64_t key, uint64_t counter)
{
    return data_mix64(key + (counter + 1) * DATA_GOLDEN);
}

uint64_t data_rng_uniform(uint64_t key, uint64_t *counter, uint64_t bound)
{
    uint64_t reject_below = (0 - bound) % bound; /* 2^64 mod bound */
    for (;;) {
        uint64_t r = data_rng_u64(key, (*counter)++);
        if (r >= reject_below)
            return r % bound;
    }
}

void data_shuffle(int *a, int n, uint64_t key)
{
    uint64_t counter = 0;
    for (int i = n - 1; i >= 1; i--) {
        int j = (int)data_rng_uniform(key, &counter, (uint64_t)i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

void data_epoch_order(int *order, int n, uint64_t seed, uint64_t epoch)
{
    for (int i = 0; i < n; i++)
        order[i] = i;
    data_shuffle(order, n, data_rng_key(seed, DATA_STREAM_EPOCH, epoch));
}

int data_split_test_count(int n, double fraction)
{
    double t = ceil(fraction * n - 1e-9);
    if (!(t >= 0))
        return 0;
    return t > n ? n : (int)t;
}

/* Per-class test counts: floor(n_test * n_c / n), then one more for each of
 * the classes with the largest remainders (ties: lower class first) until
 * the counts add up to n_test. */
static void data_split_quota(const int *count, int n_classes, int n, int n_test, int *quota)
{
    int64_t left = n_test;
    for (int c = 0; c < n_classes; c++) {
        quota[c] = (int)((int64_t)n_test * count[c] / n);
        left -= quota[c];
    }
    while (left-- > 0) {
        int best = -1;
        int64_t best_rem = -1;
        for (int c = 0; c < n_classes; c++) {
            int64_t exact = (int64_t)n_test * count[c];
            int64_t rem = exact % n;
            /* a class that already got its extra one has quota*n > exact */
            if ((int64_t)quota[c] * n > exact)
                continue;
            if (rem > best_rem) {
                best_rem = rem;
                best = c;
            }
        }
        quota[best]++;
    }
}

int data_split_stratified(const struct data_set *all, int n_test, uint64_t seed,
                          struct data_set *train, struct data_set *test, int *train_idx,
                          int *test_idx, struct data_err *err)
{
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    int n = all->n, k = all->n_classes;
    if (n < 1 || k < 1)
        return data_err_set(err, "split: empty data set (%d samples, %d classes)", n, k);
    if (n_test < 0 || n_test > n)
        return data_err_set(err, "split: test size %d out of range (0..%d)", n_test, n);
    int *count = calloc((size_t)k, sizeof *count);
    int *quota = calloc((size_t)k, sizeof *quota);
    int *members = malloc((size_t)n * sizeof *members);
    int *start = calloc((size_t)k + 1, sizeof *start);
    unsigned char *in_test = calloc((size_t)n, 1);
    int *tr = malloc((size_t)n * sizeof *tr), *te = malloc((size_t)n * sizeof *te);
    int rc = -1;
    if (!count || !quota || !members || !start || !in_test || !tr || !te) {
        data_err_set(err, "split: out of memory");
        goto done;
    }
    for (int i = 0; i < n; i++) {
        if (all->y[i] < 0 || all->y[i] >= k) {
            data_err_set(err, "split: sample %d: label %d out of range (0..%d)", i, all->y[i], k - 1);
            goto done;
        }
        count[all->y[i]]++;
    }
    data_split_quota(count, k, n, n_test, quota);
    /* members of class c, in file order, at members[start[c] ..] */
    for (int c = 0; c < k; c++)
        start[c + 1] = start[c] + count[c];
    memset(count, 0, (size_t)k * sizeof *count);
    for (int i = 0; i < n; i++)
        members[start[all->y[i]] + count[all->y[i]]++] = i;
    for (int c = 0; c < k; c++) {
        int *m = members + start[c];
        data_shuffle(m, count[c], data_rng_key(seed, DATA_STREAM_SPLIT, (uint64_t)c));
        for (int j = 0; j < quota[c]; j++)
            in_test[m[j]] = 1;
    }
    int ntr = 0, nte = 0;
    for (int i = 0; i < n; i++) {
        if (in_test[i])
            te[nte++] = i;
        else
            tr[ntr++] = i;
    }
    if (data_subset(all, tr, ntr, train, err) || data_subset(all, te, nte, test, err)) {
        data_set_free(train);
        data_set_free(test);
        goto done;
    }
    if (train_idx)
        memcpy(train_idx, tr, (size_t)ntr * sizeof *tr);
    if (test_idx)
        memcpy(test_idx, te, (size_t)nte * sizeof *te);
    rc = 0;
done:
    free(count);
    free(quota);
    free(members);
    free(start);
    free(in_test);
    free(tr);
    free(te);
    return rc;
}
