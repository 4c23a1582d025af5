/* parse.c: tokens to the syntax tree (parse.h), one function per statement
 * with its grammar rule above it. A statement is one line:
 *
 *   file      = { statement NEWLINE }
 *   statement = KEYWORD { positional } { option }
 *   option    = KEY "=" VALUE            (no spaces around "=")
 *
 * Order: network, input, layers, settings (any order, each at most once).
 * After the first error in a statement the rest of its line is skipped, so
 * one mistake gives one diagnostic. */
#include "parse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lex.h"

enum parse_phase { PH_START, PH_NETWORK, PH_LAYERS, PH_SETTINGS };

struct parser {
    struct arena *a;
    struct diag *d;
    struct lexer lx;
    struct ast_net *net;
    enum parse_phase phase;
    bool missing_network_said, missing_input_said;
    bool stmt_failed;           /* the current statement already reported */
    const char *stmt_name;      /* keyword of the current statement */
    struct loc stmt_kw;
    struct ast_layer **tail;    /* where the next layer goes */
    struct ast_layer *scratch;  /* layers beyond PARSE_MAX_LAYERS */
};

static const char *const act_names[] = { "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax", NULL };
static const char *const round_names[] = { "trn", "rnd", "rnd_conv", "stochastic", NULL };
static const char *const ovf_names[] = { "sat", "wrap", NULL };
static const char *const bool_names[] = { "false", "true", NULL };
static const char *const loss_names[] = { "mse", "cross_entropy", "hinge", NULL };
static const char *const opt_names[] = { "sgd", "rmsprop", "adam", NULL };
static const char *const sched_names[] = { "constant", "step", "cosine", "linear", "inv_sqrt", NULL };
static const char *const init_names[] = { "normal", "uniform", "xavier", "he", NULL };
static const char *const target_names[] = { "generic", "ice40", "ecp5", "xilinx", NULL };
static const char *const norm_names[] = { "none", "scale", "standardize", NULL };
static const char *const onoff_names[] = { "off", "on", NULL };

enum val_kind { V_INT, V_DEC, V_BOOL, V_ENUM, V_FIXED, V_FIXED_AUTO, V_WORD };

/* An option a statement accepts: its key, value kind and destination. */
struct opt {
    const char *key;
    enum val_kind kind;
    const char *const *names;  /* V_ENUM */
    const char *what;          /* V_ENUM: "activation", "target" */
    struct ast_val *dst;
    bool required;
};

/* ---- helpers ---------------------------------------------------------- */

static void parse_error_at(struct parser *p, struct loc at, const char *fmt, const char *arg)
{
    p->stmt_failed = true;
    diag_error(p->d, at, fmt, arg);
}

/* The token's text for messages: at most PARSE_SHOW bytes, cut on a UTF-8
 * boundary and marked "...", so a 1 MB token gives a short diagnostic. */
enum { PARSE_SHOW = 64 };

static const char *parse_text(struct parser *p, const struct tok *t)
{
    if (t->len <= PARSE_SHOW)
        return arena_strndup(p->a, t->text, (size_t)t->len);
    size_t n = PARSE_SHOW - 3;
    while (n > 0 && ((unsigned char)t->text[n] & 0xC0) == 0x80)
        n--;
    char *s = arena_alloc(p->a, n + 4);
    memcpy(s, t->text, n);
    memcpy(s + n, "...", 4);
    return s;
}

static bool parse_at_eol(struct parser *p)
{
    enum tok_kind k = lex_peek(&p->lx, 0)->kind;
    return k == TK_NEWLINE || k == TK_EOF;
}

/* Skip the rest of the line, including its NEWLINE. */
static void parse_skip_line(struct parser *p)
{
    while (!parse_at_eol(p))
        lex_next(&p->lx);
    if (lex_peek(&p->lx, 0)->kind == TK_NEWLINE)
        lex_next(&p->lx);
}

static int parse_lookup(const char *const *names, const struct tok *t)
{
    if (t->kind != TK_IDENT)
        return -1;
    for (int i = 0; names[i]; i++)
        if (lex_is(t, names[i]))
            return i;
    return -1;
}

/* "a, b, c" into buf */
static const char *parse_list(struct parser *p, const char *const *names)
{
    size_t n = 1;
    for (int i = 0; names[i]; i++)
        n += strlen(names[i]) + 2;
    char *buf = arena_alloc(p->a, n);
    for (int i = 0; names[i]; i++) {
        if (i)
            strcat(buf, ", ");
        strcat(buf, names[i]);
    }
    return buf;
}

