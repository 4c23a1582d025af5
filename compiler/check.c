/* check.c: the checker (check.h). It walks the syntax tree once, in the
 * order of docs/net-desc.md "Rules the checker enforces": names, ranges,
 * shapes through every layer, activations, settings, the pes budget; fills
 * in the defaults; builds the IR; plans the multiply units; and only when
 * all of that is clean, rejects what the back end cannot build yet, from
 * the one table check_features below. */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fx.h"
#include "hw_core.h"   /* HW_MAX_LAYERS: the training core's layer limit */
#include "plan.h"

/* ---- what the back end implements -------------------------------------- */

/* Later issues flip `supported` as the back end grows. */
enum check_feature {
    FEAT_CONV,
    FEAT_MAXPOOL,
    FEAT_AVGPOOL,
    FEAT_FLATTEN,
    FEAT_DROPOUT,
    FEAT_BATCHNORM,
    FEAT_OPT_RMSPROP,
    FEAT_OPT_ADAM,
    FEAT_SCHED_STEP,
    FEAT_SCHED_COSINE,
    FEAT_SCHED_LINEAR,
    FEAT_SCHED_INV_SQRT,
    FEAT_NORM_STANDARDIZE,
    FEAT_FORMAT_WIDER_THAN_32,   /* weights, activations, gradients, state */
    FEAT_FORMAT_FRAC_OUTSIDE_0_32, /* W - I < 0 or > 32 */
    FEAT_ACC_NARROWER_THAN_EXACT,/* an explicit accumulators= narrower than the exact
                                    sum, or with other fractional bits than F_w + F_a */
    FEAT_ACC_WIDER_THAN_62,      /* an accumulator beyond 62 bits */
    FEAT_MANY_LAYERS,            /* more layers than the core's HW_MAX_LAYERS */
    FEAT_WIDE_LAYER,             /* more than 65536 outputs in a layer */
    FEAT_CE_SIGMOID_BETA,        /* binary cross-entropy after sigmoid beta != 1 */
    FEAT_SOFTMAX_WITHOUT_CE,     /* softmax with a loss other than cross_entropy */
    FEAT_COUNT
};

static const struct {
    const char *name;
    bool supported;
} check_features[FEAT_COUNT] = {
    [FEAT_CONV] = { "'conv'", false },
    [FEAT_MAXPOOL] = { "'maxpool'", false },
    [FEAT_AVGPOOL] = { "'avgpool'", false },
    [FEAT_FLATTEN] = { "'flatten'", false },
    [FEAT_DROPOUT] = { "'dropout'", false },
    [FEAT_BATCHNORM] = { "'batchnorm'", false },
    [FEAT_OPT_RMSPROP] = { "'optimizer rmsprop'", false },
    [FEAT_OPT_ADAM] = { "'optimizer adam'", false },
    [FEAT_SCHED_STEP] = { "'schedule step'", false },
    [FEAT_SCHED_COSINE] = { "'schedule cosine'", false },
    [FEAT_SCHED_LINEAR] = { "'schedule linear'", false },
    [FEAT_SCHED_INV_SQRT] = { "'schedule inv_sqrt'", false },
    [FEAT_NORM_STANDARDIZE] = { "'normalize standardize'", false },
    [FEAT_FORMAT_WIDER_THAN_32] = { "a fixed-point format wider than 32 bits", false },
    [FEAT_FORMAT_FRAC_OUTSIDE_0_32] = { "a fixed-point format with fractional bits outside [0, 32]", false },
    [FEAT_ACC_NARROWER_THAN_EXACT] = { "an accumulator format other than the exact sum's", false },
    [FEAT_ACC_WIDER_THAN_62] = { "an accumulator wider than 62 bits", false },
    [FEAT_MANY_LAYERS] = { "a network of more layers than the training core holds", false },
    [FEAT_WIDE_LAYER] = { "a layer with more than 65536 outputs", false },
    [FEAT_CE_SIGMOID_BETA] = { "loss cross_entropy after a sigmoid with beta other than 1", false },
    [FEAT_SOFTMAX_WITHOUT_CE] = { "a softmax last layer with a loss other than cross_entropy", false },
};

enum { CHECK_MAX_ACC_BITS = 62, CHECK_MAX_FORMAT_BITS = 32 };
#define CHECK_MAX_COUNT 1125899906842624.0 /* 2^50 */

struct checker {
    struct arena *a;
    struct diag *d;
    const struct ast_net *ast;
    struct ir_net *net;
    int unsupported;     /* not-supported errors reported */
};

static void check_unsupported(struct checker *c, enum check_feature f, struct loc at, const char *detail)
{
    if (check_features[f].supported)
        return;
    c->unsupported++;
    if (detail && *detail)
        diag_error(c->d, at, "%s is not supported yet (%s)", check_features[f].name, detail);
    else
        diag_error(c->d, at, "%s is not supported yet", check_features[f].name);
}

/* ---- ranges ------------------------------------------------------------- */

/* integer >= min */
static bool check_int_min(struct checker *c, const struct ast_val *v, const char *name, int64_t min)
{
    if (!v->given || v->i >= min)
        return true;
    diag_error(c->d, v->at, "%s must be >= %lld, got %s", name, (long long)min, v->text);
    return false;
}

enum check_bound { OPEN, CLOSED, NONE };

