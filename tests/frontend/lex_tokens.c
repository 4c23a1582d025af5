/* lex_tokens.c: the lexer's token kinds, values and 1-based byte columns on
 * hand-written lines (docs/net-desc.md "Lexical rules"); every expected
 * value below is written from the spec, not from the code. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "lex.h"

static int failures;

#define EXPECT(cond, ...)                                  \
    do {                                                   \
        if (!(cond)) {                                     \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);    \
            printf(__VA_ARGS__);                           \
            printf("\n");                                  \
            failures++;                                    \
        }                                                  \
    } while (0)

struct want {
    enum tok_kind kind;
    int line, col, len;
};

/* Lex src and compare kinds and places; errors must number n_errors. */
static void lex_expect(const char *what, const char *src, size_t len, const struct want *w, int n,
                       int n_errors)
{
    struct diag d;
    FILE *sink = fopen("/dev/null", "w");
    diag_init(&d, sink);
    diag_set_source(&d, "t.desc", src, len);
    struct lexer l;
    lex_init(&l, &d, src, len);
    for (int i = 0; i < n; i++) {
        struct tok t = lex_next(&l);
        EXPECT(t.kind == w[i].kind && t.loc.line == w[i].line && t.loc.col == w[i].col &&
                   (w[i].len == 0 || t.loc.len == w[i].len),
               "%s: token %d is kind %d at %d:%d len %d, expected kind %d at %d:%d len %d", what, i,
               t.kind, t.loc.line, t.loc.col, t.loc.len, w[i].kind, w[i].line, w[i].col, w[i].len);
    }
    EXPECT(lex_next(&l).kind == TK_EOF, "%s: no EOF after %d tokens", what, n);
    EXPECT(d.errors == n_errors, "%s: %d errors, expected %d", what, d.errors, n_errors);
    diag_free(&d);
    fclose(sink);
}

static struct tok lex_one(const char *src)
{
    struct diag d;
    FILE *sink = fopen("/dev/null", "w");
    diag_init(&d, sink);
    struct lexer l;
    lex_init(&l, &d, src, strlen(src));
    struct tok t = lex_next(&l);
    diag_free(&d);
    fclose(sink);
    return t;
}

static void number_forms(void)
{
    /* decimals of the spec: 12, 0.5, .5, 5., 1e-3, 1E3 */
    struct tok t = lex_one("12");
    EXPECT(t.kind == TK_INT && t.ival == 12 && t.dval == 12.0, "12 is the integer 12");
    t = lex_one("0.5");
    EXPECT(t.kind == TK_DEC && t.dval == 0.5, "0.5");
    t = lex_one(".5");
    EXPECT(t.kind == TK_DEC && t.dval == 0.5, ".5");
    t = lex_one("5.");
    EXPECT(t.kind == TK_DEC && t.dval == 5.0, "5.");
    t = lex_one("1e-3");
    EXPECT(t.kind == TK_DEC && t.dval == 0.001, "1e-3");
    t = lex_one("1E3");
    EXPECT(t.kind == TK_DEC && t.dval == 1000.0, "1E3");
    /* not numbers: the parser names what it expected */
    EXPECT(lex_one("1e").kind == TK_WORD, "1e is no number");
    EXPECT(lex_one(".").kind == TK_WORD, ". is no number");
    EXPECT(lex_one("+1").kind == TK_WORD, "+1 is no number");
    EXPECT(lex_one("-1").kind == TK_WORD, "-1 is no number");
    EXPECT(lex_one("0.1.2").kind == TK_WORD, "0.1.2 is no number");
    /* ranges */
    t = lex_one("2147483648");
    EXPECT(t.kind == TK_INT && t.ival == 2147483648LL, "2^31 lexes; the parser rejects it");
    t = lex_one("99999999999999999999999");
    EXPECT(t.kind == TK_INT && t.ival == INT64_MAX, "huge integers saturate");
    t = lex_one("1e999");
    EXPECT(t.kind == TK_DEC && t.drange == LEX_RANGE_OVERFLOW, "1e999 overflows");
    t = lex_one("1e-999");
    EXPECT(t.kind == TK_DEC && t.drange == LEX_RANGE_UNDERFLOW, "1e-999 underflows to zero");
    t = lex_one("0e-999");
    EXPECT(t.kind == TK_DEC && t.drange == LEX_RANGE_OK && t.dval == 0, "0e-999 is a plain zero");
    t = lex_one("4e-320");
    EXPECT(t.kind == TK_DEC && t.drange == LEX_RANGE_OK && t.dval > 0, "a subnormal is not zero");
}

