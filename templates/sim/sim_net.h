/* sim_net.h: the network as the reference model sees it (sim_net) and the
 * core's register layout (sim_layout). In a project of mlpgen they are the
 * host's tables (host/<name>_net.c, compiled with SIM_MODEL=<ident>_model:
 * the initial weights are written once); in one of tests/hw/hwgen, which
 * writes no host, the generated sim_net.c. */
#ifndef SIM_NET_H
#define SIM_NET_H

#include <stddef.h>

#include "hw_core.h"
#include "net.h"

#ifdef SIM_MODEL
#include "host.h"
extern const struct host_model SIM_MODEL;
#define sim_net (*SIM_MODEL.net)
#define sim_layout (*SIM_MODEL.layout)
#else
extern const struct mlp_net sim_net;
extern const struct hw_layout sim_layout;
#endif

#ifdef SIM_MULTI
/* Several cores in one Verilated model (tests/hw/hwgen multi): the wrapper
 * top's `sel` input picks the core; each net's sim_net.c is compiled with
 * sim_net and sim_layout renamed, and sim_multi.c lists them. replay: the
 * command that rebuilds and reruns that net alone. */
struct sim_multi_net {
    const char *name;
    const struct mlp_net *net;
    const struct hw_layout *layout;
    const char *replay;
};
extern const struct sim_multi_net sim_multi[];
extern const int sim_multi_n;
#endif

/* verilator_transport.cpp: the Verilated core behind a transport.
 * fst: trace file or NULL. cycles: where the simulated cycle count is kept.
 * vt_open_core: core `sel` of a multi-core model (vt_open: core 0). With
 * the environment variable MLPGEN_RECORD=FILE every AXI4-Lite transaction
 * (with its response), every stream word in and out and every wait for
 * the interrupt is written to FILE for tests/hw/tb_replay.v. */
#ifdef __cplusplus
extern "C" {
#endif
int vt_open(const char *fst, struct hw_transport *tr);
int vt_open_core(const char *fst, int sel, struct hw_transport *tr);
unsigned long long vt_cycles(void *ctx);
#ifdef __cplusplus
}
#endif

#endif
