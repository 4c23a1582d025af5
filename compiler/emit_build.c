/* emit_build.c: DIR/CMakeLists.txt and DIR/README.md (emit_build.h). The
 * templates hold the structure; this file supplies the names. */
#include "emit_build.h"

#include <stdio.h>
#include <stdlib.h>

#include "emit_host.h"
#include "emit_text.h"

/* templates/NAME.in filled into DIR/NAME. */
static int emit_build_one(const struct ir_net *ir, const char *src_dir, const char *name,
                          struct out *o, struct diag *d)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/templates/%s.in", src_dir, name);
    char *t = emit_read_file(path, NULL);
    if (!t) {
        diag_error_noloc(d, "cannot read the template '%s' (set MLPGEN_HOME to the mlpgen "
                            "source tree)", path);
        return -1;
    }
    char net_c[80], net_h[80];
    emit_host_names(ir, net_c, net_h);
    struct emit_buf src = {0}, cm = {0};
    emit_comment_text(&src, ir->source);
    const struct emit_key keys[] = {
        {"NAME_COMMENT", ir->name},
        {"SOURCE_COMMENT", src.p ? src.p : ""},
        {"IDENT", ir->ident},
        {"NET_C", net_c},
    };
    const char *missing = NULL;
    int rc = emit_fill(&cm, t, keys, (int)(sizeof keys / sizeof keys[0]), &missing);
    if (rc != 0)
        diag_error_noloc(d, "template '%s': %s '%.40s'", path,
                         missing ? "unknown key" : "out of memory", missing ? missing : "");
    else
        rc = out_write(o, name, cm.p, cm.n);
    free(t);
    emit_buf_free(&src);
    emit_buf_free(&cm);
    return rc;
}

int emit_build(const struct ir_net *ir, const char *src_dir, struct out *o, struct diag *d)
{
    int rc = emit_build_one(ir, src_dir, "CMakeLists.txt", o, d);
    if (rc == 0)
        rc = emit_build_one(ir, src_dir, "README.md", o, d);
    return rc;
}
