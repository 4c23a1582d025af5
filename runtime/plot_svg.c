/* plot_svg: training curves and confusion matrix as deterministic SVG (see
 * plot_svg.h). Layout constants are in pixels of the SVG user space. */
#include "plot_svg.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "atomic_file.h"

static int svg_fail(struct svg_err *err, const char *fmt, ...)
{
    va_list ap;
    if (err) {
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void svg_fmt_fixed(char buf[32], double v, int decimals)
{
    if (isnan(v)) {
        strcpy(buf, "nan");
        return;
    }
    if (isinf(v)) {
        strcpy(buf, v < 0 ? "-inf" : "inf");
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    int64_t p = 1;
    for (int k = 0; k < decimals; k++)
        p *= 10;
    double a = fabs(v) * (double)p;
    if (a >= 9e15) { /* too large for exact integers: no decimals, no point */
        snprintf(buf, 32, fabs(v) < 1e29 ? "%.0f" : "%.0e", v);
        return;
    }
    int64_t s = (int64_t)floor(a + 0.5);
    const char *sign = (v < 0 && s != 0) ? "-" : "";
    if (decimals == 0)
        snprintf(buf, 32, "%s%" PRId64, sign, s);
    else
        snprintf(buf, 32, "%s%" PRId64 ".%0*" PRId64, sign, s / p, decimals, s % p);
}

/* Coordinates: one decimal is finer than any screen needs. */
static const char *svg_c(char buf[32], double v)
{
    svg_fmt_fixed(buf, v, 1);
    return buf;
}

/* Text with the five XML special characters escaped. */
static void svg_text(FILE *fp, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&apos;", fp); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, fp);
        }
    }
}

static void svg_open(FILE *fp, double w, double h)
{
    char a[32], b[32];
    fprintf(fp,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" "
            "viewBox=\"0 0 %s %s\" font-family=\"Helvetica, Arial, sans-serif\" "
            "font-size=\"12\">\n",
            svg_c(a, w), svg_c(b, h), a, b);
    fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n", a, b);
}

/* ---- line chart ---- */

/* An axis: ticks at first, first + step, ..., last; the drawn range
 * [vlo, vhi] is a little wider so no point sits on the frame. */
struct svg_axis {
    double first, last, step;
    double vlo, vhi;
    int decimals; /* for the tick labels */
};

/* 1, 2 or 5 times a power of ten, the smallest such >= raw. */
static double svg_nice_step(double raw)
{
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double n = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    return n * mag;
}

#define SVG_MARGIN 0.04 /* share of the span added on each side */

/* y: about `want` ticks, the outer ones bracketing [mn, mx] at multiples
 * of the step; drawn range 4 % wider on each side. */
static struct svg_axis svg_make_y_axis(double mn, double mx, int want)
{
    struct svg_axis ax;
    if (!(mx > mn)) {
        double d = fabs(mn) > 0 ? fabs(mn) * 0.1 : 0.5;
        mn -= d;
        mx += d;
    }
    ax.step = svg_nice_step((mx - mn) / want);
    ax.first = floor(mn / ax.step + 1e-9) * ax.step;
    ax.last = ceil(mx / ax.step - 1e-9) * ax.step;
    double pad = SVG_MARGIN * (ax.last - ax.first);
    ax.vlo = ax.first - pad;
    ax.vhi = ax.last + pad;
    int d = (int)-floor(log10(ax.step) + 1e-9);
    ax.decimals = d < 0 ? 0 : d;
    return ax;
}

/* x: the drawn range is [mn, mx] widened by 4 % of the span on each side
 * (by 1 for a single point); ticks at the multiples of a nice step inside
 * it, the step at least min_step when min_step > 0 (integer epochs). */
static struct svg_axis svg_make_x_axis(double mn, double mx, int want, double min_step)
{
    struct svg_axis ax;
    double pad = mx > mn ? SVG_MARGIN * (mx - mn) : 1.0;
    ax.vlo = mn - pad;
    ax.vhi = mx + pad;
    ax.step = svg_nice_step((mx > mn ? mx - mn : 2.0) / want);
    if (min_step > 0 && ax.step < min_step)
        ax.step = min_step;
    ax.first = ceil(ax.vlo / ax.step - 1e-9) * ax.step;
    ax.last = floor(ax.vhi / ax.step + 1e-9) * ax.step;
    int d = (int)-floor(log10(ax.step) + 1e-9);
    ax.decimals = d < 0 ? 0 : d;
    return ax;
}

/* A tick label: fixed decimals for ordinary ranges; for very large or very
 * fine ones a short exponent form ("1.25e-06", "3.00e+15") that stays
 * narrow enough for the margin. */
static void svg_tick_label(char buf[32], const struct svg_axis *ax, double v, int decimals)
{
    double big = fmax(fabs(ax->first), fabs(ax->last));
    if (big < 1e5 && decimals <= 4) {
        svg_fmt_fixed(buf, v, decimals);
        return;
    }
    if (fabs(v) < ax->step * 1e-6) {
        strcpy(buf, "0");
        return;
    }
    int e = (int)floor(log10(fabs(v)));
    double m = v / pow(10.0, e);
    if (fabs(m) >= 9.995) { /* rounds up to the next power */
        m /= 10;
        e++;
    }
    char mant[32];
    svg_fmt_fixed(mant, m, 2);
    snprintf(buf, 32, "%.12se%c%02d", mant, e < 0 ? '-' : '+', e < 0 ? -e : e);
}

static int svg_axis_ticks(const struct svg_axis *ax)
{
    return (int)floor((ax->last - ax->first) / ax->step + 0.5) + 1;
}

static double svg_map(const struct svg_axis *ax, double v, double p0, double p1)
{
    return p0 + (v - ax->vlo) / (ax->vhi - ax->vlo) * (p1 - p0);
}

static const char *const svg_palette[8] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                           "#9467bd", "#8c564b", "#e377c2", "#17becf"};

