/* host_cli: the generated host program's command line, GNU style
 * (--opt VALUE and --opt=VALUE). Errors are returned, never exits. */
#include "host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void host_usage(const char *prog, const struct host_model *m,
                       const struct host_device_kind *devices, int n_devices, FILE *f)
{
    const char *name = m->net->name ? m->net->name : "net";
    fprintf(f,
            "usage: %s [options]\n"
            "Trains network '%s' (%s) and prints loss, accuracy and saturation counts.\n"
            "  --train FILE    training data: CSV (scikit-learn layout or headerless,\n"
            "                  label in the last column; .gz accepted) or an IDX images\n"
            "                  file (its labels file: 'images' -> 'labels' in the name)\n"
            "  --test FILE     test data in the same forms; without it a stratified\n"
            "                  fraction of --train is held out (--split)\n"
            "  --split F       test fraction held out of --train, 0 <= F < 1 (default 0.2;\n"
            "                  0: test on the training data)\n"
            "  --epochs N      passes over the training data (default %d)\n"
            "  --seed N        seed of the split and the epoch order (default 1)\n"
            "  --device NAME[:ARG]  training device (default %s):\n",
            prog, name, m->source ? m->source : "?", m->epochs, devices[0].name);
    for (int i = 0; i < n_devices; i++)
        fprintf(f, "                    %-10s %s\n", devices[i].name, devices[i].help);
    fprintf(f,
            "  --log-every N   print every N epochs (default: about ten lines)\n"
            "  --log FILE.csv  per-epoch CSV log: epoch, loss, train and test accuracy,\n"
            "                  cycles, samples/s, saturations (one line appended per epoch)\n"
            "  --plots PREFIX  write PREFIX_curves.svg (loss and accuracy per epoch) and\n"
            "                  PREFIX_confusion.svg (test set, at the end); without --log\n"
            "                  the log goes to PREFIX_log.csv\n"
            "  --save DIR      after training, write every tensor to DIR as raw fixed-point\n"
            "                  .npy and real .npy (*_real.npy) plus DIR/manifest.json\n"
            "  --load DIR      before training, load the tensors saved by --save (checked\n"
            "                  against this network: names, shapes, dtypes, value ranges)\n"
            "  --eval          no training: report the accuracy of the (loaded) weights\n"
            "  --check         train the reference alongside on the same samples and compare\n"
            "                  bit for bit: every batch's outputs and loss, and the whole state\n"
            "                  (weights, biases, momentum, counters, clocks) every --check-every\n"
            "                  batches and at the end; the first difference stops the run\n"
            "  --check-every N compare the whole state every N batches (default 1; implies\n"
            "                  --check)\n"
            "  --checkpoint FILE  write the run's whole state to FILE (atomically) at the end,\n"
            "                  when stopped, and every --checkpoint-every batches; Ctrl-C\n"
            "                  (SIGINT) or SIGTERM then stops at the next batch boundary\n"
            "                  with a checkpoint (exit status 130 / 143)\n"
            "  --checkpoint-every N  also every N batches (a batch boundary, mid-epoch too)\n"
            "  --resume FILE   continue the run of a checkpoint (same network, data, --seed,\n"
            "                  --split); ends bit-identical to a run never interrupted; with\n"
            "                  --log the log is continued from the checkpoint's epoch\n"
            "  --stop-after N  stop after batch N of the run (counted from its start), after\n"
            "                  writing the checkpoint; no final evaluation\n"
            "  --trace FILE.fst  waveforms of the verilator device (a build configured with\n"
            "                  -DMLPGEN_TRACE=ON)\n"
            "  --print-weights print the final weights and biases as raw integers\n"
            "  --quiet         print the final summary only\n"
            "  --no-train-eval skip the final forward pass over the training set (the\n"
            "                  final line then gives the last epoch's running accuracy)\n"
            "  --help          this text\n"
            "On a terminal a progress bar shows each epoch's progress.\n");
    if (m->builtin == HOST_BUILTIN_XOR)
        fprintf(f, "Without --train it trains on XOR's four patterns (and tests on them).\n");
}

