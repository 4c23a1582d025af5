/* progress: the training progress line. On a terminal one line redrawn in
 * place with \r (at most every 0.1 s), with a bar:
 *   epoch 3/10 [#########...........]  45.0%  2.9k samples/s  2.94M cycles/s  loss 0.4322  sat 12  ETA 0:31
 * When the stream is not a terminal (a log file, CI), plain lines, one
 * every `plain_every` samples and one at the end of each epoch:
 *   epoch 3/10  5400/12000 (45.0%)  2.9k samples/s  2.94M cycles/s  loss 0.4322  sat 12  ETA 0:31
 * The cycles/s field appears only when cycles are counted (hardware).
 *
 * progress_format is a pure function (the tests pin its output); the
 * printer adds the terminal handling and the rate limits. Time comes in as
 * numbers from the caller, so nothing here reads a clock. */
#ifndef MLPGEN_PROGRESS_H
#define MLPGEN_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A snapshot of the run. Rates and the ETA are derived from run_done,
 * cycles and elapsed_s, which count from the start of this process's
 * training (a resumed run measures its own speed). */
struct progress_info {
    int epoch, n_epochs;   /* 1-based current epoch, total epochs */
    int64_t done;          /* samples finished in this epoch */
    int64_t per_epoch;     /* samples in one epoch */
    int64_t run_done;      /* samples finished since this process started */
    double elapsed_s;      /* wall seconds since this process started */
    uint64_t cycles;       /* simulated cycles since this process started; 0: not counted */
    double loss;           /* running mean loss of this epoch; NAN: none yet */
    uint64_t saturations;  /* saturation events in this epoch */
};

/* The line for info, without newline, into buf (len bytes, NUL-terminated,
 * truncated to fit). bar != 0: terminal style, at most width - 1
 * characters (the bar is dropped first when it does not fit); bar == 0:
 * plain style, width ignored. Returns the length of the line. */
size_t progress_format(char *buf, size_t len, const struct progress_info *info, int bar,
                       int width);

/* The printer state. */
struct progress {
    FILE *out;
    int tty;              /* redraw in place */
    int width;            /* terminal columns */
    int64_t plain_every;  /* plain mode: a line every this many samples; <= 0: epoch ends only */
    double min_interval_s; /* tty mode: at most one redraw per this many seconds */
    int last_epoch;
    int64_t last_done;
    double last_time;
    int line_open;        /* tty: a line is drawn and not yet ended */
};

/* Detects the mode: tty when out is a terminal (isatty) and TERM is not
 * "dumb"; the width from the terminal, else $COLUMNS, else 80. */
void progress_init(struct progress *p, FILE *out, int64_t plain_every);

/* Sets the mode explicitly (tests; a --no-progress-bar option). */
void progress_init_mode(struct progress *p, FILE *out, int tty, int width, int64_t plain_every);

/* Called as often as convenient (every batch); prints only when due. */
void progress_update(struct progress *p, const struct progress_info *info);

/* The final state of an epoch: always printed; on a terminal the line is
 * then ended so the next epoch starts a new one. */
void progress_epoch_end(struct progress *p, const struct progress_info *info);

/* Before printing anything else to the same terminal: erases the drawn
 * line (the next update draws it again). No effect in plain mode. */
void progress_clear(struct progress *p);

#endif
