/* emit_host.h: the C host back end. Writes host/<name>_net.h and
 * host/<name>_net.c (the network as integer tables: shapes, formats,
 * lookup tables, hyperparameters, initial weights, host settings),
 * host/main.c from templates/host_main.c.in, and runtime/ (copies of the
 * runtime sources the host links). */
#ifndef MLPGEN_EMIT_HOST_H
#define MLPGEN_EMIT_HOST_H

#include "diag.h"
#include "ir.h"
#include "net.h"
#include "out.h"

/* The file names the host back end gives network `ir` (for emit_build):
 * "<name>_net.c" and "<name>_net.h" into buffers of at least 80 bytes. */
void emit_host_names(const struct ir_net *ir, char *net_c, char *net_h);

/* net: the runtime net built from ir (emit_net.h); src_dir: the mlpgen
 * source tree (templates/, runtime/). 0 or -1 (reported through d). */
int emit_host(const struct ir_net *ir, const struct mlp_net *net, const char *src_dir,
              struct out *o, struct diag *d);

#endif
