// uart_rx: 8N1 UART receiver, one byte out as a one-cycle valid pulse
// (no back-pressure: the consumer must take the byte in that cycle; m_tdata
// is the receive shift register, it holds until the next byte's first bit).
// Samples the middle of every bit; CLKS_PER_BIT = clock / baud, >= 4.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module uart_rx #(
    parameter integer CLKS_PER_BIT = 104   // 12 MHz / 115200
) (
    input  wire       clk,
    input  wire       rst,      // synchronous, active high
    input  wire       rxd,      // serial line, idle high
    output wire [7:0] m_tdata,
    output reg        m_tvalid
);
    generate
        if (CLKS_PER_BIT < 4) begin : g_bad
            PARAMETER_ERROR_uart_rx_CLKS_PER_BIT_must_be_at_least_4 u_param_error ();
        end
    endgenerate

    localparam integer CW = $clog2(CLKS_PER_BIT + 1);
    localparam [31:0] FULL32 = CLKS_PER_BIT - 1;
    wire [CW-1:0] FULL = FULL32[CW-1:0];
    localparam [31:0] HALF32 = CLKS_PER_BIT / 2 - 1;
    wire [CW-1:0] HALF = HALF32[CW-1:0];

    reg [1:0]    sync;          // metastability guard, idle high
    reg [CW-1:0] cnt;
    reg [3:0]    bitn;          // 0 start, 1..8 data, 9 stop
    reg          busy;
    reg [7:0]    sh;

    always @(posedge clk) begin
        sync <= {sync[0], rxd};
        m_tvalid <= 1'b0;
        if (rst) begin
            sync <= 2'b11;
            busy <= 1'b0;
            cnt  <= {CW{1'b0}};
            bitn <= 4'd0;
        end else if (!busy) begin
            if (!sync[1]) begin               // start bit edge
                busy <= 1'b1;
                bitn <= 4'd0;
                cnt  <= HALF;
            end
        end else if (cnt != {CW{1'b0}}) begin
            cnt <= cnt - 1'b1;
        end else begin                        // middle of bit `bitn`
            cnt <= FULL;
            if (bitn == 4'd0) begin
                if (sync[1]) busy <= 1'b0;    // glitch, not a start bit
            end else if (bitn <= 4'd8) begin
                sh <= {sync[1], sh[7:1]};
            end else begin
                busy <= 1'b0;
                if (sync[1]) m_tvalid <= 1'b1;   // good stop bit
            end
            bitn <= bitn + 1'b1;
        end
    end
    assign m_tdata = sh;
endmodule

`resetall
