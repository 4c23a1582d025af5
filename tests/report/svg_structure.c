/* svg_structure: the SVG writers give well-formed XML (python3's
 * xml.etree parses both files, when python3 is there) with the expected
 * number of points, line segments, cells and counts; tick labels, one
 * point's coordinates, the accuracy and recall figures and the shading of
 * full and empty cells are worked out by hand below; labels are escaped;
 * output is byte-identical across runs; bad inputs give their messages.
 * Usage: svg_structure WORKDIR */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <sys/stat.h>

#include "plot_svg.h"
#include "report_check.h"

static void fmt_case(struct check *c, double v, int dec, const char *want)
{
    char buf[32];
    svg_fmt_fixed(buf, v, dec);
    CHECK_STR(c, buf, want);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    struct check c = {0, 0};
    char dir[512], curves[600], curves2[600], conf[600], ident[600];
    mkdir(argv[1], 0777);
    snprintf(dir, sizeof dir, "%s/svg", argv[1]);
    mkdir(dir, 0777);
    snprintf(curves, sizeof curves, "%s/curves.svg", dir);
    snprintf(curves2, sizeof curves2, "%s/curves2.svg", dir);
    snprintf(conf, sizeof conf, "%s/confusion.svg", dir);
    snprintf(ident, sizeof ident, "%s/identity.svg", dir);
    struct svg_err err;

    /* number formatting */
    fmt_case(&c, 0.125, 2, "0.13"); /* 12.5 exactly: half away from zero */
    fmt_case(&c, -0.125, 2, "-0.13");
    fmt_case(&c, -0.004, 2, "0.00"); /* no "-0.00" */
    fmt_case(&c, -1.5, 0, "-2");
    fmt_case(&c, 3, 2, "3.00");
    fmt_case(&c, 1234.5678, 1, "1234.6");
    fmt_case(&c, 0.05, 3, "0.050");
    fmt_case(&c, NAN, 2, "nan");
    fmt_case(&c, -INFINITY, 2, "-inf");
    fmt_case(&c, 1e20, 2, "100000000000000000000");
    fmt_case(&c, -1e300, 1, "-1e+300");

    /* line chart: 10 epochs; loss in [0.3, 1.2] with a NaN at epoch 5,
     * accuracies in [0.50, 0.95] */
    double x[10], loss[10], tr[10], te[10];
    for (int i = 0; i < 10; i++) {
        x[i] = i + 1;
        loss[i] = 1.2 - 0.1 * i;           /* 1.2 .. 0.3 */
        tr[i] = 0.5 + 0.05 * i;            /* 0.50 .. 0.95 */
        te[i] = 0.5 + 0.04 * i;            /* 0.50 .. 0.86 */
    }
    loss[4] = NAN;
    struct svg_series ser[3] = {
        {"loss", loss, 0}, {"train accuracy", tr, 1}, {"test accuracy <&>", te, 1}};
    struct svg_line_chart ch = {"fmnist_mlp & friends", "epoch", {"loss", "accuracy"}, 10, x, ser, 3};
    CHECK(&c, svg_line_chart_write(curves, &ch, &err) == 0);
    CHECK(&c, svg_line_chart_write(curves2, &ch, &err) == 0);
    char *s = check_read_file(curves, NULL);
    char *s2 = check_read_file(curves2, NULL);
    CHECK(&c, s && s2 && strcmp(s, s2) == 0); /* deterministic */
    if (s) {
        CHECK(&c, check_count(s, "<circle class=\"pt\"") == 29); /* 9 + 10 + 10 */
        CHECK(&c, check_count(s, "<polyline") == 4);             /* loss in 2 runs */
        CHECK(&c, check_count(s, "class=\"panel\"") == 2);
        CHECK(&c, check_count(s, "class=\"legend\"") == 3);
        /* x: drawn from 1 - 0.36 to 10 + 0.36 (4 % of the span 9 each
         * side); 9 / 8 ticks -> step 2 (1, 2, 5 x 10^k): ticks 2 .. 10 */
        CHECK(&c, check_count(s, "class=\"xtick\"") == 5);
        CHECK(&c, strstr(s, ">2</text>") && strstr(s, ">10</text>"));
        CHECK(&c, strstr(s, ">0</text>") == NULL);
        /* loss: span 0.9 over ~5 ticks -> step 0.2, ticks 0.2 .. 1.2 (6);
         * accuracy: span 0.45 / 5 = 0.09 -> step 0.1, 0.5 .. 1.0 (6) */
        CHECK(&c, check_count(s, "class=\"ytick\"") == 12);
        CHECK(&c, strstr(s, ">0.2</text>") && strstr(s, ">1.2</text>"));
        CHECK(&c, strstr(s, ">0.5</text>") && strstr(s, ">1.0</text>"));
        /* loss 1.2 at epoch 1: x = 76 + (1 - 0.64) / 9.72 * 500 = 94.52;
         * y range 0.16 .. 1.24, so y = 44 + 210 - 1.04 / 1.08 * 210 = 51.78 */
        CHECK(&c, strstr(s, "cx=\"94.5\" cy=\"51.8\"") != NULL);
        /* test accuracy 0.5 at epoch 1, lower panel (bottom 44 + 210 + 34
         * + 210 = 498, range 0.48 .. 1.02): 498 - 0.02 / 0.54 * 210 = 490.22 */
        CHECK(&c, strstr(s, "cx=\"94.5\" cy=\"490.2\"") != NULL);
        CHECK(&c, strstr(s, "fmnist_mlp &amp; friends") != NULL);
        CHECK(&c, strstr(s, "test accuracy &lt;&amp;&gt;") != NULL);
        CHECK(&c, strstr(s, "<title>loss at epoch 2: 1.1000</title>") != NULL);
    }
    free(s);
    free(s2);

    /* one point, one panel */
    {
        double x1 = 1, y1 = 0.25;
        struct svg_series one = {"loss", &y1, 0};
        struct svg_line_chart c1 = {"one", "epoch", {"loss", NULL}, 1, &x1, &one, 1};
        char p1[600];
        snprintf(p1, sizeof p1, "%s/one.svg", dir);
        CHECK(&c, svg_line_chart_write(p1, &c1, &err) == 0);
        char *t = check_read_file(p1, NULL);
        CHECK(&c, t && check_count(t, "<circle") == 1 && check_count(t, "<polyline") == 0);
        CHECK(&c, t && check_count(t, "class=\"panel\"") == 1);
        free(t);
        /* bad inputs */
        struct svg_line_chart bad = c1;
        bad.n_points = 0;
        CHECK(&c, svg_line_chart_write(p1, &bad, &err) == -1);
        char want[800];
        snprintf(want, sizeof want, "%s: line chart: no points", p1);
        CHECK_STR(&c, err.msg, want);
        double xs[2] = {2, 1}, ys[2] = {0, 0};
        struct svg_series s3 = {"l", ys, 1};
        struct svg_line_chart dec = {"d", "epoch", {"loss", NULL}, 2, xs, &s3, 1};
        CHECK(&c, svg_line_chart_write(p1, &dec, &err) == -1);
        snprintf(want, sizeof want, "%s: line chart: x values must be finite and increasing (point 1)", p1);
        CHECK_STR(&c, err.msg, want);
        xs[0] = 0;
        CHECK(&c, svg_line_chart_write(p1, &dec, &err) == -1);
        snprintf(want, sizeof want, "%s: line chart: series 0 has no panel 1", p1);
        CHECK_STR(&c, err.msg, want);
        t = check_read_file(p1, NULL); /* the good file is still there */
        CHECK(&c, t && check_count(t, "<circle") == 1);
        free(t);
    }

    /* extremes: huge and non-finite values are gaps; a very fine range gets
     * exponent labels (span 2e-12 / 5 -> step 5e-13: 1.00e-12 .. 3.00e-12) */
    {
        double xs[6] = {1, 2, 3, 4, 5, 6};
        double wild[6] = {DBL_MAX, 1e300, INFINITY, -NAN, 0.5, 0.25};
        double fine[6] = {1e-12, 2e-12, 3e-12, 1e-12, 2e-12, 3e-12};
        struct svg_series sw[2] = {{"wild", wild, 0}, {"fine", fine, 1}};
        struct svg_line_chart cw = {"extremes", "epoch", {"a", "b"}, 6, xs, sw, 2};
        char pw[600];
        snprintf(pw, sizeof pw, "%s/extremes.svg", dir);
        CHECK(&c, svg_line_chart_write(pw, &cw, &err) == 0);
        char *t = check_read_file(pw, NULL);
        CHECK(&c, t && check_count(t, "<circle") == 8);
        CHECK(&c, t && strstr(t, "nan") == NULL && strstr(t, "inf") == NULL);
        CHECK(&c, t && strstr(t, ">1.00e-12</text>") && strstr(t, ">1.50e-12</text>") &&
                      strstr(t, ">3.00e-12</text>"));
        free(t);
    }

    /* confusion matrix: 3 classes, the last never occurs */
    {
        const char *labels[3] = {"cat", "dog", "<bird>"};
        int64_t counts[9] = {5, 1, 0, 2, 7, 1, 0, 0, 0};
        struct svg_confusion cm = {"confusion", 3, labels, counts};
        CHECK(&c, svg_confusion_write(conf, &cm, &err) == 0);
        char *t = check_read_file(conf, NULL);
        CHECK(&c, t && check_count(t, "class=\"cell\"") == 9);
        CHECK(&c, t && check_count(t, "class=\"count\"") == 9);
        CHECK(&c, t && check_count(t, "class=\"rowlabel\"") == 3);
        CHECK(&c, t && check_count(t, "class=\"collabel\"") == 3);
        CHECK(&c, t && strstr(t, ">7</text>") != NULL);
        /* 5 + 7 + 0 right of 16: 75.00 %; recall 5/6 = 83.3 %, 7/10 = 70.0 % */
        CHECK(&c, t && strstr(t, "accuracy 75.00% (12 of 16)") != NULL);
        CHECK(&c, t && strstr(t, ">83.3%</text>") && strstr(t, ">70.0%</text>"));
        CHECK(&c, t && strstr(t, "class=\"recall\"") && strstr(t, ">-</text>"));
        CHECK(&c, t && check_count(t, "&lt;bird&gt;") == 2);
        free(t);
        /* identity: full cells are the darkest shade, empty the lightest */
        int64_t id[4] = {3, 0, 0, 4};
        struct svg_confusion ci = {"identity", 2, NULL, id};
        CHECK(&c, svg_confusion_write(ident, &ci, &err) == 0);
        t = check_read_file(ident, NULL);
        CHECK(&c, t && check_count(t, "fill=\"#08306b\"") == 2);
        CHECK(&c, t && check_count(t, "fill=\"#f7fbff\"") == 2);
        CHECK(&c, t && strstr(t, "accuracy 100.00% (7 of 7)") != NULL);
        free(t);
        /* a quarter of a row: sqrt(0.25) = 0.5 of the way from f7 fb ff to
         * 08 30 6b: 127.5 -> 80, 149.5 -> 96, 181 -> b5 (halves round up) */
        int64_t q[4] = {1, 3, 0, 4};
        struct svg_confusion cq = {"quarter", 2, NULL, q};
        CHECK(&c, svg_confusion_write(ident, &cq, &err) == 0);
        t = check_read_file(ident, NULL);
        CHECK(&c, t && check_count(t, "fill=\"#8096b5\"") == 1);
        free(t);
        CHECK(&c, svg_confusion_write(ident, &ci, &err) == 0);
        /* bad inputs */
        char want[800], p[600];
        snprintf(p, sizeof p, "%s/bad.svg", dir);
        struct svg_confusion b0 = {"x", 0, NULL, id};
        CHECK(&c, svg_confusion_write(p, &b0, &err) == -1);
        snprintf(want, sizeof want, "%s: confusion matrix: 0 classes (1 to 100 supported)", p);
        CHECK_STR(&c, err.msg, want);
        int64_t neg[4] = {1, 0, -1, 1};
        struct svg_confusion bn = {"x", 2, NULL, neg};
        CHECK(&c, svg_confusion_write(p, &bn, &err) == -1);
        snprintf(want, sizeof want, "%s: confusion matrix: negative count in cell 1, 0", p);
        CHECK_STR(&c, err.msg, want);
        struct stat st;
        CHECK(&c, stat(p, &st) != 0); /* nothing half-written */
        snprintf(p, sizeof p, "%s/no/such/dir/c.svg", dir);
        CHECK(&c, svg_confusion_write(p, &ci, &err) == -1);
        CHECK(&c, strncmp(err.msg, p, strlen(p)) == 0);
    }

    /* well-formed XML, by a parser that is not ours */
    if (system("python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1") == 0) {
        char cmd[3000];
        snprintf(cmd, sizeof cmd,
                 "python3 -c 'import sys, xml.etree.ElementTree as E\n"
                 "for f in sys.argv[1:]:\n"
                 "    r = E.parse(f).getroot()\n"
                 "    assert r.tag == \"{http://www.w3.org/2000/svg}svg\", f\n"
                 "print(\"xml ok:\", len(sys.argv) - 1, \"files\")' %s %s %s",
                 curves, conf, ident);
        fflush(stdout);
        CHECK(&c, system(cmd) == 0);
    } else {
        printf("no python3 xml.etree: well-formedness not checked\n");
    }
    return check_done(&c, "svg_structure");
}
