/* csv_real: the CSV reader on the repository's scikit-learn files,
 * examples/data/iris.csv (with its metadata header) and
 * examples/data/digits.csv.gz (no header). Values pinned by hand from
 * `head`, `tail` and `zcat | head` of the files and a Python count. */
#include "data_check.h"

int main(void)
{
    struct check c = {0};
    struct data_set s;
    struct data_err e;
    const char *iris = MLPGEN_SOURCE_DIR "/examples/data/iris.csv";
    const char *digits = MLPGEN_SOURCE_DIR "/examples/data/digits.csv.gz";

    struct data_csv_opts io = {DATA_CSV_SKLEARN, 0, 0};
    int rc = data_csv_load(iris, &io, &s, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        CHECK_INT(&c, s.n, 150);
        CHECK_INT(&c, s.dim, 4);
        CHECK_INT(&c, s.n_classes, 3);
        /* line 2: 5.1,3.5,1.4,0.2,0 */
        CHECK(&c, s.x[0] == 5.1f && s.x[1] == 3.5f && s.x[2] == 1.4f && s.x[3] == 0.2f);
        CHECK_INT(&c, s.y[0], 0);
        /* line 151: 5.9,3.0,5.1,1.8,2 */
        CHECK(&c, s.x[596] == 5.9f && s.x[597] == 3.0f && s.x[598] == 5.1f && s.x[599] == 1.8f);
        CHECK_INT(&c, s.y[149], 2);
        /* sorted by class, 50 each */
        CHECK(&c, s.y[49] == 0 && s.y[50] == 1 && s.y[99] == 1 && s.y[100] == 2);
        float lo[4] = {99, 99, 99, 99}, hi[4] = {0, 0, 0, 0};
        for (int i = 0; i < s.n; i++)
            for (int j = 0; j < 4; j++) {
                float v = s.x[i * 4 + j];
                lo[j] = v < lo[j] ? v : lo[j];
                hi[j] = v > hi[j] ? v : hi[j];
            }
        /* ranges quoted in docs/data.md */
        CHECK(&c, lo[0] == 4.3f && hi[0] == 7.9f && lo[1] == 2.0f && hi[1] == 4.4f);
        CHECK(&c, lo[2] == 1.0f && hi[2] == 6.9f && lo[3] == 0.1f && hi[3] == 2.5f);
    }
    data_set_free(&s);
    /* the header must agree with what the caller expects */
    struct data_csv_opts io_bad = {DATA_CSV_SKLEARN, 4, 4};
    rc = data_csv_load(iris, &io_bad, &s, &e);
    check_err(&c, __LINE__, rc, &e, "%s:1: header names 3 classes, expected 4", iris);

    struct data_csv_opts dopt = {DATA_CSV_NONE, 64, 10};
    rc = data_csv_load(digits, &dopt, &s, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        CHECK_INT(&c, s.n, 1797);
        CHECK_INT(&c, s.dim, 64);
        CHECK_INT(&c, s.n_classes, 10);
        /* line 1: 0,0,5,13,9,1,0,0,... label 0 */
        CHECK(&c, s.x[0] == 0 && s.x[2] == 5 && s.x[3] == 13 && s.x[4] == 9 && s.x[5] == 1);
        CHECK_INT(&c, s.y[0], 0);
        CHECK_INT(&c, s.y[1], 1);
        /* line 1797: 0,0,10,14,8,1,0,0,... label 8 */
        const float *last = s.x + 1796 * 64;
        CHECK(&c, last[2] == 10 && last[3] == 14 && last[4] == 8 && last[5] == 1 && last[6] == 0);
        CHECK_INT(&c, s.y[1796], 8);
        const int want[10] = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};
        int count[10] = {0};
        long long sum = 0;
        float hi = 0;
        for (int i = 0; i < s.n; i++) {
            count[s.y[i]]++;
            for (int j = 0; j < 64; j++) {
                sum += (long long)s.x[i * 64 + j];
                hi = s.x[i * 64 + j] > hi ? s.x[i * 64 + j] : hi;
            }
        }
        for (int k = 0; k < 10; k++)
            CHECK_INT(&c, count[k], want[k]);
        CHECK_INT(&c, sum, 561718);
        CHECK(&c, hi == 16.0f);
    }
    data_set_free(&s);
    /* digits read as if it had a header: its first line is no header */
    rc = data_csv_load(digits, &io, &s, &e);
    check_err(&c, __LINE__, rc, &e,
              "%s:1: field 1: '0' is not a sample count (header: n_samples,n_features,class names)",
              digits);
    return check_done(&c, "csv_real");
}
