// good_constmul: a multiply by a constant (row base = r * 9, as the dense
// layer computes it) that Yosys leaves to LUTs as shifts and adds. The
// inference check must not call that a lost DSP.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module good_constmul (
    input  wire        clk,
    input  wire [7:0]  r,
    output reg  [7:0]  base
);
    always @(posedge clk) begin
        base <= r * 8'd9;
    end
endmodule

`resetall
