/* host_check: one device compared with another bit for bit, as the host's
 * --check does (a device trained alongside the reference on the same
 * samples). Outputs of a batch, the loss computed from them, and the whole
 * state: weights, biases and momentum of every layer, the saturation and
 * wrap counters of every counted tensor (skipped when a device has none:
 * a core built with hardware counters=off, host_check_counters), and the
 * two clocks (updates and samples: the step of every random rounding bit). The first difference is
 * described in msg: where (batch, sample or layer, field, index) and both
 * values in hex and as reals; names are the two devices' names.
 *
 * Every function returns 0 when equal, 1 on a difference (msg says which),
 * -1 when a device cannot be read (msg says what). No printing. */
#ifndef MLPGEN_HOST_CHECK_H
#define MLPGEN_HOST_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "net.h"

struct host_check_names {
    const char *dev, *ref;         /* e.g. "verilator", "reference" */
};

/* Outputs (b * n_out raw values of the last layer) of one batch: batch is
 * the batch's number for the message ("batch 12"), infer selects the
 * wording of a forward-only pass ("evaluation batch 3"). Also compares the
 * batch's mean loss computed from each side's outputs (targets t, or no
 * loss when t is NULL). */
int host_check_outputs(const struct mlp_net *net, const struct host_check_names *nm,
                       uint64_t batch, int infer, const int32_t *out_dev,
                       const int32_t *out_ref, const int32_t *t, int b, char *msg,
                       size_t msg_len);

/* The whole state of both devices after `batch` batches. A device with a
 * zero-cycle backdoor (hw_device_backdoor: the Verilated core) is read
 * through it, so the compare costs no simulated cycle; a difference is
 * then located and reported over AXI4-Lite (if the bus shows none, the
 * backdoor's difference is reported, marked so). MLPGEN_CHECK_BUS=1 in
 * the environment: always over AXI4-Lite. */
int host_check_state(const struct mlp_net *net, const struct host_check_names *nm,
                     uint64_t batch, struct mlp_device *dev, struct mlp_device *ref, char *msg,
                     size_t msg_len);

/* 1 when host_check_state compares the saturation and wrap counters; 0
 * when it skips them because dev or ref has none (hw_device_has_counters:
 * a core built with hardware counters=off). Callers print the skip. */
int host_check_counters(struct mlp_device *dev, struct mlp_device *ref);

/* 1 when host_check_state reads dev through a zero-cycle backdoor. */
int host_check_backdoor(struct mlp_device *dev);

#endif
