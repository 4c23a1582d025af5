/* emit_synth.c: DIR/synth/ (emit_synth.h). The templates under
 * templates/synth hold the scripts; this file picks the device figures
 * (nextpnr architecture and package, Yosys options, parts) from the net's
 * `hardware target= device= clock_mhz=` and copies the board modules. */
#include "emit_synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit_text.h"

enum { SYNTH_BOARD_MHZ = 12, SYNTH_BAUD = 115200, SYNTH_FIFO_DEPTH = 256 };

/* Device figures for every family: the net's own device= where it names a
 * part of that family, else the family's default part. */
struct synth_dev {
    const char *target;        /* default make target */
    const char *ice40_dev, *ice40_arch, *ice40_pkg, *ice40_family, *pcf, *led_on;
    int ice40_dsp;             /* UP5K has SB_MAC16, HX8K none */
    const char *ecp5_dev;
    const char *xilinx_part, *xilinx_part_full;
};

static void synth_pick(const struct ir_net *ir, struct synth_dev *s)
{
    const char *dev = ir->hw.device ? ir->hw.device : "";
    static const char *const targets[] = {"generic", "ice40", "ecp5", "xilinx"};
    unsigned t = (unsigned)ir->hw.target;
    s->target = t < 4 ? targets[t] : "generic";
    int hx = ir->hw.target == IR_TARGET_ICE40 && strncmp(dev, "hx8k", 4) == 0;
    s->ice40_dev = hx ? "hx8k-ct256" : "up5k-sg48";
    s->ice40_arch = hx ? "hx8k" : "up5k";
    s->ice40_pkg = hx ? "ct256" : "sg48";
    s->ice40_family = hx ? "ice40-hx8k" : "ice40-up5k";
    s->pcf = hx ? "hx8k_breakout.pcf" : "icebreaker.pcf";
    s->led_on = hx ? "" : "!";   /* iCEBreaker LEDs are active low */
    s->ice40_dsp = !hx;
    s->ecp5_dev = ir->hw.target == IR_TARGET_ECP5 && strcmp(dev, "85k") == 0 ? "85k" : "25k";
    s->xilinx_part = "xc7a100t";
    s->xilinx_part_full = "xc7a100tcsg324-1";
    if (ir->hw.target == IR_TARGET_XILINX && strcmp(dev, "xc7a35t") == 0) {
        s->xilinx_part = "xc7a35t";
        s->xilinx_part_full = "xc7a35tcpg236-1";
    } else if (ir->hw.target == IR_TARGET_XILINX && strcmp(dev, "xc7z020") == 0) {
        s->xilinx_part = "xc7z020";
        s->xilinx_part_full = "xc7z020clg400-1";
    }
}

/* templates/synth/<name> filled with keys, written to rel. */
static int synth_fill(const char *src_dir, const char *name, const char *rel,
                      const struct emit_key *keys, int n_keys, struct out *o, struct diag *d)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/templates/synth/%s", src_dir, name);
    char *t = emit_read_file(path, NULL);
    if (!t) {
        diag_error_noloc(d, "cannot read the template '%s' (set MLPGEN_HOME to the mlpgen "
                            "source tree)", path);
        return -1;
    }
    struct emit_buf b = {0};
    const char *missing = NULL;
    int rc = emit_fill(&b, t, keys, n_keys, &missing);
    if (rc != 0)
        diag_error_noloc(d, "template '%s': %s '%.40s'", path,
                         missing ? "unknown key" : "out of memory", missing ? missing : "");
    else
        rc = out_write(o, rel, b.p ? b.p : "", b.n);
    free(t);
    emit_buf_free(&b);
    return rc;
}

static int synth_copy(const char *src_dir, const char *from, const char *rel, struct out *o)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", src_dir, from);
    return out_copy(o, rel, path);
}

