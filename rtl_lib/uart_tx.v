// uart_tx: 8N1 UART transmitter with an AXI-Stream byte input; tready is
// high while idle. CLKS_PER_BIT = clock / baud, >= 4.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module uart_tx #(
    parameter integer CLKS_PER_BIT = 104
) (
    input  wire       clk,
    input  wire       rst,      // synchronous, active high
    input  wire [7:0] s_tdata,
    input  wire       s_tvalid,
    output wire       s_tready,
    output wire       txd       // serial line, idle high (a register's output)
);
    generate
        if (CLKS_PER_BIT < 4) begin : g_bad
            PARAMETER_ERROR_uart_tx_CLKS_PER_BIT_must_be_at_least_4 u_param_error ();
        end
    endgenerate

    localparam integer CW = $clog2(CLKS_PER_BIT + 1);
    localparam [31:0] FULL32 = CLKS_PER_BIT - 1;
    wire [CW-1:0] FULL = FULL32[CW-1:0];

    // {marker, stop, data, start} shifts out at bit 0 (txd) with zeros
    // behind it; the marker alone left (idle) holds the line high, so no
    // bit counter is needed
    reg [CW-1:0] cnt;
    reg [10:0]   sh;
    wire         busy = |sh[10:1];

    assign s_tready = !busy;
    assign txd = sh[0];

    always @(posedge clk) begin
        if (rst) begin
            sh  <= 11'd1;
            cnt <= {CW{1'b0}};
        end else if (!busy) begin
            if (s_tvalid) begin
                sh  <= {2'b11, s_tdata, 1'b0};
                cnt <= FULL;
            end
        end else if (cnt != {CW{1'b0}}) begin
            cnt <= cnt - 1'b1;
        end else begin
            sh  <= {1'b0, sh[10:1]};
            cnt <= FULL;
        end
    end
endmodule

`resetall
