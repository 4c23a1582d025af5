/* plan.h: the planner that gives every dense and conv layer its multiply
 * units out of `hardware pes=N`. */
#ifndef MLPGEN_PLAN_H
#define MLPGEN_PLAN_H

#include "ir.h"

/* Fill layers[i].pes (= pe_rows * pe_cols), the net's plan and each layer's
 * plan_fwd / plan_train estimates: an explicit parallel=P is kept; the
 * other MAC layers get the units that balance the pipeline's stages (the
 * cost model and the search are described in plan.c), each at least 1 and
 * at most its output rows per chain. The checker has made sure net->hw.pes
 * covers one unit per layer. Deterministic. Also picks the update unit:
 * net->hw.upd_seq (mlp_update_sgd_seq, one per layer) for target ice40. */
void plan_pes(struct ir_net *net);

#endif
