/* lex.c: bytes to tokens (lex.h).
 *
 *   line    = { space | token } [ "#" comment ] ( LF | CR LF | EOF )
 *   space   = " " | TAB
 *   token   = "=" | word
 *   word    = run of bytes up to space, "=", "#", a line end, a control
 *             byte or invalid UTF-8; classified as IDENT, INT, DEC, SHAPE,
 *             FIXED or else WORD (the parser names what it expected).
 *
 * Every other control byte, a NUL and invalid UTF-8 are errors at their
 * byte column, in comments too; the lexer reports them and reads on as if
 * they were spaces, so one bad byte costs one diagnostic. */
#include "lex.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void lex_init(struct lexer *l, struct diag *d, const char *src, size_t len)
{
    memset(l, 0, sizeof *l);
    l->d = d;
    l->src = src;
    l->len = len;
    l->line = 1;
    l->space = true;
}

bool lex_is(const struct tok *t, const char *s)
{
    size_t n = strlen(s);
    return (size_t)t->len == n && memcmp(t->text, s, n) == 0;
}

static struct loc lex_loc(const struct lexer *l, size_t pos, size_t len)
{
    size_t col = pos - l->line_pos + 1;
    struct loc at = { l->line, col > INT32_MAX ? INT32_MAX : (int)col,
                      len > INT32_MAX ? INT32_MAX : (int)len };
    return at;
}

static bool lex_is_digit(int c) { return c >= '0' && c <= '9'; }
static bool lex_is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

/* Report the bad byte at l->pos (control, NUL or invalid UTF-8) and skip it. */
static void lex_bad_byte(struct lexer *l)
{
    unsigned c = (unsigned char)l->src[l->pos];
    struct loc at = lex_loc(l, l->pos, 1);
    if (c == 0)
        diag_error(l->d, at, "NUL byte in the source");
    else if (c >= 0x80)
        diag_error(l->d, at, "invalid UTF-8 byte 0x%02X", c);
    else
        diag_error(l->d, at, "control character 0x%02X in the source (only space and tab separate tokens)", c);
    l->pos++;
    /* the rest of a broken UTF-8 sequence belongs to the same error */
    if (c >= 0x80)
        for (int k = 0; k < 3 && l->pos < l->len && ((unsigned char)l->src[l->pos] & 0xC0) == 0x80; k++)
            l->pos++;
    l->space = true;
}

/* A UTF-8 byte-order mark (U+FEFF) at pos. main.c strips the one at the
 * start of the file; anywhere else outside comments it is an error. */
static bool lex_is_bom(const struct lexer *l, size_t pos)
{
    return l->len - pos >= 3 && memcmp(l->src + pos, "\xEF\xBB\xBF", 3) == 0;
}

/* True when the byte at pos ends a word. */
static bool lex_word_end(const struct lexer *l, size_t pos)
{
    unsigned c = (unsigned char)l->src[pos];
    if (lex_is_bom(l, pos))
        return true;
    if (c == ' ' || c == '\t' || c == '=' || c == '#' || c < 0x20 || c == 0x7F)
        return true;
    if (c >= 0x80)
        return diag_utf8_len((const unsigned char *)l->src + pos, l->len - pos) == 0;
    return false;
}

/* digits = [0-9]+ ; value saturates at INT64_MAX */
static int64_t lex_digits(const char *s, int n)
{
    int64_t v = 0;
    for (int i = 0; i < n; i++) {
        int dgt = s[i] - '0';
        if (v > (INT64_MAX - dgt) / 10)
            return INT64_MAX;
        v = v * 10 + dgt;
    }
    return v;
}

static int lex_span(const char *s, int n, int i, bool (*pred)(int))
{
    while (i < n && pred((unsigned char)s[i]))
        i++;
    return i;
}

/* decimal = digits* [ "." digits* ] [ ("e"|"E") ["+"|"-"] digits+ ],
 *           with at least one mantissa digit */
static bool lex_is_decimal(const char *s, int n)
{
    int i = lex_span(s, n, 0, lex_is_digit);
    int mant = i;
    if (i < n && s[i] == '.') {
        int j = lex_span(s, n, i + 1, lex_is_digit);
        mant += j - i - 1;
        i = j;
    }
    if (mant == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        int j = lex_span(s, n, i, lex_is_digit);
        if (j == i)
            return false;
        i = j;
    }
    return i == n;
}

