// mlp_dense_hash: mlp_hash (docs/numerics.md section 2) as one combinational
// word R = hash(seed, layer, tensor, row, col, step) for the datapath's
// rounding points; it hides the stream handshake of the pipelined module.
// en: 1 in the cycles whose R is used; r = 0 in the others, where the
// rounds are not evaluated (Verilator then skips them: an idle update unit
// costs no simulation time).
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_dense_hash (
    input  wire        clk,
    input  wire        rst,
    input  wire        en,
    input  wire [31:0] seed,
    input  wire [7:0]  layer,
    input  wire [7:0]  tensor,
    input  wire [15:0] row,
    input  wire [31:0] col,
    input  wire [31:0] step,
    output wire [31:0] r
);
    wire       s_ready, m_user, m_last, m_valid;
    mlp_hash #(.STAGES(0), .USER_W(1)) u_hash (
        .clk(clk), .rst(rst),
        .s_axis_tdata({seed, layer, tensor, row, col, step}),
        .s_axis_tuser(1'b0), .s_axis_tlast(1'b0), .s_axis_tvalid(en), .s_axis_tready(s_ready),
        .m_axis_tdata(r), .m_axis_tuser(m_user), .m_axis_tlast(m_last), .m_axis_tvalid(m_valid),
        .m_axis_tready(1'b1));
    // handshake outputs of a combinational stage carry nothing here
    wire unused_ok = &{1'b0, s_ready, m_user, m_last, m_valid};
endmodule

`resetall
