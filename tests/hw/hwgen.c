/* hwgen: writes the hardware project (emit_rtl_net) of a preset or seeded
 * random network, without the parser: the hardware tests build their nets
 * from runtime/init.h specs so they run before and beside the compiler.
 *   hwgen xor DIR | hwgen digits [PES] DIR | hwgen random SEED [PES] DIR
 *   hwgen desc FILE.desc DIR   (through the parser, checker and emit_rtl)
 * (the directory comes last; random with PES: every layer gets
 * min(PES, outputs)) */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "data.h"
#include "diag.h"
#include "emit_rtl.h"
#include "init.h"
#include "out.h"
#include "parse.h"

static struct fx_format fmt(int w, int i, enum fx_round r, enum fx_overflow o)
{
    struct fx_format f = {w, i, r, o};
    return f;
}

static int hwgen_write(const struct mlp_net *net, const int *pes, const char *dir)
{
    struct diag d;
    diag_init(&d, stderr);
    struct out o;
    if (out_begin(&o, dir, &d) != 0)
        return 1;
    if (emit_rtl_net(net, pes, MLPGEN_SOURCE_DIR, &o, &d) != 0) {
        out_abort(&o);
        return 1;
    }
    return out_commit(&o) == 0 ? 0 : 1;
}

/* A random dense net from the seed: 1-3 layers, widths 1-16, every
 * activation and loss, batch 1/2/5/16, formats 8-24 bits, every rounding
 * and overflow mode, random PEs. */
static int hwgen_random(uint64_t seed, const char *dir, int pes_all)
{
    uint64_t key = data_rng_key(seed, 99, 0), c = 0;
#define R(n) ((int)data_rng_uniform(key, &c, (uint64_t)(n)))
    struct init_layer_spec ls[4];
    int L = 1 + R(3);
    int loss = R(4);   /* 0 mse, 1 softmax ce, 2 bce, 3 hinge */
    static const enum mlp_act hidden[] = {MLP_LINEAR, MLP_SIGMOID, MLP_TANH, MLP_RELU,
                                          MLP_LEAKY_RELU, MLP_ELU};
    int pes[4];
    for (int l = 0; l < L; l++) {
        ls[l].n_out = 1 + R(16);
        ls[l].act = hidden[R(6)];
        ls[l].param = 0;
        ls[l].bias = R(4) != 0;
        pes[l] = 1 + R(ls[l].n_out);
    }
    struct init_layer_spec *last = &ls[L - 1];
    switch (loss) {
    case 0: if (last->act == MLP_LINEAR) last->act = MLP_SIGMOID; break;
    case 1: last->act = MLP_SOFTMAX; if (last->n_out < 2) last->n_out = 2; break;
    case 2: last->act = MLP_SIGMOID; last->n_out = 1; break;
    default: last->act = R(2) ? MLP_TANH : MLP_LINEAR; last->n_out = 1; break;
    }
    if (pes[L - 1] > last->n_out) pes[L - 1] = last->n_out;
    for (int l = 0; pes_all > 0 && l < L; l++)
        pes[l] = pes_all < ls[l].n_out ? pes_all : ls[l].n_out;
    static const int batches[] = {1, 2, 5, 16};
    struct init_spec s;
    memset(&s, 0, sizeof s);
    char name[32];
    snprintf(name, sizeof name, "rnd%llu", (unsigned long long)seed);
    s.name = name;
    s.n_in = 1 + R(16);
    s.n_layers = L;
    s.layers = ls;
    s.loss = loss == 0 ? MLP_MSE : loss == 3 ? MLP_HINGE : MLP_CROSS_ENTROPY;
    s.lr = 0.05 + 0.01 * R(40);
    s.momentum = R(2) ? 0.9 : 0.0;
    s.nesterov = s.momentum > 0 && R(2);
    s.weight_decay = R(2) ? 0.001 : 0.0;
    s.batch = batches[R(4)];
    enum fx_round rw = (enum fx_round)R(4), ra = (enum fx_round)R(4), rg = (enum fx_round)R(4);
    enum fx_overflow ow = (enum fx_overflow)(R(4) == 0), oa = (enum fx_overflow)(R(4) == 0);
    int ww = 8 + R(17), wa = 8 + R(17), wg = 8 + R(17);
    s.weights = fmt(ww, 3 + R(3), rw, ow);
    s.activations = fmt(wa, 3 + R(3), ra, oa);
    s.gradients = fmt(wg, R(3), rg, FX_SAT);
    s.state = fmt(ww, 3 + R(3), (enum fx_round)R(4), FX_SAT);
    s.init = INIT_XAVIER;
    s.seed = (uint32_t)seed;
#undef R
    struct init_net *n = init_net_new(&s);
    if (!n) {
        fprintf(stderr, "hwgen: cannot build random net %llu\n", (unsigned long long)seed);
        return 1;
    }
    int rc = hwgen_write(&n->net, pes, dir);
    init_net_free(n);
    return rc;
}

