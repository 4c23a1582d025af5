// mlp_ram_dp: simple dual-port RAM, one write port and one read port with a
// registered read, written so that synthesis infers block RAM. INIT_FILE
// (hex, $readmemh) optionally gives the initial contents.
//
// Reading the address that is written in the same cycle: with OLD_ON_COLLISION
// = 1 the read returns the old word (read-first; native on Xilinx, emulated
// with a bypass of about 25 flip-flops and 20 LUTs per RAM on iCE40). With 0
// the memory carries (* no_rw_check *), synthesis adds no bypass and the
// result is undefined; simulation then returns all X so that a design that
// collides shows it.
//
// BLOCK = 1 asks for block RAM whatever the size ((* ram_style = "block" *)):
// a memory of a few words, which Yosys would otherwise build from flip-flops
// and LUT multiplexers, then takes one SB_RAM40_4K per 16 bits of width on
// iCE40. With OLD_ON_COLLISION = 1 the bypass above is added; with 0 none.
// BLOCK = 0 (default) leaves the choice to the tool, as before.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_ram_dp #(
    parameter integer ADDR_W = 9,   // words = 2^ADDR_W, ADDR_W >= 1
    parameter integer DATA_W = 16,  // word width, >= 1
    parameter INIT_FILE = "",       // $readmemh file for the initial contents, "" = none
    parameter integer OLD_ON_COLLISION = 1, // 1: same-address read returns the old word; 0: undefined
    parameter integer BLOCK = 0             // 1: block RAM even for a few words (ram_style "block")
) (
    input  wire              clk,

    input  wire              wr_en,
    input  wire [ADDR_W-1:0] wr_addr,
    input  wire [DATA_W-1:0] wr_data,

    input  wire              rd_en,    // rd_data changes only when rd_en is high
    input  wire [ADDR_W-1:0] rd_addr,
    output reg  [DATA_W-1:0] rd_data
);
    generate
        if (ADDR_W < 1) begin : g_bad_addr_w
            PARAMETER_ERROR_mlp_ram_dp_ADDR_W_must_be_at_least_1 u_param_error ();
        end
        if (DATA_W < 1) begin : g_bad_data_w
            PARAMETER_ERROR_mlp_ram_dp_DATA_W_must_be_at_least_1 u_param_error ();
        end
    endgenerate

    // four separate blocks (not an if-else chain): each memory keeps the
    // path <instance>.g_*.mem (the simulation harness reads it, sim_public.vlt)
    generate
        if (BLOCK == 0 && OLD_ON_COLLISION != 0) begin : g_old
            reg [DATA_W-1:0] mem [0:(1<<ADDR_W)-1];
            if (INIT_FILE != "") begin : g_init
                initial $readmemh(INIT_FILE, mem);
            end
            always @(posedge clk) begin
                if (wr_en) begin
                    mem[wr_addr] <= wr_data;
                end
                if (rd_en) begin
                    rd_data <= mem[rd_addr];
                end
            end
        end
        if (BLOCK == 0 && OLD_ON_COLLISION == 0) begin : g_undef
            (* no_rw_check *)
            reg [DATA_W-1:0] mem [0:(1<<ADDR_W)-1];
            if (INIT_FILE != "") begin : g_init
                initial $readmemh(INIT_FILE, mem);
            end
            always @(posedge clk) begin
                if (wr_en) begin
                    mem[wr_addr] <= wr_data;
                end
                if (rd_en) begin
                    rd_data <= (wr_en && wr_addr == rd_addr) ? {DATA_W{1'bx}} : mem[rd_addr];
                end
            end
        end
        if (BLOCK != 0 && OLD_ON_COLLISION != 0) begin : g_bold
            (* ram_style = "block" *)
            reg [DATA_W-1:0] mem [0:(1<<ADDR_W)-1];
            if (INIT_FILE != "") begin : g_init
                initial $readmemh(INIT_FILE, mem);
            end
            always @(posedge clk) begin
                if (wr_en) begin
                    mem[wr_addr] <= wr_data;
                end
                if (rd_en) begin
                    rd_data <= mem[rd_addr];
                end
            end
        end
        if (BLOCK != 0 && OLD_ON_COLLISION == 0) begin : g_bundef
            (* ram_style = "block" *) (* no_rw_check *)
            reg [DATA_W-1:0] mem [0:(1<<ADDR_W)-1];
            if (INIT_FILE != "") begin : g_init
                initial $readmemh(INIT_FILE, mem);
            end
            always @(posedge clk) begin
                if (wr_en) begin
                    mem[wr_addr] <= wr_data;
                end
                if (rd_en) begin
                    rd_data <= (wr_en && wr_addr == rd_addr) ? {DATA_W{1'bx}} : mem[rd_addr];
                end
            end
        end
    endgenerate
endmodule

`resetall
