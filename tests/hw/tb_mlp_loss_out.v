// tb_mlp_loss_out: the output error unit, hand-computed, with random stalls
// on the output stream. A_fmt fixed<16,4> (F_A 12), G fixed<16,2> (F_G 14),
// inv_b = 2^24 (b = 1) or 2^23 (b = 2).
//   mse, a = 0.75 (3072), t = 1.0 (4096): g = -0.25 -> -4096 (gi)
//   mse, b = 2: g = -0.125 -> -2048
//   hinge, a = 0.5, t = +1: y a < 1 -> g = -1 * 1 -> -16384 (gi); a = 1.5: 0
//   bce, a = 0.75, t = 0: delta = 0.75 -> 12288 (di)
//   softmax, z = (0.3, 0.3): e = 2^16 each, S = 2^17, p = (2^12 + 1) >> 1 = 2048;
//            t = (1, 0): delta = (-0.5, 0.5) -> (-8192, 8192); outputs p (2048, 2048)
//            z = (0.3, 0), results written in the order 1, 0: p = (4096, 0)
// The hand cases run with the bench parameter MSEQ (0 or 1: -P...MSEQ=1).
// Then random pairs, the combinational product (MSEQ 0) against the
// one-multiplier one (MSEQ 1), the same inputs and independent random stalls
// on each unit's output stream: mse, 4 outputs, A 16/12, G 16/14 stochastic
// with saturation (2 limbs), and bce, 3 outputs, A 32/20, G 24/10 nearest
// with wrapping (3 limbs); random a, t (extremes included) and inv_b
// (random 32-bit words, powers of two, 0, all ones). Every error, output
// word, overflow event and port must agree.
// Last, cycles (no stalls): a pass from the cycle that takes cmd to the
// first idle one (which can take the next) must last what compiler/plan.c's
// model says (plan_loss) less the cycle the controller takes to see it idle
// and raise the next cmd: training (AS 1) m + 6, softmax 3 m + 1 + ceil(m /
// MD) (F_A + 5) + 6 (m <= 16 and MSEQ 0: 2 m, p read from the dividers), MD = 16 (MSEQ: 1), plus m (2 NE + 1) with MSEQ; a
// forward-only pass on 4 result slots (AS 4, infer) 4 cycles less (no
// flush). +cycles_break plants a miscount. Shapes: softmax 3, 17
// (two groups of dividers) and mse 4 outputs with the bench's MSEQ;
// streaming softmax 3 and mse 1 (MSEQ 0: the iCE40 core does not stream).
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_loss_out #(parameter integer MSEQ = 0);
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = !clk;
    integer errors = 0, seed = 3;

    // exp table: 2^16 at d = 0 (entry 1023), which is all this bench reads
    localparam [1024*17-1:0] EXP = {17'd65536, {1023{17'd0}}};

    reg         cmd = 1'b0, y_valid = 1'b0, t_we = 1'b0, ready = 1'b0;
    reg  [15:0] y_idx = 16'd0, t_idx = 16'd0;
    reg  [15:0] y_val = 16'd0, t_val = 16'd0;
    reg  [31:0] inv_b = 32'h0100_0000;
    wire [31:0] tdata [0:3];
    wire [3:0]  tlast, tvalid, busy, giv, div;
    wire [15:0] eidx [0:3];
    wire [15:0] edata [0:3];
    wire [1:0]  ovf [0:3];

    genvar gl;
    generate
        for (gl = 0; gl < 4; gl = gl + 1) begin : g_loss
            mlp_loss_out #(.LAYER(1), .M(gl == 1 ? 2 : 1), .LOSS(gl), .W_A(16), .F_A(12),
                           .W_G(16), .F_G(14), .RND_G(2), .OVF_G(0), .EXP_Q(6), .EXP_OFF(1023),
                           .MSEQ(MSEQ), .EXP_DATA(EXP)) u (
                .clk(clk), .rst(rst), .seed(32'd1), .sample_cnt(32'd0), .inv_b(inv_b),
                .infer(1'b0), .cmd(cmd && sel == gl), .cmd_s(16'd0), .busy(busy[gl]),
                .y_valid(y_valid && sel == gl), .y_idx(y_idx), .y_s(16'd0), .y_z(y_val), .y_a(y_val),
                .t_we(t_we && sel == gl), .t_idx(t_idx), .t_s(16'd0), .t_data(t_val),
                .m_axis_tdata(tdata[gl]), .m_axis_tlast(tlast[gl]), .m_axis_tvalid(tvalid[gl]),
                .m_axis_tready(ready), .gi_valid(giv[gl]), .di_valid(div[gl]),
                .e_idx(eidx[gl]), .e_data(edata[gl]), .ovf_ev(ovf[gl]));
        end
    endgenerate

    integer sel = 0;
    always @(posedge clk) ready <= ($random(seed) & 3) != 0;

    reg [15:0] got_e [0:1];
    reg [31:0] got_o [0:1];
    reg        got_gi, got_di;
    always @(posedge clk) begin
        if (giv[sel] || div[sel]) begin
            got_e[eidx[sel][0]] <= edata[sel];
            got_gi <= got_gi | giv[sel];
            got_di <= got_di | div[sel];
        end
        if (tvalid[sel] && ready) got_o[tlast[sel] && sel == 1 ? 1 : 0] <= tdata[sel];
    end

    task put;
        input [15:0] k, y, t;
        begin
            @(negedge clk); y_valid = 1'b1; y_idx = k; y_val = y; t_we = 1'b1; t_idx = k; t_val = t;
            @(negedge clk); y_valid = 1'b0; t_we = 1'b0;
        end
    endtask

    task run;
        begin
            got_gi = 1'b0; got_di = 1'b0;
            @(negedge clk); cmd = 1'b1;
            @(negedge clk); cmd = 1'b0;
            @(negedge clk);
            while (busy[sel]) @(negedge clk);
        end
    endtask

    task expect16;
        input [8*24-1:0] name;
        input [15:0] got, want;
        begin
            if (got !== want) begin
                $display("FAIL %0s: got %0d want %0d", name, $signed(got), $signed(want));
                errors = errors + 1;
            end
        end
    endtask

    // ---- random pairs: q = 0 the combinational product, q = 1 MSEQ ----
    localparam integer NT = 400;          // trials per pair
    reg         rp_cmd = 1'b0, rp_we = 1'b0;
    reg  [15:0] rp_idx = 16'd0;
    reg  [31:0] rp_y = 32'd0, rp_t = 32'd0, rp_inv = 32'd0, rp_cnt = 32'd0;
    reg  [3:0]  rp_ready = 4'd0;
    wire [3:0]  rp_busy, rp_tvalid, rp_tlast, rp_giv, rp_div;
    wire [31:0] rp_tdata [0:3];
    wire [15:0] rp_eidx [0:3];
    wire [23:0] rp_edata [0:3];
    wire [1:0]  rp_ovf [0:3];
    always @(posedge clk) rp_ready <= {$random(seed)} % 16;
    genvar gq;
    generate
        for (gq = 0; gq < 4; gq = gq + 1) begin : g_rp   // 0, 1: pair A; 2, 3: pair B
            if (gq < 2) begin : g_a
                wire [15:0] ed;
                mlp_loss_out #(.LAYER(2), .M(4), .LOSS(0), .W_A(16), .F_A(12),
                               .W_G(16), .F_G(14), .RND_G(3), .OVF_G(0), .EXP_Q(6), .EXP_OFF(1023),
                               .MSEQ(gq), .EXP_DATA(EXP)) u (
                    .clk(clk), .rst(rst), .seed(32'h1234_5678), .sample_cnt(rp_cnt), .inv_b(rp_inv),
                    .infer(1'b0), .cmd(rp_cmd), .cmd_s(16'd0), .busy(rp_busy[gq]),
                    .y_valid(rp_we), .y_idx(rp_idx), .y_s(16'd0), .y_z(rp_y[15:0]), .y_a(rp_y[15:0]),
                    .t_we(rp_we), .t_idx(rp_idx), .t_s(16'd0), .t_data(rp_t[15:0]),
                    .m_axis_tdata(rp_tdata[gq]), .m_axis_tlast(rp_tlast[gq]), .m_axis_tvalid(rp_tvalid[gq]),
                    .m_axis_tready(rp_ready[gq]), .gi_valid(rp_giv[gq]), .di_valid(rp_div[gq]),
                    .e_idx(rp_eidx[gq]), .e_data(ed), .ovf_ev(rp_ovf[gq]));
                assign rp_edata[gq] = {8'd0, ed};
            end else begin : g_b
                mlp_loss_out #(.LAYER(1), .M(3), .LOSS(2), .W_A(32), .F_A(20),
                               .W_G(24), .F_G(10), .RND_G(2), .OVF_G(1), .EXP_Q(6), .EXP_OFF(1023),
                               .MSEQ(gq - 2), .EXP_DATA(EXP)) u (
                    .clk(clk), .rst(rst), .seed(32'h0bad_cafe), .sample_cnt(rp_cnt), .inv_b(rp_inv),
                    .infer(1'b0), .cmd(rp_cmd), .cmd_s(16'd0), .busy(rp_busy[gq]),
                    .y_valid(rp_we), .y_idx(rp_idx), .y_s(16'd0), .y_z(rp_y), .y_a(rp_y),
                    .t_we(rp_we), .t_idx(rp_idx), .t_s(16'd0), .t_data(rp_t),
                    .m_axis_tdata(rp_tdata[gq]), .m_axis_tlast(rp_tlast[gq]), .m_axis_tvalid(rp_tvalid[gq]),
                    .m_axis_tready(rp_ready[gq]), .gi_valid(rp_giv[gq]), .di_valid(rp_div[gq]),
                    .e_idx(rp_eidx[gq]), .e_data(rp_edata[gq]), .ovf_ev(rp_ovf[gq]));
            end
        end
    endgenerate
    // what each unit produced in a trial, by output index
    reg [23:0] rp_e [0:3][0:3];
    reg [31:0] rp_o [0:3][0:3];
    reg [3:0]  rp_port [0:3];        // per unit: gi seen, di seen, e count, ovf count
    integer    rp_ne [0:3], rp_no [0:3], rp_nov [0:3];
    integer    qi;
    always @(posedge clk) begin
        for (qi = 0; qi < 4; qi = qi + 1) begin
            if (rp_giv[qi] || rp_div[qi]) begin
                rp_e[qi][rp_eidx[qi][1:0]] <= rp_edata[qi];
                rp_port[qi] <= rp_port[qi] | {2'b00, rp_giv[qi], rp_div[qi]};
                rp_ne[qi] <= rp_ne[qi] + 1;
            end
            if (rp_tvalid[qi] && rp_ready[qi]) begin
                rp_o[qi][rp_no[qi]] <= rp_tdata[qi];
                rp_no[qi] <= rp_no[qi] + 1;
            end
            if (rp_ovf[qi][0]) rp_nov[qi] <= rp_nov[qi] + 1;
        end
    end
    function [31:0] rnd_word;   // extremes now and then
        input integer sel_w;
        input integer w;
        reg [31:0] r;
        begin
            r = $random(seed);
            case ({$random(seed)} % 8)
            0: r = 32'd0;
            1: r = 32'h7fff_ffff >> (32 - w);               // max
            2: r = 32'h8000_0000 >> (32 - w);               // min (sign bit only)
            3: r = (32'h8000_0000 >> (32 - w)) | 32'd1;
            default: ;
            endcase
            if (sel_w == 1) rnd_word = r;                   // 32 bits
            else rnd_word = {{16{r[15]}}, r[15:0]};
        end
    endfunction
    integer tr, ki, rp_err = 0, rp_fired = 0;
    task rp_trial;
        input integer nout;
        input integer wide;
        begin
            for (ki = 0; ki < nout; ki = ki + 1) begin
                @(negedge clk);
                rp_we = 1'b1; rp_idx = ki[15:0];
                rp_y = rnd_word(wide, wide ? 32 : 16);
                rp_t = rnd_word(wide, wide ? 32 : 16);
            end
            @(negedge clk); rp_we = 1'b0;
            case ({$random(seed)} % 6)
            0: rp_inv = 32'd1 << ({$random(seed)} % 32);
            1: rp_inv = 32'hffff_ffff;
            2: rp_inv = 32'd0;
            3: rp_inv = {16'd0, $random(seed)} ;
            default: rp_inv = $random(seed);
            endcase
            rp_cnt = $random(seed);
            for (qi = 0; qi < 4; qi = qi + 1) begin
                rp_ne[qi] = 0; rp_no[qi] = 0; rp_nov[qi] = 0; rp_port[qi] = 4'd0;
            end
            @(negedge clk); rp_cmd = 1'b1;
            @(negedge clk); rp_cmd = 1'b0;
            @(negedge clk);
            while (rp_busy != 4'd0) @(negedge clk);
        end
    endtask
    task rp_check;
        input integer a;         // unit pair a, a+1
        input integer nout;
        integer kk;
        begin
            if (rp_ne[a] != nout || rp_ne[a+1] != nout || rp_no[a] != nout || rp_no[a+1] != nout ||
                rp_port[a] != rp_port[a+1] || rp_nov[a] != rp_nov[a+1]) begin
                $display("FAIL random pair %0d trial %0d: counts e %0d/%0d out %0d/%0d ports %b/%b ovf %0d/%0d",
                         a / 2, tr, rp_ne[a], rp_ne[a+1], rp_no[a], rp_no[a+1], rp_port[a], rp_port[a+1],
                         rp_nov[a], rp_nov[a+1]);
                rp_err = rp_err + 1;
            end
            rp_fired = rp_fired + rp_nov[a];
            for (kk = 0; kk < nout; kk = kk + 1) begin
                if (rp_e[a][kk] !== rp_e[a+1][kk] || rp_o[a][kk] !== rp_o[a+1][kk] ||
                    ($test$plusargs("break") && tr == NT - 1 && kk == 0)) begin
                    $display("FAIL random pair %0d trial %0d output %0d: e %h (MSEQ 0) vs %h (MSEQ 1), out %h vs %h, inv_b %h",
                             a / 2, tr, kk, rp_e[a][kk], rp_e[a+1][kk], rp_o[a][kk], rp_o[a+1][kk], rp_inv);
                    rp_err = rp_err + 1;
                end
            end
        end
    endtask

    // ---- cycles of a pass against plan.c's model ----
    localparam integer NCY = 5;
    reg         cy_cmd = 1'b0, cy_yv = 1'b0;
    reg  [15:0] cy_idx = 16'd0;
    wire [NCY-1:0] cy_busy;
    integer     cy_n [0:NCY-1];
    integer     cy_want [0:NCY-1];
    integer     cy_t = 0, cy_err = 0;
    genvar gc;
    generate
        for (gc = 0; gc < NCY; gc = gc + 1) begin : g_cy
            // shape gc: outputs, loss, result slots, inference, MSEQ
            localparam integer CM  = gc == 1 ? 17 : gc == 2 ? 4 : gc == 4 ? 1 : 3;
            localparam integer CL  = (gc == 2 || gc == 4) ? 0 : 1;
            localparam integer CAS = gc >= 3 ? 4 : 1;
            localparam integer CQ  = gc >= 3 ? 0 : MSEQ;
            localparam integer MDC = CQ != 0 ? 1 : 16;
            localparam integer NE  = (16 + 2 + 15) / 16;
            localparam integer TRN = (CL == 1 ? (CQ == 0 && CM <= 16 ? 2 : 3) * CM + 1 + ((CM + MDC - 1) / MDC) * (12 + 5) : CM) + 6
                                     + (CQ != 0 ? CM * (2 * NE + 1) : 0);
            wire [31:0] td; wire tl, tv, gv, dv; wire [15:0] ei, ed; wire [1:0] ov;
            mlp_loss_out #(.LAYER(1), .M(CM), .LOSS(CL), .W_A(16), .F_A(12),
                           .W_G(16), .F_G(14), .RND_G(2), .OVF_G(0), .EXP_Q(6), .EXP_OFF(1023),
                           .MSEQ(CQ), .AS(CAS), .EXP_DATA(EXP)) u (
                .clk(clk), .rst(rst), .seed(32'd1), .sample_cnt(32'd0), .inv_b(32'h0100_0000),
                .infer(CAS == 4), .cmd(cy_cmd), .cmd_s(16'd0), .busy(cy_busy[gc]),
                .y_valid(cy_yv), .y_idx(cy_idx), .y_s(16'd0), .y_z(16'd0), .y_a(16'd0),
                .t_we(cy_yv), .t_idx(cy_idx), .t_s(16'd0), .t_data(16'd0),
                .m_axis_tdata(td), .m_axis_tlast(tl), .m_axis_tvalid(tv), .m_axis_tready(1'b1),
                .gi_valid(gv), .di_valid(dv), .e_idx(ei), .e_data(ed), .ovf_ev(ov));
            wire unused_cy = &{1'b0, td, tl, tv, gv, dv, ei, ed, ov};
            initial cy_want[gc] = (CAS == 4 ? TRN - 4 : TRN) - 1;   // the controller's cycle
            // cycles from the one that takes cmd to the first idle one
            always @(posedge clk) begin
                if (cy_cmd) cy_n[gc] <= 1;
                else if (cy_busy[gc]) cy_n[gc] <= cy_n[gc] + 1;
            end
        end
    endgenerate
    task cy_check;
        integer ci;
        begin
            for (ci = 0; ci < 17; ci = ci + 1) begin
                @(negedge clk); cy_yv = 1'b1; cy_idx = ci[15:0];
            end
            @(negedge clk); cy_yv = 1'b0; cy_cmd = 1'b1;
            @(negedge clk); cy_cmd = 1'b0;
            @(negedge clk);
            while (cy_busy != {NCY{1'b0}}) @(negedge clk);
            for (ci = 0; ci < NCY; ci = ci + 1) begin
                if (cy_n[ci] != cy_want[ci] || ($test$plusargs("cycles_break") && ci == 0)) begin
                    $display("FAIL cycles shape %0d: a pass takes %0d cycles, plan.c's model %0d",
                             ci, cy_n[ci], cy_want[ci]);
                    cy_err = cy_err + 1;
                end
            end
            $display("cycles: %0d shapes, a pass each: %0d %0d %0d %0d %0d (model - 1: %0d %0d %0d %0d %0d)", NCY,
                     cy_n[0], cy_n[1], cy_n[2], cy_n[3], cy_n[4],
                     cy_want[0], cy_want[1], cy_want[2], cy_want[3], cy_want[4]);
        end
    endtask

    initial begin
        repeat (2) @(posedge clk);
        rst = 1'b0;
        cy_check;
        errors = errors + cy_err;
        sel = 0; put(0, 16'd3072, 16'd4096); run;
        expect16("mse g", got_e[0], -16'sd4096);
        expect16("mse output", got_o[0][15:0], 16'd3072);
        if (!got_gi || got_di) begin $display("FAIL mse port"); errors = errors + 1; end
        inv_b = 32'h0080_0000; run;
        expect16("mse g b=2", got_e[0], -16'sd2048);
        inv_b = 32'h0100_0000;
        sel = 3; put(0, 16'd2048, 16'd4096); run;
        expect16("hinge violated", got_e[0], -16'sd16384);
        put(0, 16'd6144, 16'd4096); run;
        expect16("hinge met", got_e[0], 16'd0);
        sel = 2; put(0, 16'd3072, 16'd0); run;
        expect16("bce delta", got_e[0], 16'd12288);
        if (got_gi || !got_di) begin $display("FAIL bce port"); errors = errors + 1; end
        sel = 1; put(0, 16'd1229, 16'd4096); put(1, 16'd1229, 16'd0); run;
        expect16("softmax delta 0", got_e[0], -16'sd8192);
        expect16("softmax delta 1", got_e[1], 16'd8192);
        expect16("softmax p 0", got_o[0][15:0], 16'd2048);
        expect16("softmax p 1", got_o[1][15:0], 16'd2048);
        // the maximum, its results out of order: z = (0.3, 0) written 1 then
        // 0: e = (2^16, 0) (the table's entries below d = 0 are 0), p = (1, 0),
        // delta = (0, 0); a maximum of 0 (the first result) would give (0.5, 0.5)
        put(1, 16'd0, 16'd0); put(0, 16'd1229, 16'd4096); run;
        expect16("softmax max p 0", got_o[0][15:0], 16'd4096);
        expect16("softmax max p 1", got_o[1][15:0], 16'd0);
        expect16("softmax max delta 0", got_e[0], 16'd0);
        if ($test$plusargs("break")) expect16("planted", got_e[1], 16'd8191);
        for (tr = 0; tr < NT; tr = tr + 1) begin
            rp_trial(4, 0); rp_check(0, 4);
        end
        for (tr = 0; tr < NT; tr = tr + 1) begin
            rp_trial(3, 1); rp_check(2, 3);
        end
        $display("random pairs: %0d trials each, %0d error overflow events, %0d mismatches", NT, rp_fired, rp_err);
        errors = errors + rp_err;
        if (errors == 0) $display("PASS tb_mlp_loss_out");
        else $display("FAILED tb_mlp_loss_out: %0d errors", errors);
        $finish;
    end
    initial begin
        #100000000 $display("FAILED tb_mlp_loss_out: timeout"); $finish;
    end
endmodule
