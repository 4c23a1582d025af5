// tb_mlp_dense_layer_cycles: the cycles of one pass of mlp_dense_layer (busy
// from the command to idle) against the cycle model of compiler/plan.c, for
// MUL1 = 0 and 1, layer 0 (its gradient stream of its own, DUAL) and a
// layer that sends g, with and without gaps between row groups, 2-D tiles:
//   full rate: (R-1)*max(T, P+1) + T + 2P + 5 (+1 with C > 1); plan_pass
//              counts R*max(T, P+1): the same when T >= P+1
//   half rate (MUL1: BWD of a layer that sends g, layer 0's FWD beside its
//              gradient stream): 2*((R-1)*max(T, ceil((P+1)/2)) + T) + 2P + 4
//              (+1 with C > 1) = plan_pass_half; with a single-ported G
//              (SP: PE_SP 2, the UP5K's SPRAM) layer 0's gradient stream
//              alone too (plan_stage: a one-layer net's BWD)
//   streaming (ISTR, MUL1 = 0: forward-only batches, f_go held high): ST
//              samples back to back take FULL + (ST-1)*R*max(T, P+1), the
//              next sample's first token right after the last one's last
//              (or its group's gap), one y_last and one x_done a sample
// T = tokens per group and chain (N+1, or ceil((N+1)/C)), R = ceil(M/P).
`timescale 1ns / 1ps
`default_nettype none