static void parse_value_init(struct ast_val *v, const struct tok *t, struct loc key)
{
    v->given = true;
    v->at = t->loc;
    v->key = key;
}

/* A token that looks like a number with a sign: "-1", "+0.5". */
static bool parse_is_signed_number(const struct tok *t)
{
    return t->len >= 2 && (t->text[0] == '-' || t->text[0] == '+') &&
           (isdigit((unsigned char)t->text[1]) || t->text[1] == '.');
}

/* integer = DIGITS (no sign, at most 2^31-1) */
static bool parse_int_value(struct parser *p, const struct tok *t, struct ast_val *v)
{
    v->text = parse_text(p, t);
    if (t->kind == TK_INT) {
        if (t->ival > LEX_INT_MAX) {
            diag_error(p->d, t->loc, "integer '%s' out of range (at most 2147483647)", v->text);
            p->stmt_failed = true;
            return false;
        }
        v->i = t->ival;
        v->d = (double)t->ival;
        return true;
    }
    if (parse_is_signed_number(t))
        parse_error_at(p, t->loc, "integers are written without a sign: '%s'", v->text);
    else
        parse_error_at(p, t->loc, "expected an integer, got '%s'", v->text);
    return false;
}

/* decimal = INT | DEC (no sign; must fit a double) */
static bool parse_dec_value(struct parser *p, const struct tok *t, struct ast_val *v)
{
    v->text = parse_text(p, t);
    if (t->kind == TK_INT || t->kind == TK_DEC) {
        if (t->drange == LEX_RANGE_OVERFLOW) {
            parse_error_at(p, t->loc, "number '%s' out of range (overflows a double)", v->text);
            return false;
        }
        if (t->drange == LEX_RANGE_UNDERFLOW) {
            parse_error_at(p, t->loc, "number '%s' out of range (underflows to zero)", v->text);
            return false;
        }
        v->d = t->dval;
        v->i = t->kind == TK_INT ? t->ival : 0;
        return true;
    }
    if (t->len >= 2 && t->text[0] == '+')
        parse_error_at(p, t->loc, "numbers are written without a leading '+': '%s'", v->text);
    else if (parse_is_signed_number(t))
        parse_error_at(p, t->loc, "numbers are written without a sign: '%s'", v->text);
    else
        parse_error_at(p, t->loc, "expected a number, got '%s'", v->text);
    return false;
}

static bool parse_enum_value(struct parser *p, const struct tok *t, struct ast_val *v,
                             const char *const *names, const char *what)
{
    v->text = parse_text(p, t);
    int e = parse_lookup(names, t);
    if (e < 0) {
        p->stmt_failed = true;
        diag_error(p->d, t->loc, "unknown %s '%s' (expected %s)", what, v->text, parse_list(p, names));
        return false;
    }
    v->e = e;
    return true;
}

/* fixed = "fixed<" W "," I [ "," rounding [ "," overflow ] ] ">" */
static bool parse_fixed_value(struct parser *p, const struct tok *t, struct ast_val *v)
{
    v->text = parse_text(p, t);
    if (t->kind != TK_FIXED) {
        p->stmt_failed = true;
        diag_error(p->d, t->loc,
                   "malformed fixed-point type '%s' (expected fixed<W,I> or fixed<W,I,rounding,overflow>, one token without spaces)",
                   v->text);
        return false;
    }
    if (t->fx_width < 1 || t->fx_width > 64) {
        p->stmt_failed = true;
        diag_error(p->d, t->loc, "fixed-point width W=%lld out of range (1 <= W <= 64)", (long long)t->fx_width);
        return false;
    }
    if (t->fx_int < -64 || t->fx_int > 64) {
        p->stmt_failed = true;
        diag_error(p->d, t->loc, "fixed-point integer bits I=%lld out of range (-64 <= I <= 64)", (long long)t->fx_int);
        return false;
    }
    v->fmt.width = (int)t->fx_width;
    v->fmt.int_bits = (int)t->fx_int;
    v->fmt.round = IR_ROUND_RND_CONV;
    v->fmt.ovf = IR_OVF_SAT;
    struct tok sub = *t;
    if (t->fx_round_len) {
        sub.text = t->text + t->fx_round_off;
        sub.len = t->fx_round_len;
        sub.kind = TK_IDENT;
        sub.loc.col = t->loc.col + t->fx_round_off;
        sub.loc.len = t->fx_round_len;
        struct ast_val tmp = *v;
        if (!parse_enum_value(p, &sub, &tmp, round_names, "rounding mode"))
            return false;
        v->fmt.round = (enum ir_round)tmp.e;
    }
    if (t->fx_ovf_len) {
        sub.text = t->text + t->fx_ovf_off;
        sub.len = t->fx_ovf_len;
        sub.kind = TK_IDENT;
        sub.loc.col = t->loc.col + t->fx_ovf_off;
        sub.loc.len = t->fx_ovf_len;
        struct ast_val tmp = *v;
        if (!parse_enum_value(p, &sub, &tmp, ovf_names, "overflow mode"))
            return false;
        v->fmt.ovf = (enum ir_ovf)tmp.e;
    }
    return true;
}

