/* emit_synth_drv.c: runs emit_synth (compiler/emit_synth.c) on its own
 * until emit_project.c calls it: writes OUT/synth/ for a net given by name
 * and hardware settings, as the checked IR would carry them.
 *   emit_synth_drv OUT NAME TARGET DEVICE|- CLOCK_MHZ AXI_ADDR_BITS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "emit_synth.h"
#include "emit_text.h"
#include "ir.h"
#include "out.h"

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: emit_synth_drv OUT NAME TARGET DEVICE|- CLOCK_MHZ AXW\n");
        return 2;
    }
    static const char *const targets[] = {"generic", "ice40", "ecp5", "xilinx"};
    struct ir_net net;
    memset(&net, 0, sizeof net);
    char ident[80];
    snprintf(ident, sizeof ident, "mlp_%s", argv[2]);
    net.name = argv[2];
    net.ident = ident;
    net.hw.target = IR_TARGET_GENERIC;
    for (int t = 0; t < 4; t++)
        if (strcmp(argv[3], targets[t]) == 0)
            net.hw.target = (enum ir_target)t;
    net.hw.device = strcmp(argv[4], "-") == 0 ? NULL : argv[4];
    net.hw.clock_mhz = atof(argv[5]);
    /* mlp_stub_top's output words use all 32 bits: no sign extension */
    net.prec.activations.width = 32;
    struct diag d;
    memset(&d, 0, sizeof d);
    d.out = stderr;
    d.path = "emit_synth_drv";
    struct out o;
    if (out_begin(&o, argv[1], &d) != 0)
        return 1;
    if (emit_synth(&net, atoi(argv[6]), emit_source_dir(), &o, &d) != 0) {
        out_abort(&o);
        return 1;
    }
    return out_commit(&o) == 0 ? 0 : 1;
}
