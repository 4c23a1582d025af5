/* emit_project.c: THE FIRST EMITTER, a placeholder. It writes only
 * DIR/net.ir.txt (the --dump-ir text) through out.c so the pipeline runs
 * end to end; the emitter engineer replaces it with the real project
 * (rtl/, host/, sim/, synth/, CMakeLists.txt). */
#define _POSIX_C_SOURCE 200809L
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>

#include "out.h"

int emit_project(const struct ir_net *net, const char *out_dir, struct diag *d)
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
    if (rc != 0) {
        diag_error_noloc(d, "cannot format the IR listing");
        free(text);
        return -1;
    }
    struct out o;
    if (out_begin(&o, out_dir, d) != 0) {
        free(text);
        return -1;
    }
    if (out_write(&o, "net.ir.txt", text, len) != 0) {
        out_abort(&o);
        free(text);
        return -1;
    }
    free(text);
    return out_commit(&o);
}
