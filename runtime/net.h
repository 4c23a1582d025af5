/* net: struct mlp_net, the description of one network that the compiler
 * emits as C tables (layers, formats, lookup tables, hyperparameters in raw
 * form, initial weights) and that a host program hands to a training device:
 * the reference trainer (ref_train.h) or a Verilated / memory-mapped core,
 * all behind struct mlp_device. Bits: docs/numerics.md. */
#ifndef MLPGEN_NET_H
#define MLPGEN_NET_H

#include <stddef.h>
#include <stdint.h>
#include "fx.h"
#include "hash.h"
#include "lut.h"

enum mlp_act {
    MLP_LINEAR, MLP_SIGMOID, MLP_TANH, MLP_RELU, MLP_LEAKY_RELU, MLP_ELU,
    MLP_SOFTMAX
};
enum mlp_loss { MLP_MSE, MLP_CROSS_ENTROPY, MLP_HINGE };
enum mlp_optim { MLP_SGD, MLP_RMSPROP, MLP_ADAM };   /* reference: SGD only */

/* One dense layer. Weights are row-major W[j][i], j < n_out, i < n_in. */
struct mlp_layer {
    int n_in, n_out;
    enum mlp_act act;
    double act_param;        /* beta (sigmoid), alpha (leaky_relu, elu), else 0;
                                informative: the bits use alpha_q and tables */
    uint32_t alpha_q;        /* leaky_relu: round(alpha * 2^16), else 0 */
    int bias;                /* 1: the layer has biases */
    struct lut_table f;      /* value: sigmoid, tanh, elu (z <= 0), exp (softmax) */
    struct lut_table df;     /* derivative: sigmoid, tanh, elu (z <= 0) */
    const int32_t *w0;       /* initial weights, raw in the weights format */
};

/* Hyperparameters as unsigned constants with 24 fractional bits
 * (round(x * 2^24)). The host may change them between batches (schedules). */
struct mlp_hyper {
    uint32_t lr_q;
    uint32_t momentum_q;     /* 0: plain SGD, no state kept */
    uint32_t weight_decay_q; /* weights only, never biases */
    int nesterov;
};

struct mlp_net {
    const char *name;
    int n_layers;
    const struct mlp_layer *layers;    /* n_layers, in network order */
    enum mlp_loss loss;
    enum mlp_optim optim;
    struct mlp_hyper hyper;
    struct fx_format weights;          /* also the biases' format */
    struct fx_format activations;
    struct fx_format gradients;        /* delta, g, folded output error */
    struct fx_format state;            /* momentum */
    int acc_auto;                      /* 1: accumulators=auto */
    struct fx_format acc;              /* explicit accumulator format if !acc_auto */
    int batch;                         /* B: the largest batch */
    uint32_t seed;                     /* init seed=, also of every random bit */
};

/* A training device: reference model, Verilated model or FPGA. Inputs x are
 * b * n_in raw values and targets t are b * n_out raw values, both in the
 * activations format (one-hot 2^F_a for softmax cross-entropy, 0 / 2^F_a for
 * binary cross-entropy, +-2^F_a for hinge, rounded values for mse).
 * out receives b * n_out raw outputs of the last layer. Every function
 * returns 0 or a negative error. */
struct mlp_device_ops {
    /* weights <- net's w0, biases, momentum, counters and clocks <- 0 */
    int (*reset)(void *ctx);
    /* forward + backward of b <= B samples, then one update with inv_b for b */
    int (*train_batch)(void *ctx, const int32_t *x, const int32_t *t, int b,
                       int32_t *out);
    /* forward only; the sample clock does not advance */
    int (*infer)(void *ctx, const int32_t *x, int b, int32_t *out);
    int (*set_hyper)(void *ctx, const struct mlp_hyper *h);
    /* tensor ids of hash.h: MLP_T_WEIGHTS (n_out*n_in), MLP_T_BIASES (n_out),
     * MLP_T_MOM_W, MLP_T_MOM_B */
    int (*read_tensor)(void *ctx, int layer, int tensor, int32_t *buf, size_t n);
    int (*write_tensor)(void *ctx, int layer, int tensor, const int32_t *buf, size_t n);
    /* counters of one layer's tensor; clocks: updates and samples done */
    int (*read_counters)(void *ctx, int layer, int tensor, struct fx_counts *c);
    int (*read_clocks)(void *ctx, uint32_t *updates, uint32_t *samples);
    /* clock cycles since reset, modulo 2^32; NULL where the device has no
     * clock (the reference) */
    int (*read_cycles)(void *ctx, uint32_t *cycles);
    void (*close)(void *ctx);
};

/* Pseudo tensor id for read_tensor / write_tensor: layer 0, n = 2,
 * buf[0] = update clock, buf[1] = sample clock (uint32 bit patterns).
 * With the four state tensors of every layer it is the whole checkpoint. */
enum { MLP_T_CLOCKS = 32 };

struct mlp_device {
    const struct mlp_device_ops *ops;
    void *ctx;
};

/* Number of parameters (weights and biases) of layer l. */
static inline size_t mlp_layer_params(const struct mlp_layer *ly)
{
    return (size_t)ly->n_out * (size_t)ly->n_in + (ly->bias ? (size_t)ly->n_out : 0);
}

#endif
