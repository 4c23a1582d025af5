// tb_mlp_update_sgd_seq: mlp_update_sgd_seq (sequential, one 16x16
// multiplier) against the combinational mlp_update_sgd as the model, bit for
// bit, on random vectors over several parameter sets (roundings, wrap,
// widths where the gradient, the weights or the momentum set the alignment,
// operands of 1 to 4 limbs), with random stalls on both handshakes, inputs
// scrambled after the accept, the latency checked against LATENCY on every
// vector and the outputs checked to hold while out_ready is low. The default
// set also runs hand-computed cases (the ones of tb_mlp_update_sgd). The
// specialized units (HAS_MOM = 0: no momentum; HAS_WD = 0: no weight decay)
// run the same vectors as a full case (same seed and formats) with mom_q
// resp. wd_q forced to 0, against the full combinational function: they
// must equal it there (and their own, shorter LATENCY is checked alike);
// HAS_NEST = 0 (momentum without Nesterov) likewise with nesterov forced to
// 0 and mom_q to a nonzero value (0.9 where the draw is 0).
// +break plants one wrong expectation: the bench must then fail.
`timescale 1ns / 1ps
`default_nettype none

module tb_upd_seq_case #(
    parameter integer W_W = 16, parameter integer F_W = 11,
    parameter integer RND_W = 2, parameter integer OVF_W = 0,
    parameter integer W_S = 16, parameter integer F_S = 11,
    parameter integer RND_S = 2, parameter integer OVF_S = 0,
    parameter integer G_W = 40, parameter integer F_G = 26,
    parameter integer N = 2000, parameter integer SEED = 1, parameter integer HAND = 0,
    parameter integer HAS_MOM = 1, parameter integer HAS_WD = 1, parameter integer HAS_NEST = 1
) (
    input wire clk,
    input wire rst,
    output reg done,
    output reg [31:0] errors,
    output reg [31:0] count
);
    reg  [W_W-1:0] w;
    reg  [G_W-1:0] g;
    reg  [W_S-1:0] v;
    reg            bias, nesterov, in_valid, out_ready;
    reg  [31:0]    lr_q, mom_q, wd_q, rnd_v, rnd_w;
    wire [W_W-1:0] m_w, s_w;
    wire [W_S-1:0] m_v, s_v;
    wire           m_ow, m_ov, s_ow, s_ov, in_ready, out_valid;

    mlp_update_sgd #(.W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W), .W_S(W_S), .F_S(F_S),
                     .RND_S(RND_S), .OVF_S(OVF_S), .G_W(G_W), .F_G(F_G)) u_model (
        .en(1'b1), .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(nesterov), .rnd_v(rnd_v), .rnd_w(rnd_w), .w_new(m_w), .v_new(m_v),
        .ovf_w(m_ow), .ovf_v(m_ov));
    mlp_update_sgd_seq #(.W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W), .W_S(W_S), .F_S(F_S),
                         .RND_S(RND_S), .OVF_S(OVF_S), .G_W(G_W), .F_G(F_G),
                         .HAS_MOM(HAS_MOM), .HAS_WD(HAS_WD), .HAS_NEST(HAS_NEST)) u_dut (
        .clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready),
        .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(nesterov), .rnd_v(rnd_v), .rnd_w(rnd_w),
        .out_valid(out_valid), .out_ready(out_ready),
        .w_new(s_w), .v_new(s_v), .ovf_w(s_ow), .ovf_v(s_ov));

    integer seed;
    integer lat, k;
    integer n_ow = 0, n_ov = 0, n_wchg = 0, n_vchg = 0;   // coverage
    reg [W_W-1:0] e_w;
    reg [W_S-1:0] e_v;
    reg           e_ow, e_ov;
    reg [63:0]    r64;

    // a random value of n bits: full range, or small, or near the extremes
    function [63:0] rnd_bits;
        input integer n;
        input [63:0] a;
        input [31:0] sel;
        reg [63:0] x;
        begin
            x = a << (64 - n);                          // the n bits on top
            case (sel % 4)
                0: x = a;                                   // full range
                1: x = $signed(x) >>> (64 - n + sel[12:8] % n);  // smaller, signed
                2: x = x >> (64 - n + sel[12:8] % n);       // smaller, positive
                default: x = (sel[16]) ? {64{1'b1}} << (sel[12:8] % 4) : ~({64{1'b1}} << (n - 1 - sel[12:8] % 3));
            endcase
            rnd_bits = x;
        end
    endfunction

    function [31:0] rnd_hyper;   // 0 with some probability, else a wide spread of magnitudes
        input [31:0] a, sel;
        input integer zero_pct;
        begin
            if (sel % 100 < zero_pct) rnd_hyper = 32'd0;
            else if (sel[20]) rnd_hyper = a >> (sel[15:11] % 32);
            else rnd_hyper = a >> (8 + sel[15:11] % 24);
        end
    endfunction

    task randomize_inputs;
        begin
            r64 = {$random(seed), $random(seed)};
            w = rnd_bits(W_W, r64, $random(seed));
            r64 = {$random(seed), $random(seed)};
            g = rnd_bits(G_W, r64, $random(seed));
            r64 = {$random(seed), $random(seed)};
            v = rnd_bits(W_S, r64, $random(seed));
            bias = $random(seed);
            nesterov = $random(seed);
            lr_q = rnd_hyper($random(seed), $random(seed), 5);
            mom_q = rnd_hyper($random(seed), $random(seed), 25);
            wd_q = rnd_hyper($random(seed), $random(seed), 30);
            rnd_v = $random(seed);
            rnd_w = $random(seed);
            // what a specialized unit leaves out is 0 (the same draws as a full case)
            if (HAS_MOM == 0) mom_q = 32'd0;
            if (HAS_WD == 0) wd_q = 32'd0;
            // momentum without Nesterov (HAS_NEST = 0): nesterov 0, mom_q != 0
            if (HAS_NEST == 0) begin
                nesterov = 1'b0;
                if (mom_q == 32'd0) mom_q = 32'h00e6_6666;   // 0.9
            end
        end
    endtask

    task scramble;   // the unit sampled its inputs: change them (not the hyperparameters)
        begin
            w = $random(seed); g = {$random(seed), $random(seed)}; v = $random(seed);
            bias = $random(seed); nesterov = $random(seed);
            rnd_v = $random(seed); rnd_w = $random(seed);
        end
    endtask

    // one update through the handshake with random stalls; compares with the model
    task run_one;
        input [8*24-1:0] name;
        input check_hand;
        input [W_W-1:0] want_w;
        input [W_S-1:0] want_v;
        begin
            k = $random(seed) & 3;
            while (k > 0) begin @(posedge clk); #1; k = k - 1; end
            in_valid = 1'b1;
            e_w = m_w; e_v = m_v; e_ow = m_ow; e_ov = m_ov;
            if (check_hand) begin
                if (e_w !== want_w || e_v !== want_v) begin
                    $display("FAIL %0s (model): w %0d want %0d, v %0d want %0d", name,
                             $signed(e_w), $signed(want_w), $signed(e_v), $signed(want_v));
                    errors = errors + 1;
                end
            end
            while (!in_ready) begin @(posedge clk); #1; end
            @(posedge clk); #1;   // accepted on this edge
            in_valid = 1'b0;
            scramble;
            lat = 0;
            out_ready = 1'b0;
            while (!out_valid) begin
                @(posedge clk); #1; lat = lat + 1;
                if (lat > 10000) begin $display("FAIL %0s: no out_valid", name); errors = errors + 1; disable run_one; end
            end
            if (lat != u_dut.LATENCY) begin
                $display("FAIL %0s: latency %0d, LATENCY %0d", name, lat, u_dut.LATENCY);
                errors = errors + 1;
            end
            // hold out_ready low a random while: the outputs must not move
            k = $random(seed) & 3;
            while (k > 0) begin
                @(posedge clk); #1; k = k - 1;
                if (!out_valid) begin $display("FAIL %0s: out_valid dropped", name); errors = errors + 1; end
            end
            n_ow = n_ow + e_ow; n_ov = n_ov + e_ov;
            n_wchg = n_wchg + (e_w != u_dut.w_r); n_vchg = n_vchg + (e_v != u_dut.v_r);
            if ($test$plusargs("break") && count == 77) e_w = e_w ^ 1;
            if (s_w !== e_w || s_v !== e_v || s_ow !== e_ow || s_ov !== e_ov) begin
                $display("FAIL %0s #%0d: w %h/%h v %h/%h ovf %b%b/%b%b (seq/model) in w %h g %h v %h b %b n %b lr %h mom %h wd %h",
                         name, count, s_w, e_w, s_v, e_v, s_ow, s_ov, e_ow, e_ov,
                         u_dut.w_r, u_dut.g_r, u_dut.v_r, u_dut.bias_r, u_dut.nest_r, lr_q, mom_q, wd_q);
                errors = errors + 1;
            end
            out_ready = 1'b1;
            @(posedge clk); #1;
            out_ready = $random(seed);
            if (out_valid) begin $display("FAIL %0s: out_valid after the handshake", name); errors = errors + 1; end
            count = count + 1;
        end
    endtask

    task hand;
        input [8*24-1:0] name;
        input [W_W-1:0] w_i;
        input [W_S-1:0] v_i;
        input [G_W-1:0] g_i;
        input b_i, n_i;
        input [31:0] lr_i, mom_i, wd_i, r_i;
        input [W_W-1:0] want_w;
        input [W_S-1:0] want_v;
        begin
            w = w_i; v = v_i; g = g_i; bias = b_i; nesterov = n_i;
            lr_q = lr_i; mom_q = mom_i; wd_q = wd_i; rnd_v = r_i; rnd_w = r_i;
            #1;
            run_one(name, 1'b1, want_w, want_v);
        end
    endtask

    localparam [31:0] HALF = 32'h0080_0000, ONE = 32'h0100_0000;
    integer i;
    initial begin
        seed = SEED;
        done = 1'b0; errors = 0; count = 0;
        in_valid = 1'b0; out_ready = 1'b0;
        randomize_inputs;
        @(negedge rst); #1;
        if (HAND != 0) begin
            // numerics.md section 7 by hand, fixed<16,5>, G 40 bits with 26 fractional
            hand("sgd",        16'd2048, 16'd5,    40'd16777216, 0, 0, HALF, 0,    0,    0, 16'd1792, 16'd5);
            hand("momentum",   16'd2048, 16'd1024, 40'd16777216, 0, 0, HALF, HALF, 0,    0, 16'd1536, 16'd1024);
            hand("nesterov",   16'd2048, 16'd0,    40'd16777216, 0, 1, HALF, HALF, 0,    0, 16'd1664, 16'd512);
            hand("decay",      16'd2048, 16'd0,    40'd0,        0, 0, HALF, 0,    HALF, 0, 16'd1536, 16'd0);
            hand("decay bias", 16'd2048, 16'd0,    40'd0,        1, 0, HALF, 0,    HALF, 0, 16'd2048, 16'd0);
            hand("tie -0.5",   16'd0,    16'd0,    40'd16384,    0, 0, ONE,  0,    0,    0, 16'd0,    16'd0);
            hand("tie -1.5",   16'd0,    16'd0,    40'd49152,    0, 0, ONE,  0,    0,    0, 16'hFFFE, 16'd0);
            hand("saturate",   16'd32767, 16'd0,   -40'sd67108864, 0, 0, ONE, 0,   0,    0, 16'd32767, 16'd0);
            if (s_ow !== 1'b1) begin $display("FAIL saturate flag"); errors = errors + 1; end
        end
        for (i = 0; i < N; i = i + 1) begin
            randomize_inputs;
            #1;
            run_one("random", 1'b0, {W_W{1'b0}}, {W_S{1'b0}});
        end
        $display("case W_W %0d G_W %0d HAS_MOM %0d HAS_WD %0d HAS_NEST %0d LATENCY %0d: %0d updates, w saturated/wrapped %0d, v %0d, w changed %0d, v changed %0d",
                 W_W, G_W, HAS_MOM, HAS_WD, HAS_NEST, u_dut.LATENCY, count, n_ow, n_ov, n_wchg, n_vchg);
        done = 1'b1;
    end
endmodule

module tb_mlp_update_sgd_seq;
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = ~clk;
    initial begin repeat (3) @(posedge clk); rst = 1'b0; end

    localparam integer NC = 22;
    wire [NC-1:0] done;
    wire [32*NC-1:0] errs, cnts;
    // the cores' default formats, half-to-even, saturating; hand cases too
    tb_upd_seq_case #(.N(1500), .SEED(11), .HAND(1)) c0 (
        .clk(clk), .rst(rst), .done(done[0]), .errors(errs[0 +: 32]), .count(cnts[0 +: 32]));
    // stochastic weights, truncated momentum, wrapping
    tb_upd_seq_case #(.RND_W(3), .RND_S(0), .OVF_W(1), .OVF_S(1), .N(1000), .SEED(22)) c1 (
        .clk(clk), .rst(rst), .done(done[1]), .errors(errs[32 +: 32]), .count(cnts[32 +: 32]));
    // narrow weights, momentum sets the alignment; round half up
    tb_upd_seq_case #(.W_W(8), .F_W(4), .W_S(12), .F_S(8), .G_W(30), .F_G(20), .RND_W(1), .RND_S(3),
                      .N(1000), .SEED(33)) c2 (
        .clk(clk), .rst(rst), .done(done[2]), .errors(errs[64 +: 32]), .count(cnts[64 +: 32]));
    // the gradient sets the alignment (w and v shifted by 25: 3-limb operands)
    tb_upd_seq_case #(.W_W(16), .F_W(11), .W_S(16), .F_S(11), .G_W(64), .F_G(60), .RND_W(3), .RND_S(3),
                      .N(1000), .SEED(44)) c3 (
        .clk(clk), .rst(rst), .done(done[3]), .errors(errs[96 +: 32]), .count(cnts[96 +: 32]));
    // wide weights and momentum (2-limb operands), v shifted by 8
    tb_upd_seq_case #(.W_W(24), .F_W(20), .W_S(20), .F_S(16), .G_W(56), .F_G(44), .RND_W(2), .RND_S(1),
                      .OVF_S(1), .N(1000), .SEED(55)) c4 (
        .clk(clk), .rst(rst), .done(done[4]), .errors(errs[128 +: 32]), .count(cnts[128 +: 32]));
    // 32-bit weights, fractional bits beyond the width, trn
    tb_upd_seq_case #(.W_W(32), .F_W(30), .W_S(18), .F_S(17), .G_W(48), .F_G(40), .RND_W(0), .RND_S(2),
                      .N(1000), .SEED(66)) c5 (
        .clk(clk), .rst(rst), .done(done[5]), .errors(errs[160 +: 32]), .count(cnts[160 +: 32]));
    // tiny formats (saturation everywhere)
    tb_upd_seq_case #(.W_W(4), .F_W(2), .W_S(4), .F_S(3), .G_W(12), .F_G(5), .RND_W(2), .RND_S(2),
                      .N(1000), .SEED(77)) c6 (
        .clk(clk), .rst(rst), .done(done[6]), .errors(errs[192 +: 32]), .count(cnts[192 +: 32]));
    // the specialized units (the compiler's HAS_MOM / HAS_WD), each on the
    // vectors of a full case above (same seed, formats), mom_q / wd_q = 0:
    // no momentum (c0's vectors: nesterov still random, ignored)
    tb_upd_seq_case #(.HAS_MOM(0), .N(1000), .SEED(11)) c7 (
        .clk(clk), .rst(rst), .done(done[7]), .errors(errs[224 +: 32]), .count(cnts[224 +: 32]));
    // no weight decay (c1's vectors: stochastic weights, truncated momentum, wrapping)
    tb_upd_seq_case #(.HAS_WD(0), .RND_W(3), .RND_S(0), .OVF_W(1), .OVF_S(1), .N(1000), .SEED(22)) c8 (
        .clk(clk), .rst(rst), .done(done[8]), .errors(errs[256 +: 32]), .count(cnts[256 +: 32]));
    // neither: the xor core's unit (G 35 bits, 26 fractional), rnd_conv and stochastic
    tb_upd_seq_case #(.HAS_MOM(0), .HAS_WD(0), .G_W(35), .F_G(26), .N(1000), .SEED(88)) c9 (
        .clk(clk), .rst(rst), .done(done[9]), .errors(errs[288 +: 32]), .count(cnts[288 +: 32]));
    tb_upd_seq_case #(.HAS_MOM(0), .HAS_WD(0), .G_W(35), .F_G(26), .RND_W(3), .N(1000), .SEED(99)) c10 (
        .clk(clk), .rst(rst), .done(done[10]), .errors(errs[320 +: 32]), .count(cnts[320 +: 32]));
    // neither, c2's vectors (narrow weights: FD from 28 down to 20), c5's
    // (32-bit weights, F_W 30 above F_G 40 - 24: the gradient sets FD) and c6's
    // (tiny formats: F_G 5 above F_W 2)
    tb_upd_seq_case #(.HAS_MOM(0), .HAS_WD(0), .W_W(8), .F_W(4), .W_S(12), .F_S(8), .G_W(30), .F_G(20),
                      .RND_W(1), .RND_S(3), .N(1000), .SEED(33)) c11 (
        .clk(clk), .rst(rst), .done(done[11]), .errors(errs[352 +: 32]), .count(cnts[352 +: 32]));
    tb_upd_seq_case #(.HAS_MOM(0), .HAS_WD(0), .W_W(32), .F_W(30), .W_S(18), .F_S(17), .G_W(48), .F_G(40),
                      .RND_W(0), .RND_S(2), .N(1000), .SEED(66)) c12 (
        .clk(clk), .rst(rst), .done(done[12]), .errors(errs[384 +: 32]), .count(cnts[384 +: 32]));
    tb_upd_seq_case #(.HAS_MOM(0), .HAS_WD(0), .W_W(4), .F_W(2), .W_S(4), .F_S(3), .G_W(12), .F_G(5),
                      .RND_W(3), .RND_S(2), .N(1000), .SEED(77)) c13 (
        .clk(clk), .rst(rst), .done(done[13]), .errors(errs[416 +: 32]), .count(cnts[416 +: 32]));
    // no momentum with weight decay, c3's vectors (the gradient sets the
    // alignment, stochastic); no weight decay with momentum, c4's (2-limb operands)
    tb_upd_seq_case #(.HAS_MOM(0), .W_W(16), .F_W(11), .W_S(16), .F_S(11), .G_W(64), .F_G(60), .RND_W(3),
                      .RND_S(3), .N(500), .SEED(44)) c14 (
        .clk(clk), .rst(rst), .done(done[14]), .errors(errs[448 +: 32]), .count(cnts[448 +: 32]));
    tb_upd_seq_case #(.HAS_WD(0), .W_W(24), .F_W(20), .W_S(20), .F_S(16), .G_W(56), .F_G(44), .RND_W(2),
                      .RND_S(1), .OVF_S(1), .N(500), .SEED(55)) c15 (
        .clk(clk), .rst(rst), .done(done[15]), .errors(errs[480 +: 32]), .count(cnts[480 +: 32]));
    // neither, at the xor core's exact G width (32 bits: a 2-limb step)
    tb_upd_seq_case #(.HAS_MOM(0), .HAS_WD(0), .G_W(32), .F_G(26), .RND_W(3), .N(500), .SEED(111)) c16 (
        .clk(clk), .rst(rst), .done(done[16]), .errors(errs[512 +: 32]), .count(cnts[512 +: 32]));
    // momentum without Nesterov (HAS_NEST 0: no phase 2, the w sum aligned
    // to v'): the iris12 core's unit (12/8 weights and state, G 27/20, no
    // weight decay, both stochastic), with weight decay on c0's formats,
    // F_S above F_W (c2's), F_W above F_S (c5's: v' shifted left) and tiny
    // formats (c6's: saturation everywhere)
    tb_upd_seq_case #(.HAS_NEST(0), .HAS_WD(0), .W_W(12), .F_W(8), .W_S(12), .F_S(8), .G_W(27), .F_G(20),
                      .RND_W(3), .RND_S(3), .N(1500), .SEED(121)) c17 (
        .clk(clk), .rst(rst), .done(done[17]), .errors(errs[544 +: 32]), .count(cnts[544 +: 32]));
    tb_upd_seq_case #(.HAS_NEST(0), .RND_W(3), .RND_S(0), .OVF_W(1), .N(1000), .SEED(131)) c18 (
        .clk(clk), .rst(rst), .done(done[18]), .errors(errs[576 +: 32]), .count(cnts[576 +: 32]));
    tb_upd_seq_case #(.HAS_NEST(0), .W_W(8), .F_W(4), .W_S(12), .F_S(8), .G_W(30), .F_G(20), .RND_W(1),
                      .RND_S(3), .N(1000), .SEED(33)) c19 (
        .clk(clk), .rst(rst), .done(done[19]), .errors(errs[608 +: 32]), .count(cnts[608 +: 32]));
    tb_upd_seq_case #(.HAS_NEST(0), .W_W(32), .F_W(30), .W_S(18), .F_S(17), .G_W(48), .F_G(40),
                      .RND_W(3), .RND_S(2), .OVF_S(1), .N(1000), .SEED(66)) c20 (
        .clk(clk), .rst(rst), .done(done[20]), .errors(errs[640 +: 32]), .count(cnts[640 +: 32]));
    tb_upd_seq_case #(.HAS_NEST(0), .HAS_WD(0), .W_W(4), .F_W(2), .W_S(4), .F_S(3), .G_W(12), .F_G(5),
                      .RND_W(3), .RND_S(3), .N(1000), .SEED(77)) c21 (
        .clk(clk), .rst(rst), .done(done[21]), .errors(errs[672 +: 32]), .count(cnts[672 +: 32]));

    integer j, total, n;
    initial begin
        wait (&done === 1'b1);
        total = 0; n = 0;
        for (j = 0; j < NC; j = j + 1) begin
            $display("case %0d: %0d updates, %0d errors", j, cnts[32*j +: 32], errs[32*j +: 32]);
            total = total + errs[32*j +: 32];
            n = n + cnts[32*j +: 32];
        end
        if (total == 0 && n > 15000) $display("PASS tb_mlp_update_sgd_seq (%0d updates)", n);
        else $display("FAILED tb_mlp_update_sgd_seq: %0d errors", total);
        $finish;
    end
    initial begin
        #200000000;
        $display("FAILED tb_mlp_update_sgd_seq: timeout");
        $finish;
    end
endmodule
