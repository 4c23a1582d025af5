/* progress: the progress line formatter and its terminal/plain printer
 * (see progress.h). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* TIOCGWINSZ */

#include "progress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PROGRESS_BAR_CELLS 20

/* v with a k/M/G suffix: "950", "2.9k", "2.94M", "1.20G". */
static void progress_si(char buf[32], double v)
{
    if (v < 999.5)
        snprintf(buf, 32, "%.0f", v);
    else if (v < 999.5e3)
        snprintf(buf, 32, "%.1fk", v / 1e3);
    else if (v < 999.5e6)
        snprintf(buf, 32, "%.2fM", v / 1e6);
    else
        snprintf(buf, 32, "%.2fG", v / 1e9);
}

/* Seconds, rounded up, as M:SS or H:MM:SS. */
static void progress_hms(char buf[32], double s)
{
    if (!(s >= 0) || s > 359999) {
        strcpy(buf, "--:--");
        return;
    }
    long t = (long)ceil(s);
    if (t >= 3600)
        snprintf(buf, 32, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, 32, "%ld:%02ld", t / 60, t % 60);
}

/* The fields after the bar or the counts: "  2.9k samples/s ... ETA 0:31". */
static void progress_tail(char *buf, size_t len, const struct progress_info *in)
{
    char rate[32] = "-", cyc[48] = "", loss[32] = "-", eta[32] = "--:--";
    if (in->elapsed_s > 0 && in->run_done > 0) {
        double sps = (double)in->run_done / in->elapsed_s;
        progress_si(rate, sps);
        int64_t left = (int64_t)(in->n_epochs - in->epoch) * in->per_epoch + in->per_epoch - in->done;
        progress_hms(eta, left > 0 ? (double)left / sps : 0.0);
    }
    if (in->cycles > 0 && in->elapsed_s > 0) {
        char c[32];
        progress_si(c, (double)in->cycles / in->elapsed_s);
        snprintf(cyc, sizeof cyc, "  %s cycles/s", c);
    }
    if (!isnan(in->loss))
        snprintf(loss, sizeof loss, "%.4f", in->loss);
    snprintf(buf, len, "  %s samples/s%s  loss %s  sat %llu  ETA %s", rate, cyc, loss,
             (unsigned long long)in->saturations, eta);
}

size_t progress_format(char *buf, size_t len, const struct progress_info *in, int bar, int width)
{
    if (len == 0)
        return 0;
    double frac = in->per_epoch > 0 ? (double)in->done / (double)in->per_epoch : 0.0;
    if (frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    char pct[16], tail[256], line[512];
    snprintf(pct, sizeof pct, "%.1f%%", 100.0 * frac);
    progress_tail(tail, sizeof tail, in);
    if (bar) {
        char cells[PROGRESS_BAR_CELLS + 1];
        int full = (int)floor(frac * PROGRESS_BAR_CELLS + 1e-9);
        for (int k = 0; k < PROGRESS_BAR_CELLS; k++)
            cells[k] = k < full ? '#' : '.';
        cells[PROGRESS_BAR_CELLS] = '\0';
        int limit = width > 1 ? width - 1 : 1;
        snprintf(line, sizeof line, "epoch %d/%d [%s] %6s%s", in->epoch, in->n_epochs, cells, pct,
                 tail);
        if ((int)strlen(line) > limit) /* no room: drop the bar */
            snprintf(line, sizeof line, "epoch %d/%d %s%s", in->epoch, in->n_epochs, pct, tail);
        if ((int)strlen(line) > limit)
            line[limit] = '\0';
    } else {
        snprintf(line, sizeof line, "epoch %d/%d  %lld/%lld (%s)%s", in->epoch, in->n_epochs,
                 (long long)in->done, (long long)in->per_epoch, pct, tail);
    }
    snprintf(buf, len, "%s", line);
    return strlen(buf);
}

/* ---- printer ---- */

void progress_init_mode(struct progress *p, FILE *out, int tty, int width, int64_t plain_every)
{
    p->out = out;
    p->tty = tty;
    p->width = width > 10 ? width : 80;
    p->plain_every = plain_every;
    p->min_interval_s = 0.1;
    p->last_epoch = -1;
    p->last_done = 0;
    p->last_time = -1e30;
    p->line_open = 0;
}

void progress_init(struct progress *p, FILE *out, int64_t plain_every)
{
    int fd = fileno(out);
    const char *term = getenv("TERM");
    int tty = fd >= 0 && isatty(fd) && !(term && strcmp(term, "dumb") == 0);
    int width = 0;
    struct winsize ws;
    if (tty && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        width = ws.ws_col;
    if (width == 0) {
        const char *cols = getenv("COLUMNS");
        width = cols ? atoi(cols) : 0;
    }
    progress_init_mode(p, out, tty, width, plain_every);
}

static void progress_draw(struct progress *p, const struct progress_info *info)
{
    char line[512];
    progress_format(line, sizeof line, info, p->tty, p->width);
    if (p->tty) {
        fprintf(p->out, "\r%s\033[K", line); /* erase what a longer line left */
        p->line_open = 1;
    } else {
        fprintf(p->out, "%s\n", line);
    }
    fflush(p->out);
    p->last_epoch = info->epoch;
    p->last_done = info->done;
    p->last_time = info->elapsed_s;
}

void progress_update(struct progress *p, const struct progress_info *info)
{
    int new_epoch = info->epoch != p->last_epoch;
    if (p->tty) {
        if (new_epoch || info->elapsed_s - p->last_time >= p->min_interval_s)
            progress_draw(p, info);
    } else {
        if (new_epoch) { /* plain lines count from the epoch start */
            p->last_epoch = info->epoch;
            p->last_done = 0;
        }
        if (p->plain_every > 0 && info->done - p->last_done >= p->plain_every &&
            info->done < info->per_epoch) /* the end is printed by progress_epoch_end */
            progress_draw(p, info);
    }
}

void progress_epoch_end(struct progress *p, const struct progress_info *info)
{
    progress_draw(p, info);
    if (p->tty) {
        fputc('\n', p->out);
        fflush(p->out);
        p->line_open = 0;
    }
    p->last_epoch = info->epoch;
    p->last_done = info->done;
}

void progress_clear(struct progress *p)
{
    if (p->tty && p->line_open) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
        p->line_open = 0;
        p->last_time = -1e30; /* redraw at the next update */
    }
}
