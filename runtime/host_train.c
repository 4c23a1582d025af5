/* host_train: host_main, the generated program's whole run. Loads and
 * prepares the data, opens the device, trains epoch by epoch in the
 * seeded order of docs/data.md (the last partial batch is a batch of its
 * own), and prints per epoch the mean loss, the running training accuracy,
 * the test accuracy and the saturation counters; at the end the outputs of
 * a small test set as reals (XOR's four) and, on request, the weights.
 * Around that: a progress bar on a terminal (progress.h), the per-epoch
 * CSV log and its curves (log_csv.h), the test set's confusion matrix
 * (plot_svg.h), and tensors saved to / loaded from .npy (host_device.c). */
#define _POSIX_C_SOURCE 200809L /* sigprocmask, sigpending, sigtimedwait */

#include "host.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host_check.h"
#include "host_checkpoint.h"
#include "hw_core.h"
#include "log_csv.h"
#include "plot_svg.h"
#include "progress.h"
#include "ref_train.h"

/* The tensors whose rounding events a device counts (hash.h ids). */
static const int host_counted[] = {MLP_T_Z, MLP_T_A, MLP_T_DELTA, MLP_T_G,
                                   MLP_T_WEIGHTS, MLP_T_BIASES, MLP_T_MOM_W, MLP_T_MOM_B};
static const char *const host_counted_name[] = {"z", "a", "delta", "g",
                                                "weights", "biases", "momentum_w", "momentum_b"};
enum { HOST_N_COUNTED = 8 };

struct host_run {
    const struct host_model *m;
    const struct mlp_net *net;
    const char *prog;
    struct mlp_device dev;
    int B, n_in, n_out;
    int32_t *x, *t, *out;          /* one batch */
    struct fx_counts *base;        /* counts before --resume: n_layers * HOST_N_COUNTED */
    uint64_t batches;              /* batches trained since the run began (resumes included) */
    /* --check: the reference alongside */
    int check, check_every;
    struct mlp_device ref;
    int32_t *out_ref;
    struct host_check_names nm;
    uint64_t state_checked;        /* batches when the state was last compared */
    /* --checkpoint */
    struct logcsv *log;            /* synced before each checkpoint, or NULL */
    const char *ckpt_path;
    int ckpt_every;
    uint64_t stop_after;
    uint64_t seed, data_hash;
    int n_train;
    /* with --checkpoint, SIGINT and SIGTERM are blocked and polled at each
     * batch boundary (no handler, no global): the run then checkpoints */
    int watch_signals;
    int interrupted;               /* the signal number seen, 0: none */
    /* the device's clock (read_cycles; 0 where it has none): cycles counted
     * since this process began, and the last 32-bit reading */
    uint64_t cycles;
    uint32_t cycles_last;
};

/* Adds the cycles since the last reading of the device's 32-bit clock
 * (read at least once per batch, so it cannot wrap unseen) unless skip
 * (cycles spent on --check readback and evaluation are not training
 * cycles). 0 or -1. */
static int host_cycles_poll(struct host_run *r, int skip)
{
    uint32_t c;
    if (!r->dev.ops->read_cycles)
        return 0;
    if (r->dev.ops->read_cycles(r->dev.ctx, &c) != 0) {
        fprintf(stderr, "%s: device %s: cannot read the cycle counter\n", r->prog, r->nm.dev);
        return -1;
    }
    if (!skip)
        r->cycles += (uint32_t)(c - r->cycles_last);
    r->cycles_last = c;
    return 0;
}

/* The interrupting signals the run polls for. */
static void host_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
}

/* A pending SIGINT or SIGTERM, taken (it will not kill the process when
 * the mask is restored): its number, or 0. */
static int host_take_signal(void)
{
    sigset_t set, pending;
    host_stop_signals(&set);
    if (sigpending(&pending) != 0 ||
        (!sigismember(&pending, SIGINT) && !sigismember(&pending, SIGTERM)))
        return 0;
    struct timespec zero = {0, 0};
    int sig = sigtimedwait(&set, NULL, &zero);
    return sig > 0 ? sig : 0;
}

/* Where the run is: the epoch in progress and the next batch's index in
 * its order, the epoch's running loss and accuracy, and the counter totals
 * when the epoch began (for the log's saturations per epoch). */
struct host_pos {
    int epoch, next;
    double loss_sum;
    int right;
    uint64_t sat0, wrap0;
};

