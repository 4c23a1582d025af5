/* hw_core: the C driver of a generated training core. It speaks the
 * register map of docs/architecture.md through a transport (AXI4-Lite word
 * access plus the two streams) and presents the core as a struct
 * mlp_device, so one host program trains on the reference, the Verilated
 * model or a board. The transport is a vtable: Verilator now, a
 * memory-mapped device or a serial bridge later. */
#ifndef MLPGEN_HW_CORE_H
#define MLPGEN_HW_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "net.h"

/* Register byte offsets (the same for every generated core). */
enum {
    HW_REG_CTRL = 0x00,      /* bit0 ap_start, bit1 ap_done (clear on read), bit2 ap_idle, bit3 ap_ready */
    HW_REG_GIER = 0x04,
    HW_REG_IER = 0x08,
    HW_REG_ISR = 0x0C,
    HW_REG_BATCH = 0x10,     /* samples in the next batch, 1..BMAX */
    HW_REG_INV_B = 0x14,     /* round(2^24 / batch) */
    HW_REG_LR_Q = 0x18,      /* hyperparameters, 24 fractional bits */
    HW_REG_MOM_Q = 0x1C,
    HW_REG_WD_Q = 0x20,
    HW_REG_NESTEROV = 0x24,
    HW_REG_SEED = 0x28,
    HW_REG_STEPS = 0x2C,     /* updates done (hash step of tensors 0-3) */
    HW_REG_SAMPLES = 0x30,   /* samples trained (hash step of tensors 8-12) */
    HW_REG_CYCLES = 0x34,    /* clock cycles since reset (read only) */
    HW_REG_BUSY = 0x38,      /* cycles not idle (read only) */
    HW_REG_INFER = 0x3C,     /* 1: the next start runs forward passes only */
    HW_REG_NLAYERS = 0x40,
    HW_REG_BMAX = 0x44,
    HW_REG_OVF = 0x80,       /* + 4*(8*l + k): roundings changed by sat/wrap in layer l, k = 0 z,
                                1 a, 2 g sent back, 3 delta, 4 w, 5 b, 6 mom(w), 7 mom(b);
                                + 4*8L: the output error, + 4*(8L+1): softmax p */
    HW_REG_PERF = 0x400,     /* + 4*k: performance counters (read only): 0 cycles, 1 core busy,
                                2 samples, 3 batches, 4 input, 5 output stream stalls,
                                6 + l layer l busy, 6 + L + u multiply unit u busy */
    HW_PERF_FIXED = 6        /* counters before the per-layer ones */
};
#define HW_PERF_BASE 0x400u

enum { HW_MAX_LAYERS = 16 };

struct hw_layer_layout {
    int n_in, n_out, pes, bias;   /* pes: every PE of the layer (chains x rows) */
    int aw, pw;             /* address bits of a PE memory, of the PE index */
    int cols;               /* chains along the inputs (2-D tiles); 0 or 1: one */
};

struct hw_layout {
    int n_layers;
    int lrb;                /* byte-address bits of one layer window */
    int axw;                /* AXI4-Lite address bits */
    struct hw_layer_layout layer[HW_MAX_LAYERS];
    int no_counters;        /* 1: the core has no saturation counters (hardware
                               counters=off; 0x80 and up read 0) */
};

/* What the driver needs from the wire. All return 0 or a negative error. */
struct hw_transport_ops {
    int (*write32)(void *ctx, uint32_t addr, uint32_t v);
    int (*read32)(void *ctx, uint32_t addr, uint32_t *v);
    /* queue words for the input stream (tlast on the last word of a call) */
    int (*push)(void *ctx, const uint32_t *w, size_t n);
    /* run until the core raises its interrupt (ap_done), at most max_cycles */
    int (*wait_done)(void *ctx, uint64_t max_cycles);
    /* take n words from the output stream (already received) */
    int (*pop)(void *ctx, uint32_t *w, size_t n);
    void (*close)(void *ctx);
    /* optional (NULL: none): the value read32(addr) would return, taken
     * beside the bus without a clock cycle (a simulator's backdoor into the
     * core's memories and registers: sim/verilator_transport.cpp); -1 for
     * an address it cannot see. lo decodes the layer windows. */
    int (*peek32)(void *ctx, const struct hw_layout *lo, uint32_t addr, uint32_t *v);
};

struct hw_transport {
    const struct hw_transport_ops *ops;
    void *ctx;
};

/* Byte address of word (sel, j, i) of layer l: sel 0 weights (i < n_in) and
 * biases (i == n_in), 1 gradient accumulator, 2 momentum. */
uint32_t hw_state_addr(const struct hw_layout *lo, int l, int sel, int j, int i);

/* The core as a device; the device owns the transport (closed with it). */
int hw_device_open(const struct mlp_net *net, const struct hw_layout *lo,
                   struct hw_transport tr, struct mlp_device *dev);

/* Where read_tensor, read_counters and read_clocks read: on = 1 through
 * the transport's peek32 (no clock cycle: the whole-state compare of
 * --check, runtime/host_check.c), on = 0 over AXI4-Lite (the default:
 * checkpoints, --save, locating a mismatch). Returns 0, or -1 when dev is
 * not a core of hw_device_open or (on = 1) its transport cannot peek at
 * the state (nothing changes then). read_cycles peeks whenever it can (a
 * look at the clock costs no clock). */
int hw_device_backdoor(struct mlp_device *dev, int on);

/* 0 when dev is a core of hw_device_open built without saturation counters
 * (hardware counters=off, the layout's no_counters: read_counters then
 * gives zeros without reading the bus, and host_check skips comparing
 * them); 1 for every other device (the reference, a core with counters). */
int hw_device_has_counters(const struct mlp_device *dev);

#endif
