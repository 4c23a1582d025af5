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
    output reg        txd       // serial line, idle high
);
    generate
        if (CLKS_PER_BIT < 4) begin : g_bad
            PARAMETER_ERROR_uart_tx_CLKS_PER_BIT_must_be_at_least_4 u_param_error ();
        end
    endgenerate

    localparam integer CW = $clog2(CLKS_PER_BIT + 1);
    localparam [31:0] FULL32 = CLKS_PER_BIT - 1;
    wire [CW-1:0] FULL = FULL32[CW-1:0];

    reg [CW-1:0] cnt;
    reg [3:0]    left;          // bits still to send after the current one
    reg [8:0]    sh;            // {stop, data} still to shift out
    reg          busy;

    assign s_tready = !busy;

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            txd  <= 1'b1;
            cnt  <= {CW{1'b0}};
            left <= 4'd0;
        end else if (!busy) begin
            if (s_tvalid) begin
                busy <= 1'b1;
                txd  <= 1'b0;                 // start bit
                sh   <= {1'b1, s_tdata};
                left <= 4'd9;
                cnt  <= FULL;
            end
        end else if (cnt != {CW{1'b0}}) begin
            cnt <= cnt - 1'b1;
        end else if (left == 4'd0) begin
            busy <= 1'b0;                     // stop bit done
        end else begin
            txd  <= sh[0];
            sh   <= {1'b1, sh[8:1]};
            left <= left - 1'b1;
            cnt  <= FULL;
        end
    end
endmodule

`resetall
