/* norm_fit_apply: the normalize step. none and scale on hand values;
 * standardize on a hand-computed 2-feature set (one constant feature, whose
 * std 0 becomes 1), on iris against the published population statistics,
 * and fitted on a training split then applied to its test split; the text
 * form round-trips exactly; bad parameters give their message.
 * Usage: norm_fit_apply WORKDIR */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "data_check.h"

int main(int argc, char **argv)
{
    struct check c = {0};
    const char *dir = argc > 1 ? argv[1] : ".";
    mkdir(dir, 0777);
    struct data_norm nm;
    struct data_err e;
    double out[4];
    int rc;

    float raw[2] = {13.0f, 255.0f};
    rc = data_norm_fit(&nm, DATA_NORM_NONE, 0, 2, NULL, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        data_norm_row(&nm, raw, out);
        CHECK(&c, out[0] == 13.0 && out[1] == 255.0);
    }
    data_norm_free(&nm);
    rc = data_norm_fit(&nm, DATA_NORM_SCALE, 0.0625, 2, NULL, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        data_norm_row(&nm, raw, out);
        CHECK(&c, out[0] == 0.8125 && out[1] == 15.9375);
    }
    data_norm_free(&nm);
    rc = data_norm_fit(&nm, DATA_NORM_SCALE, 0.00392156862745098, 2, NULL, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        raw[0] = 128.0f;
        data_norm_row(&nm, raw, out);
        /* in double, 255 * 0.00392156862745098 rounds to exactly 1 */
        CHECK(&c, out[0] == 0.5019607843137255 && out[1] == 1.0);
    }
    data_norm_free(&nm);

    /* feature 0: 1 2 3 4 (mean 2.5, population variance 1.25);
     * feature 1: 7 7 7 7 (std 0, stored as 1) */
    float x[8] = {1, 7, 2, 7, 3, 7, 4, 7};
    int y[4] = {0, 0, 1, 1};
    struct data_set small = {4, 2, 2, x, y};
    rc = data_norm_fit(&nm, DATA_NORM_STANDARDIZE, 0, 2, &small, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        CHECK(&c, nm.mean[0] == 2.5 && nm.std[0] == sqrt(1.25));
        CHECK(&c, nm.mean[1] == 7.0 && nm.std[1] == 1.0);
        data_norm_row(&nm, x + 6, out);
        CHECK(&c, out[0] == 1.5 / sqrt(1.25) && out[1] == 0.0);
        float other[2] = {2.5f, 9.0f};
        data_norm_row(&nm, other, out);
        CHECK(&c, out[0] == 0.0 && out[1] == 2.0);

        /* text form: exact round trip */
        char p[512];
        snprintf(p, sizeof p, "%s/small.norm", dir);
        struct data_norm back;
        if (check_ok(&c, __LINE__, data_norm_save(&nm, p, &e), &e) &&
            check_ok(&c, __LINE__, data_norm_load(&back, p, &e), &e)) {
            CHECK(&c, back.kind == DATA_NORM_STANDARDIZE && back.dim == 2);
            CHECK(&c, back.mean[0] == nm.mean[0] && back.std[0] == nm.std[0]);
            CHECK(&c, back.mean[1] == nm.mean[1] && back.std[1] == nm.std[1]);
        }
        data_norm_free(&back);
        struct data_norm sc;
        data_norm_fit(&sc, DATA_NORM_SCALE, 0.00392156862745098, 784, NULL, &e);
        if (check_ok(&c, __LINE__, data_norm_save(&sc, p, &e), &e) &&
            check_ok(&c, __LINE__, data_norm_load(&back, p, &e), &e))
            CHECK(&c, back.kind == DATA_NORM_SCALE && back.dim == 784 &&
                          back.factor == 0.00392156862745098);
        data_norm_free(&back);
        data_norm_free(&sc);
        FILE *f = fopen(p, "w");
        fputs("normalize standardize dim=2\nmean 1 2\nstd 1 0\n", f);
        fclose(f);
        rc = data_norm_load(&back, p, &e);
        check_err(&c, __LINE__, rc, &e, "%s: std: value 2 missing or invalid", p);
        f = fopen(p, "w");
        fputs("normalize minmax dim=2\n", f);
        fclose(f);
        rc = data_norm_load(&back, p, &e);
        check_err(&c, __LINE__, rc, &e, "%s: unknown normalize kind 'minmax'", p);
    }
    data_norm_free(&nm);

    rc = data_norm_fit(&nm, DATA_NORM_SCALE, 0, 2, NULL, &e);
    check_err(&c, __LINE__, rc, &e, "normalize: scale factor 0 must be finite and > 0");
    rc = data_norm_fit(&nm, DATA_NORM_STANDARDIZE, 0, 2, NULL, &e);
    check_err(&c, __LINE__, rc, &e, "normalize: standardize needs a non-empty training split");
    rc = data_norm_fit(&nm, DATA_NORM_STANDARDIZE, 0, 3, &small, &e);
    check_err(&c, __LINE__, rc, &e, "normalize: training split has 2 features, expected 3");

    /* iris: population mean and std of all 150 (published values) */
    struct data_set iris, tr, te;
    struct data_csv_opts io = {DATA_CSV_SKLEARN, 0, 0};
    rc = data_csv_load(MLPGEN_SOURCE_DIR "/examples/data/iris.csv", &io, &iris, &e);
    if (check_ok(&c, __LINE__, rc, &e)) {
        const double mean[4] = {5.843333, 3.057333, 3.758000, 1.199333};
        const double sd[4] = {0.825301, 0.434411, 1.759404, 0.759693};
        rc = data_norm_fit(&nm, DATA_NORM_STANDARDIZE, 0, 4, &iris, &e);
        if (check_ok(&c, __LINE__, rc, &e))
            for (int j = 0; j < 4; j++)
                CHECK(&c, fabs(nm.mean[j] - mean[j]) < 1e-5 && fabs(nm.std[j] - sd[j]) < 1e-5);
        data_norm_free(&nm);
        /* fitted on train: train becomes mean 0, std 1; test uses train's */
        rc = data_split_stratified(&iris, 30, 1, &tr, &te, NULL, NULL, &e);
        if (check_ok(&c, __LINE__, rc, &e) &&
            check_ok(&c, __LINE__, data_norm_fit(&nm, DATA_NORM_STANDARDIZE, 0, 4, &tr, &e), &e)) {
            double s1[4] = {0}, s2[4] = {0};
            for (int i = 0; i < tr.n; i++) {
                data_norm_row(&nm, tr.x + 4 * i, out);
                for (int j = 0; j < 4; j++) {
                    s1[j] += out[j];
                    s2[j] += out[j] * out[j];
                }
            }
            for (int j = 0; j < 4; j++)
                CHECK(&c, fabs(s1[j] / tr.n) < 1e-12 && fabs(s2[j] / tr.n - 1) < 1e-12);
            data_norm_row(&nm, te.x, out);
            CHECK(&c, out[0] == ((double)te.x[0] - nm.mean[0]) / nm.std[0]);
            CHECK(&c, fabs(nm.mean[0] - mean[0]) > 1e-6); /* train's, not all 150 */
        }
        data_norm_free(&nm);
        data_set_free(&tr);
        data_set_free(&te);
    }
    data_set_free(&iris);
    return check_done(&c, "norm_fit_apply");
}