static void lex_convert_decimal(struct tok *t)
{
    char small[64];
    char *buf = (size_t)t->len < sizeof small ? small : malloc((size_t)t->len + 1);
    if (!buf) {
        t->dval = 0;
        t->drange = LEX_RANGE_OVERFLOW;
        return;
    }
    memcpy(buf, t->text, (size_t)t->len);
    buf[t->len] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    t->dval = v;
    t->drange = LEX_RANGE_OK;
    if (errno == ERANGE && v > 1.0)
        t->drange = LEX_RANGE_OVERFLOW;
    if (v == 0.0) {
        /* a nonzero mantissa digit that became zero underflowed */
        for (int i = 0; i < t->len && t->text[i] != 'e' && t->text[i] != 'E'; i++)
            if (t->text[i] >= '1' && t->text[i] <= '9')
                t->drange = LEX_RANGE_UNDERFLOW;
    }
    if (buf != small)
        free(buf);
}

/* shape = digits "x" digits "x" digits */
static bool lex_shape(struct tok *t)
{
    const char *s = t->text;
    int n = t->len, i = 0;
    for (int k = 0; k < 3; k++) {
        int j = lex_span(s, n, i, lex_is_digit);
        if (j == i)
            return false;
        int64_t v = lex_digits(s + i, j - i);
        t->shape[k] = v > LEX_INT_MAX ? (int64_t)LEX_INT_MAX + 1 : v;
        i = j;
        if (k < 2) {
            if (i >= n || s[i] != 'x')
                return false;
            i++;
        }
    }
    return i == n;
}

static bool lex_is_name_char(int c) { return lex_is_alpha(c) || lex_is_digit(c); }

/* fixed = "fixed<" digits "," ["-"] digits [ "," NAME [ "," NAME ] ] ">" */
static bool lex_fixed(struct tok *t)
{
    const char *s = t->text;
    int n = t->len;
    if (n < 6 || memcmp(s, "fixed<", 6) != 0 || s[n - 1] != '>')
        return false;
    int i = 6;
    int j = lex_span(s, n, i, lex_is_digit);
    if (j == i || j >= n || s[j] != ',')
        return false;
    int64_t w = lex_digits(s + i, j - i);
    t->fx_width = w > LEX_INT_MAX ? (int64_t)LEX_INT_MAX + 1 : w;
    i = j + 1;
    bool neg = i < n && s[i] == '-';
    if (neg)
        i++;
    j = lex_span(s, n, i, lex_is_digit);
    if (j == i)
        return false;
    int64_t iv = lex_digits(s + i, j - i);
    if (iv > LEX_INT_MAX)
        iv = (int64_t)LEX_INT_MAX + 1;
    t->fx_int = neg ? -iv : iv;
    i = j;
    for (int field = 0; field < 2 && i < n && s[i] == ','; field++) {
        i++;
        j = lex_span(s, n, i, lex_is_name_char);
        if (j == i)
            return false;
        if (field == 0)
            t->fx_round_off = i, t->fx_round_len = j - i;
        else
            t->fx_ovf_off = i, t->fx_ovf_len = j - i;
        i = j;
    }
    return i == n - 1;
}

static void lex_classify(struct tok *t)
{
    const char *s = t->text;
    int n = t->len;
    unsigned c = (unsigned char)s[0];
    if (lex_is_alpha((int)c) && lex_span(s, n, 0, lex_is_name_char) == n) {
        t->kind = TK_IDENT;
    } else if (lex_fixed(t)) {
        t->kind = TK_FIXED;
    } else if (lex_span(s, n, 0, lex_is_digit) == n) {
        t->kind = TK_INT;
        t->ival = lex_digits(s, n);
        lex_convert_decimal(t);
    } else if (lex_shape(t)) {
        t->kind = TK_SHAPE;
    } else if (lex_is_decimal(s, n)) {
        t->kind = TK_DEC;
        lex_convert_decimal(t);
    } else {
        t->kind = TK_WORD;
    }
}

