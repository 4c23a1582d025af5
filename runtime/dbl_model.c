/* dbl_model: double-precision forward, backward and SGD of a dense net,
 * written from the lecture's formulas, sharing no arithmetic with ref_train. */
#include "dbl_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void dbl_free(struct dbl_model *m)
{
    if (!m)
        return;
    for (int l = 0; m->ly && l < m->n_layers; l++) {
        struct dbl_layer *L = &m->ly[l];
        free(L->w); free(L->b); free(L->vw); free(L->vb); free(L->gw); free(L->gb);
        free(L->z); free(L->a); free(L->delta);
    }
    free(m->ly);
    free(m->g);
    free(m);
}

struct dbl_model *dbl_new(const struct mlp_net *net)
{
    struct dbl_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->net = net;
    m->n_layers = net->n_layers;
    m->ly = calloc((size_t)net->n_layers, sizeof *m->ly);
    int widest = 1;
    for (int l = 0; l < net->n_layers; l++)
        if (net->layers[l].n_in > widest)
            widest = net->layers[l].n_in;
    m->g = calloc((size_t)widest, sizeof *m->g);
    if (!m->ly || !m->g) {
        dbl_free(m);
        return NULL;
    }
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *src = &net->layers[l];
        struct dbl_layer *L = &m->ly[l];
        size_t nw = (size_t)src->n_out * (size_t)src->n_in, no = (size_t)src->n_out;
        L->n_in = src->n_in;
        L->n_out = src->n_out;
        L->act = src->act;
        L->param = src->act_param;
        L->bias = src->bias;
        L->w = calloc(nw, sizeof *L->w);
        L->vw = calloc(nw, sizeof *L->vw);
        L->gw = calloc(nw, sizeof *L->gw);
        L->b = calloc(no, sizeof *L->b);
        L->vb = calloc(no, sizeof *L->vb);
        L->gb = calloc(no, sizeof *L->gb);
        L->z = calloc(no, sizeof *L->z);
        L->a = calloc(no, sizeof *L->a);
        L->delta = calloc(no, sizeof *L->delta);
        if (!L->w || !L->vw || !L->gw || !L->b || !L->vb || !L->gb || !L->z || !L->a ||
            !L->delta) {
            dbl_free(m);
            return NULL;
        }
        for (size_t k = 0; k < nw; k++)
            L->w[k] = fx_to_double(src->w0[k], net->weights);
    }
    m->lr = ldexp((double)net->hyper.lr_q, -24);
    m->momentum = ldexp((double)net->hyper.momentum_q, -24);
    m->weight_decay = ldexp((double)net->hyper.weight_decay_q, -24);
    m->nesterov = net->hyper.nesterov;
    return m;
}

static double dbl_act(enum mlp_act act, double p, double z)
{
    switch (act) {
    case MLP_SIGMOID: return 1.0 / (1.0 + exp(-p * z));
    case MLP_TANH: return tanh(z);
    case MLP_RELU: return z > 0 ? z : 0;
    case MLP_LEAKY_RELU: return z >= 0 ? z : p * z;
    case MLP_ELU: return z > 0 ? z : p * (exp(z) - 1.0);
    default: return z;
    }
}

/* f'(z) given z and a = f(z). */
static double dbl_deriv(enum mlp_act act, double p, double z, double a)
{
    switch (act) {
    case MLP_SIGMOID: return p * a * (1.0 - a);
    case MLP_TANH: return 1.0 - a * a;
    case MLP_RELU: return z > 0 ? 1.0 : 0.0;
    case MLP_LEAKY_RELU: return z > 0 ? 1.0 : p;
    case MLP_ELU: return z > 0 ? 1.0 : p * exp(z);
    default: return 1.0;
    }
}

void dbl_forward(struct dbl_model *m, const double *x, double *out)
{
    const double *in = x;
    for (int l = 0; l < m->n_layers; l++) {
        struct dbl_layer *L = &m->ly[l];
        for (int j = 0; j < L->n_out; j++) {
            double s = L->bias ? L->b[j] : 0.0;
            for (int i = 0; i < L->n_in; i++)
                s += L->w[(size_t)j * (size_t)L->n_in + (size_t)i] * in[i];
            L->z[j] = s;
            L->a[j] = dbl_act(L->act, L->param, s);
        }
        if (L->act == MLP_SOFTMAX) {
            double mx = L->z[0], sum = 0;
            for (int j = 1; j < L->n_out; j++)
                mx = fmax(mx, L->z[j]);
            for (int j = 0; j < L->n_out; j++)
                sum += (L->a[j] = exp(L->z[j] - mx));
            for (int j = 0; j < L->n_out; j++)
                L->a[j] /= sum;
        }
        in = L->a;
    }
    if (out)
        memcpy(out, in, (size_t)m->ly[m->n_layers - 1].n_out * sizeof *out);
}

