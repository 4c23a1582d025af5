// tb_mlp_ram_sp: self-checking testbench for rtl_lib/mlp_ram_sp.v. Random
// writes and reads against an array model: a cycle with wr_en writes (and
// rd_data must read all X the next cycle: no read in a write cycle), a
// cycle without reads addr (registered: the word is there the next cycle,
// including a word written the cycle before). DEPTH need not be a power of
// two (addresses stay below it); STYLE is passed through (the SPRAM or
// block-RAM request must not change the function). +break corrupts one
// expected word.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_ram_sp;
    parameter integer ADDR_W = 4;
    parameter integer DEPTH  = 1 << ADDR_W;
    parameter integer DATA_W = 16;
    parameter integer STYLE  = 0;
    parameter integer NOPS   = 4000;
    parameter integer SEED   = 1;

    reg clk = 1'b0;
    always #5 clk = !clk;

    reg               wr_en = 1'b0;
    reg  [ADDR_W-1:0] addr = 0;
    reg  [DATA_W-1:0] wr_data = 0;
    wire [DATA_W-1:0] rd_data;

    mlp_ram_sp #(.ADDR_W(ADDR_W), .DEPTH(DEPTH), .DATA_W(DATA_W), .STYLE(STYLE)) dut (
        .clk(clk), .addr(addr), .wr_en(wr_en), .wr_data(wr_data), .rd_data(rd_data));

    reg [DATA_W-1:0] model [0:DEPTH-1];
    reg [DEPTH-1:0]  known;
    reg [DATA_W-1:0] exp_d;
    reg              exp_known, exp_x;
    integer seed_r, i, k, errors, n_reads, n_ww, n_wr, brk, brk_done;
    reg [DATA_W-1:0] w;
    reg              prev_we;
    reg [ADDR_W-1:0] prev_addr;

    initial begin
        seed_r = SEED; errors = 0; n_reads = 0; n_ww = 0; n_wr = 0; known = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        brk_done = 0; prev_we = 1'b0; prev_addr = 0; w = 0;
        @(negedge clk);
        for (i = 0; i < NOPS; i = i + 1) begin
            // a write in about 2 cycles of 5; one read in 4 goes to the
            // word the cycle before wrote (read after write)
            wr_en = ($random(seed_r) % 5 + 5) % 5 < 2;
            addr = ($unsigned($random(seed_r)) % DEPTH);
            if (!wr_en && prev_we && ($random(seed_r) & 3) == 0) addr = prev_addr;
            for (k = 0; k < DATA_W; k = k + 32) w = (w << 32) | $random(seed_r);
            wr_data = w;
            @(posedge clk);
            exp_x = wr_en;
            exp_known = !wr_en && known[addr];
            exp_d = model[addr];
            if (!wr_en) begin
                if (prev_we && prev_addr == addr) n_wr = n_wr + 1;
                if (brk && brk_done == 0 && n_reads >= 500 && exp_known) begin
                    exp_d = exp_d ^ 1;
                    brk_done = 1;
                end
                n_reads = n_reads + 1;
            end else begin
                if (prev_we) n_ww = n_ww + 1;
                model[addr] = wr_data;
                known[addr] = 1'b1;
            end
            prev_we = wr_en;
            prev_addr = addr;
            @(negedge clk);
            if (exp_x) begin
                if (rd_data !== {DATA_W{1'bx}}) begin
                    errors = errors + 1;
                    if (errors <= 5) $display("mismatch op %0d: write cycle read %h, expected X", i, rd_data);
                end
            end else if (exp_known && rd_data !== exp_d) begin
                errors = errors + 1;
                if (errors <= 5) $display("mismatch op %0d: read %h at %0d, expected %h", i, rd_data, addr, exp_d);
            end
        end
        if (errors == 0 && n_wr > 0 && n_ww > 0) begin
            $display("PASS: tb_mlp_ram_sp ADDR_W=%0d DEPTH=%0d DATA_W=%0d STYLE=%0d: %0d reads (%0d right after a write there), %0d back-to-back writes",
                     ADDR_W, DEPTH, DATA_W, STYLE, n_reads, n_wr, n_ww);
            $finish;
        end else begin
            $display("FAIL: tb_mlp_ram_sp: %0d errors, %0d reads after a write there, %0d back-to-back writes",
                     errors, n_wr, n_ww);
            $fatal(1);
        end
    end
endmodule
