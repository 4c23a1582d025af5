/* init: initial weights from mlp_hash (Box-Muller written out,
 * docs/numerics.md section 8), the default precision (section 10), and a
 * builder that fills a whole struct mlp_net (tables, initial weights) from
 * parameters, so tests and benches make nets without the compiler. */
#ifndef MLPGEN_INIT_H
#define MLPGEN_INIT_H

#include "net.h"

enum init_kind { INIT_NORMAL, INIT_UNIFORM, INIT_XAVIER, INIT_HE };

/* Weight (row, col) of layer `layer` in double, before rounding.
 * scale: std (normal) or limit (uniform); ignored for xavier and he. */
double init_draw(enum init_kind kind, double scale, uint32_t seed, int layer, int row,
                 int col, int n_in);
/* All n_out * n_in initial weights of a layer, rounded into fmt with
 * rnd_conv and fmt's overflow mode. Returns the number that saturated. */
int init_weights(enum init_kind kind, double scale, uint32_t seed, int layer, int n_in,
                 int n_out, struct fx_format fmt, int32_t *w);

/* numerics.md section 10. */
void init_default_precision(int batch, struct fx_format *weights, struct fx_format *acts,
                            struct fx_format *grads);

/* Fill ly->f, ly->df (tables allocated into *tables, 2 * 1024 entries)
 * and alpha_q for ly->act and act_param. Returns 0 or -1. */
int init_layer_tables(struct mlp_layer *ly, struct fx_format acts, int32_t *tables);

struct init_layer_spec {
    int n_out;
    enum mlp_act act;
    double param;            /* beta or alpha; 0 takes the spec's default */
    int bias;
};

struct init_spec {
    const char *name;
    int n_in;
    int n_layers;
    const struct init_layer_spec *layers;
    enum mlp_loss loss;
    double lr, momentum, weight_decay;
    int nesterov;
    int batch;
    struct fx_format weights, activations, gradients, state;
    enum init_kind init;
    double init_scale;
    uint32_t seed;
    const enum init_kind *layer_init; /* n_layers kinds, or NULL: every layer uses init */
};

/* A net that owns its memory; net is ready for ref_new. */
struct init_net {
    struct mlp_net net;
    struct mlp_layer *layers;
    int32_t *tables;
    int32_t *weights;
};

struct init_net *init_net_new(const struct init_spec *s);
void init_net_free(struct init_net *n);

#endif