static bool parse_value(struct parser *p, const struct opt *o, const struct tok *t, struct ast_val *v)
{
    switch (o->kind) {
    case V_INT:
        return parse_int_value(p, t, v);
    case V_DEC:
        return parse_dec_value(p, t, v);
    case V_BOOL:
        return parse_enum_value(p, t, v, bool_names, o->key);
    case V_ENUM:
        return parse_enum_value(p, t, v, o->names, o->what);
    case V_FIXED_AUTO:
        if (lex_is(t, "auto") && t->kind == TK_IDENT) {
            v->text = parse_text(p, t);
            v->is_auto = true;
            return true;
        }
        return parse_fixed_value(p, t, v);
    case V_FIXED:
        return parse_fixed_value(p, t, v);
    case V_WORD:
        v->text = parse_text(p, t);
        return true;
    }
    return false;
}

/* option* NEWLINE
 *   option = KEY "=" VALUE, each key at most once, from the statement's list */
static void parse_options(struct parser *p, struct opt *opts, int n)
{
    while (!p->stmt_failed && !parse_at_eol(p)) {
        struct tok key = lex_next(&p->lx);
        const struct tok *eq = lex_peek(&p->lx, 0);
        if (key.kind != TK_IDENT || eq->kind != TK_EQ) {
            if (key.kind == TK_EQ)
                parse_error_at(p, key.loc, "expected 'key=value' before '='%s", "");
            else if (n == 0)
                diag_error(p->d, key.loc, "unexpected '%s' ('%s' takes nothing more)", parse_text(p, &key),
                           p->stmt_name), p->stmt_failed = true;
            else
                parse_error_at(p, key.loc, "unexpected '%s' (expected key=value options)", parse_text(p, &key));
            break;
        }
        if (eq->space_before) {
            parse_error_at(p, eq->loc, "no spaces around '=' in an option%s", "");
            break;
        }
        lex_next(&p->lx);
        const struct tok *val = lex_peek(&p->lx, 0);
        if (val->kind == TK_NEWLINE || val->kind == TK_EOF || val->space_before) {
            struct loc after = key.loc;
            after.col = key.loc.col + key.len + 1;
            after.len = 1;
            parse_error_at(p, after, "expected a value right after '=' (no spaces around '=')%s", "");
            break;
        }
        struct tok vt = lex_next(&p->lx);
        if (vt.kind == TK_EQ) {
            parse_error_at(p, vt.loc, "unexpected '=' in an option value%s", "");
            break;
        }
        struct opt *o = NULL;
        for (int i = 0; i < n; i++)
            if (lex_is(&key, opts[i].key))
                o = &opts[i];
        if (!o) {
            p->stmt_failed = true;
            if (n == 0) {
                diag_error(p->d, key.loc, "unknown option '%s' ('%s' takes no options)",
                           parse_text(p, &key), p->stmt_name);
            } else {
                const char **names = arena_alloc(p->a, (size_t)(n + 1) * sizeof *names);
                for (int i = 0; i < n; i++)
                    names[i] = opts[i].key;
                diag_error(p->d, key.loc, "unknown option '%s' for '%s' (expected %s)",
                           parse_text(p, &key), p->stmt_name, parse_list(p, names));
            }
            break;
        }
        if (o->dst->given) {
            p->stmt_failed = true;
            diag_error(p->d, key.loc, "option '%s' given twice", o->key);
            diag_note(p->d, o->dst->key, "first given here");
            break;
        }
        parse_value_init(o->dst, &vt, key.loc);
        if (!parse_value(p, o, &vt, o->dst))
            break;
    }
    if (!p->stmt_failed) {
        for (int i = 0; i < n; i++) {
            if (opts[i].required && !opts[i].dst->given) {
                p->stmt_failed = true;
                diag_error(p->d, p->stmt_kw, "missing required option '%s=' in '%s'", opts[i].key, p->stmt_name);
                break;
            }
        }
    }
    parse_skip_line(p);
}

