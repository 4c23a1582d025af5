/* serial_fake.c: runtime/transport_serial.c against a fake board on a
 * pseudo-terminal. A child process speaks the bridge protocol of
 * rtl_lib/board_uart_axil.v (docs/synthesis.md): 1024 registers, and a fake
 * core that, once CTRL bit 0 was written, turns every pushed word w into an
 * output 2w+1 and raises its interrupt after BATCH words. The parent drives
 * it through the transport exactly as hw_core.c does (registers, push per
 * sample, start, wait_done, pop) and checks hand-computed results, the
 * tlast positions, splitting of a 300-word push, and that a board that
 * answers wrongly or not at all is an error. */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "transport_serial.h"

static int rd(int fd, uint8_t *p, size_t n)
{
    while (n) {
        ssize_t k = read(fd, p, n);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static uint32_t g32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* mode 0: correct board; 1: answers 'x' to writes; 2: never answers */
static void fake_board(int fd, int mode)
{
    static uint32_t regs[1024], outq[4096], outlast[4096];
    size_t oh = 0, on = 0, since = 0, tlasts = 0;
    int started = 0;
    for (;;) {
        uint8_t c, b[8];
        if (rd(fd, &c, 1))
            _exit(0);
        if (mode == 2)
            continue;
        uint8_t out[8];
        size_t n = 0;
        if (c == 'W' && !rd(fd, b, 8)) {
            uint32_t a = g32(b), v = g32(b + 4);
            regs[(a >> 2) & 1023] = v;
            if (a == 0 && (v & 1)) {
                started = 1;
                since = 0;
            }
            out[n++] = mode == 1 ? 'x' : 'w';
        } else if (c == 'R' && !rd(fd, b, 4)) {
            uint32_t a = g32(b);
            uint32_t v = a == 0x100 ? (uint32_t)tlasts : regs[(a >> 2) & 1023];
            out[n++] = 'r';
            for (int i = 0; i < 4; i++)
                out[n++] = (uint8_t)(v >> (8 * i));
        } else if (c == 'P' && !rd(fd, b, 2)) {
            size_t k = b[1] ? b[1] : 256;
            for (size_t i = 0; i < k; i++) {
                if (rd(fd, b + 2, 4))
                    _exit(0);
                int last = (b[0] & 1) && i + 1 == k;
                tlasts += (size_t)last;
                if (started) {
                    outq[on] = 2 * g32(b + 2) + 1;
                    outlast[on++] = (uint32_t)last;
                    since++;
                }
            }
            out[n++] = 'p';
        } else if (c == 'O') {
            if (oh < on) {
                out[n++] = 'o';
                for (int i = 0; i < 4; i++)
                    out[n++] = (uint8_t)(outq[oh] >> (8 * i));
                out[n++] = (uint8_t)outlast[oh++];
            } else {
                out[n++] = 'e';
            }
        } else if (c == 'I') {
            out[n++] = 'i';
            out[n++] = started && since >= regs[0x10 / 4] ? 1 : 0;
        } else {
            out[n++] = '?';
        }
        if (write(fd, out, n) != (ssize_t)n)
            _exit(0);
    }
}

static pid_t start_fake(int mode, struct hw_transport *tr, double timeout)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m))
        return -1;
    const char *name = ptsname(m);
    int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    if (s < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(s);
        fake_board(m, mode);
        _exit(0);
    }
    close(m);
    char err[200];
    if (serial_transport_fd(s, timeout, tr, err, sizeof err) != 0) {
        fprintf(stderr, "FAIL: open: %s\n", err);
        return -1;
    }
    return pid;
}

static void stop_fake(pid_t pid, struct hw_transport *tr)
{
    tr->ops->close(tr->ctx);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

int main(void)
{
    int fail = 0;
    struct hw_transport tr;
    pid_t pid = start_fake(0, &tr, 2.0);
    if (pid < 0)
        return 1;
    const struct hw_transport_ops *op = tr.ops;
    uint32_t v = 0;
    /* registers: write then read back (hand values) */
    if (op->write32(tr.ctx, 0x18, 0xCAFEF00Du) || op->read32(tr.ctx, 0x18, &v) || v != 0xCAFEF00Du) {
        printf("FAIL: register round trip: 0x%08x\n", v);
        fail = 1;
    }
    /* a batch: 3 + 300 + 2 words in three push() calls */
    static uint32_t in[305], out[305];
    for (uint32_t i = 0; i < 305; i++)
        in[i] = 1000 + i;
    if (op->write32(tr.ctx, 0x10, 305) || op->push(tr.ctx, in, 3) || op->push(tr.ctx, in + 3, 300) ||
        op->push(tr.ctx, in + 303, 2) || op->write32(tr.ctx, 0x00, 1) ||
        op->wait_done(tr.ctx, 1000) || op->pop(tr.ctx, out, 305)) {
        printf("FAIL: batch did not complete\n");
        fail = 1;
    } else {
        /* 2w+1 by hand: word 0 = 2001, word 304 = 2*1304+1 = 2609 */
        if (out[0] != 2001u || out[304] != 2609u) {
            printf("FAIL: outputs %u .. %u, by hand 2001 .. 2609\n", out[0], out[304]);
            fail = 1;
        }
        for (uint32_t i = 0; i < 305; i++)
            if (out[i] != 2 * in[i] + 1) {
                printf("FAIL: output %u = %u\n", i, out[i]);
                fail = 1;
                break;
            }
        /* one tlast per push() call, even though the 300 words went as 255 + 45 */
        if (op->read32(tr.ctx, 0x100, &v) || v != 3) {
            printf("FAIL: %u tlast words, want 3\n", v);
            fail = 1;
        }
    }
    /* popping more than there is: an error after the timeout, not a hang */
    if (op->pop(tr.ctx, out, 1) == 0) {
        printf("FAIL: pop from an empty stream succeeded\n");
        fail = 1;
    }
    stop_fake(pid, &tr);

    /* a board that answers a write wrongly, one that is silent */
    for (int mode = 1; mode <= 2; mode++) {
        pid = start_fake(mode, &tr, 0.3);
        if (pid < 0)
            return 1;
        if (tr.ops->write32(tr.ctx, 0x18, 1) == 0) {
            printf("FAIL: board mode %d: the write was taken as done\n", mode);
            fail = 1;
        }
        stop_fake(pid, &tr);
    }
    if (!fail)
        printf("PASS: transport_serial\n");
    return fail;
}
