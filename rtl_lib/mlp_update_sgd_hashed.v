// mlp_update_sgd_hashed: mlp_update_sgd_seq with its stochastic-rounding
// words computed by one sequential hash (mlp_hash_seq) instead of two
// combinational mlp_hash per caller: the update unit that the layers of an
// iCE40 core share (mlp_dense_layer USHARE = 1) sends the hash coordinates
// of a step, not its random words.
//
// Function: mlp_update_sgd_seq's, with
//   rnd_v = hash(seed, layer, bias ? 3 : 2, row, bias ? 0 : col, step)
//   rnd_w = hash(seed, layer, bias ? 1 : 0, row, bias ? 0 : col, step)
// (docs/numerics.md section 2, as mlp_dense_layer drives its u_h_uv /
// u_h_uw) when that rounding is stochastic, else 0: HV = (RND_S == 3 and
// HAS_MOM = 1; without momentum the unit has no v rounding), HW = (RND_W ==
// 3). Parameters: mlp_update_sgd_seq's.
//
// Interface: mlp_update_sgd_seq's, except that rnd_v/rnd_w are replaced by
//   seed[31:0], layer[7:0], row[15:0], col[31:0], step[31:0]: the hash
//     coordinates. layer, row, col, step are sampled with w, g, v, bias,
//     nesterov on
//     the accepting cycle (col is taken as 0 for a bias); seed is NOT: it
//     must stay constant from the accepting cycle until out_valid, like
//     lr_q (a host register, written only while the core is idle).
//   in_ready = 1 when the wrapper and the unit are idle.
//   out_valid/out_ready and the results: as mlp_update_sgd_seq.
// Latency: with HV = HW = 0 the wrapper is wiring (in_valid and the
// operands go straight to the unit, rnd 0): mlp_update_sgd_seq's LATENCY.
// Otherwise the step is latched, the hash runs once per stochastic word
// (v first, then w, back to back) and the last word starts the unit:
//   LATENCY = mlp_update_sgd_seq's + XLAT, XLAT = 1 + 7*(HV + HW)
// (8 with one stochastic rounding, 15 with both); the testbench
// tests/hw/tb_mlp_update_sgd_hashed.v checks it on every step.
// Cost (beside the unit): one mlp_hash_seq (one quarter round, 128-bit
// state), the latched step (w, g, v, bias, nesterov, layer, row, col, step)
// and, with
// HV and HW, rnd_v (32 flip-flops); see docs/synthesis.md "The shared hash".
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_update_sgd_hashed #(
    parameter integer W_W   = 16, parameter integer F_W = 11,
    parameter integer RND_W = 2,  parameter integer OVF_W = 0,
    parameter integer W_S   = 16, parameter integer F_S = 11,
    parameter integer RND_S = 2,  parameter integer OVF_S = 0,
    parameter integer G_W   = 40,
    parameter integer F_G   = 26,
    parameter integer HAS_MOM = 1,
    parameter integer HAS_WD  = 1
) (
    input  wire           clk,
    input  wire           rst,
    input  wire           in_valid,
    output wire           in_ready,
    input  wire [W_W-1:0] w,
    input  wire [G_W-1:0] g,
    input  wire [W_S-1:0] v,
    input  wire           bias,
    input  wire [31:0]    lr_q,
    input  wire [31:0]    mom_q,
    input  wire [31:0]    wd_q,
    input  wire           nesterov,
    input  wire [31:0]    seed,
    input  wire [7:0]     layer,
    input  wire [15:0]    row,
    input  wire [31:0]    col,
    input  wire [31:0]    step,
    output wire           out_valid,
    input  wire           out_ready,
    output wire [W_W-1:0] w_new,
    output wire [W_S-1:0] v_new,
    output wire           ovf_w,
    output wire           ovf_v
);
    localparam integer HV = (RND_S == 3 && HAS_MOM != 0) ? 1 : 0;
    localparam integer HW = (RND_W == 3) ? 1 : 0;
    localparam integer XLAT = (HV + HW == 0) ? 0 : 1 + 7 * (HV + HW);

    // the unit's inputs
    wire           u_valid, u_ready;
    wire [W_W-1:0] u_w;
    wire [G_W-1:0] u_g;
    wire [W_S-1:0] u_v;
    wire           u_bias, u_nest;
    wire [31:0]    u_rnd_v, u_rnd_w;

    generate
        if (HV + HW == 0) begin : g_direct
            // no stochastic rounding: no hash, no latency
            assign in_ready = u_ready;
            assign u_valid  = in_valid;
            assign u_w      = w;
            assign u_g      = g;
            assign u_v      = v;
            assign u_bias   = bias;
            assign u_nest   = nesterov;
            assign u_rnd_v  = 32'd0;
            assign u_rnd_w  = 32'd0;
            wire unused_h = &{1'b0, seed, layer, row, col, step};
        end else begin : g_hash
            // IDLE -> H1 (first hash in) -> [WV (v out, w in)] -> WL (last
            // word out, straight into the unit) -> IDLE
            localparam [1:0] S_IDLE = 2'd0, S_H1 = 2'd1, S_WV = 2'd2, S_WL = 2'd3;
            reg [1:0] st;   // control: reset
            wire accept = in_valid && in_ready;
            assign in_ready = (st == S_IDLE) && u_ready;

            // the latched step (datapath: no reset)
            reg [W_W-1:0] w_r;
            reg [G_W-1:0] g_r;
            reg [W_S-1:0] v_r;
            reg           bias_r, nest_r;
            reg [7:0]     layer_r;
            reg [15:0]    row_r;
            reg [31:0]    col_r, step_r;
            always @(posedge clk) begin
                if (accept) begin
                    w_r <= w; g_r <= g; v_r <= v; bias_r <= bias; nest_r <= nesterov;
                    layer_r <= layer; row_r <= row;
                    col_r <= bias ? 32'd0 : col;
                    step_r <= step;
                end
            end

            // the hash: v's tensor (2 / 3) for the first word when HV
            wire        h_in_valid, h_in_ready, h_out_valid, h_out_ready;
            wire [31:0] h_r;
            wire        t_v = (st == S_H1) && (HV != 0);
            wire [7:0]  tensor = {6'd0, t_v, bias_r};
            mlp_hash_seq u_hash (
                .clk(clk), .rst(rst),
                .in_valid(h_in_valid), .in_ready(h_in_ready),
                .in_data({seed, layer_r, tensor, row_r, col_r, step_r}),
                .out_valid(h_out_valid), .out_ready(h_out_ready), .out_r(h_r));
            assign h_in_valid  = (st == S_H1) || (st == S_WV && h_out_valid);
            assign h_out_ready = (st == S_WV) || (st == S_WL && u_ready);
            assign u_valid     = (st == S_WL) && h_out_valid;

            always @(posedge clk) begin
                if (rst) begin
                    st <= S_IDLE;
                end else begin
                    case (st)
                        S_IDLE: if (accept) st <= S_H1;
                        S_H1:   st <= (HV != 0 && HW != 0) ? S_WV : S_WL;
                        S_WV:   if (h_out_valid) st <= S_WL;
                        default: if (h_out_valid && u_ready) st <= S_IDLE;   // S_WL
                    endcase
                end
            end

            assign u_w    = w_r;
            assign u_g    = g_r;
            assign u_v    = v_r;
            assign u_bias = bias_r;
            assign u_nest = nest_r;
            if (HV != 0 && HW != 0) begin : g_both
                // rnd_v waits in a register while the hash computes rnd_w
                reg [31:0] rndv_r;
                always @(posedge clk) begin
                    if (st == S_WV && h_out_valid) rndv_r <= h_r;
                end
                assign u_rnd_v = rndv_r;
                assign u_rnd_w = h_r;
            end else if (HV != 0) begin : g_v
                assign u_rnd_v = h_r;
                assign u_rnd_w = 32'd0;
            end else begin : g_w
                assign u_rnd_v = 32'd0;
                assign u_rnd_w = h_r;
            end
            wire unused_h = &{1'b0, h_in_ready};   // (idle whenever it is given a word)
        end
    endgenerate

    mlp_update_sgd_seq #(
        .W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W),
        .W_S(W_S), .F_S(F_S), .RND_S(RND_S), .OVF_S(OVF_S),
        .G_W(G_W), .F_G(F_G), .HAS_MOM(HAS_MOM), .HAS_WD(HAS_WD)
    ) u_upd (
        .clk(clk), .rst(rst), .in_valid(u_valid), .in_ready(u_ready),
        .w(u_w), .g(u_g), .v(u_v), .bias(u_bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(u_nest), .rnd_v(u_rnd_v), .rnd_w(u_rnd_w),
        .out_valid(out_valid), .out_ready(out_ready),
        .w_new(w_new), .v_new(v_new), .ovf_w(ovf_w), .ovf_v(ovf_v));

    // XLAT is documentation for the integrator (checked by the testbench)
    wire [31:0] unused_xlat = XLAT;
    wire unused_ok = &{1'b0, unused_xlat};
endmodule

`resetall
