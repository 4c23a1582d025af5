// mlp_stub_top: a stand-in with the port list of a generated core
// (<ident>_top) for testing the board wrapper on its own: 16 AXI4-Lite
// registers (CTRL bit 0 starts, ap_done and the interrupt follow 16 cycles
// later), and the input stream copied to the output stream plus one.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_stub_top (
    input  wire        ap_clk,
    input  wire        ap_rst_n,
    output reg         interrupt,
    input  wire [11:0] s_axi_control_awaddr,
    input  wire        s_axi_control_awvalid,
    output wire        s_axi_control_awready,
    input  wire [31:0] s_axi_control_wdata,
    input  wire [3:0]  s_axi_control_wstrb,
    input  wire        s_axi_control_wvalid,
    output wire        s_axi_control_wready,
    output wire [1:0]  s_axi_control_bresp,
    output reg         s_axi_control_bvalid,
    input  wire        s_axi_control_bready,
    input  wire [11:0] s_axi_control_araddr,
    input  wire        s_axi_control_arvalid,
    output wire        s_axi_control_arready,
    output reg  [31:0] s_axi_control_rdata,
    output wire [1:0]  s_axi_control_rresp,
    output reg         s_axi_control_rvalid,
    input  wire        s_axi_control_rready,
    input  wire [31:0] s_axis_in_tdata,
    input  wire        s_axis_in_tvalid,
    output wire        s_axis_in_tready,
    input  wire        s_axis_in_tlast,
    output wire [31:0] m_axis_out_tdata,
    output wire        m_axis_out_tvalid,
    input  wire        m_axis_out_tready,
    output wire        m_axis_out_tlast
);
    reg [31:0] regs [0:15];
    reg [4:0]  run;
    wire       wr = s_axi_control_awvalid && s_axi_control_wvalid && !s_axi_control_bvalid;
    assign s_axi_control_awready = wr;
    assign s_axi_control_wready  = wr;
    assign s_axi_control_bresp   = 2'b00;
    assign s_axi_control_arready = !s_axi_control_rvalid;
    assign s_axi_control_rresp   = 2'b00;

    always @(posedge ap_clk) begin
        if (wr) regs[s_axi_control_awaddr[5:2]] <= s_axi_control_wdata;
        if (s_axi_control_arvalid && !s_axi_control_rvalid)
            s_axi_control_rdata <= regs[s_axi_control_araddr[5:2]];
        if (!ap_rst_n) begin
            s_axi_control_bvalid <= 1'b0;
            s_axi_control_rvalid <= 1'b0;
            interrupt <= 1'b0;
            run <= 5'd0;
        end else begin
            if (wr) s_axi_control_bvalid <= 1'b1;
            else if (s_axi_control_bready) s_axi_control_bvalid <= 1'b0;
            if (s_axi_control_arvalid && !s_axi_control_rvalid) s_axi_control_rvalid <= 1'b1;
            else if (s_axi_control_rready) s_axi_control_rvalid <= 1'b0;
            if (wr && s_axi_control_awaddr == 12'h000 && s_axi_control_wdata[0]) begin
                run <= 5'd16;
                interrupt <= 1'b0;
            end else if (run != 5'd0) begin
                run <= run - 1'b1;
                if (run == 5'd1) interrupt <= 1'b1;
            end
        end
    end

    assign m_axis_out_tdata  = s_axis_in_tdata + 32'd1;
    assign m_axis_out_tvalid = s_axis_in_tvalid;
    assign m_axis_out_tlast  = s_axis_in_tlast;
    assign s_axis_in_tready  = m_axis_out_tready;

    wire unused = &{1'b0, s_axi_control_wstrb, s_axi_control_araddr[11:6], s_axi_control_araddr[1:0]};
endmodule

`resetall
