/* emit_text.h: the text tools of the host and build emitters: a growing
 * buffer, @KEY@ template filling (an unknown key is an error, so a typo in
 * a template cannot reach a generated file), C string and comment quoting,
 * and where the compiler finds its templates and runtime sources. */
#ifndef MLPGEN_EMIT_TEXT_H
#define MLPGEN_EMIT_TEXT_H

#include <stddef.h>

#include "diag.h"

struct emit_buf {
    char *p;        /* NUL-terminated once anything was written */
    size_t n, cap;
    int err;        /* sticky: an allocation failed */
};

void emit_put(struct emit_buf *b, const char *s, size_t n);
void emit_printf(struct emit_buf *b, const char *fmt, ...) DIAG_PRINTF(2, 3);
/* Appends v in decimal: the fast path for large integer tables. */
void emit_int(struct emit_buf *b, long long v);
void emit_buf_free(struct emit_buf *b);

/* s as a C string literal, quotes included: \\ \" \? and octal escapes for
 * everything outside printable ASCII. */
void emit_c_string(struct emit_buf *b, const char *s);
/* s for a comment: every byte outside [A-Za-z0-9 ._+-] becomes '?'. */
void emit_comment_text(struct emit_buf *b, const char *s);

struct emit_key {
    const char *key;    /* [A-Z0-9_]+ */
    const char *val;
};

/* Append tmpl to out with every @KEY@ replaced by its value. An @WORD@
 * with WORD in [A-Z0-9_]+ that names no key is an error: returns -1 and
 * points *missing at it (in tmpl). 0 on success. */
int emit_fill(struct emit_buf *out, const char *tmpl, const struct emit_key *keys, int n_keys,
              const char **missing);

/* The whole file, NUL-terminated (malloc); NULL on failure. */
char *emit_read_file(const char *path, size_t *len);

/* The mlpgen source tree the templates and runtime sources come from: the
 * environment variable MLPGEN_HOME when set and non-empty, else the tree
 * the compiler was built from (MLPGEN_SOURCE_DIR). */
const char *emit_source_dir(void);

/* The names of the regular files in dir that end in one of the suffixes,
 * sorted by strcmp (never directory order). *names is one malloc'd block
 * of n pointers; free it with free(). 0 or -1. */
int emit_list_dir(const char *dir, const char *const *suffixes, int n_suffixes, char ***names,
                  int *n);

#endif
