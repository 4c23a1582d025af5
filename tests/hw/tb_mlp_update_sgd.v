// tb_mlp_update_sgd: hand-computed SGD updates (docs/numerics.md section 7)
// for mlp_update_sgd. Weights and momentum fixed<16,5> (11 fractional bits),
// gradient accumulator 40 bits with 26 fractional bits, hyperparameters with
// 24. Every expected value below is worked out in the comment beside it.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_update_sgd;
    reg  [15:0] w, v;
    reg  [39:0] g;
    reg         bias, nesterov;
    reg  [31:0] lr_q, mom_q, wd_q, rnd;
    wire [15:0] w2, v2, w3, v3;
    wire        ow2, ov2, ow3, ov3;
    integer     errors = 0;

    // rnd_conv for w and v, saturating
    mlp_update_sgd #(.W_W(16), .F_W(11), .RND_W(2), .OVF_W(0), .W_S(16), .F_S(11), .RND_S(2),
                     .OVF_S(0), .G_W(40), .F_G(26)) u_conv (
        .en(1'b1), .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(nesterov), .rnd_v(rnd), .rnd_w(rnd), .w_new(w2), .v_new(v2),
        .ovf_w(ow2), .ovf_v(ov2));
    // stochastic weights, truncated momentum
    mlp_update_sgd #(.W_W(16), .F_W(11), .RND_W(3), .OVF_W(0), .W_S(16), .F_S(11), .RND_S(0),
                     .OVF_S(0), .G_W(40), .F_G(26)) u_sto (
        .en(1'b1), .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(nesterov), .rnd_v(rnd), .rnd_w(rnd), .w_new(w3), .v_new(v3),
        .ovf_w(ow3), .ovf_v(ov3));

    localparam [31:0] HALF = 32'h0080_0000, ONE = 32'h0100_0000;

    task check;
        input [8*24-1:0] name;
        input [15:0] got, want;
        begin
            if (got !== want) begin
                $display("FAIL %0s: got %0d want %0d", name, $signed(got), $signed(want));
                errors = errors + 1;
            end
        end
    endtask

    task set;
        input [15:0] w_i, v_i;
        input [39:0] g_i;
        input        b_i, n_i;
        input [31:0] lr_i, mom_i, wd_i, r_i;
        begin
            w = w_i; v = v_i; g = g_i; bias = b_i; nesterov = n_i;
            lr_q = lr_i; mom_q = mom_i; wd_q = wd_i; rnd = r_i;
            #1;
        end
    endtask

    initial begin
        // plain SGD: w 1.0 (2048), G 0.25 (2^24), lr 0.5: w' = 0.875 (1792); v stays 5
        set(16'd2048, 16'd5, 40'd16777216, 1'b0, 1'b0, HALF, 32'd0, 32'd0, 32'd0);
        check("sgd w", w2, 16'd1792);
        check("sgd v kept", v2, 16'd5);
        // momentum 0.5, v 0.5 (1024), G 0.25: v' = 0.25 + 0.25 = 0.5 (1024); w' = 1 - 0.25 = 0.75 (1536)
        set(16'd2048, 16'd1024, 40'd16777216, 1'b0, 1'b0, HALF, HALF, 32'd0, 32'd0);
        check("momentum v", v2, 16'd1024);
        check("momentum w", w2, 16'd1536);
        // momentum from v 0: v' = 0.25 (512), w' = 1 - 0.125 = 0.875 (1792)
        set(16'd2048, 16'd0, 40'd16777216, 1'b0, 1'b0, HALF, HALF, 32'd0, 32'd0);
        check("momentum v0 v", v2, 16'd512);
        check("momentum v0 w", w2, 16'd1792);
        // Nesterov from v 0: v' = 0.25, step = 0.25 + 0.5*0.25 = 0.375, w' = 1 - 0.1875 = 0.8125 (1664)
        set(16'd2048, 16'd0, 40'd16777216, 1'b0, 1'b1, HALF, HALF, 32'd0, 32'd0);
        check("nesterov v", v2, 16'd512);
        check("nesterov w", w2, 16'd1664);
        // weight decay 0.5, G 0: d = 0.5, w' = 1 - 0.25 = 0.75 (1536) ...
        set(16'd2048, 16'd0, 40'd0, 1'b0, 1'b0, HALF, 32'd0, HALF, 32'd0);
        check("decay w", w2, 16'd1536);
        // ... but not on biases: b' = 1.0 (2048)
        set(16'd2048, 16'd0, 40'd0, 1'b1, 1'b0, HALF, 32'd0, HALF, 32'd0);
        check("decay skips bias", w2, 16'd2048);
        // tie: w 0, lr 1, G 2^-12 (2^14): w' = -0.5 LSB -> half to even: 0
        set(16'd0, 16'd0, 40'd16384, 1'b0, 1'b0, ONE, 32'd0, 32'd0, 32'd0);
        check("tie -0.5 even", w2, 16'd0);
        // G 3*2^-12 (49152): w' = -1.5 LSB -> -2 (even)
        set(16'd0, 16'd0, 40'd49152, 1'b0, 1'b0, ONE, 32'd0, 32'd0, 32'd0);
        check("tie -1.5 even", w2, 16'hFFFE);
        // saturation: w max (32767), G -1 (-2^26), lr 1: 16.99 -> 32767, flagged
        set(16'd32767, 16'd0, -40'sd67108864, 1'b0, 1'b0, ONE, 32'd0, 32'd0, 32'd0);
        check("sat w", w2, 16'd32767);
        if (ow2 !== 1'b1) begin $display("FAIL sat flag"); errors = errors + 1; end
        // stochastic: w' = +0.5 LSB (G -2^-12). s = 59 - 11 = 48 > 32, u = R << 16:
        // R = 0x80000000: u = 2^47, (2^47 + 2^47) >> 48 = 1
        set(16'd0, 16'd0, -40'sd16384, 1'b0, 1'b0, ONE, 32'd0, 32'd0, 32'h8000_0000);
        check("stochastic up", w3, 16'd1);
        // R = 0x7fffffff: u < 2^47 -> 0
        set(16'd0, 16'd0, -40'sd16384, 1'b0, 1'b0, ONE, 32'd0, 32'd0, 32'h7FFF_FFFF);
        check("stochastic down", w3, 16'd0);
        // truncated momentum: v' = 0.5 * 1 LSB = 0.5 LSB -> trn: 0
        set(16'd0, 16'd1, 40'd0, 1'b0, 1'b0, ONE, HALF, 32'd0, 32'd0);
        check("trn momentum", v3, 16'd0);
        // +break plants a wrong expectation: the bench must then fail
        if ($test$plusargs("break")) check("planted", w2, w2 + 16'd1);
        if (errors == 0) $display("PASS tb_mlp_update_sgd");
        else $display("FAILED tb_mlp_update_sgd: %0d errors", errors);
        $finish;
    end
endmodule
