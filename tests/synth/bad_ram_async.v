// bad_ram_async: a deliberately broken RAM for the inference check: 64
// words read asynchronously (no read register), which no iCE40/ECP5 block
// RAM can do, so Yosys builds it from flip-flops. infer_check.sh must fail.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module bad_ram_async (
    input  wire        clk,
    input  wire        we,
    input  wire [5:0]  waddr,
    input  wire [15:0] wdata,
    input  wire [5:0]  raddr,
    output wire [15:0] rdata
);
    reg [15:0] mem [0:63];
    always @(posedge clk) begin
        if (we) mem[waddr] <= wdata;
    end
    assign rdata = mem[raddr];
endmodule

`resetall
