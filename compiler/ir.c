/* ir.c: what every back end needs to say about the IR (ir.h): the names of
 * enum values as the language spells them, format ranges, MAC and parameter
 * counts, and the --dump-ir listing. */
#include "ir.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ir_layer_kind_name(enum ir_layer_kind k)
{
    static const char *const n[] = { "dense", "conv", "maxpool", "avgpool", "flatten", "dropout", "batchnorm" };
    return n[k];
}

const char *ir_act_name(enum ir_act a)
{
    static const char *const n[] = { "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax" };
    return n[a];
}

const char *ir_round_name(enum ir_round r)
{
    static const char *const n[] = { "trn", "rnd", "rnd_conv", "stochastic" };
    return n[r];
}

const char *ir_ovf_name(enum ir_ovf o)
{
    return o == IR_OVF_SAT ? "sat" : "wrap";
}

const char *ir_loss_name(enum ir_loss l)
{
    static const char *const n[] = { "mse", "cross_entropy", "hinge" };
    return n[l];
}

const char *ir_opt_name(enum ir_opt_kind k)
{
    static const char *const n[] = { "sgd", "rmsprop", "adam" };
    return n[k];
}

const char *ir_sched_name(enum ir_sched_kind k)
{
    static const char *const n[] = { "constant", "step", "cosine", "linear", "inv_sqrt" };
    return n[k];
}

const char *ir_init_name(enum ir_init_kind k)
{
    static const char *const n[] = { "normal", "uniform", "xavier", "he" };
    return n[k];
}

const char *ir_target_name(enum ir_target t)
{
    static const char *const n[] = { "generic", "ice40", "ecp5", "xilinx" };
    return n[t];
}

const char *ir_norm_name(enum ir_norm_kind k)
{
    static const char *const n[] = { "none", "scale", "standardize" };
    return n[k];
}

double ir_format_min(struct ir_format f)
{
    return -ldexp(1.0, f.int_bits - 1);
}

double ir_format_max(struct ir_format f)
{
    return ldexp(1.0, f.int_bits - 1) - ldexp(1.0, f.int_bits - f.width);
}

double ir_format_step(struct ir_format f)
{
    return ldexp(1.0, f.int_bits - f.width);
}

int64_t ir_layer_macs(const struct ir_layer *l)
{
    switch (l->kind) {
    case IR_DENSE:
        return (int64_t)l->n_in * l->n_out;
    case IR_CONV:
        return (int64_t)l->out.c * l->out.h * l->out.w * l->fan_in;
    default:
        return 0;
    }
}

static void ir_mac_split(const struct ir_net *net, int64_t *fwd, int64_t *bwd, int64_t *grad)
{
    *fwd = *bwd = *grad = 0;
    bool first = true;
    for (int i = 0; i < net->n_layers; i++) {
        int64_t m = ir_layer_macs(&net->layers[i]);
        if (m == 0)
            continue;
        *fwd += m;
        *grad += m;
        if (!first)
            *bwd += m;
        first = false;
    }
}

int64_t ir_macs_per_sample(const struct ir_net *net)
{
    int64_t f, b, g;
    ir_mac_split(net, &f, &b, &g);
    return f + b + g;
}

int64_t ir_param_count(const struct ir_net *net)
{
    int64_t n = 0;
    for (int i = 0; i < net->n_layers; i++)
        n += net->layers[i].n_weights + net->layers[i].n_biases;
    return n;
}

/* The shortest decimal that reads back as the same double: stable and
 * readable (0.1, not 0.10000000000000001). */
static const char *ir_num(char *buf, size_t n, double x)
{
    if (x == nearbyint(x) && fabs(x) < 1e15) {
        snprintf(buf, n, "%.0f", x);
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return buf;
    }
    return buf;
}

static void ir_shape_text(char *buf, size_t n, struct ir_shape s)
{
    if (s.flat)
        snprintf(buf, n, "%d", s.c);
    else
        snprintf(buf, n, "%dx%dx%d", s.c, s.h, s.w);
}

static void ir_dump_format(FILE *out, const char *name, struct ir_format f, const char *note)
{
    char a[40], b[40];
    fprintf(out, "format %-12s fixed<%d,%d,%s,%s>%s range [%s, %s] step 2^%d\n", name, f.width, f.int_bits,
            ir_round_name(f.round), ir_ovf_name(f.ovf), note, ir_num(a, sizeof a, ir_format_min(f)),
            ir_num(b, sizeof b, ir_format_max(f)), f.int_bits - f.width);
}

