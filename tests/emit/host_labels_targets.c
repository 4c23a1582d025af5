/* host_labels_targets: the generic host's hand-computed cases: labels to
 * targets and outputs to predictions for every loss / last-layer pairing,
 * normalize then rounding into the activation format, the CSV header
 * detection and the command line. Usage: host_labels_targets SCRATCH_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

static int failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                          \
        }                                                                        \
    } while (0)

/* A net of one layer (n_in -> n_out, act) with loss; activations fixed<16,4>
 * (1.0 is raw 4096). Tables and weights are not needed here. */
static struct mlp_net net_of(struct mlp_layer *ly, int n_in, int n_out, enum mlp_act act,
                             enum mlp_loss loss)
{
    memset(ly, 0, sizeof *ly);
    ly->n_in = n_in;
    ly->n_out = n_out;
    ly->act = act;
    struct mlp_net n;
    memset(&n, 0, sizeof n);
    n.name = "t";
    n.n_layers = 1;
    n.layers = ly;
    n.loss = loss;
    n.activations = (struct fx_format){16, 4, FX_RND_CONV, FX_SAT};
    n.batch = 1;
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    struct mlp_layer ly;

    /* target kinds */
    struct mlp_net sm = net_of(&ly, 2, 3, MLP_SOFTMAX, MLP_CROSS_ENTROPY);
    CHECK(host_target_kind(&sm) == HOST_T_ONE_HOT);
    int32_t o1[3] = {1, 5, 3}, o2[3] = {7, 7, 2};
    CHECK(host_predict(&sm, o1) == 1);
    CHECK(host_predict(&sm, o2) == 0); /* ties: the lower class */

    struct mlp_net sg = net_of(&ly, 2, 1, MLP_SIGMOID, MLP_CROSS_ENTROPY);
    CHECK(host_target_kind(&sg) == HOST_T_LABEL);
    int32_t half = 2048, below = 2047;     /* 0.5 and 0.5 - 2^-12 */
    CHECK(host_predict(&sg, &half) == 1);
    CHECK(host_predict(&sg, &below) == 0);

    struct mlp_net hg = net_of(&ly, 2, 1, MLP_TANH, MLP_HINGE);
    CHECK(host_target_kind(&hg) == HOST_T_SIGN);
    int32_t neg = -1, pos = 1;
    CHECK(host_predict(&hg, &neg) == 0);
    CHECK(host_predict(&hg, &pos) == 1);

    struct mlp_net m3 = net_of(&ly, 2, 3, MLP_LINEAR, MLP_MSE);
    CHECK(host_target_kind(&m3) == HOST_T_ONE_HOT);
    struct mlp_net m1 = net_of(&ly, 2, 1, MLP_LINEAR, MLP_MSE);
    CHECK(host_target_kind(&m1) == HOST_T_LABEL);
    int32_t v24 = 9830, v26 = 10650;       /* 2.3999 and 2.6001 */
    CHECK(host_predict(&m1, &v24) == 2);
    CHECK(host_predict(&m1, &v26) == 3);

    /* samples: scale 0.5 of raw 3 is 1.5 = raw 6144; targets by kind */
    float xs[4] = {3.0f, -1.0f, 0.25f, 40.0f};
    int ys[2] = {2, 0};
    struct data_set set = {2, 2, 3, xs, ys};
    struct data_norm norm;
    struct data_err err;
    CHECK(data_norm_fit(&norm, DATA_NORM_SCALE, 0.5, 2, NULL, &err) == 0);
    struct host_samples s;
    struct mlp_net sm2 = net_of(&ly, 2, 3, MLP_SOFTMAX, MLP_CROSS_ENTROPY);
    CHECK(host_make_samples(&sm2, &norm, &set, &s, &err) == 0);
    CHECK(s.x[0] == 6144 && s.x[1] == -2048 && s.x[2] == 512);
    CHECK(s.x[3] == 32767);                 /* 20.0 saturates fixed<16,4> */
    CHECK(s.t[0] == 0 && s.t[1] == 0 && s.t[2] == 4096);
    CHECK(s.t[3] == 4096 && s.t[4] == 0 && s.t[5] == 0);
    CHECK(s.label[0] == 2 && s.label[1] == 0);
    host_samples_free(&s);
    int ys2[2] = {1, 0};
    struct data_set set2 = {2, 2, 2, xs, ys2};
    struct mlp_net hg2 = net_of(&ly, 2, 1, MLP_LINEAR, MLP_HINGE);
    CHECK(host_make_samples(&hg2, &norm, &set2, &s, &err) == 0);
    CHECK(s.t[0] == 4096 && s.t[1] == -4096);
    host_samples_free(&s);
    int ys3[2] = {3, 1};
    struct data_set set3 = {2, 2, 4, xs, ys3};
    struct mlp_net m1b = net_of(&ly, 2, 1, MLP_LINEAR, MLP_MSE);
    CHECK(host_make_samples(&m1b, &norm, &set3, &s, &err) == 0);
    CHECK(s.t[0] == 3 * 4096 && s.t[1] == 4096);
    host_samples_free(&s);
    data_norm_free(&norm);