static void shapes_and_fixed(void)
{
    struct tok t = lex_one("1x28x28");
    EXPECT(t.kind == TK_SHAPE && t.shape[0] == 1 && t.shape[1] == 28 && t.shape[2] == 28, "1x28x28");
    EXPECT(lex_one("28x28").kind == TK_WORD, "two dimensions are no shape");
    EXPECT(lex_one("1x2x3x4").kind == TK_WORD, "four dimensions are no shape");
    EXPECT(lex_one("1X2X3").kind == TK_WORD, "the x is lower case");
    t = lex_one("fixed<16,-2,trn,wrap>");
    EXPECT(t.kind == TK_FIXED && t.fx_width == 16 && t.fx_int == -2, "fixed<16,-2,trn,wrap>");
    EXPECT(t.fx_round_len == 3 && memcmp(t.text + t.fx_round_off, "trn", 3) == 0, "rounding field");
    EXPECT(t.fx_ovf_len == 4 && memcmp(t.text + t.fx_ovf_off, "wrap", 4) == 0, "overflow field");
    t = lex_one("fixed<16,4>");
    EXPECT(t.kind == TK_FIXED && t.fx_round_len == 0 && t.fx_ovf_len == 0, "fixed<16,4> has no modes");
    EXPECT(lex_one("fixed<16,4,>").kind == TK_WORD, "an empty mode");
    EXPECT(lex_one("fixed<16>").kind == TK_WORD, "one field");
    EXPECT(lex_one("fixed<16,4,a,b,c>").kind == TK_WORD, "five fields");
    EXPECT(lex_one("fixed<16,").kind == TK_WORD, "a type cut by a space");
    EXPECT(lex_one("fixed").kind == TK_IDENT, "fixed alone is a name");
}

static void places(void)
{
    /* key=value is three tokens; columns are 1-based bytes */
    static const char a[] = "dense 32 activation=relu6\n";
    const struct want wa[] = {
        { TK_IDENT, 1, 1, 5 }, { TK_INT, 1, 7, 2 }, { TK_IDENT, 1, 10, 10 },
        { TK_EQ, 1, 20, 1 },   { TK_IDENT, 1, 21, 5 }, { TK_NEWLINE, 1, 26, 0 },
    };
    lex_expect("the spec's relu6 line", a, sizeof a - 1, wa, 6, 0);

    /* CRLF ends a line; comments and blank lines give no tokens; tab separates */
    static const char b[] = "network a\r\n\r\n# c\r\n\tinput 2 # x\r\n";
    const struct want wb[] = {
        { TK_IDENT, 1, 1, 7 }, { TK_IDENT, 1, 9, 1 }, { TK_NEWLINE, 1, 10, 0 },
        { TK_IDENT, 4, 2, 5 }, { TK_INT, 4, 8, 1 },   { TK_NEWLINE, 4, 13, 0 },
    };
    lex_expect("CRLF, comments, tab", b, sizeof b - 1, wb, 6, 0);

    /* a comment right after a token; the last line without a newline */
    static const char c[] = "dense 4#four\ndense 2";
    const struct want wc[] = {
        { TK_IDENT, 1, 1, 5 }, { TK_INT, 1, 7, 1 },   { TK_NEWLINE, 1, 13, 0 },
        { TK_IDENT, 2, 1, 5 }, { TK_INT, 2, 7, 1 },   { TK_NEWLINE, 2, 8, 0 },
    };
    lex_expect("comment after a token, no final newline", c, sizeof c - 1, wc, 6, 0);

    /* bad bytes are errors and read as spaces: one error each */
    static const char d[] = "dense\x01" "4 # \xff\n\xc3\xa9 x";
    const struct want wd[] = {
        { TK_IDENT, 1, 1, 5 }, { TK_INT, 1, 7, 1 }, { TK_NEWLINE, 1, 12, 0 },
        { TK_WORD, 2, 1, 2 },  { TK_IDENT, 2, 4, 1 }, { TK_NEWLINE, 2, 5, 0 },
    };
    lex_expect("control byte, invalid UTF-8 in a comment, valid UTF-8 word", d, sizeof d - 1, wd, 6, 2);

    /* a NUL byte is an error, not the end of the text */
    static const char e[] = "dense 4\n\0dense 2\n";
    const struct want we[] = {
        { TK_IDENT, 1, 1, 5 }, { TK_INT, 1, 7, 1 }, { TK_NEWLINE, 1, 8, 0 },
        { TK_IDENT, 2, 2, 5 }, { TK_INT, 2, 8, 1 }, { TK_NEWLINE, 2, 9, 0 },
    };
    lex_expect("NUL", e, sizeof e - 1, we, 6, 1);

    /* a lone CR is an error and ends the statement; the line count stays */
    static const char f[] = "input 4\rdense 2\n";
    const struct want wf[] = {
        { TK_IDENT, 1, 1, 5 }, { TK_INT, 1, 7, 1 }, { TK_NEWLINE, 1, 8, 0 },
        { TK_IDENT, 1, 9, 5 }, { TK_INT, 1, 15, 1 }, { TK_NEWLINE, 1, 16, 0 },
    };
    lex_expect("lone CR", f, sizeof f - 1, wf, 6, 1);

    /* a broken UTF-8 sequence is one error, at its first byte */
    static const char g[] = "a \xe2\x82 b\n";
    const struct want wg[] = {
        { TK_IDENT, 1, 1, 1 }, { TK_IDENT, 1, 6, 1 }, { TK_NEWLINE, 1, 7, 0 },
    };
    lex_expect("truncated UTF-8", g, sizeof g - 1, wg, 3, 1);
}

int main(void)
{
    number_forms();
    shapes_and_fixed();
    places();
    if (failures) {
        printf("%d lexer checks failed\n", failures);
        return 1;
    }
    printf("lexer: every token kind, value and column as the spec says\n");
    return 0;
}
