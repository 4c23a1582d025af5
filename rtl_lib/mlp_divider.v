// mlp_divider: serial unsigned integer divider (restoring, one quotient bit
// per cycle, N_W + 1 cycles per division): quotient = floor(num / den),
// remainder = num - quotient * den, for the softmax normalization of
// docs/numerics.md section 5. Division by zero gives quotient all ones and
// remainder num mod 2^D_W. tuser travels with the operands.
// Q_W < N_W: only the Q_W low quotient bits are produced (Q_W + 1 cycles);
// the caller guarantees num >> Q_W < den (the quotient fits Q_W bits), so
// the first N_W - Q_W steps of the full division would give quotient bits 0
// and leave num >> Q_W as the partial remainder: it starts there. The same
// quotient and remainder, bit for bit, under that guarantee.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_divider #(
    parameter integer N_W    = 32,  // numerator and quotient width, >= 2
    parameter integer D_W    = 24,  // denominator and remainder width, >= 1
    parameter integer USER_W = 1,   // side band width, >= 1
    parameter integer Q_W    = N_W  // quotient bits produced, 2 .. N_W (see above)
) (
    input  wire              clk,
    input  wire              rst,     // synchronous, active high

    input  wire [N_W-1:0]    s_axis_num,
    input  wire [D_W-1:0]    s_axis_den,
    input  wire [USER_W-1:0] s_axis_tuser,
    input  wire              s_axis_tvalid,
    output wire              s_axis_tready,

    output wire [N_W-1:0]    m_axis_quot,
    output wire [D_W-1:0]    m_axis_rem,
    output reg  [USER_W-1:0] m_axis_tuser,
    output reg               m_axis_tvalid,
    input  wire              m_axis_tready
);
    generate
        if (N_W < 2) begin : g_bad_n_w
            PARAMETER_ERROR_mlp_divider_N_W_must_be_at_least_2 u_param_error ();
        end
        if (D_W < 1 || USER_W < 1) begin : g_bad_d_w
            PARAMETER_ERROR_mlp_divider_D_W_and_USER_W_must_be_at_least_1 u_param_error ();
        end
        if (Q_W < 2 || Q_W > N_W) begin : g_bad_q_w
            PARAMETER_ERROR_mlp_divider_Q_W_must_be_2_to_N_W u_param_error ();
        end
    endgenerate

    localparam integer CW = $clog2(Q_W + 1);
    localparam integer HW = N_W - Q_W;          // numerator bits above the quotient
    localparam [CW-1:0] QWC = Q_W[CW-1:0];

    reg           busy;
    reg [CW-1:0]  count;       // quotient bits still to produce
    reg [Q_W-1:0] qn;          // numerator bits shift out at the top, quotient bits in at the bottom
    reg [D_W-1:0] rem;
    reg [D_W-1:0] den;

    wire [D_W:0] trial = {rem, qn[Q_W-1]};   // partial remainder with the next numerator bit
    // trial - den on one carry chain: fits (trial >= den) iff no borrow
    wire [D_W+1:0] diff = {1'b0, trial} - {2'b00, den};
    wire         fits  = !diff[D_W+1];
    wire         take  = s_axis_tvalid && s_axis_tready;

    // the starting remainder: num >> Q_W (< den, so it fits D_W bits)
    wire [D_W-1:0] rem0;
    generate
        if (HW == 0) begin : g_r0_zero
            assign rem0 = {D_W{1'b0}};
            assign m_axis_quot = qn;
        end else begin : g_r0_hi
            if (HW >= D_W) begin : g_r0_cut
                assign rem0 = s_axis_num[Q_W +: D_W];
                if (HW > D_W) begin : g_r0_rest
                    wire unused_hi = &{1'b0, s_axis_num[N_W-1:Q_W+D_W]};
                end
            end else begin : g_r0_ext
                assign rem0 = {{(D_W-HW){1'b0}}, s_axis_num[N_W-1:Q_W]};
            end
            assign m_axis_quot = {{HW{1'b0}}, qn};
        end
    endgenerate

    assign s_axis_tready = !busy && (!m_axis_tvalid || m_axis_tready);
    assign m_axis_rem  = rem;
    wire unused_diff = &{1'b0, diff[D_W]};   // (below den << 1: a fitting trial - den < den)

    // datapath
    always @(posedge clk) begin
        if (take) begin
            qn <= s_axis_num[Q_W-1:0];
            rem <= rem0;
            den <= s_axis_den;
            m_axis_tuser <= s_axis_tuser;
        end else if (busy) begin
            qn <= {qn[Q_W-2:0], fits};
            rem <= fits ? diff[D_W-1:0] : trial[D_W-1:0];
        end
    end

    // control
    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            count <= {CW{1'b0}};
            m_axis_tvalid <= 1'b0;
        end else begin
            if (take) begin
                busy <= 1'b1;
                count <= QWC;
                m_axis_tvalid <= 1'b0;
            end else if (busy) begin
                count <= count - 1'b1;
                if (count == 1) begin
                    busy <= 1'b0;
                    m_axis_tvalid <= 1'b1;
                end
            end else if (m_axis_tready) begin
                m_axis_tvalid <= 1'b0;
            end
        end
    end
endmodule

`resetall