/* decimal in a range: lo (open/closed/none) .. hi (open/closed/none) */
static bool check_range(struct checker *c, const struct ast_val *v, const char *name,
                        enum check_bound lo_kind, double lo, enum check_bound hi_kind, double hi)
{
    if (!v->given)
        return true;
    double x = v->d;
    bool ok = true;
    if (lo_kind == OPEN && !(x > lo)) ok = false;
    if (lo_kind == CLOSED && !(x >= lo)) ok = false;
    if (hi_kind == OPEN && !(x < hi)) ok = false;
    if (hi_kind == CLOSED && !(x <= hi)) ok = false;
    if (ok)
        return true;
    if (hi_kind == NONE)
        diag_error(c->d, v->at, "%s must be %s %g, got %s", name, lo_kind == OPEN ? ">" : ">=", lo, v->text);
    else
        diag_error(c->d, v->at, "%s must be in %c%g, %g%c, got %s", name, lo_kind == OPEN ? '(' : '[', lo, hi,
                   hi_kind == OPEN ? ')' : ']', v->text);
    return false;
}

/* A hyperparameter the hardware holds as an unsigned constant with 24
 * fractional bits (docs/numerics.md section 7; fx_const24 is the one
 * definition): warn when that moves it by more than 1 %. */
static void check_hyper(struct checker *c, const struct ast_val *v, const char *name)
{
    if (!v->given || fx_const24_error(v->d) <= 0.01)
        return;
    diag_warning(c->d, v->at, "%s=%s becomes %.10g in fixed point (24 fractional bits), off by %.3g%%",
                 name, v->text, ldexp((double)fx_const24(v->d), -24), 100.0 * fx_const24_error(v->d));
}

/* leaky_relu alpha is held with 16 fractional bits (numerics.md section 4) */
static void check_alpha16(struct checker *c, const struct ast_val *v)
{
    if (!v->given || v->d == 0)
        return;
    double q = nearbyint(ldexp(v->d, 16));
    double err = fabs(ldexp(q, -16) - v->d) / v->d;
    if (err > 0.01)
        diag_warning(c->d, v->at, "alpha=%s becomes %.10g in fixed point (16 fractional bits), off by %.3g%%",
                     v->text, ldexp(q, -16), 100.0 * err);
}

/* ---- names -------------------------------------------------------------- */

