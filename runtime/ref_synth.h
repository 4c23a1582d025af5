/* ref_synth.h: seeded synthetic training samples, for runs without a data
 * set (the Verilator harness sim/, bench/perf_sim). */
#ifndef MLP_REF_SYNTH_H
#define MLP_REF_SYNTH_H

#include <stdint.h>

#include "net.h"

/* Sample s of the stream keyed by seed: x (n_in raw) and t (n_out raw) in
 * the activations format. XOR's four patterns for a 2-input 1-output net;
 * otherwise inputs uniform on [-1, 1] in steps of 0.001 and targets that
 * suit the loss (one-hot for softmax cross-entropy, random bits for binary
 * cross-entropy, +-1 for hinge, [0, 1] for MSE). Depends on (seed, s) only. */
void ref_synth_sample(const struct mlp_net *net, long s, uint64_t seed, int32_t *x, int32_t *t);

#endif
