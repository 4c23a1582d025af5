// tb_mlp_hash_seq: self-checking testbench for rtl_lib/mlp_hash_seq.v.
// Feeds the pinned vectors of mlp_hash_vectors.hex (written by the
// independent Python model mlp_hash_vectors.py) through the module with
// random in_valid gaps and out_ready stalls, and checks R, that a result
// stays held while stalled, and the latency (out_valid exactly 6 edges
// after the accepting edge). +break corrupts one expected value to prove
// that the checker fails. Ends with PASS, or FAIL and $fatal.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_hash_seq;
    parameter integer SEED = 1;
    parameter integer NVEC = 256;
    localparam integer LATENCY = 6;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [31:0]  vec [0:7*NVEC-1];  // seed layer tensor row col step R
    reg  [127:0] in_data;
    reg          in_valid;
    wire         in_ready;
    wire [31:0]  out_r;
    wire         out_valid;
    reg          out_ready;

    mlp_hash_seq dut (
        .clk(clk), .rst(rst),
        .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
        .out_valid(out_valid), .out_ready(out_ready), .out_r(out_r));

    integer seed_r;
    integer n_in = 0, n_out = 0, errors = 0, cycles = 0;
    integer t_acc = 0, brk = 0;
    reg     seen = 1'b0;        // out_valid of the current result seen
    reg [31:0] held;
    reg [8*256-1:0] vec_file;

    initial begin
        seed_r = SEED;
        if (!$value$plusargs("vectors=%s", vec_file)) vec_file = "mlp_hash_vectors.hex";
        if ($test$plusargs("break")) brk = 1;
        $readmemh(vec_file, vec);
        if (vec[7*NVEC-1] === 32'bx) begin
            $display("FAIL: tb_mlp_hash_seq: could not read %0s", vec_file);
            $fatal(1);
        end
        in_valid = 1'b0; out_ready = 1'b0; in_data = 128'd0;
        repeat (3) @(posedge clk);
        rst <= 1'b0;
    end

    reg [31:0] exp_r;
    always @(posedge clk) begin
        if (!rst) begin
            cycles = cycles + 1;
            if (out_valid) begin
                if (!seen) begin
                    // (sampled here one edge after the edge that raised it)
                    if (cycles - t_acc != LATENCY + 1) begin
                        errors = errors + 1;
                        $display("mismatch vector %0d: out_valid %0d edges after the accept, expected %0d",
                                 n_out, cycles - t_acc - 1, LATENCY);
                    end
                    held = out_r;
                end else if (out_r !== held) begin
                    errors = errors + 1;
                    $display("mismatch vector %0d: R changed while stalled", n_out);
                end
                seen = 1'b1;
            end
            if (out_valid && out_ready) begin
                exp_r = vec[7*n_out+6] ^ ((brk && n_out == 100) ? 32'h0000_0100 : 32'h0);
                if (out_r !== exp_r) begin
                    errors = errors + 1;
                    if (errors <= 5)
                        $display("mismatch vector %0d: R %08x expected %08x", n_out, out_r, exp_r);
                end
                n_out = n_out + 1;
                seen = 1'b0;
            end
            if (in_valid && in_ready) begin
                n_in = n_in + 1;
                t_acc = cycles;
            end
            // next inputs (after the edge)
            if (!in_valid || in_ready) begin
                if (n_in < NVEC && ($random(seed_r) & 3) != 0) begin
                    in_data <= {vec[7*n_in], vec[7*n_in+1][7:0], vec[7*n_in+2][7:0],
                                vec[7*n_in+3][15:0], vec[7*n_in+4], vec[7*n_in+5]};
                    in_valid <= 1'b1;
                end else begin
                    in_valid <= 1'b0;
                    in_data  <= {4{$random(seed_r)}};   // garbage while not valid
                end
            end
            out_ready <= ($random(seed_r) & 3) != 0;
            if (n_out == NVEC) begin
                if (errors == 0) begin
                    $display("PASS: tb_mlp_hash_seq: %0d vectors in %0d cycles", n_out, cycles);
                    $finish;
                end else begin
                    $display("FAIL: tb_mlp_hash_seq: %0d errors over %0d vectors", errors, n_out);
                    $fatal(1);
                end
            end
            if (cycles > 100000) begin
                $display("FAIL: tb_mlp_hash_seq: timeout, %0d of %0d outputs", n_out, NVEC);
                $fatal(1);
            end
        end
    end
endmodule
