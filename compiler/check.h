/* check.h: the syntax tree to the checked IR. Enforces every rule of
 * docs/net-desc.md "Rules the checker enforces" that the parser could not
 * (ranges, shapes, loss/output compatibility, pes budget, devices), fills in
 * every default, plans the multiply units, and finally rejects what the
 * back end does not implement yet (one table in check.c). */
#ifndef MLPGEN_CHECK_H
#define MLPGEN_CHECK_H

#include "arena.h"
#include "diag.h"
#include "ir.h"
#include "parse.h"

/* Returns the IR, or NULL when there were errors (reported through d).
 * source_path is the file as given; the IR keeps its basename. */
struct ir_net *check_net(struct arena *a, struct diag *d, const struct ast_net *ast, const char *source_path);

#endif
