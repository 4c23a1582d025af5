/* transport_serial: the hw_core transport (hw_core.h) over a serial line to
 * the iCE40 board wrapper's UART bridge (rtl_lib/board_uart_axil.v, byte
 * protocol in docs/synthesis.md), so the same host program that trains on
 * the Verilated core trains on a board. POSIX termios, 8N1, raw.
 *
 * The driver pushes a whole batch before ap_start and pops the outputs
 * after ap_done; the board's stream FIFOs hold fewer words than a batch may
 * have. So push() only queues words on the host; wait_done() sends them one
 * push() call (one sample) at a time while the core runs, drains the output
 * stream into a host queue after each, and returns when the core's
 * interrupt is up and every word was sent; pop() serves from that queue. */
#ifndef MLPGEN_TRANSPORT_SERIAL_H
#define MLPGEN_TRANSPORT_SERIAL_H

#include <stddef.h>

#include "hw_core.h"

/* Open the serial device `path` (e.g. /dev/ttyUSB1) at `baud` (9600 ..
 * 3000000, a termios speed) and fill *tr. timeout_s: how long one reply may
 * take before a call fails. 0, or -1 with a message in err. */
int serial_transport_open(const char *path, int baud, double timeout_s, struct hw_transport *tr,
                          char *err, size_t err_len);

/* The same on an already open descriptor (a pty in tests); the transport
 * owns fd from then on and sets it raw when it is a terminal. */
int serial_transport_fd(int fd, double timeout_s, struct hw_transport *tr, char *err,
                        size_t err_len);

#endif
