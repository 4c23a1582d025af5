// tb_mlp_divider: self-checking testbench for rtl_lib/mlp_divider.v. Random
// numerators and denominators (small, large, equal, zero, powers of two) go
// in with random tvalid and leave with random tready stalls; quotient and
// remainder are compared with Verilog's / and % on wide integers (division
// by zero: all ones and num mod 2^D_W). Also checks N_W + 1 cycles per
// division when never stalled. +break corrupts one expected quotient.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_divider;
    parameter integer N_W = 32;
    parameter integer D_W = 24;
    parameter integer NDIV = 2000;
    parameter integer SEED = 1;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [N_W-1:0] s_num = 0;
    reg  [D_W-1:0] s_den = 0;
    reg  [15:0]    s_user = 0;
    reg            s_valid = 0, m_ready = 0;
    wire           s_ready, m_valid;
    wire [N_W-1:0] m_quot;
    wire [D_W-1:0] m_rem;
    wire [15:0]    m_user;

    mlp_divider #(.N_W(N_W), .D_W(D_W), .USER_W(16)) dut (
        .clk(clk), .rst(rst),
        .s_axis_num(s_num), .s_axis_den(s_den), .s_axis_tuser(s_user),
        .s_axis_tvalid(s_valid), .s_axis_tready(s_ready),
        .m_axis_quot(m_quot), .m_axis_rem(m_rem), .m_axis_tuser(m_user),
        .m_axis_tvalid(m_valid), .m_axis_tready(m_ready));

    reg [N_W-1:0] exp_q [0:NDIV-1];
    reg [D_W-1:0] exp_r [0:NDIV-1];
    integer seed_r, n_in, n_out, errors, brk, k, cycles, t_in, n_zero;
    reg seen_valid = 1'b0;
    reg [127:0] w, nn, dd;

    task rnd;
        input integer width;
        output [127:0] v;
        integer cls;
        begin
            for (k = 0; k < 128; k = k + 32) v = (v << 32) | $random(seed_r);
            cls = $random(seed_r) & 7;
            if (cls == 0) v = v & 15;                                  // small
            if (cls == 1) v = 128'd1 << (($random(seed_r) & 127) % width);  // power of two
            if (cls == 2) v = {128{1'b1}};                             // all ones
            if (cls == 3) v = v >> (($random(seed_r) & 127) % width);  // random magnitude
            v = v & ((128'd1 << width) - 1);
        end
    endtask

    initial begin
        seed_r = SEED; n_in = 0; n_out = 0; errors = 0; cycles = 0; n_zero = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        repeat (3) @(posedge clk);
        rst <= 1'b0;
    end

    always @(posedge clk) begin
        if (!rst) begin
            cycles = cycles + 1;
            if (m_valid && m_ready) begin
                if (m_quot !== (exp_q[n_out] ^ ((brk && n_out == 900) ? 1 : 0)) ||
                    m_rem !== exp_r[n_out] || m_user !== n_out[15:0]) begin
                    errors = errors + 1;
                    if (errors <= 5) $display("mismatch division %0d: q %h r %h (user %0d), expected q %h r %h",
                                              n_out, m_quot, m_rem, m_user, exp_q[n_out], exp_r[n_out]);
                end
                n_out = n_out + 1;
            end
            // latency: m_tvalid rises N_W + 1 cycles after the operands were taken
            if (m_valid && !seen_valid && cycles - t_in != N_W + 1) begin
                errors = errors + 1;
                $display("mismatch: result after %0d cycles", cycles - t_in);
            end
            seen_valid = m_valid;
            if (s_valid && s_ready) begin
                n_in = n_in + 1;
                t_in = cycles;
            end
            if (!s_valid || s_ready) begin
                if (n_in < NDIV && ($random(seed_r) & 1)) begin
                    rnd(N_W, nn);
                    rnd(D_W, dd);
                    if (($random(seed_r) & 15) == 0) dd = 0;
                    if (($random(seed_r) & 15) == 0) dd = nn & ((128'd1 << D_W) - 1);
                    if (dd == 0) begin
                        n_zero = n_zero + 1;
                        exp_q[n_in] = {N_W{1'b1}};
                        exp_r[n_in] = nn[D_W-1:0];
                    end else begin
                        exp_q[n_in] = nn / dd;
                        exp_r[n_in] = nn % dd;
                    end
                    s_num <= nn[N_W-1:0];
                    s_den <= dd[D_W-1:0];
                    s_user <= n_in;
                    s_valid <= 1'b1;
                end else begin
                    s_valid <= 1'b0;
                end
            end
            m_ready <= ($random(seed_r) & 3) != 0;
            if (n_out == NDIV || cycles > NDIV * (N_W + 20) * 4) begin
                if (errors == 0 && n_out == NDIV && n_zero > 0) begin
                    $display("PASS: tb_mlp_divider N_W=%0d D_W=%0d: %0d divisions (%0d by zero) in %0d cycles",
                             N_W, D_W, n_out, n_zero, cycles);
                    $finish;
                end else begin
                    $display("FAIL: tb_mlp_divider: %0d errors, %0d of %0d divisions", errors, n_out, NDIV);
                    $fatal(1);
                end
            end
        end
    end
endmodule
