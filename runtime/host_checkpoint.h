/* host_checkpoint: the whole state of a training run at a batch boundary,
 * in one binary file, so that a resumed run ends bit-identical to one that
 * was never interrupted (--checkpoint, --resume of the host program).
 *
 * State: weights, biases and momentum of every layer, the two clocks
 * (updates and samples trained: with the net's seed they are the state of
 * every random rounding bit), the saturation / wrap / zero counters, and
 * the run's position: the seed (split and epoch order), the epoch in
 * progress and the index in its shuffled order of the next batch, batches
 * done, the epoch's running loss and accuracy so far, and a hash of the
 * training samples. The network is named by its fingerprint (a hash of
 * its shapes, formats, functions and hyperparameters); a checkpoint of
 * another network or data set is refused.
 *
 * File (little-endian): "MLPGCKP1", then the fields in the order of
 * struct host_ckpt, the tensors, and an FNV-1a 64 checksum of all bytes
 * before it. Written through atomic_file (temporary, fsync, rename).
 *
 * Functions return 0 or -1 with one message in err naming the file. */
#ifndef MLPGEN_HOST_CHECKPOINT_H
#define MLPGEN_HOST_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "net.h"

enum { HOST_CKPT_COUNTED = 8 };    /* counted tensor ids per layer (z a delta g w b mw mb) */

struct host_ckpt {
    uint64_t fingerprint;          /* host_net_fingerprint */
    char network[64];              /* name, for messages */
    char shape[192];               /* host_net_describe, for messages */
    uint64_t seed;                 /* --seed of the run */
    int epoch;                     /* epoch in progress, 0-based */
    int next;                      /* index in the epoch's order of the next batch */
    int n_train;                   /* training samples */
    uint64_t data_hash;            /* host_samples_hash of the training samples */
    uint64_t batches;              /* batches trained since the start of the run */
    double loss_sum;               /* the epoch's loss sum so far (sum of loss * b) */
    int right;                     /* the epoch's correct predictions so far */
    uint64_t sat_epoch, wrap_epoch;/* counter totals at the start of the epoch */
    uint32_t updates, samples;     /* the device's clocks */
    int n_layers;
    struct fx_counts *counts;      /* n_layers * HOST_CKPT_COUNTED, by host_ckpt_counted */
    int32_t *tensors;              /* per layer: weights, biases, momentum_w, momentum_b */
    size_t n_tensor_words;
};

/* The counted tensor ids, in the order of counts[]. */
extern const int host_ckpt_counted[HOST_CKPT_COUNTED];

/* A hash of everything that makes the net's bits: name, layer sizes,
 * activations and their tables, biases, loss, optimizer, hyperparameters,
 * the formats, batch and seed. Not the initial weights. */
uint64_t host_net_fingerprint(const struct mlp_net *net);
/* "2-2-1, batch 1, weights fixed<16,5>, activations fixed<16,4>, ..."
 * (fixed<width,int_bits> as in net.desc) */
void host_net_describe(const struct mlp_net *net, char *buf, size_t len);
/* FNV-1a 64 of n samples' inputs and targets (n_in, n_out raw each). */
uint64_t host_samples_hash(int n, int n_in, int n_out, const int32_t *x, const int32_t *t);

/* Reads the device's tensors and clocks into ck (allocating), the run's
 * position fields are the caller's; counts are read by the caller too
 * (ck->counts is allocated zeroed). */
int host_ckpt_capture(const struct mlp_net *net, struct mlp_device *dev, struct host_ckpt *ck,
                      char *err, size_t err_len);
/* Writes tensors and clocks of ck into the device (after its reset). */
int host_ckpt_restore(const struct mlp_net *net, struct mlp_device *dev,
                      const struct host_ckpt *ck, char *err, size_t err_len);
int host_ckpt_write(const char *path, const struct host_ckpt *ck, char *err, size_t err_len);
/* Reads and validates path for net: magic, checksum (a truncated or
 * damaged file), fingerprint (another network), sizes. */
int host_ckpt_read(const char *path, const struct mlp_net *net, struct host_ckpt *ck, char *err,
                   size_t err_len);
void host_ckpt_free(struct host_ckpt *ck);

#endif