static double dbl_sample_loss(const struct dbl_model *m, const double *t)
{
    const struct dbl_layer *L = &m->ly[m->n_layers - 1];
    double e = 0;
    for (int k = 0; k < L->n_out; k++) {
        double a = L->a[k];
        switch (m->net->loss) {
        case MLP_MSE: e += 0.5 * (a - t[k]) * (a - t[k]); break;
        case MLP_HINGE: e += fmax(0.0, 1.0 - t[k] * a); break;
        case MLP_CROSS_ENTROPY:
            if (L->act == MLP_SOFTMAX)
                e -= t[k] * log(a);
            else
                e -= t[k] * log(a) + (1.0 - t[k]) * log(1.0 - a);
            break;
        }
    }
    return e;
}

double dbl_loss(struct dbl_model *m, const double *x, const double *t, int b)
{
    int n_in = m->ly[0].n_in, n_out = m->ly[m->n_layers - 1].n_out;
    double e = 0;
    for (int s = 0; s < b; s++) {
        dbl_forward(m, x + (size_t)s * (size_t)n_in, NULL);
        e += dbl_sample_loss(m, t + (size_t)s * (size_t)n_out);
    }
    return e / b;
}

double dbl_gradient(struct dbl_model *m, const double *x, const double *t, int b)
{
    int n_in = m->ly[0].n_in, last = m->n_layers - 1, n_out = m->ly[last].n_out;
    double e = 0;
    for (int l = 0; l < m->n_layers; l++) {
        struct dbl_layer *L = &m->ly[l];
        memset(L->gw, 0, (size_t)L->n_out * (size_t)L->n_in * sizeof *L->gw);
        memset(L->gb, 0, (size_t)L->n_out * sizeof *L->gb);
    }
    for (int s = 0; s < b; s++) {
        const double *xs = x + (size_t)s * (size_t)n_in, *ts = t + (size_t)s * (size_t)n_out;
        dbl_forward(m, xs, NULL);
        e += dbl_sample_loss(m, ts);
        struct dbl_layer *O = &m->ly[last];
        for (int k = 0; k < n_out; k++) {
            double a = O->a[k], dE_da;
            if (m->net->loss == MLP_CROSS_ENTROPY) {      /* softmax or sigmoid: p - y */
                O->delta[k] = (a - ts[k]) * (O->act == MLP_SIGMOID ? O->param : 1.0) / b;
                continue;
            }
            if (m->net->loss == MLP_MSE)
                dE_da = a - ts[k];
            else
                dE_da = ts[k] * a < 1.0 ? -ts[k] : 0.0;
            O->delta[k] = dE_da * dbl_deriv(O->act, O->param, O->z[k], a) / b;
        }
        for (int l = last; l >= 0; l--) {
            struct dbl_layer *L = &m->ly[l];
            const double *in = l == 0 ? xs : m->ly[l - 1].a;
            for (int j = 0; j < L->n_out; j++) {
                for (int i = 0; i < L->n_in; i++)
                    L->gw[(size_t)j * (size_t)L->n_in + (size_t)i] += L->delta[j] * in[i];
                L->gb[j] += L->delta[j];
            }
            if (l == 0)
                break;
            struct dbl_layer *P = &m->ly[l - 1];
            for (int i = 0; i < L->n_in; i++) {
                double g = 0;
                for (int j = 0; j < L->n_out; j++)
                    g += L->w[(size_t)j * (size_t)L->n_in + (size_t)i] * L->delta[j];
                P->delta[i] = g * dbl_deriv(P->act, P->param, P->z[i], P->a[i]);
            }
        }
    }
    return e / b;
}

/* torch.optim.SGD for one parameter. */
static void dbl_step(const struct dbl_model *m, double *p, double *v, double g, double wd)
{
    double d = g + wd * *p;
    double step = d;
    if (m->momentum > 0) {
        *v = m->momentum * *v + d;
        step = m->nesterov ? d + m->momentum * *v : *v;
    }
    *p -= m->lr * step;
}

void dbl_update(struct dbl_model *m)
{
    for (int l = 0; l < m->n_layers; l++) {
        struct dbl_layer *L = &m->ly[l];
        size_t nw = (size_t)L->n_out * (size_t)L->n_in;
        for (size_t k = 0; k < nw; k++)
            dbl_step(m, &L->w[k], &L->vw[k], L->gw[k], m->weight_decay);
        if (L->bias)
            for (int j = 0; j < L->n_out; j++)
                dbl_step(m, &L->b[j], &L->vb[j], L->gb[j], 0.0);
    }
}

double dbl_train_batch(struct dbl_model *m, const double *x, const double *t, int b,
                       double *out)
{
    int n_in = m->ly[0].n_in, n_out = m->ly[m->n_layers - 1].n_out;
    if (out)
        for (int s = 0; s < b; s++)
            dbl_forward(m, x + (size_t)s * (size_t)n_in, out + (size_t)s * (size_t)n_out);
    double e = dbl_gradient(m, x, t, b);
    dbl_update(m);
    return e;
}
