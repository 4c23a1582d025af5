/* ir.h: the checked network, the one data structure every back end reads.
 * check.c builds it from the AST after every rule of docs/net-desc.md has
 * passed, with every default filled in; nothing in here needs re-checking.
 * All memory lives in the compile's arena (arena.h) and is freed at once. */
#ifndef MLPGEN_IR_H
#define MLPGEN_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum ir_layer_kind {
    IR_DENSE,
    IR_CONV,
    IR_MAXPOOL,
    IR_AVGPOOL,
    IR_FLATTEN,
    IR_DROPOUT,
    IR_BATCHNORM
};

enum ir_act {
    IR_ACT_LINEAR,
    IR_ACT_SIGMOID,     /* param = beta (slope), default 1 */
    IR_ACT_TANH,
    IR_ACT_RELU,
    IR_ACT_LEAKY_RELU,  /* param = alpha, default 0.01 */
    IR_ACT_ELU,         /* param = alpha, default 1.0 */
    IR_ACT_SOFTMAX      /* last layer only */
};

enum ir_round {
    IR_ROUND_TRN,        /* truncate toward minus infinity */
    IR_ROUND_RND,        /* round half up */
    IR_ROUND_RND_CONV,   /* round half to even */
    IR_ROUND_STOCHASTIC  /* LFSR-driven stochastic rounding */
};

enum ir_ovf { IR_OVF_SAT, IR_OVF_WRAP };

/* A signed two's-complement fixed-point format, HLS ap_fixed<W,I> style:
 * range [-2^(I-1), 2^(I-1) - 2^(I-W)], step 2^(I-W), W-I fractional bits. */
struct ir_format {
    int width;      /* W, 1..64 (the back end supports W <= 32 and
                       0 <= W-I <= 32 for now, docs/numerics.md) */
    int int_bits;   /* I, -64..64, including the sign */
    enum ir_round round;
    enum ir_ovf ovf;
};

/* A tensor shape. Flat vectors have flat = true, c = n, h = w = 1.
 * `input 1x1x5` is not flat (a dense layer after it needs `flatten`). */
struct ir_shape {
    int c, h, w;
    bool flat;
};

enum ir_loss {
    IR_LOSS_MSE,
    IR_LOSS_CROSS_ENTROPY,  /* categorical after softmax, binary after 1-unit sigmoid */
    IR_LOSS_HINGE           /* labels in {-1,+1}, 1-unit linear or tanh last layer */
};

enum ir_opt_kind { IR_OPT_SGD, IR_OPT_RMSPROP, IR_OPT_ADAM };

enum ir_sched_kind {
    IR_SCHED_CONSTANT,
    IR_SCHED_STEP,      /* every, factor */
    IR_SCHED_COSINE,    /* epochs */
    IR_SCHED_LINEAR,    /* epochs */
    IR_SCHED_INV_SQRT
};

enum ir_init_kind { IR_INIT_NORMAL, IR_INIT_UNIFORM, IR_INIT_XAVIER, IR_INIT_HE };

enum ir_target { IR_TARGET_GENERIC, IR_TARGET_ICE40, IR_TARGET_ECP5, IR_TARGET_XILINX };

enum ir_norm_kind { IR_NORM_NONE, IR_NORM_SCALE, IR_NORM_STANDARDIZE };

struct ir_layer {
    enum ir_layer_kind kind;
    int line;                 /* source line of the statement (for messages) */
    struct ir_shape in, out;
    int n_in, n_out;          /* element counts c*h*w of in and out */

    /* dense and conv */
    enum ir_act act;
    double act_param;         /* beta for sigmoid, alpha for leaky_relu/elu, else 0 */
    bool bias;
    int parallel;             /* explicit parallel=P, 0 when absent */
    int pes;                  /* planned multiply units (plan.c); 0 for layers without MACs */
    int pe_rows;              /* plan.c: PEs along the outputs (rows) per chain */
    int pe_cols;              /* plan.c: chains along the inputs (2-D tiles); pes = pe_rows * pe_cols */
    int64_t plan_fwd;         /* plan.c: estimated cycles per sample of this layer's stage, forward only */
    int64_t plan_train;       /* plan.c: the same in training (forward + backward as the schedule runs them) */
    int mem_sp;               /* plan_fit_spram: PE memories in single-port SPRAM (bit 0 W, 1 G,
                                 2 V; mlp_dense_layer PE_SP = PE_HUGE), 0 for none */
    int g_huge_w;             /* plan_fit_spram, G in SPRAM: its low bits there (0: all of G;
                                 the rest in single-ported block RAM) */
    int64_t n_weights;        /* dense: n_in*n_out; conv: F*C*K*K */
    int64_t n_biases;         /* n_out (dense) or F (conv) when bias, else 0 */
    int fan_in;               /* products summed per output: n_in, or C*K*K */
    int acc_width;            /* exact forward accumulator width of this layer,
                                 docs/numerics.md section 3: W_w + W_a
                                 + ceil(log2(fan_in + 1)) (the +1 is the bias);
                                 fractional bits F_w + F_a */
    int acc_bwd_width;        /* input gradient g: W_w + W_g + ceil(log2(n_out)),
                                 at least one bit for the log term; 0 for the
                                 first MAC layer, which computes no g */
    int acc_grad_width;       /* weight gradient over a batch: W_g + W_a
                                 + ceil(log2(batch)), at least one bit */
    enum ir_init_kind init;   /* resolved per layer (he for relu-like, else xavier,
                                 unless an init statement says otherwise) */

    /* conv and pooling */
    int filters;              /* conv F */
    int kernel, stride, pad;  /* pooling: pad = 0, stride defaults to kernel */

