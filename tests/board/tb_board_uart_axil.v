// tb_board_uart_axil: the board bridge end to end over real serial lines:
// host-side uart_tx -> uart_rx -> board_uart_axil -> (AXI4-Lite register
// model with random ready stalls; input stream, with random tready stalls,
// looped back through an mlp_axis_fifo into the output stream, or counted
// by a sink) -> uart_tx -> host-side uart_rx.
// Every command of the protocol, expected bytes written by hand.
// +break corrupts one expected byte: the run must then fail.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module tb_board_uart_axil;
    localparam integer CPB = 8;
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = ~clk;
    integer seed = 7, errors = 0, brk = 0, k;

    // host -> board line
    reg  [7:0] h_tdata;
    reg        h_tvalid = 1'b0;
    wire       h_tready, line_in, line_out;
    uart_tx #(.CLKS_PER_BIT(CPB)) u_host_tx (.clk(clk), .rst(rst), .s_tdata(h_tdata),
        .s_tvalid(h_tvalid), .s_tready(h_tready), .txd(line_in));
    wire [7:0] h_rdata;
    wire       h_rvalid;
    uart_rx #(.CLKS_PER_BIT(CPB)) u_host_rx (.clk(clk), .rst(rst), .rxd(line_out),
        .m_tdata(h_rdata), .m_tvalid(h_rvalid));

    // board side
    wire [7:0] rx_tdata, tx_tdata;
    wire rx_tvalid, tx_tvalid, tx_tready;
    uart_rx #(.CLKS_PER_BIT(CPB)) u_rx (.clk(clk), .rst(rst), .rxd(line_in),
        .m_tdata(rx_tdata), .m_tvalid(rx_tvalid));
    uart_tx #(.CLKS_PER_BIT(CPB)) u_tx (.clk(clk), .rst(rst), .s_tdata(tx_tdata),
        .s_tvalid(tx_tvalid), .s_tready(tx_tready), .txd(line_out));

    wire [11:0] awaddr, araddr;
    wire [31:0] wdata;
    wire [3:0]  wstrb;
    wire awvalid, wvalid, bready, arvalid, rready;
    reg  awready = 1'b0, wready = 1'b0, bvalid = 1'b0, arready = 1'b0, rvalid = 1'b0;
    reg  [31:0] rdata;
    wire [31:0] in_tdata, out_tdata;
    wire in_tlast, in_tvalid, in_tready, out_tlast, out_tvalid, out_tready;
    reg  irq = 1'b0;

    board_uart_axil #(.AXW(12)) dut (
        .clk(clk), .rst(rst),
        .s_rx_tdata(rx_tdata), .s_rx_tvalid(rx_tvalid),
        .m_tx_tdata(tx_tdata), .m_tx_tvalid(tx_tvalid), .m_tx_tready(tx_tready),
        .m_axil_awaddr(awaddr), .m_axil_awvalid(awvalid), .m_axil_awready(awready),
        .m_axil_wdata(wdata), .m_axil_wstrb(wstrb), .m_axil_wvalid(wvalid),
        .m_axil_wready(wready), .m_axil_bresp(2'b00), .m_axil_bvalid(bvalid),
        .m_axil_bready(bready), .m_axil_araddr(araddr), .m_axil_arvalid(arvalid),
        .m_axil_arready(arready), .m_axil_rdata(rdata), .m_axil_rresp(2'b00),
        .m_axil_rvalid(rvalid), .m_axil_rready(rready),
        .m_axis_in_tdata(in_tdata), .m_axis_in_tlast(in_tlast),
        .m_axis_in_tvalid(in_tvalid), .m_axis_in_tready(in_tready),
        .s_axis_out_tdata(out_tdata), .s_axis_out_tlast(out_tlast),
        .s_axis_out_tvalid(out_tvalid), .s_axis_out_tready(out_tready),
        .irq(irq));

    // input stream back-pressure: random stalls, and the loop FIFO or the sink
    reg  in_go = 1'b0, sink = 1'b0;
    wire loop_tready;
    always @(posedge clk) in_go <= ($random(seed) & 3) != 0;
    assign in_tready = in_go && (sink || loop_tready);
    integer sink_n = 0, sink_lasts = 0;
    always @(posedge clk) begin
        if (sink && in_tvalid && in_tready) begin
            if (in_tdata !== sink_n) begin
                $display("mismatch: sink word %0d = %08x", sink_n, in_tdata);
                errors = errors + 1;
            end
            sink_n = sink_n + 1;
            if (in_tlast) sink_lasts = sink_lasts + 1;
        end
    end

    mlp_axis_fifo #(.DEPTH(4), .DATA_W(32)) u_loop (.clk(clk), .rst(rst),
        .s_axis_tdata(in_tdata), .s_axis_tlast(in_tlast), .s_axis_tvalid(in_tvalid && !sink),
        .s_axis_tready(loop_tready),
        .m_axis_tdata(out_tdata), .m_axis_tlast(out_tlast), .m_axis_tvalid(out_tvalid),
        .m_axis_tready(out_tready));

    // AXI4-Lite register model: 16 words, random ready stalls
    reg [31:0] regs [0:15];
    reg aw_seen = 1'b0, w_seen = 1'b0;
    reg [11:0] aw_q;
    reg [31:0] w_q;
    always @(posedge clk) begin
        awready <= ($random(seed) & 3) == 0 && !aw_seen;
        wready  <= ($random(seed) & 3) == 0 && !w_seen;
        arready <= ($random(seed) & 1) == 0 && !rvalid;
        if (awvalid && awready) begin aw_seen <= 1'b1; aw_q <= awaddr; awready <= 1'b0; end
        if (wvalid && wready)   begin w_seen  <= 1'b1; w_q  <= wdata;  wready  <= 1'b0; end
        if (aw_seen && w_seen && !bvalid) begin
            regs[aw_q[5:2]] <= w_q;
            bvalid <= 1'b1;
            aw_seen <= 1'b0;
            w_seen <= 1'b0;
        end
        if (bvalid && bready) bvalid <= 1'b0;
        if (arvalid && arready) begin rvalid <= 1'b1; rdata <= regs[araddr[5:2]]; arready <= 1'b0; end
        if (rvalid && rready) rvalid <= 1'b0;
    end

    task send(input [7:0] b);
        begin
            @(posedge clk);
            while (!h_tready) @(posedge clk);
            h_tdata <= b;
            h_tvalid <= 1'b1;
            @(posedge clk);
            h_tvalid <= 1'b0;
        end
    endtask

    task expect_byte(input [7:0] want, input [8*24-1:0] what);
        integer t;
        reg [7:0] w;
        begin
            t = 0;
            while (!h_rvalid && t < 4000) begin @(posedge clk); t = t + 1; end
            w = want;
            if (brk == 1) begin w = w ^ 8'h01; brk = 2; end
            if (!h_rvalid) begin
                $display("mismatch: %0s: no reply byte (want %02x)", what, w);
                errors = errors + 1;
            end else if (h_rdata !== w) begin
                $display("mismatch: %0s: got %02x, want %02x", what, h_rdata, w);
                errors = errors + 1;
            end
            @(posedge clk);
        end
    endtask

    task send32(input [31:0] v);
        begin send(v[7:0]); send(v[15:8]); send(v[23:16]); send(v[31:24]); end
    endtask

    initial begin
        if ($test$plusargs("break")) brk = 1;
        repeat (5) @(posedge clk);
        rst <= 1'b0;
        // write 0xDEADBEEF to 0x008, then 0x01020304 to 0x03C
        send("W"); send32(32'h008); send32(32'hDEADBEEF); expect_byte("w", "write ack");
        send("W"); send32(32'h03C); send32(32'h01020304); expect_byte("w", "write ack 2");
        if (regs[2] !== 32'hDEADBEEF) begin $display("mismatch: reg 2 = %08x", regs[2]); errors = errors + 1; end
        // read them back
        send("R"); send32(32'h008);
        expect_byte("r", "read tag"); expect_byte(8'hEF, "read b0"); expect_byte(8'hBE, "read b1");
        expect_byte(8'hAD, "read b2"); expect_byte(8'hDE, "read b3");
        send("R"); send32(32'h03C);
        expect_byte("r", "read tag 2"); expect_byte(8'h04, "read2 b0"); expect_byte(8'h03, "read2 b1");
        expect_byte(8'h02, "read2 b2"); expect_byte(8'h01, "read2 b3");
        // push two words, tlast on the second; pop them and one more
        send("P"); send(8'h01); send(8'h02); send32(32'h11223344); send32(32'hA5A5A5A5);
        expect_byte("p", "push ack");
        send("O"); expect_byte("o", "pop tag"); expect_byte(8'h44, "pop b0"); expect_byte(8'h33, "pop b1");
        expect_byte(8'h22, "pop b2"); expect_byte(8'h11, "pop b3"); expect_byte(8'h00, "pop tlast 0");
        send("O"); expect_byte("o", "pop tag 2"); expect_byte(8'hA5, "pop2 b0"); expect_byte(8'hA5, "pop2 b1");
        expect_byte(8'hA5, "pop2 b2"); expect_byte(8'hA5, "pop2 b3"); expect_byte(8'h01, "pop2 tlast 1");
        send("O"); expect_byte("e", "pop empty");
        // push 5 words without tlast through a 4-word FIFO + output register
        send("P"); send(8'h00); send(8'h05);
        send32(1); send32(2); send32(3); send32(4); send32(5);
        expect_byte("p", "push5 ack");
        send("O"); expect_byte("o", "pop5 tag"); expect_byte(8'h01, "pop5 b0"); expect_byte(8'h00, "pop5 b1");
        expect_byte(8'h00, "pop5 b2"); expect_byte(8'h00, "pop5 b3"); expect_byte(8'h00, "pop5 tlast");
        // status
        send("I"); expect_byte("i", "irq tag"); expect_byte(8'h00, "irq 0");
        irq <= 1'b1;
        send("I"); expect_byte("i", "irq tag 2"); expect_byte(8'h01, "irq 1");
        send("Z"); expect_byte("?", "unknown");
        // n = 0: 256 words, tlast on the last only (into the sink)
        sink = 1'b1;
        send("P"); send(8'h01); send(8'h00);
        for (k = 0; k < 256; k = k + 1) send32(k);
        expect_byte("p", "push256 ack");
        if (sink_n != 256 || sink_lasts != 1) begin
            $display("mismatch: push256: %0d words, %0d tlast", sink_n, sink_lasts);
            errors = errors + 1;
        end
        sink = 1'b0;
        // commands still in step afterwards
        send("R"); send32(32'h008);
        expect_byte("r", "read tag 3"); expect_byte(8'hEF, "read3 b0"); expect_byte(8'hBE, "read3 b1");
        expect_byte(8'hAD, "read3 b2"); expect_byte(8'hDE, "read3 b3");
        if (errors == 0) $display("PASS: board_uart_axil");
        else begin $display("FAIL: %0d errors", errors); $fatal(1); end
        $finish;
    end
endmodule

`resetall
