/* ref_train: the reference trainer, the golden model of docs/numerics.md.
 * Dense layers, every activation and loss of the spec, SGD with momentum,
 * Nesterov and weight decay, mini-batches; every bit as the hardware must
 * compute it. It sits behind struct mlp_device like the hardware does. */
#ifndef MLPGEN_REF_TRAIN_H
#define MLPGEN_REF_TRAIN_H

#include <stdio.h>
#include "net.h"

struct ref_trainer;

/* Why net cannot be trained by the reference, or NULL if it can. */
const char *ref_unsupported(const struct mlp_net *net);
/* A trainer in the reset state; NULL if unsupported or out of memory.
 * net must outlive the trainer. */
struct ref_trainer *ref_new(const struct mlp_net *net);
void ref_free(struct ref_trainer *r);

int ref_reset(struct ref_trainer *r);
int ref_train_batch(struct ref_trainer *r, const int32_t *x, const int32_t *t,
                    int b, int32_t *out);
int ref_infer(struct ref_trainer *r, const int32_t *x, int b, int32_t *out);
/* ref_train_batch in two halves, for tests: forward and backward of b
 * samples accumulating the exact gradient, then the update. */
int ref_accumulate(struct ref_trainer *r, const int32_t *x, const int32_t *t, int b,
                   int32_t *out);
void ref_apply_update(struct ref_trainer *r);
/* The exact batch gradient accumulated so far, as doubles (weights
 * n_out*n_in, then biases n_out); it includes the folded 1/b. */
int ref_read_gradient(const struct ref_trainer *r, int layer, double *gw, double *gb);
int ref_set_hyper(struct ref_trainer *r, const struct mlp_hyper *h);
int ref_read_tensor(const struct ref_trainer *r, int layer, int tensor,
                    int32_t *buf, size_t n);
int ref_write_tensor(struct ref_trainer *r, int layer, int tensor,
                     const int32_t *buf, size_t n);
int ref_read_counters(const struct ref_trainer *r, int layer, int tensor,
                      struct fx_counts *c);
int ref_read_clocks(const struct ref_trainer *r, uint32_t *updates, uint32_t *samples);
int ref_write_clocks(struct ref_trainer *r, uint32_t updates, uint32_t samples);
/* Print every non-zero counter, one line each, to f. */
void ref_print_counters(const struct ref_trainer *r, FILE *f);

/* The trainer as a device (ops table plus r); closing it frees r. */
struct mlp_device ref_device(struct ref_trainer *r);

/* Host helpers: a double rounded into the activations format (rnd_conv,
 * sat), and the mean loss of b raw outputs against raw targets, in double. */
int32_t ref_quantize(const struct mlp_net *net, double v);
double ref_loss_of_outputs(const struct mlp_net *net, const int32_t *out,
                           const int32_t *t, int b);

#endif
