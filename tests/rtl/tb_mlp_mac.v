// tb_mlp_mac: self-checking testbench for rtl_lib/mlp_mac.v. Random operands
// (extremes forced often), random in_load/in_c/in_last, random in_valid and
// random ce stalls; every accumulator value is compared with a model that
// sums in 128-bit integers and reduces mod 2^ACC_W. +break corrupts one
// expected value.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_mac;
    parameter integer A_W = 16;
    parameter integer B_W = 16;
    parameter integer ACC_W = 40;
    parameter integer MUL_REG = 1;
    parameter integer NOPS = 5000;
    parameter integer SEED = 1;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg              ce = 1'b0, in_valid = 1'b0, in_load = 1'b0, in_last = 1'b0;
    reg  [A_W-1:0]   in_a = 0;
    reg  [B_W-1:0]   in_b = 0;
    reg  [ACC_W-1:0] in_c = 0;
    wire             out_valid, out_last;
    wire [ACC_W-1:0] out_acc;

    mlp_mac #(.A_W(A_W), .B_W(B_W), .ACC_W(ACC_W), .MUL_REG(MUL_REG)) dut (
        .clk(clk), .rst(rst), .ce(ce),
        .in_valid(in_valid), .in_a(in_a), .in_b(in_b), .in_load(in_load), .in_c(in_c), .in_last(in_last),
        .out_valid(out_valid), .out_acc(out_acc), .out_last(out_last));

    reg signed [127:0] macc, pa, pb, pc, modulus;
    reg [ACC_W:0] expq [0:NOPS-1];  // {last, acc} per accepted input
    integer seed_r, n_in, n_out, errors, brk, i, k, cyc;
    reg [127:0] w;
    reg [ACC_W:0] e;

    // random operand of width n: uniform, or one of the extremes
    task rnd;
        input integer n;
        output [127:0] v;
        integer cls;
        begin
            for (k = 0; k < 128; k = k + 32) v = (v << 32) | $random(seed_r);
            cls = $random(seed_r) & 7;
            if (cls == 0) v = 128'd1 << (n - 1);            // most negative
            if (cls == 1) v = (128'd1 << (n - 1)) - 1;      // most positive
            if (cls == 2) v = {128{1'b1}};                  // -1
        end
    endtask

    initial begin
        seed_r = SEED; n_in = 0; n_out = 0; errors = 0; cyc = 0; macc = 0;
        modulus = 128'sd1 <<< ACC_W;
        brk = $test$plusargs("break") ? 1 : 0;
        repeat (2) @(posedge clk);
        #1 rst = 1'b0;
        while (n_out < NOPS && cyc < 20 * NOPS) begin
            // drive inputs for the next edge
            @(negedge clk);
            ce = ($random(seed_r) % 5) != 0;
            in_valid = (n_in < NOPS) && (($random(seed_r) & 3) != 0);
            rnd(A_W, w); in_a = w[A_W-1:0];
            rnd(B_W, w); in_b = w[B_W-1:0];
            rnd(ACC_W, w); in_c = w[ACC_W-1:0];
            in_load = ($random(seed_r) & 7) == 0 || n_in == 0;
            in_last = $random(seed_r);
            @(posedge clk);
            cyc = cyc + 1;
            // outputs before this edge are consumed when ce is high
            if (ce && out_valid) begin
                e = expq[n_out];
                if (brk && n_out == 1234) e = e ^ 1;
                if ({out_last, out_acc} !== e) begin
                    errors = errors + 1;
                    if (errors <= 5) $display("mismatch output %0d: acc %h last %b, expected %h", n_out, out_acc, out_last, e);
                end
                n_out = n_out + 1;
            end
            if (ce && in_valid) begin
                pa = $signed(in_a); pb = $signed(in_b); pc = $signed(in_c);
                macc = (in_load ? pc : macc) + pa * pb;
                macc = macc % modulus;                        // into (-2^ACC_W, 2^ACC_W)
                if (macc < 0) macc = macc + modulus;          // [0, 2^ACC_W)
                expq[n_in] = {in_last, macc[ACC_W-1:0]};
                n_in = n_in + 1;
            end
        end
        if (errors == 0 && n_out == NOPS) begin
            $display("PASS: tb_mlp_mac A_W=%0d B_W=%0d ACC_W=%0d MUL_REG=%0d: %0d sums in %0d cycles",
                     A_W, B_W, ACC_W, MUL_REG, n_out, cyc);
            $finish;
        end else begin
            $display("FAIL: tb_mlp_mac: %0d errors, %0d of %0d outputs", errors, n_out, NOPS);
            $fatal(1);
        end
    end
endmodule