/* The compiler's path: parse, check (and plan), then emit_rtl from the IR. */
static int hwgen_desc(const char *path, const char *dir)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "hwgen: cannot read %s\n", path);
        return 1;
    }
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    struct diag d;
    diag_init(&d, stderr);
    diag_set_source(&d, path, text, len);
    struct arena a = {0};
    int rc = 1;
    struct ast_net *ast = parse_net(&a, &d, text, len);
    struct ir_net *net = ast ? check_net(&a, &d, ast, path) : NULL;
    if (net && d.errors == 0) {
        struct out o;
        if (out_begin(&o, dir, &d) == 0) {
            if (emit_rtl(net, &o, &d) == 0)
                rc = out_commit(&o) == 0 ? 0 : 1;
            else
                out_abort(&o);
        }
    }
    arena_free(&a);
    diag_free(&d);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "desc") == 0)
        return hwgen_desc(argv[2], argv[argc - 1]);
    if (argc >= 3 && strcmp(argv[1], "xorsat") == 0) {
        /* XOR in narrow formats that saturate and wrap: exercises the counters */
        struct init_layer_spec ls[2] = {{3, MLP_TANH, 0, 1}, {1, MLP_SIGMOID, 0, 1}};
        struct init_spec s;
        memset(&s, 0, sizeof s);
        s.name = "xorsat";
        s.n_in = 2;
        s.n_layers = 2;
        s.layers = ls;
        s.loss = MLP_MSE;
        s.lr = 4.0;
        s.momentum = 0.5;
        s.batch = 2;
        s.weights = fmt(10, 2, FX_STOCHASTIC, FX_WRAP);
        s.activations = fmt(8, 2, FX_RND_CONV, FX_SAT);
        s.gradients = fmt(8, 0, FX_RND, FX_SAT);
        s.state = fmt(8, 1, FX_TRN, FX_SAT);
        s.init = INIT_NORMAL;
        s.init_scale = 1.5;
        s.seed = 3;
        struct init_net *n = init_net_new(&s);
        int pes[2] = {2, 1};
        int rc = n ? hwgen_write(&n->net, pes, argv[argc - 1]) : 1;
        init_net_free(n);
        return rc;
    }
    if (argc >= 3 && strcmp(argv[1], "xor") == 0) {
        struct init_layer_spec ls[2] = {{2, MLP_SIGMOID, 0, 1}, {1, MLP_SIGMOID, 0, 1}};
        struct init_spec s;
        memset(&s, 0, sizeof s);
        s.name = "xor";
        s.n_in = 2;
        s.n_layers = 2;
        s.layers = ls;
        s.loss = MLP_MSE;
        s.lr = 1.0;
        s.batch = 1;
        s.weights = fmt(16, 5, FX_RND_CONV, FX_SAT);
        s.activations = fmt(16, 4, FX_RND_CONV, FX_SAT);
        s.gradients = fmt(16, 2, FX_RND_CONV, FX_SAT);
        s.state = s.weights;
        s.init = INIT_NORMAL;
        s.init_scale = 0.5;
        s.seed = 7;
        struct init_net *n = init_net_new(&s);
        int pes[2] = {1, 1};
        int rc = n ? hwgen_write(&n->net, pes, argv[argc - 1]) : 1;
        init_net_free(n);
        return rc;
    }
    if (argc >= 3 && strcmp(argv[1], "digits") == 0) {
        struct init_layer_spec ls[2] = {{32, MLP_RELU, 0, 1}, {10, MLP_SOFTMAX, 0, 1}};
        struct init_spec s;
        memset(&s, 0, sizeof s);
        s.name = "digits";
        s.n_in = 64;
        s.n_layers = 2;
        s.layers = ls;
        s.loss = MLP_CROSS_ENTROPY;
        s.lr = 0.05;
        s.momentum = 0.9;
        s.batch = 16;
        s.weights = fmt(16, 4, FX_STOCHASTIC, FX_SAT);
        s.activations = fmt(16, 6, FX_RND_CONV, FX_SAT);
        s.gradients = fmt(16, 0, FX_RND_CONV, FX_SAT);
        s.state = s.weights;
        s.init = INIT_HE;
        s.seed = 1;
        struct init_net *n = init_net_new(&s);
        int p = argc >= 4 ? atoi(argv[2]) : 8;
        int pes[2] = {p * 32 / 42 > 0 ? p * 32 / 42 : 1, p - p * 32 / 42 > 0 ? p - p * 32 / 42 : 1};
        int rc = n ? hwgen_write(&n->net, pes, argv[argc - 1]) : 1;
        init_net_free(n);
        return rc;
    }
    if (argc >= 4 && strcmp(argv[1], "random") == 0)
        return hwgen_random(strtoull(argv[2], NULL, 10), argv[argc - 1], argc >= 5 ? atoi(argv[3]) : 0);
    fprintf(stderr, "usage: hwgen xor DIR | hwgen digits [PES] DIR | hwgen random SEED [PES] DIR\n");
    return 2;
}
