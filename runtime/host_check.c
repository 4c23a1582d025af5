/* host_check: bit-for-bit comparison of two devices (host_check.h). */
#include "host_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_core.h"
#include "ref_train.h"

static double host_check_real(int32_t raw, struct fx_format f)
{
    return ldexp((double)raw, -fx_frac(f));
}

int host_check_outputs(const struct mlp_net *net, const struct host_check_names *nm,
                       uint64_t batch, int infer, const int32_t *out_dev,
                       const int32_t *out_ref, const int32_t *t, int b, char *msg,
                       size_t msg_len)
{
    int L = net->n_layers, n_out = net->layers[L - 1].n_out;
    const char *what = infer ? "evaluation batch" : "batch";
    for (int s = 0; s < b; s++)
        for (int k = 0; k < n_out; k++) {
            size_t q = (size_t)s * (size_t)n_out + (size_t)k;
            if (out_dev[q] != out_ref[q]) {
                snprintf(msg, msg_len,
                         "%s %llu, sample %d: layer %d output [%d]: %s 0x%08x (%.9g), "
                         "%s 0x%08x (%.9g)",
                         what, (unsigned long long)batch, s, L - 1, k, nm->dev,
                         (unsigned)out_dev[q], host_check_real(out_dev[q], net->activations),
                         nm->ref, (unsigned)out_ref[q],
                         host_check_real(out_ref[q], net->activations));
                return 1;
            }
        }
    if (t) {
        double ld = ref_loss_of_outputs(net, out_dev, t, b);
        double lr = ref_loss_of_outputs(net, out_ref, t, b);
        uint64_t bd, br;
        memcpy(&bd, &ld, sizeof bd);
        memcpy(&br, &lr, sizeof br);
        if (bd != br) {
            snprintf(msg, msg_len, "%s %llu: loss: %s 0x%016llx (%.17g), %s 0x%016llx (%.17g)",
                     what, (unsigned long long)batch, nm->dev, (unsigned long long)bd, ld,
                     nm->ref, (unsigned long long)br, lr);
            return 1;
        }
    }
    return 0;
}

static const int host_check_ids[4] = {MLP_T_WEIGHTS, MLP_T_BIASES, MLP_T_MOM_W, MLP_T_MOM_B};
static const char *const host_check_tensor[4] = {"weights", "biases", "momentum_w",
                                                 "momentum_b"};
static const int host_check_counted[8] = {MLP_T_Z, MLP_T_A, MLP_T_DELTA, MLP_T_G,
                                          MLP_T_WEIGHTS, MLP_T_BIASES, MLP_T_MOM_W,
                                          MLP_T_MOM_B};
static const char *const host_check_counted_name[8] = {
    "z", "a", "delta", "g", "weights", "biases", "momentum_w", "momentum_b"};

