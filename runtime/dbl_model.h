/* dbl_model: the same network in double precision, with exact activations
 * and torch.optim.SGD conventions (momentum with dampening 0, Nesterov as
 * PyTorch, weight decay added to the gradient of weights, not biases).
 * The yardstick of the fixed-point reference (docs/numerics.md section 11). */
#ifndef MLPGEN_DBL_MODEL_H
#define MLPGEN_DBL_MODEL_H

#include "net.h"

struct dbl_layer {
    int n_in, n_out;
    enum mlp_act act;
    double param;
    int bias;
    double *w, *b, *vw, *vb;       /* parameters and momentum */
    double *gw, *gb;               /* gradient of the mean batch loss */
    double *z, *a, *delta;         /* this sample's values */
};

struct dbl_model {
    const struct mlp_net *net;
    int n_layers;
    struct dbl_layer *ly;
    double lr, momentum, weight_decay;   /* the net's constants, exactly */
    int nesterov;
    double *g;                           /* scratch */
};

/* Weights start at the net's initial integers converted to double. */
struct dbl_model *dbl_new(const struct mlp_net *net);
void dbl_free(struct dbl_model *m);

/* Forward one sample; out (may be NULL) gets the last layer's outputs. */
void dbl_forward(struct dbl_model *m, const double *x, double *out);
/* Mean loss of b samples (targets as ref_train.h's, in double). */
double dbl_loss(struct dbl_model *m, const double *x, const double *t, int b);
/* Fill gw, gb with the gradient of the mean loss; returns the loss. */
double dbl_gradient(struct dbl_model *m, const double *x, const double *t, int b);
/* One SGD step from gw, gb. */
void dbl_update(struct dbl_model *m);
/* dbl_gradient then dbl_update; out gets b outputs (may be NULL). */
double dbl_train_batch(struct dbl_model *m, const double *x, const double *t, int b,
                       double *out);

#endif