    /* CSV with scikit-learn's header, without one, and IDX by name */
    struct mlp_layer ly2;
    struct mlp_net x2 = net_of(&ly2, 2, 1, MLP_SIGMOID, MLP_MSE);
    struct host_model m = {&x2, "t.desc", DATA_NORM_NONE, 0.0, HOST_BUILTIN_NONE, 10, NULL};
    char p1[1024], p2[1024], p3[1024];
    snprintf(p1, sizeof p1, "%s/hlt_header.csv", dir);
    snprintf(p2, sizeof p2, "%s/hlt_plain.csv", dir);
    snprintf(p3, sizeof p3, "%s/hlt-images-idx3-ubyte", dir);
    write_file(p1, "4,2,zero,one\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    write_file(p2, "0.5,2,1\n3,4,0\n");
    struct data_set d;
    CHECK(host_load_file(&m, p1, &d, &err) == 0 && d.n == 4 && d.n_classes == 2 && d.y[1] == 1);
    data_set_free(&d);
    CHECK(host_load_file(&m, p2, &d, &err) == 0 && d.n == 2 && d.x[0] == 0.5f && d.y[0] == 1);
    data_set_free(&d);
    /* an IDX name reads the labels file beside it: the message names it */
    CHECK(host_load_file(&m, p3, &d, &err) != 0 && strstr(err.msg, "hlt-images-idx3-ubyte"));
    struct mlp_layer ly3;
    struct mlp_net x3 = net_of(&ly3, 3, 1, MLP_SIGMOID, MLP_MSE);
    struct host_model m3in = {&x3, "t.desc", DATA_NORM_NONE, 0.0, HOST_BUILTIN_NONE, 10, NULL};
    CHECK(host_load_file(&m3in, p1, &d, &err) != 0 && strstr(err.msg, "3 inputs"));

    /* command line */
    static const struct host_device_kind devs[] = {{"reference", "ref", host_open_reference},
                                                   {"board", "board", host_open_board}};
    struct host_opts o;
    FILE *sink = fopen("/dev/null", "w");
    char a0[] = "h", a1[] = "--epochs=5", a2[] = "--train", a3[] = "f.csv", a4[] = "--seed",
         a5[] = "9", bad1[] = "--epochs", bad2[] = "0", bad3[] = "--split", bad4[] = "1",
         bad5[] = "--frobnicate", dv[] = "--device", dvv[] = "verilator";
    char *ok_args[] = {a0, a1, a2, a3, a4, a5};
    CHECK(host_parse_args(6, ok_args, &m, devs, 1, &o, sink, sink) == 0);
    CHECK(o.epochs == 5 && strcmp(o.train, "f.csv") == 0 && o.seed == 9 && o.split == 0.2);
    char *e1[] = {a0, a2, a3, bad1, bad2};
    CHECK(host_parse_args(5, e1, &m, devs, 1, &o, sink, sink) == 2);
    char *e2[] = {a0, a2, a3, bad3, bad4};
    CHECK(host_parse_args(5, e2, &m, devs, 1, &o, sink, sink) == 2);
    char *e3[] = {a0, bad5};
    CHECK(host_parse_args(2, e3, &m, devs, 1, &o, sink, sink) == 2);
    char *e4[] = {a0};   /* no --train and no built-in data */
    CHECK(host_parse_args(1, e4, &m, devs, 1, &o, sink, sink) == 2);
    char *e5[] = {a0, a2, a3, dv, dvv};
    CHECK(host_parse_args(5, e5, &m, devs, 1, &o, sink, sink) == 2);
    char bd[] = "--device=board:/dev/ttyX@9600";
    char *e6[] = {a0, a2, a3, bd};
    CHECK(host_parse_args(4, e6, &m, devs, 2, &o, sink, sink) == 0 &&
          strcmp(o.device, "board") == 0 && strcmp(o.device_arg, "/dev/ttyX@9600") == 0);
    char *e7[] = {a0, a2, a3, dv, a0};   /* --device h: no such device */
    CHECK(host_parse_args(5, e7, &m, devs, 2, &o, sink, sink) == 2);
    m.builtin = HOST_BUILTIN_XOR;
    CHECK(host_parse_args(1, e4, &m, devs, 1, &o, sink, sink) == 0 && o.epochs == 10);
    fclose(sink);
    remove(p1);
    remove(p2);
    if (failures == 0)
        printf("host_labels_targets: all cases hold\n");
    return failures ? 1 : 0;
}
