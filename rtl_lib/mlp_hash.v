// mlp_hash: the counter-based random-bit function of docs/numerics.md
// (six ChaCha quarter rounds over seed/layer/tensor/row/col/step, R = a ^ c),
// as a stream stage with STAGES pipeline registers (0 = combinational).
//
// s_axis_tdata = {seed[31:0], layer[7:0], tensor[7:0], row[15:0], col[31:0],
//                 step[31:0]} (128 bits, seed in the top bits);
// m_axis_tdata = R[31:0]. tlast and tuser (USER_W bits, e.g. the value that
// the random word will round) travel alongside unchanged. Each pipeline
// register advances when it is empty or the next one advances, so bubbles
// are squeezed out and the stage runs at one word per cycle. STAGES = 0
// computes the rounds only while s_axis_tvalid is high (m_axis_tdata = 0
// otherwise), so that a cycle-based simulator skips them when idle.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_hash #(
    parameter integer STAGES = 0,  // pipeline registers: 0 (combinational), 1, 2, 3 or 6
    parameter integer USER_W = 1   // width of the tuser side band (>= 1)
) (
    input  wire              clk,
    input  wire              rst,            // synchronous, active high; valid bits only

    input  wire [127:0]      s_axis_tdata,
    input  wire [USER_W-1:0] s_axis_tuser,
    input  wire              s_axis_tlast,
    input  wire              s_axis_tvalid,
    output wire              s_axis_tready,

    output wire [31:0]       m_axis_tdata,
    output wire [USER_W-1:0] m_axis_tuser,
    output wire              m_axis_tlast,
    output wire              m_axis_tvalid,
    input  wire              m_axis_tready
);
    // Parameter checks: a bad value instantiates a module that does not
    // exist, which stops Verilator, Yosys (hierarchy -check) and Icarus alike.
    generate
        if (STAGES != 0 && STAGES != 1 && STAGES != 2 && STAGES != 3 && STAGES != 6) begin : g_bad_stages
            PARAMETER_ERROR_mlp_hash_STAGES_must_be_0_1_2_3_or_6 u_param_error ();
        end
        if (USER_W < 1) begin : g_bad_user_w
            PARAMETER_ERROR_mlp_hash_USER_W_must_be_at_least_1 u_param_error ();
        end
    endgenerate

    localparam integer NS  = (STAGES == 0) ? 1 : STAGES;  // round groups
    localparam integer RPS = 6 / NS;                        // rounds per group
    localparam integer SW  = 128 + USER_W + 1;              // {state, tuser, tlast}

    function [31:0] rotl;
        input [31:0] x;
        input integer n;
        begin
            rotl = (x << n) | (x >> (32 - n));
        end
    endfunction

    // n ChaCha quarter rounds on the state {a, b, c, d}.
    function [127:0] rounds;
        input [127:0] st;
        input integer n;
        reg [31:0] a, b, c, d;
        integer i;
        begin
            {a, b, c, d} = st;
            for (i = 0; i < n; i = i + 1) begin
                a = a + b; d = d ^ a; d = rotl(d, 16);
                c = c + d; b = b ^ c; b = rotl(b, 12);
                a = a + b; d = d ^ a; d = rotl(d, 8);
                c = c + d; b = b ^ c; b = rotl(b, 7);
            end
            rounds = {a, b, c, d};
        end
    endfunction

    // Initial state from the inputs.
    wire [31:0] in_seed   = s_axis_tdata[127:96];
    wire [31:0] in_lanes  = s_axis_tdata[95:64];   // {layer, tensor, row}
    wire [31:0] in_col    = s_axis_tdata[63:32];
    wire [31:0] in_step   = s_axis_tdata[31:0];
    wire [127:0] st0 = {in_seed ^ 32'h61707865,
                        in_step ^ 32'h3320646e,
                        in_lanes ^ 32'h79622d32,
                        in_col ^ 32'h6b206574};

    genvar k;
    generate
        if (STAGES == 0) begin : g_comb
            // the rounds run in a process, only for a valid word: a
            // simulator (Verilator) skips them in the cycles without one,
            // and m_axis_tdata is 0 then
            // (st is assigned in the process so that Verilator's dataflow
            // pass cannot lift the rounds out of the branch)
            reg [127:0] st, fin;
            always @(*) begin
                st  = 128'd0;
                fin = 128'd0;
                if (s_axis_tvalid) begin
                    st  = st0;
                    fin = rounds(st, RPS);
                end
            end
            assign s_axis_tready = m_axis_tready;
            assign m_axis_tvalid = s_axis_tvalid;
            assign m_axis_tdata  = fin[127:96] ^ fin[63:32];
            assign m_axis_tuser  = s_axis_tuser;
            assign m_axis_tlast  = s_axis_tlast;
            wire unused_ok = &{1'b0, clk, rst, fin[95:64], fin[31:0]};
        end else begin : g_pipe
            // grp_in[k]: input of round group k; grp_out[k]: its result.
            wire [SW-1:0] grp_in  [0:NS-1];
            wire [SW-1:0] grp_out [0:NS-1];
            assign grp_in[0] = {st0, s_axis_tuser, s_axis_tlast};
            for (k = 0; k < NS; k = k + 1) begin : g_grp
                assign grp_out[k] = {rounds(grp_in[k][SW-1:USER_W+1], RPS), grp_in[k][USER_W:0]};
            end
            wire [SW-1:0] data_r [0:NS-1];  // outputs of the pipeline registers
            reg [NS-1:0] valid_r;           // control: reset
            wire [NS-1:0] adv;              // adv[k]: register k loads
            for (k = 0; k < NS; k = k + 1) begin : g_reg
                // register k may load unless it and every register after it
                // are full and the output is stalled
                assign adv[k] = m_axis_tready || !(&valid_r[NS-1:k]);
                wire valid_in;
                if (k == 0) begin : g_first
                    assign valid_in = s_axis_tvalid;
                end else begin : g_link
                    assign valid_in  = valid_r[k-1];
                    assign grp_in[k] = data_r[k-1];
                end
                reg [SW-1:0] q;  // datapath: no reset
                always @(posedge clk) begin
                    if (adv[k]) begin
                        q <= grp_out[k];
                    end
                end
                assign data_r[k] = q;
                always @(posedge clk) begin
                    if (rst) begin
                        valid_r[k] <= 1'b0;
                    end else if (adv[k]) begin
                        valid_r[k] <= valid_in;
                    end
                end
            end
            wire [SW-1:0] fin = data_r[NS-1];
            assign s_axis_tready = adv[0];
            assign m_axis_tvalid = valid_r[NS-1];
            assign m_axis_tdata  = fin[SW-1:SW-32] ^ fin[SW-65:SW-96];
            assign {m_axis_tuser, m_axis_tlast} = fin[USER_W:0];
            wire unused_ok = &{1'b0, fin[SW-33:SW-64], fin[SW-97:USER_W+1]};
        end
    endgenerate
endmodule

`resetall
