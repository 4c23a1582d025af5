/* idx_fashion_real: the IDX reader on the installed Fashion-MNIST files.
 * Counts, labels and pixels were pinned by hand with Python's gzip and
 * struct modules (docs/data.md gives the commands); also reports the load
 * time of the training set. Exits 77 (ctest SKIP) when the package
 * dataset-fashion-mnist is not installed. Usage: idx_fashion_real DIR */
#include <stdio.h>
#include <time.h>

#include "data_check.h"

static double seconds(void)
{
    struct timespec t;
    timespec_get(&t, TIME_UTC);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static long long pixel_sum(const struct data_set *s, int i)
{
    long long sum = 0;
    for (int j = 0; j < s->dim; j++)
        sum += (long long)s->x[(size_t)i * (size_t)s->dim + (size_t)j];
    return sum;
}

int main(int argc, char **argv)
{
    struct check c = {0};
    char img[1024], lab[1024];
    const char *dir = argc > 1 ? argv[1] : "/usr/share/datasets/fashion-mnist";
    snprintf(img, sizeof img, "%s/train-images-idx3-ubyte.gz", dir);
    FILE *probe = fopen(img, "rb");
    if (!probe) {
        printf("SKIP: %s not installed (package dataset-fashion-mnist)\n", img);
        return 77;
    }
    fclose(probe);

    struct data_set s;
    struct data_err e;
    snprintf(lab, sizeof lab, "%s/train-labels-idx1-ubyte.gz", dir);
    double t0 = seconds();
    int rc = data_idx_load(img, lab, 10, &s, &e);
    double t1 = seconds();
    if (check_ok(&c, __LINE__, rc, &e)) {
        printf("load train 60000x784: %.3f s\n", t1 - t0);
        CHECK_INT(&c, s.n, 60000);
        CHECK_INT(&c, s.dim, 784);
        CHECK_INT(&c, s.n_classes, 10);
        CHECK_INT(&c, s.y[0], 9);        /* ankle boot */
        CHECK_INT(&c, s.y[59999], 5);    /* sandal */
        CHECK_INT(&c, pixel_sum(&s, 0), 76247);
        CHECK_INT(&c, pixel_sum(&s, 59999), 16684);
        CHECK(&c, s.x[95] == 0.0f && s.x[96] != 0.0f); /* first nonzero pixel of image 0 */
        CHECK(&c, s.x[417] == 255.0f);
        CHECK(&c, s.x[(size_t)59999 * 784 + 400] == 129.0f);
        int count[10] = {0};
        long long total = 0;
        for (int i = 0; i < s.n; i++)
            count[s.y[i]]++;
        for (int i = 0; i < s.n; i++)
            total += pixel_sum(&s, i);
        for (int k = 0; k < 10; k++)
            CHECK_INT(&c, count[k], 6000);
        CHECK_INT(&c, total, 3431114169LL);
    }
    data_set_free(&s);

    snprintf(img, sizeof img, "%s/t10k-images-idx3-ubyte.gz", dir);
    snprintf(lab, sizeof lab, "%s/t10k-labels-idx1-ubyte.gz", dir);
    rc = data_idx_load(img, lab, 10, &s, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        CHECK_INT(&c, s.n, 10000);
        CHECK_INT(&c, s.dim, 784);
        CHECK_INT(&c, s.y[0], 9);
        CHECK_INT(&c, s.y[9999], 5);
        CHECK_INT(&c, pixel_sum(&s, 0), 33456);
        CHECK_INT(&c, pixel_sum(&s, 9999), 24390);
        CHECK(&c, s.x[214] == 0.0f && s.x[215] != 0.0f);
        CHECK(&c, s.x[577] == 255.0f);
        CHECK(&c, s.x[(size_t)9999 * 784 + 400] == 45.0f);
    }
    data_set_free(&s);

    /* images and labels swapped: the magic check names the file */
    rc = data_idx_load(lab, img, 10, &s, &e);
    check_err(&c, __LINE__, rc, &e,
              "%s: bad magic 0x00000801 (expected 0x00000803, unsigned-byte images, 3 dimensions)",
              lab);
    return check_done(&c, "idx_fashion_real");
}
