// mlp_update_sgd: the SGD update of one weight or bias (docs/numerics.md
// section 7, PyTorch conventions, dampening 0), combinational:
//   d    = G + wd_q*w            (biases: d = G; no weight decay)
//   v'   = requant(mom_q*v + d -> state)            [rnd_v]
//   step = v' | d + mom_q*v' (Nesterov) | d (mom_q == 0, v' = v)
//   w'   = requant(w - lr_q*step -> weights)        [rnd_w]
// Every term is exact, aligned to the largest fractional-bit count; the
// hyperparameters are unsigned with 24 fractional bits. G carries F_G
// fractional bits (the PE keeps weight and bias gradients aligned alike).
// en = 1: the outputs are the update of the inputs; en = 0: they are 0.
// The arithmetic is one function called in a process under en, so a
// cycle-based simulator (Verilator) skips it in the cycles without an
// update (the layer's units are idle outside the update sweep); the two
// roundings are mlp_requant's (docs/numerics.md section 1) as a function.
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
    input  wire           en,
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
    localparam integer RW  = W_W + W_S + 2;   // {ovf_v, ovf_w, v_new, w_new}
    generate
        if (STW + 34 > UW || W_W + FU - F_W + 2 > UW) begin : g_bad_width
            PARAMETER_ERROR_mlp_update_sgd_exact_sum_wider_than_UW u_param_error ();
        end
    endgenerate

    // mlp_requant (IN_W = UW, right shift s = IN_FRAC - OUT_FRAC > 0, which
    // both roundings here have: FD - F_S >= 24, FU - F_W >= 48) of the
    // signed x to ow bits: {ovf_flag, out_raw sign-extended to UW bits}.
    // rmode: 0 trn, 1 rnd, 2 rnd_conv, 3 stochastic with rnd; omode: 0 sat, 1 wrap.
    function [UW:0] requant;
        input [UW-1:0] x;
        input [31:0]   rnd;
        input integer  s, ow, rmode, omode;
        reg [UW+1:0]        xe, half, add, top;
        reg signed [UW+1:0] q;
        reg                 fits;
        begin
            xe   = {{2{x[UW-1]}}, x};
            half = {{(UW+1){1'b0}}, 1'b1} << (s - 1);          // 2^(s-1)
            if (rmode == 3)        // u = R >> (32 - s) for s <= 32, R << (s - 32) above
                add = (s <= 32) ? ({{(UW-30){1'b0}}, rnd} >> (32 - s))
                                : ({{(UW-30){1'b0}}, rnd} << (s - 32));
            else if (rmode == 1)
                add = half;
            else
                add = {(UW+2){1'b0}};
            q = $signed(xe + add) >>> s;                       // floor((x + add) / 2^s)
            // rnd_conv: remainder above half, or exactly half and q odd
            if (rmode == 2 && (|(xe & half)) && ((|(xe & (half - 1'b1))) || q[0]))
                q = q + 1'b1;
            top  = q >>> (ow - 1);                             // all 0 or all 1 iff q fits
            fits = (top == {(UW+2){1'b0}}) || (top == {(UW+2){1'b1}});
            if (fits || omode == 1)
                requant = {!fits, q[UW-1:0]};
            else if (q[UW+1])                                  // saturate: -2^(ow-1) or 2^(ow-1) - 1
                requant = {1'b1, {UW{1'b1}} << (ow - 1)};
            else
                requant = {1'b1, ~({UW{1'b1}} << (ow - 1))};
        end
    endfunction

    // the update: {ovf_v, ovf_w, v_new, w_new}
    function [RW-1:0] update;
        input [W_W-1:0] w_i;
        input [G_W-1:0] g_i;
        input [W_S-1:0] v_i;
        input           bias_i;
        input [31:0]    lr_i, mom_i, wd_i;
        input           nest_i;
        input [31:0]    rv_i, rw_i;
        // the products at their own widths (narrow multipliers), then widened
        reg signed [32:0]     lr, mom, wd;
        reg signed [W_W-1:0]  w_s;
        reg signed [W_S-1:0]  v_s, vn_s;
        reg signed [W_W+32:0] p_wd;
        reg signed [W_S+32:0] p_mv, p_mvn;
        reg signed [UW-1:0]   ws, gs, wdw, mvw, d, mv, vin, vn, mvn, win;
        // the exact step fits STW bits (the bits above are its sign): only stp_n is used
        /* verilator lint_off UNUSEDSIGNAL */
        reg signed [UW-1:0]   stp;
        /* verilator lint_on UNUSEDSIGNAL */
        reg signed [STW-1:0]  stp_n;
        reg signed [STW+32:0] p_lr;
        reg                   has_mom;
        reg [UW:0]            rq_v, rq_w;
        begin
            lr   = {1'b0, lr_i};
            mom  = {1'b0, mom_i};
            wd   = {1'b0, wd_i};
            w_s  = w_i;
            v_s  = v_i;
            p_wd = wd * w_s;
            p_mv = mom * v_s;
            has_mom = mom_i != 32'd0;
            ws  = {{(UW-W_W){w_i[W_W-1]}}, w_i};
            gs  = {{(UW-G_W){g_i[G_W-1]}}, g_i};
            wdw = {{(UW-W_W-33){p_wd[W_W+32]}}, p_wd};
            mvw = {{(UW-W_S-33){p_mv[W_S+32]}}, p_mv};
            // d with FD fractional bits
            d   = (gs <<< (FD - F_G)) + (bias_i ? {UW{1'b0}} : (wdw <<< (FD - F_W - 24)));
            // mom*v + d with FD fractional bits
            mv  = mvw <<< (FD - F_S - 24);
            vin = mv + d;
            rq_v  = requant(vin, rv_i, FD - F_S, W_S, RND_S, OVF_S);
            vn_s  = rq_v[W_S-1:0];
            p_mvn = mom * vn_s;
            vn  = {{(UW-W_S){vn_s[W_S-1]}}, vn_s};
            mvn = {{(UW-W_S-33){p_mvn[W_S+32]}}, p_mvn} <<< (FD - F_S - 24);
            stp = !has_mom ? d
                : nest_i ? d + mvn
                : (vn <<< (FD - F_S));
            stp_n = stp[STW-1:0];
            p_lr  = lr * stp_n;
            win   = (ws <<< (FU - F_W)) - {{(UW-STW-33){p_lr[STW+32]}}, p_lr};
            rq_w  = requant(win, rw_i, FU - F_W, W_W, RND_W, OVF_W);
            update = {has_mom & rq_v[UW], rq_w[UW],
                      has_mom ? rq_v[W_S-1:0] : v_i, rq_w[W_W-1:0]};
        end
    endfunction

    reg [RW-1:0] res;
    always @(*) begin
        res = {RW{1'b0}};
        if (en) begin
            res = update(w, g, v, bias, lr_q, mom_q, wd_q, nesterov, rnd_v, rnd_w);
        end
    end
    assign {ovf_v, ovf_w, v_new, w_new} = res;
endmodule

`resetall
