/* host: the generic host program that every generated project links. The
 * compiler emits one struct host_model (the network's tables and the host
 * settings of net.desc) and a thin main.c that calls host_main; everything
 * else (command line, data, labels to targets, the training loop over a
 * struct mlp_device, accuracy and saturation reports) lives here, written
 * once for every network. host_cli.c parses the command line, host_data.c
 * prepares samples, host_device.c opens devices, host_train.c trains. */
#ifndef MLPGEN_HOST_H
#define MLPGEN_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "data.h"
#include "net.h"

struct hw_layout;                  /* hw_core.h */

/* Data a host can train on without --train: recorded in the tables by the
 * compiler (a 2-input, 1-output net gets XOR's truth table). */
enum host_builtin { HOST_BUILTIN_NONE, HOST_BUILTIN_XOR };

/* What the compiler emits for one network (host/<name>_net.c). */
struct host_model {
    const struct mlp_net *net;
    const char *source;            /* the .desc file's base name */
    enum data_norm_kind norm;      /* net.desc `normalize` */
    double norm_factor;            /* scale factor (scale only) */
    enum host_builtin builtin;     /* data without --train */
    int epochs;                    /* default --epochs */
    const struct hw_layout *layout;/* the generated core's layout, NULL if none */
};

/* One kind of training device. open fills dev (closed with dev->ops->close)
 * or returns -1 with a message in err. arg is what followed the name in
 * --device NAME:ARG (a serial port, say), or NULL. */
struct host_device_kind {
    const char *name;              /* --device NAME[:ARG] */
    const char *help;              /* one line for --help */
    int (*open)(const struct host_model *m, const char *arg, struct mlp_device *dev, char *err,
                size_t err_len);
};

/* The reference trainer (runtime/ref_train.c) as a device; arg unused. */
int host_open_reference(const struct host_model *m, const char *arg, struct mlp_device *dev,
                        char *err, size_t err_len);
/* The generated core on an FPGA board behind the UART bridge of synth/
 * (runtime/transport_serial.c): arg = PORT[@BAUD], e.g. /dev/ttyUSB1 or
 * /dev/ttyUSB1@115200 (default 115200, the board wrapper's rate). */
int host_open_board(const struct host_model *m, const char *arg, struct mlp_device *dev,
                    char *err, size_t err_len);

/* Weights in and out (host_device.c): every tensor of the device (per
 * layer weights, biases if any, momentum when the net keeps it) as a raw
 * fixed-point .npy (layerL_NAME.npy, the smallest dtype of its width) and a
 * real <f8 .npy (layerL_NAME_real.npy), plus DIR/manifest.json (npy.h).
 * host_save creates DIR if absent, whole: written as DIR.tmp-PID and renamed
 * (an existing DIR gets each file replaced atomically, the manifest last). host_load reads the manifest (network
 * name, every tensor present with its dtype, shape and format) and the raw
 * files (dtype, shape, range), then writes them into the device; on any
 * mismatch nothing is written and err names the file. 0 or -1. */
int host_save(const struct mlp_net *net, struct mlp_device *dev, const char *dir, char *err,
              size_t err_len);
int host_load(const struct mlp_net *net, struct mlp_device *dev, const char *dir, char *err,
              size_t err_len);
/* Before training: can host_save write dir (a directory, or a new name in
 * an existing directory)? 0 or -1 (err names dir). */
int host_save_check(const char *dir, char *err, size_t err_len);

/* The command line (host_cli.c). */
struct host_opts {
    const char *train, *test;      /* data files, NULL when absent */
    const char *device;            /* "reference" unless --device */
    const char *device_arg;        /* after the ':' of --device NAME:ARG, or NULL */
    int epochs;                    /* > 0 */
    uint64_t seed;                 /* split and epoch order, default 1 */
    double split;                  /* test fraction held out of --train without --test */
    int log_every;                 /* print every N epochs; 0: about ten lines */
    int print_weights;             /* print the final state as raw integers */
    int quiet;                     /* only the final summary */
    int no_train_eval;             /* skip the final pass over the training set */
    const char *log_path;          /* --log FILE.csv: per-epoch CSV (log_csv.h), or NULL */
    const char *plots;             /* --plots PREFIX: PREFIX_curves.svg, PREFIX_confusion.svg */
    const char *save_dir;          /* --save DIR: tensors as .npy after training */
    const char *load_dir;          /* --load DIR: tensors from .npy before training */
    int eval;                      /* --eval: no training, test accuracy only */
    int seed_given;                /* --seed was on the command line */
    int check;                     /* --check: the reference trains alongside, compared */
    int check_every;               /* compare the whole state every N batches (default 1) */
    const char *checkpoint;        /* --checkpoint FILE: the run's state (host_checkpoint.h) */
    int checkpoint_every;          /* ... every N batches too; 0: at the end (and stop) only */
    const char *resume;            /* --resume FILE: continue the run of a checkpoint */
    long long stop_after;          /* --stop-after N: stop after batch N of the run (0: no) */
    const char *trace;             /* --trace FILE.fst: the verilator device's waveforms */
};

/* 0: run; 1: --help printed; 2: bad command line (message on err). */
int host_parse_args(int argc, char **argv, const struct host_model *m,
                    const struct host_device_kind *devices, int n_devices,
                    struct host_opts *o, FILE *out, FILE *err);

/* Samples ready for a device (host_data.c): raw inputs and targets in the
 * activations format, plus the integer labels for accuracy. */
struct host_samples {
    int n, n_in, n_out;
    int32_t *x;                    /* n * n_in */
    int32_t *t;                    /* n * n_out */
    int *label;                    /* n */
};

/* How labels become targets and outputs become predictions, by loss and
 * last layer: softmax (and mse with M > 1) one-hot, one-unit sigmoid with
 * cross-entropy the label, hinge +-1, mse with M == 1 the label's value. */
enum host_target_kind { HOST_T_ONE_HOT, HOST_T_LABEL, HOST_T_SIGN };
enum host_target_kind host_target_kind(const struct mlp_net *net);
/* The predicted label of one sample's raw outputs. */
int host_predict(const struct mlp_net *net, const int32_t *out);

/* Load one data file: IDX when the name contains "ubyte" or "idx" and a
 * digit (the labels file is the images file's name with "images" replaced
 * by "labels" and "idx3" by "idx1"), else CSV: scikit-learn's header
 * layout if the first line is not a data line of n_in features and a
 * label, else headerless. 0 or -1 (err). */
int host_load_file(const struct host_model *m, const char *path, struct data_set *out,
                   struct data_err *err);
/* XOR's four patterns as a data set (two classes). */
int host_builtin_xor(struct data_set *out, struct data_err *err);
/* Normalize (norm fitted on the training split), round into the activation
 * format, and build targets. 0 or -1 (err). */
int host_make_samples(const struct mlp_net *net, const struct data_norm *norm,
                      const struct data_set *set, struct host_samples *s,
                      struct data_err *err);
void host_samples_free(struct host_samples *s);

/* The whole program: parse, load, train, report. Exit status: 0 success,
 * 1 a failure while running, 2 a bad command line or unusable data,
 * 128 + signal when SIGINT / SIGTERM stopped a run with --checkpoint. */
int host_main(int argc, char **argv, const struct host_model *m,
              const struct host_device_kind *devices, int n_devices);

#endif
