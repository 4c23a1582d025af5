// mlp_axis_fifo: AXI4-Stream FIFO (tdata + tlast) of DEPTH words in a
// memory with a registered read, plus one output register: holds up to
// DEPTH + 1 words, full throughput, tready/tvalid never combinationally
// depend on the other side. LAST = 0 keeps no tlast (m_axis_tlast reads 0;
// the board's input FIFO: the core ignores its input tlast, and 16 bits
// fill one iCE40 block RAM where 17 take two).
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_axis_fifo #(
    parameter integer DEPTH  = 16,  // memory words, a power of two >= 2
    parameter integer DATA_W = 8,   // tdata width, >= 1
    parameter integer LAST   = 1    // 1: tlast kept with each word; 0: none (m_axis_tlast 0)
) (
    input  wire              clk,
    input  wire              rst,   // synchronous, active high: empties the FIFO

    input  wire [DATA_W-1:0] s_axis_tdata,
    input  wire              s_axis_tlast,
    input  wire              s_axis_tvalid,
    output wire              s_axis_tready,

    output wire [DATA_W-1:0] m_axis_tdata,
    output wire              m_axis_tlast,
    output wire              m_axis_tvalid,
    input  wire              m_axis_tready
);
    generate
        if (DEPTH < 2 || (DEPTH & (DEPTH - 1)) != 0) begin : g_bad_depth
            PARAMETER_ERROR_mlp_axis_fifo_DEPTH_must_be_a_power_of_two_at_least_2 u_param_error ();
        end
        if (DATA_W < 1) begin : g_bad_data_w
            PARAMETER_ERROR_mlp_axis_fifo_DATA_W_must_be_at_least_1 u_param_error ();
        end
        if (LAST != 0 && LAST != 1) begin : g_bad_last
            PARAMETER_ERROR_mlp_axis_fifo_LAST_must_be_0_or_1 u_param_error ();
        end
    endgenerate

    localparam integer AW = $clog2(DEPTH);
    localparam integer MW = DATA_W + LAST;   // memory word: {tlast, tdata} or tdata

    reg [MW-1:0] mem [0:DEPTH-1];    // no reset
    reg [MW-1:0] out_r;              // output register; no reset
    wire [MW-1:0] in_word;
    reg            out_valid;
    reg [AW:0]     wr_ptr, rd_ptr;   // one extra bit tells full from empty

    wire empty = (wr_ptr == rd_ptr);
    wire full  = (wr_ptr == {~rd_ptr[AW], rd_ptr[AW-1:0]});
    wire wr_en = s_axis_tvalid && !full;
    wire rd_en = !empty && (!out_valid || m_axis_tready);

    always @(posedge clk) begin
        if (wr_en) begin
            mem[wr_ptr[AW-1:0]] <= in_word;
        end
        if (rd_en) begin
            out_r <= mem[rd_ptr[AW-1:0]];
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            wr_ptr    <= {(AW+1){1'b0}};
            rd_ptr    <= {(AW+1){1'b0}};
            out_valid <= 1'b0;
        end else begin
            if (wr_en) wr_ptr <= wr_ptr + 1'b1;
            if (rd_en) rd_ptr <= rd_ptr + 1'b1;
            if (rd_en) begin
                out_valid <= 1'b1;
            end else if (m_axis_tready) begin
                out_valid <= 1'b0;
            end
        end
    end

    assign s_axis_tready = !full;
    assign m_axis_tvalid = out_valid;
    generate
        if (LAST != 0) begin : g_last
            assign in_word = {s_axis_tlast, s_axis_tdata};
            assign {m_axis_tlast, m_axis_tdata} = out_r;
        end else begin : g_no_last
            assign in_word = s_axis_tdata;
            assign m_axis_tdata = out_r;
            assign m_axis_tlast = 1'b0;
            wire unused_last = &{1'b0, s_axis_tlast};
        end
    endgenerate
endmodule

`resetall
