/* transport_serial.c: the hw_core transport over a serial line to the
 * board bridge (transport_serial.h). One command, one reply; replies are
 * read with poll() and a deadline so a silent board is an error, not a
 * hang. */
#define _DEFAULT_SOURCE
#include "transport_serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum { SERIAL_MAX_PUSH = 255 };

struct serial_ctx {
    int fd;
    int timeout_ms;
    uint32_t *inq;          /* words queued by push(), sent by wait_done() */
    size_t *inq_ends;       /* end index of every push() call (tlast there) */
    size_t in_n, in_cap, ends_n, ends_cap, in_sent, ends_sent;
    uint32_t *outq;         /* words drained from the output stream */
    size_t out_head, out_n, out_cap;
};

static int serial_write_all(struct serial_ctx *c, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(c->fd, p, n);
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int serial_read_all(struct serial_ctx *c, uint8_t *p, size_t n)
{
    while (n > 0) {
        struct pollfd pf = {.fd = c->fd, .events = POLLIN};
        int r = poll(&pf, 1, c->timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;   /* timeout or error */
        ssize_t k = read(c->fd, p, n);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void serial_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t serial_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int serial_write32(void *ctx, uint32_t addr, uint32_t v)
{
    struct serial_ctx *c = ctx;
    uint8_t b[9] = {'W'};
    serial_put32(b + 1, addr);
    serial_put32(b + 5, v);
    uint8_t r;
    if (serial_write_all(c, b, sizeof b) || serial_read_all(c, &r, 1) || r != 'w')
        return -1;
    return 0;
}

static int serial_read32(void *ctx, uint32_t addr, uint32_t *v)
{
    struct serial_ctx *c = ctx;
    uint8_t b[5] = {'R'};
    serial_put32(b + 1, addr);
    uint8_t r[5];
    if (serial_write_all(c, b, sizeof b) || serial_read_all(c, r, sizeof r) || r[0] != 'r')
        return -1;
    *v = serial_get32(r + 1);
    return 0;
}

static int serial_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}

static int serial_push(void *ctx, const uint32_t *w, size_t n)
{
    struct serial_ctx *c = ctx;
    if (n == 0)
        return 0;
    if (serial_grow((void **)&c->inq, &c->in_cap, c->in_n + n, sizeof *c->inq) ||
        serial_grow((void **)&c->inq_ends, &c->ends_cap, c->ends_n + 1, sizeof *c->inq_ends))
        return -1;
    memcpy(c->inq + c->in_n, w, n * sizeof *w);
    c->in_n += n;
    c->inq_ends[c->ends_n++] = c->in_n;
    return 0;
}

/* 'O' until the board says empty; 1 if any word came, 0 if none, -1 error */
static int serial_drain(struct serial_ctx *c)
{
    int got = 0;
    for (;;) {
        uint8_t cmd = 'O', r;
        if (serial_write_all(c, &cmd, 1) || serial_read_all(c, &r, 1))
            return -1;
        if (r == 'e')
            return got;
        uint8_t b[5];
        if (r != 'o' || serial_read_all(c, b, sizeof b))
            return -1;
        if (serial_grow((void **)&c->outq, &c->out_cap, c->out_n + 1, sizeof *c->outq))
            return -1;
        c->outq[c->out_n++] = serial_get32(b);
        got = 1;
    }
}

/* send the words of the next push() call, in 'P' commands of <= 255 words */
static int serial_send_next(struct serial_ctx *c)
{
    size_t end = c->inq_ends[c->ends_sent];
    while (c->in_sent < end) {
        size_t k = end - c->in_sent;
        if (k > SERIAL_MAX_PUSH)
            k = SERIAL_MAX_PUSH;
        uint8_t *b = malloc(3 + 4 * k);
        if (!b)
            return -1;
        b[0] = 'P';
        b[1] = c->in_sent + k == end ? 1 : 0;
        b[2] = (uint8_t)k;
        for (size_t i = 0; i < k; i++)
            serial_put32(b + 3 + 4 * i, c->inq[c->in_sent + i]);
        uint8_t r;
        int rc = serial_write_all(c, b, 3 + 4 * k) || serial_read_all(c, &r, 1) || r != 'p';
        free(b);
        if (rc)
            return -1;
        c->in_sent += k;
    }
    c->ends_sent++;
    return 0;
}

static double serial_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int serial_wait_done(void *ctx, uint64_t max_cycles)
{
    (void)max_cycles;   /* the board's clock is not ours to count: a wall-clock deadline */
    struct serial_ctx *c = ctx;
    double last = serial_now();
    for (;;) {
        int progress = 0;
        if (c->ends_sent < c->ends_n) {
            if (serial_send_next(c))
                return -1;
            progress = 1;
        }
        int d = serial_drain(c);
        if (d < 0)
            return -1;
        progress |= d;
        if (c->ends_sent == c->ends_n) {
            uint8_t cmd = 'I', r[2];
            if (serial_write_all(c, &cmd, 1) || serial_read_all(c, r, 2) || r[0] != 'i')
                return -1;
            if (r[1] & 1) {
                c->in_n = c->in_sent = c->ends_n = c->ends_sent = 0;
                return serial_drain(c) < 0 ? -1 : 0;
            }
        }
        double now = serial_now();
        if (progress)
            last = now;
        else if ((now - last) * 1000.0 > (double)c->timeout_ms * 10)
            return -1;
    }
}

static int serial_pop(void *ctx, uint32_t *w, size_t n)
{
    struct serial_ctx *c = ctx;
    double start = serial_now();
    while (c->out_n - c->out_head < n) {
        int d = serial_drain(c);
        if (d < 0)
            return -1;
        if (d == 0 && (serial_now() - start) * 1000.0 > (double)c->timeout_ms)
            return -1;
    }
    memcpy(w, c->outq + c->out_head, n * sizeof *w);
    c->out_head += n;
    if (c->out_head == c->out_n)
        c->out_head = c->out_n = 0;
    return 0;
}

static void serial_close(void *ctx)
{
    struct serial_ctx *c = ctx;
    if (!c)
        return;
    close(c->fd);
    free(c->inq);
    free(c->inq_ends);
    free(c->outq);
    free(c);
}

static const struct hw_transport_ops serial_ops = {
    serial_write32, serial_read32, serial_push, serial_wait_done, serial_pop, serial_close, NULL,
};

int serial_transport_fd(int fd, double timeout_s, struct hw_transport *tr, char *err,
                        size_t err_len)
{
    if (isatty(fd)) {
        struct termios t;
        if (tcgetattr(fd, &t) != 0) {
            snprintf(err, err_len, "tcgetattr: %s", strerror(errno));
            close(fd);
            return -1;
        }
        cfmakeraw(&t);
        t.c_cflag |= CLOCAL | CREAD;
        t.c_cflag &= (tcflag_t)~(CSTOPB | CRTSCTS);
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(fd, TCSANOW, &t) != 0) {
            snprintf(err, err_len, "tcsetattr: %s", strerror(errno));
            close(fd);
            return -1;
        }
        tcflush(fd, TCIOFLUSH);
    }
    struct serial_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, err_len, "out of memory");
        close(fd);
        return -1;
    }
    c->fd = fd;
    c->timeout_ms = timeout_s > 0 ? (int)(timeout_s * 1000.0) : 2000;
    tr->ops = &serial_ops;
    tr->ctx = c;
    return 0;
}