/* True when the next tokens start an option (KEY "="). */
static bool parse_at_option(struct parser *p)
{
    return lex_peek(&p->lx, 0)->kind == TK_IDENT && lex_peek(&p->lx, 1)->kind == TK_EQ;
}

/* A required positional argument; `what` names it in the message. */
static bool parse_positional(struct parser *p, const char *what)
{
    if (parse_at_eol(p) || parse_at_option(p)) {
        p->stmt_failed = true;
        diag_error(p->d, p->stmt_kw, "missing %s after '%s'", what, p->stmt_name);
        return false;
    }
    return true;
}

static bool parse_positional_int(struct parser *p, struct ast_val *v, const char *what)
{
    if (!parse_positional(p, what))
        return false;
    struct tok t = lex_next(&p->lx);
    parse_value_init(v, &t, t.loc);
    return parse_int_value(p, &t, v);
}

static bool parse_positional_enum(struct parser *p, struct ast_val *v, const char *const *names, const char *what)
{
    if (parse_at_eol(p) || parse_at_option(p)) {
        p->stmt_failed = true;
        diag_error(p->d, p->stmt_kw, "missing %s after '%s' (expected %s)", what, p->stmt_name, parse_list(p, names));
        return false;
    }
    struct tok t = lex_next(&p->lx);
    parse_value_init(v, &t, t.loc);
    return parse_enum_value(p, &t, v, names, what);
}

static struct ast_layer *parse_new_layer(struct parser *p, enum ir_layer_kind kind)
{
    struct ast_layer *l;
    if (p->net->n_layers >= PARSE_MAX_LAYERS) {
        /* past the limit layers are parsed for their errors only, into one
         * scratch node, so a 10 MB file of layers costs no memory */
        if (!p->scratch)
            p->scratch = arena_alloc(p->a, sizeof *p->scratch);
        l = p->scratch;
        memset(l, 0, sizeof *l);
    } else {
        l = arena_alloc(p->a, sizeof *l);
    }
    l->kind = kind;
    l->kw = p->stmt_kw;
    return l;
}

static void parse_add_layer(struct parser *p, struct ast_layer *l)
{
    if (p->net->n_layers >= PARSE_MAX_LAYERS) {
        if (p->net->n_layers == PARSE_MAX_LAYERS)
            diag_error(p->d, l->kw, "too many layers (implementation limit %d)", PARSE_MAX_LAYERS);
        p->net->n_layers = PARSE_MAX_LAYERS + 1;
        return;
    }
    *p->tail = l;
    p->tail = &l->next;
    p->net->n_layers++;
}

/* ---- statements -------------------------------------------------------- */

/* network = "network" NAME */
static void parse_network(struct parser *p)
{
    struct ast_net *n = p->net;
    if (!parse_positional(p, "network name")) {
        parse_skip_line(p);
        return;
    }
    struct tok t = lex_next(&p->lx);
    parse_value_init(&n->name, &t, t.loc);
    n->name.text = t.kind == TK_IDENT ? arena_strndup(p->a, t.text, (size_t)t.len) : parse_text(p, &t);
    if (t.kind != TK_IDENT)
        parse_error_at(p, t.loc, "invalid network name '%s' (expected [A-Za-z_][A-Za-z0-9_]*)", n->name.text);
    parse_options(p, NULL, 0);
}

/* input = "input" ( INT | SHAPE ) */
static void parse_input(struct parser *p)
{
    struct ast_val *v = &p->net->in_shape;
    if (parse_positional(p, "input size (N or CxHxW)")) {
        struct tok t = lex_next(&p->lx);
        parse_value_init(v, &t, t.loc);
        if (t.kind == TK_SHAPE) {
            v->text = parse_text(p, &t);
            v->is_shape = true;
            memcpy(v->shape, t.shape, sizeof v->shape);
        } else if (t.kind == TK_INT) {
            if (parse_int_value(p, &t, v))
                v->shape[0] = v->i, v->shape[1] = v->shape[2] = 1;
        } else {
            v->text = parse_text(p, &t);
            parse_error_at(p, t.loc, "expected an input size N or a shape CxHxW, got '%s'", v->text);
        }
    }
    parse_options(p, NULL, 0);
}

#define OPT(k, kind, dst) { k, kind, NULL, NULL, dst, false }
#define OPT_REQ(k, kind, dst) { k, kind, NULL, NULL, dst, true }
#define OPT_ENUM(k, names, what, dst) { k, V_ENUM, names, what, dst, false }

/* dense = "dense" INT [ "activation=" ACT ] [ "bias=" BOOL ] [ "parallel=" INT ]
 *         [ "beta=" DEC ] [ "alpha=" DEC ] */
