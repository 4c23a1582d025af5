/* split_shuffle: the seeded randomness of the data layer. The generator
 * against splitmix64's published outputs; the shuffle, the epoch order and
 * the iris/digits splits against an independent Python transcription of
 * docs/data.md (tests/data/data_ref.py); class counts, disjointness and
 * determinism of the split; the largest-remainder quota on a hand case. */
#include <stdlib.h>

#include "data_check.h"

static int is_permutation(const int *a, int n)
{
    unsigned char *seen = calloc((size_t)n + 1, 1);
    int ok = 1;
    for (int i = 0; i < n; i++) {
        if (a[i] < 0 || a[i] >= n || seen[a[i]])
            ok = 0;
        else
            seen[a[i]] = 1;
    }
    free(seen);
    return ok;
}

static void check_generator(struct check *c)
{
    /* splitmix64.c (Vigna), seeded 1234567, and seeded 0 */
    CHECK(c, data_rng_u64(1234567, 0) == 6457827717110365317u);
    CHECK(c, data_rng_u64(1234567, 1) == 3203168211198807973u);
    CHECK(c, data_rng_u64(1234567, 2) == 9817491932198370423u);
    CHECK(c, data_rng_u64(0, 0) == 0xe220a8397b1dcdafu);
    CHECK(c, data_mix64(0) == 0);
    CHECK(c, data_rng_key(42, DATA_STREAM_SPLIT, 0) == 0x2da7a738f2b89a82u);
    /* bound 2^63 + 1 rejects draws below 2^63 - 1, about half of them */
    uint64_t counter = 0, want[6] = {4654242949169100535u, 8957066056171264800u, 204786321411665706u,
                                     1908141438795372386u, 6903704994719435514u, 8387343232142502422u};
    for (int i = 0; i < 6; i++)
        CHECK(c, data_rng_uniform(5, &counter, ((uint64_t)1 << 63) + 1) == want[i]);
    CHECK(c, counter == 15);
}

static void check_shuffle(struct check *c)
{
    int a[10], want[10] = {0, 9, 5, 8, 6, 4, 7, 2, 1, 3};
    for (int i = 0; i < 10; i++)
        a[i] = i;
    data_shuffle(a, 10, 42);
    for (int i = 0; i < 10; i++)
        CHECK_INT(c, a[i], want[i]);

    const int e0[10] = {9, 8, 0, 5, 2, 1, 6, 7, 4, 3}, e1[10] = {4, 9, 1, 0, 6, 5, 3, 2, 8, 7};
    data_epoch_order(a, 10, 7, 0);
    for (int i = 0; i < 10; i++)
        CHECK_INT(c, a[i], e0[i]);
    data_epoch_order(a, 10, 7, 1);
    for (int i = 0; i < 10; i++)
        CHECK_INT(c, a[i], e1[i]);
    data_epoch_order(a, 0, 7, 1);
    data_epoch_order(a, 1, 7, 1);
    CHECK_INT(c, a[0], 0);

    /* a resumed run recomputes the same order; other epochs differ */
    enum { N = 60000 };
    int *o1 = malloc(N * sizeof *o1), *o2 = malloc(N * sizeof *o2);
    data_epoch_order(o1, N, 1, 3);
    data_epoch_order(o2, N, 1, 3);
    CHECK(c, memcmp(o1, o2, N * sizeof *o1) == 0);
    CHECK(c, is_permutation(o1, N));
    data_epoch_order(o2, N, 1, 4);
    int same = 0;
    for (int i = 0; i < N; i++)
        same += o1[i] == o2[i];
    CHECK(c, same < 10); /* about 1 expected */
    data_epoch_order(o2, N, 2, 3);
    same = 0;
    for (int i = 0; i < N; i++)
        same += o1[i] == o2[i];
    CHECK(c, same < 10);
    free(o1);
    free(o2);

    /* uniformity: the 6 orders of 3 items over 60000 keys, 10000 expected
     * each, standard deviation about 91 */
    int hist[6] = {0};
    for (uint64_t k = 0; k < 60000; k++) {
        int b[3] = {0, 1, 2};
        data_shuffle(b, 3, data_rng_key(k, 9, 0));
        hist[b[0] * 2 + (b[1] > b[2])]++;
    }
    for (int i = 0; i < 6; i++)
        CHECK(c, hist[i] > 10000 - 500 && hist[i] < 10000 + 500);
}

