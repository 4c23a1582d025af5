// tb_replay: the second simulator. Replays the traffic that sim recorded
// from a Verilator run (MLPGEN_RECORD=FILE, templates/sim/
// verilator_transport.cpp) against the same generated rtl/ under Icarus
// Verilog and compares every response: AXI4-Lite write (BRESP) and read
// responses (RDATA, RRESP) and every word of the output stream. Driving
// follows the Verilator transport: AXI-Lite address and data together,
// the input stream fed whenever words are queued, OUT always ready.
// Cycle counts are printed, not compared (the RTL may get faster without
// changing a bit).
//   iverilog -g2005 -DTOP=mlp_xor_top -DAXW=15 -o tb tb_replay.v rtl/*.v
//   vvp -n tb +rec=FILE            -> "PASS tb_replay" or "FAIL ..."
// Record lines: "OP A B C CYCLE" (hex but the cycle):
//   1 addr data bresp | 2 addr data rresp | 3 word last 0 | 4 0 0 0 | 5 word 0 0
`timescale 1ns / 1ps
`default_nettype none
`ifndef TOP
`define TOP mlp_xor_top
`endif
`ifndef AXW
`define AXW 15
`endif
module tb_replay;
    localparam QN = 65536;   // stream queues (words in flight at most)

    reg clk = 1'b0;
    always #5 clk = ~clk;
    reg rst_n = 1'b0;

    reg  [`AXW-1:0] awaddr = 0, araddr = 0;
    reg  awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;
    reg  [31:0] wdata = 32'd0;
    wire awready, wready, bvalid, arready, rvalid, irq;
    wire [1:0] bresp, rresp;
    wire [31:0] rdata;

    // input stream: words queued by op 3, fed in order
    reg  [31:0] in_mem [0:QN-1];
    reg         in_last_mem [0:QN-1];
    integer in_wr = 0, in_rd = 0;
    wire in_valid = in_rd != in_wr;
    wire [31:0] in_data = in_valid ? in_mem[in_rd % QN] : 32'd0;
    wire in_last = in_valid ? in_last_mem[in_rd % QN] : 1'b0;
    wire in_ready;
    always @(posedge clk)
        if (in_valid && in_ready)
            in_rd <= in_rd + 1;

    // output stream: every word kept, compared when op 5 takes it
    reg  [31:0] out_mem [0:QN-1];
    integer out_wr = 0, out_rd = 0;
    wire [31:0] out_data;
    wire out_valid, out_last;
    always @(posedge clk)
        if (out_valid) begin
            out_mem[out_wr % QN] <= out_data;
            out_wr <= out_wr + 1;
        end

    `TOP dut (
        .ap_clk(clk), .ap_rst_n(rst_n), .interrupt(irq),
        .s_axi_control_awaddr(awaddr), .s_axi_control_awvalid(awvalid),
        .s_axi_control_awready(awready), .s_axi_control_wdata(wdata),
        .s_axi_control_wstrb(4'hF), .s_axi_control_wvalid(wvalid),
        .s_axi_control_wready(wready), .s_axi_control_bresp(bresp),
        .s_axi_control_bvalid(bvalid), .s_axi_control_bready(bready),
        .s_axi_control_araddr(araddr), .s_axi_control_arvalid(arvalid),
        .s_axi_control_arready(arready), .s_axi_control_rdata(rdata),
        .s_axi_control_rresp(rresp), .s_axi_control_rvalid(rvalid),
        .s_axi_control_rready(rready),
        .s_axis_in_tdata(in_data), .s_axis_in_tvalid(in_valid),
        .s_axis_in_tready(in_ready), .s_axis_in_tlast(in_last),
        .m_axis_out_tdata(out_data), .m_axis_out_tvalid(out_valid),
        .m_axis_out_tready(1'b1), .m_axis_out_tlast(out_last));

    integer cycles = 0;
    always @(posedge clk) cycles <= cycles + 1;

    integer fd, r, n_ops, n_cmp, line;
    reg [31:0] op, a, b, c;
    reg [63:0] cyc;
    reg [1:0] resp;
    reg [31:0] got;
    reg fa, fw, fb, fr;
    integer n;
    reg [8*1024-1:0] rec;

    task fail;
        input [8*64-1:0] what;
        input [31:0] g, e;
        begin
            $display("FAIL tb_replay: line %0d (recorded cycle %0d, here %0d): %0s: got 0x%08h expected 0x%08h",
                     line, cyc, cycles, what, g, e);
            $display("FAILED tb_replay");
            $finish;
        end
    endtask

    // All driving happens just after a falling edge; the handshakes are
    // taken from the settled signals before the rising edge.
    task axi_write;
        begin
            awaddr = a[`AXW-1:0]; awvalid = 1'b1; wdata = b; wvalid = 1'b1; bready = 1'b1;
            fb = 1'b0; n = 0;
            while (!fb) begin
                #1;
                fa = awvalid & awready; fw = wvalid & wready; fb = bvalid & bready; resp = bresp;
                @(negedge clk);
                if (fa) awvalid = 1'b0;
                if (fw) wvalid = 1'b0;
                if (fb) bready = 1'b0;
                n = n + 1;
                if (n > 1000) fail("AXI4-Lite write timed out", a, 0);
            end
            if (resp !== c[1:0]) fail("BRESP", {30'd0, resp}, c);
        end
    endtask

    task axi_read;
        begin
            araddr = a[`AXW-1:0]; arvalid = 1'b1; rready = 1'b1;
            fr = 1'b0; n = 0;
            while (!fr) begin
                #1;
                fa = arvalid & arready; fr = rvalid & rready; got = rdata; resp = rresp;
                @(negedge clk);
                if (fa) arvalid = 1'b0;
                if (fr) rready = 1'b0;
                n = n + 1;
                if (n > 1000) fail("AXI4-Lite read timed out", a, 0);
            end
            if (got !== b) fail("RDATA", got, b);
            if (resp !== c[1:0]) fail("RRESP", {30'd0, resp}, c);
        end
    endtask

    initial begin
        if (!$value$plusargs("rec=%s", rec)) begin
            $display("FAIL tb_replay: no +rec=FILE");
            $finish;
        end
        fd = $fopen(rec, "r");
        if (fd == 0) begin
            $display("FAIL tb_replay: cannot read the record");
            $finish;
        end
        // the transport's reset: 8 cycles low, 4 high
        repeat (8) @(negedge clk);
        rst_n = 1'b1;
        repeat (4) @(negedge clk);
        n_ops = 0; n_cmp = 0; line = 0;
        r = $fscanf(fd, "%h %h %h %h %d\n", op, a, b, c, cyc);
        while (r == 5) begin
            line = line + 1;
            case (op)
            1: begin axi_write; n_cmp = n_cmp + 1; end
            2: begin axi_read; n_cmp = n_cmp + 1; end
            3: begin
                in_mem[in_wr % QN] = a;
                in_last_mem[in_wr % QN] = b[0];
                in_wr = in_wr + 1;
            end
            4: begin
                n = 0;
                #1;
                while (!irq) begin
                    @(negedge clk);
                    #1;
                    n = n + 1;
                    if (n > 100000000) fail("interrupt never came", 0, 0);
                end
            end
            5: begin
                if (out_rd >= out_wr) fail("output stream word missing", 0, a);
                if (out_mem[out_rd % QN] !== a) fail("output stream word", out_mem[out_rd % QN], a);
                out_rd = out_rd + 1;
                n_cmp = n_cmp + 1;
            end
            default: fail("bad record line", op, 0);
            endcase
            n_ops = n_ops + 1;
            r = $fscanf(fd, "%h %h %h %h %d\n", op, a, b, c, cyc);
        end
        if (out_wr != out_rd) fail("output words never taken", out_wr - out_rd, 0);
        if (n_ops == 0) fail("empty record", 0, 0);
        $display("PASS tb_replay: %0d events, %0d responses compared, %0d cycles here, %0d recorded",
                 n_ops, n_cmp, cycles, cyc);
        $finish;
    end
endmodule
`default_nettype wire
