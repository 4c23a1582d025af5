/* logcsv_append_resume: the per-epoch CSV log holds exactly the text
 * written out by hand below after each append (header once, fixed decimals,
 * nan for a missing test accuracy); a resume keeps the epochs before the
 * checkpoint and drops later ones; a bad log gives one message naming the
 * file, line and field; a failed append leaves the file as it was.
 * Usage: logcsv_append_resume WORKDIR */
#include <math.h>
#include <sys/stat.h>

#include "log_csv.h"
#include "report_check.h"

#define HEADER "epoch,loss,train_acc,test_acc,cycles,samples_per_s,saturations\n"
#define ROW1 "1,0.612346,0.790000,0.801200,123456789,1500.0,0\n"
#define ROW2 "2,0.450000,0.850000,nan,0,20000.3,17\n"
#define ROW3 "3,inf,0.000001,1.000000,18446744073709551615,0.1,3\n"

static void expect_file(struct check *c, const char *path, const char *want)
{
    char *got = check_read_file(path, NULL);
    CHECK_STR(c, got ? got : "(missing)", want);
    free(got);
}

/* logcsv_resume of a file with this text must fail with "<path><want>". */
static void expect_bad(struct check *c, const char *dir, const char *text, int keep,
                       const char *want)
{
    char path[600], full[1200];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    check_write_file(path, text, strlen(text));
    snprintf(full, sizeof full, "%s%s", path, want);
    struct logcsv log;
    struct logcsv_err err;
    int rc = logcsv_resume(&log, path, keep, &err);
    CHECK(c, rc == -1);
    if (rc == 0)
        logcsv_free(&log);
    else
        CHECK_STR(c, err.msg, full);
    expect_file(c, path, text); /* untouched */
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
    snprintf(dir, sizeof dir, "%s/logcsv", argv[1]);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/train.csv", dir);
    struct logcsv_err err;
    struct logcsv log;

    struct logcsv_row r1 = {1, 0.6123456, 0.79, 0.8012, 123456789, 1500.04, 0};
    struct logcsv_row r2 = {2, 0.45, 0.85, NAN, 0, 20000.25, 17};
    struct logcsv_row r3 = {3, INFINITY, ldexp(1, -20), 1.0, UINT64_MAX, 0.0625, 3};

    CHECK(&c, logcsv_create(&log, path, &err) == 0);
    expect_file(&c, path, HEADER);
    CHECK(&c, logcsv_append(&log, &r1, &err) == 0);
    expect_file(&c, path, HEADER ROW1);
    CHECK(&c, logcsv_append(&log, &r2, &err) == 0);
    expect_file(&c, path, HEADER ROW1 ROW2);
    CHECK(&c, logcsv_append(&log, &r2, &err) == -1); /* epoch 2 again */
    char want[1200];
    snprintf(want, sizeof want, "%s: row for epoch 2, expected epoch 3", path);
    CHECK_STR(&c, err.msg, want);
    CHECK(&c, logcsv_append(&log, &r3, &err) == 0);
    expect_file(&c, path, HEADER ROW1 ROW2 ROW3);
    logcsv_free(&log);

    /* resume after epoch 2: row 3 (written after the checkpoint) goes */
    CHECK(&c, logcsv_resume(&log, path, 2, &err) == 0);
    CHECK(&c, log.n == 2);
    expect_file(&c, path, HEADER ROW1 ROW2);
    CHECK(&c, logcsv_append(&log, &r3, &err) == 0);
    expect_file(&c, path, HEADER ROW1 ROW2 ROW3);
    logcsv_free(&log);
    /* resume after epoch 0 keeps the header only */
    CHECK(&c, logcsv_resume(&log, path, 0, &err) == 0);
    expect_file(&c, path, HEADER);
    CHECK(&c, logcsv_append(&log, &r1, &err) == 0);
    logcsv_free(&log);

    /* the curves of the log: 3 epochs, loss 3 points of which inf is a
     * gap, train accuracy 3, test accuracy 2 (nan in epoch 2) */
    {
        CHECK(&c, logcsv_resume(&log, path, 1, &err) == 0);
        CHECK(&c, logcsv_append(&log, &r2, &err) == 0);
        CHECK(&c, logcsv_append(&log, &r3, &err) == 0);
        char svg[600];
        snprintf(svg, sizeof svg, "%s/curves.svg", dir);
        CHECK(&c, logcsv_write_curves(&log, svg, "run <1>", &err) == 0);
        char *t = check_read_file(svg, NULL);
        CHECK(&c, t && check_count(t, "<circle") == 2 + 3 + 2);
        CHECK(&c, t && check_count(t, "class=\"legend\"") == 3);
        CHECK(&c, t && strstr(t, "run &lt;1&gt;") != NULL);
        free(t);
        logcsv_free(&log);
        /* no test accuracy at all: no test series */
        CHECK(&c, logcsv_create(&log, path, &err) == 0);
        CHECK(&c, logcsv_write_curves(&log, svg, "empty", &err) == -1);
        snprintf(want, sizeof want, "%s: no epochs logged yet", svg);
        CHECK_STR(&c, err.msg, want);
        CHECK(&c, logcsv_append(&log, &r2, &err) == -1); /* epoch 2 first */
        struct logcsv_row only = r2;
        only.epoch = 1;
        CHECK(&c, logcsv_append(&log, &only, &err) == 0);
        CHECK(&c, logcsv_write_curves(&log, svg, "no test", &err) == 0);
        t = check_read_file(svg, NULL);
        CHECK(&c, t && check_count(t, "class=\"legend\"") == 2);
        CHECK(&c, t && check_count(t, "<circle") == 2);
        free(t);
        logcsv_free(&log);
    }

    /* a failed append (directory gone) keeps the row out and names the file */
    {
        char sub[600], p2[700];
        snprintf(sub, sizeof sub, "%s/gone", dir);
        mkdir(sub, 0777);
        snprintf(p2, sizeof p2, "%s/log.csv", sub);
        CHECK(&c, logcsv_create(&log, p2, &err) == 0);
        remove(p2);
        remove(sub);
        CHECK(&c, logcsv_append(&log, &r1, &err) == -1);
        CHECK(&c, strncmp(err.msg, p2, strlen(p2)) == 0);
        CHECK(&c, log.n == 0);
        logcsv_free(&log);
    }

    /* bad logs */
    expect_bad(&c, dir, "", 0, ": empty file, not a training log");
    expect_bad(&c, dir, "epoch,loss\n", 0,
               ":1: not a training log header (expected "
               "'epoch,loss,train_acc,test_acc,cycles,samples_per_s,saturations')");
    expect_bad(&c, dir, HEADER "1,0.5,0.5,0.5,10,1.0\n", 1, ":2: 6 fields, expected 7");
    expect_bad(&c, dir, HEADER "1,0.5,0.5,0.5,10,1.0,0,9\n", 1, ":2: 8 fields, expected 7");
    expect_bad(&c, dir, HEADER "1,0.5,abc,0.5,10,1.0,0\n", 1,
               ":2: field train_acc: 'abc' is not a valid value");
    expect_bad(&c, dir, HEADER "1,0.5,0.5,0.5,-10,1.0,0\n", 1,
               ":2: field cycles: '-10' is not a valid value");
    expect_bad(&c, dir, HEADER "1,,0.5,0.5,10,1.0,0\n", 1, ":2: field loss: '' is not a valid value");
    expect_bad(&c, dir, HEADER "x,0.5,0.5,0.5,10,1.0,0\n", 1, ":2: field epoch: 'x' is not a valid value");
    expect_bad(&c, dir, HEADER "1,0.5,0.5,0.5,10,1.0,1.5\n", 1,
               ":2: field saturations: '1.5' is not a valid value");
    expect_bad(&c, dir, HEADER ROW1 "3,0.5,0.5,0.5,10,1.0,0\n", 1, ":3: epoch 3, expected 2");
    expect_bad(&c, dir, HEADER ROW1 "2,0.5,0.5,0.5,10,1.0,0", 1, ":3: line not ended by a newline");
    expect_bad(&c, dir, HEADER ROW1, 2, ": the log ends at epoch 1, the run resumes after epoch 2");
    {
        struct logcsv_err e2;
        char missing[600];
        snprintf(missing, sizeof missing, "%s/missing.csv", dir);
        remove(missing);
        CHECK(&c, logcsv_resume(&log, missing, 1, &e2) == -1);
        snprintf(want, sizeof want, "%s: cannot open the log to resume: No such file or directory",
                 missing);
        CHECK_STR(&c, e2.msg, want);
    }
    return check_done(&c, "logcsv_append_resume");
}
