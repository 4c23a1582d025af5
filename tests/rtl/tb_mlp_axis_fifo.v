// tb_mlp_axis_fifo: self-checking testbench for rtl_lib/mlp_axis_fifo.v.
// Random words and tlast pass through with random tvalid/tready stalls whose
// rates change every 256 cycles (bursts that fill and drain the FIFO); the
// output must equal the input sequence, never exceed DEPTH + 1 words in
// flight, and tready must be high while the memory has room. +break corrupts
// one expected word. LAST = 0: the FIFO keeps no tlast, which must read 0.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_axis_fifo;
    parameter integer DEPTH  = 16;
    parameter integer DATA_W = 8;
    parameter integer LAST   = 1;
    parameter integer NWORDS = 3000;
    parameter integer SEED   = 1;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [DATA_W-1:0] s_tdata;
    reg               s_tlast;
    reg               s_tvalid;
    wire              s_tready;
    wire [DATA_W-1:0] m_tdata;
    wire              m_tlast;
    wire              m_tvalid;
    reg               m_tready;

    mlp_axis_fifo #(.DEPTH(DEPTH), .DATA_W(DATA_W), .LAST(LAST)) dut (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_tdata), .s_axis_tlast(s_tlast), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
        .m_axis_tdata(m_tdata), .m_axis_tlast(m_tlast), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready));

    reg [DATA_W:0] sent [0:NWORDS-1];  // {tlast, tdata} in order of acceptance
    integer seed_r, n_in, n_out, errors, cycles, brk, k, n_full;
    integer p_valid, p_ready;          // percent
    reg [DATA_W:0] w, exp_w;

    task new_word;
        begin
            for (k = 0; k <= DATA_W; k = k + 32) w = (w << 32) | $random(seed_r);
            s_tdata <= w[DATA_W-1:0];
            s_tlast <= w[DATA_W];
        end
    endtask

    initial begin
        seed_r = SEED; n_full = 0; n_in = 0; n_out = 0; errors = 0; cycles = 0; w = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        p_valid = 50; p_ready = 50;
        s_tvalid = 1'b0; m_tready = 1'b0; s_tdata = 0; s_tlast = 0;
        repeat (3) @(posedge clk);
        rst <= 1'b0;
    end

    always @(posedge clk) begin
        if (!rst) begin
            cycles = cycles + 1;
            if (cycles % 256 == 0) begin
                p_valid = 10 + ($random(seed_r) & 32'h7fffffff) % 91;
                p_ready = 10 + ($random(seed_r) & 32'h7fffffff) % 91;
            end
            // room while fewer than DEPTH words are in flight
            if (n_in - n_out < DEPTH && !s_tready) begin
                errors = errors + 1;
                $display("mismatch: tready low with %0d words in flight", n_in - n_out);
            end
            if (!s_tready) n_full = n_full + 1;
            if (m_tvalid && m_tready) begin
                exp_w = sent[n_out] ^ ((brk && n_out == 1000) ? 1 : 0);
                if ({m_tlast, m_tdata} !== exp_w) begin
                    errors = errors + 1;
                    if (errors <= 5) $display("mismatch word %0d: got %h expected %h", n_out, {m_tlast, m_tdata}, exp_w);
                end
                n_out = n_out + 1;
            end
            if (s_tvalid && s_tready) begin
                sent[n_in] = {s_tlast && LAST != 0, s_tdata};
                n_in = n_in + 1;
            end
            if (n_in - n_out > DEPTH + 1) begin
                errors = errors + 1;
                $display("mismatch: %0d words in flight", n_in - n_out);
            end
            if (!s_tvalid || s_tready) begin
                if (n_in < NWORDS && ($random(seed_r) & 32'h7fffffff) % 100 < p_valid) begin
                    new_word;
                    s_tvalid <= 1'b1;
                end else begin
                    s_tvalid <= 1'b0;
                end
            end
            m_tready <= ($random(seed_r) & 32'h7fffffff) % 100 < p_ready;
            if (n_out == NWORDS || errors > 0 && brk || cycles > 100 * NWORDS) begin
                if (errors == 0 && n_out == NWORDS && n_full == 0) begin
                    $display("FAIL: tb_mlp_axis_fifo: the FIFO was never full (coverage)");
                    $fatal(1);
                end else if (errors == 0 && n_out == NWORDS) begin
                    $display("PASS: tb_mlp_axis_fifo DEPTH=%0d DATA_W=%0d: %0d words in %0d cycles, %0d cycles full",
                             DEPTH, DATA_W, n_out, cycles, n_full);
                    $finish;
                end else begin
                    $display("FAIL: tb_mlp_axis_fifo DEPTH=%0d DATA_W=%0d: %0d errors, %0d of %0d words", DEPTH, DATA_W, errors, n_out, NWORDS);
                    $fatal(1);
                end
            end
        end
    end
endmodule
