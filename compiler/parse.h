/* parse.h: the syntax tree of a net.desc file. The parser checks the
 * grammar, the option names, duplicates, statement order and number forms;
 * ranges, shapes and everything that needs the whole network are check.c's.
 * Every value keeps the location of its key and of its value so the checker
 * can point exactly where docs/net-desc.md says. */
#ifndef MLPGEN_PARSE_H
#define MLPGEN_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ir.h"

/* One written value: a positional argument or an option's value. */
struct ast_val {
    bool given;
    struct loc key;        /* the option's key (== at for positionals) */
    struct loc at;         /* the value */
    const char *text;      /* the value as written (arena copy) */
    int64_t i;             /* integers */
    double d;              /* decimals (integers too) */
    int e;                 /* enumerated values (an ir_* enum) and booleans */
    int64_t shape[3];      /* input CxHxW */
    bool is_shape;
    struct ir_format fmt;  /* fixed-point types */
    bool is_auto;          /* accumulators=auto */
};

struct ast_layer {
    enum ir_layer_kind kind;
    struct loc kw;
    struct ast_val size;       /* dense M, conv F, pool K */
    struct ast_val kernel, stride, pad, parallel;
    struct ast_val act, bias, beta, alpha;
    struct ast_val rate, momentum, eps;
    struct ast_layer *next;
};

/* A setting statement: `given` and the keyword's location; the positional
 * kind (enumerated) and the options. */
struct ast_setting {
    bool given;
    struct loc kw;
    struct ast_val kind;
};

struct ast_net {
    struct ast_setting network;  struct ast_val name;
    struct ast_setting input;    struct ast_val in_shape;
    struct ast_layer *layers;
    int n_layers;

    struct ast_setting normalize; struct ast_val norm_factor;
    struct ast_setting loss;
    struct ast_setting optimizer;
    struct ast_val lr, momentum, nesterov, weight_decay, decay, eps, beta1, beta2;
    struct ast_setting schedule;  struct ast_val every, sched_factor, epochs;
    struct ast_setting batch;     struct ast_val batch_size;
    struct ast_setting precision;
    struct ast_val weights, activations, gradients, state, accumulators;
    struct ast_setting init;      struct ast_val std, limit, seed;
    struct ast_setting hardware;  struct ast_val pes, clock_mhz, target, device, perf, counters;
};

enum { PARSE_MAX_LAYERS = 10000 };

/* Parse src (BOM already stripped). Returns the tree, or NULL when there
 * were errors (they are in d). Memory comes from a. */
struct ast_net *parse_net(struct arena *a, struct diag *d, const char *src, size_t len);

#endif