static const char *check_basename(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* NAME = [A-Za-z_][A-Za-z0-9_]*, at most 64 characters; the identifier the
 * back ends use is "mlp_" + NAME, which no C or Verilog keyword starts with. */
static void check_name(struct checker *c)
{
    const struct ast_val *v = &c->ast->name;
    size_t n = strlen(v->text);
    if (n > 64)
        diag_error(c->d, v->at, "network name is %zu characters long (at most 64)", n);
    c->net->name = v->text;
    size_t len = n + 5;
    char *id = arena_alloc(c->a, len);
    snprintf(id, len, "mlp_%s", v->text);
    c->net->ident = id;
}

/* ---- shapes and layers ---------------------------------------------------- */

static int64_t check_shape_n(struct ir_shape s)
{
    return (int64_t)s.c * s.h * s.w;
}

static const char *check_shape_str(struct checker *c, struct ir_shape s)
{
    char buf[80];
    if (s.flat)
        snprintf(buf, sizeof buf, "%d", s.c);
    else
        snprintf(buf, sizeof buf, "%dx%dx%d", s.c, s.h, s.w);
    return arena_strdup(c->a, buf);
}

static bool check_input(struct checker *c)
{
    const struct ast_val *v = &c->ast->in_shape;
    struct ir_shape *s = &c->net->input;
    if (!v->is_shape) {
        if (v->i < 1) {
            diag_error(c->d, v->at, "input size must be >= 1, got %s", v->text);
            return false;
        }
        s->c = (int)v->i, s->h = s->w = 1, s->flat = true;
        return true;
    }
    for (int k = 0; k < 3; k++) {
        if (v->shape[k] < 1) {
            diag_error(c->d, v->at, "shape dimensions must be >= 1, got %s", v->text);
            return false;
        }
        if (v->shape[k] > 2147483647) {
            diag_error(c->d, v->at, "shape dimension out of range in %s (at most 2147483647)", v->text);
            return false;
        }
    }
    if (v->shape[0] * v->shape[1] > 2147483647 || v->shape[0] * v->shape[1] * v->shape[2] > 2147483647) {
        diag_error(c->d, v->at, "input shape %s has more than 2147483647 elements", v->text);
        return false;
    }
    s->c = (int)v->shape[0], s->h = (int)v->shape[1], s->w = (int)v->shape[2], s->flat = false;
    return true;
}

static bool check_act_takes_beta(enum ir_act a) { return a == IR_ACT_SIGMOID; }
static bool check_act_takes_alpha(enum ir_act a) { return a == IR_ACT_LEAKY_RELU || a == IR_ACT_ELU; }

/* activation, beta=, alpha= of a dense or conv layer */
static bool check_activation(struct checker *c, const struct ast_layer *al, struct ir_layer *l, bool last)
{
    bool ok = true;
    l->act = al->act.given ? (enum ir_act)al->act.e : IR_ACT_LINEAR;
    if (l->act == IR_ACT_SOFTMAX && !last) {
        diag_error(c->d, al->act.at, "softmax is allowed on the last layer only");
        ok = false;
    }
    if (al->beta.given && !check_act_takes_beta(l->act)) {
        diag_error(c->d, al->beta.key, "'beta' applies to activation=sigmoid only (this layer has %s)", ir_act_name(l->act));
        ok = false;
    }
    if (al->alpha.given && !check_act_takes_alpha(l->act)) {
        diag_error(c->d, al->alpha.key, "'alpha' applies to activation=leaky_relu or elu only (this layer has %s)",
                   ir_act_name(l->act));
        ok = false;
    }
    if (!ok)
        return false;
    switch (l->act) {
    case IR_ACT_SIGMOID:
        l->act_param = 1.0;
        if (al->beta.given) {
            ok = check_range(c, &al->beta, "beta", OPEN, 0, NONE, 0);
            l->act_param = al->beta.d;
        }
        break;
    case IR_ACT_LEAKY_RELU:
        l->act_param = 0.01;
        if (al->alpha.given) {
            ok = check_range(c, &al->alpha, "leaky_relu alpha", CLOSED, 0, OPEN, 1);
            if (ok)
                check_alpha16(c, &al->alpha);
            l->act_param = al->alpha.d;
        }
        break;
    case IR_ACT_ELU:
        l->act_param = 1.0;
        if (al->alpha.given) {
            ok = check_range(c, &al->alpha, "elu alpha", OPEN, 0, NONE, 0);
            l->act_param = al->alpha.d;
        }
        break;
    default:
        l->act_param = 0;
        break;
    }
    return ok;
}

/* output size of a window: floor((H + 2 pad - K) / S) + 1, or -1 if it does not fit */
static int64_t check_window(int64_t h, int64_t pad, int64_t k, int64_t s)
{
    if (h + 2 * pad < k)
        return -1;
    return (h + 2 * pad - k) / s + 1;
}

static bool check_parallel(struct checker *c, const struct ast_layer *al, struct ir_layer *l)
{
    if (!al->parallel.given)
        return true;
    if (!check_int_min(c, &al->parallel, "parallel", 1))
        return false;
    l->parallel = (int)al->parallel.i;
    int outputs = l->kind == IR_CONV ? l->filters : l->n_out;
    if (l->parallel > outputs)
        diag_warning(c->d, al->parallel.at, "parallel=%d is larger than the layer's %d outputs: %d units stay idle",
                     l->parallel, outputs, l->parallel - outputs);
    return true;
}

/* The weight and bias count, fan-in of one MAC layer. */
static void check_counts(struct ir_layer *l)
{
    if (l->kind == IR_DENSE) {
        l->fan_in = l->n_in;
        l->n_weights = (int64_t)l->n_in * l->n_out;
        l->n_biases = l->bias ? l->n_out : 0;
    } else {
        int64_t fan = (int64_t)l->in.c * l->kernel * l->kernel;  /* <= 2^31-1, checked */
        l->fan_in = (int)fan;
        l->n_weights = (int64_t)l->filters * fan;
        l->n_biases = l->bias ? l->filters : 0;
    }
}

/* One layer: its output shape from its input shape. Returns false when the
 * shape could not be computed (the layers after it are not checked). */
static bool check_layer(struct checker *c, const struct ast_layer *al, struct ir_layer *l,
                        struct ir_shape in, bool last)
{
    const char *kw = ir_layer_kind_name(al->kind);
    l->kind = al->kind;
    l->line = al->kw.line;
    l->in = in;
    l->n_in = (int)check_shape_n(in);
    l->bias = true;
    bool ok = true;
    switch (al->kind) {
    case IR_DENSE:
        if (!check_int_min(c, &al->size, "layer size", 1))
            return false;
        if (!in.flat) {
            diag_error(c->d, al->kw, "dense needs a flat input, got %s (add 'flatten' before it)", check_shape_str(c, in));
            return false;
        }
        l->out.c = (int)al->size.i, l->out.h = l->out.w = 1, l->out.flat = true;
        l->n_out = l->out.c;
        if (al->bias.given)
            l->bias = al->bias.e != 0;
        /* activation and parallel errors leave the shapes intact: report
         * them and walk on (check_net sees the error count) */
        check_activation(c, al, l, last);
        check_parallel(c, al, l);
        check_counts(l);
        return true;
    case IR_CONV: {
        ok = check_int_min(c, &al->size, "filter count", 1);
        ok = check_int_min(c, &al->kernel, "kernel", 1) && ok;
        ok = check_int_min(c, &al->stride, "stride", 1) && ok;
        ok = check_int_min(c, &al->pad, "pad", 0) && ok;
        if (!ok)
            return false;
        if (in.flat) {
            diag_error(c->d, al->kw, "conv needs a CxHxW input, got the flat %s", check_shape_str(c, in));
            return false;
        }
        l->filters = (int)al->size.i;
        l->kernel = (int)al->kernel.i;
        l->stride = al->stride.given ? (int)al->stride.i : 1;
        l->pad = al->pad.given ? (int)al->pad.i : 0;
        int64_t ho = check_window(in.h, l->pad, l->kernel, l->stride);
        int64_t wo = check_window(in.w, l->pad, l->kernel, l->stride);
        if (ho < 1 || wo < 1) {
            diag_error(c->d, al->kernel.at, "kernel %d does not fit the %s input (pad %d)", l->kernel,
                       check_shape_str(c, in), l->pad);
            return false;
        }
        if ((double)in.c * l->kernel * l->kernel > 2147483647.0) {
            diag_error(c->d, al->kernel.at, "kernel volume %dx%dx%d has more than 2147483647 weights "
                       "(implementation limit)", in.c, l->kernel, l->kernel);
            return false;
        }
        if ((double)l->filters * (double)ho * (double)wo > 2147483647.0) {
            diag_error(c->d, al->size.at, "conv output %lldx%lldx%lld has more than 2147483647 elements",
                       (long long)l->filters, (long long)ho, (long long)wo);
            return false;
        }
        l->out.c = l->filters, l->out.h = (int)ho, l->out.w = (int)wo, l->out.flat = false;
        l->n_out = (int)check_shape_n(l->out);
        check_activation(c, al, l, last);
        check_parallel(c, al, l);
        check_counts(l);
        return true;
    }
    case IR_MAXPOOL:
    case IR_AVGPOOL: {
        ok = check_int_min(c, &al->size, "window size", 1);
        ok = check_int_min(c, &al->stride, "stride", 1) && ok;
        if (!ok)
            return false;
        if (in.flat) {
            diag_error(c->d, al->kw, "%s needs a CxHxW input, got the flat %s", kw, check_shape_str(c, in));
            return false;
        }
        l->kernel = (int)al->size.i;
        l->stride = al->stride.given ? (int)al->stride.i : l->kernel;
        l->bias = false;
        int64_t ho = check_window(in.h, 0, l->kernel, l->stride);
        int64_t wo = check_window(in.w, 0, l->kernel, l->stride);
        if (ho < 1 || wo < 1) {
            diag_error(c->d, al->size.at, "window %d does not fit the %s input", l->kernel, check_shape_str(c, in));
            return false;
        }
        l->out.c = in.c, l->out.h = (int)ho, l->out.w = (int)wo, l->out.flat = false;
        l->n_out = (int)check_shape_n(l->out);
        return true;
    }
    case IR_FLATTEN:
        l->bias = false;
        if (in.flat) {
            diag_error(c->d, al->kw, "flatten of the flat input %s (it is flat already)", check_shape_str(c, in));
            return false;
        }
        l->out.c = l->n_in, l->out.h = l->out.w = 1, l->out.flat = true;
        l->n_out = l->n_in;
        return true;
    case IR_DROPOUT:
        l->bias = false;
        l->out = in;
        l->n_out = l->n_in;
        if (!check_range(c, &al->rate, "dropout rate", CLOSED, 0, OPEN, 1))
            return false;
        check_hyper(c, &al->rate, "rate");
        l->rate = al->rate.d;
        return true;
    case IR_BATCHNORM:
        l->out = in;
        l->n_out = l->n_in;
        ok = check_range(c, &al->momentum, "batchnorm momentum", OPEN, 0, OPEN, 1);
        ok = check_range(c, &al->eps, "eps", OPEN, 0, NONE, 0) && ok;
        if (!ok)
            return false;
        check_hyper(c, &al->momentum, "momentum");
        check_hyper(c, &al->eps, "eps");
        l->bn_momentum = al->momentum.given ? al->momentum.d : 0.1;
        l->bn_eps = al->eps.given ? al->eps.d : 1e-5;
        /* scale and shift per channel (per feature when flat: c = n) */
        l->n_weights = in.c;
        l->n_biases = l->n_weights;
        return true;
    }
    return false;
}

static bool check_layers(struct checker *c)
{
    struct ir_net *net = c->net;
    net->n_layers = c->ast->n_layers;
    net->layers = arena_alloc(c->a, (size_t)net->n_layers * sizeof *net->layers);
    struct ir_shape cur = net->input;
    int i = 0;
    bool ok = true;
    double params = 0, macs = 0;
    for (const struct ast_layer *al = c->ast->layers; al; al = al->next, i++) {
        if (!check_layer(c, al, &net->layers[i], cur, al->next == NULL)) {
            ok = false;
            break;   /* the shapes after a broken layer mean nothing */
        }
        /* keeps every count and sum of the IR far inside int64_t */
        params += (double)net->layers[i].n_weights + (double)net->layers[i].n_biases;
        macs += (double)ir_layer_macs(&net->layers[i]);
        if (params > CHECK_MAX_COUNT || macs > CHECK_MAX_COUNT) {
            diag_error(c->d, al->kw, "the network has more than 2^50 %s up to this layer (implementation limit)",
                       params > CHECK_MAX_COUNT ? "parameters" : "multiplies per sample");
            ok = false;
            break;
        }
        cur = net->layers[i].out;
        if (diag_stopped(c->d))
            return false;
    }
    return ok;
}

/* ---- settings --------------------------------------------------------- */

static bool check_loss(struct checker *c)
{
    const struct ast_net *a = c->ast;
    struct ir_net *net = c->net;
    const struct ir_layer *last = &net->layers[net->n_layers - 1];
    bool has_act = last->kind == IR_DENSE || last->kind == IR_CONV;
    enum ir_act act = has_act ? last->act : IR_ACT_LINEAR;
    if (!a->loss.given) {
        net->loss = act == IR_ACT_SOFTMAX ? IR_LOSS_CROSS_ENTROPY : IR_LOSS_MSE;
        return true;
    }
    net->loss = (enum ir_loss)a->loss.kind.e;
    if (net->loss == IR_LOSS_CROSS_ENTROPY) {
        if (act == IR_ACT_SOFTMAX || (act == IR_ACT_SIGMOID && last->n_out == 1))
            return true;
        diag_error(c->d, a->loss.kind.at,
                   "loss cross_entropy needs a softmax last layer or a one-unit sigmoid last layer "
                   "(the last layer is %s with %d output%s)",
                   has_act ? ir_act_name(act) : ir_layer_kind_name(last->kind), last->n_out,
                   last->n_out == 1 ? "" : "s");
        return false;
    }
    if (net->loss == IR_LOSS_HINGE) {
        if (has_act && last->n_out == 1 && (act == IR_ACT_LINEAR || act == IR_ACT_TANH))
            return true;
        diag_error(c->d, a->loss.kind.at,
                   "loss hinge needs a one-unit last layer with activation linear or tanh "
                   "(the last layer is %s with %d output%s)",
                   has_act ? ir_act_name(act) : ir_layer_kind_name(last->kind), last->n_out,
                   last->n_out == 1 ? "" : "s");
        return false;
    }
    return true;
}

static bool check_optimizer(struct checker *c)
{
    const struct ast_net *a = c->ast;
    struct ir_optimizer *o = &c->net->opt;
    o->kind = a->optimizer.given ? (enum ir_opt_kind)a->optimizer.kind.e : IR_OPT_SGD;
    o->lr = 0.01;
    o->decay = 0.9;
    o->beta1 = 0.9;
    o->beta2 = 0.999;
    o->eps = 1e-8;
    if (!a->optimizer.given)
        return true;
    bool ok = check_range(c, &a->lr, "lr", OPEN, 0, NONE, 0);
    ok = check_range(c, &a->momentum, "momentum", CLOSED, 0, OPEN, 1) && ok;
    ok = check_range(c, &a->decay, "decay", CLOSED, 0, OPEN, 1) && ok;
    ok = check_range(c, &a->beta1, "beta1", CLOSED, 0, OPEN, 1) && ok;
    ok = check_range(c, &a->beta2, "beta2", CLOSED, 0, OPEN, 1) && ok;
    ok = check_range(c, &a->eps, "eps", OPEN, 0, NONE, 0) && ok;
    ok = check_range(c, &a->weight_decay, "weight_decay", CLOSED, 0, NONE, 0) && ok;
    if (!ok)
        return false;
    if (a->nesterov.given && a->nesterov.e && !(a->momentum.given && a->momentum.d > 0)) {
        diag_error(c->d, a->nesterov.key, "nesterov=true needs momentum > 0");
        return false;
    }
    check_hyper(c, &a->lr, "lr");
    check_hyper(c, &a->momentum, "momentum");
    check_hyper(c, &a->decay, "decay");
    check_hyper(c, &a->beta1, "beta1");
    check_hyper(c, &a->beta2, "beta2");
    check_hyper(c, &a->eps, "eps");
    check_hyper(c, &a->weight_decay, "weight_decay");
    o->lr = a->lr.d;
    if (a->momentum.given) o->momentum = a->momentum.d;
    if (a->nesterov.given) o->nesterov = a->nesterov.e != 0;
    if (a->weight_decay.given) o->weight_decay = a->weight_decay.d;
    if (a->decay.given) o->decay = a->decay.d;
    if (a->beta1.given) o->beta1 = a->beta1.d;
    if (a->beta2.given) o->beta2 = a->beta2.d;
    if (a->eps.given) o->eps = a->eps.d;
    return true;
}

static bool check_schedule(struct checker *c)
{
    const struct ast_net *a = c->ast;
    struct ir_schedule *s = &c->net->sched;
    s->kind = a->schedule.given ? (enum ir_sched_kind)a->schedule.kind.e : IR_SCHED_CONSTANT;
    bool ok = check_int_min(c, &a->every, "every", 1);
    ok = check_int_min(c, &a->epochs, "epochs", 1) && ok;
    ok = check_range(c, &a->sched_factor, "factor", OPEN, 0, CLOSED, 1) && ok;
    if (!ok)
        return false;
    check_hyper(c, &a->sched_factor, "factor");
    s->every = a->every.given ? (int)a->every.i : 0;
    s->epochs = a->epochs.given ? (int)a->epochs.i : 0;
    s->factor = a->sched_factor.given ? a->sched_factor.d : 0;
    return true;
}

static bool check_batch(struct checker *c)
{
    const struct ast_val *v = &c->ast->batch_size;
    c->net->batch = 1;
    if (!c->ast->batch.given)
        return true;
    if (v->i < 1 || v->i > 65536) {
        diag_error(c->d, v->at, "batch must be in [1, 65536], got %s", v->text);
        return false;
    }
    c->net->batch = (int)v->i;
    return true;
}

static struct ir_format check_fmt(int w, int i, enum ir_round r)
{
    struct ir_format f = { w, i, r, IR_OVF_SAT };
    return f;
}

static void check_precision(struct checker *c)
{
    const struct ast_net *a = c->ast;
    struct ir_precision *p = &c->net->prec;
    p->weights = a->weights.given ? a->weights.fmt : check_fmt(16, 4, IR_ROUND_STOCHASTIC);
    p->activations = a->activations.given ? a->activations.fmt : check_fmt(16, 6, IR_ROUND_RND_CONV);
    if (a->gradients.given)
        p->gradients = a->gradients.fmt;
    else
        p->gradients = check_fmt(16, c->net->batch > 1 ? 0 : 1, IR_ROUND_RND_CONV);
    p->state = a->state.given ? a->state.fmt : p->weights;
    p->acc_auto = !a->accumulators.given || a->accumulators.is_auto;
}

/* ceil(log2(x)) for x >= 1 */
static int check_clog2(int64_t x)
{
    int k = 0;
    while (k < 63 && ((int64_t)1 << k) < x)
        k++;
    return k;
}

/* ceil(log2(x)), but at least 1: the sign bit a single term needs */
static int check_log_bits(int64_t x)
{
    int k = check_clog2(x);
    return k > 0 ? k : 1;
}

/* Exact accumulator widths, per layer and overall (docs/numerics.md 3, 6). */
static void check_accumulators(struct checker *c)
{
    struct ir_net *net = c->net;
    struct ir_precision *p = &net->prec;
    int ww = p->weights.width, wa = p->activations.width, wg = p->gradients.width;
    p->acc_frac = (ww - p->weights.int_bits) + (wa - p->activations.int_bits);
    p->acc_width = 0;
    bool first = true;
    for (int i = 0; i < net->n_layers; i++) {
        struct ir_layer *l = &net->layers[i];
        if (l->kind != IR_DENSE && l->kind != IR_CONV)
            continue;
        int64_t fan_out = l->kind == IR_DENSE ? l->n_out : (int64_t)l->filters * l->kernel * l->kernel;
        l->acc_width = ww + wa + check_clog2((int64_t)l->fan_in + 1);
        /* the first MAC layer computes no input gradient */
        l->acc_bwd_width = first ? 0 : ww + wg + check_log_bits(fan_out);
        first = false;
        l->acc_grad_width = wg + wa + check_log_bits(net->batch);
        if (l->acc_width > p->acc_width)
            p->acc_width = l->acc_width;
    }
    if (p->acc_auto) {
        p->accumulators.width = p->acc_width;
        p->accumulators.int_bits = p->acc_width - p->acc_frac;
        p->accumulators.round = IR_ROUND_RND_CONV;
        p->accumulators.ovf = IR_OVF_SAT;
    } else {
        p->accumulators = c->ast->accumulators.fmt;
    }
}

static bool check_init(struct checker *c)
{
    const struct ast_net *a = c->ast;
    struct ir_net *net = c->net;
    struct ir_init *in = &net->init;
    in->given = a->init.given;
    in->kind = a->init.given ? (enum ir_init_kind)a->init.kind.e : IR_INIT_XAVIER;
    in->seed = 1;
    bool ok = check_range(c, &a->std, "std", OPEN, 0, NONE, 0);
    ok = check_range(c, &a->limit, "limit", OPEN, 0, NONE, 0) && ok;
    if (!ok)
        return false;
    if (a->std.given) in->std = a->std.d;
    if (a->limit.given) in->limit = a->limit.d;
    if (a->seed.given) in->seed = (uint32_t)a->seed.i;
    for (int i = 0; i < net->n_layers; i++) {
        struct ir_layer *l = &net->layers[i];
        if (in->given)
            l->init = in->kind;
        else if (l->act == IR_ACT_RELU || l->act == IR_ACT_LEAKY_RELU || l->act == IR_ACT_ELU)
            l->init = IR_INIT_HE;
        else
            l->init = IR_INIT_XAVIER;
    }
    return true;
}

static bool check_normalize(struct checker *c)
{
    const struct ast_net *a = c->ast;
    struct ir_normalize *n = &c->net->norm;
    n->kind = a->normalize.given ? (enum ir_norm_kind)a->normalize.kind.e : IR_NORM_NONE;
    if (!check_range(c, &a->norm_factor, "factor", OPEN, 0, CLOSED, 1))
        return false;
    n->factor = n->kind == IR_NORM_SCALE ? a->norm_factor.d : 1.0;
    return true;
}

/* The parts `device=` may name, and the target each belongs to. */
static const struct {
    const char *name;
    enum ir_target target;
} check_devices[] = {
    { "up5k-sg48", IR_TARGET_ICE40 }, { "hx8k-ct256", IR_TARGET_ICE40 },
    { "25k", IR_TARGET_ECP5 },        { "85k", IR_TARGET_ECP5 },
    { "xc7a35t", IR_TARGET_XILINX },  { "xc7a100t", IR_TARGET_XILINX }, { "xc7z020", IR_TARGET_XILINX },
};

static bool check_hardware(struct checker *c)
{
    const struct ast_net *a = c->ast;
    struct ir_net *net = c->net;
    struct ir_hardware *hw = &net->hw;
    hw->clock_mhz = 100;
    hw->target = a->target.given ? (enum ir_target)a->target.e : IR_TARGET_GENERIC;
    bool ok = check_int_min(c, &a->pes, "pes", 1);
    ok = check_range(c, &a->clock_mhz, "clock_mhz", OPEN, 0, NONE, 0) && ok;
    if (a->clock_mhz.given)
        hw->clock_mhz = a->clock_mhz.d;
    if (a->device.given) {
        int found = -1;
        int n = (int)(sizeof check_devices / sizeof check_devices[0]);
        for (int i = 0; i < n; i++)
            if (strcmp(a->device.text, check_devices[i].name) == 0)
                found = i;
        if (found < 0) {
            diag_error(c->d, a->device.at,
                       "unknown device '%s' (expected up5k-sg48, hx8k-ct256 for ice40; 25k, 85k for ecp5; "
                       "xc7a35t, xc7a100t, xc7z020 for xilinx)", a->device.text);
            ok = false;
        } else if (a->target.given && check_devices[found].target != hw->target) {
            diag_error(c->d, a->device.at, "device '%s' belongs to target %s, not %s", a->device.text,
                       ir_target_name(check_devices[found].target), ir_target_name(hw->target));
            ok = false;
        } else {
            /* without target=, the device names it */
            hw->target = check_devices[found].target;
            hw->device = a->device.text;
        }
    }
    /* performance counters: on unless perf=off, or target ice40 without perf=
     * (the small parts: docs/synthesis.md, "What fits where") */
    hw->perf = a->perf.given ? a->perf.e != 0 : hw->target != IR_TARGET_ICE40;
    /* the saturation counters in block RAM: target ice40 (docs/synthesis.md) */
    hw->cnt_ram = hw->target == IR_TARGET_ICE40;
    /* the saturation counters: on unless counters=off */
    hw->counters = a->counters.given ? a->counters.e != 0 : true;
    if (!ok)
        return false;
    /* every MAC layer needs one unit, explicit parallel= needs its own */
    int64_t need = 0;
    for (int i = 0; i < net->n_layers; i++) {
        const struct ir_layer *l = &net->layers[i];
        if (l->kind == IR_DENSE || l->kind == IR_CONV)
            need += l->parallel > 0 ? l->parallel : 1;
    }
    hw->pes_given = a->pes.given;
    if (a->pes.given) {
        if (a->pes.i < need) {
            diag_error(c->d, a->pes.key,
                       "pes=%s is too few: the layers need at least %lld (one per dense or conv layer, "
                       "or its parallel=)", a->pes.text, (long long)need);
            return false;
        }
        hw->pes = (int)a->pes.i;
    } else {
        if (need > 2147483647) {
            diag_error(c->d, c->ast->network.kw, "the layers need more than 2147483647 multiply units");
            return false;
        }
        hw->pes = need > 16 ? (int)need : 16;
    }
    return true;
}

/* ---- what the back end cannot build yet --------------------------------- */

/* W <= 32 and 0 <= F <= 32 (docs/numerics.md section 1) */
static void check_format_width(struct checker *c, const struct ast_val *v, const char *name)
{
    if (!v->given)
        return;
    int w = v->fmt.width, f = v->fmt.width - v->fmt.int_bits;
    char detail[96];
    if (w > CHECK_MAX_FORMAT_BITS) {
        snprintf(detail, sizeof detail, "%s is %d bits wide", name, w);
        check_unsupported(c, FEAT_FORMAT_WIDER_THAN_32, v->at, detail);
    } else if (f < 0 || f > CHECK_MAX_FORMAT_BITS) {
        snprintf(detail, sizeof detail, "%s has %d fractional bits", name, f);
        check_unsupported(c, FEAT_FORMAT_FRAC_OUTSIDE_0_32, v->at, detail);
    }
}

static void check_support(struct checker *c)
{
    const struct ast_net *a = c->ast;
    const struct ir_net *net = c->net;
    const struct ast_layer *al;
    for (al = a->layers; al; al = al->next) {
        static const enum check_feature by_kind[] = {
            [IR_DENSE] = FEAT_COUNT, [IR_CONV] = FEAT_CONV, [IR_MAXPOOL] = FEAT_MAXPOOL,
            [IR_AVGPOOL] = FEAT_AVGPOOL, [IR_FLATTEN] = FEAT_FLATTEN, [IR_DROPOUT] = FEAT_DROPOUT,
            [IR_BATCHNORM] = FEAT_BATCHNORM,
        };
        if (by_kind[al->kind] != FEAT_COUNT)
            check_unsupported(c, by_kind[al->kind], al->kw, NULL);
    }
    if (net->n_layers > HW_MAX_LAYERS) {
        al = a->layers;
        for (int k = 0; k < HW_MAX_LAYERS; k++)
            al = al->next;
        char detail[64];
        snprintf(detail, sizeof detail, "%d layers, at most %d", net->n_layers, HW_MAX_LAYERS);
        check_unsupported(c, FEAT_MANY_LAYERS, al->kw, detail);
    }
    al = a->layers;
    for (int k = 0; k < net->n_layers; k++, al = al->next)
        if (net->layers[k].n_out > 65536 && (al->kind == IR_DENSE || al->kind == IR_CONV))
            check_unsupported(c, FEAT_WIDE_LAYER, al->size.at, NULL);
    const struct ast_layer *last_al = a->layers;
    while (last_al->next)
        last_al = last_al->next;
    const struct ir_layer *last = &net->layers[net->n_layers - 1];
    if (net->loss == IR_LOSS_CROSS_ENTROPY && last->kind == IR_DENSE && last->act == IR_ACT_SIGMOID &&
        last->act_param != 1.0)
        check_unsupported(c, FEAT_CE_SIGMOID_BETA, last_al->beta.at, NULL);
    if (net->loss != IR_LOSS_CROSS_ENTROPY && last->kind == IR_DENSE && last->act == IR_ACT_SOFTMAX)
        check_unsupported(c, FEAT_SOFTMAX_WITHOUT_CE, a->loss.given ? a->loss.kind.at : last_al->act.at, NULL);
    if (net->opt.kind == IR_OPT_RMSPROP)
        check_unsupported(c, FEAT_OPT_RMSPROP, a->optimizer.kind.at, NULL);
    if (net->opt.kind == IR_OPT_ADAM)
        check_unsupported(c, FEAT_OPT_ADAM, a->optimizer.kind.at, NULL);
    static const enum check_feature by_sched[] = {
        [IR_SCHED_CONSTANT] = FEAT_COUNT, [IR_SCHED_STEP] = FEAT_SCHED_STEP, [IR_SCHED_COSINE] = FEAT_SCHED_COSINE,
        [IR_SCHED_LINEAR] = FEAT_SCHED_LINEAR, [IR_SCHED_INV_SQRT] = FEAT_SCHED_INV_SQRT,
    };
    if (by_sched[net->sched.kind] != FEAT_COUNT)
        check_unsupported(c, by_sched[net->sched.kind], a->schedule.kind.at, NULL);
    if (net->norm.kind == IR_NORM_STANDARDIZE)
        check_unsupported(c, FEAT_NORM_STANDARDIZE, a->normalize.kind.at, NULL);
    check_format_width(c, &a->weights, "weights");
    check_format_width(c, &a->activations, "activations");
    check_format_width(c, &a->gradients, "gradients");
    check_format_width(c, &a->state, "state");
    /* accumulators: every exact sum at most 62 bits; an explicit format
     * must have the product's fractional bits and hold the exact sum */
    const struct ir_precision *p = &net->prec;
    al = a->layers;
    for (int k = 0; k < net->n_layers; k++, al = al->next) {
        const struct ir_layer *l = &net->layers[k];
        if (l->kind != IR_DENSE && l->kind != IR_CONV)
            continue;
        int widest = l->acc_width;
        const char *which = "forward sum";
        /* the reference trainer sizes an input-gradient sum for every layer,
         * the first included, as W_w + W_g + ceil(log2(n_out)) */
        int bwd = p->weights.width + p->gradients.width + check_clog2(l->kind == IR_DENSE ? l->n_out : l->filters);
        if (l->acc_bwd_width > bwd)
            bwd = l->acc_bwd_width;
        if (bwd > widest)
            widest = bwd, which = "input-gradient sum";
        if (l->acc_grad_width > widest)
            widest = l->acc_grad_width, which = "weight-gradient sum";
        if (widest > CHECK_MAX_ACC_BITS) {
            char detail[96];
            snprintf(detail, sizeof detail, "this layer's exact %s needs %d bits", which, widest);
            check_unsupported(c, FEAT_ACC_WIDER_THAN_62, al->kw, detail);
        }
    }
    if (!p->acc_auto) {
        const struct ir_format f = p->accumulators;
        char detail[160];
        if (f.width > CHECK_MAX_ACC_BITS) {
            snprintf(detail, sizeof detail, "accumulators=%s is %d bits wide", a->accumulators.text, f.width);
            check_unsupported(c, FEAT_ACC_WIDER_THAN_62, a->accumulators.at, detail);
        } else if (f.width - f.int_bits != p->acc_frac || f.width < p->acc_width) {
            snprintf(detail, sizeof detail, "the exact sum needs fixed<%d,%d>; use accumulators=auto",
                     p->acc_width, p->acc_width - p->acc_frac);
            check_unsupported(c, FEAT_ACC_NARROWER_THAN_EXACT, a->accumulators.at, detail);
        }
    }
}

/* ---- the whole net -------------------------------------------------------- */

struct ir_net *check_net(struct arena *a, struct diag *d, const struct ast_net *ast, const char *source_path)
{
    struct checker c = { a, d, ast, NULL, 0 };
    int errors_before = d->errors;
    c.net = arena_alloc(a, sizeof *c.net);
    c.net->source = arena_strdup(a, check_basename(source_path));
    check_name(&c);
    bool ok = check_input(&c) && check_layers(&c);
    /* settings are checked even when a layer was wrong, but the ones that
     * need the layers' shapes only when the layers were right */
    bool ok_settings = check_optimizer(&c);
    ok_settings = check_schedule(&c) && ok_settings;
    ok_settings = check_batch(&c) && ok_settings;
    ok_settings = check_normalize(&c) && ok_settings;
    check_precision(&c);
    if (ok) {
        ok = check_loss(&c);
        ok = check_init(&c) && ok;
        ok = check_hardware(&c) && ok;
    } else {
        check_init(&c);
    }
    if (!ok || !ok_settings || d->errors > errors_before)
        return NULL;
    check_accumulators(&c);
    plan_pes(c.net);
    check_support(&c);
    if (d->errors > errors_before)
        return NULL;
    return c.net;
}
