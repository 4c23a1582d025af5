/* gen_stress.c: writes the big and hostile inputs of the robustness test
 * into a directory at test time (nothing big is committed). Deterministic:
 * the garbage comes from a fixed-seed LCG.
 *   gen_stress DIR */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static FILE *gen_open(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

static void gen_close(FILE *f)
{
    if (fclose(f) != 0) {
        perror("fclose");
        exit(1);
    }
}

static const char header[] = "network stress\ninput 4\n";

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_stress DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    FILE *f;

    gen_close(gen_open(dir, "empty.desc"));

    /* 1 MB of pseudo-random bytes */
    f = gen_open(dir, "garbage.desc");
    uint32_t x = 12345;
    for (int i = 0; i < 1 << 20; i++) {
        x = x * 1664525u + 1013904223u;
        fputc((int)(x >> 24), f);
    }
    gen_close(f);

    /* 10 MB of comments around a valid network: compiles */
    f = gen_open(dir, "big_comments.desc");
    fputs(header, f);
    for (long n = 0; n < 10L << 20; n += 64)
        fputs("# a comment line of sixty-four bytes, padded to that length.....\n", f);
    fputs("dense 2 activation=relu\ndense 1\n", f);
    gen_close(f);

    /* 10 MB of layers: one error at the implementation limit */
    f = gen_open(dir, "big_layers.desc");
    fputs(header, f);
    for (long n = 0; n < 10L << 20; n += 8)
        fputs("dense 1\n", f);
    gen_close(f);

    /* exactly the parser's layer limit: checks clean, then the core's limit */
    f = gen_open(dir, "layers_10000.desc");
    fputs(header, f);
    for (int n = 0; n < 10000; n++)
        fputs("dense 1\n", f);
    gen_close(f);

    /* one more: an error */
    f = gen_open(dir, "layers_10001.desc");
    fputs(header, f);
    for (int n = 0; n < 10001; n++)
        fputs("dense 1\n", f);
    gen_close(f);

    /* 100 000 repeated options on one line */
    f = gen_open(dir, "repeated_options.desc");
    fputs(header, f);
    fputs("dense 2", f);
    for (int n = 0; n < 100000; n++)
        fputs(" activation=relu", f);
    fputs("\n", f);
    gen_close(f);

    /* 100 000 tokens that are no statement, on one line */
    f = gen_open(dir, "junk_tokens.desc");
    fputs(header, f);
    fputs("dense 1\n", f);
    for (int n = 0; n < 100000; n++)
        fputs("x ", f);
    fputs("\n", f);
    gen_close(f);

    /* 100 000 nested fixed< in one token */
    f = gen_open(dir, "nested_fixed.desc");
    fputs(header, f);
    fputs("dense 1\nprecision weights=", f);
    for (int n = 0; n < 100000; n++)
        fputs("fixed<", f);
    for (int n = 0; n < 100000; n++)
        fputs(">", f);
    fputs("\n", f);
    gen_close(f);

    /* one token of 100 000 '(' where a statement should start */
    f = gen_open(dir, "giant_token.desc");
    fputs(header, f);
    fputs("dense 1\n", f);
    for (int n = 0; n < 100000; n++)
        fputc('(', f);
    fputs("\n", f);
    gen_close(f);

    /* 100 000 '=' in a row */
    f = gen_open(dir, "equals.desc");
    fputs(header, f);
    fputs("dense 1 activation", f);
    for (int n = 0; n < 100000; n++)
        fputc('=', f);
    fputs("\n", f);
    gen_close(f);

    /* a number with 100 000 digits: overflows a double */
    f = gen_open(dir, "huge_number.desc");
    fputs(header, f);
    fputs("dense 1\noptimizer sgd lr=1", f);
    for (int n = 0; n < 100000; n++)
        fputc('0', f);
    fputs("\n", f);
    gen_close(f);

    /* 0.000...001 with 100 000 zeros: underflows to zero */
    f = gen_open(dir, "tiny_number.desc");
    fputs(header, f);
    fputs("dense 1\noptimizer sgd lr=0.", f);
    for (int n = 0; n < 100000; n++)
        fputc('0', f);
    fputs("1\n", f);
    gen_close(f);

    /* 1000 bad statements: the error limit stops the flood */
    f = gen_open(dir, "many_errors.desc");
    fputs(header, f);
    for (int n = 0; n < 1000; n++)
        fputs("bogus 1\n", f);
    gen_close(f);

    /* 100 000 NUL bytes */
    f = gen_open(dir, "nuls.desc");
    for (int n = 0; n < 100000; n++)
        fputc(0, f);
    gen_close(f);
    return 0;
}