static struct ast_layer *parse_dense(struct parser *p)
{
    struct ast_layer *l = parse_new_layer(p, IR_DENSE);
    struct opt opts[] = {
        OPT_ENUM("activation", act_names, "activation", &l->act),
        OPT("bias", V_BOOL, &l->bias),
        OPT("parallel", V_INT, &l->parallel),
        OPT("beta", V_DEC, &l->beta),
        OPT("alpha", V_DEC, &l->alpha),
    };
    parse_positional_int(p, &l->size, "layer size");
    parse_options(p, opts, (int)(sizeof opts / sizeof opts[0]));
    return l;
}

/* conv = "conv" INT "kernel=" INT [ "stride=" INT ] [ "pad=" INT ]
 *        [ "activation=" ACT ] [ "parallel=" INT ] [ "beta=" DEC ] [ "alpha=" DEC ] */
static struct ast_layer *parse_conv(struct parser *p)
{
    struct ast_layer *l = parse_new_layer(p, IR_CONV);
    struct opt opts[] = {
        OPT_REQ("kernel", V_INT, &l->kernel),
        OPT("stride", V_INT, &l->stride),
        OPT("pad", V_INT, &l->pad),
        OPT_ENUM("activation", act_names, "activation", &l->act),
        OPT("parallel", V_INT, &l->parallel),
        OPT("beta", V_DEC, &l->beta),
        OPT("alpha", V_DEC, &l->alpha),
    };
    parse_positional_int(p, &l->size, "filter count");
    parse_options(p, opts, (int)(sizeof opts / sizeof opts[0]));
    return l;
}

/* pool = ( "maxpool" | "avgpool" ) INT [ "stride=" INT ] */
static struct ast_layer *parse_pool(struct parser *p, enum ir_layer_kind kind)
{
    struct ast_layer *l = parse_new_layer(p, kind);
    struct opt opts[] = { OPT("stride", V_INT, &l->stride) };
    parse_positional_int(p, &l->size, "window size");
    parse_options(p, opts, 1);
    return l;
}

/* flatten = "flatten" */
static struct ast_layer *parse_flatten(struct parser *p)
{
    struct ast_layer *l = parse_new_layer(p, IR_FLATTEN);
    parse_options(p, NULL, 0);
    return l;
}

/* dropout = "dropout" "rate=" DEC */
static struct ast_layer *parse_dropout(struct parser *p)
{
    struct ast_layer *l = parse_new_layer(p, IR_DROPOUT);
    struct opt opts[] = { OPT_REQ("rate", V_DEC, &l->rate) };
    parse_options(p, opts, 1);
    return l;
}

/* batchnorm = "batchnorm" [ "momentum=" DEC ] [ "eps=" DEC ] */
static struct ast_layer *parse_batchnorm(struct parser *p)
{
    struct ast_layer *l = parse_new_layer(p, IR_BATCHNORM);
    struct opt opts[] = { OPT("momentum", V_DEC, &l->momentum), OPT("eps", V_DEC, &l->eps) };
    parse_options(p, opts, 2);
    return l;
}

/* normalize = "normalize" ( "none" | "scale" "factor=" DEC | "standardize" ) */
static void parse_normalize(struct parser *p)
{
    struct ast_net *n = p->net;
    if (!parse_positional_enum(p, &n->normalize.kind, norm_names, "normalization")) {
        parse_skip_line(p);
        return;
    }
    struct opt scale[] = { OPT_REQ("factor", V_DEC, &n->norm_factor) };
    if (n->normalize.kind.e == IR_NORM_SCALE)
        parse_options(p, scale, 1);
    else
        parse_options(p, NULL, 0);
}

/* loss = "loss" ( "mse" | "cross_entropy" | "hinge" ) */
static void parse_loss(struct parser *p)
{
    if (!parse_positional_enum(p, &p->net->loss.kind, loss_names, "loss")) {
        parse_skip_line(p);
        return;
    }
    parse_options(p, NULL, 0);
}

/* optimizer = "optimizer" "sgd"     "lr=" DEC [ "momentum=" DEC ] [ "nesterov=" BOOL ] [ "weight_decay=" DEC ]
 *           | "optimizer" "rmsprop" "lr=" DEC [ "decay=" DEC ] [ "eps=" DEC ] [ "weight_decay=" DEC ]
 *           | "optimizer" "adam"    "lr=" DEC [ "beta1=" DEC ] [ "beta2=" DEC ] [ "eps=" DEC ] [ "weight_decay=" DEC ] */
