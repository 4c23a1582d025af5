// board_por: power-on reset for boards without a reset pin: holds rst high
// for 2^CW cycles after configuration (iCE40 registers start at 0).
`resetall
`timescale 1ns / 1ps
`default_nettype none

module board_por #(
    parameter integer CW = 8
) (
    input  wire clk,
    output wire rst    // active high, synchronous to clk
);
    reg [CW:0] cnt = {(CW+1){1'b0}};
    always @(posedge clk) begin
        if (!cnt[CW]) cnt <= cnt + 1'b1;
    end
    assign rst = !cnt[CW];
endmodule

`resetall
