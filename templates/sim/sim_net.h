/* sim_net.h: what the generated sim_net.c provides: the network as the
 * reference model sees it and the core's register layout. */
#ifndef SIM_NET_H
#define SIM_NET_H

#include <stddef.h>

#include "hw_core.h"
#include "net.h"

extern const struct mlp_net sim_net;
extern const struct hw_layout sim_layout;

/* verilator_transport.cpp: the Verilated core behind a transport.
 * fst: trace file or NULL. cycles: where the simulated cycle count is kept. */
#ifdef __cplusplus
extern "C" {
#endif
int vt_open(const char *fst, struct hw_transport *tr);
unsigned long long vt_cycles(void *ctx);
#ifdef __cplusplus
}
#endif

#endif