module tb_cyc_case #(
    parameter integer LAYER = 0, parameter integer N = 2, parameter integer M = 2,
    parameter integer P = 1, parameter integer C = 1, parameter integer NL = 2,
    parameter integer MUL1 = 0,
    parameter integer SP = 0,    // mlp_dense_layer PE_SP (needs USEQ = 1 and MUL1 = 1)
    parameter integer ST = 0     // > 1: ISTR = 1 and a stream of ST forward samples
) (
    input  wire clk,
    input  wire rst,
    input  wire go,
    output reg  done,
    output reg  [15:0] errs
);
    localparam integer R  = (M + P - 1) / P;
    localparam integer T  = (C == 1) ? N + 1 : (N + 1 + C - 1) / C;
    localparam integer GF = (T > P + 1) ? T : P + 1;
    localparam integer GH = (T > (P + 2) / 2) ? T : (P + 2) / 2;
    localparam integer FULL = (R - 1) * GF + T + 2 * P + 5 + ((C > 1) ? 1 : 0);
    localparam integer HALF = 2 * ((R - 1) * GH + T) + 2 * P + 4 + ((C > 1) ? 1 : 0);
    localparam integer PLAN = R * GF + 2 * P + 5 + ((C > 1) ? 1 : 0);
    localparam integer STREAM = FULL + (ST - 1) * R * GF;

    reg cmd_fwd = 1'b0, cmd_bwd = 1'b0;
    wire busy;
    // the stream: f_go while samples are left to take (as mlp_ctrl_core)
    integer left = 0, n_took = 0, n_last = 0, n_xd = 0;
    wire f_took, y_last, x_done;
    wire f_go = left > 0;
    always @(posedge clk) begin
        if (f_took) begin
            left <= left - 1; n_took <= n_took + 1;
        end
        if (y_last) n_last <= n_last + 1;
        if (x_done) n_xd <= n_xd + 1;
    end
    mlp_dense_layer #(.LAYER(LAYER), .N(N), .M(M), .P(P), .C(C), .NL(NL), .ACT(3), .MUL1(MUL1),
                      .USEQ((SP != 0) ? 1 : 0), .PE_SP(SP), .HAW(20),
                      .ISTR((ST > 1) ? 1 : 0)) u_l (
        .clk(clk), .rst(rst), .seed(32'd1), .f_s(16'd0), .f_cnt(32'd0), .b_s(16'd0), .b_cnt(32'd0),
        .b_first(1'b1), .step_cnt(32'd0), .lr_q(32'd0), .mom_q(32'd0), .wd_q(32'd0), .nesterov(1'b0),
        .cmd_fwd(cmd_fwd), .cmd_bwd(cmd_bwd), .cmd_upd(1'b0), .busy(busy), .f_go(f_go), .f_took(f_took), .pe_busy(),
        .x_we(1'b0), .x_idx(16'd0), .x_s(16'd0), .x_data(16'd0),
        .y_valid(), .y_idx(), .y_z(), .y_a(), .y_last(y_last), .x_done(x_done),
        .gi_valid(1'b0), .gi_idx(16'd0), .gi_s(16'd0), .gi_cnt(32'd0), .gi_data(16'd0),
        .di_valid(1'b0), .di_idx(16'd0), .di_data(16'd0),
        .go_valid(), .go_idx(), .go_data(),
        .h_en(1'b0), .h_we(1'b0), .h_addr(20'd0), .h_wdata(32'd0), .h_rdata(), .ovf_ev());

    integer n;
    task pass;   // kind 0 FWD, 1 BWD, 2 both
        input integer kind;
        input integer want;
        begin
            @(negedge clk); cmd_fwd = kind != 1; cmd_bwd = kind != 0;
            @(negedge clk); cmd_fwd = 1'b0; cmd_bwd = 1'b0;
            n = 0;
            while (busy) begin
                n = n + 1;
                @(negedge clk);
            end
            $display("layer %0d N %0d M %0d P %0d C %0d MUL1 %0d SP %0d %0s: %0d cycles, model %0d (plan_pass %0d)",
                     LAYER, N, M, P, C, MUL1, SP, kind == 0 ? "FWD" : kind == 1 ? "BWD" : "FWD+BWD", n, want, PLAN);
            if (n != want) begin
                $display("FAIL tb_mlp_dense_layer_cycles: %0d cycles, model %0d", n, want);
                errs = errs + 16'd1;
            end
            repeat (3) @(negedge clk);
        end
    endtask

    initial begin
        done = 1'b0; errs = 16'd0;
        wait (go);
        pass(0, FULL);
        pass(1, (MUL1 != 0 && (LAYER != 0 || (SP & 2) != 0)) ? HALF : FULL);
        if (LAYER == 0) pass(2, (MUL1 != 0) ? HALF : FULL);
        if ($test$plusargs("break") && LAYER == 0 && MUL1 != 0) pass(2, FULL);
        if (ST > 1) begin
            // (the break run expects one cycle less a sample: must fail)
            @(negedge clk); left = ST - 1; n_last = 0; n_xd = 0; n_took = 0;
            pass(0, STREAM - ($test$plusargs("break") ? ST - 1 : 0));
            if (n_took != ST - 1 || n_last != ST || n_xd != ST) begin
                $display("FAIL tb_mlp_dense_layer_cycles: stream of %0d: %0d taken, %0d y_last, %0d x_done",
                         ST, n_took + 1, n_last, n_xd);
                errs = errs + 16'd1;
            end
        end
        done = 1'b1;
    end
endmodule

module tb_mlp_dense_layer_cycles;
    reg clk = 1'b0, rst = 1'b1, go = 1'b0;
    always #5 clk = !clk;
    localparam integer K = 18;
    wire [K-1:0] done;
    wire [16*K-1:0] errs;
    // xor's layers, 2-D tiles, gaps between groups at full and at half rate
    // (MUL1 = 0: also a stream of 4 forward samples, ISTR)
    genvar m;
    generate
        for (m = 0; m < 2; m = m + 1) begin : g_m
            tb_cyc_case #(.LAYER(0), .N(2), .M(2), .P(2), .MUL1(m), .ST(4 - 4 * m)) c0 (clk, rst, go, done[8*m+0], errs[16*(8*m+0) +: 16]);
            tb_cyc_case #(.LAYER(1), .N(2), .M(1), .P(1), .MUL1(m), .ST(4 - 4 * m)) c1 (clk, rst, go, done[8*m+1], errs[16*(8*m+1) +: 16]);
            tb_cyc_case #(.LAYER(0), .N(7), .M(5), .P(2), .C(3), .MUL1(m), .ST(4 - 4 * m)) c2 (clk, rst, go, done[8*m+2], errs[16*(8*m+2) +: 16]);
            tb_cyc_case #(.LAYER(0), .N(2), .M(2), .P(1), .C(3), .MUL1(m), .ST(4 - 4 * m)) c3 (clk, rst, go, done[8*m+3], errs[16*(8*m+3) +: 16]);
            tb_cyc_case #(.LAYER(1), .N(3), .M(7), .P(3), .MUL1(m), .ST(4 - 4 * m)) c4 (clk, rst, go, done[8*m+4], errs[16*(8*m+4) +: 16]);
            tb_cyc_case #(.LAYER(1), .N(1), .M(6), .P(4), .NL(3), .MUL1(m), .ST(4 - 4 * m)) c5 (clk, rst, go, done[8*m+5], errs[16*(8*m+5) +: 16]);
            tb_cyc_case #(.LAYER(0), .N(1), .M(9), .P(3), .NL(3), .MUL1(m), .ST(4 - 4 * m)) c6 (clk, rst, go, done[8*m+6], errs[16*(8*m+6) +: 16]);
            tb_cyc_case #(.LAYER(2), .N(5), .M(3), .P(3), .NL(3), .MUL1(m), .ST(4 - 4 * m)) c7 (clk, rst, go, done[8*m+7], errs[16*(8*m+7) +: 16]);
        end
    endgenerate
    // a single-ported G (SPRAM): layer 0's gradient stream alone at half rate
    tb_cyc_case #(.LAYER(0), .N(2), .M(2), .P(2), .MUL1(1), .SP(2)) c8 (clk, rst, go, done[16], errs[16*16 +: 16]);
    tb_cyc_case #(.LAYER(0), .N(7), .M(5), .P(2), .C(3), .MUL1(1), .SP(7)) c9 (clk, rst, go, done[17], errs[16*17 +: 16]);
    integer k, e;
    initial begin
        repeat (3) @(posedge clk);
        rst = 1'b0;
        repeat (2) @(posedge clk);
        go = 1'b1;
        wait (&done);
        e = 0;
        for (k = 0; k < K; k = k + 1) e = e + errs[16*k +: 16];
        if (e == 0) $display("PASS tb_mlp_dense_layer_cycles");
        else $display("FAILED tb_mlp_dense_layer_cycles: %0d passes off the model", e);
        $finish;
    end
endmodule
