/* emit_build.h: the build back end. Writes DIR/CMakeLists.txt from
 * templates/CMakeLists.txt.in (the runtime library from DIR/runtime, the
 * host program from DIR/host, optionally the Verilated host; nothing
 * outside DIR) and DIR/README.md from templates/README.md.in. */
#ifndef MLPGEN_EMIT_BUILD_H
#define MLPGEN_EMIT_BUILD_H

#include "diag.h"
#include "ir.h"
#include "out.h"

/* 0 or -1 (reported through d). */
int emit_build(const struct ir_net *ir, const char *src_dir, struct out *o, struct diag *d);

#endif
