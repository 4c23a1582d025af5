// tb_mlp_dense_pe: one PE, hand-computed. Weights w = (3, -2), bias 5, F_X 4.
//   FWD x = (4, 7): acc = 3*4 - 2*7 + (5 << 4) = 78
//   BWD delta 6, first sample: psum 10 + 3*6 = 28 at column 0, 0 - 2*6 = -12 at
//       column 1; G = (24, 42, 6 << 4 = 96)
//   BWD delta -1, not first: G[0] = 24 - 4 = 20
//   UPD write of word 1: W[1] = 9
// Delta is latched from d_in with a group's first token; acc_rdy marks the
// cycle acc holds a finished sum (checked there, and a back-to-back second
// group with x = (1, 1) gives 3 - 2 + 80 = 81 without a gap).
// A second PE with DUAL = 1 (same host writes) runs a forward pass and its
// own gradient stream in the same cycles: acc 3*4 + 9*7 + 80 = 155 (after
// the update of W[1]) and G = (24, ., 96).
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_dense_pe;
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = !clk;

    reg  [1:0]  mode = 2'd3;
    reg         batch_first = 1'b1;
    reg         in_valid = 1'b0, in_bias = 1'b0, in_first = 1'b0, in_last = 1'b0;
    reg  [1:0]  in_addr = 2'd0;
    reg  [3:0]  in_col = 4'd0;
    reg  [7:0]  in_x = 8'd0;
    reg  [23:0] in_psum = 24'd0;
    wire        out_valid, out_bias, out_first, out_last, acc_rdy, d_ok_out;
    wire [1:0]  out_addr;
    wire [3:0]  out_col, out_rowbase;
    wire [7:0]  out_x;
    wire [23:0] out_psum;
    reg  [7:0]  d_in = 8'd0;
    wire [7:0]  d_out;
    wire [23:0] acc;
    wire [7:0]  rd_w, rd_v;
    wire [23:0] rd_g;
    reg         u_we = 1'b0;
    reg  [1:0]  u_addr = 2'd0;
    reg  [7:0]  u_w_new = 8'd0;
    reg         h_en = 1'b0, h_we = 1'b0;
    reg  [1:0]  h_sel = 2'd0, h_addr = 2'd0;
    reg  [31:0] h_wdata = 32'd0;
    integer     errors = 0;
    reg         b_act = 1'b0, bin_valid = 1'b0, bin_bias = 1'b0, bin_first = 1'b0;
    reg  [1:0]  bin_addr = 2'd0;
    reg  [7:0]  bin_x = 8'd0;
    wire [23:0] acc2, rd_g2;
    wire        acc_rdy2;

    mlp_dense_pe #(.AW(2), .CW(4), .RW(4), .W_BITS(8), .X_BITS(8), .D_BITS(8), .S_BITS(8),
                   .F_X(4), .ACC_BITS(24), .PS_BITS(24), .GA_BITS(24)) dut (
        .clk(clk), .rst(rst), .mode(mode), .batch_first(batch_first),
        .in_valid(in_valid), .in_bias(in_bias), .in_first(in_first), .in_last(in_last),
        .in_addr(in_addr),
        .in_col(in_col), .in_rowbase(4'd0), .in_x(in_x), .in_psum(in_psum),
        .out_valid(out_valid), .out_bias(out_bias), .out_first(out_first), .out_last(out_last),
        .out_addr(out_addr),
        .out_col(out_col), .out_rowbase(out_rowbase), .out_x(out_x), .out_psum(out_psum),
        .b_act(1'b0), .bin_valid(1'b0), .bin_bias(1'b0), .bin_first(1'b0), .bin_addr(2'd0),
        .bin_x(8'd0), .bout_valid(), .bout_bias(), .bout_first(), .bout_addr(), .bout_x(),
        .d_in(d_in), .d_out(d_out), .d_row_ok_in(1'b1), .d_ok_out(d_ok_out),
        .acc(acc), .acc_rdy(acc_rdy), .rd_w_o(rd_w), .rd_g_o(rd_g), .rd_v_o(rd_v),
        .u_we(u_we), .u_addr(u_addr), .u_w_new(u_w_new), .u_v_new(8'd0),
        .h_en(h_en), .h_we(h_we), .h_sel(h_sel), .h_addr(h_addr), .h_wdata(h_wdata));

    mlp_dense_pe #(.AW(2), .CW(4), .RW(4), .W_BITS(8), .X_BITS(8), .D_BITS(8), .S_BITS(8),
                   .F_X(4), .ACC_BITS(24), .PS_BITS(24), .GA_BITS(24), .DUAL(1)) dut2 (
        .clk(clk), .rst(rst), .mode(mode), .batch_first(batch_first),
        .in_valid(in_valid), .in_bias(in_bias), .in_first(in_first), .in_last(in_last),
        .in_addr(in_addr), .in_col(in_col), .in_rowbase(4'd0), .in_x(in_x), .in_psum(in_psum),
        .out_valid(), .out_bias(), .out_first(), .out_last(), .out_addr(), .out_col(),
        .out_rowbase(), .out_x(), .out_psum(),
        .b_act(b_act), .bin_valid(bin_valid), .bin_bias(bin_bias), .bin_first(bin_first),
        .bin_addr(bin_addr), .bin_x(bin_x), .bout_valid(), .bout_bias(), .bout_first(),
        .bout_addr(), .bout_x(),
        .d_in(d_in), .d_out(), .d_row_ok_in(1'b1), .d_ok_out(),
        .acc(acc2), .acc_rdy(acc_rdy2), .rd_w_o(), .rd_g_o(rd_g2), .rd_v_o(),
        .u_we(u_we), .u_addr(u_addr), .u_w_new(u_w_new), .u_v_new(8'd0),
        .h_en(h_en), .h_we(h_we), .h_sel(h_sel), .h_addr(h_addr), .h_wdata(h_wdata));
    reg [23:0] sum2 = 24'd0;
    always @(posedge clk) if (acc_rdy2) sum2 <= acc2;

    task host_write;
        input [1:0] sel, a;
        input [31:0] d;
        begin
            @(negedge clk); h_en = 1'b1; h_we = 1'b1; h_sel = sel; h_addr = a; h_wdata = d;
            @(negedge clk); h_en = 1'b0; h_we = 1'b0;
        end
    endtask

    task host_read;   // rd_* one cycle after the address
        input [1:0] a;
        begin
            @(negedge clk); h_addr = a;
            @(negedge clk);
        end
    endtask

    task token;
        input [1:0] a;
        input       bias, first;
        input [7:0] x;
        input [23:0] psum;
        begin
            @(negedge clk);
            in_valid = 1'b1; in_addr = a; in_col = {2'b00, a}; in_bias = bias; in_first = first;
            in_last = bias;
            in_x = x; in_psum = psum;
        end
    endtask

    // the sums finished (acc at acc_rdy), in order
    reg [23:0] sums [0:3];
    integer    n_sums = 0;
    always @(posedge clk) if (acc_rdy) begin
        sums[n_sums] <= acc;
        n_sums <= n_sums + 1;
    end

    task expect24;
        input [8*20-1:0] name;
        input [23:0] got, want;
        begin
            if (got !== want) begin
                $display("FAIL %0s: got %0d want %0d", name, $signed(got), $signed(want));
                errors = errors + 1;
            end
        end
    endtask

    reg [23:0] ps [0:1];
    always @(posedge clk) if (out_valid && !out_bias) ps[out_col[0]] <= out_psum;

    initial begin
        repeat (2) @(posedge clk);
        rst = 1'b0;
        host_write(2'd0, 2'd0, 32'd3);
        host_write(2'd0, 2'd1, 32'hFFFF_FFFE);
        host_write(2'd0, 2'd2, 32'd5);
        // forward
        mode = 2'd0;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd0);
        token(2'd1, 1'b0, 1'b0, 8'd7, 24'd0);
        token(2'd2, 1'b1, 1'b0, 8'd0, 24'd0);
        token(2'd0, 1'b0, 1'b1, 8'd1, 24'd0);   // next group at once
        token(2'd1, 1'b0, 1'b0, 8'd1, 24'd0);
        token(2'd2, 1'b1, 1'b0, 8'd0, 24'd0);
        @(negedge clk); in_valid = 1'b0;
        repeat (3) @(negedge clk);
        expect24("forward sums", n_sums, 24'd2);
        expect24("forward acc", sums[0], 24'd78);
        expect24("forward acc, 2nd group", sums[1], 24'd81);
        // backward, first sample of the batch: delta rides with the first token
        mode = 2'd1; batch_first = 1'b1;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd10);
        d_in = 8'd6;
        @(negedge clk); d_in = 8'd99;   // later values must not be taken
        in_valid = 1'b1; in_addr = 2'd1; in_col = 4'd1; in_bias = 1'b0; in_first = 1'b0;
        in_last = 1'b0; in_x = 8'd7; in_psum = 24'd0;
        token(2'd2, 1'b1, 1'b0, 8'd0, 24'd0);
        @(negedge clk); in_valid = 1'b0;
        repeat (3) @(negedge clk);
        expect24("psum col 0", ps[0], 24'd28);
        expect24("psum col 1", ps[1], -24'sd12);
        mode = 2'd3;
        host_read(2'd0); expect24("G[0]", rd_g, 24'd24);
        host_read(2'd1); expect24("G[1]", rd_g, 24'd42);
        host_read(2'd2); expect24("G[bias]", rd_g, 24'd96);
        // backward, second sample
        mode = 2'd1; batch_first = 1'b0;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd0);
        d_in = 8'hFF;
        @(negedge clk); in_valid = 1'b0;
        repeat (3) @(negedge clk);
        mode = 2'd3;
        host_read(2'd0); expect24("G[0] accumulated", rd_g, 24'd20);
        // update write-back
        mode = 2'd2;
        @(negedge clk); u_we = 1'b1; u_addr = 2'd1; u_w_new = 8'd9;
        @(negedge clk); u_we = 1'b0;
        mode = 2'd3;
        host_read(2'd1); expect24("W[1] updated", {{16{rd_w[7]}}, rd_w}, 24'd9);
        host_read(2'd0); expect24("W[0] kept", {{16{rd_w[7]}}, rd_w}, 24'd3);
        // DUAL: forward and gradient streams at once (other columns order)
        mode = 2'd0; batch_first = 1'b1; b_act = 1'b1;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd0);
        bin_valid = 1'b1; bin_first = 1'b0; bin_bias = 1'b0; bin_addr = 2'd1; bin_x = 8'd7;
        @(negedge clk);
        in_valid = 1'b1; in_addr = 2'd1; in_col = 4'd1; in_bias = 1'b0; in_first = 1'b0;
        in_last = 1'b0; in_x = 8'd7;
        bin_first = 1'b1; bin_addr = 2'd0; bin_x = 8'd4; d_in = 8'd6;
        @(negedge clk);
        in_addr = 2'd2; in_col = 4'd2; in_bias = 1'b1; in_last = 1'b1; in_x = 8'd0;
        bin_first = 1'b0; bin_addr = 2'd2; bin_bias = 1'b1; bin_x = 8'd0; d_in = 8'd77;
        @(negedge clk); in_valid = 1'b0; bin_valid = 1'b0;
        repeat (3) @(negedge clk);
        b_act = 1'b0; mode = 2'd3;
        expect24("dual forward acc", sum2, 24'd155);   // W[1] = 9 by then
        host_read(2'd0); expect24("dual G[0]", rd_g2, 24'd24);
        host_read(2'd2); expect24("dual G[bias]", rd_g2, 24'd96);
        if ($test$plusargs("break")) expect24("planted", sums[0], 24'd79);
        if (errors == 0) $display("PASS tb_mlp_dense_pe");
        else $display("FAILED tb_mlp_dense_pe: %0d errors", errors);
        $finish;
    end
endmodule
