/* atomic_file: write a file so that readers only ever see the old content or
 * the complete new content. Bytes go to a temporary sibling (same directory,
 * hidden, unique name, created with O_EXCL), which is flushed, fsync'ed and
 * renamed over the target; the directory is fsync'ed after the rename. Any
 * failure removes the temporary and leaves the target untouched.
 *
 * Errors are values: functions that can fail return 0 or -1, after writing
 * one message that names the target path into struct atomic_err. Nothing
 * here prints, exits or keeps global state.
 *
 * Usage:
 *     struct atomic_file af;
 *     struct atomic_err err;
 *     if (atomic_open(&af, "out/log.csv", &err)) { report err.msg }
 *     fprintf(af.fp, ...);              // any stdio output
 *     if (atomic_commit(&af, &err)) { report err.msg }   // or atomic_abort
 */
#ifndef MLPGEN_ATOMIC_FILE_H
#define MLPGEN_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

struct atomic_err {
    char msg[512];
};

/* One file being written. fp is the stream to write to; the rest is private.
 * After atomic_commit or atomic_abort the struct is closed (fp == NULL) and
 * both may be called again harmlessly. */
struct atomic_file {
    FILE *fp;
    char *path;     /* the target, as given */
    char *tmp_path; /* the temporary sibling */
};

/* Creates the temporary sibling of path and opens it for binary writing.
 * Fails (nothing created) when the directory does not exist or is not
 * writable, or path names a directory. */
int atomic_open(struct atomic_file *af, const char *path, struct atomic_err *err);

/* Flushes, checks for any earlier write error, fsyncs, closes and renames
 * the temporary over the target. On failure the temporary is removed, the
 * target keeps its old content (or stays absent), and -1 is returned. */
int atomic_commit(struct atomic_file *af, struct atomic_err *err);

/* Closes and removes the temporary; the target is untouched. */
void atomic_abort(struct atomic_file *af);

/* The whole cycle for one buffer: open, write len bytes, commit. */
int atomic_write_all(const char *path, const void *buf, size_t len,
                     struct atomic_err *err);

#endif
