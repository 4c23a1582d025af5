/* fmnist_fx_dbl: trains one generated network (the host_model of a project
 * mlpgen emitted, linked in: MLPGEN_MODEL, default mlp_fmnist_mlp_model)
 * with the fixed-point reference (runtime/ref_train.c, the bits of the
 * hardware) and with the double model (runtime/dbl_model.c) side by side:
 * same initial weights (the net's w0), same samples (the host's
 * host_make_samples: normalize, then round into the activations format; the
 * double model gets those rounded inputs as reals), same epoch order as the
 * host program (data_epoch_order with --seed, the last partial batch a
 * batch of its own). After each epoch it prints the test accuracy of both,
 * one line:
 *   epoch E fx_acc P dbl_acc P fx_loss L dbl_loss L seconds S
 * The fixed-point figures are those the generated host prints for
 *   <ident> --train TRAIN --test TEST --seed SEED --epochs N   (reference).
 * Usage: fmnist_fx_dbl TRAIN TEST EPOCHS SEED
 * Hyperparameter sweeps (environment): FXD_LR, FXD_MOMENTUM override the
 * net's lr and momentum in both models (ref_set_hyper, dbl fields);
 * FXD_BATCH a smaller batch for the double model; FXD_DBL_ONLY=1 trains
 * the double model alone (fx columns print 0), about a quarter of the time.
 * Build (bench/fmnist_10ep.sh does it): cc -O2 -I DIR/runtime -I DIR/host
 *   bench/fmnist_fx_dbl.c DIR/host/NAME_net.c DIR/runtime/(every .c) -lz -lm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data.h"
#include "dbl_model.h"
#include "host.h"
#include "ref_train.h"

#ifndef MLPGEN_MODEL
#define MLPGEN_MODEL mlp_fmnist_mlp_model
#endif
extern const struct host_model MLPGEN_MODEL;

static double fxd_seconds(void)
{
    struct timespec ts;
    if (timespec_get(&ts, TIME_UTC) != TIME_UTC)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fxd_argmax(const double *v, int n)
{
    int k = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[k])
            k = i;
    return k;
}

/* Test accuracy of both models over s (fixed point in batches of B;
 * r NULL: the double model only). */