/* comment = "#" { any byte but LF } ; bad bytes still reported */
static void lex_comment(struct lexer *l)
{
    while (l->pos < l->len && l->src[l->pos] != '\n') {
        unsigned c = (unsigned char)l->src[l->pos];
        if (c == '\r' && l->pos + 1 < l->len && l->src[l->pos + 1] == '\n') {
            return;   /* CRLF: the line end is the caller's */
        } else if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
            l->pos++;
        } else if (c >= 0x80) {
            size_t k = diag_utf8_len((const unsigned char *)l->src + l->pos, l->len - l->pos);
            if (k == 0)
                lex_bad_byte(l);
            else
                l->pos += k;
        } else {
            lex_bad_byte(l);
        }
        if (diag_stopped(l->d))
            return;
    }
}

static struct tok lex_scan(struct lexer *l)
{
    struct tok t;
    memset(&t, 0, sizeof t);
    for (;;) {
        if (diag_stopped(l->d))
            l->pos = l->len;
        if (l->pos >= l->len) {
            if (l->line_has_tok) {
                l->line_has_tok = false;
                t.kind = TK_NEWLINE;
                t.loc = lex_loc(l, l->pos, 1);
                t.text = "";
                return t;
            }
            t.kind = TK_EOF;
            t.loc = lex_loc(l, l->pos, 1);
            t.text = "";
            return t;
        }
        unsigned c = (unsigned char)l->src[l->pos];
        if (c == ' ' || c == '\t') {
            l->pos++;
            l->space = true;
        } else if (c == '\n' || (c == '\r' && l->pos + 1 < l->len && l->src[l->pos + 1] == '\n')) {
            bool emit = l->line_has_tok;
            if (emit) {
                t.kind = TK_NEWLINE;
                t.loc = lex_loc(l, l->pos, 1);
                t.text = "";
            }
            l->pos += c == '\r' ? 2 : 1;
            l->line++;
            l->line_pos = l->pos;
            l->line_has_tok = false;
            l->space = true;
            if (emit)
                return t;
        } else if (c == '#') {
            lex_comment(l);
        } else if (c == '\r') {
            /* a CR that does not end a CRLF line: an error, then read on as
             * if the statement ended here (one diagnostic, not a cascade) */
            lex_bad_byte(l);
            if (l->line_has_tok) {
                l->line_has_tok = false;
                t.kind = TK_NEWLINE;
                t.loc = lex_loc(l, l->pos - 1, 1);
                t.text = "";
                return t;
            }
        } else if (c < 0x20 || c == 0x7F) {
            lex_bad_byte(l);
        } else if (lex_is_bom(l, l->pos)) {
            diag_error(l->d, lex_loc(l, l->pos, 3), "a byte-order mark (U+FEFF) is allowed only at the start of the file");
            l->pos += 3;
            l->space = true;
        } else if (c >= 0x80 && diag_utf8_len((const unsigned char *)l->src + l->pos, l->len - l->pos) == 0) {
            lex_bad_byte(l);
        } else {
            size_t start = l->pos;
            if (c == '=') {
                l->pos++;
                t.kind = TK_EQ;
            } else {
                while (l->pos < l->len && !lex_word_end(l, l->pos)) {
                    unsigned b = (unsigned char)l->src[l->pos];
                    l->pos += b >= 0x80 ? diag_utf8_len((const unsigned char *)l->src + l->pos, l->len - l->pos) : 1;
                }
            }
            t.text = l->src + start;
            size_t n = l->pos - start;
            t.len = n > INT32_MAX ? INT32_MAX : (int)n;
            t.loc = lex_loc(l, start, n);
            t.space_before = l->space;
            l->space = false;
            l->line_has_tok = true;
            if (t.kind != TK_EQ)
                lex_classify(&t);
            return t;
        }
    }
}

const struct tok *lex_peek(struct lexer *l, int k)
{
    while (l->n_ahead <= k)
        l->ahead[l->n_ahead++] = lex_scan(l);
    return &l->ahead[k];
}

struct tok lex_next(struct lexer *l)
{
    lex_peek(l, 0);
    struct tok t = l->ahead[0];
    memmove(&l->ahead[0], &l->ahead[1], (size_t)(l->n_ahead - 1) * sizeof t);
    l->n_ahead--;
    return t;
}
