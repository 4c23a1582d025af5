/* atomic_file: temporary sibling + fsync + rename, so a target file is
 * either its old self or complete (see atomic_file.h). */
#define _POSIX_C_SOURCE 200809L

#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void atomic_fail(struct atomic_err *err, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

static char *atomic_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* The directory part of path ("." when there is none), malloc'ed. */
static char *atomic_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return atomic_strdup(".");
    if (slash == path)
        return atomic_strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static void atomic_free(struct atomic_file *af)
{
    free(af->path);
    free(af->tmp_path);
    af->path = NULL;
    af->tmp_path = NULL;
    af->fp = NULL;
}

int atomic_open(struct atomic_file *af, const char *path, struct atomic_err *err)
{
    af->fp = NULL;
    af->path = NULL;
    af->tmp_path = NULL;
    size_t plen = strlen(path);
    if (plen == 0 || path[plen - 1] == '/') {
        atomic_fail(err, "%s: not a file name", path);
        return -1;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        atomic_fail(err, "%s: is a directory", path);
        return -1;
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0; /* keeps the '/' */
    const char *base = path + dir_len;
    /* "<dir>/.<base>.<pid>.<stamp>.<try>.tmp": hidden, unique by O_EXCL. */
    size_t cap = plen + 80;
    af->path = atomic_strdup(path);
    af->tmp_path = malloc(cap);
    if (!af->path || !af->tmp_path) {
        atomic_free(af);
        atomic_fail(err, "%s: out of memory", path);
        return -1;
    }
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        ts.tv_nsec = 0;
    unsigned long stamp = (unsigned long)ts.tv_nsec ^ ((unsigned long)(size_t)af >> 4);
    int fd = -1;
    int last_errno = 0;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        snprintf(af->tmp_path, cap, "%.*s.%s.%ld.%lx.%d.tmp", (int)dir_len, path,
                 base, (long)getpid(), stamp, attempt);
        fd = open(af->tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0) {
            last_errno = errno;
            if (errno != EEXIST)
                break;
        }
    }
    if (fd < 0) {
        atomic_fail(err, "%s: cannot create a temporary file beside it: %s", path,
                    strerror(last_errno));
        atomic_free(af);
        return -1;
    }
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        int e = errno;
        close(fd);
        unlink(af->tmp_path);
        atomic_fail(err, "%s: cannot open a stream on the temporary file: %s", path,
                    strerror(e));
        atomic_free(af);
        return -1;
    }
    return 0;
}

void atomic_abort(struct atomic_file *af)
{
    if (af->fp) {
        fclose(af->fp);
        af->fp = NULL;
    }
    if (af->tmp_path)
        unlink(af->tmp_path);
    atomic_free(af);
}

/* Makes the rename itself durable. Some file systems refuse fsync on a
 * directory (EINVAL); that is not a failure of the write. */
static int atomic_sync_dir(const char *path, struct atomic_err *err)
{
    char *dir = atomic_dirname(path);
    if (!dir)
        return 0;
    int fd = open(dir, O_RDONLY);
    int rc = 0;
    if (fd >= 0) {
        if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
            atomic_fail(err, "%s: fsync of directory %s failed: %s", path, dir,
                        strerror(errno));
            rc = -1;
        }
        close(fd);
    }
    free(dir);
    return rc;
}

int atomic_commit(struct atomic_file *af, struct atomic_err *err)
{
    if (!af->fp) {
        atomic_fail(err, "%s: not open", af->path ? af->path : "(atomic file)");
        atomic_abort(af);
        return -1;
    }
    const char *what = NULL;
    int e = 0;
    if (fflush(af->fp) != 0) {
        what = "write failed";
        e = errno;
    } else if (ferror(af->fp)) {
        what = "write failed";
        e = EIO;
    } else if (fsync(fileno(af->fp)) != 0) {
        what = "fsync failed";
        e = errno;
    }
    int close_rc = fclose(af->fp);
    af->fp = NULL;
    if (!what && close_rc != 0) {
        what = "close failed";
        e = errno;
    }
    if (!what && rename(af->tmp_path, af->path) != 0) {
        what = "rename failed";
        e = errno;
    }
    if (what) {
        atomic_fail(err, "%s: %s: %s (nothing written)", af->path, what, strerror(e));
        unlink(af->tmp_path);
        atomic_free(af);
        return -1;
    }
    int rc = atomic_sync_dir(af->path, err);
    atomic_free(af);
    return rc;
}

int atomic_write_all(const char *path, const void *buf, size_t len,
                     struct atomic_err *err)
{
    struct atomic_file af;
    if (atomic_open(&af, path, err))
        return -1;
    if (len > 0 && fwrite(buf, 1, len, af.fp) != len) {
        atomic_fail(err, "%s: write failed: %s (nothing written)", path, strerror(errno));
        atomic_abort(&af);
        return -1;
    }
    return atomic_commit(&af, err);
}