static int serial_speed(int baud, speed_t *s)
{
    static const struct {
        int baud;
        speed_t s;
    } speeds[] = {
        {9600, B9600},     {19200, B19200},     {38400, B38400},     {57600, B57600},
        {115200, B115200}, {230400, B230400},   {460800, B460800},   {921600, B921600},
        {1000000, B1000000}, {2000000, B2000000}, {3000000, B3000000},
    };
    for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
        if (speeds[i].baud == baud) {
            *s = speeds[i].s;
            return 0;
        }
    return -1;
}

int serial_transport_open(const char *path, int baud, double timeout_s, struct hw_transport *tr,
                          char *err, size_t err_len)
{
    speed_t sp;
    if (serial_speed(baud, &sp) != 0) {
        snprintf(err, err_len, "%d baud is not a termios speed", baud);
        return -1;
    }
    int fd = open(path, O_RDWR | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct termios t;
    if (tcgetattr(fd, &t) != 0 || cfsetispeed(&t, sp) != 0 || cfsetospeed(&t, sp) != 0 ||
        tcsetattr(fd, TCSANOW, &t) != 0) {
        snprintf(err, err_len, "%s: cannot set %d baud: %s", path, baud, strerror(errno));
        close(fd);
        return -1;
    }
    return serial_transport_fd(fd, timeout_s, tr, err, err_len);
}
