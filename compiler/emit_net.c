/* emit_net.c: IR -> struct mlp_net (emit_net.h). The runtime's builder
 * (init_net_new) computes the tables; the settings it does not take from
 * init_spec (per-layer init kinds as the checker resolved them, the
 * accumulator format) are applied here. */
#include "emit_net.h"

#include <stdlib.h>
#include <string.h>

#include "ref_train.h"

static struct fx_format emit_net_fmt(struct ir_format f)
{
    static const enum fx_round rounds[] = {FX_TRN, FX_RND, FX_RND_CONV, FX_STOCHASTIC};
    struct fx_format x = {f.width, f.int_bits, rounds[f.round], f.ovf == IR_OVF_SAT ? FX_SAT : FX_WRAP};
    return x;
}

static enum mlp_act emit_net_act(enum ir_act a)
{
    switch (a) {
    case IR_ACT_LINEAR: return MLP_LINEAR;
    case IR_ACT_SIGMOID: return MLP_SIGMOID;
    case IR_ACT_TANH: return MLP_TANH;
    case IR_ACT_RELU: return MLP_RELU;
    case IR_ACT_LEAKY_RELU: return MLP_LEAKY_RELU;
    case IR_ACT_ELU: return MLP_ELU;
    case IR_ACT_SOFTMAX: return MLP_SOFTMAX;
    }
    return MLP_LINEAR;
}

static enum init_kind emit_net_init(enum ir_init_kind k)
{
    switch (k) {
    case IR_INIT_NORMAL: return INIT_NORMAL;
    case IR_INIT_UNIFORM: return INIT_UNIFORM;
    case IR_INIT_XAVIER: return INIT_XAVIER;
    case IR_INIT_HE: return INIT_HE;
    }
    return INIT_XAVIER;
}

void emit_net_free(struct emit_net *n)
{
    init_net_free(n->net);
    free(n->pes);
    free(n->cols);
    free(n->mem_sp);
    n->net = NULL;
    n->pes = NULL;
    n->cols = NULL;
    n->mem_sp = NULL;
}

/* The generated host ships every initial weight as a C initializer; beyond
 * this many (a source file of about 120 MB) the tables are not emitted. */
#define EMIT_NET_MAX_WEIGHTS (INT64_C(1) << 24)

int emit_net_build(const struct ir_net *ir, struct emit_net *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    int64_t weights = 0;
    for (int l = 0; l < ir->n_layers; l++)
        weights += ir->layers[l].n_weights;
    if (weights > EMIT_NET_MAX_WEIGHTS) {
        diag_error_noloc(d, "network '%s' has %lld weights; the generated tables hold at most "
                            "%lld (an implementation limit)",
                         ir->name, (long long)weights, (long long)EMIT_NET_MAX_WEIGHTS);
        return -1;
    }
    int n = ir->n_layers;
    if (n < 1) {
        diag_error_noloc(d, "network '%s' has no layer", ir->name);
        return -1;
    }
    struct init_layer_spec *ls = calloc((size_t)n, sizeof *ls);
    enum init_kind *kinds = calloc((size_t)n, sizeof *kinds); /* as the checker resolved them */
    out->pes = calloc((size_t)n, sizeof *out->pes);
    out->cols = calloc((size_t)n, sizeof *out->cols);
    out->mem_sp = calloc((size_t)n, sizeof *out->mem_sp);
    if (!ls || !kinds || !out->pes || !out->cols || !out->mem_sp) {
        free(ls);
        free(kinds);
        emit_net_free(out);
        diag_error_noloc(d, "out of memory");
        return -1;
    }
    for (int l = 0; l < n; l++) {
        const struct ir_layer *ly = &ir->layers[l];
        if (ly->kind != IR_DENSE) {
            free(ls);
            free(kinds);
            emit_net_free(out);
            diag_error_noloc(d, "the back end supports dense layers only (layer %d is %s)", l,
                             ir_layer_kind_name(ly->kind));
            return -1;
        }
        ls[l].n_out = ly->n_out;
        ls[l].act = emit_net_act(ly->act);
        ls[l].param = ly->act_param;
        ls[l].bias = ly->bias ? 1 : 0;
        kinds[l] = emit_net_init(ly->init);
        out->pes[l] = ly->pe_rows > 0 ? ly->pe_rows : ly->pes > 0 ? ly->pes : 1;
        out->cols[l] = ly->pe_cols > 0 ? ly->pe_cols : 1;
        out->mem_sp[l] = ly->mem_sp;
    }
    struct init_spec s;
    memset(&s, 0, sizeof s);
    s.name = ir->name;
    s.n_in = ir->layers[0].n_in;
    s.n_layers = n;
    s.layers = ls;
    s.loss = ir->loss == IR_LOSS_MSE ? MLP_MSE
           : ir->loss == IR_LOSS_CROSS_ENTROPY ? MLP_CROSS_ENTROPY : MLP_HINGE;
    s.lr = ir->opt.lr;
    s.momentum = ir->opt.momentum;
    s.weight_decay = ir->opt.weight_decay;
    s.nesterov = ir->opt.nesterov ? 1 : 0;
    s.batch = ir->batch;
    s.weights = emit_net_fmt(ir->prec.weights);
    s.activations = emit_net_fmt(ir->prec.activations);
    s.gradients = emit_net_fmt(ir->prec.gradients);
    s.state = emit_net_fmt(ir->prec.state);
    s.init = emit_net_init(ir->init.kind);
    s.init_scale = ir->init.kind == IR_INIT_UNIFORM ? ir->init.limit : ir->init.std;
    s.seed = ir->init.seed;
    s.layer_init = kinds;
    out->net = init_net_new(&s);
    free(ls);
    free(kinds);
    if (!out->net) {
        emit_net_free(out);
        diag_error_noloc(d, "cannot build the network tables (an activation table the "
                            "runtime cannot plan for this activation format)");
        return -1;
    }
    struct mlp_net *net = &out->net->net;
    /* An explicit accumulator format at least as wide as every layer's exact
     * forward sum, with its fractional bits, never saturates or rounds: the
     * bits are those of accumulators=auto, and the tables say so (the
     * hardware back end builds exact accumulators only). A narrower one
     * stays explicit. */
    net->acc = emit_net_fmt(ir->prec.accumulators);
    int acc_exact = fx_frac(net->acc) == fx_frac(net->weights) + fx_frac(net->activations);
    for (int l = 0; l < n; l++)
        acc_exact = acc_exact && ir->prec.accumulators.width >= ir->layers[l].acc_width;
    net->acc_auto = ir->prec.acc_auto || acc_exact ? 1 : 0;
    const char *why = ref_unsupported(net);
    if (why) {
        emit_net_free(out);
        diag_error_noloc(d, "the reference trainer cannot train network '%s': %s", ir->name, why);
        return -1;
    }
    return 0;
}
