/* plan.c: the first, simple planner (plan.h): explicit parallel=P wins,
 * the rest of `pes` is split in proportion to each layer's forward
 * multiplies, at least one unit each and at most one per output row (this
 * planner splits layers along their outputs only; units beyond that stay
 * unassigned). Largest-remainder rounding, ties to the earlier layer, so
 * the result is deterministic. The balanced planner
 * of docs/architecture.md (divisors, 2-D splits) replaces it later. */
#include "plan.h"

static bool plan_has_macs(const struct ir_layer *l)
{
    return l->kind == IR_DENSE || l->kind == IR_CONV;
}

/* output rows a layer can spread over units: dense outputs, conv filters */
static int64_t plan_rows(const struct ir_layer *l)
{
    return l->kind == IR_CONV ? l->filters : l->n_out;
}

void plan_pes(struct ir_net *net)
{
    int64_t left = net->hw.pes;
    double total = 0;
    int free_layers = 0;
    for (int i = 0; i < net->n_layers; i++) {
        struct ir_layer *l = &net->layers[i];
        l->pes = 0;
        if (!plan_has_macs(l))
            continue;
        if (l->parallel > 0) {
            l->pes = l->parallel;
            left -= l->parallel;
        } else {
            free_layers++;
            total += (double)ir_layer_macs(l);
        }
    }
    if (free_layers == 0)
        return;
    /* one each, then the rest in proportion */
    int64_t extra = left - free_layers;
    if (extra < 0)
        extra = 0;
    int64_t given = 0;
    for (int i = 0; i < net->n_layers; i++) {
        struct ir_layer *l = &net->layers[i];
        if (!plan_has_macs(l) || l->parallel > 0)
            continue;
        double share = total > 0 ? (double)extra * (double)ir_layer_macs(l) / total : 0;
        int64_t p = (int64_t)share;
        if (1 + p > plan_rows(l))
            p = plan_rows(l) - 1;
        l->pes = (int)(1 + p);
        given += p;
    }
    /* largest remainders get the units rounding left over */
    while (given < extra) {
        int best = -1;
        double best_rem = -1;
        for (int i = 0; i < net->n_layers; i++) {
            struct ir_layer *l = &net->layers[i];
            if (!plan_has_macs(l) || l->parallel > 0 || l->pes >= plan_rows(l))
                continue;
            double share = total > 0 ? (double)extra * (double)ir_layer_macs(l) / total : 0;
            double rem = share - (double)(l->pes - 1);
            if (rem > best_rem) {
                best_rem = rem;
                best = i;
            }
        }
        if (best < 0)
            break;
        net->layers[best].pes++;
        given++;
    }
}
