// mlp_ram_sp: single-port RAM, one address for a read or a write each
// cycle, registered read, written so that Yosys maps it to iCE40's
// single-port SPRAM (SB_SPRAM256KA, 16 K x 16, four on the UP5K) with
// STYLE = 2, or to block RAM with STYLE = 1.
//
// A cycle with wr_en high writes wr_data at addr and reads nothing: SPRAM's
// output then keeps its value (Yosys: rdwr no_change); in simulation
// rd_data becomes all X instead, so a design that uses read data from a
// write cycle shows it. A cycle with wr_en low reads addr; rd_data holds
// the word from the next cycle on until the next read or write.
//
// DEPTH words (need not be a power of two: a 2 080-word memory of 4 bits
// takes three 1 K x 4 block RAMs, not four). STYLE 0 leaves the choice to
// the tool.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_ram_sp #(
    parameter integer ADDR_W = 9,             // address width, >= 1
    parameter integer DEPTH  = 1 << ADDR_W,   // words, 1 .. 2^ADDR_W
    parameter integer DATA_W = 16,            // word width, >= 1
    parameter integer STYLE  = 0              // 0 tool's choice, 1 block RAM, 2 SPRAM ("huge")
) (
    input  wire              clk,

    input  wire [ADDR_W-1:0] addr,
    input  wire              wr_en,
    input  wire [DATA_W-1:0] wr_data,
    output reg  [DATA_W-1:0] rd_data
);
    generate
        if (ADDR_W < 1) begin : g_bad_addr_w
            PARAMETER_ERROR_mlp_ram_sp_ADDR_W_must_be_at_least_1 u_param_error ();
        end
        if (DEPTH < 1 || DEPTH > (1 << ADDR_W)) begin : g_bad_depth
            PARAMETER_ERROR_mlp_ram_sp_DEPTH_must_be_1_to_2_pow_ADDR_W u_param_error ();
        end
        if (DATA_W < 1) begin : g_bad_data_w
            PARAMETER_ERROR_mlp_ram_sp_DATA_W_must_be_at_least_1 u_param_error ();
        end
        if (STYLE < 0 || STYLE > 2) begin : g_bad_style
            PARAMETER_ERROR_mlp_ram_sp_STYLE_must_be_0_1_or_2 u_param_error ();
        end
    endgenerate

`ifndef SYNTHESIS
    localparam [DATA_W-1:0] ON_WRITE = {DATA_W{1'bx}};
`endif

    // three separate blocks: each memory keeps the path <instance>.g_*.mem
    generate
        if (STYLE == 0) begin : g_auto
            reg [DATA_W-1:0] mem [0:DEPTH-1];
            always @(posedge clk) begin
                if (wr_en) begin
                    mem[addr] <= wr_data;
`ifndef SYNTHESIS
                    rd_data <= ON_WRITE;
`endif
                end else begin
                    rd_data <= mem[addr];
                end
            end
        end
        if (STYLE == 1) begin : g_block
            (* ram_style = "block" *)
            reg [DATA_W-1:0] mem [0:DEPTH-1];
            always @(posedge clk) begin
                if (wr_en) begin
                    mem[addr] <= wr_data;
`ifndef SYNTHESIS
                    rd_data <= ON_WRITE;
`endif
                end else begin
                    rd_data <= mem[addr];
                end
            end
        end
        if (STYLE == 2) begin : g_huge
            (* ram_style = "huge" *)
            reg [DATA_W-1:0] mem [0:DEPTH-1];
            always @(posedge clk) begin
                if (wr_en) begin
                    mem[addr] <= wr_data;
`ifndef SYNTHESIS
                    rd_data <= ON_WRITE;
`endif
                end else begin
                    rd_data <= mem[addr];
                end
            end
        end
    endgenerate
endmodule

`resetall