static void check_quota(struct check *c)
{
    /* 10 samples, classes of 5, 3, 2; 5 to test: exact shares 2.5, 1.5, 1.0,
     * floors 2, 1, 1, the one left goes to the tie 0.5/0.5 at class 0. */
    float x[10] = {0};
    int y[10] = {0, 1, 0, 2, 0, 1, 0, 2, 0, 1};
    struct data_set all = {10, 1, 3, x, y}, tr, te;
    struct data_err e;
    for (int i = 0; i < 10; i++)
        x[i] = (float)i;
    int rc = data_split_stratified(&all, 5, 99, &tr, &te, NULL, NULL, &e);
    if (check_ok(c, __LINE__, rc, &e)) {
        int cnt[3] = {0};
        for (int i = 0; i < te.n; i++)
            cnt[te.y[i]]++;
        CHECK_INT(c, te.n, 5);
        CHECK_INT(c, tr.n, 5);
        CHECK(c, cnt[0] == 3 && cnt[1] == 1 && cnt[2] == 1);
        for (int i = 0; i < te.n; i++) /* rows travel with their labels */
            CHECK_INT(c, te.y[i], y[(int)te.x[i]]);
        for (int i = 1; i < te.n; i++) /* file order kept */
            CHECK(c, te.x[i - 1] < te.x[i]);
    }
    data_set_free(&tr);
    data_set_free(&te);
    rc = data_split_stratified(&all, 11, 99, &tr, &te, NULL, NULL, &e);
    check_err(c, __LINE__, rc, &e, "split: test size 11 out of range (0..10)");
    y[4] = 3;
    rc = data_split_stratified(&all, 5, 99, &tr, &te, NULL, NULL, &e);
    check_err(c, __LINE__, rc, &e, "split: sample 4: label 3 out of range (0..2)");

    CHECK_INT(c, data_split_test_count(150, 0.2), 30);
    CHECK_INT(c, data_split_test_count(1797, 0.2), 360);
    CHECK_INT(c, data_split_test_count(10, 0.25), 3);
    CHECK_INT(c, data_split_test_count(100, 0.07), 7); /* 0.07*100 is 7.000000000000001 */
    CHECK_INT(c, data_split_test_count(100, 0), 0);
    CHECK_INT(c, data_split_test_count(100, 1), 100);
}

/* split `path` with (n_test, seed); checks sizes, per-class test counts,
 * disjointness and cover, and that the rows are the original rows. */
static void check_split(struct check *c, const struct data_set *all, int n_test, uint64_t seed,
                        const int *want_quota, int *test_idx)
{
    struct data_set tr, te;
    struct data_err e;
    int *tri = malloc((size_t)all->n * sizeof *tri);
    int rc = data_split_stratified(all, n_test, seed, &tr, &te, tri, test_idx, &e);
    if (check_ok(c, __LINE__, rc, &e)) {
        CHECK_INT(c, te.n, n_test);
        CHECK_INT(c, tr.n, all->n - n_test);
        int cnt[10] = {0};
        for (int i = 0; i < te.n; i++)
            cnt[te.y[i]]++;
        for (int k = 0; k < all->n_classes; k++)
            CHECK_INT(c, cnt[k], want_quota[k]);
        unsigned char *seen = calloc((size_t)all->n, 1);
        for (int i = 0; i < tr.n; i++)
            seen[tri[i]]++;
        for (int i = 0; i < te.n; i++)
            seen[test_idx[i]]++;
        int once = 0;
        for (int i = 0; i < all->n; i++)
            once += seen[i] == 1;
        CHECK_INT(c, once, all->n);
        free(seen);
        size_t d = (size_t)all->dim;
        for (int i = 0; i < te.n; i++)
            CHECK(c, te.y[i] == all->y[test_idx[i]] &&
                         memcmp(te.x + (size_t)i * d, all->x + (size_t)test_idx[i] * d, d * sizeof(float)) == 0);
        for (int i = 0; i < tr.n; i++)
            CHECK(c, tr.y[i] == all->y[tri[i]] &&
                         memcmp(tr.x + (size_t)i * d, all->x + (size_t)tri[i] * d, d * sizeof(float)) == 0);
    }
    data_set_free(&tr);
    data_set_free(&te);
    free(tri);
}

int main(void)
{
    struct check c = {0};
    check_generator(&c);
    check_shuffle(&c);
    check_quota(&c);

    struct data_set all;
    struct data_err e;
    struct data_csv_opts io = {DATA_CSV_SKLEARN, 0, 0};
    int rc = data_csv_load(MLPGEN_SOURCE_DIR "/examples/data/iris.csv", &io, &all, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        const int q[3] = {10, 10, 10};
        const int want[30] = {4,  5,  9,  21,  24,  29,  31,  36,  47,  49,  60,  61,  70,  77,  80,
                              81, 91, 93, 95,  97,  103, 109, 120, 125, 129, 131, 135, 138, 141, 145};
        int t1[30], t2[30];
        check_split(&c, &all, 30, 1, q, t1);
        for (int i = 0; i < 30; i++)
            CHECK_INT(&c, t1[i], want[i]);
        check_split(&c, &all, 30, 1, q, t2);
        CHECK(&c, memcmp(t1, t2, sizeof t1) == 0);
        check_split(&c, &all, 30, 2, q, t2);
        CHECK(&c, memcmp(t1, t2, sizeof t1) != 0);
    }
    data_set_free(&all);

    struct data_csv_opts dopt = {DATA_CSV_NONE, 64, 10};
    rc = data_csv_load(MLPGEN_SOURCE_DIR "/examples/data/digits.csv.gz", &dopt, &all, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        const int q[10] = {36, 37, 35, 37, 36, 36, 36, 36, 35, 36};
        int t[360];
        check_split(&c, &all, data_split_test_count(all.n, 0.2), 1, q, t);
        const int first[8] = {1, 5, 15, 28, 36, 38, 39, 43};
        for (int i = 0; i < 8; i++)
            CHECK_INT(&c, t[i], first[i]);
        CHECK(&c, t[357] == 1786 && t[358] == 1790 && t[359] == 1794);
    }
    data_set_free(&all);
    return check_done(&c, "split_shuffle");
}
