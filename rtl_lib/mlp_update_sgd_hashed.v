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
//     coordinates. layer, row, col are sampled with w, g, v, bias,
//     nesterov on the accepting cycle (col is taken as 0 for a bias); seed
//     and step are NOT: they must stay constant from the accepting cycle
//     until out_valid, like lr_q (seed is a host register written only
//     while the core is idle; mlp_ctrl_core advances step_cnt only when no
//     layer is busy, and a layer stays busy until its last step's result
//     is taken, mlp_dense_layer S_UFLUSH).
//   in_ready = 1 when the unit is idle (the hash is then idle too).
//   out_valid/out_ready and the results: as mlp_update_sgd_seq.
// Latency: with HV = HW = 0 there is no hash (rnd 0): mlp_update_sgd_seq's
// LATENCY. Otherwise the unit starts at the accept, as without a hash, and
// reads its random words late (mlp_update_sgd_seq RV_AT / RW_AT): the
// coordinates are latched, the hash computes the first stochastic word
// from the next cycle (ready 7 edges after the accept), and with HV and HW
// the w word from the edge where the unit has taken v's (RVA below). The
// unit waits for a word not ready yet, so LATENCY = mlp_update_sgd_seq's
// with RV_AT = RVA, RW_AT = RWA: for the iris core (16/12 weights and
// state, G 35/26, no weight decay, both stochastic) 25 with HAS_NEST = 1,
// that is 2 more than the unit with its words at the accept; with
// HAS_NEST = 0 (what the compiler emits for iris: momentum, no Nesterov)
// 16, 4 more than the unit's 12 (the w word waits: its hash starts at
// edge 8), and the same 16 for iris12 (12/8, G 27/20); the testbench
// tests/rtl/tb_mlp_update_sgd_hashed.v checks it on every step.
// Cost (beside the unit): one mlp_hash_seq (one quarter round, 128-bit
// state), the latched coordinates (layer, row, col, bias), the state;
// see docs/synthesis.md "The shared hash".
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
    parameter integer HAS_WD  = 1,
    parameter integer HAS_NEST = 1
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
    // when the unit reads the words late (mlp_update_sgd_seq RV_AT / RW_AT,
    // edges after the accepting one): the first word's hash starts the
    // cycle after the accept, so it is ready for a read that ends at edge 8;
    // rnd_v is read at the end of the unit's phase 2 LOAD, TVN without
    // waiting (the unit's TV_NAT: its schedule, repeated here; the unit
    // pads to RV_AT, and its LATENCY is checked by the testbench), and the
    // w word's hash starts in that cycle, ready for a read ending 7 later
    localparam integer FG0 = (F_G > F_W) ? F_G : F_W;
    localparam integer FD0 = (HAS_WD == 0) ? FG0 : (FG0 > F_W + 24) ? FG0 : F_W + 24;
    localparam integer FD  = (HAS_MOM == 0) ? FD0 : (FD0 > F_S + 24) ? FD0 : F_S + 24;
    localparam integer NB1 = (HAS_WD == 0) ? 0 : (W_W + FD - F_W - 24 + 15) / 16;
    localparam integer NB2 = (HAS_MOM == 0) ? 0 : (W_S + FD - F_S - 24 + 15) / 16;
    localparam integer TVN = HAS_WD * (3 + 2 * NB1) + 3 + 2 * NB2 + 1;
    localparam integer RVA = (HV == 0) ? 0 : (TVN > 8) ? TVN : 8;
    localparam integer RWA = (HW == 0) ? 0 : (HV != 0) ? RVA + 7 : 8;

    // the unit's random words
    wire [31:0]    u_rnd_v, u_rnd_w;
    wire           u_ready;
    wire           accept = in_valid && u_ready;
    assign in_ready = u_ready;

    generate
        if (HV + HW == 0) begin : g_direct
            // no stochastic rounding: no hash
            assign u_rnd_v  = 32'd0;
            assign u_rnd_w  = 32'd0;
            wire unused_h = &{1'b0, seed, layer, row, col, step, accept};
        end else begin : g_hash
            // the coordinates (datapath: no reset), taken at the accept;
            // the operands are the unit's (sampled there)
            reg           bias_r;
            reg [7:0]     layer_r;
            reg [15:0]    row_r;
            reg [31:0]    col_r;
            always @(posedge clk) begin
                if (accept) begin
                    bias_r <= bias; layer_r <= layer; row_r <= row;
                    col_r <= bias ? 32'd0 : col;
                end
            end
            // H1: the cycle after the accept (first word in); WV: waiting
            // to start the w word (HV and HW) at the edge RVA
            localparam [1:0] S_IDLE = 2'd0, S_H1 = 2'd1, S_WV = 2'd2;
            reg [1:0] st;   // control: reset
            wire        h_in_valid, h_in_ready, h_out_valid;
            wire [31:0] h_r;
            wire        w_go;   // WV: the w word starts in this cycle
            wire        t_v = (st == S_H1) && (HV != 0);
            wire [7:0]  tensor = {6'd0, t_v, bias_r};
            assign h_in_valid = (st == S_H1) || w_go;
            // seed and step are constant while the unit works (see above)
            mlp_hash_seq u_hash (
                .clk(clk), .rst(rst),
                .in_valid(h_in_valid), .in_ready(h_in_ready),
                .in_data({seed, layer_r, tensor, row_r, col_r, step}),
                .out_valid(h_out_valid), .out_ready(h_in_valid), .out_r(h_r));
            if (HV != 0 && HW != 0 && RVA > 8) begin : g_wcnt
                // TVN > 8: the w word waits RVA - 8 cycles more
                reg [7:0] wc;
                always @(posedge clk) begin
                    if (accept) wc <= RVA[7:0] - 8'd8;
                    else if (st == S_WV && h_out_valid && wc != 8'd0) wc <= wc - 8'd1;
                end
                assign w_go = st == S_WV && h_out_valid && wc == 8'd0;
            end else begin : g_wnow
                assign w_go = st == S_WV && h_out_valid;
            end
            always @(posedge clk) begin
                if (rst) begin
                    st <= S_IDLE;
                end else begin
                    case (st)
                        S_IDLE: if (accept) st <= S_H1;
                        S_H1:   st <= (HV != 0 && HW != 0) ? S_WV : S_IDLE;
                        default: if (w_go) st <= S_IDLE;   // S_WV
                    endcase
                end
            end
            assign u_rnd_v = (HV != 0) ? h_r : 32'd0;
            assign u_rnd_w = (HW != 0) ? h_r : 32'd0;
`ifndef SYNTHESIS
            // the schedule's promise: the hash is idle whenever it is given a word
            always @(posedge clk) begin
                if (!rst && h_in_valid && !h_in_ready) begin
                    $display("ERROR mlp_update_sgd_hashed %m: FAIL, the hash is busy at a new word at %0t", $time);
                    $stop;
                end
            end
`endif
            wire unused_h = &{1'b0, h_in_ready};
        end
    endgenerate

    mlp_update_sgd_seq #(
        .W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W),
        .W_S(W_S), .F_S(F_S), .RND_S(RND_S), .OVF_S(OVF_S),
        .G_W(G_W), .F_G(F_G), .HAS_MOM(HAS_MOM), .HAS_WD(HAS_WD), .HAS_NEST(HAS_NEST),
        .RV_AT(RVA), .RW_AT(RWA)
    ) u_upd (
        .clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(u_ready),
        .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(nesterov), .rnd_v(u_rnd_v), .rnd_w(u_rnd_w),
        .out_valid(out_valid), .out_ready(out_ready),
        .w_new(w_new), .v_new(v_new), .ovf_w(ovf_w), .ovf_v(ovf_v));

endmodule

`resetall