static void parse_optimizer(struct parser *p)
{
    struct ast_net *n = p->net;
    if (!parse_positional_enum(p, &n->optimizer.kind, opt_names, "optimizer")) {
        parse_skip_line(p);
        return;
    }
    struct opt sgd[] = {
        OPT_REQ("lr", V_DEC, &n->lr), OPT("momentum", V_DEC, &n->momentum),
        OPT("nesterov", V_BOOL, &n->nesterov), OPT("weight_decay", V_DEC, &n->weight_decay),
    };
    struct opt rmsprop[] = {
        OPT_REQ("lr", V_DEC, &n->lr), OPT("decay", V_DEC, &n->decay),
        OPT("eps", V_DEC, &n->eps), OPT("weight_decay", V_DEC, &n->weight_decay),
    };
    struct opt adam[] = {
        OPT_REQ("lr", V_DEC, &n->lr), OPT("beta1", V_DEC, &n->beta1), OPT("beta2", V_DEC, &n->beta2),
        OPT("eps", V_DEC, &n->eps), OPT("weight_decay", V_DEC, &n->weight_decay),
    };
    switch ((enum ir_opt_kind)n->optimizer.kind.e) {
    case IR_OPT_SGD: parse_options(p, sgd, 4); break;
    case IR_OPT_RMSPROP: parse_options(p, rmsprop, 4); break;
    case IR_OPT_ADAM: parse_options(p, adam, 5); break;
    }
}

/* schedule = "schedule" ( "constant" | "step" "every=" INT "factor=" DEC
 *          | "cosine" "epochs=" INT | "linear" "epochs=" INT | "inv_sqrt" ) */
static void parse_schedule(struct parser *p)
{
    struct ast_net *n = p->net;
    if (!parse_positional_enum(p, &n->schedule.kind, sched_names, "schedule")) {
        parse_skip_line(p);
        return;
    }
    struct opt step[] = { OPT_REQ("every", V_INT, &n->every), OPT_REQ("factor", V_DEC, &n->sched_factor) };
    struct opt epochs[] = { OPT_REQ("epochs", V_INT, &n->epochs) };
    switch ((enum ir_sched_kind)n->schedule.kind.e) {
    case IR_SCHED_STEP: parse_options(p, step, 2); break;
    case IR_SCHED_COSINE:
    case IR_SCHED_LINEAR: parse_options(p, epochs, 1); break;
    case IR_SCHED_CONSTANT:
    case IR_SCHED_INV_SQRT: parse_options(p, NULL, 0); break;
    }
}

/* batch = "batch" INT */
static void parse_batch(struct parser *p)
{
    parse_positional_int(p, &p->net->batch_size, "batch size");
    parse_options(p, NULL, 0);
}

/* precision = "precision" [ "weights=" FIXED ] [ "activations=" FIXED ]
 *             [ "gradients=" FIXED ] [ "state=" FIXED ] [ "accumulators=" ( FIXED | "auto" ) ] */
static void parse_precision(struct parser *p)
{
    struct ast_net *n = p->net;
    struct opt opts[] = {
        OPT("weights", V_FIXED, &n->weights), OPT("activations", V_FIXED, &n->activations),
        OPT("gradients", V_FIXED, &n->gradients), OPT("state", V_FIXED, &n->state),
        OPT("accumulators", V_FIXED_AUTO, &n->accumulators),
    };
    parse_options(p, opts, 5);
}

/* init = "init" ( "normal" "std=" DEC | "uniform" "limit=" DEC | "xavier" | "he" ) [ "seed=" INT ] */
static void parse_init(struct parser *p)
{
    struct ast_net *n = p->net;
    if (!parse_positional_enum(p, &n->init.kind, init_names, "initialization")) {
        parse_skip_line(p);
        return;
    }
    struct opt normal[] = { OPT_REQ("std", V_DEC, &n->std), OPT("seed", V_INT, &n->seed) };
    struct opt uniform[] = { OPT_REQ("limit", V_DEC, &n->limit), OPT("seed", V_INT, &n->seed) };
    struct opt other[] = { OPT("seed", V_INT, &n->seed) };
    switch ((enum ir_init_kind)n->init.kind.e) {
    case IR_INIT_NORMAL: parse_options(p, normal, 2); break;
    case IR_INIT_UNIFORM: parse_options(p, uniform, 2); break;
    case IR_INIT_XAVIER:
    case IR_INIT_HE: parse_options(p, other, 1); break;
    }
}

/* hardware = "hardware" [ "pes=" INT ] [ "clock_mhz=" DEC ]
 *            [ "target=" ( "generic" | "ice40" | "ecp5" | "xilinx" ) ] [ "device=" WORD ]
 *            [ "perf=" ( "on" | "off" ) ] [ "counters=" ( "on" | "off" ) ] */