enum {
    SVG_W = 760,        /* whole picture */
    SVG_LEFT = 76,      /* room for the y tick labels and the y label */
    SVG_PLOT_W = 500,   /* plot area width */
    SVG_TOP = 44,       /* room for the title */
    SVG_PANEL_H = 210,  /* one panel's plot area height */
    SVG_PANEL_GAP = 34, /* between stacked panels */
    SVG_BOTTOM = 56     /* x tick labels and x label */
};

/* A value the chart can place: finite and not absurdly large (a diverged
 * loss of 1e300 would make the scale useless; it is drawn as a gap). */
static int svg_plottable(double v)
{
    return isfinite(v) && fabs(v) <= 1e15;
}

static int svg_chart_check(const struct svg_line_chart *c, struct svg_err *err)
{
    if (c->n_points < 1 || !c->x)
        return svg_fail(err, "line chart: no points");
    if (c->n_series < 1 || c->n_series > 8 || !c->series)
        return svg_fail(err, "line chart: %d series (1 to 8 supported)", c->n_series);
    for (int i = 0; i < c->n_points; i++) {
        if (!svg_plottable(c->x[i]) || (i > 0 && !(c->x[i] > c->x[i - 1])))
            return svg_fail(err, "line chart: x values must be finite and increasing (point %d)", i);
    }
    int panels = c->y_label[1] ? 2 : 1;
    for (int s = 0; s < c->n_series; s++)
        if (c->series[s].panel < 0 || c->series[s].panel >= panels || !c->series[s].y)
            return svg_fail(err, "line chart: series %d has no panel %d", s, c->series[s].panel);
    return 0;
}