    /* dropout */
    double rate;
    /* batchnorm */
    double bn_momentum, bn_eps;
};

struct ir_optimizer {
    enum ir_opt_kind kind;
    double lr;
    double momentum;          /* sgd, default 0 */
    bool nesterov;            /* sgd, default false */
    double weight_decay;      /* default 0; applies to weights, not biases */
    double decay;             /* rmsprop, default 0.9 */
    double beta1, beta2;      /* adam, defaults 0.9, 0.999 */
    double eps;               /* rmsprop and adam, default 1e-8 */
};

struct ir_schedule {
    enum ir_sched_kind kind;
    int every;                /* step */
    double factor;            /* step */
    int epochs;               /* cosine, linear */
};

struct ir_precision {
    struct ir_format weights, activations, gradients, state;
    bool acc_auto;                 /* accumulators=auto (the default) */
    struct ir_format accumulators; /* when !acc_auto: the written format; when
                                      acc_auto: width = acc_width, fractional
                                      bits of a weight*activation product */
    int acc_width;                 /* max over layers of ir_layer.acc_width */
    int acc_frac;                  /* F_w + F_a: fractional bits of the forward sums */
};

struct ir_init {
    enum ir_init_kind kind;   /* the statement's kind; per-layer kinds in ir_layer.init */
    bool given;               /* an init statement was written */
    double std;               /* normal */
    double limit;             /* uniform */
    uint32_t seed;            /* default 1 */
};

struct ir_hardware {
    int pes;                  /* given, or max(16, what the layers need) */
    bool pes_given;
    double clock_mhz;         /* default 100 */
    enum ir_target target;    /* default generic */
    const char *device;       /* NULL when absent */
    bool upd_seq;             /* planner: one sequential update unit (mlp_update_sgd_seq, one
                                 multiplier) shared by the layers, which update in turn;
                                 set for target ice40 */
    bool mul_seq;             /* planner: the loss unit's err*(1/B) on one 16x16 multiplier
                                 (mlp_loss_out MSEQ); set for target ice40 */
    bool pe_mul1;             /* planner: one multiplier per PE (mlp_dense_pe MUL1; passes
                                 that need two products at half rate); set for target ice40 */
    bool perf;                /* performance counters (mlp_perf_counters at 0x400); perf=,
                                 default on except for target ice40 */
    bool cnt_ram;             /* the saturation counters in block RAM (mlp_ctrl_core
                                 CNT_RAM, mlp_event_counters RAM); set for target ice40 */
    bool counters;            /* the saturation counters (0x80 and up); counters=, default
                                 on; off: none (mlp_ctrl_core CNT_RAM = 2, 0x80 and up read 0) */
    bool loss_ovl;            /* planner: the last layer's loss pass beside its backward pass
                                 of the sample before (mlp_ctrl_core LOV), where it makes a
                                 batch shorter; never with upd_seq */
};

/* plan.c: the estimated cycles per sample of the pipeline's slot (the
 * slowest stage, docs/architecture.md "The schedule"). */
struct ir_plan {
    int64_t stream_fwd, stream_train;  /* the input stream's words per sample */
    int64_t slot_fwd, slot_train;      /* the slowest stage */
    int units;                         /* PEs the plan instantiates */
};

struct ir_normalize {
    enum ir_norm_kind kind;
    double factor;            /* scale */
};

struct ir_net {
    const char *name;         /* as written, [A-Za-z_][A-Za-z0-9_]{0,63} */
    const char *ident;        /* "mlp_" + name: safe as C and Verilog identifier */
    const char *source;       /* basename of the .desc file */
    struct ir_shape input;
    int n_layers;
    struct ir_layer *layers;
    enum ir_loss loss;
    struct ir_optimizer opt;
    struct ir_schedule sched;
    int batch;                /* 1..65536 */
    struct ir_precision prec;
    struct ir_init init;
    struct ir_hardware hw;
    struct ir_normalize norm;
    struct ir_plan plan;
};

/* Names for enum values as the language spells them ("relu", "rnd_conv"). */
const char *ir_layer_kind_name(enum ir_layer_kind k);
const char *ir_act_name(enum ir_act a);
const char *ir_round_name(enum ir_round r);
const char *ir_ovf_name(enum ir_ovf o);
const char *ir_loss_name(enum ir_loss l);
const char *ir_opt_name(enum ir_opt_kind k);
const char *ir_sched_name(enum ir_sched_kind k);
const char *ir_init_name(enum ir_init_kind k);
const char *ir_target_name(enum ir_target t);
const char *ir_norm_name(enum ir_norm_kind k);

/* Smallest and largest representable value and the step of a format. */
double ir_format_min(struct ir_format f);
double ir_format_max(struct ir_format f);
double ir_format_step(struct ir_format f);

/* Forward multiplies per sample of one layer: n_in*n_out for dense,
 * out.c*out.h*out.w*fan_in for conv, 0 for layers without weights. */
int64_t ir_layer_macs(const struct ir_layer *l);

/* Multiply-accumulates per training sample: forward n_in*n_out per layer,
 * input gradient for every MAC layer but the first, weight gradient. */
int64_t ir_macs_per_sample(const struct ir_net *net);

/* Parameter count (weights + biases) of the whole network. */
int64_t ir_param_count(const struct ir_net *net);

/* The --dump-ir text: a stable, readable listing of the whole IR (layers
 * with shapes, parameters, activation, pes; every format with its range and
 * step; MACs per training sample). Returns 0, or -1 on a write error. */
int ir_dump(const struct ir_net *net, FILE *out);

#endif
