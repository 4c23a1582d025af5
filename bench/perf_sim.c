/* perf_sim.c: the measuring host of bench/perf.sh. It takes the place of
 * sim_main.c in a copy of a generated sim/ project (same Verilated core,
 * same transport and driver, checking off) and prints one machine-readable
 * line:
 *
 *   PERF net=... batch=b bmax=B pes=P pes_layers=p0,p1,... conn=C train_macs=M
 *        fwd_macs=F samples=N batches=K busy=X batch_min=.. batch_max=..
 *        sim_cycles=S secs=T cpu=U infer_samples=I infer_busy=Y infer_runs=R
 *        [hw counters: hw_*=... | hw_counters=none (perf=off core)]
 *
 * busy: the core's BUSY register (cycles not idle) summed over the training
 * batches (each one read before and after its batch, so the host's register
 * traffic between batches is not counted); sim_cycles/secs: every simulated
 * clock of the training loop (register traffic included), its wall time and
 * the process's CPU time (the rate on a machine shared with other jobs).
 * infer: forward-only runs (INFER = 1) of b samples each (b = 1: one sample).
 *
 *   sim [--samples N] [--infer-samples N] [--batch b] [--min-secs T] [--seed S]
 *
 * --batch b (1 <= b <= B, default B, the batch compiled into the core): the
 * host starts batches of b samples (BATCH register), as bench/perf.sh
 * --quick does to measure several batch sizes on one build.
 * N is rounded up to whole batches; training goes on past N until T wall
 * seconds (default 1) have passed, so that the simulation rate is not
 * taken over a few milliseconds (every batch is counted in busy). Cycle counts do not depend on the data;
 * the samples are seeded random inputs in [-1, 1] with one-hot targets
 * (XOR patterns for a 2-1 net). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data.h"
#include "ref_synth.h"
#include "ref_train.h"
#include "sim_net.h"

static double perf_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double perf_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int perf_busy(struct hw_transport *tr, uint32_t *v)
{
    return tr->ops->read32(tr->ctx, HW_REG_BUSY, v);
}

#ifdef HW_PERF_BASE
/* Hardware counters (rtl_lib/mlp_perf_counters.v map from byte offset
 * HW_PERF_BASE): 0 cycles, 1 core busy, 2 samples, 3 batches, 4 input and
 * 5 output stream stalls, 6.. stage busy (L), 6+L.. unit busy, one per unit
 * (HW_PERF_UNITS(layout) units if hw_core.h defines it, else the layout's pes). */
enum { PERF_MAXC = 6 + HW_MAX_LAYERS + 4096 };

static int perf_hw_read(struct hw_transport *tr, int n, uint32_t *v)
{
    for (int k = 0; k < n && k < PERF_MAXC; k++)
        if (tr->ops->read32(tr->ctx, (uint32_t)HW_PERF_BASE + 4u * (uint32_t)k, &v[k]))
            return -1;
    return 0;
}

static void perf_hw_print(const uint32_t *a, const uint32_t *b, int L, int n)
{
    static const char *const names[] = {"cycles", "core_busy", "samples", "batches",
                                        "in_stall", "out_stall"};
    unsigned long long unit_busy = 0;
    for (int k = 0; k < n && k < PERF_MAXC; k++) {
        uint32_t d = b[k] - a[k];
        if (k < 6)
            printf(" hw_%s=%u", names[k], d);
        else if (k < 6 + L)
            printf(" hw_stage%d=%u", k - 6, d);
        else
            unit_busy += d;
    }
    printf(" hw_units=%d hw_unit_busy=%llu", n - 6 - L, unit_busy);
}
#endif