static double host_seconds(void)
{
    struct timespec ts;
    if (timespec_get(&ts, TIME_UTC) != TIME_UTC)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Counter k of layer l since the run began: the device's count plus what
 * the run had counted before a --resume. */
static int host_count(struct host_run *r, int l, int k, struct fx_counts *c)
{
    if (r->dev.ops->read_counters(r->dev.ctx, l, host_counted[k], c) != 0)
        return -1;
    if (r->base) {
        const struct fx_counts *b = &r->base[(size_t)l * HOST_N_COUNTED + (size_t)k];
        c->sat += b->sat;
        c->wrap += b->wrap;
        c->zero += b->zero;
    }
    return 0;
}

/* Sum of saturations and wraps over every layer and counted tensor. */
static int host_counts_total(struct host_run *r, uint64_t *sat, uint64_t *wrap)
{
    *sat = *wrap = 0;
    for (int l = 0; l < r->net->n_layers; l++)
        for (int k = 0; k < HOST_N_COUNTED; k++) {
            struct fx_counts c = {0, 0, 0};
            if (host_count(r, l, k, &c) != 0)
                return -1;
            *sat += c.sat;
            *wrap += c.wrap;
        }
    return 0;
}

static void host_print_counters(struct host_run *r, FILE *f)
{
    if (!hw_device_has_counters(&r->dev)) {
        fprintf(f, "  not counted: the core has no saturation counters (hardware counters=off)\n");
        return;
    }
    int any = 0;
    for (int l = 0; l < r->net->n_layers; l++)
        for (int k = 0; k < HOST_N_COUNTED; k++) {
            struct fx_counts c = {0, 0, 0};
            if (host_count(r, l, k, &c) != 0)
                continue;
            if (c.sat || c.wrap || c.zero) {
                fprintf(f, "  layer %d %-10s saturated %llu, wrapped %llu, updates rounded to "
                           "zero %llu\n",
                        l, host_counted_name[k], (unsigned long long)c.sat,
                        (unsigned long long)c.wrap, (unsigned long long)c.zero);
                any = 1;
            }
        }
    if (!any)
        fprintf(f, "  none: no saturation, wrap or update rounded to zero\n");
}

/* Correct predictions over a sample set, forward only, in batches of B;
 * optionally every prediction (pred, s->n) and the mean loss. With
 * --check the reference runs the same forward passes and their outputs
 * are compared (returns -2 after printing the difference). */
static int host_evaluate_full(struct host_run *r, const struct host_samples *s, int *right,
                              int *pred, double *loss)
{
    *right = 0;
    double sum = 0;
    for (int start = 0; start < s->n; start += r->B) {
        int b = s->n - start < r->B ? s->n - start : r->B;
        const int32_t *x = s->x + (size_t)start * (size_t)r->n_in;
        if (r->dev.ops->infer(r->dev.ctx, x, b, r->out) != 0)
            return -1;
        if (r->check) {
            char msg[512];
            if (r->ref.ops->infer(r->ref.ctx, x, b, r->out_ref) != 0) {
                fprintf(stderr, "%s: --check: the reference failed a forward pass\n", r->prog);
                return -2;
            }
            if (host_check_outputs(r->net, &r->nm, (uint64_t)(start / r->B + 1), 1, r->out,
                                   r->out_ref, NULL, b, msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: --check: MISMATCH in %s\n", r->prog, msg);
                return -2;
            }
        }
        if (loss)
            sum += ref_loss_of_outputs(r->net, r->out,
                                       s->t + (size_t)start * (size_t)r->n_out, b) * b;
        for (int k = 0; k < b; k++) {
            int p = host_predict(r->net, r->out + (size_t)k * (size_t)r->n_out);
            if (pred)
                pred[start + k] = p;
            *right += p == s->label[start + k];
        }
    }
    if (loss)
        *loss = s->n > 0 ? sum / s->n : 0.0;
    return 0;
}

/* The confusion matrix of the test set as an SVG, from the predictions
 * pred of its samples. */
static int host_write_confusion(struct host_run *r, const struct host_samples *s,
                                const int *pred, const char *path, char *err, size_t err_len)
{
    int k = r->n_out > 1 ? r->n_out : 2;
    for (int i = 0; i < s->n; i++) {
        if (s->label[i] >= k)
            k = s->label[i] + 1;
        if (pred[i] >= k)
            k = pred[i] + 1;
    }
    if (k > 100) {
        snprintf(err, err_len, "%s: %d classes, more than a confusion matrix shows", path, k);
        return -1;
    }
    int64_t *counts = calloc((size_t)k * (size_t)k, sizeof *counts);
    if (!counts) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    for (int i = 0; i < s->n; i++)
        if (s->label[i] >= 0 && pred[i] >= 0)
            counts[(size_t)s->label[i] * (size_t)k + (size_t)pred[i]]++;
    char title[160];
    snprintf(title, sizeof title, "%s: test set confusion", r->net->name);
    struct svg_confusion cm = {title, k, NULL, counts};
    struct svg_err se;
    int rc = svg_confusion_write(path, &cm, &se);
    if (rc != 0)
        snprintf(err, err_len, "%s", se.msg);
    free(counts);
    return rc;
}

/* --check: the whole state of both devices now; -2 after printing the
 * difference. */
static int host_check_now(struct host_run *r)
{
    char msg[512];
    r->state_checked = r->batches;
    int rc = host_check_state(r->net, &r->nm, r->batches, &r->dev, &r->ref, msg, sizeof msg);
    if (rc == 0)
        return 0;
    fprintf(stderr, "%s: --check: %s%s\n", r->prog, rc > 0 ? "MISMATCH " : "", msg);
    return -2;
}

/* Writes the checkpoint of the run at position pos; -3 after a message. */
static int host_checkpoint(struct host_run *r, const struct host_pos *pos)
{
    struct host_ckpt ck;
    memset(&ck, 0, sizeof ck);
    char msg[768];
    if (host_ckpt_capture(r->net, &r->dev, &ck, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s: --checkpoint: %s\n", r->prog, msg);
        return -3;
    }
    ck.seed = r->seed;
    ck.epoch = pos->epoch;
    ck.next = pos->next;
    ck.n_train = r->n_train;
    ck.data_hash = r->data_hash;
    ck.batches = r->batches;
    ck.loss_sum = pos->loss_sum;
    ck.right = pos->right;
    ck.sat_epoch = pos->sat0;
    ck.wrap_epoch = pos->wrap0;
    int rc = 0;
    for (int l = 0; l < r->net->n_layers && rc == 0; l++)
        for (int k = 0; k < HOST_N_COUNTED && rc == 0; k++)
            if (host_count(r, l, k, &ck.counts[(size_t)l * HOST_N_COUNTED + (size_t)k]) != 0) {
                snprintf(msg, sizeof msg, "cannot read the counters of the device");
                rc = -1;
            }
    struct logcsv_err le;
    if (rc == 0 && r->log && logcsv_sync(r->log, &le) != 0) {
        snprintf(msg, sizeof msg, "%s", le.msg);
        rc = -1;
    }
    if (rc == 0)
        rc = host_ckpt_write(r->ckpt_path, &ck, msg, sizeof msg);
    host_ckpt_free(&ck);
    if (rc != 0) {
        fprintf(stderr, "%s: --checkpoint: %s\n", r->prog, msg);
        return -3;
    }
    return 0;
}

/* The rest of one epoch in the order of data_epoch_order, from batch
 * index pos->next: running loss and accuracy (outputs of the forward pass
 * before each update) accumulate in pos. Returns 0 at the epoch's end,
 * 1 when --stop-after stopped it mid-epoch (checkpoint written), 2 when
 * SIGINT or SIGTERM did (checkpoint written; at the epoch's last batch
 * r->interrupted is set and 0 returned: the caller checkpoints), -1 a
 * device failure, -2 a --check difference, -3 a checkpoint failure (the
 * last three after a message). */
static int host_epoch(struct host_run *r, const struct host_samples *s, int *order,
                      struct host_pos *pos, struct progress *pg, struct progress_info *pi,
                      double t_start)
{
    data_epoch_order(order, s->n, r->seed, (uint64_t)pos->epoch);
    for (int start = pos->next; start < s->n; start += r->B) {
        int b = s->n - start < r->B ? s->n - start : r->B;
        for (int k = 0; k < b; k++) {
            size_t i = (size_t)order[start + k];
            memcpy(r->x + (size_t)k * (size_t)r->n_in, s->x + i * (size_t)r->n_in,
                   (size_t)r->n_in * sizeof *r->x);
            memcpy(r->t + (size_t)k * (size_t)r->n_out, s->t + i * (size_t)r->n_out,
                   (size_t)r->n_out * sizeof *r->t);
        }
        if (r->dev.ops->train_batch(r->dev.ctx, r->x, r->t, b, r->out) != 0) {
            fprintf(stderr, "%s: device %s: training failed in epoch %d, batch %llu\n",
                    r->prog, r->nm.dev, pos->epoch + 1, (unsigned long long)r->batches + 1);
            return -1;
        }
        r->batches++;
        if (host_cycles_poll(r, 0) != 0)
            return -1;
        if (r->check) {
            char msg[512];
            if (r->ref.ops->train_batch(r->ref.ctx, r->x, r->t, b, r->out_ref) != 0) {
                fprintf(stderr, "%s: --check: the reference failed batch %llu\n", r->prog,
                        (unsigned long long)r->batches);
                return -2;
            }
            if (host_check_outputs(r->net, &r->nm, r->batches, 0, r->out, r->out_ref, r->t, b,
                                   msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: --check: MISMATCH in epoch %d, %s\n", r->prog,
                        pos->epoch + 1, msg);
                return -2;
            }
            if (r->batches % (uint64_t)r->check_every == 0 && host_check_now(r) != 0)
                return -2;
            if (host_cycles_poll(r, 1) != 0)
                return -1;
        }
        pos->loss_sum += ref_loss_of_outputs(r->net, r->out, r->t, b) * b;
        for (int k = 0; k < b; k++)
            pos->right += host_predict(r->net, r->out + (size_t)k * (size_t)r->n_out) ==
                          s->label[order[start + k]];
        pos->next = start + b;
        int end = pos->next >= s->n;    /* the epoch's end: the caller checkpoints */
        if (!end && r->ckpt_path &&
            ((r->ckpt_every && r->batches % (uint64_t)r->ckpt_every == 0) ||
             r->batches == r->stop_after) &&
            host_checkpoint(r, pos) != 0)
            return -3;
        if (!end && r->batches == r->stop_after)
            return 1;
        if (r->watch_signals && !r->interrupted && (r->interrupted = host_take_signal()) != 0 &&
            !end) {
            if (host_checkpoint(r, pos) != 0)
                return -3;
            return 2;
        }
        if (pg) {
            pi->done = start + b;
            pi->run_done += b;
            pi->elapsed_s = host_seconds() - t_start;
            pi->cycles = r->cycles;
            pi->loss = pos->loss_sum / (start + b);
            progress_update(pg, pi);
        }
    }
    return 0;
}

/* Outputs of every sample of a small test set, as reals and raw. */
static int host_print_outputs(struct host_run *r, const struct host_samples *s,
                              const struct data_set *raw)
{
    for (int k = 0; k < s->n; k++) {
        if (r->dev.ops->infer(r->dev.ctx, s->x + (size_t)k * (size_t)r->n_in, 1, r->out) != 0)
            return -1;
        printf("  (");
        for (int i = 0; i < r->n_in; i++)
            printf("%s%g", i ? ", " : "", (double)raw->x[(size_t)k * (size_t)r->n_in + (size_t)i]);
        printf(") ->");
        for (int j = 0; j < r->n_out; j++)
            printf(" %.4f (raw %d)", fx_to_double(r->out[j], r->net->activations), (int)r->out[j]);
        int p = host_predict(r->net, r->out);
        printf("  label %d, predicted %d%s\n", s->label[k], p, p == s->label[k] ? "" : "  WRONG");
    }
    return 0;
}

static int host_print_weights(struct host_run *r)
{
    for (int l = 0; l < r->net->n_layers; l++) {
        const struct mlp_layer *ly = &r->net->layers[l];
        for (int tensor = 0; tensor < 2; tensor++) {
            if (tensor == MLP_T_BIASES && !ly->bias)
                continue;
            size_t n = tensor == MLP_T_WEIGHTS ? (size_t)ly->n_out * (size_t)ly->n_in
                                               : (size_t)ly->n_out;
            int32_t *buf = malloc(n * sizeof *buf);
            if (!buf || r->dev.ops->read_tensor(r->dev.ctx, l, tensor, buf, n) != 0) {
                free(buf);
                return -1;
            }
            printf("layer %d %s:", l, tensor == MLP_T_WEIGHTS ? "weights" : "biases");
            for (size_t i = 0; i < n; i++)
                printf(" %d", (int)buf[i]);
            printf("\n");
            free(buf);
        }
    }
    return 0;
}

/* Train and test sets as data sets: --train/--test files, the built-in
 * data, or a stratified split of --train. */
static int host_data(const struct host_model *m, const struct host_opts *o,
                     struct data_set *train, struct data_set *test, struct data_err *err)
{
    struct data_set all;
    memset(&all, 0, sizeof all);
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    int rc = o->train ? host_load_file(m, o->train, &all, err) : host_builtin_xor(&all, err);
    if (rc != 0)
        return -1;
    if (o->test) {
        *train = all;
        if (host_load_file(m, o->test, test, err) != 0) {
            data_set_free(train);
            return -1;
        }
        return 0;
    }
    if (!o->train || o->split == 0.0) {   /* test on the training data */
        *train = all;
        int *idx = malloc((size_t)all.n * sizeof *idx);
        if (!idx) {
            data_set_free(train);
            return data_err_set(err, "out of memory");
        }
        for (int i = 0; i < all.n; i++)
            idx[i] = i;
        rc = data_subset(&all, idx, all.n, test, err);
        free(idx);
        if (rc != 0)
            data_set_free(train);
        return rc;
    }
    int n_test = data_split_test_count(all.n, o->split);
    if (n_test < 1 || n_test >= all.n) {
        data_set_free(&all);
        return data_err_set(err, "%s: %d samples cannot be split into a test fraction of %g "
                                 "(use --test FILE or --split 0)", o->train, all.n, o->split);
    }
    rc = data_split_stratified(&all, n_test, o->seed, train, test, NULL, NULL, err);
    data_set_free(&all);
    return rc;
}

int host_main(int argc, char **argv, const struct host_model *m,
              const struct host_device_kind *devices, int n_devices)
{
    struct host_opts o;
    int rc = host_parse_args(argc, argv, m, devices, n_devices, &o, stdout, stderr);
    if (rc != 0)
        return rc == 1 ? 0 : 2;
    const struct mlp_net *net = m->net;
    const char *prog = argv[0];
    char msg[768];

    const struct host_device_kind *kind = &devices[0];
    for (int d = 0; d < n_devices; d++)
        if (strcmp(devices[d].name, o.device) == 0)
            kind = &devices[d];
    const char *dev_arg = o.device_arg;
    if (o.trace) {
        if (strcmp(kind->name, "verilator") != 0 || dev_arg) {
            fprintf(stderr, "%s: --trace %s: only --device verilator writes a trace\n", prog,
                    o.trace);
            return 2;
        }
        dev_arg = o.trace;
    }
    /* a checkpoint first: it names the seed, and a wrong one is refused
     * before anything is loaded or written */
    struct host_ckpt ck;
    memset(&ck, 0, sizeof ck);
    if (o.resume) {
        if (host_ckpt_read(o.resume, net, &ck, msg, sizeof msg) != 0) {
            fprintf(stderr, "%s: --resume: %s\n", prog, msg);
            return 2;
        }
        if (o.seed_given && o.seed != ck.seed) {
            fprintf(stderr, "%s: --resume: %s: checkpoint of a run with --seed %llu, not %llu\n",
                    prog, o.resume, (unsigned long long)ck.seed, (unsigned long long)o.seed);
            host_ckpt_free(&ck);
            return 2;
        }
        o.seed = ck.seed;
        if (o.stop_after && (uint64_t)o.stop_after <= ck.batches) {
            fprintf(stderr, "%s: --resume: %s: the checkpoint is after batch %llu, not before "
                            "--stop-after %lld\n",
                    prog, o.resume, (unsigned long long)ck.batches, o.stop_after);
            host_ckpt_free(&ck);
            return 2;
        }
        if (!o.eval && (ck.epoch > o.epochs || (ck.epoch == o.epochs && ck.next > 0))) {
            fprintf(stderr, "%s: --resume: %s: the checkpoint is %s epoch %d, beyond --epochs %d\n",
                    prog, o.resume, ck.next ? "in" : "after", ck.next ? ck.epoch + 1 : ck.epoch,
                    o.epochs);
            host_ckpt_free(&ck);
            return 2;
        }
    }

    if (o.save_dir && host_save_check(o.save_dir, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s: --save: %s\n", prog, msg);
        host_ckpt_free(&ck);
        return 2;
    }
    struct data_err err;
    struct data_set train, test;
    if (host_data(m, &o, &train, &test, &err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        host_ckpt_free(&ck);
        return 2;
    }
    struct data_norm norm;
    memset(&norm, 0, sizeof norm);
    struct host_samples s_train, s_test;
    memset(&s_train, 0, sizeof s_train);
    memset(&s_test, 0, sizeof s_test);
    int status = 2;
    struct host_run r;
    memset(&r, 0, sizeof r);
    sigset_t stop_set, old_mask;
    int masked = 0;
    if (data_norm_fit(&norm, m->norm, m->norm_factor, train.dim, &train, &err) != 0 ||
        host_make_samples(net, &norm, &train, &s_train, &err) != 0 ||
        host_make_samples(net, &norm, &test, &s_test, &err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        goto done_data;
    }
    r.m = m;
    r.net = net;
    r.prog = prog;
    r.B = net->batch;
    r.n_in = net->layers[0].n_in;
    r.n_out = net->layers[net->n_layers - 1].n_out;
    r.seed = o.seed;
    r.n_train = s_train.n;
    r.data_hash = host_samples_hash(s_train.n, r.n_in, r.n_out, s_train.x, s_train.t);
    if (o.resume && (ck.n_train != s_train.n || ck.data_hash != r.data_hash)) {
        fprintf(stderr, "%s: --resume: %s: checkpoint of a run on other training data (%d "
                        "samples, here %d%s); give the same --train, --test and --split\n",
                prog, o.resume, ck.n_train, s_train.n,
                ck.n_train == s_train.n ? " with other values" : "");
        goto done_data;
    }

    struct logcsv log;
    memset(&log, 0, sizeof log);
    int have_log = 0, have_ref = 0;
    char *curves = NULL, *confusion = NULL, *own_log = NULL;
    int *order = NULL;
    int *test_pred = NULL;   /* the test set's predictions by the current weights */
    int test_fresh = 0;      /* test_pred and right_test are of the current weights */
    if (kind->open(m, dev_arg, &r.dev, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s: device %s: %s\n", prog, kind->name, msg);
        goto done_data;
    }
    r.nm.dev = strcmp(kind->name, "reference") == 0 ? "reference device" : kind->name;
    r.nm.ref = "reference";
    if (o.check) {
        if (host_open_reference(m, NULL, &r.ref, msg, sizeof msg) != 0) {
            fprintf(stderr, "%s: --check: %s\n", prog, msg);
            goto done_run;
        }
        have_ref = 1;
        r.check = 1;
        r.check_every = o.check_every;
    }
    status = 1;
    r.x = malloc((size_t)r.B * (size_t)r.n_in * sizeof *r.x);
    r.t = malloc((size_t)r.B * (size_t)r.n_out * sizeof *r.t);
    r.out = malloc((size_t)r.B * (size_t)r.n_out * sizeof *r.out);
    r.out_ref = malloc((size_t)r.B * (size_t)r.n_out * sizeof *r.out_ref);
    order = malloc((size_t)(s_train.n > 0 ? s_train.n : 1) * sizeof *order);
    test_pred = malloc((size_t)(s_test.n > 0 ? s_test.n : 1) * sizeof *test_pred);
    if (!r.x || !r.t || !r.out || !r.out_ref || !order || !test_pred) {
        fprintf(stderr, "%s: out of memory\n", prog);
        goto done_run;
    }
    if (r.dev.ops->reset(r.dev.ctx) != 0 || (have_ref && r.ref.ops->reset(r.ref.ctx) != 0)) {
        fprintf(stderr, "%s: device %s: reset failed\n", prog, kind->name);
        goto done_run;
    }
    if (o.load_dir && (host_load(net, &r.dev, o.load_dir, msg, sizeof msg) != 0 ||
                       (have_ref && host_load(net, &r.ref, o.load_dir, msg, sizeof msg) != 0))) {
        fprintf(stderr, "%s: --load: %s\n", prog, msg);
        status = 2;
        goto done_run;
    }
    struct host_pos pos = {0, 0, 0.0, 0, 0, 0};
    if (o.resume) {
        if (host_ckpt_restore(net, &r.dev, &ck, msg, sizeof msg) != 0 ||
            (have_ref && host_ckpt_restore(net, &r.ref, &ck, msg, sizeof msg) != 0)) {
            fprintf(stderr, "%s: --resume: %s: device %s: %s\n", prog, o.resume, kind->name,
                    msg);
            goto done_run;
        }
        r.base = ck.counts;          /* the run's counts before the checkpoint */
        ck.counts = NULL;
        r.batches = ck.batches;
        r.state_checked = ck.batches;
        pos = (struct host_pos){ck.epoch, ck.next, ck.loss_sum, ck.right, ck.sat_epoch,
                                ck.wrap_epoch};
    }
    if (o.checkpoint && !o.eval) {
        host_stop_signals(&stop_set);
        masked = sigprocmask(SIG_BLOCK, &stop_set, &old_mask) == 0;
        r.watch_signals = masked;
    }
    r.ckpt_path = o.checkpoint;
    r.ckpt_every = o.checkpoint_every;
    r.stop_after = (uint64_t)o.stop_after;
    const char *log_path = o.log_path;
    if (o.plots) {
        size_t len = strlen(o.plots) + 32;
        curves = malloc(len);
        confusion = malloc(len);
        own_log = malloc(len);
        if (!curves || !confusion || !own_log) {
            fprintf(stderr, "%s: out of memory\n", prog);
            goto done_run;
        }
        snprintf(curves, len, "%s_curves.svg", o.plots);
        snprintf(confusion, len, "%s_confusion.svg", o.plots);
        snprintf(own_log, len, "%s_log.csv", o.plots);
        if (!log_path)
            log_path = own_log;
    }
    struct logcsv_err le;
    if (log_path && !o.eval) {
        if ((o.resume ? logcsv_resume(&log, log_path, pos.epoch, &le)
                      : logcsv_create(&log, log_path, &le)) != 0) {
            fprintf(stderr, "%s: --log: %s\n", prog, le.msg);
            goto done_run;
        }
        have_log = 1;
        r.log = &log;
    }
    struct progress pg;
    progress_init(&pg, stdout, 0);
    struct progress *pgp = pg.tty && !o.quiet && !o.eval ? &pg : NULL;
    struct progress_info pi = {0, o.epochs, 0, s_train.n, 0, 0.0, 0, NAN, 0};
    int log_every = o.log_every > 0 ? o.log_every : (o.epochs + 9) / 10;
    if (!o.quiet) {
        printf("network %s (%s): %d train samples, %d test samples, batch %d, device %s, "
               "%d epochs, seed %llu%s\n",
               net->name, m->source, s_train.n, s_test.n, r.B, kind->name,
               o.eval ? 0 : o.epochs, (unsigned long long)o.seed,
               o.eval ? " (--eval: no training)" : "");
        if (o.resume)
            printf("resumed from %s: epoch %d, sample %d of %d, after %llu batches\n", o.resume,
                   pos.epoch + 1, pos.next, s_train.n, (unsigned long long)r.batches);
    }
    double loss = 0, t_train = 0, t_run = host_seconds();
    int right_train = 0, right_test = 0;
    uint64_t trained = 0;            /* samples trained by this process */
    if (!o.resume && host_counts_total(&r, &pos.sat0, &pos.wrap0) != 0) {
        fprintf(stderr, "%s: device %s: cannot read the counters\n", prog, kind->name);
        goto done_run;
    }
    int stopped = 0;
    if (host_cycles_poll(&r, 1) != 0)
        goto done_run;
    for (int ep = pos.epoch; ep < (o.eval ? 0 : o.epochs); ep++) {
        double t0 = host_seconds();
        /* the epoch's training cycles: evaluation and checks before it excluded */
        if (host_cycles_poll(&r, 1) != 0)
            goto done_run;
        uint64_t cycles0 = r.cycles;
        int first = pos.next;
        pi.epoch = ep + 1;
        pi.done = pos.next;
        pi.loss = NAN;
        int rc_ep = host_epoch(&r, &s_train, order, &pos, pgp, &pi, t_run);
        test_fresh = 0;
        double t_ep = host_seconds() - t0;
        uint64_t cycles_ep = r.cycles - cycles0;
        t_train += t_ep;
        trained += (uint64_t)(pos.next - first);
        if (pgp)
            progress_clear(pgp);
        if (rc_ep < 0)
            goto done_run;
        if (rc_ep == 1 || rc_ep == 2) {
            stopped = 1;
            break;
        }
        loss = pos.loss_sum / s_train.n;
        right_train = pos.right;
        int last = ep + 1 == o.epochs;
        int print = !o.quiet && (last || (ep + 1) % log_every == 0 || ep == 0);
        uint64_t sat, wrap;
        if (host_counts_total(&r, &sat, &wrap) != 0) {
            fprintf(stderr, "%s: device %s: cannot read the counters\n", prog, kind->name);
            goto done_run;
        }
        if (print || have_log) {
            int erc = host_evaluate_full(&r, &s_test, &right_test, test_pred, NULL);
            test_fresh = erc == 0;
            if (erc != 0) {
                if (erc == -1)
                    fprintf(stderr, "%s: device %s: evaluation failed\n", prog, kind->name);
                goto done_run;
            }
        }
        if (print && !hw_device_has_counters(&r.dev))   /* (hardware counters=off) */
            printf("epoch %d: loss %.6f, train accuracy %.2f%% (during the epoch), test "
                   "accuracy %d/%d (%.2f%%), saturation not counted\n",
                   ep + 1, loss, 100.0 * right_train / s_train.n, right_test, s_test.n,
                   100.0 * right_test / s_test.n);
        else if (print)
            printf("epoch %d: loss %.6f, train accuracy %.2f%% (during the epoch), test "
                   "accuracy %d/%d (%.2f%%), saturated %llu, wrapped %llu\n",
                   ep + 1, loss, 100.0 * right_train / s_train.n, right_test, s_test.n,
                   100.0 * right_test / s_test.n, (unsigned long long)sat,
                   (unsigned long long)wrap);
        if (have_log) {
            /* samples/s of a resumed epoch: the samples this process trained */
            double done_here = (double)(s_train.n - first);
            struct logcsv_row row = {ep + 1, loss, (double)right_train / s_train.n,
                                     s_test.n > 0 ? (double)right_test / s_test.n : NAN, cycles_ep,
                                     t_ep > 0 ? done_here / t_ep : 0.0, sat - pos.sat0};
            if (logcsv_append(&log, &row, &le) != 0 ||
                (curves && (print || last) && logcsv_write_curves(&log, curves, net->name, &le) != 0)) {
                fprintf(stderr, "%s: %s\n", prog, le.msg);
                goto done_run;
            }
        }
        pos = (struct host_pos){ep + 1, 0, 0.0, 0, sat, wrap};
        int stop_here = (r.stop_after && r.batches == r.stop_after && !last) || r.interrupted;
        if (r.ckpt_path && (!last || r.interrupted) &&
            (stop_here || (r.ckpt_every && r.batches % (uint64_t)r.ckpt_every == 0)) &&
            host_checkpoint(&r, &pos) != 0)
            goto done_run;
        fflush(stdout);
        if (stop_here) {
            stopped = 1;
            break;
        }
    }
    if (r.check && r.state_checked != r.batches && host_check_now(&r) != 0)
        goto done_run;
    if (stopped) {
        if (r.interrupted)
            fprintf(stderr, "%s: %s: stopped after batch %llu (epoch %d, sample %d of %d): "
                            "checkpoint %s\n",
                    prog, r.interrupted == SIGINT ? "interrupted" : "terminated",
                    (unsigned long long)r.batches, pos.epoch + 1, pos.next, s_train.n,
                    r.ckpt_path);
        else if (!o.quiet)
            printf("stopped after batch %llu (epoch %d, sample %d of %d)%s%s\n",
                   (unsigned long long)r.batches, pos.epoch + 1, pos.next, s_train.n,
                   r.ckpt_path ? ": checkpoint " : "", r.ckpt_path ? r.ckpt_path : "");
        if (r.check)
            printf("check: %llu batches compared with the reference bit for bit: equal\n",
                   (unsigned long long)r.batches);
        status = r.interrupted ? 128 + r.interrupted : 0;
        goto done_run;
    }
    if (r.ckpt_path && !o.eval && host_checkpoint(&r, &pos) != 0)
        goto done_run;
    int final_train = 0;
    double eval_loss = 0;
    /* the weights have not changed since the last epoch's test evaluation:
     * its predictions serve the final line and the confusion matrix */
    int erc = 0;
    int train_eval = o.eval || !o.no_train_eval;
    if (train_eval)
        erc = host_evaluate_full(&r, &s_train, &final_train, NULL, o.eval ? &eval_loss : NULL);
    else
        final_train = right_train;
    if (erc == 0 && !test_fresh) {
        erc = host_evaluate_full(&r, &s_test, &right_test, test_pred, NULL);
        test_fresh = erc == 0;
    }
    if (erc != 0) {
        if (erc == -1)
            fprintf(stderr, "%s: device %s: evaluation failed\n", prog, kind->name);
        goto done_run;
    }
    if (o.eval)
        loss = eval_loss;
    if (!o.quiet) {
        printf("rounding events (cumulative):\n");
        host_print_counters(&r, stdout);
        if (s_test.n <= 16) {
            printf("test outputs:\n");
            if (host_print_outputs(&r, &s_test, &test) != 0)
                goto done_run;
        }
    }
    if (o.print_weights && host_print_weights(&r) != 0) {
        fprintf(stderr, "%s: device %s: cannot read the weights\n", prog, kind->name);
        goto done_run;
    }
    if (!o.quiet && !o.eval)
        printf("training time: %.2f s, %.0f samples/s\n", t_train,
               t_train > 0 ? (double)trained / t_train : 0.0);
    printf("final: loss %.6f, train accuracy %d/%d (%.2f%%%s), test accuracy %d/%d (%.2f%%)%s\n",
           loss, final_train, s_train.n, 100.0 * final_train / s_train.n,
           train_eval ? "" : ", during the last epoch", right_test, s_test.n,
           100.0 * right_test / s_test.n, o.eval ? " (evaluation only)" : "");
    if (r.check)
        printf("check: %llu batches compared with the reference bit for bit (outputs and loss "
               "of every batch, weights, biases, momentum, %s every %d and at "
               "the end, every evaluation's outputs): equal%s\n",
               (unsigned long long)r.batches,
               host_check_counters(&r.dev, &r.ref) ? "counters and clocks" : "clocks",
               r.check_every,
               host_check_counters(&r.dev, &r.ref)
                   ? ""
                   : "; counters skipped: the core has none (hardware counters=off)");
    if (confusion && host_write_confusion(&r, &s_test, test_pred, confusion, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s: --plots: %s\n", prog, msg);
        goto done_run;
    }
    if (o.save_dir && host_save(net, &r.dev, o.save_dir, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s: --save: %s\n", prog, msg);
        goto done_run;
    }
    if (!o.quiet && (o.save_dir || have_log || confusion || r.ckpt_path)) {
        if (have_log)
            printf("log: %s\n", log_path);
        if (curves && have_log)
            printf("plots: %s, %s\n", curves, confusion);
        else if (confusion)
            printf("plots: %s\n", confusion);
        if (o.save_dir)
            printf("saved: %s/manifest.json\n", o.save_dir);
        if (r.ckpt_path && !o.eval)
            printf("checkpoint: %s\n", r.ckpt_path);
    }
    if (have_log && logcsv_sync(&log, &le) != 0) {
        fprintf(stderr, "%s: --log: %s\n", prog, le.msg);
        goto done_run;
    }
    status = 0;
done_run:
    if (have_log)
        logcsv_free(&log);
    free(curves);
    free(confusion);
    free(own_log);
    free(order);
    free(test_pred);
    free(r.x);
    free(r.t);
    free(r.out);
    free(r.out_ref);
    free(r.base);
    if (have_ref)
        r.ref.ops->close(r.ref.ctx);
    r.dev.ops->close(r.dev.ctx);
    if (masked) {
        host_take_signal();          /* one that came after the last batch */
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
    }
done_data:
    host_ckpt_free(&ck);
    host_samples_free(&s_train);
    host_samples_free(&s_test);
    data_norm_free(&norm);
    data_set_free(&train);
    data_set_free(&test);
    return status;
}
