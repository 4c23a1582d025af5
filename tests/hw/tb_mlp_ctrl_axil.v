// tb_mlp_ctrl_axil: the AXI4-Lite slave against a 64-word register model
// (read data one cycle after bus_en, as mlp_ctrl_core gives it), with
// random delays between AW and W, and random stalls on BREADY and RREADY.
// Every word written is read back; a model array holds what must be there.
// AWADDR and WDATA change as soon as their handshake is done (what the
// slave did not take then is lost). WBUF: mlp_ctrl_axil's (iverilog
// -Ptb_mlp_ctrl_axil.WBUF=0: no write-data register, the iCE40-style core).
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_ctrl_axil;
    parameter integer WBUF = 1;
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = !clk;

    reg  [11:0] awaddr, araddr;
    reg         awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;
    reg  [31:0] wdata;
    wire        awready, wready, bvalid, arready, rvalid;
    wire [1:0]  bresp, rresp;
    wire [31:0] rdata;
    wire        bus_en, bus_we;
    wire [11:0] bus_addr;
    wire [31:0] bus_wdata;
    reg  [31:0] bus_rdata;

    mlp_ctrl_axil #(.AXW(12), .WBUF(WBUF)) dut (
        .clk(clk), .rst(rst),
        .s_axil_awaddr(awaddr), .s_axil_awvalid(awvalid), .s_axil_awready(awready),
        .s_axil_wdata(wdata), .s_axil_wstrb(4'hF), .s_axil_wvalid(wvalid), .s_axil_wready(wready),
        .s_axil_bresp(bresp), .s_axil_bvalid(bvalid), .s_axil_bready(bready),
        .s_axil_araddr(araddr), .s_axil_arvalid(arvalid), .s_axil_arready(arready),
        .s_axil_rdata(rdata), .s_axil_rresp(rresp), .s_axil_rvalid(rvalid), .s_axil_rready(rready),
        .bus_en(bus_en), .bus_we(bus_we), .bus_addr(bus_addr), .bus_wdata(bus_wdata),
        .bus_rdata(bus_rdata));

    // the register model behind the bus
    reg [31:0] regs [0:63];
    reg [31:0] model [0:63];
    integer i, errors = 0, n, seed = 7;
    always @(posedge clk) begin
        if (bus_en && bus_we) regs[bus_addr[7:2]] <= bus_wdata;
        if (bus_en && !bus_we) bus_rdata <= regs[bus_addr[7:2]];
    end

    task axi_write;
        input [11:0] a;
        input [31:0] d;
        integer lag, got_aw, got_w;
        begin
            lag = $random(seed) % 4; if (lag < 0) lag = -lag;
            awaddr = a; wdata = d; got_aw = 0; got_w = 0;
            awvalid = 1'b1;
            if (lag == 0) wvalid = 1'b1;
            while (!(got_aw && got_w)) begin
                @(posedge clk);
                if (awvalid && awready) begin got_aw = 1; awvalid <= 1'b0; awaddr <= ~a; end
                if (wvalid && wready) begin got_w = 1; wvalid <= 1'b0; wdata <= ~d; end
                if (lag > 0) begin lag = lag - 1; if (lag == 0 && !got_w) wvalid <= 1'b1; end
                #1;
            end
            lag = $random(seed) % 3; if (lag < 0) lag = -lag;
            repeat (lag) @(posedge clk);
            #1 bready = 1'b1;   // (not at the clock edge: BVALID may be up already)
            @(posedge clk);
            while (!bvalid) @(posedge clk);
            #1 bready = 1'b0;
        end
    endtask

    task axi_read;
        input  [11:0] a;
        output [31:0] d;
        integer lag;
        begin
            araddr = a; arvalid = 1'b1;
            @(posedge clk);
            while (!arready) @(posedge clk);
            #1 arvalid = 1'b0;
            lag = $random(seed) % 4; if (lag < 0) lag = -lag;
            repeat (lag) @(posedge clk);
            #1 rready = 1'b1;
            @(posedge clk);
            while (!rvalid) @(posedge clk);
            d = rdata;
            #1 rready = 1'b0;
        end
    endtask

    reg [31:0] got;
    initial begin
        for (i = 0; i < 64; i = i + 1) begin regs[i] = 32'd0; model[i] = 32'd0; end
        repeat (4) @(posedge clk);
        #1 rst = 1'b0;
        for (n = 0; n < 400; n = n + 1) begin
            i = $random(seed) % 64; if (i < 0) i = -i;
            if ($random(seed) % 2) begin
                got = $random(seed);
                axi_write(i * 4, got);
                model[i] = got;
            end else begin
                axi_read(i * 4, got);
                if (got !== model[i]) begin
                    $display("FAIL read word %0d: got %h want %h", i, got, model[i]);
                    errors = errors + 1;
                end
            end
        end
        if ($test$plusargs("break")) begin
            axi_read(0, got);
            if (got !== ~model[0]) begin $display("FAIL planted"); errors = errors + 1; end
        end
        if (errors == 0) $display("PASS tb_mlp_ctrl_axil");
        else $display("FAILED tb_mlp_ctrl_axil: %0d errors", errors);
        $finish;
    end
    initial begin
        #2000000 $display("FAILED tb_mlp_ctrl_axil: timeout"); $finish;
    end
endmodule
