// tb_mlp_ram_dp: self-checking testbench for rtl_lib/mlp_ram_dp.v. Random
// writes and reads with random enables against an array model: registered
// read, rd_data held while rd_en is low, same-address collisions return the
// old word (OLD_ON_COLLISION = 1) or X (0). With INIT = 1 the RAM starts from
// mlp_ram_dp_init.hex (ADDR_W = 4, DATA_W = 16), whose word i is
// (i * 0x1111) ^ 0x5a5a. BLOCK is passed through (the block-RAM request
// must not change the function). +break corrupts one expected word.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_ram_dp;
    parameter integer ADDR_W = 4;
    parameter integer DATA_W = 16;
    parameter integer OLD    = 1;
    parameter integer INIT   = 0;
    parameter integer BLOCK  = 0;
    parameter integer NOPS   = 4000;
    parameter integer SEED   = 1;

    localparam integer WORDS = 1 << ADDR_W;

    reg clk = 1'b0;
    always #5 clk = !clk;

    reg               wr_en = 1'b0, rd_en = 1'b0;
    reg  [ADDR_W-1:0] wr_addr = 0, rd_addr = 0;
    reg  [DATA_W-1:0] wr_data = 0;
    wire [DATA_W-1:0] rd_data;

    generate
        if (INIT != 0) begin : g_init
            mlp_ram_dp #(.ADDR_W(ADDR_W), .DATA_W(DATA_W), .INIT_FILE("mlp_ram_dp_init.hex"),
                         .OLD_ON_COLLISION(OLD), .BLOCK(BLOCK)) dut (
                .clk(clk), .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data),
                .rd_en(rd_en), .rd_addr(rd_addr), .rd_data(rd_data));
        end else begin : g_plain
            mlp_ram_dp #(.ADDR_W(ADDR_W), .DATA_W(DATA_W), .OLD_ON_COLLISION(OLD), .BLOCK(BLOCK)) dut (
                .clk(clk), .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data),
                .rd_en(rd_en), .rd_addr(rd_addr), .rd_data(rd_data));
        end
    endgenerate

    reg [DATA_W-1:0] model [0:WORDS-1];
    reg [WORDS-1:0]  known;             // model word defined (written or initialized)
    reg [DATA_W-1:0] exp_d;
    reg              exp_known, exp_x;
    integer seed_r, i, k, errors, n_reads, n_coll, brk, brk_done;
    reg [DATA_W-1:0] w;

    initial begin
        seed_r = SEED; errors = 0; n_reads = 0; n_coll = 0; known = 0;
        exp_known = 1'b0; exp_x = 1'b0; exp_d = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        brk_done = 0;
        if (INIT != 0) begin
            for (i = 0; i < WORDS; i = i + 1) model[i] = (i * 16'h1111) ^ 16'h5a5a;
            known = {WORDS{1'b1}};
        end
        @(negedge clk);
        for (i = 0; i < NOPS; i = i + 1) begin
            // drive one cycle of random operations (half the cycles collide
            // on a small address range when ADDR_W is small)
            wr_en = ($random(seed_r) & 1);
            rd_en = ($random(seed_r) & 3) != 0;
            wr_addr = $random(seed_r);
            rd_addr = (($random(seed_r) & 7) == 0) ? wr_addr : $random(seed_r);
            for (k = 0; k < DATA_W; k = k + 32) w = (w << 32) | $random(seed_r);
            wr_data = w;
            if (INIT != 0 && i < WORDS) begin  // first read every initial word
                wr_en = 1'b0; rd_en = 1'b1; rd_addr = i;
            end
            @(posedge clk);
            // model of this edge: read before write
            if (rd_en) begin
                exp_known = known[rd_addr];
                exp_d = model[rd_addr];
                exp_x = (OLD == 0) && wr_en && (wr_addr == rd_addr);
                if (wr_en && wr_addr == rd_addr) n_coll = n_coll + 1;
                // (the first checked read from the 500th on: with few words a
                // fixed read may be a collision or an unwritten word)
                if (brk && brk_done == 0 && n_reads >= 500 && exp_known && !exp_x) begin
                    exp_d = exp_d ^ 1;
                    brk_done = 1;
                end
                n_reads = n_reads + 1;
            end
            if (wr_en) begin
                model[wr_addr] = wr_data;
                known[wr_addr] = 1'b1;
            end
            @(negedge clk);
            if (exp_x) begin
                if (rd_data !== {DATA_W{1'bx}}) begin
                    errors = errors + 1;
                    if (errors <= 5) $display("mismatch op %0d: collision read %h, expected X", i, rd_data);
                end
            end else if (exp_known && rd_data !== exp_d) begin
                errors = errors + 1;
                if (errors <= 5) $display("mismatch op %0d: read %h expected %h", i, rd_data, exp_d);
            end
        end
        if (errors == 0 && n_coll > 0) begin
            $display("PASS: tb_mlp_ram_dp ADDR_W=%0d DATA_W=%0d OLD=%0d INIT=%0d BLOCK=%0d: %0d reads, %0d collisions",
                     ADDR_W, DATA_W, OLD, INIT, BLOCK, n_reads, n_coll);
            $finish;
        end else begin
            $display("FAIL: tb_mlp_ram_dp: %0d errors, %0d collisions", errors, n_coll);
            $fatal(1);
        end
    end
endmodule
