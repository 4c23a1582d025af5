/* diag.c: the one place that knows the diagnostic format (diag.h).
 *
 *   net.desc:4:21: error: unknown activation 'relu6' (expected ...)
 *       4 | dense 32 activation=relu6
 *         |                     ^~~~~
 *
 * Columns are 1-based byte columns. The echoed line shows control bytes and
 * invalid UTF-8 as '?', keeps tabs (the caret line repeats them so the caret
 * lines up), and shows a window of very long lines. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { DIAG_WINDOW = 160, DIAG_LEAD = 60 };

void diag_init(struct diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->max_errors = DIAG_MAX_ERRORS;
}

void diag_set_source(struct diag *d, const char *path, const char *text, size_t len)
{
    d->path = path;
    d->text = text;
    d->len = len;
    free(d->line_start);
    d->line_start = NULL;
    d->n_lines = 0;
}

void diag_free(struct diag *d)
{
    free(d->line_start);
    d->line_start = NULL;
}

bool diag_stopped(const struct diag *d)
{
    return d->stopped;
}

static void diag_index_lines(struct diag *d)
{
    if (d->line_start || !d->text)
        return;
    size_t n = 1;
    for (size_t i = 0; i < d->len; i++)
        if (d->text[i] == '\n')
            n++;
    d->line_start = malloc((n + 1) * sizeof *d->line_start);
    if (!d->line_start)
        return;
    size_t k = 0;
    d->line_start[k++] = 0;
    for (size_t i = 0; i < d->len; i++)
        if (d->text[i] == '\n')
            d->line_start[k++] = i + 1;
    d->line_start[k] = d->len + 1;
    d->n_lines = (int)(n > INT32_MAX ? INT32_MAX : n);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
size_t diag_utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    else if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    unsigned cp = c & (0x3Fu >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Echo the source line and the caret line for `at`. */
static void diag_show_line(struct diag *d, struct loc at)
{
    diag_index_lines(d);
    if (!d->line_start || at.line < 1 || at.line > d->n_lines)
        return;
    const unsigned char *line = (const unsigned char *)d->text + d->line_start[at.line - 1];
    size_t end = d->line_start[at.line] - 1;   /* index of '\n' or len */
    size_t n = end - d->line_start[at.line - 1];
    if (n > 0 && line[n - 1] == '\r')
        n--;
    size_t col = at.col > 0 ? (size_t)at.col - 1 : 0;
    if (col > n)
        col = n;
    size_t ulen = at.len > 1 ? (size_t)at.len : 1;
    /* window of a long line: start a little before the column */
    size_t from = 0, to = n;
    if (n > DIAG_WINDOW) {
        from = col > DIAG_LEAD ? col - DIAG_LEAD : 0;
        while (from > 0 && from < n && (line[from] & 0xC0) == 0x80)
            from--;
        to = from + DIAG_WINDOW < n ? from + DIAG_WINDOW : n;
        while (to < n && (line[to] & 0xC0) == 0x80)
            to++;
    }
    fprintf(d->out, "%5d | %s", at.line, from > 0 ? "..." : "");
    for (size_t i = from; i < to;) {
        unsigned c = line[i];
        if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
            fputc((int)c, d->out);
            i++;
        } else if (c >= 0x80) {
            size_t k = diag_utf8_len(line + i, to - i);
            if (k == 0) {
                fputc('?', d->out);
                i++;
            } else {
                fwrite(line + i, 1, k, d->out);
                i += k;
            }
        } else {
            fputc('?', d->out);
            i++;
        }
    }
    fprintf(d->out, "%s\n      | %s", to < n ? "..." : "", from > 0 ? "   " : "");
    /* one space (or tab) per displayed character before the caret */
    for (size_t i = from; i < col && i < to;) {
        if (line[i] == '\t') {
            fputc('\t', d->out);
            i++;
            continue;
        }
        size_t k = line[i] >= 0x80 ? diag_utf8_len(line + i, to - i) : 1;
        fputc(' ', d->out);
        i += k ? k : 1;
    }
    fputc('^', d->out);
    size_t stop = col + ulen < to ? col + ulen : to;
    size_t i = col < to ? col : to;
    if (i < stop) {
        size_t k = line[i] >= 0x80 ? diag_utf8_len(line + i, stop - i) : 1;
        i += k ? k : 1;
    }
    while (i < stop) {
        size_t k = line[i] >= 0x80 ? diag_utf8_len(line + i, stop - i) : 1;
        fputc('~', d->out);
        i += k ? k : 1;
    }
    fputc('\n', d->out);
}

static void diag_report(struct diag *d, struct loc at, const char *kind,
                        const char *suffix, const char *fmt, va_list ap)
{
    fprintf(d->out, "%s:%d:%d: %s: ", d->path ? d->path : "mlpgen", at.line, at.col, kind);
    vfprintf(d->out, fmt, ap);
    fprintf(d->out, "%s\n", suffix);
    diag_show_line(d, at);
}

static bool diag_count_error(struct diag *d)
{
    if (d->stopped)
        return false;
    d->errors++;
    return true;
}

static void diag_check_limit(struct diag *d)
{
    if (d->max_errors > 0 && d->errors >= d->max_errors && !d->stopped) {
        d->stopped = true;
        fprintf(d->out, "%s: note: stopping after %d errors\n",
                d->path ? d->path : "mlpgen", d->errors);
    }
}

void diag_error(struct diag *d, struct loc at, const char *fmt, ...)
{
    if (!diag_count_error(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    diag_report(d, at, "error", "", fmt, ap);
    va_end(ap);
    diag_check_limit(d);
}

void diag_warning(struct diag *d, struct loc at, const char *fmt, ...)
{
    if (d->stopped)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (d->werror) {
        d->errors++;
        diag_report(d, at, "error", " [-Werror]", fmt, ap);
    } else {
        d->warnings++;
        diag_report(d, at, "warning", "", fmt, ap);
    }
    va_end(ap);
    diag_check_limit(d);
}

void diag_note(struct diag *d, struct loc at, const char *fmt, ...)
{
    if (d->stopped)
        return;
    va_list ap;
    va_start(ap, fmt);
    diag_report(d, at, "note", "", fmt, ap);
    va_end(ap);
}

void diag_error_noloc(struct diag *d, const char *fmt, ...)
{
    if (!diag_count_error(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(d->out, "mlpgen: error: ");
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    va_end(ap);
    diag_check_limit(d);
}
