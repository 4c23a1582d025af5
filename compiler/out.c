/* out.c: write-to-temp-then-rename for the generated project (out.h).
 *
 *   out_begin   mkdtemp("DIR.tmp.XXXXXX") in DIR's parent
 *   out_write   mkdir -p of the subdirectories, write the file
 *   out_commit  DIR absent:  rename(tmp, DIR)
 *               DIR present: rename(DIR, DIR.old.XXXXXX), rename(tmp, DIR),
 *                            remove the old tree
 *   out_abort   remove the temporary tree */
#define _XOPEN_SOURCE 700
#include "out.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static char *out_concat(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", a, b);
    return s;
}

static int out_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 ? 0 : -1;
}

static int out_rm_tree(const char *path)
{
    return nftw(path, out_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void out_release(struct out *o)
{
    free(o->final);
    free(o->tmp);
    o->final = o->tmp = NULL;
}

int out_begin(struct out *o, const char *out_dir, struct diag *d)
{
    memset(o, 0, sizeof *o);
    o->d = d;
    size_t n = strlen(out_dir);
    while (n > 1 && out_dir[n - 1] == '/')
        n--;
    if (n == 0) {
        diag_error_noloc(d, "empty output directory name");
        return -1;
    }
    o->final = malloc(n + 1);
    if (!o->final) {
        diag_error_noloc(d, "out of memory");
        return -1;
    }
    memcpy(o->final, out_dir, n);
    o->final[n] = '\0';
    struct stat st;
    if (lstat(o->final, &st) == 0 && !S_ISDIR(st.st_mode)) {
        diag_error_noloc(d, "output '%s' exists and is not a directory", o->final);
        out_release(o);
        return -1;
    }
    o->tmp = out_concat(o->final, ".tmp.XXXXXX");
    if (!o->tmp || !mkdtemp(o->tmp)) {
        diag_error_noloc(d, "cannot create a temporary directory next to '%s': %s", o->final, strerror(errno));
        out_release(o);
        return -1;
    }
    /* mkdtemp makes 0700; the result should look like `mkdir DIR` */
    mode_t mask = umask(0);
    umask(mask);
    chmod(o->tmp, 0777 & ~mask);
    return 0;
}

/* relpath: no leading '/', no "." or ".." components, no empty components */
static int out_check_rel(const char *rel)
{
    if (!*rel || rel[0] == '/')
        return -1;
    const char *s = rel;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return -1;
        s += n;
        if (*s == '/')
            s++;
        if (e && !*s)
            return -1;
    }
    return 0;
}

int out_write(struct out *o, const char *relpath, const void *data, size_t len)
{
    if (!o->tmp || out_check_rel(relpath) != 0) {
        diag_error_noloc(o->d, "internal error: bad output path '%s'", relpath);
        return -1;
    }
    char *full = out_concat(o->tmp, "/");
    char *path = full ? out_concat(full, relpath) : NULL;
    free(full);
    if (!path) {
        diag_error_noloc(o->d, "out of memory");
        return -1;
    }
    size_t base = strlen(o->tmp) + 1;
    for (char *s = path + base; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            diag_error_noloc(o->d, "cannot create directory '%s': %s", path, strerror(errno));
            free(path);
            return -1;
        }
        *s = '/';
    }
    FILE *f = fopen(path, "wb");
    int rc = 0;
    if (!f) {
        rc = -1;
    } else {
        if (len && fwrite(data, 1, len, f) != len)
            rc = -1;
        if (fclose(f) != 0)
            rc = -1;
    }
    if (rc != 0)
        diag_error_noloc(o->d, "cannot write '%s': %s", path, strerror(errno));
    free(path);
    return rc;
}

int out_copy(struct out *o, const char *relpath, const char *src_path)
{
    FILE *f = fopen(src_path, "rb");
    if (!f) {
        diag_error_noloc(o->d, "cannot read '%s': %s", src_path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
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
        diag_error_noloc(o->d, "cannot read '%s'", src_path);
        rc = -1;
    }
    fclose(f);
    if (rc == 0)
        rc = out_write(o, relpath, buf, n);
    free(buf);
    return rc;
}

int out_commit(struct out *o)
{
    if (!o->tmp)
        return -1;
    struct stat st;
    if (lstat(o->final, &st) != 0) {
        if (rename(o->tmp, o->final) != 0) {
            diag_error_noloc(o->d, "cannot rename '%s' to '%s': %s", o->tmp, o->final, strerror(errno));
            out_abort(o);
            return -1;
        }
        out_release(o);
        return 0;
    }
    char *old = out_concat(o->final, ".old.XXXXXX");
    if (!old || !mkdtemp(old)) {
        diag_error_noloc(o->d, "cannot create a temporary directory next to '%s': %s", o->final, strerror(errno));
        free(old);
        out_abort(o);
        return -1;
    }
    if (rename(o->final, old) != 0) {
        diag_error_noloc(o->d, "cannot move the old '%s' aside: %s", o->final, strerror(errno));
        rmdir(old);
        free(old);
        out_abort(o);
        return -1;
    }
    if (rename(o->tmp, o->final) != 0) {
        int e = errno;
        rename(old, o->final);   /* put the old one back */
        diag_error_noloc(o->d, "cannot rename '%s' to '%s': %s", o->tmp, o->final, strerror(e));
        free(old);
        out_abort(o);
        return -1;
    }
    out_rm_tree(old);
    free(old);
    out_release(o);
    return 0;
}

void out_abort(struct out *o)
{
    if (o->tmp)
        out_rm_tree(o->tmp);
    out_release(o);
}