static void parse_hardware(struct parser *p)
{
    struct ast_net *n = p->net;
    struct opt opts[] = {
        OPT("pes", V_INT, &n->pes), OPT("clock_mhz", V_DEC, &n->clock_mhz),
        OPT_ENUM("target", target_names, "target", &n->target), OPT("device", V_WORD, &n->device),
        OPT_ENUM("perf", onoff_names, "perf setting", &n->perf),
        OPT_ENUM("counters", onoff_names, "counters setting", &n->counters),
    };
    parse_options(p, opts, 6);
}

/* ---- statement order --------------------------------------------------- */

enum stmt_class { SC_NETWORK, SC_INPUT, SC_LAYER, SC_SETTING };

/* The order rule: network, input, layers, settings. Reports at the first
 * statement that breaks it, once per kind of breakage. */
static void parse_order(struct parser *p, enum stmt_class sc, struct ast_setting *setting)
{
    struct ast_net *n = p->net;
    if (sc == SC_NETWORK) {
        if (n->network.given) {
            diag_error(p->d, p->stmt_kw, "'network' given twice");
            diag_note(p->d, n->network.kw, "first given here");
        } else if (p->phase != PH_START && !p->missing_network_said) {
            diag_error(p->d, p->stmt_kw, "'network' must be the first statement");
        }
        if (p->phase == PH_START)
            p->phase = PH_NETWORK;
        return;
    }
    if (p->phase == PH_START) {
        diag_error(p->d, p->stmt_kw, "expected 'network NAME' as the first statement");
        p->missing_network_said = true;
        p->phase = sc == SC_INPUT ? PH_NETWORK : PH_LAYERS;
        if (sc != SC_INPUT)
            p->missing_input_said = true;
    }
    switch (sc) {
    case SC_INPUT:
        if (n->input.given) {
            diag_error(p->d, p->stmt_kw, "'input' given twice");
            diag_note(p->d, n->input.kw, "first given here");
        } else if (p->phase != PH_NETWORK && !p->missing_input_said) {
            diag_error(p->d, p->stmt_kw, "'input' must come right after 'network'");
        }
        if (p->phase == PH_NETWORK)
            p->phase = PH_LAYERS;
        break;
    case SC_LAYER:
        if (p->phase == PH_NETWORK) {
            diag_error(p->d, p->stmt_kw, "expected 'input' before the first layer");
            p->missing_input_said = true;
            p->phase = PH_LAYERS;
        } else if (p->phase == PH_SETTINGS) {
            diag_error(p->d, p->stmt_kw, "layer '%s' after a setting statement (layers come before loss, optimizer, ... hardware)",
                       p->stmt_name);
        }
        break;
    case SC_SETTING:
        if (p->phase == PH_NETWORK) {
            diag_error(p->d, p->stmt_kw, "expected 'input' after 'network'");
            p->missing_input_said = true;
        }
        p->phase = PH_SETTINGS;
        if (setting->given) {
            diag_error(p->d, p->stmt_kw, "setting '%s' given twice", p->stmt_name);
            diag_note(p->d, setting->kw, "first given here");
        }
        break;
    case SC_NETWORK:
        break;
    }
}

/* ---- the file ---------------------------------------------------------- */

enum stmt {
    ST_NETWORK, ST_INPUT,
    ST_DENSE, ST_CONV, ST_MAXPOOL, ST_AVGPOOL, ST_FLATTEN, ST_DROPOUT, ST_BATCHNORM,
    ST_NORMALIZE, ST_LOSS, ST_OPTIMIZER, ST_SCHEDULE, ST_BATCH, ST_PRECISION, ST_INIT, ST_HARDWARE
};

/* indexed by enum stmt */
static const char *const stmt_names[] = {
    "network", "input", "dense", "conv", "maxpool", "avgpool", "flatten", "dropout", "batchnorm",
    "normalize", "loss", "optimizer", "schedule", "batch", "precision", "init", "hardware", NULL
};