int emit_synth(const struct ir_net *ir, int axi_addr_bits, const char *src_dir, struct out *o,
               struct diag *d)
{
    if (axi_addr_bits < 1 || axi_addr_bits > 32) {
        diag_error_noloc(d, "synthesis: AXI4-Lite address width %d out of 1..32", axi_addr_bits);
        return -1;
    }
    if (ir->prec.activations.width < 1 || ir->prec.activations.width > 32) {
        diag_error_noloc(d, "synthesis: activation width %d out of 1..32",
                         ir->prec.activations.width);
        return -1;
    }
    struct synth_dev s;
    synth_pick(ir, &s);
    char mhz[32], axw[16], cpb[16], baud[16], bmhz[16], depth[16], outw[16];
    snprintf(mhz, sizeof mhz, "%g", ir->hw.clock_mhz);
    snprintf(axw, sizeof axw, "%d", axi_addr_bits);
    snprintf(cpb, sizeof cpb, "%d", (SYNTH_BOARD_MHZ * 1000000 + SYNTH_BAUD / 2) / SYNTH_BAUD);
    snprintf(baud, sizeof baud, "%d", SYNTH_BAUD);
    snprintf(bmhz, sizeof bmhz, "%d", SYNTH_BOARD_MHZ);
    snprintf(depth, sizeof depth, "%d", SYNTH_FIFO_DEPTH);
    snprintf(outw, sizeof outw, "%d", ir->prec.activations.width);
    const struct emit_key keys[] = {
        {"IDENT", ir->ident},
        {"TARGET", s.target},
        {"CLOCK_MHZ", mhz},
        {"ICE40_DEV", s.ice40_dev},
        {"ICE40_ARCH", s.ice40_arch},
        {"ICE40_PKG", s.ice40_pkg},
        {"ICE40_FAMILY", s.ice40_family},
        {"ICE40_DSP", s.ice40_dsp ? "-dsp" : ""},
        {"ICE40_SPRAM", s.ice40_dsp ? "-spram" : ""},
        {"PCF", s.pcf},
        {"LED_ON", s.led_on},
        {"ECP5_DEV", s.ecp5_dev},
        {"XILINX_PART", s.xilinx_part},
        {"XILINX_PART_FULL", s.xilinx_part_full},
        {"AXW", axw},
        {"CLKS_PER_BIT", cpb},
        {"BAUD", baud},
        {"BOARD_MHZ", bmhz},
        {"FIFO_DEPTH", depth},
        {"OUT_W", outw},
    };
    const int nk = (int)(sizeof keys / sizeof keys[0]);
    static const char *const filled[][2] = {
        {"Makefile.in", "synth/Makefile"},
        {"ice40.ys.in", "synth/ice40.ys"},
        {"ice40_board.ys.in", "synth/ice40_board.ys"},
        {"ecp5.ys.in", "synth/ecp5.ys"},
        {"xilinx.ys.in", "synth/xilinx.ys"},
        {"generic.ys.in", "synth/generic.ys"},
        {"vivado.tcl.in", "synth/vivado.tcl"},
        {"quartus.tcl.in", "synth/quartus.tcl"},
    };
    for (size_t i = 0; i < sizeof filled / sizeof filled[0]; i++)
        if (synth_fill(src_dir, filled[i][0], filled[i][1], keys, nk, o, d) != 0)
            return -1;
    char board_rel[160];
    snprintf(board_rel, sizeof board_rel, "synth/board/%s_board.v", ir->ident);
    if (synth_fill(src_dir, "board.v.in", board_rel, keys, nk, o, d) != 0)
        return -1;
    static const char *const copied[][2] = {
        {"templates/synth/infer_check.sh", "synth/infer_check.sh"},
        {"templates/synth/fmax_median.sh", "synth/fmax_median.sh"},
        {"templates/synth/icebreaker.pcf", "synth/board/icebreaker.pcf"},
        {"templates/synth/hx8k_breakout.pcf", "synth/board/hx8k_breakout.pcf"},
        {"rtl_lib/board_por.v", "synth/board/board_por.v"},
        {"rtl_lib/board_uart_axil.v", "synth/board/board_uart_axil.v"},
        {"rtl_lib/uart_rx.v", "synth/board/uart_rx.v"},
        {"rtl_lib/uart_tx.v", "synth/board/uart_tx.v"},
        {"rtl_lib/mlp_axis_fifo.v", "synth/board/mlp_axis_fifo.v"},
    };
    for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
        if (synth_copy(src_dir, copied[i][0], copied[i][1], o) != 0)
            return -1;
    return 0;
}