int main(int argc, char **argv)
{
    long samples = 0, infer_samples = 0, batch_arg = 0;
    double min_secs = 1.0;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--samples") == 0 && v) {
            samples = strtol(v, NULL, 10);
            i++;
        } else if (strcmp(argv[i], "--infer-samples") == 0 && v) {
            infer_samples = strtol(v, NULL, 10);
            i++;
        } else if (strcmp(argv[i], "--min-secs") == 0 && v) {
            min_secs = strtod(v, NULL);
            i++;
        } else if (strcmp(argv[i], "--batch") == 0 && v) {
            batch_arg = strtol(v, NULL, 10);
            i++;
        } else if (strcmp(argv[i], "--seed") == 0 && v) {
            seed = strtoull(v, NULL, 10);
            i++;
        } else {
            fprintf(stderr, "usage: sim [--samples N] [--infer-samples N] [--batch b] [--min-secs T] [--seed S]\n");
            return 2;
        }
    }
    const struct mlp_net *net = &sim_net;
    const struct hw_layout *lo = &sim_layout;
    int L = net->n_layers, BMAX = net->batch;
    if (batch_arg < 0 || batch_arg > BMAX) {
        fprintf(stderr, "sim: --batch %ld: the core takes 1..%d\n", batch_arg, BMAX);
        return 2;
    }
    int B = batch_arg > 0 ? (int)batch_arg : BMAX;
    int n_in = net->layers[0].n_in, n_out = net->layers[L - 1].n_out;
    if (samples <= 0)
        samples = B > 1 ? 2L * B : 4;
    samples = (samples + B - 1) / B * B;
    if (infer_samples <= 0)
        infer_samples = B > 1 ? B : 4;

    long long conn = 0, train_macs = 0;
    int pes = 0;
    char pes_layers[256] = "";
    for (int l = 0; l < L; l++) {
        long long c = (long long)net->layers[l].n_in * net->layers[l].n_out;
        conn += c;
        train_macs += (l == 0 ? 2 : 3) * c;
        pes += lo->layer[l].pes;
        size_t u = strlen(pes_layers);
        snprintf(pes_layers + u, sizeof pes_layers - u, "%s%d", l ? "," : "", lo->layer[l].pes);
    }

    struct hw_transport tr;
    struct mlp_device hw;
    if (vt_open(NULL, &tr) != 0 || hw_device_open(net, lo, tr, &hw) != 0) {
        fprintf(stderr, "sim: cannot open the Verilated core\n");
        return 2;
    }
    if (hw.ops->reset(hw.ctx) != 0) {
        fprintf(stderr, "sim: reset over AXI4-Lite failed\n");
        return 2;
    }
    int32_t *x = malloc((size_t)B * (size_t)n_in * sizeof *x);
    int32_t *t = malloc((size_t)B * (size_t)n_out * sizeof *t);
    int32_t *o = malloc((size_t)B * (size_t)n_out * sizeof *o);
    if (!x || !t || !o)
        return 2;

#ifdef HW_PERF_BASE
    static uint32_t hw_before[PERF_MAXC], hw_after[PERF_MAXC];
#ifdef HW_PERF_UNITS
    int hw_n = 6 + L + HW_PERF_UNITS(lo);
#else
    int hw_n = 6 + L + pes;
#endif
    if (perf_hw_read(&tr, hw_n, hw_before))
        return 1;
#endif
    /* training */
    unsigned long long busy = 0, bmin = 0, bmax = 0;
    long batches = 0;
    double t0 = perf_now(), u0 = perf_cpu();
    unsigned long long c0 = vt_cycles(tr.ctx);
    long done = 0;
    for (; done < samples || perf_now() - t0 < min_secs; done += B) {
        for (int s = 0; s < B; s++)
            ref_synth_sample(net, done + s, seed, x + (size_t)s * (size_t)n_in,
                        t + (size_t)s * (size_t)n_out);
        uint32_t b0, b1;
        if (perf_busy(&tr, &b0) || hw.ops->train_batch(hw.ctx, x, t, B, o) ||
            perf_busy(&tr, &b1)) {
            fprintf(stderr, "sim: the core failed batch %ld\n", batches);
            return 1;
        }
        unsigned long long d = (uint32_t)(b1 - b0);
        busy += d;
        if (batches == 0 || d < bmin)
            bmin = d;
        if (batches == 0 || d > bmax)
            bmax = d;
        batches++;
    }
    samples = done;
    unsigned long long sim_cycles = vt_cycles(tr.ctx) - c0;
    double secs = perf_now() - t0, cpu = perf_cpu() - u0;
#ifdef HW_PERF_BASE
    if (perf_hw_read(&tr, hw_n, hw_after))
        return 1;
#endif

    /* forward only */
    unsigned long long ibusy = 0;
    long idone = 0, iruns = 0;
    while (idone < infer_samples) {
        int b = (int)((infer_samples - idone) < B ? (infer_samples - idone) : B);
        for (int s = 0; s < b; s++)
            ref_synth_sample(net, 1000000 + idone + s, seed, x + (size_t)s * (size_t)n_in,
                        t + (size_t)s * (size_t)n_out);
        uint32_t b0, b1;
        if (perf_busy(&tr, &b0) || hw.ops->infer(hw.ctx, x, b, o) || perf_busy(&tr, &b1)) {
            fprintf(stderr, "sim: infer failed\n");
            return 1;
        }
        ibusy += (uint32_t)(b1 - b0);
        idone += b;
        iruns++;
    }

    printf("PERF net=%s batch=%d bmax=%d pes=%d pes_layers=%s conn=%lld train_macs=%lld fwd_macs=%lld "
           "samples=%ld batches=%ld busy=%llu batch_min=%llu batch_max=%llu sim_cycles=%llu "
           "secs=%.4f cpu=%.4f infer_samples=%ld infer_busy=%llu infer_runs=%ld",
           net->name, B, BMAX, pes, pes_layers, conn, train_macs, conn, samples, batches, busy, bmin,
           bmax, sim_cycles, secs, cpu, idone, ibusy, iruns);
#ifdef HW_PERF_BASE
    /* A core built with `hardware perf=off` has no counters (the window
     * reads 0): its free-running cycle counter did not move, print none. */
    if (hw_after[0] != hw_before[0])
        perf_hw_print(hw_before, hw_after, L, hw_n);
    else
        printf(" hw_counters=none");
#endif
    printf("\n");
    hw.ops->close(hw.ctx);
    free(x);
    free(t);
    free(o);
    return 0;
}
