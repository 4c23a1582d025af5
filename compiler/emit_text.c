/* emit_text.c: buffers, templates and quoting for the emitters
 * (emit_text.h). */
#define _POSIX_C_SOURCE 200809L
#include "emit_text.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef MLPGEN_SOURCE_DIR
#define MLPGEN_SOURCE_DIR "."
#endif

void emit_put(struct emit_buf *b, const char *s, size_t n)
{
    if (b->err)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->err = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void emit_int(struct emit_buf *b, long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[--i] = (char)('0' + (int)(u % 10u));
        u /= 10u;
    } while (u);
    if (v < 0)
        tmp[--i] = '-';
    emit_put(b, tmp + i, sizeof tmp - i);
}

void emit_printf(struct emit_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->err = 1;
        return;
    }
    if ((size_t)n < sizeof tmp) {
        emit_put(b, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->err = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    emit_put(b, big, (size_t)n);
    free(big);
}

void emit_buf_free(struct emit_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void emit_c_string(struct emit_buf *b, const char *s)
{
    emit_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '?')
            emit_printf(b, "\\%c", *p);
        else if (*p >= 0x20 && *p < 0x7f)
            emit_put(b, (const char *)p, 1);
        else
            emit_printf(b, "\\%03o", *p);
    }
    emit_put(b, "\"", 1);
}

void emit_comment_text(struct emit_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == ' ' || c == '.' || c == '_' || c == '+' || c == '-';
        emit_put(b, ok ? p : "?", 1);
    }
}

static int emit_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int emit_fill(struct emit_buf *out, const char *tmpl, const struct emit_key *keys, int n_keys,
              const char **missing)
{
    const char *t = tmpl;
    while (*t) {
        const char *at = strchr(t, '@');
        if (!at) {
            emit_put(out, t, strlen(t));
            break;
        }
        emit_put(out, t, (size_t)(at - t));
        const char *e = at + 1;
        while (emit_key_char(*e))
            e++;
        if (*e != '@' || e == at + 1) {
            emit_put(out, "@", 1);
            t = at + 1;
            continue;
        }
        size_t len = (size_t)(e - at - 1);
        int found = -1;
        for (int i = 0; i < n_keys && found < 0; i++)
            if (strlen(keys[i].key) == len && memcmp(keys[i].key, at + 1, len) == 0)
                found = i;
        if (found < 0) {
            if (missing)
                *missing = at;
            return -1;
        }
        emit_put(out, keys[found].val, strlen(keys[found].val));
        t = e + 1;
    }
    return out->err ? -1 : 0;
}

char *emit_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct emit_buf b = {0};
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        emit_put(&b, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (!b.p && !b.err)
        emit_put(&b, "", 0);
    if (bad || b.err) {
        free(b.p);
        return NULL;
    }
    if (len)
        *len = b.n;
    return b.p;
}

const char *emit_source_dir(void)
{
    const char *home = getenv("MLPGEN_HOME");
    return home && *home ? home : MLPGEN_SOURCE_DIR;
}

static int emit_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int emit_list_dir(const char *dir, const char *const *suffixes, int n_suffixes, char ***names,
                  int *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **list = NULL;
    int count = 0, cap = 0, rc = 0;
    size_t bytes = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        int match = 0;
        for (int s = 0; s < n_suffixes; s++) {
            size_t sl = strlen(suffixes[s]);
            match |= len > sl && strcmp(e->d_name + len - sl, suffixes[s]) == 0;
        }
        if (!match)
            continue;
        char path[4096];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
            stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (count == cap) {
            cap = cap ? 2 * cap : 64;
            char **nl = realloc(list, (size_t)cap * sizeof *nl);
            if (!nl) {
                rc = -1;
                break;
            }
            list = nl;
        }
        list[count] = strdup(e->d_name);
        if (!list[count]) {
            rc = -1;
            break;
        }
        bytes += len + 1;
        count++;
    }
    closedir(d);
    char **block = NULL;
    if (rc == 0) {
        qsort(list, (size_t)count, sizeof *list, emit_cmp_names);
        block = malloc((size_t)(count + 1) * sizeof *block + bytes);
        if (!block)
            rc = -1;
    }
    if (rc == 0) {
        char *str = (char *)(block + count + 1);
        for (int i = 0; i < count; i++) {
            size_t len = strlen(list[i]) + 1;
            memcpy(str, list[i], len);
            block[i] = str;
            str += len;
        }
        block[count] = NULL;
        *names = block;
        *n = count;
    }
    for (int i = 0; i < count; i++)
        free(list[i]);
    free(list);
    return rc;
}
