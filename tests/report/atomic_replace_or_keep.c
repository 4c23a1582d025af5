/* atomic_replace_or_keep: atomic_file either replaces a target whole or
 * leaves it as it was, and never leaves a temporary behind: a fresh write,
 * a replacement, an abort mid-write, a write that fails for lack of room
 * (RLIMIT_FSIZE), a target that is a directory, a missing directory.
 * Usage: atomic_replace_or_keep WORKDIR */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "report_check.h"

/* Number of entries in dir other than . and .. */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* Empties dir (files and empty folders) left by an earlier, failed run. */
static void dir_clear(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[1200];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        remove(p);
    }
    closedir(d);
}

static int file_is(const char *path, const char *want)
{
    char *got = check_read_file(path, NULL);
    int ok = got && strcmp(got, want) == 0;
    free(got);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
        return 2;
    }
    struct check c = {0, 0};
    char dir[512], path[600], sub[600], bad[600];
    snprintf(dir, sizeof dir, "%s/atomic", argv[1]);
    mkdir(argv[1], 0777);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    dir_clear(dir);
    CHECK(&c, dir_entries(dir) == 0);

    struct atomic_err err;
    /* fresh write: visible only after commit */
    struct atomic_file af;
    CHECK(&c, atomic_open(&af, path, &err) == 0);
    fputs("first\n", af.fp);
    fflush(af.fp);
    struct stat st;
    CHECK(&c, stat(path, &st) != 0); /* not there before the commit */
    CHECK(&c, dir_entries(dir) == 1); /* only the temporary */
    CHECK(&c, atomic_commit(&af, &err) == 0);
    CHECK(&c, file_is(path, "first\n"));
    CHECK(&c, dir_entries(dir) == 1);
    CHECK(&c, af.fp == NULL);

    /* replacement */
    CHECK(&c, atomic_write_all(path, "second\n", 7, &err) == 0);
    CHECK(&c, file_is(path, "second\n"));
    CHECK(&c, dir_entries(dir) == 1);

    /* abort mid-write: the old content stays, the temporary goes */
    CHECK(&c, atomic_open(&af, path, &err) == 0);
    fputs("half", af.fp);
    fflush(af.fp);
    CHECK(&c, dir_entries(dir) == 2);
    atomic_abort(&af);
    CHECK(&c, file_is(path, "second\n"));
    CHECK(&c, dir_entries(dir) == 1);
    atomic_abort(&af); /* twice is harmless */

    /* a write that runs out of room (file size limit): commit fails, names
     * the file, the old content stays, no temporary is left */
    struct rlimit old_lim, lim;
    getrlimit(RLIMIT_FSIZE, &old_lim);
    signal(SIGXFSZ, SIG_IGN);
    lim = old_lim;
    lim.rlim_cur = 1000;
    CHECK(&c, setrlimit(RLIMIT_FSIZE, &lim) == 0);
    CHECK(&c, atomic_open(&af, path, &err) == 0);
    for (int i = 0; i < 2000; i++)
        fputs("too long\n", af.fp);
    CHECK(&c, atomic_commit(&af, &err) == -1);
    setrlimit(RLIMIT_FSIZE, &old_lim);
    printf("size limit: %s\n", err.msg);
    CHECK(&c, strncmp(err.msg, path, strlen(path)) == 0);
    CHECK(&c, strstr(err.msg, "write failed") != NULL);
    CHECK(&c, strstr(err.msg, "(nothing written)") != NULL);
    CHECK(&c, file_is(path, "second\n"));
    CHECK(&c, dir_entries(dir) == 1);

    /* the same through atomic_write_all */
    setrlimit(RLIMIT_FSIZE, &lim);
    static char big[5000];
    memset(big, 'x', sizeof big);
    CHECK(&c, atomic_write_all(path, big, sizeof big, &err) == -1);
    setrlimit(RLIMIT_FSIZE, &old_lim);
    CHECK(&c, strncmp(err.msg, path, strlen(path)) == 0);
    CHECK(&c, file_is(path, "second\n"));
    CHECK(&c, dir_entries(dir) == 1);

    /* target is a directory: refused at open */
    CHECK(&c, mkdir(sub, 0777) == 0);
    CHECK(&c, atomic_write_all(sub, "x", 1, &err) == -1);
    char want[700];
    snprintf(want, sizeof want, "%s: is a directory", sub);
    CHECK_STR(&c, err.msg, want);
    CHECK(&c, dir_entries(dir) == 2);

    /* target becomes a directory between open and commit: rename fails */
    char late[600];
    snprintf(late, sizeof late, "%s/late", dir);
    CHECK(&c, atomic_open(&af, late, &err) == 0);
    fputs("x", af.fp);
    CHECK(&c, mkdir(late, 0777) == 0);
    CHECK(&c, atomic_commit(&af, &err) == -1);
    printf("rename onto a directory: %s\n", err.msg);
    CHECK(&c, strstr(err.msg, "rename failed") != NULL);
    CHECK(&c, dir_entries(dir) == 3); /* out.txt, sub, late; no temporary */
    rmdir(late);
    rmdir(sub);

    /* missing directory */
    snprintf(bad, sizeof bad, "%s/no/such/dir/f.txt", dir);
    CHECK(&c, atomic_write_all(bad, "x", 1, &err) == -1);
    snprintf(want, sizeof want,
             "%s: cannot create a temporary file beside it: No such file or directory", bad);
    CHECK_STR(&c, err.msg, want);

    /* an empty name is refused */
    CHECK(&c, atomic_write_all("", "x", 1, &err) == -1);
    CHECK_STR(&c, err.msg, ": not a file name");

    remove(path);
    return check_done(&c, "atomic_replace_or_keep");
}
