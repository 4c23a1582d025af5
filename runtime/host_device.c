/* host_device: opening the training devices a host can use. Every device is
 * a struct mlp_device (net.h); the generated main.c lists the kinds it was
 * built with in a table of struct host_device_kind: the reference, a board
 * over a serial line (hw_device_open around the serial transport), and
 * with Verilator the simulated core (in main.c, which links it). */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_core.h"
#include "ref_train.h"
#include "transport_serial.h"

int host_open_reference(const struct host_model *m, const char *arg, struct mlp_device *dev,
                        char *err, size_t err_len)
{
    (void)arg;
    const char *why = ref_unsupported(m->net);
    if (why) {
        snprintf(err, err_len, "the reference cannot train network '%s': %s", m->net->name,
                 why);
        return -1;
    }
    struct ref_trainer *r = ref_new(m->net);
    if (!r) {
        snprintf(err, err_len, "out of memory for the reference trainer");
        return -1;
    }
    *dev = ref_device(r);
    return 0;
}

int host_open_board(const struct host_model *m, const char *arg, struct mlp_device *dev,
                    char *err, size_t err_len)
{
    if (!m->layout) {
        snprintf(err, err_len, "network '%s' has no generated core", m->net->name);
        return -1;
    }
    if (!arg || !*arg) {
        snprintf(err, err_len, "give the serial port: --device board:/dev/ttyUSB1[@BAUD]");
        return -1;
    }
    char port[512];
    snprintf(port, sizeof port, "%s", arg);
    int baud = 115200;
    char *at = strrchr(port, '@');
    if (at) {
        char *end;
        long b = strtol(at + 1, &end, 10);
        if (*end || b < 1 || b > 3000000) {
            snprintf(err, err_len, "bad baud rate in '%s'", arg);
            return -1;
        }
        baud = (int)b;
        *at = '\0';
    }
    struct hw_transport tr;
    if (serial_transport_open(port, baud, 5.0, &tr, err, err_len) != 0)
        return -1;
    if (hw_device_open(m->net, m->layout, tr, dev) != 0) {
        tr.ops->close(tr.ctx);
        snprintf(err, err_len, "out of memory for the core driver");
        return -1;
    }
    return 0;
}