static int fxd_test(const struct mlp_net *net, struct ref_trainer *r, struct dbl_model *m,
                    const struct host_samples *s, int B, int *right_fx, int *right_dbl)
{
    int n_in = s->n_in, n_out = s->n_out;
    int32_t *out = malloc((size_t)B * (size_t)n_out * sizeof *out);
    double *xd = malloc((size_t)n_in * sizeof *xd), *od = malloc((size_t)n_out * sizeof *od);
    if (!out || !xd || !od) {
        free(out); free(xd); free(od);
        return -1;
    }
    *right_fx = *right_dbl = 0;
    for (int start = 0; start < s->n; start += B) {
        int b = s->n - start < B ? s->n - start : B;
        if (r && ref_infer(r, s->x + (size_t)start * (size_t)n_in, b, out) != 0) {
            free(out); free(xd); free(od);
            return -1;
        }
        for (int k = 0; k < b; k++) {
            int idx = start + k;
            if (r)
                *right_fx += host_predict(net, out + (size_t)k * (size_t)n_out) == s->label[idx];
            for (int i = 0; i < n_in; i++)
                xd[i] = fx_to_double(s->x[(size_t)idx * (size_t)n_in + (size_t)i],
                                     net->activations);
            dbl_forward(m, xd, od);
            *right_dbl += fxd_argmax(od, n_out) == s->label[idx];
        }
    }
    free(out); free(xd); free(od);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s TRAIN TEST EPOCHS SEED\n", argv[0]);
        return 2;
    }
    const struct host_model *hm = &MLPGEN_MODEL;
    const struct mlp_net *net = hm->net;
    int epochs = atoi(argv[3]);
    uint64_t seed = strtoull(argv[4], NULL, 10);
    struct data_set train, test;
    struct data_err err;
    struct data_norm norm;
    struct host_samples st, se;
    memset(&norm, 0, sizeof norm);
    memset(&st, 0, sizeof st);
    memset(&se, 0, sizeof se);
    if (host_load_file(hm, argv[1], &train, &err) != 0 ||
        host_load_file(hm, argv[2], &test, &err) != 0 ||
        data_norm_fit(&norm, hm->norm, hm->norm_factor, train.dim, &train, &err) != 0 ||
        host_make_samples(net, &norm, &train, &st, &err) != 0 ||
        host_make_samples(net, &norm, &test, &se, &err) != 0) {
        fprintf(stderr, "%s: %s\n", argv[0], err.msg);
        return 2;
    }
    int B = net->batch, n_in = st.n_in, n_out = st.n_out;
    int dbl_only = getenv("FXD_DBL_ONLY") && atoi(getenv("FXD_DBL_ONLY")) != 0;
    struct ref_trainer *r = ref_new(net);
    struct dbl_model *m = dbl_new(net);
    if (getenv("FXD_BATCH") && dbl_only) {
        int b = atoi(getenv("FXD_BATCH"));
        if (b >= 1 && b <= B)
            B = b;
    }
    int32_t *x = malloc((size_t)B * (size_t)n_in * sizeof *x);
    int32_t *t = malloc((size_t)B * (size_t)n_out * sizeof *t);
    int32_t *out = malloc((size_t)B * (size_t)n_out * sizeof *out);
    double *xd = malloc((size_t)B * (size_t)n_in * sizeof *xd);
    double *td = malloc((size_t)B * (size_t)n_out * sizeof *td);
    int *order = malloc((size_t)st.n * sizeof *order);
    if (!r || !m || !x || !t || !out || !xd || !td || !order || ref_reset(r) != 0) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return 1;
    }
    if (getenv("FXD_LR") || getenv("FXD_MOMENTUM")) {
        struct mlp_hyper h = net->hyper;
        if (getenv("FXD_LR")) {
            m->lr = atof(getenv("FXD_LR"));
            h.lr_q = fx_const24(m->lr);
        }
        if (getenv("FXD_MOMENTUM")) {
            m->momentum = atof(getenv("FXD_MOMENTUM"));
            h.momentum_q = fx_const24(m->momentum);
        }
        if (ref_set_hyper(r, &h) != 0) {   /* after ref_reset, which restores the net's */
            fprintf(stderr, "%s: ref_set_hyper failed\n", argv[0]);
            return 1;
        }
    }
    printf("network %s: %d train, %d test samples, batch %d, seed %llu (init seed %u), lr %g, "
           "momentum %g%s\n", net->name, st.n, se.n, B, (unsigned long long)seed,
           (unsigned)net->seed, m->lr, m->momentum, dbl_only ? ", double model only" : "");
    for (int ep = 0; ep < epochs; ep++) {
        double t0 = fxd_seconds(), loss_fx = 0, loss_dbl = 0;
        data_epoch_order(order, st.n, seed, (uint64_t)ep);
        for (int start = 0; start < st.n; start += B) {
            int b = st.n - start < B ? st.n - start : B;
            for (int k = 0; k < b; k++) {
                size_t i = (size_t)order[start + k];
                memcpy(x + (size_t)k * (size_t)n_in, st.x + i * (size_t)n_in,
                       (size_t)n_in * sizeof *x);
                memcpy(t + (size_t)k * (size_t)n_out, st.t + i * (size_t)n_out,
                       (size_t)n_out * sizeof *t);
                for (int j = 0; j < n_in; j++)
                    xd[(size_t)k * (size_t)n_in + (size_t)j] =
                        fx_to_double(x[(size_t)k * (size_t)n_in + (size_t)j], net->activations);
                for (int j = 0; j < n_out; j++)
                    td[(size_t)k * (size_t)n_out + (size_t)j] =
                        fx_to_double(t[(size_t)k * (size_t)n_out + (size_t)j], net->activations);
            }
            if (!dbl_only) {
                if (ref_train_batch(r, x, t, b, out) != 0) {
                    fprintf(stderr, "%s: reference failed\n", argv[0]);
                    return 1;
                }
                loss_fx += ref_loss_of_outputs(net, out, t, b) * b;
            }
            loss_dbl += dbl_train_batch(m, xd, td, b, NULL) * b;
        }
        int rf, rd;
        if (fxd_test(net, dbl_only ? NULL : r, m, &se, net->batch, &rf, &rd) != 0) {
            fprintf(stderr, "%s: evaluation failed\n", argv[0]);
            return 1;
        }
        printf("epoch %d fx_acc %.2f dbl_acc %.2f fx_loss %.6f dbl_loss %.6f seconds %.1f\n",
               ep + 1, 100.0 * rf / se.n, 100.0 * rd / se.n, loss_fx / st.n, loss_dbl / st.n,
               fxd_seconds() - t0);
        fflush(stdout);
    }
    free(x); free(t); free(out); free(xd); free(td); free(order);
    ref_free(r);
    dbl_free(m);
    host_samples_free(&st);
    host_samples_free(&se);
    data_norm_free(&norm);
    data_set_free(&train);
    data_set_free(&test);
    return 0;
}
