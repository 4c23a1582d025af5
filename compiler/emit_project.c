/* emit_project.c: the back end's driver (emit.h). Builds the runtime net
 * once (emit_net.c) and hands it to every emitter, all writing into one
 * temporary tree that out.c renames into place only when all succeeded:
 *
 *   net.ir.txt        the checked network (the --dump-ir text)
 *   host/, runtime/   emit_host.c: tables, main.c, runtime copies
 *   rtl/, sim/, host/<ident>_hw.h   emit_rtl.c: the training core
 *   synth/            emit_synth.c: synthesis scripts, board wrapper
 *   CMakeLists.txt, README.md       emit_build.c
 *
 * The templates and runtime sources come from emit_source_dir(). */
#define _POSIX_C_SOURCE 200809L
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>

#include "emit_build.h"
#include "emit_host.h"
#include "emit_net.h"
#include "emit_rtl.h"
#include "emit_synth.h"
#include "emit_text.h"
#include "out.h"

static int emit_ir_text(const struct ir_net *net, struct out *o, struct diag *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        diag_error_noloc(d, "out of memory");
        return -1;
    }
    int rc = ir_dump(net, f);
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        diag_error_noloc(d, "cannot format the IR listing");
    else
        rc = out_write(o, "net.ir.txt", text, len);
    free(text);
    return rc;
}

int emit_project(const struct ir_net *net, const char *out_dir, struct diag *d)
{
    const char *src = emit_source_dir();
    struct emit_net en;
    if (emit_net_build(net, &en, d) != 0)
        return -1;
    struct out o;
    if (out_begin(&o, out_dir, d) != 0) {
        emit_net_free(&en);
        return -1;
    }
    int rc = emit_ir_text(net, &o, d);
    if (rc == 0)
        rc = emit_host(net, &en.net->net, src, &o, d);
    if (rc == 0) {
        char net_c[80], net_h[80];
        emit_host_names(net, net_c, net_h);
        rc = emit_rtl_net_upd(&en.net->net, en.pes, en.cols, emit_rtl_flags(net), en.mem_sp, src, net_c, &o, d);
    }
    if (rc == 0)
        rc = emit_synth(net, emit_rtl_axi_bits(&en.net->net, en.pes, en.cols), src, &o, d);
    if (rc == 0)
        rc = emit_build(net, src, &o, d);
    emit_net_free(&en);
    if (rc != 0) {
        out_abort(&o);
        return -1;
    }
    return out_commit(&o);
}
