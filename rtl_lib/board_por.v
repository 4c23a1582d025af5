// board_por: power-on reset for boards without a reset pin: holds rst high
// for 2^CW cycles after configuration (iCE40 registers start at 0), and a
// free-running counter of AW bits whose top bit blinks an LED (alive).
`resetall
`timescale 1ns / 1ps
`default_nettype none

module board_por #(
    parameter integer CW = 8,    // reset for 2^CW cycles
    parameter integer AW = 24    // alive toggles every 2^(AW-1) cycles; AW > CW
) (
    input  wire clk,
    output wire rst,     // active high, synchronous to clk
    output wire alive    // the counter's top bit
);
    generate
        if (CW < 1 || AW <= CW) begin : g_bad
            PARAMETER_ERROR_board_por_AW_must_exceed_CW u_param_error ();
        end
    endgenerate

    reg [AW-1:0] cnt  = {AW{1'b0}};
    reg          done = 1'b0;
    always @(posedge clk) begin
        cnt <= cnt + 1'b1;
        if (cnt[CW]) done <= 1'b1;
    end
    assign rst   = !done;
    assign alive = cnt[AW-1];
endmodule

`resetall