static void parse_statement(struct parser *p)
{
    struct ast_net *n = p->net;
    struct tok kw = lex_next(&p->lx);
    p->stmt_failed = false;
    p->stmt_kw = kw.loc;
    int s = parse_lookup(stmt_names, &kw);
    if (s < 0) {
        const char *text = parse_text(p, &kw);
        if (kw.kind == TK_IDENT) {
            char *lower = arena_strdup(p->a, text);
            for (char *c = lower; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            struct tok low = kw;
            low.text = lower;
            low.len = (int)strlen(lower);
            if (parse_lookup(stmt_names, &low) >= 0)
                diag_error(p->d, kw.loc, "unknown statement '%s' (keywords are lower case: '%s')", text, lower);
            else
                diag_error(p->d, kw.loc, "unknown statement '%s'", text);
        } else {
            diag_error(p->d, kw.loc, "expected a statement keyword, got '%s'", text);
        }
        parse_skip_line(p);
        return;
    }
    p->stmt_name = stmt_names[s];
    struct ast_layer *layer = NULL;
    struct ast_setting *setting = NULL;
    switch (s) {
    case ST_NETWORK:
        parse_order(p, SC_NETWORK, NULL);
        {
            struct ast_val keep = n->name;
            bool dup = n->network.given;
            parse_network(p);
            if (dup)
                n->name = keep;
        }
        if (!n->network.given)
            n->network.given = true, n->network.kw = kw.loc;
        return;
    case ST_INPUT:
        parse_order(p, SC_INPUT, NULL);
        {
            struct ast_val keep = n->in_shape;
            bool dup = n->input.given;
            parse_input(p);
            if (dup)
                n->in_shape = keep;
        }
        if (!n->input.given)
            n->input.given = true, n->input.kw = kw.loc;
        return;
    case ST_DENSE: case ST_CONV: case ST_MAXPOOL: case ST_AVGPOOL:
    case ST_FLATTEN: case ST_DROPOUT: case ST_BATCHNORM:
        parse_order(p, SC_LAYER, NULL);
        switch (s) {
        case ST_DENSE: layer = parse_dense(p); break;
        case ST_CONV: layer = parse_conv(p); break;
        case ST_MAXPOOL: layer = parse_pool(p, IR_MAXPOOL); break;
        case ST_AVGPOOL: layer = parse_pool(p, IR_AVGPOOL); break;
        case ST_FLATTEN: layer = parse_flatten(p); break;
        case ST_DROPOUT: layer = parse_dropout(p); break;
        default: layer = parse_batchnorm(p); break;
        }
        break;
    case ST_NORMALIZE: setting = &n->normalize; break;
    case ST_LOSS: setting = &n->loss; break;
    case ST_OPTIMIZER: setting = &n->optimizer; break;
    case ST_SCHEDULE: setting = &n->schedule; break;
    case ST_BATCH: setting = &n->batch; break;
    case ST_PRECISION: setting = &n->precision; break;
    case ST_INIT: setting = &n->init; break;
    default: setting = &n->hardware; break;
    }
    if (layer) {
        parse_add_layer(p, layer);
        return;
    }
    parse_order(p, SC_SETTING, setting);
    /* indexed by s - ST_NORMALIZE */
    static void (*const setting_fn[])(struct parser *) = {
        parse_normalize, parse_loss, parse_optimizer, parse_schedule,
        parse_batch, parse_precision, parse_init, parse_hardware,
    };
    if (setting->given) {
        /* a duplicate: parse it for its own errors into a scratch tree */
        struct ast_net *keep = p->net;
        p->net = arena_alloc(p->a, sizeof *p->net);
        setting_fn[s - ST_NORMALIZE](p);
        p->net = keep;
        return;
    }
    setting->given = true;
    setting->kw = kw.loc;
    setting_fn[s - ST_NORMALIZE](p);
}

struct ast_net *parse_net(struct arena *a, struct diag *d, const char *src, size_t len)
{
    struct parser p;
    memset(&p, 0, sizeof p);
    p.a = a;
    p.d = d;
    p.net = arena_alloc(a, sizeof *p.net);
    p.tail = &p.net->layers;
    lex_init(&p.lx, d, src, len);
    int errors_before = d->errors;
    while (!diag_stopped(d)) {
        const struct tok *t = lex_peek(&p.lx, 0);
        if (t->kind == TK_EOF)
            break;
        if (t->kind == TK_NEWLINE) {
            lex_next(&p.lx);
            continue;
        }
        parse_statement(&p);
    }
    struct ast_net *n = p.net;
    /* what the whole file lacks, unless an earlier error may explain it */
    if (d->errors == errors_before) {
        struct loc start = { 1, 1, 1 };
        if (!n->network.given && !p.missing_network_said)
            diag_error(d, start, "missing 'network NAME' statement (a description starts with it)");
        else if (!n->input.given && !p.missing_input_said)
            diag_error(d, n->network.kw, "missing 'input' statement after 'network'");
        else if (n->n_layers == 0 && n->network.given)
            diag_error(d, n->network.kw, "network has no layers");
    }
    return d->errors > errors_before ? NULL : n;
}
