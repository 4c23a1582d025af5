// mlp_act_lut: activation / derivative lookup (docs/numerics.md section 4,
// "Lookup tables"): the raw pre-activation z (Z_FRAC fractional bits) is
// mapped to the nearest table point n = round_half_up(z * 2^(Q - Z_FRAC)) + OFF,
// clamped to [0, 2^K - 1], and table[n] is returned one stage later. The
// table is a block RAM loaded from INIT_FILE ($readmemh, written by the
// compiler) and rewritable through the wr_* port (tie wr_en low if unused;
// write only while no z is streaming: a read of the word being written is
// undefined).
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_act_lut #(
    parameter integer Z_W    = 16,   // width of raw z (signed), >= 1
    parameter integer Z_FRAC = 10,   // fractional bits of z (F_a)
    parameter integer Q      = 7,    // log2 of table entries per unit of input
    parameter integer OFF    = 512,  // index of the entry for x = 0
    parameter integer K      = 10,   // address bits: 2^K entries, 1..16
    parameter integer OUT_W  = 16,   // table word width, >= 1
    parameter integer USER_W = 1,    // tuser side band width, >= 1
    parameter INIT_FILE = ""         // $readmemh table file ("" = load through wr_*)
) (
    input  wire              clk,
    input  wire              rst,    // synchronous, active high; valid bit only

    input  wire [Z_W-1:0]    s_axis_tdata,   // z, signed
    input  wire [USER_W-1:0] s_axis_tuser,
    input  wire              s_axis_tlast,
    input  wire              s_axis_tvalid,
    output wire              s_axis_tready,

    output wire [OUT_W-1:0]  m_axis_tdata,   // table[n]
    output reg  [USER_W-1:0] m_axis_tuser,
    output reg               m_axis_tlast,
    output reg               m_axis_tvalid,
    input  wire              m_axis_tready,

    input  wire              wr_en,          // table write port
    input  wire [K-1:0]      wr_addr,
    input  wire [OUT_W-1:0]  wr_data
);
    generate
        if (Z_W < 1 || OUT_W < 1 || USER_W < 1) begin : g_bad_w
            PARAMETER_ERROR_mlp_act_lut_Z_W_OUT_W_USER_W_must_be_at_least_1 u_param_error ();
        end
        if (K < 1 || K > 16) begin : g_bad_k
            PARAMETER_ERROR_mlp_act_lut_K_must_be_1_to_16 u_param_error ();
        end
    endgenerate

    localparam integer S  = Z_FRAC - Q;                   // right shift (< 0: left)
    localparam integer SP = (S > 0) ? S : 1;
    localparam integer EW = ((Z_W > S) ? Z_W : S) + 2;    // z extended for the rounding add
    localparam integer TW = (S > 0) ? EW - S : Z_W - S;   // width of the rounded point
    localparam integer NW = ((TW > 33) ? TW : 33) + 2;    // width of n = t + OFF
    localparam [31:0] OFF32 = OFF;

    // t = nearest table point relative to x = 0 (signed, TW bits)
    wire [TW-1:0] t;
    generate
        if (S > 0) begin : g_right
            wire [EW-1:0] zx  = {{(EW-Z_W){s_axis_tdata[Z_W-1]}}, s_axis_tdata};
            wire [EW-1:0] sum = zx + {{(EW-SP){1'b0}}, 1'b1, {(SP-1){1'b0}}};  // + 2^(S-1)
            assign t = sum[EW-1:SP];
            wire unused_ok = &{1'b0, sum[SP-1:0]};
        end else if (S == 0) begin : g_same
            assign t = s_axis_tdata;
        end else begin : g_left
            assign t = {s_axis_tdata, {(-S){1'b0}}};
        end
    endgenerate

    wire [NW-1:0] n = {{(NW-TW){t[TW-1]}}, t} + {{(NW-32){OFF32[31]}}, OFF32};
    wire n_neg  = n[NW-1];
    wire n_high = !n_neg && (n[NW-2:K] != {(NW-1-K){1'b0}});
    wire [K-1:0] addr = n_neg ? {K{1'b0}} : n_high ? {K{1'b1}} : n[K-1:0];

    // one pipeline stage: the registered table read
    wire advance = !m_axis_tvalid || m_axis_tready;
    assign s_axis_tready = advance;

    // writes go only to an idle unit: no read/write collision logic needed
    mlp_ram_dp #(.ADDR_W(K), .DATA_W(OUT_W), .INIT_FILE(INIT_FILE), .OLD_ON_COLLISION(0)) u_table (
        .clk(clk),
        .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data),
        .rd_en(advance && s_axis_tvalid), .rd_addr(addr), .rd_data(m_axis_tdata));

    always @(posedge clk) begin
        if (advance) begin
            m_axis_tuser <= s_axis_tuser;
            m_axis_tlast <= s_axis_tlast;
        end
    end
    always @(posedge clk) begin
        if (rst) begin
            m_axis_tvalid <= 1'b0;
        end else if (advance) begin
            m_axis_tvalid <= s_axis_tvalid;
        end
    end
endmodule

`resetall
