// good_mac: block RAM with a registered read feeding a 16x16 multiplier:
// the inference check must pass on every family that has block RAM and DSPs.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module good_mac (
    input  wire               clk,
    input  wire               we,
    input  wire [7:0]         waddr,
    input  wire [15:0]        wdata,
    input  wire [7:0]         raddr,
    input  wire signed [15:0] x,
    output reg  signed [31:0] y
);
    reg [15:0] mem [0:255];
    reg [15:0] q;
    always @(posedge clk) begin
        if (we) mem[waddr] <= wdata;
        q <= mem[raddr];
        y <= $signed(q) * x;
    end
endmodule

`resetall
