/* main.c: the mlpgen command line. Reads the file, runs lex/parse/check,
 * then either prints the IR (--dump-ir) or hands it to the emitters; it is
 * the only place that decides the exit status (0 success, 1 errors in the
 * input or while writing, 2 a bad command line). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "emit.h"
#include "ir.h"
#include "parse.h"
#include "plan_fit.h"

#ifndef MLPGEN_VERSION
#define MLPGEN_VERSION "0.0.0"
#endif

enum { MAIN_MAX_FILE = 256 * 1024 * 1024 };

struct options {
    const char *file;
    const char *out_dir;
    bool werror;
    bool dump_ir;
    bool fit;
};

static void main_usage(FILE *f)
{
    fprintf(f,
            "usage: mlpgen [options] FILE -o DIR\n"
            "  -o DIR        output directory (created if absent)\n"
            "  -Werror       treat warnings as errors\n"
            "  --dump-ir     print the checked network and exit (with the fit estimate\n"
            "                on the part when the target is not generic)\n"
            "  --fit         without hardware pes=, take the largest pes whose core the\n"
            "                fit estimate puts within the part; warn when it does not fit\n"
            "  --help, --version\n");
}

/* 0: run; 1: done (help/version); 2: bad command line (reported) */
static int main_args(int argc, char **argv, struct options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            main_usage(stdout);
            return 1;
        } else if (strcmp(a, "--version") == 0) {
            printf("mlpgen %s\n", MLPGEN_VERSION);
            return 1;
        } else if (strcmp(a, "-Werror") == 0) {
            o->werror = true;
        } else if (strcmp(a, "--dump-ir") == 0) {
            o->dump_ir = true;
        } else if (strcmp(a, "--fit") == 0) {
            o->fit = true;
        } else if (strcmp(a, "-o") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "mlpgen: error: '-o' needs a directory\n");
                return 2;
            }
            o->out_dir = argv[++i];
        } else if (strncmp(a, "-o", 2) == 0) {
            o->out_dir = a + 2;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "mlpgen: error: unknown option '%s' (see mlpgen --help)\n", a);
            return 2;
        } else if (o->file) {
            fprintf(stderr, "mlpgen: error: more than one input file ('%s' and '%s')\n", o->file, a);
            return 2;
        } else {
            o->file = a;
        }
    }
    if (!o->file) {
        fprintf(stderr, "mlpgen: error: no input file\n");
        main_usage(stderr);
        return 2;
    }
    if (!o->out_dir && !o->dump_ir) {
        fprintf(stderr, "mlpgen: error: no output directory (use -o DIR, or --dump-ir)\n");
        return 2;
    }
    if (o->out_dir && !*o->out_dir) {
        fprintf(stderr, "mlpgen: error: empty output directory name\n");
        return 2;
    }
    return 0;
}

/* The whole file into a malloc'd buffer; NULL with a message on failure. */
static char *main_read(const char *path, size_t *len)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "mlpgen: error: cannot read '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "mlpgen: error: '%s' is a directory, not a net.desc file\n", path);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mlpgen: error: cannot read '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (n == cap) {
            if (cap >= MAIN_MAX_FILE) {
                fprintf(stderr, "mlpgen: error: '%s' is larger than %d MB\n", path, MAIN_MAX_FILE >> 20);
                free(buf);
                fclose(f);
                return NULL;
            }
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    if (!buf || ferror(f)) {
        fprintf(stderr, "mlpgen: error: cannot read '%s': %s\n", path, buf ? strerror(errno) : "out of memory");
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int main_compile(const struct options *o, const char *text, size_t len)
{
    struct diag d;
    diag_init(&d, stderr);
    d.werror = o->werror;
    diag_set_source(&d, o->file, text, len);
    struct arena a = { 0 };
    int rc = 1;
    struct ast_net *ast = parse_net(&a, &d, text, len);
    struct ir_net *net = ast ? check_net(&a, &d, ast, o->file) : NULL;
    if (net && d.errors == 0 && o->fit)
        plan_fit_apply(net, &d);
    if (net && d.errors == 0) {
        if (o->dump_ir)
            rc = ir_dump(net, stdout) == 0 && (net->hw.target == IR_TARGET_GENERIC || plan_fit_print(net, stdout) == 0) &&
                 fflush(stdout) == 0 ? 0 : 1;
        else
            rc = emit_project(net, o->out_dir, &d) == 0 && d.errors == 0 ? 0 : 1;
    }
    arena_free(&a);
    diag_free(&d);
    return rc;
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    int r = main_args(argc, argv, &o);
    if (r == 1)
        return 0;
    if (r == 2)
        return 2;
    size_t len = 0;
    char *buf = main_read(o.file, &len);
    if (!buf)
        return 1;
    /* a leading UTF-8 BOM is accepted and not part of the text: columns
     * of line 1 count from the byte after it */
    const char *text = buf;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    int rc = main_compile(&o, text, len);
    free(buf);
    return rc;
}