int svg_line_chart_print(FILE *fp, const struct svg_line_chart *c, struct svg_err *err)
{
    if (svg_chart_check(c, err))
        return -1;
    int panels = c->y_label[1] ? 2 : 1;
    double height = SVG_TOP + panels * SVG_PANEL_H + (panels - 1) * SVG_PANEL_GAP + SVG_BOTTOM;
    /* one buffer per distinct number of a call: arguments are evaluated in
     * unspecified order */
    char a[32], b[32], d[32], e[32], f[32];
    svg_open(fp, SVG_W, height);
    fputs("<text x=\"", fp);
    fprintf(fp, "%s\" y=\"26\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">",
            svg_c(a, SVG_LEFT + SVG_PLOT_W / 2.0));
    svg_text(fp, c->title);
    fputs("</text>\n", fp);

    /* x axis: integer steps when every x is an integer */
    int integral = 1;
    for (int i = 0; i < c->n_points; i++)
        if (c->x[i] != floor(c->x[i]))
            integral = 0;
    struct svg_axis xa = svg_make_x_axis(c->x[0], c->x[c->n_points - 1], 8, integral ? 1.0 : 0.0);
    double x0 = SVG_LEFT, x1 = SVG_LEFT + SVG_PLOT_W;
    const char *dot_r = c->n_points <= 30 ? "3" : "1.5"; /* dense curves: small dots */

    for (int pn = 0; pn < panels; pn++) {
        double top = SVG_TOP + pn * (SVG_PANEL_H + SVG_PANEL_GAP);
        double bot = top + SVG_PANEL_H;
        /* y range over the finite values of this panel's series */
        double mn = INFINITY, mx = -INFINITY;
        for (int s = 0; s < c->n_series; s++) {
            if (c->series[s].panel != pn)
                continue;
            for (int i = 0; i < c->n_points; i++) {
                double v = c->series[s].y[i];
                if (svg_plottable(v)) {
                    mn = v < mn ? v : mn;
                    mx = v > mx ? v : mx;
                }
            }
        }
        if (!(mn <= mx)) {
            mn = 0;
            mx = 1;
        }
        struct svg_axis ya = svg_make_y_axis(mn, mx, 5);
        fprintf(fp, "<g class=\"panel\" id=\"panel%d\">\n", pn);
        /* grid and tick labels */
        int ny = svg_axis_ticks(&ya);
        for (int t = 0; t < ny; t++) {
            double v = ya.first + t * ya.step;
            double y = svg_map(&ya, v, bot, top);
            char lab[32];
            svg_tick_label(lab, &ya, v, ya.decimals);
            fprintf(fp,
                    "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#e0e0e0\"/>"
                    "<text class=\"ytick\" x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>\n",
                    svg_c(a, x0), svg_c(b, y), svg_c(d, x1), b, svg_c(e, x0 - 6),
                    svg_c(f, y + 4), lab);
        }
        int nx = svg_axis_ticks(&xa);
        for (int t = 0; t < nx; t++) {
            double v = xa.first + t * xa.step;
            double x = svg_map(&xa, v, x0, x1);
            fprintf(fp, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#e0e0e0\"/>\n",
                    svg_c(a, x), svg_c(b, top), a, svg_c(d, bot));
            if (pn == panels - 1) {
                char lab[32];
                svg_tick_label(lab, &xa, v, integral ? 0 : xa.decimals);
                fprintf(fp, "<text class=\"xtick\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n",
                        a, svg_c(b, bot + 16), lab);
            }
        }
        fprintf(fp,
                "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" "
                "stroke=\"#444444\"/>\n",
                svg_c(a, x0), svg_c(b, top), svg_c(d, x1 - x0), svg_c(e, bot - top));
        /* y label, rotated */
        double lx = 18, ly = (top + bot) / 2;
        fprintf(fp, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"13\" "
                    "transform=\"rotate(-90 %s %s)\">",
                svg_c(a, lx), svg_c(b, ly), a, b);
        svg_text(fp, c->y_label[pn]);
        fputs("</text>\n", fp);

        /* series: a polyline per run of finite values, a dot per point */
        int legend_row = 0;
        for (int s = 0; s < c->n_series; s++) {
            const struct svg_series *se = &c->series[s];
            if (se->panel != pn)
                continue;
            const char *col = svg_palette[s];
            fprintf(fp, "<g class=\"series\" id=\"series%d\">\n", s);
            int i = 0;
            while (i < c->n_points) {
                while (i < c->n_points && !svg_plottable(se->y[i]))
                    i++;
                int j = i;
                while (j < c->n_points && svg_plottable(se->y[j]))
                    j++;
                if (j - i >= 2) {
                    fprintf(fp, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
                    for (int k = i; k < j; k++)
                        fprintf(fp, "%s%s,%s", k > i ? " " : "", svg_c(a, svg_map(&xa, c->x[k], x0, x1)),
                                svg_c(b, svg_map(&ya, se->y[k], bot, top)));
                    fputs("\"/>\n", fp);
                }
                i = j;
            }
            for (int k = 0; k < c->n_points; k++) {
                if (!svg_plottable(se->y[k]))
                    continue;
                char xv[32], yv[32];
                svg_fmt_fixed(xv, c->x[k], integral ? 0 : 3);
                svg_fmt_fixed(yv, se->y[k], 4);
                fprintf(fp, "<circle class=\"pt\" cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"><title>",
                        svg_c(a, svg_map(&xa, c->x[k], x0, x1)),
                        svg_c(b, svg_map(&ya, se->y[k], bot, top)), dot_r, col);
                svg_text(fp, se->name);
                fprintf(fp, " at %s %s: %s</title></circle>\n", c->x_label ? c->x_label : "x", xv, yv);
            }
            fputs("</g>\n", fp);
            /* legend entry to the right of the panel */
            double ry = top + 14 + 20 * legend_row++;
            fprintf(fp,
                    "<line class=\"legend\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" "
                    "stroke-width=\"2\"/>",
                    svg_c(a, x1 + 14), svg_c(b, ry), svg_c(d, x1 + 38), b, col);
            fprintf(fp, "<text x=\"%s\" y=\"%s\">", svg_c(a, x1 + 44), svg_c(b, ry + 4));
            svg_text(fp, se->name);
            fputs("</text>\n", fp);
        }
        fputs("</g>\n", fp);
    }
    double xl_y = height - 14;
    fprintf(fp, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"13\">",
            svg_c(a, (x0 + x1) / 2), svg_c(b, xl_y));
    svg_text(fp, c->x_label);
    fputs("</text>\n</svg>\n", fp);
    return ferror(fp) ? svg_fail(err, "line chart: write error") : 0;
}

/* ---- confusion matrix ---- */

/* White to dark blue by share f in [0, 1], on a square-root scale so that
 * the off-diagonal cells that matter (a few percent) are visible. */
static void svg_shade(char buf[8], double f)
{
    f = sqrt(f);
    static const int lo[3] = {0xf7, 0xfb, 0xff}, hi[3] = {0x08, 0x30, 0x6b};
    int rgb[3];
    for (int k = 0; k < 3; k++)
        rgb[k] = (int)floor(lo[k] + (hi[k] - lo[k]) * f + 0.5);
    snprintf(buf, 8, "#%02x%02x%02x", rgb[0] & 0xff, rgb[1] & 0xff, rgb[2] & 0xff);
}

static void svg_label(char buf[64], const struct svg_confusion *cm, int k)
{
    if (cm->labels && cm->labels[k])
        snprintf(buf, 64, "%s", cm->labels[k]);
    else
        snprintf(buf, 64, "%d", k);
}

int svg_confusion_print(FILE *fp, const struct svg_confusion *cm, struct svg_err *err)
{
    int n = cm->n_classes;
    if (n < 1 || n > 100 || !cm->counts)
        return svg_fail(err, "confusion matrix: %d classes (1 to 100 supported)", n);
    int64_t total = 0, right = 0;
    for (int k = 0; k < n * n; k++) {
        if (cm->counts[k] < 0)
            return svg_fail(err, "confusion matrix: negative count in cell %d, %d", k / n, k % n);
        total += cm->counts[k];
    }
    for (int k = 0; k < n; k++)
        right += cm->counts[k * n + k];
    /* layout: label widths from the longest label (7 px per character) */
    size_t longest = 1;
    for (int k = 0; k < n; k++) {
        char lab[64];
        svg_label(lab, cm, k);
        longest = strlen(lab) > longest ? strlen(lab) : longest;
    }
    double cell = n <= 10 ? 52 : n <= 20 ? 30 : 18;
    double font = cell >= 52 ? 12 : cell >= 30 ? 9 : 7;
    double label_w = 7.0 * (double)longest + 12;
    double left = 30 + label_w, top = 64;
    double grid = cell * n;
    double right_w = 90;
    double bottom = 30 + label_w * 0.72; /* column labels at -45 degrees */
    double width = left + grid + right_w, height = top + grid + bottom;
    if (width < 360)
        width = 360;
    char a[32], b[32], d[32], e[32];
    svg_open(fp, width, height);
    char acc[32];
    svg_fmt_fixed(acc, total ? 100.0 * (double)right / (double)total : 0.0, 2);
    fprintf(fp, "<text x=\"%s\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">",
            svg_c(a, width / 2));
    svg_text(fp, cm->title);
    fputs("</text>\n", fp);
    fprintf(fp, "<text x=\"%s\" y=\"44\" text-anchor=\"middle\">accuracy %s%% (%" PRId64 " of %" PRId64
                ")</text>\n",
            a, acc, right, total);
    fprintf(fp, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-weight=\"bold\">recall</text>\n",
            svg_c(a, left + grid + right_w / 2), svg_c(b, top - 6));
    for (int t = 0; t < n; t++) {
        int64_t row = 0;
        for (int p = 0; p < n; p++)
            row += cm->counts[t * n + p];
        for (int p = 0; p < n; p++) {
            int64_t v = cm->counts[t * n + p];
            double f = row ? (double)v / (double)row : 0.0;
            char fill[8];
            svg_shade(fill, f);
            double x = left + p * cell, y = top + t * cell;
            fprintf(fp,
                    "<rect class=\"cell\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" "
                    "stroke=\"#ffffff\"/>",
                    svg_c(a, x), svg_c(b, y), svg_c(d, cell), d, fill);
            fprintf(fp,
                    "<text class=\"count\" x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"%s\" "
                    "fill=\"%s\">%" PRId64 "</text>\n",
                    svg_c(a, x + cell / 2), svg_c(b, y + cell / 2 + font * 0.35), svg_c(e, font),
                    f > 0.36 ? "#ffffff" : "#000000", v);
        }
        char lab[64], rec[32];
        svg_label(lab, cm, t);
        double y = top + t * cell + cell / 2 + 4;
        fprintf(fp, "<text class=\"rowlabel\" x=\"%s\" y=\"%s\" text-anchor=\"end\">", svg_c(a, left - 6),
                svg_c(b, y));
        svg_text(fp, lab);
        fputs("</text>\n", fp);
        if (row)
            svg_fmt_fixed(rec, 100.0 * (double)cm->counts[t * n + t] / (double)row, 1);
        fprintf(fp, "<text class=\"recall\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s%s</text>\n",
                svg_c(a, left + grid + right_w / 2), b, row ? rec : "-", row ? "%" : "");
    }
    for (int p = 0; p < n; p++) {
        char lab[64];
        svg_label(lab, cm, p);
        double x = left + p * cell + cell / 2 + 4, y = top + grid + 10;
        fprintf(fp,
                "<text class=\"collabel\" x=\"%s\" y=\"%s\" text-anchor=\"end\" "
                "transform=\"rotate(-45 %s %s)\">",
                svg_c(a, x), svg_c(b, y), a, b);
        svg_text(fp, lab);
        fputs("</text>\n", fp);
    }
    fprintf(fp,
            "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#444444\"/>\n",
            svg_c(a, left), svg_c(b, top), svg_c(d, grid), d);
    fprintf(fp, "<text x=\"14\" y=\"%s\" text-anchor=\"middle\" font-size=\"13\" "
                "transform=\"rotate(-90 14 %s)\">true class</text>\n",
            svg_c(a, top + grid / 2), a);
    fprintf(fp, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"13\">predicted class</text>\n",
            svg_c(a, left + grid / 2), svg_c(b, height - 8));
    fputs("</svg>\n", fp);
    return ferror(fp) ? svg_fail(err, "confusion matrix: write error") : 0;
}

/* ---- to a file, atomically ---- */

static int svg_write_file(const char *path, int (*print)(FILE *, const void *, struct svg_err *),
                          const void *what, struct svg_err *err)
{
    struct atomic_file af;
    struct atomic_err aerr;
    if (atomic_open(&af, path, &aerr))
        return svg_fail(err, "%s", aerr.msg);
    struct svg_err perr;
    if (print(af.fp, what, &perr)) {
        atomic_abort(&af);
        return svg_fail(err, "%s: %s", path, perr.msg);
    }
    if (atomic_commit(&af, &aerr))
        return svg_fail(err, "%s", aerr.msg);
    return 0;
}

static int svg_print_chart_v(FILE *fp, const void *c, struct svg_err *err)
{
    return svg_line_chart_print(fp, c, err);
}

static int svg_print_confusion_v(FILE *fp, const void *c, struct svg_err *err)
{
    return svg_confusion_print(fp, c, err);
}

int svg_line_chart_write(const char *path, const struct svg_line_chart *chart, struct svg_err *err)
{
    return svg_write_file(path, svg_print_chart_v, chart, err);
}

int svg_confusion_write(const char *path, const struct svg_confusion *cm, struct svg_err *err)
{
    return svg_write_file(path, svg_print_confusion_v, cm, err);
}
