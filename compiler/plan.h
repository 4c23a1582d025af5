/* plan.h: the planner that gives every dense and conv layer its multiply
 * units out of `hardware pes=N`. */
#ifndef MLPGEN_PLAN_H
#define MLPGEN_PLAN_H

#include "ir.h"

/* Fill layers[i].pes: an explicit parallel=P is kept; the remaining units
 * go to the other MAC layers in proportion to their multiplies per sample
 * (n_in * n_out for dense), each at least 1 and at most its output rows. The checker has made sure
 * net->hw.pes covers that. Deterministic. */
void plan_pes(struct ir_net *net);

#endif
