/* log_csv: per-epoch CSV log: created atomically, one whole line appended
 * per epoch, re-read on resume (see log_csv.h). */
#define _POSIX_C_SOURCE 200809L

#include "log_csv.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "plot_svg.h" /* svg_fmt_fixed: the locale-free number formatter */

#define LOGCSV_HEADER "epoch,loss,train_acc,test_acc,cycles,samples_per_s,saturations"
#define LOGCSV_FIELDS 7

static int logcsv_fail(struct logcsv_err *err, const char *fmt, ...)
{
    va_list ap;
    if (err) {
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void logcsv_format_row(char buf[256], const struct logcsv_row *r)
{
    char loss[32], tr[32], te[32], sps[32];
    svg_fmt_fixed(loss, r->loss, 6);
    svg_fmt_fixed(tr, r->train_acc, 6);
    svg_fmt_fixed(te, r->test_acc, 6);
    svg_fmt_fixed(sps, r->samples_per_s, 1);
    snprintf(buf, 256, "%d,%s,%s,%s,%" PRIu64 ",%s,%" PRIu64, r->epoch, loss, tr, te, r->cycles,
             sps, r->saturations);
}

/* Writes header and rows to the file, atomically. */
static int logcsv_flush(const struct logcsv *log, int n, struct logcsv_err *err)
{
    struct atomic_file af;
    struct atomic_err aerr;
    if (atomic_open(&af, log->path, &aerr))
        return logcsv_fail(err, "%s", aerr.msg);
    fputs(LOGCSV_HEADER "\n", af.fp);
    for (int i = 0; i < n; i++) {
        char line[256];
        logcsv_format_row(line, &log->rows[i]);
        fputs(line, af.fp);
        fputc('\n', af.fp);
    }
    if (atomic_commit(&af, &aerr))
        return logcsv_fail(err, "%s", aerr.msg);
    return 0;
}

static int logcsv_init(struct logcsv *log, const char *path, struct logcsv_err *err)
{
    log->rows = NULL;
    log->n = log->cap = 0;
    size_t len = strlen(path) + 1;
    log->path = malloc(len);
    if (!log->path)
        return logcsv_fail(err, "%s: out of memory", path);
    memcpy(log->path, path, len);
    return 0;
}

void logcsv_free(struct logcsv *log)
{
    free(log->path);
    free(log->rows);
    log->path = NULL;
    log->rows = NULL;
    log->n = log->cap = 0;
}

int logcsv_create(struct logcsv *log, const char *path, struct logcsv_err *err)
{
    if (logcsv_init(log, path, err))
        return -1;
    if (logcsv_flush(log, 0, err)) {
        logcsv_free(log);
        return -1;
    }
    return 0;
}

static int logcsv_push(struct logcsv *log, const struct logcsv_row *row, struct logcsv_err *err)
{
    if (log->n == log->cap) {
        int cap = log->cap ? 2 * log->cap : 16;
        struct logcsv_row *r = realloc(log->rows, (size_t)cap * sizeof *r);
        if (!r)
            return logcsv_fail(err, "%s: out of memory", log->path);
        log->rows = r;
        log->cap = cap;
    }
    log->rows[log->n++] = *row;
    return 0;
}

/* Appends one line (newline included) at the end of the file with a
 * single flush; on any failure the file is cut back to its old length. */
static int logcsv_write_line(const struct logcsv *log, const char *line, struct logcsv_err *err)
{
    FILE *fp = fopen(log->path, "ab");
    if (!fp)
        return logcsv_fail(err, "%s: cannot append to the log: %s", log->path, strerror(errno));
    long off = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
    int bad = off < 0;
    if (!bad) {
        errno = 0;
        bad = fputs(line, fp) == EOF || fflush(fp) != 0;
    }
    int saved = errno;
    if (bad && off >= 0 && ftruncate(fileno(fp), (off_t)off) != 0)
        saved = errno ? errno : saved;
    if (fclose(fp) != 0 && !bad) {
        saved = errno;
        bad = 1;
        if (truncate(log->path, (off_t)off) != 0)
            saved = errno;
    }
    if (bad)
        return logcsv_fail(err, "%s: cannot append to the log: %s", log->path,
                           saved ? strerror(saved) : "write error");
    return 0;
}

int logcsv_append(struct logcsv *log, const struct logcsv_row *row, struct logcsv_err *err)
{
    int want = log->n ? log->rows[log->n - 1].epoch + 1 : 1;
    if (row->epoch != want)
        return logcsv_fail(err, "%s: row for epoch %d, expected epoch %d", log->path, row->epoch,
                           want);
    char line[260];
    logcsv_format_row(line, row);
    strcat(line, "\n");
    if (logcsv_push(log, row, err))
        return -1;
    if (logcsv_write_line(log, line, err)) {
        log->n--;
        return -1;
    }
    return 0;
}

int logcsv_sync(const struct logcsv *log, struct logcsv_err *err)
{
    FILE *fp = fopen(log->path, "ab");
    if (!fp)
        return logcsv_fail(err, "%s: cannot sync the log: %s", log->path, strerror(errno));
    int bad = fsync(fileno(fp)) != 0;
    int saved = errno;
    if (fclose(fp) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (bad)
        return logcsv_fail(err, "%s: cannot sync the log: %s", log->path, strerror(saved));
    return 0;
}

/* ---- reading a log back (resume) ---- */

static const char *const logcsv_names[LOGCSV_FIELDS] = {
    "epoch", "loss", "train_acc", "test_acc", "cycles", "samples_per_s", "saturations"};

/* A real number as written by logcsv_format_row: decimal, "nan", "inf". */
static int logcsv_real(const char *s, double *v)
{
    if (strcmp(s, "nan") == 0) {
        *v = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return (*s && *end == '\0' && errno != ERANGE) ? 0 : -1;
}

static int logcsv_uint(const char *s, uint64_t *v)
{
    if (*s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    *v = (uint64_t)x;
    return (*end == '\0' && errno == 0) ? 0 : -1;
}

/* Parses one data line (modified in place) into r. */
static int logcsv_parse_row(struct logcsv *log, int lineno, char *line, struct logcsv_row *r,
                            struct logcsv_err *err)
{
    char *field[LOGCSV_FIELDS];
    int n = 0;
    for (char *p = line;; p++) {
        if (n < LOGCSV_FIELDS)
            field[n] = p;
        n++;
        p = strchr(p, ',');
        if (!p)
            break;
        *p = '\0';
    }
    if (n != LOGCSV_FIELDS)
        return logcsv_fail(err, "%s:%d: %d fields, expected %d", log->path, lineno, n,
                           LOGCSV_FIELDS);
    uint64_t epoch;
    double *reals[4] = {&r->loss, &r->train_acc, &r->test_acc, &r->samples_per_s};
    int real_field[4] = {1, 2, 3, 5};
    int bad = -1;
    if (logcsv_uint(field[0], &epoch) || epoch == 0 || epoch > 1000000000)
        bad = 0;
    for (int k = 0; k < 4 && bad < 0; k++)
        if (logcsv_real(field[real_field[k]], reals[k]))
            bad = real_field[k];
    if (bad < 0 && logcsv_uint(field[4], &r->cycles))
        bad = 4;
    if (bad < 0 && logcsv_uint(field[6], &r->saturations))
        bad = 6;
    if (bad >= 0)
        return logcsv_fail(err, "%s:%d: field %s: '%s' is not a valid value", log->path, lineno,
                           logcsv_names[bad], field[bad]);
    r->epoch = (int)epoch;
    return 0;
}

int logcsv_resume(struct logcsv *log, const char *path, int epochs_done, struct logcsv_err *err)
{
    if (logcsv_init(log, path, err))
        return -1;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        logcsv_fail(err, "%s: cannot open the log to resume: %s", path, strerror(errno));
        logcsv_free(log);
        return -1;
    }
    char line[1024];
    int lineno = 0, rc = 0, dropped = 0;
    while (rc == 0 && fgets(line, sizeof line, fp)) {
        lineno++;
        size_t len = strlen(line);
        if (len == 0 || line[len - 1] != '\n') {
            rc = logcsv_fail(err, "%s:%d: line %s", path, lineno,
                             len + 1 >= sizeof line ? "too long" : "not ended by a newline");
            break;
        }
        line[--len] = '\0';
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (lineno == 1) {
            if (strcmp(line, LOGCSV_HEADER) != 0)
                rc = logcsv_fail(err, "%s:1: not a training log header (expected '%s')", path,
                                 LOGCSV_HEADER);
            continue;
        }
        struct logcsv_row r = {0};
        if (logcsv_parse_row(log, lineno, line, &r, err)) {
            rc = -1;
            break;
        }
        if (r.epoch != lineno - 1) {
            rc = logcsv_fail(err, "%s:%d: epoch %d, expected %d", path, lineno, r.epoch, lineno - 1);
            break;
        }
        if (r.epoch <= epochs_done)
            rc = logcsv_push(log, &r, err);
        else
            dropped++;
    }
    if (rc == 0 && ferror(fp))
        rc = logcsv_fail(err, "%s: read error", path);
    if (rc == 0 && lineno == 0)
        rc = logcsv_fail(err, "%s: empty file, not a training log", path);
    fclose(fp);
    if (rc == 0 && log->n < epochs_done)
        rc = logcsv_fail(err, "%s: the log ends at epoch %d, the run resumes after epoch %d", path,
                         log->n, epochs_done);
    if (rc == 0 && dropped) /* the rows after the checkpoint go now */
        rc = logcsv_flush(log, log->n, err);
    if (rc)
        logcsv_free(log);
    return rc;
}

int logcsv_write_curves(const struct logcsv *log, const char *svg_path, const char *title,
                        struct logcsv_err *err)
{
    int n = log->n;
    if (n < 1)
        return logcsv_fail(err, "%s: no epochs logged yet", svg_path);
    double *buf = malloc((size_t)n * 4 * sizeof *buf);
    if (!buf)
        return logcsv_fail(err, "%s: out of memory", svg_path);
    double *x = buf, *loss = buf + n, *tr = buf + 2 * n, *te = buf + 3 * n;
    int have_test = 0;
    for (int i = 0; i < n; i++) {
        x[i] = log->rows[i].epoch;
        loss[i] = log->rows[i].loss;
        tr[i] = log->rows[i].train_acc;
        te[i] = log->rows[i].test_acc;
        have_test |= !isnan(te[i]);
    }
    struct svg_series series[3] = {
        {"training loss", loss, 0}, {"train accuracy", tr, 1}, {"test accuracy", te, 1}};
    struct svg_line_chart chart = {title, "epoch", {"loss", "accuracy"}, n, x, series,
                                   have_test ? 3 : 2};
    struct svg_err serr;
    int rc = svg_line_chart_write(svg_path, &chart, &serr);
    free(buf);
    if (rc)
        return logcsv_fail(err, "%s", serr.msg);
    return 0;
}
