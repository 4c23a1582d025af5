/* emit.h: the back-end entry point. main.c calls emit_project once, after
 * the checker produced a clean IR; it writes the whole generated project. */
#ifndef MLPGEN_EMIT_H
#define MLPGEN_EMIT_H

#include "diag.h"
#include "ir.h"

/* Write the generated project for `net` into `out_dir`. Everything is
 * written under a temporary sibling directory (out.h) and renamed into place
 * only when every file was written; on failure out_dir is neither created
 * nor changed. Problems are reported through `d` (diag_error_noloc).
 * Returns 0 on success, -1 on failure. */
int emit_project(const struct ir_net *net, const char *out_dir, struct diag *d);

#endif
