// mlp_mac: the multiply-accumulate of a processing element: exact signed
// A_W x B_W products summed into an ACC_W-bit accumulator, acc <= base + a*b
// with base = in_c when in_load (start a sum from a bias, a partial sum of
// the chain, or a gradient word read from memory) and base = acc otherwise.
// Latency 1 + MUL_REG cycles; ce = 0 freezes every register (global stall).
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_mac #(
    parameter integer A_W     = 16,  // signed multiplicand width, >= 1
    parameter integer B_W     = 16,  // signed multiplier width, >= 1
    parameter integer ACC_W   = 40,  // accumulator width, >= A_W + B_W (sums wrap mod 2^ACC_W)
    parameter integer MUL_REG = 1    // 1: register the product (DSP friendly), 0: not
) (
    input  wire             clk,
    input  wire             rst,       // synchronous, active high; valid bits only
    input  wire             ce,        // clock enable: 0 holds every register

    input  wire             in_valid,
    input  wire [A_W-1:0]   in_a,      // signed
    input  wire [B_W-1:0]   in_b,      // signed
    input  wire             in_load,   // 1: acc <= in_c + a*b; 0: acc <= acc + a*b
    input  wire [ACC_W-1:0] in_c,      // signed base for in_load
    input  wire             in_last,   // side band, marks the last term of a sum

    output reg              out_valid, // acc was updated by a valid input
    output reg  [ACC_W-1:0] out_acc,   // signed accumulator
    output reg              out_last
);
    generate
        if (A_W < 1 || B_W < 1) begin : g_bad_w
            PARAMETER_ERROR_mlp_mac_A_W_and_B_W_must_be_at_least_1 u_param_error ();
        end
        if (ACC_W < A_W + B_W) begin : g_bad_acc
            PARAMETER_ERROR_mlp_mac_ACC_W_must_be_at_least_A_W_plus_B_W u_param_error ();
        end
        if (MUL_REG != 0 && MUL_REG != 1) begin : g_bad_mul_reg
            PARAMETER_ERROR_mlp_mac_MUL_REG_must_be_0_or_1 u_param_error ();
        end
    endgenerate

    localparam integer P_W = A_W + B_W;

    // the full product, exact in A_W + B_W bits
    wire signed [P_W-1:0] prod = $signed(in_a) * $signed(in_b);

    // stage 1 (optional): product and its controls
    wire             m_valid, m_load, m_last;
    wire [P_W-1:0]   m_prod;
    wire [ACC_W-1:0] m_c;
    generate
        if (MUL_REG != 0) begin : g_mul_reg
            reg             valid_r;
            reg             load_r, last_r;   // datapath: no reset
            reg [P_W-1:0]   prod_r;
            reg [ACC_W-1:0] c_r;
            always @(posedge clk) begin
                if (rst) begin
                    valid_r <= 1'b0;
                end else if (ce) begin
                    valid_r <= in_valid;
                end
            end
            always @(posedge clk) begin
                if (ce) begin
                    prod_r <= prod;
                    load_r <= in_load;
                    last_r <= in_last;
                    c_r    <= in_c;
                end
            end
            assign {m_valid, m_load, m_last, m_prod, m_c} = {valid_r, load_r, last_r, prod_r, c_r};
        end else begin : g_mul_comb
            assign {m_valid, m_load, m_last, m_prod, m_c} = {in_valid, in_load, in_last, prod, in_c};
        end
    endgenerate

    // accumulate stage
    wire [ACC_W-1:0] prod_ext;
    generate
        if (ACC_W > P_W) begin : g_ext
            assign prod_ext = {{(ACC_W-P_W){m_prod[P_W-1]}}, m_prod};
        end else begin : g_noext
            assign prod_ext = m_prod;
        end
    endgenerate
    wire [ACC_W-1:0] base     = m_load ? m_c : out_acc;

    always @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
        end else if (ce) begin
            out_valid <= m_valid;
        end
    end
    always @(posedge clk) begin
        if (ce && m_valid) begin
            out_acc  <= base + prod_ext;
            out_last <= m_last;
        end
    end
endmodule

`resetall
