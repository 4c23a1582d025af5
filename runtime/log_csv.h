/* log_csv: the per-epoch CSV log of a training run, one row per epoch
 * under the header
 *     epoch,loss,train_acc,test_acc,cycles,samples_per_s,saturations
 * The header is written through atomic_file (temporary, fsync, rename),
 * replacing any old log at once; each epoch then appends its whole line
 * with one flush (no fsync: logcsv_sync before a checkpoint makes the log
 * durable up to it), and a failed append cuts the file back, so the file
 * is a complete log up to the last finished epoch, never half a row. The
 * rows are also kept in memory for the curves. A resumed run continues
 * the log from its checkpoint's epoch (a rewrite, only when rows after the
 * checkpoint must go). Follow it with `tail -F`.
 *
 * Numbers: loss and accuracies with 6 decimals, samples/s with 1, counts as
 * integers, "nan" for a value that does not exist (no test set: test_acc =
 * NAN). Formatting does not depend on the locale.
 *
 * Errors are values: functions that can fail return 0 or -1 after writing
 * one message that names the file (and line and field when reading) into
 * struct logcsv_err. */
#ifndef MLPGEN_LOG_CSV_H
#define MLPGEN_LOG_CSV_H

#include <stdint.h>

struct logcsv_err {
    char msg[512];
};

struct logcsv_row {
    int epoch;            /* 1, 2, ... */
    double loss;          /* mean training loss of the epoch */
    double train_acc;     /* fraction 0 .. 1 */
    double test_acc;      /* fraction 0 .. 1, NAN when there is no test set */
    uint64_t cycles;      /* simulated clock cycles of the epoch, 0 on the reference */
    double samples_per_s; /* training samples per wall-clock second */
    uint64_t saturations; /* saturation events counted during the epoch */
};

struct logcsv {
    char *path;
    struct logcsv_row *rows;
    int n, cap;
};

/* A new log at path: writes the header now (replacing any old file). */
int logcsv_create(struct logcsv *log, const char *path, struct logcsv_err *err);

/* Continues the log at path for a run resumed after `epochs_done` complete
 * epochs: reads and validates the file (header, 7 fields a row, numbers,
 * epochs 1, 2, ... in order), keeps rows 1 .. epochs_done, drops later
 * ones (written after the checkpoint) by rewriting the file. Fails if the
 * file lacks one of the epochs 1 .. epochs_done. */
int logcsv_resume(struct logcsv *log, const char *path, int epochs_done,
                  struct logcsv_err *err);

/* Adds one row (its epoch must be the next one): its line is appended to
 * the file and flushed. On failure the row is not kept and the file is as
 * before. */
int logcsv_append(struct logcsv *log, const struct logcsv_row *row, struct logcsv_err *err);

/* fsync of the file: the rows appended so far survive a crash of the
 * machine (call before writing a checkpoint that the log must match). */
int logcsv_sync(const struct logcsv *log, struct logcsv_err *err);

/* The curves of the log so far as an SVG (plot_svg): loss in the top
 * panel, train and test accuracy below (test only when some epoch has it),
 * one point per epoch. Call after each append; a resumed run's picture
 * includes the epochs before the checkpoint. Needs at least one row. */
int logcsv_write_curves(const struct logcsv *log, const char *svg_path, const char *title,
                        struct logcsv_err *err);

/* Frees the log (the file stays). */
void logcsv_free(struct logcsv *log);

/* One row as its CSV line without the newline (buf: 256 bytes). */
void logcsv_format_row(char buf[256], const struct logcsv_row *row);

#endif