int ir_dump(const struct ir_net *net, FILE *out)
{
    char a[40], b[40], c[40], d[40], e[40];
    fprintf(out, "network %s ident %s source %s\n", net->name, net->ident, net->source);
    ir_shape_text(a, sizeof a, net->input);
    fprintf(out, "input %s\n", a);
    for (int i = 0; i < net->n_layers; i++) {
        const struct ir_layer *l = &net->layers[i];
        ir_shape_text(a, sizeof a, l->in);
        ir_shape_text(b, sizeof b, l->out);
        fprintf(out, "layer %d %s line %d in %s out %s", i, ir_layer_kind_name(l->kind), l->line, a, b);
        switch (l->kind) {
        case IR_DENSE:
        case IR_CONV:
            if (l->kind == IR_CONV)
                fprintf(out, " kernel %d stride %d pad %d", l->kernel, l->stride, l->pad);
            fprintf(out, " activation %s", ir_act_name(l->act));
            if (l->act == IR_ACT_SIGMOID)
                fprintf(out, " beta %s", ir_num(c, sizeof c, l->act_param));
            if (l->act == IR_ACT_LEAKY_RELU || l->act == IR_ACT_ELU)
                fprintf(out, " alpha %s", ir_num(c, sizeof c, l->act_param));
            fprintf(out, " bias %s params %lld (weights %lld biases %lld) fan_in %d acc_bits forward %d input_grad %d weight_grad %d init %s"
                         " parallel %d pes %d macs %lld",
                    l->bias ? "true" : "false", (long long)(l->n_weights + l->n_biases), (long long)l->n_weights,
                    (long long)l->n_biases, l->fan_in, l->acc_width, l->acc_bwd_width, l->acc_grad_width, ir_init_name(l->init), l->parallel, l->pes,
                    (long long)ir_layer_macs(l));
            break;
        case IR_MAXPOOL:
        case IR_AVGPOOL:
            fprintf(out, " window %d stride %d", l->kernel, l->stride);
            break;
        case IR_FLATTEN:
            break;
        case IR_DROPOUT:
            fprintf(out, " rate %s", ir_num(c, sizeof c, l->rate));
            break;
        case IR_BATCHNORM:
            fprintf(out, " momentum %s eps %s params %lld", ir_num(c, sizeof c, l->bn_momentum),
                    ir_num(d, sizeof d, l->bn_eps), (long long)(l->n_weights + l->n_biases));
            break;
        }
        fputc('\n', out);
    }
    fprintf(out, "loss %s\n", ir_loss_name(net->loss));
    const struct ir_optimizer *o = &net->opt;
    fprintf(out, "optimizer %s lr %s", ir_opt_name(o->kind), ir_num(a, sizeof a, o->lr));
    if (o->kind == IR_OPT_SGD)
        fprintf(out, " momentum %s nesterov %s", ir_num(b, sizeof b, o->momentum), o->nesterov ? "true" : "false");
    if (o->kind == IR_OPT_RMSPROP)
        fprintf(out, " decay %s eps %s", ir_num(b, sizeof b, o->decay), ir_num(c, sizeof c, o->eps));
    if (o->kind == IR_OPT_ADAM)
        fprintf(out, " beta1 %s beta2 %s eps %s", ir_num(b, sizeof b, o->beta1), ir_num(c, sizeof c, o->beta2),
                ir_num(d, sizeof d, o->eps));
    fprintf(out, " weight_decay %s\n", ir_num(e, sizeof e, o->weight_decay));
    const struct ir_schedule *s = &net->sched;
    fprintf(out, "schedule %s", ir_sched_name(s->kind));
    if (s->kind == IR_SCHED_STEP)
        fprintf(out, " every %d factor %s", s->every, ir_num(a, sizeof a, s->factor));
    if (s->kind == IR_SCHED_COSINE || s->kind == IR_SCHED_LINEAR)
        fprintf(out, " epochs %d", s->epochs);
    fprintf(out, "\nbatch %d\n", net->batch);
    fprintf(out, "normalize %s", ir_norm_name(net->norm.kind));
    if (net->norm.kind == IR_NORM_SCALE)
        fprintf(out, " factor %s", ir_num(a, sizeof a, net->norm.factor));
    fprintf(out, "\ninit %s", net->init.given ? ir_init_name(net->init.kind) : "default");
    if (net->init.given && net->init.kind == IR_INIT_NORMAL)
        fprintf(out, " std %s", ir_num(a, sizeof a, net->init.std));
    if (net->init.given && net->init.kind == IR_INIT_UNIFORM)
        fprintf(out, " limit %s", ir_num(a, sizeof a, net->init.limit));
    fprintf(out, " seed %u\n", (unsigned)net->init.seed);
    const struct ir_hardware *h = &net->hw;
    fprintf(out, "hardware pes %d%s clock_mhz %s target %s device %s\n", h->pes, h->pes_given ? "" : " (default)",
            ir_num(a, sizeof a, h->clock_mhz), ir_target_name(h->target), h->device ? h->device : "none");
    if (!h->perf)   /* (printed only when off: the goldens of every other net stay) */
        fprintf(out, "hardware perf off\n");
    if (!h->counters)   /* (likewise) */
        fprintf(out, "hardware counters off\n");
    const struct ir_precision *p = &net->prec;
    ir_dump_format(out, "weights", p->weights, "");
    ir_dump_format(out, "activations", p->activations, "");
    ir_dump_format(out, "gradients", p->gradients, "");
    ir_dump_format(out, "state", p->state, "");
    ir_dump_format(out, "accumulators", p->accumulators, p->acc_auto ? " (auto)" : "");
    int64_t f, bw, g;
    ir_mac_split(net, &f, &bw, &g);
    fprintf(out, "parameters %lld\n", (long long)ir_param_count(net));
    fprintf(out, "macs_per_sample %lld (forward %lld, input gradient %lld, weight gradient %lld)\n",
            (long long)(f + bw + g), (long long)f, (long long)bw, (long long)g);
    /* the planner's stages (plan.c): estimated cycles per sample */
    for (int i = 0; i < net->n_layers; i++) {
        const struct ir_layer *l = &net->layers[i];
        if (l->pes <= 0 || l->pe_rows <= 0 || l->pe_cols <= 0)
            continue;
        int64_t rows = l->kind == IR_CONV ? l->filters : l->n_out;
        int64_t cols = (l->kind == IR_CONV ? l->fan_in : l->n_in) + (l->bias || l->pe_cols > 1 ? 1 : 0);
        fprintf(out, "plan layer %d pes %d = %d rows x %d column chains, row_groups %lld tokens %lld,"
                     " cycles per sample forward %lld train %lld\n",
                i, l->pes, l->pe_rows, l->pe_cols, (long long)((rows + l->pe_rows - 1) / l->pe_rows),
                (long long)((cols + l->pe_cols - 1) / l->pe_cols), (long long)l->plan_fwd,
                (long long)l->plan_train);
        if (l->mem_sp != 0) {   /* plan_fit_spram (the UP5K's SPRAM) */
            char gs[40] = "";
            if ((l->mem_sp & 2) && l->g_huge_w > 0)
                snprintf(gs, sizeof gs, " G (low %d bits)", l->g_huge_w);
            else if (l->mem_sp & 2)
                snprintf(gs, sizeof gs, " G");
            fprintf(out, "plan layer %d spram%s%s%s (single-ported; every other PE memory in block RAM)\n", i,
                    (l->mem_sp & 1) ? " W" : "", gs, (l->mem_sp & 4) ? " V" : "");
        }
    }
    const struct ir_plan *pp = &net->plan;
    fprintf(out, "plan stream words per sample forward %lld train %lld\n", (long long)pp->stream_fwd,
            (long long)pp->stream_train);
    fprintf(out, "plan slot cycles per sample forward %lld train %lld, units %d of %d, ceil(forward macs / pes) %lld\n",
            (long long)pp->slot_fwd, (long long)pp->slot_train, pp->units, h->pes,
            h->pes > 0 ? (long long)((f + h->pes - 1) / h->pes) : 0LL);
    if (h->loss_ovl)
        fprintf(out, "plan loss overlap: the last layer's loss pass beside its backward pass of the sample "
                     "before (one slot more a batch)\n");
    return ferror(out) ? -1 : 0;
}
