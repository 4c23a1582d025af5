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

static int emit_project_clog2(long v)
{
    int c = 0;
    for (long t = v - 1; t > 0; t >>= 1)
        c++;
    return c;
}

/* The core's AXI4-Lite address width, for the board wrapper: the formula of
 * emit_rtl.c's layout (one window per layer; tests/emit/determinism.sh
 * checks that synth/ and host/<ident>_hw.h agree). */
static int emit_project_axi_bits(const struct mlp_net *net, const int *pes)
{
    int haw = 0;
    for (int l = 0; l < net->n_layers; l++) {
        const struct mlp_layer *ly = &net->layers[l];
        int p = pes[l] < 1 ? 1 : pes[l] > ly->n_out ? ly->n_out : pes[l];
        long depth = (long)((ly->n_out + p - 1) / p) * (ly->n_in + 1);
        int aw = emit_project_clog2(depth), pw = emit_project_clog2(p);
        aw = aw < 1 ? 1 : aw;
        pw = pw < 1 ? 1 : pw;
        if (2 + pw + aw > haw)
            haw = 2 + pw + aw;
    }
    int lrb = haw + 2 < 10 ? 10 : haw + 2;
    int axw = lrb + emit_project_clog2(net->n_layers + 1);
    return axw < 12 ? 12 : axw;
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
    if (rc == 0)
        rc = emit_rtl_net(&en.net->net, en.pes, src, &o, d);
    if (rc == 0)
        rc = emit_synth(net, emit_project_axi_bits(&en.net->net, en.pes), src, &o, d);
    if (rc == 0)
        rc = emit_build(net, src, &o, d);
    emit_net_free(&en);
    if (rc != 0) {
        out_abort(&o);
        return -1;
    }
    return out_commit(&o);
}
