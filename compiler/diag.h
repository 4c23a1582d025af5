/* diag.h: diagnostics in the form GCC and Clang print. Every stage reports
 * through one struct diag (no globals): file:line:col, severity, message,
 * then the source line and a caret under the offending token. The struct
 * counts errors; callers return error values upward and main.c decides the
 * exit status. */
#ifndef MLPGEN_DIAG_H
#define MLPGEN_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A place in the source: 1-based line, 1-based byte column, length in bytes
 * of the token to underline (0 or 1 gives a lone caret). */
struct loc {
    int line, col, len;
};

struct diag {
    FILE *out;               /* stderr in the program, a memstream in tests */
    const char *path;        /* the file name as the user wrote it */
    const char *text;        /* the source (after a BOM), for echoing lines */
    size_t len;
    size_t *line_start;      /* lazily built index of line starts (malloc) */
    int n_lines;
    int errors, warnings;
    int max_errors;          /* stop after this many errors; 0 = no limit */
    bool werror;             /* -Werror: warnings are errors */
    bool stopped;            /* max_errors reached: later reports are dropped */
};

enum { DIAG_MAX_ERRORS = 20 };

void diag_init(struct diag *d, FILE *out);
void diag_set_source(struct diag *d, const char *path, const char *text, size_t len);
void diag_free(struct diag *d);

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

/* file:line:col: error: msg, the source line and the caret line. */
void diag_error(struct diag *d, struct loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* The same with `warning:`, or `error: ... [-Werror]` under -Werror. */
void diag_warning(struct diag *d, struct loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* A note attached to the previous diagnostic (same form, `note:`). */
void diag_note(struct diag *d, struct loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* An error with no place in the source (writing the output, say):
 * `mlpgen: error: msg`. */
void diag_error_noloc(struct diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* True once the error limit was reached: stages stop early. */
bool diag_stopped(const struct diag *d);

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 if
 * invalid (overlong, surrogate, beyond U+10FFFF, truncated). The lexer's
 * validation and the caret line's column counting share it. */
size_t diag_utf8_len(const unsigned char *s, size_t n);

#endif