static int host_check_state_on(const struct mlp_net *net, const struct host_check_names *nm,
                               uint64_t batch, struct mlp_device *dev, struct mlp_device *ref,
                               char *msg, size_t msg_len)
{
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        for (int k = 0; k < 4; k++) {
            int bias = k == 1 || k == 3;
            if (bias && !ly->bias)
                continue;
            size_t cols = bias ? 1 : (size_t)ly->n_in;
            size_t n = (size_t)ly->n_out * cols;
            int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
            const char *bad = !a || !b ? "out of memory"
                              : dev->ops->read_tensor(dev->ctx, l, host_check_ids[k], a, n)
                                  ? nm->dev
                              : ref->ops->read_tensor(ref->ctx, l, host_check_ids[k], b, n)
                                  ? nm->ref
                                  : NULL;
            if (bad) {
                snprintf(msg, msg_len, "after batch %llu: cannot read layer %d %s: %s",
                         (unsigned long long)batch, l, host_check_tensor[k], bad);
                free(a);
                free(b);
                return -1;
            }
            struct fx_format f = k < 2 ? net->weights : net->state;
            for (size_t q = 0; q < n; q++)
                if (a[q] != b[q]) {
                    char idx[48];
                    if (bias)
                        snprintf(idx, sizeof idx, "[%zu]", q);
                    else
                        snprintf(idx, sizeof idx, "[%zu][%zu]", q / cols, q % cols);
                    snprintf(msg, msg_len,
                             "after batch %llu: layer %d %s %s: %s 0x%08x (%.9g), "
                             "%s 0x%08x (%.9g)",
                             (unsigned long long)batch, l, host_check_tensor[k], idx, nm->dev,
                             (unsigned)a[q], host_check_real(a[q], f), nm->ref, (unsigned)b[q],
                             host_check_real(b[q], f));
                    free(a);
                    free(b);
                    return 1;
                }
            free(a);
            free(b);
        }
    }
    /* a core without saturation counters (hardware counters=off) has none to
     * compare: skipped (host_check_counters says so to the caller) */
    int counted = host_check_counters(dev, ref);
    for (int l = 0; counted && l < net->n_layers; l++)
        for (int k = 0; k < 8; k++) {
            struct fx_counts cd = {0, 0, 0}, cr = {0, 0, 0};
            int id = host_check_counted[k];
            if (dev->ops->read_counters(dev->ctx, l, id, &cd) ||
                ref->ops->read_counters(ref->ctx, l, id, &cr)) {
                snprintf(msg, msg_len, "after batch %llu: cannot read the counters of layer %d %s",
                         (unsigned long long)batch, l, host_check_counted_name[k]);
                return -1;
            }
            /* the core keeps no count of updates rounded to zero: sat and wrap */
            if (cd.sat != cr.sat || cd.wrap != cr.wrap) {
                int sat = cd.sat != cr.sat;
                snprintf(msg, msg_len,
                         "after batch %llu: layer %d %s %s counter: %s 0x%llx (%llu), "
                         "%s 0x%llx (%llu)",
                         (unsigned long long)batch, l, host_check_counted_name[k],
                         sat ? "saturation" : "wrap", nm->dev,
                         (unsigned long long)(sat ? cd.sat : cd.wrap),
                         (unsigned long long)(sat ? cd.sat : cd.wrap), nm->ref,
                         (unsigned long long)(sat ? cr.sat : cr.wrap),
                         (unsigned long long)(sat ? cr.sat : cr.wrap));
                return 1;
            }
        }
    uint32_t ud, sd, ur, sr;
    if (dev->ops->read_clocks(dev->ctx, &ud, &sd) || ref->ops->read_clocks(ref->ctx, &ur, &sr)) {
        snprintf(msg, msg_len, "after batch %llu: cannot read the clocks",
                 (unsigned long long)batch);
        return -1;
    }
    if (ud != ur || sd != sr) {
        int u = ud != ur;
        snprintf(msg, msg_len, "after batch %llu: %s clock: %s 0x%08x (%u), %s 0x%08x (%u)",
                 (unsigned long long)batch, u ? "update" : "sample", nm->dev, u ? ud : sd,
                 u ? ud : sd, nm->ref, u ? ur : sr, u ? ur : sr);
        return 1;
    }
    return 0;
}

int host_check_counters(struct mlp_device *dev, struct mlp_device *ref)
{
    return hw_device_has_counters(dev) && hw_device_has_counters(ref);
}

/* Through the device's zero-cycle backdoor where it has one (a Verilated
 * core: hw_device_backdoor), so that checking costs no simulated cycle;
 * a difference (or a backdoor read that fails) is looked for again over
 * AXI4-Lite, which locates and reports it as the bus shows it. With the
 * environment variable MLPGEN_CHECK_BUS=1 every compare reads over
 * AXI4-Lite (what checking cost before the backdoor; bench figures). */
int host_check_backdoor(struct mlp_device *dev)
{
    const char *bus_only = getenv("MLPGEN_CHECK_BUS");
    if ((bus_only && *bus_only && strcmp(bus_only, "0") != 0) || hw_device_backdoor(dev, 1) != 0)
        return 0;
    hw_device_backdoor(dev, 0);
    return 1;
}

int host_check_state(const struct mlp_net *net, const struct host_check_names *nm,
                     uint64_t batch, struct mlp_device *dev, struct mlp_device *ref, char *msg,
                     size_t msg_len)
{
    if (!host_check_backdoor(dev) || hw_device_backdoor(dev, 1) != 0)
        return host_check_state_on(net, nm, batch, dev, ref, msg, msg_len);
    int rc = host_check_state_on(net, nm, batch, dev, ref, msg, msg_len);
    hw_device_backdoor(dev, 0);
    if (rc == 0)
        return 0;
    char first[512];
    snprintf(first, sizeof first, "%s", msg);
    int bus = host_check_state_on(net, nm, batch, dev, ref, msg, msg_len);
    if (bus != 0)
        return bus;
    /* the bus shows equal state: the backdoor saw something else */
    snprintf(msg, msg_len, "%s (through the zero-cycle backdoor; AXI4-Lite reads equal state)",
             first);
    return 1;
}
