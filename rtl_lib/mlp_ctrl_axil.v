// mlp_ctrl_axil: AXI4-Lite slave (32-bit data) that turns each transaction
// into one access on a simple register bus: bus_en with bus_we, bus_addr
// (byte address) and bus_wdata; read data is taken one cycle after bus_en.
// One transaction at a time; writes wait for both AW and W.
// WBUF = 1: AW and W are taken each as it comes, the data into a register
// (bus_wdata); WBUF = 0 (the iCE40-style core): both are taken together
// once both are valid (AWREADY and WREADY in the cycle of the bus write),
// and bus_wdata is WDATA itself, no register (the master holds WDATA until
// WREADY, as AXI asks); BVALID follows a cycle later.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_ctrl_axil #(
    parameter integer AXW = 16,
    parameter integer WBUF = 1    // 1: W into a register as it comes; 0: none (see above); checked below
) (
    input  wire           clk,
    input  wire           rst,
    input  wire [AXW-1:0] s_axil_awaddr,
    input  wire           s_axil_awvalid,
    output reg            s_axil_awready,
    input  wire [31:0]    s_axil_wdata,
    input  wire [3:0]     s_axil_wstrb,
    input  wire           s_axil_wvalid,
    output reg            s_axil_wready,
    output wire [1:0]     s_axil_bresp,
    output reg            s_axil_bvalid,
    input  wire           s_axil_bready,
    input  wire [AXW-1:0] s_axil_araddr,
    input  wire           s_axil_arvalid,
    output reg            s_axil_arready,
    output reg  [31:0]    s_axil_rdata,
    output wire [1:0]     s_axil_rresp,
    output reg            s_axil_rvalid,
    input  wire           s_axil_rready,

    output reg            bus_en,
    output reg            bus_we,
    output reg  [AXW-1:0] bus_addr,
    output wire [31:0]    bus_wdata,
    input  wire [31:0]    bus_rdata
);
    assign s_axil_bresp = 2'b00;
    assign s_axil_rresp = 2'b00;

    localparam [2:0] A_IDLE = 3'd0, A_RD = 3'd1, A_RDATA = 3'd2, A_WR = 3'd3, A_B = 3'd4;
    reg [2:0] state;
    reg       have_aw, have_w;
    reg [31:0] wdata_r;
    wire unused_ok = &{1'b0, s_axil_wstrb};
    localparam [2:0] A_WR0 = 3'd5;   // WBUF = 0: the bus write, AWREADY and WREADY
    generate
        if (WBUF < 0 || WBUF > 1) begin : g_bad_wbuf
            PARAMETER_ERROR_mlp_ctrl_axil_WBUF_must_be_0_or_1 u_param_error ();
        end
        if (WBUF != 0) begin : g_wbuf
            assign bus_wdata = wdata_r;
        end else begin : g_nowbuf
            assign bus_wdata = s_axil_wdata;
            wire unused_wdata_r = &{1'b0, wdata_r};
        end
    endgenerate

    always @(posedge clk) begin
        bus_en         <= 1'b0;
        bus_we         <= 1'b0;
        s_axil_awready <= 1'b0;
        s_axil_wready  <= 1'b0;
        s_axil_arready <= 1'b0;
        if (rst) begin
            state         <= A_IDLE;
            have_aw       <= 1'b0;
            have_w        <= 1'b0;
            s_axil_bvalid <= 1'b0;
            s_axil_rvalid <= 1'b0;
        end else begin
            case (state)
            A_IDLE: begin
                if (s_axil_arvalid && !have_aw && !have_w) begin
                    s_axil_arready <= 1'b1;
                    bus_en   <= 1'b1;
                    bus_addr <= s_axil_araddr;
                    state    <= A_RD;
                end else if (WBUF == 0) begin
                    if (s_axil_awvalid && s_axil_wvalid) begin
                        bus_en   <= 1'b1;
                        bus_we   <= 1'b1;
                        bus_addr <= s_axil_awaddr;
                        s_axil_awready <= 1'b1;
                        s_axil_wready  <= 1'b1;
                        state    <= A_WR0;
                    end
                end else begin
                    if (s_axil_awvalid && !have_aw && !s_axil_awready) begin
                        s_axil_awready <= 1'b1;
                        bus_addr <= s_axil_awaddr;
                        have_aw  <= 1'b1;
                    end
                    if (s_axil_wvalid && !have_w && !s_axil_wready) begin
                        s_axil_wready <= 1'b1;
                        wdata_r   <= s_axil_wdata;
                        have_w    <= 1'b1;
                    end
                    if (have_aw && have_w) state <= A_WR;
                end
            end
            A_RD: state <= A_RDATA;             // bus_en was high last cycle
            A_RDATA: begin
                if (!s_axil_rvalid) begin
                    s_axil_rdata  <= bus_rdata;
                    s_axil_rvalid <= 1'b1;
                end else if (s_axil_rready) begin
                    s_axil_rvalid <= 1'b0;
                    state <= A_IDLE;
                end
            end
            A_WR: begin
                bus_en <= 1'b1;
                bus_we <= 1'b1;
                have_aw <= 1'b0;
                have_w  <= 1'b0;
                s_axil_bvalid <= 1'b1;
                state <= A_B;
            end
            A_WR0: begin                        // (WBUF = 0) the write is on the bus
                s_axil_bvalid <= 1'b1;
                state <= A_B;
            end
            A_B: begin
                if (s_axil_bready) begin
                    s_axil_bvalid <= 1'b0;
                    state <= A_IDLE;
                end
            end
            default: state <= A_IDLE;
            endcase
        end
    end
endmodule

`resetall
