/* emit_net.h: the one conversion from the checked IR to the runtime's
 * struct mlp_net (shapes, formats, lookup tables from lut_build, raw
 * hyperparameters, initial weights from init_weights). Every back end
 * emits from this one net, so the host tables, the hardware's ROMs and the
 * reference it is checked against cannot disagree. */
#ifndef MLPGEN_EMIT_NET_H
#define MLPGEN_EMIT_NET_H

#include "diag.h"
#include "init.h"
#include "ir.h"

/* The runtime net of `ir`, owning its memory (free with init_net_free),
 * and the planned processing elements per layer. Checks that the
 * reference trainer can train it; NULL (reported through d) if not. */
struct emit_net {
    struct init_net *net;
    int *pes;               /* n_layers entries (malloc): PEs per chain (rows) */
    int *cols;              /* n_layers entries (malloc): chains along the inputs */
    int *mem_sp;            /* n_layers entries (malloc): PE memories in SPRAM (ir_layer.mem_sp) */
};

int emit_net_build(const struct ir_net *ir, struct emit_net *out, struct diag *d);
void emit_net_free(struct emit_net *n);

#endif
