// tb_mlp_loss_out: the output error unit, hand-computed, with random stalls
// on the output stream. A_fmt fixed<16,4> (F_A 12), G fixed<16,2> (F_G 14),
// inv_b = 2^24 (b = 1) or 2^23 (b = 2).
//   mse, a = 0.75 (3072), t = 1.0 (4096): g = -0.25 -> -4096 (gi)
//   mse, b = 2: g = -0.125 -> -2048
//   hinge, a = 0.5, t = +1: y a < 1 -> g = -1 * 1 -> -16384 (gi); a = 1.5: 0
//   bce, a = 0.75, t = 0: delta = 0.75 -> 12288 (di)
//   softmax, z = (0.3, 0.3): e = 2^16 each, S = 2^17, p = (2^12 + 1) >> 1 = 2048;
//            t = (1, 0): delta = (-0.5, 0.5) -> (-8192, 8192); outputs p (2048, 2048)
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_loss_out;
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = !clk;
    integer errors = 0, seed = 3;

    // exp table: 2^16 at d = 0 (entry 1023), which is all this bench reads
    localparam [1024*17-1:0] EXP = {17'd65536, {1023{17'd0}}};

    reg         cmd = 1'b0, y_valid = 1'b0, t_we = 1'b0, ready = 1'b0;
    reg  [15:0] y_idx = 16'd0, t_idx = 16'd0;
    reg  [15:0] y_val = 16'd0, t_val = 16'd0;
    reg  [31:0] inv_b = 32'h0100_0000;
    wire [31:0] tdata [0:3];
    wire [3:0]  tlast, tvalid, busy, giv, div;
    wire [15:0] eidx [0:3];
    wire [15:0] edata [0:3];
    wire [1:0]  ovf [0:3];

    genvar gl;
    generate
        for (gl = 0; gl < 4; gl = gl + 1) begin : g_loss
            mlp_loss_out #(.LAYER(1), .M(gl == 1 ? 2 : 1), .LOSS(gl), .W_A(16), .F_A(12),
                           .W_G(16), .F_G(14), .RND_G(2), .OVF_G(0), .EXP_Q(6), .EXP_OFF(1023),
                           .EXP_DATA(EXP)) u (
                .clk(clk), .rst(rst), .seed(32'd1), .sample_cnt(32'd0), .inv_b(inv_b),
                .infer(1'b0), .cmd(cmd && sel == gl), .cmd_s(16'd0), .busy(busy[gl]),
                .y_valid(y_valid && sel == gl), .y_idx(y_idx), .y_z(y_val), .y_a(y_val),
                .t_we(t_we && sel == gl), .t_idx(t_idx), .t_s(16'd0), .t_data(t_val),
                .m_axis_tdata(tdata[gl]), .m_axis_tlast(tlast[gl]), .m_axis_tvalid(tvalid[gl]),
                .m_axis_tready(ready), .gi_valid(giv[gl]), .di_valid(div[gl]),
                .e_idx(eidx[gl]), .e_data(edata[gl]), .ovf_ev(ovf[gl]));
        end
    endgenerate

    integer sel = 0;
    always @(posedge clk) ready <= ($random(seed) & 3) != 0;

    reg [15:0] got_e [0:1];
    reg [31:0] got_o [0:1];
    reg        got_gi, got_di;
    always @(posedge clk) begin
        if (giv[sel] || div[sel]) begin
            got_e[eidx[sel][0]] <= edata[sel];
            got_gi <= got_gi | giv[sel];
            got_di <= got_di | div[sel];
        end
        if (tvalid[sel] && ready) got_o[tlast[sel] && sel == 1 ? 1 : 0] <= tdata[sel];
    end

    task put;
        input [15:0] k, y, t;
        begin
            @(negedge clk); y_valid = 1'b1; y_idx = k; y_val = y; t_we = 1'b1; t_idx = k; t_val = t;
            @(negedge clk); y_valid = 1'b0; t_we = 1'b0;
        end
    endtask

    task run;
        begin
            got_gi = 1'b0; got_di = 1'b0;
            @(negedge clk); cmd = 1'b1;
            @(negedge clk); cmd = 1'b0;
            @(negedge clk);
            while (busy[sel]) @(negedge clk);
        end
    endtask

    task expect16;
        input [8*24-1:0] name;
        input [15:0] got, want;
        begin
            if (got !== want) begin
                $display("FAIL %0s: got %0d want %0d", name, $signed(got), $signed(want));
                errors = errors + 1;
            end
        end
    endtask

    initial begin
        repeat (2) @(posedge clk);
        rst = 1'b0;
        sel = 0; put(0, 16'd3072, 16'd4096); run;
        expect16("mse g", got_e[0], -16'sd4096);
        expect16("mse output", got_o[0][15:0], 16'd3072);
        if (!got_gi || got_di) begin $display("FAIL mse port"); errors = errors + 1; end
        inv_b = 32'h0080_0000; run;
        expect16("mse g b=2", got_e[0], -16'sd2048);
        inv_b = 32'h0100_0000;
        sel = 3; put(0, 16'd2048, 16'd4096); run;
        expect16("hinge violated", got_e[0], -16'sd16384);
        put(0, 16'd6144, 16'd4096); run;
        expect16("hinge met", got_e[0], 16'd0);
        sel = 2; put(0, 16'd3072, 16'd0); run;
        expect16("bce delta", got_e[0], 16'd12288);
        if (got_gi || !got_di) begin $display("FAIL bce port"); errors = errors + 1; end
        sel = 1; put(0, 16'd1229, 16'd4096); put(1, 16'd1229, 16'd0); run;
        expect16("softmax delta 0", got_e[0], -16'sd8192);
        expect16("softmax delta 1", got_e[1], 16'd8192);
        expect16("softmax p 0", got_o[0][15:0], 16'd2048);
        expect16("softmax p 1", got_o[1][15:0], 16'd2048);
        if ($test$plusargs("break")) expect16("planted", got_e[1], 16'd8191);
        if (errors == 0) $display("PASS tb_mlp_loss_out");
        else $display("FAILED tb_mlp_loss_out: %0d errors", errors);
        $finish;
    end
    initial begin
        #1000000 $display("FAILED tb_mlp_loss_out: timeout"); $finish;
    end
endmodule
