// mlp_update_sgd: the SGD update of one weight or bias (docs/numerics.md
// section 7, PyTorch conventions, dampening 0), combinational:
//   d    = G + wd_q*w            (biases: d = G; no weight decay)
//   v'   = requant(mom_q*v + d -> state)            [rnd_v]
//   step = v' | d + mom_q*v' (Nesterov) | d (mom_q == 0, v' = v)
//   w'   = requant(w - lr_q*step -> weights)        [rnd_w]
// Every term is exact, aligned to the largest fractional-bit count; the
// hyperparameters are unsigned with 24 fractional bits. G carries F_G
// fractional bits (the PE keeps weight and bias gradients aligned alike).
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_update_sgd #(
    parameter integer W_W   = 16, parameter integer F_W = 11,
    parameter integer RND_W = 2,  parameter integer OVF_W = 0,
    parameter integer W_S   = 16, parameter integer F_S = 11,
    parameter integer RND_S = 2,  parameter integer OVF_S = 0,
    parameter integer G_W   = 40, // gradient accumulator width
    parameter integer F_G   = 26  // its fractional bits
) (
    input  wire [W_W-1:0] w,
    input  wire [G_W-1:0] g,
    input  wire [W_S-1:0] v,
    input  wire           bias,
    input  wire [31:0]    lr_q,
    input  wire [31:0]    mom_q,
    input  wire [31:0]    wd_q,
    input  wire           nesterov,
    input  wire [31:0]    rnd_v,
    input  wire [31:0]    rnd_w,
    output wire [W_W-1:0] w_new,
    output wire [W_S-1:0] v_new,
    output wire           ovf_w,
    output wire           ovf_v
);
    localparam integer UW = 160;
    // fractional bits of d, of mom*v + d, of step and of the final sum
    localparam integer FD0 = (F_G > F_W + 24) ? F_G : F_W + 24;
    localparam integer FD  = (FD0 > F_S + 24) ? FD0 : F_S + 24;
    localparam integer FU  = FD + 24;

    // width of the step (d, mom*v' + d or v' aligned to FD), with margin
    localparam integer SA  = G_W + FD - F_G;
    localparam integer SB  = W_W + 33 + FD - F_W - 24;
    localparam integer SC  = W_S + 33 + FD - F_S - 24;
    localparam integer SD  = W_S + FD - F_S;
    localparam integer SAB = (SA > SB) ? SA : SB;
    localparam integer SCD = (SC > SD) ? SC : SD;
    localparam integer STW = ((SAB > SCD) ? SAB : SCD) + 3;
    generate
        if (STW + 34 > UW || W_W + FU - F_W + 2 > UW) begin : g_bad_width
            PARAMETER_ERROR_mlp_update_sgd_exact_sum_wider_than_UW u_param_error ();
        end
    endgenerate

    // the products at their own widths (narrow multipliers), then widened
    wire signed [32:0]     lr  = {1'b0, lr_q};
    wire signed [32:0]     mom = {1'b0, mom_q};
    wire signed [32:0]     wd  = {1'b0, wd_q};
    wire signed [W_W-1:0]  w_s = w;
    wire signed [W_S-1:0]  v_s = v;
    wire signed [W_W+32:0] p_wd = wd * w_s;
    wire signed [W_S+32:0] p_mv = mom * v_s;
    wire has_mom = mom_q != 32'd0;

    wire signed [UW-1:0] ws   = {{(UW-W_W){w[W_W-1]}}, w};
    wire signed [UW-1:0] gs   = {{(UW-G_W){g[G_W-1]}}, g};
    wire signed [UW-1:0] wdw  = {{(UW-W_W-33){p_wd[W_W+32]}}, p_wd};
    wire signed [UW-1:0] mvw  = {{(UW-W_S-33){p_mv[W_S+32]}}, p_mv};

    // d with FD fractional bits
    wire signed [UW-1:0] d = (gs <<< (FD - F_G))
                           + (bias ? {UW{1'b0}} : (wdw <<< (FD - F_W - 24)));
    // mom*v + d with FD fractional bits
    wire signed [UW-1:0] mv  = mvw <<< (FD - F_S - 24);
    wire signed [UW-1:0] vin = mv + d;

    wire [W_S-1:0] v_rq;
    wire           v_ovf;
    mlp_requant #(.IN_W(UW), .IN_FRAC(FD), .OUT_W(W_S), .OUT_FRAC(F_S),
                  .ROUND(RND_S), .OVF(OVF_S)) u_rq_v (
        .in_raw(vin), .rnd_word(rnd_v), .out_raw(v_rq), .ovf_flag(v_ovf));

    wire signed [W_S-1:0]  vn_s  = v_rq;
    wire signed [W_S+32:0] p_mvn = mom * vn_s;
    wire signed [UW-1:0] vn  = {{(UW-W_S){v_rq[W_S-1]}}, v_rq};
    wire signed [UW-1:0] mvn = {{(UW-W_S-33){p_mvn[W_S+32]}}, p_mvn} <<< (FD - F_S - 24);
    wire signed [UW-1:0] stp = !has_mom ? d
                             : nesterov ? d + mvn
                             : (vn <<< (FD - F_S));
    wire signed [STW-1:0]    stp_n = stp[STW-1:0];
    wire signed [STW+32:0]   p_lr  = lr * stp_n;
    wire signed [UW-1:0] win = (ws <<< (FU - F_W)) - {{(UW-STW-33){p_lr[STW+32]}}, p_lr};
    wire unused_stp = &{1'b0, stp[UW-1:STW]};

    mlp_requant #(.IN_W(UW), .IN_FRAC(FU), .OUT_W(W_W), .OUT_FRAC(F_W),
                  .ROUND(RND_W), .OVF(OVF_W)) u_rq_w (
        .in_raw(win), .rnd_word(rnd_w), .out_raw(w_new), .ovf_flag(ovf_w));

    assign v_new = has_mom ? v_rq : v;
    assign ovf_v = has_mom & v_ovf;
endmodule

`resetall
