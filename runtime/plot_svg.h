/* plot_svg: the two pictures of a training run, as SVG written by plain C
 * (no plotting library): (a) a line chart of per-epoch series in two
 * stacked panels (loss on top, accuracies below, each with its own y
 * scale), (b) a confusion-matrix heat map with the count in every cell.
 * Both open in any browser.
 *
 * The output depends only on the inputs: numbers are formatted by integer
 * arithmetic here (no printf %f, so no locale), nothing is timestamped.
 * Files are written through atomic_file. Errors are values: functions that
 * can fail return 0 or -1 after writing one message that names the file
 * into struct svg_err. */
#ifndef MLPGEN_PLOT_SVG_H
#define MLPGEN_PLOT_SVG_H

#include <stdint.h>
#include <stdio.h>

struct svg_err {
    char msg[512];
};

/* One curve: n_points values of chart.x, drawn in panel 0 (top) or 1
 * (bottom). A NaN, infinite or huge (|v| > 1e15) value leaves a gap in the
 * line (a diverged loss does not break the picture). */
struct svg_series {
    const char *name; /* legend text */
    const double *y;
    int panel;
};

/* The chart. y_label[1] == NULL gives a single panel. */
struct svg_line_chart {
    const char *title;
    const char *x_label;    /* e.g. "epoch" */
    const char *y_label[2]; /* e.g. "loss", "accuracy" */
    int n_points;           /* >= 1 */
    const double *x;        /* n_points values, |x| <= 1e15, increasing (epochs 1, 2, ...) */
    const struct svg_series *series;
    int n_series; /* 1 .. 8 */
};

/* The chart as SVG to path (atomic) or to an open stream. */
int svg_line_chart_write(const char *path, const struct svg_line_chart *chart,
                         struct svg_err *err);
int svg_line_chart_print(FILE *fp, const struct svg_line_chart *chart, struct svg_err *err);

/* A confusion matrix: counts[t * n_classes + p] samples of true class t
 * were predicted as p. Cells are shaded by the share of their row (so a
 * rare class is as readable as a common one) and show the count; the
 * right column gives each class's recall, the title the overall accuracy. */
struct svg_confusion {
    const char *title;
    int n_classes;              /* 1 .. 100 */
    const char *const *labels;  /* n_classes names, or NULL for 0, 1, ... */
    const int64_t *counts;      /* n_classes * n_classes, >= 0 */
};

int svg_confusion_write(const char *path, const struct svg_confusion *cm, struct svg_err *err);
int svg_confusion_print(FILE *fp, const struct svg_confusion *cm, struct svg_err *err);

/* v with exactly `decimals` digits after the point ("-0.25", "3", "12.50"),
 * rounded half away from zero; "nan", "inf", "-inf" for non-finite v;
 * beyond 9e15 / 10^decimals no decimals, and from 1e29 on the form "1e+300".
 * Independent of the locale. buf has room for 32 characters. */
void svg_fmt_fixed(char buf[32], double v, int decimals);

#endif
