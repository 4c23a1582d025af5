/* lex.h: the tokens of a net.desc file (docs/net-desc.md, "Lexical rules").
 * The lexer streams tokens on demand with a few tokens of lookahead, so a
 * 10 MB file costs no more memory than its text. Byte-level problems
 * (control characters, NUL, invalid UTF-8) are reported here, at their byte
 * column; everything else about a token's meaning is the parser's. */
#ifndef MLPGEN_LEX_H
#define MLPGEN_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

enum tok_kind {
    TK_IDENT,    /* [A-Za-z_][A-Za-z0-9_]* */
    TK_INT,      /* decimal digits */
    TK_DEC,      /* 0.5 .5 5. 1e-3 1E3 */
    TK_SHAPE,    /* CxHxW, three digit runs */
    TK_FIXED,    /* fixed<W,I[,R[,O]]> as one token */
    TK_WORD,     /* anything else between separators: '25k', '-1', 'relu-6' */
    TK_EQ,       /* '=' */
    TK_NEWLINE,  /* end of a line (LF or CRLF); one per non-empty line */
    TK_EOF
};

enum { LEX_INT_MAX = 2147483647 };

/* A range error of a decimal conversion. */
enum lex_range { LEX_RANGE_OK, LEX_RANGE_OVERFLOW, LEX_RANGE_UNDERFLOW };

struct tok {
    enum tok_kind kind;
    struct loc loc;
    const char *text;       /* points into the source, not terminated */
    int len;
    bool space_before;      /* separated from the previous token (or first on line) */
    /* TK_INT */
    int64_t ival;           /* saturates at INT64_MAX */
    /* TK_INT and TK_DEC */
    double dval;
    enum lex_range drange;
    /* TK_SHAPE: c, h, w, saturated at LEX_INT_MAX + 1 */
    int64_t shape[3];
    /* TK_FIXED */
    int64_t fx_width, fx_int;          /* saturated to +-(LEX_INT_MAX + 1) */
    int fx_round_off, fx_round_len;    /* byte offset in text, 0 len = absent */
    int fx_ovf_off, fx_ovf_len;
};

struct lexer {
    struct diag *d;
    const char *src;
    size_t len, pos;
    size_t line_pos;        /* offset of the current line's first byte */
    int line;
    bool line_has_tok;      /* a token other than NEWLINE was emitted on this line */
    bool space;             /* whitespace seen since the last token */
    struct tok ahead[4];
    int n_ahead;
};

/* src must stay alive while tokens are used; a leading BOM is the caller's
 * to strip (main.c does, before the diag sees the text too). */
void lex_init(struct lexer *l, struct diag *d, const char *src, size_t len);
/* The k-th token ahead (k = 0 is the next one), k < 4. */
const struct tok *lex_peek(struct lexer *l, int k);
struct tok lex_next(struct lexer *l);

/* True when the token's text equals the NUL-terminated s. */
bool lex_is(const struct tok *t, const char *s);

#endif