/* A whole-string integer in [lo, hi]. */
static int host_parse_long(const char *s, long lo, long hi, long *v)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (errno || *end || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

int host_parse_args(int argc, char **argv, const struct host_model *m,
                    const struct host_device_kind *devices, int n_devices,
                    struct host_opts *o, FILE *out, FILE *err)
{
    memset(o, 0, sizeof *o);
    o->device = devices[0].name;
    o->epochs = m->epochs > 0 ? m->epochs : 10;
    o->seed = 1;
    o->split = 0.2;
    static const char *const with_value[] = {"--train", "--test", "--split", "--epochs",
                                             "--seed", "--device", "--log-every", "--log",
                                             "--plots", "--save", "--load",
                                             "--check-every", "--checkpoint-every",
                                             "--checkpoint", "--resume", "--stop-after",
                                             "--trace"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            host_usage(argv[0], m, devices, n_devices, out);
            return 1;
        }
        if (strcmp(a, "--print-weights") == 0) {
            o->print_weights = 1;
            continue;
        }
        if (strcmp(a, "--eval") == 0) {
            o->eval = 1;
            continue;
        }
        if (strcmp(a, "--check") == 0) {
            o->check = 1;
            continue;
        }
        if (strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (strcmp(a, "--no-train-eval") == 0) {
            o->no_train_eval = 1;
            continue;
        }
        const char *key = NULL, *val = NULL;
        size_t klen = 0;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++) {
            size_t n = strlen(with_value[k]);
            if (strncmp(a, with_value[k], n) == 0 && (a[n] == '\0' || a[n] == '=')) {
                key = with_value[k];
                klen = n;
                break;
            }
        }
        if (!key) {
            fprintf(err, "%s: unknown option '%s' (see --help)\n", argv[0], a);
            return 2;
        }
        if (a[klen] == '=') {
            val = a + klen + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            fprintf(err, "%s: '%s' needs a value\n", argv[0], key);
            return 2;
        }
        long v = 0;
        if (!*val && (strcmp(key, "--log") == 0 || strcmp(key, "--plots") == 0 ||
             strcmp(key, "--save") == 0 || strcmp(key, "--load") == 0 ||
             strcmp(key, "--checkpoint") == 0 || strcmp(key, "--resume") == 0 ||
             strcmp(key, "--trace") == 0)) {
            fprintf(err, "%s: '%s' needs a non-empty value\n", argv[0], key);
            return 2;
        }
        if (strcmp(key, "--log") == 0) {
            o->log_path = val;
        } else if (strcmp(key, "--checkpoint") == 0) {
            o->checkpoint = val;
        } else if (strcmp(key, "--resume") == 0) {
            o->resume = val;
        } else if (strcmp(key, "--trace") == 0) {
            o->trace = val;
        } else if (strcmp(key, "--check-every") == 0 || strcmp(key, "--checkpoint-every") == 0) {
            if (host_parse_long(val, 1, 1000000000L, &v) != 0) {
                fprintf(err, "%s: %s needs an integer >= 1, not '%s'\n", argv[0], key, val);
                return 2;
            }
            if (strcmp(key, "--check-every") == 0) {
                o->check = 1;
                o->check_every = (int)v;
            } else {
                o->checkpoint_every = (int)v;
            }
        } else if (strcmp(key, "--stop-after") == 0) {
            if (host_parse_long(val, 1, 2000000000L, &v) != 0) {
                fprintf(err, "%s: --stop-after needs a batch count >= 1, not '%s'\n", argv[0],
                        val);
                return 2;
            }
            o->stop_after = v;
        } else if (strcmp(key, "--plots") == 0) {
            o->plots = val;
        } else if (strcmp(key, "--save") == 0) {
            o->save_dir = val;
        } else if (strcmp(key, "--load") == 0) {
            o->load_dir = val;
        } else if (strcmp(key, "--train") == 0) {
            o->train = val;
        } else if (strcmp(key, "--test") == 0) {
            o->test = val;
        } else if (strcmp(key, "--device") == 0) {
            const char *colon = strchr(val, ':');
            size_t nlen = colon ? (size_t)(colon - val) : strlen(val);
            int found = 0;
            for (int d = 0; d < n_devices && !found; d++)
                if (strlen(devices[d].name) == nlen && strncmp(devices[d].name, val, nlen) == 0) {
                    found = 1;
                    o->device = devices[d].name;
                }
            if (!found) {
                fprintf(err, "%s: unknown device '%s' (expected", argv[0], val);
                for (int d = 0; d < n_devices; d++)
                    fprintf(err, "%s %s", d ? "," : "", devices[d].name);
                fprintf(err, ")%s\n", strcmp(val, "verilator") == 0
                                           ? "; the verilator device is in <ident>_hw, built "
                                             "with cmake -DMLPGEN_VERILATOR=ON"
                                           : "");
                return 2;
            }
            o->device_arg = colon ? colon + 1 : NULL;
        } else if (strcmp(key, "--split") == 0) {
            char *end;
            double f = strtod(val, &end);
            if (!*val || *end || !(f >= 0.0 && f < 1.0)) {
                fprintf(err, "%s: --split needs a fraction in [0, 1), not '%s'\n", argv[0], val);
                return 2;
            }
            o->split = f;
        } else if (strcmp(key, "--epochs") == 0) {
            if (host_parse_long(val, 1, 100000000L, &v) != 0) {
                fprintf(err, "%s: --epochs needs an integer >= 1, not '%s'\n", argv[0], val);
                return 2;
            }
            o->epochs = (int)v;
        } else if (strcmp(key, "--log-every") == 0) {
            if (host_parse_long(val, 1, 100000000L, &v) != 0) {
                fprintf(err, "%s: --log-every needs an integer >= 1, not '%s'\n", argv[0], val);
                return 2;
            }
            o->log_every = (int)v;
        } else { /* --seed */
            char *end;
            errno = 0;
            unsigned long long s = strtoull(val, &end, 10);
            if (!*val || *end || errno || val[0] == '-') {
                fprintf(err, "%s: --seed needs a non-negative integer, not '%s'\n", argv[0], val);
                return 2;
            }
            o->seed = (uint64_t)s;
            o->seed_given = 1;
        }
    }
    if (o->check && o->check_every == 0)
        o->check_every = 1;
    if (o->checkpoint_every && !o->checkpoint) {
        fprintf(err, "%s: --checkpoint-every needs --checkpoint FILE\n", argv[0]);
        return 2;
    }
    if (o->eval && (o->checkpoint || o->stop_after)) {
        fprintf(err, "%s: --eval does not train: no --checkpoint or --stop-after\n", argv[0]);
        return 2;
    }
    if (!o->train && m->builtin == HOST_BUILTIN_NONE) {
        fprintf(err, "%s: no training data: give --train FILE (see --help)\n", argv[0]);
        return 2;
    }
    return 0;
}
