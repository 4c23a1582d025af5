// tb_mlp_update_sgd_hashed: self-checking testbench for
// rtl_lib/mlp_update_sgd_hashed.v (mlp_update_sgd_seq + one sequential
// hash). The model is what a layer without the shared hash builds: an
// mlp_update_sgd_seq fed with rnd_v / rnd_w from two combinational
// mlp_dense_hash (mlp_hash STAGES 0) driven like mlp_dense_layer's u_h_uv /
// u_h_uw (tensor bias ? 3 : 2 / bias ? 1 : 0, col 0 for a bias). Both get
// the same random steps (random w, g, v, bias, coordinates, seed, step
// and hyperparameters; the operands and coordinates scrambled after the
// accept, seed, step and the hyperparameters only between steps) in the same cycle;
// the wrapper's results must equal the model's bit for bit, hold while
// out_ready (random) is low, and come exactly XLAT edges after the model's
// on every step: the unit's wait for its late random words, LATENCY of the
// wrapper's unit (RV_AT / RW_AT) minus the model's (0 without stochastic
// rounding). +break plants one wrong expectation: the run must then fail.
// Ends with PASS, or FAIL and $fatal.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_update_sgd_hashed;
    parameter integer W_W = 16, F_W = 11, RND_W = 3, OVF_W = 0;
    parameter integer W_S = 16, F_S = 11, RND_S = 3, OVF_S = 0;
    parameter integer G_W = 40, F_G = 26;
    parameter integer HAS_MOM = 1, HAS_WD = 1;
    parameter integer HAS_NEST = 1;   // 0: nesterov 0 and mom_q != 0 on every step
    parameter integer N = 1000;
    parameter integer SEED = 1;
    localparam integer NH = ((RND_S == 3 && HAS_MOM != 0) ? 1 : 0) + ((RND_W == 3) ? 1 : 0);
    integer XLAT;   // set below from the two units' LATENCY

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [W_W-1:0] w;
    reg  [G_W-1:0] g;
    reg  [W_S-1:0] v;
    reg            bias, nesterov, in_valid, out_ready;
    reg  [31:0]    lr_q, mom_q, wd_q, seed, col, step;
    reg  [7:0]     layer;
    reg  [15:0]    row;
    wire           in_ready, out_valid, m_in_ready, m_out_valid;
    wire [W_W-1:0] d_w, m_w;
    wire [W_S-1:0] d_v, m_v;
    wire           d_ow, d_ov, m_ow, m_ov;
    wire [31:0]    h_v, h_w;
    wire           accept = in_valid && in_ready;

    mlp_update_sgd_hashed #(.W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W), .W_S(W_S), .F_S(F_S),
                            .RND_S(RND_S), .OVF_S(OVF_S), .G_W(G_W), .F_G(F_G),
                            .HAS_MOM(HAS_MOM), .HAS_WD(HAS_WD), .HAS_NEST(HAS_NEST)) dut (
        .clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready),
        .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(nesterov), .seed(seed), .layer(layer), .row(row), .col(col), .step(step),
        .out_valid(out_valid), .out_ready(out_ready),
        .w_new(d_w), .v_new(d_v), .ovf_w(d_ow), .ovf_v(d_ov));

    // the model: the layer's two combinational hashes and its own unit
    mlp_dense_hash u_h_uv (.clk(clk), .rst(rst), .en(1'b1), .seed(seed), .layer(layer),
        .tensor(bias ? 8'd3 : 8'd2), .row(row), .col(bias ? 32'd0 : col), .step(step), .r(h_v));
    mlp_dense_hash u_h_uw (.clk(clk), .rst(rst), .en(1'b1), .seed(seed), .layer(layer),
        .tensor(bias ? 8'd1 : 8'd0), .row(row), .col(bias ? 32'd0 : col), .step(step), .r(h_w));
    mlp_update_sgd_seq #(.W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W), .W_S(W_S), .F_S(F_S),
                         .RND_S(RND_S), .OVF_S(OVF_S), .G_W(G_W), .F_G(F_G),
                         .HAS_MOM(HAS_MOM), .HAS_WD(HAS_WD), .HAS_NEST(HAS_NEST)) u_model (
        .clk(clk), .rst(rst), .in_valid(accept), .in_ready(m_in_ready),
        .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
        .nesterov(nesterov), .rnd_v(h_v), .rnd_w(h_w),
        .out_valid(m_out_valid), .out_ready(1'b1),
        .w_new(m_w), .v_new(m_v), .ovf_w(m_ow), .ovf_v(m_ov));

    integer seed_r, cycles = 0, n_in = 0, n_out = 0, errors = 0, brk = 0;
    integer t_m = 0, t_d = 0, n_wchg = 0, n_st = 0;
    reg     busy = 1'b0, seen = 1'b0, m_got = 1'b0;
    reg [W_W-1:0] e_w;
    reg [W_S-1:0] e_v;
    reg           e_ow, e_ov;
    reg [W_W+W_S+1:0] held;

    // a random value: full range, or small (a random number of top bits sign-extended)
    function [63:0] rnd64;
        input [31:0] a, b, sel;
        reg [63:0] x;
        begin
            x = {a, b};
            if (sel[1:0] != 2'd0) x = $signed(x) >>> (sel[8:4] + 20);
            rnd64 = x;
        end
    endfunction

    task scramble;   // new random operands (the step, or garbage between steps)
        begin
            w = rnd64($random(seed_r), $random(seed_r), $random(seed_r));
            g = rnd64($random(seed_r), $random(seed_r), $random(seed_r));
            v = rnd64($random(seed_r), $random(seed_r), $random(seed_r));
            bias = ($random(seed_r) & 3) == 0;
            nesterov = $random(seed_r);
            if (HAS_NEST == 0) nesterov = 1'b0;
            layer = $random(seed_r); row = $random(seed_r);
            col = ($random(seed_r) & 1) ? $random(seed_r) : {16'd0, $random(seed_r)} & 32'hffff;
        end
    endtask

    initial begin
        seed_r = SEED;
        XLAT = dut.u_upd.LATENCY - u_model.LATENCY;
        if (XLAT < 0 || (NH == 0 && XLAT != 0) || u_model.LATENCY != u_model.LAT0) begin
            $display("FAIL: tb_mlp_update_sgd_hashed: XLAT %0d", XLAT);
            $fatal(1);
        end
        if ($test$plusargs("break")) brk = 1;
        in_valid = 1'b0; out_ready = 1'b1;
        lr_q = 32'd0; mom_q = 32'd0; wd_q = 32'd0; seed = 32'd0; step = 32'd0;
        scramble;
        repeat (3) @(posedge clk);
        rst <= 1'b0;
    end

    always @(posedge clk) begin
        if (!rst) begin
            cycles = cycles + 1;
            // the model's result (taken at once), compared when the wrapper's comes
            if (m_out_valid) begin
                e_w = m_w; e_v = m_v; e_ow = m_ow; e_ov = m_ov;
                if (brk && n_out == N / 2) e_w = e_w ^ 1;
                t_m = cycles; m_got = 1'b1;
            end
            if (out_valid) begin
                if (!seen) begin
                    t_d = cycles;
                    held = {d_w, d_v, d_ow, d_ov};
                    if (!m_got || t_d - t_m != XLAT) begin
                        errors = errors + 1;
                        $display("mismatch step %0d: result %0d edges after the model's, expected %0d",
                                 n_out, t_d - t_m, XLAT);
                    end
                end else if ({d_w, d_v, d_ow, d_ov} !== held) begin
                    errors = errors + 1;
                    $display("mismatch step %0d: result changed while stalled", n_out);
                end
                seen = 1'b1;
            end
            if (out_valid && out_ready) begin
                if (d_w !== e_w || d_v !== e_v || d_ow !== e_ow || d_ov !== e_ov) begin
                    errors = errors + 1;
                    if (errors <= 5)
                        $display("mismatch step %0d (bias %b): w %h v %h ovf %b%b, expected w %h v %h ovf %b%b",
                                 n_out, dut.u_upd.bias_r, d_w, d_v, d_ow, d_ov, e_w, e_v, e_ow, e_ov);
                end
                if (d_w !== dut.u_upd.w_r && !d_ow) n_wchg = n_wchg + 1;
                n_out = n_out + 1;
                seen = 1'b0; m_got = 1'b0; busy = 1'b0;
            end
            if (accept) begin
                if (!m_in_ready) begin
                    errors = errors + 1;
                    $display("FAIL: model busy at step %0d", n_in);
                end
                n_in = n_in + 1;
                busy = 1'b1;
                if (RND_W == 3 || RND_S == 3) n_st = n_st + 1;
            end
            // next inputs (after the edge): a step now and then while idle;
            // the hyperparameters and seed change only between steps
            if (!busy && !accept && ($random(seed_r) & 3) == 0 && n_in < N) begin
                lr_q  = ($random(seed_r) & 1) ? $random(seed_r) & 32'h0fff_ffff : $random(seed_r) & 32'h000f_ffff;
                mom_q = ($random(seed_r) & 3) == 0 ? 32'd0 : $random(seed_r);
                wd_q  = ($random(seed_r) & 3) == 0 ? 32'd0 : $random(seed_r) & 32'h000f_ffff;
                if (HAS_MOM == 0) mom_q = 32'd0;
                if (HAS_NEST == 0 && mom_q == 32'd0) mom_q = 32'h00e6_6666;
                if (HAS_WD == 0)  wd_q = 32'd0;
                seed  = $random(seed_r);
                step  = $random(seed_r);
                scramble;
                in_valid <= 1'b1;
            end else if (accept || !busy) begin
                in_valid <= 1'b0;
                scramble;
            end
            out_ready <= ($random(seed_r) & 3) != 0;
            if (n_out == N) begin
                if (errors == 0 && n_wchg > N / 4) begin
                    $display("PASS: tb_mlp_update_sgd_hashed RND_W=%0d RND_S=%0d HAS_MOM=%0d HAS_WD=%0d HAS_NEST=%0d: %0d steps (%0d w changed without overflow), XLAT %0d, %0d cycles",
                             RND_W, RND_S, HAS_MOM, HAS_WD, HAS_NEST, n_out, n_wchg, XLAT, cycles);
                    $finish;
                end else begin
                    $display("FAIL: tb_mlp_update_sgd_hashed: %0d errors over %0d steps (%0d w changed without overflow)",
                             errors, n_out, n_wchg);
                    $fatal(1);
                end
            end
            if (cycles > 200 * N + 1000) begin
                $display("FAIL: tb_mlp_update_sgd_hashed: timeout, %0d of %0d steps", n_out, N);
                $fatal(1);
            end
        end
    end
endmodule
