// mlp_hash_seq: the counter-based random-bit function of docs/numerics.md
// section 2 (the same function as mlp_hash: six ChaCha quarter rounds over
// seed/layer/tensor/row/col/step, R = a ^ c), computed iteratively, one
// quarter round per clock in a 128-bit state register, for parts that
// cannot afford six rounds of combinational logic (iCE40: one per rounding
// point of the update path, about 1 570 SB_LUT4 + 744 SB_CARRY each).
//
// Interface (clock and reset first; rst synchronous, active high, resets
// the handshake state only):
//   in_valid/in_ready: in_data = {seed[31:0], layer[7:0], tensor[7:0],
//     row[15:0], col[31:0], step[31:0]} (mlp_hash's s_axis_tdata) is
//     sampled on a cycle with in_valid && in_ready (the load: the initial
//     state). in_ready = 1 when idle, and also in the cycle that consumes
//     a result (out_valid && out_ready), so words can follow back to back.
//   out_valid/out_ready: out_r = R is valid and held while out_valid = 1;
//     consumed on a cycle with out_valid && out_ready.
//   Latency: out_valid rises exactly LATENCY = 6 clock edges after the
//     accepting edge (one quarter round per edge); a word every 7 cycles
//     back to back.
//   Cost (Yosys 0.23 synth_ice40, alone): 395 SB_LUT4, 125 SB_CARRY,
//     133 flip-flops (one quarter round: four 32-bit adders, the xors; the
//     128-bit state; the round counter); mlp_hash STAGES 0 is about 1 570
//     SB_LUT4 + 744 SB_CARRY. See docs/synthesis.md "The shared hash".
// tests/rtl/tb_mlp_hash_seq.v checks it against the pinned vectors of
// mlp_hash_vectors.hex with random stalls on both sides.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_hash_seq (
    input  wire         clk,
    input  wire         rst,        // synchronous, active high; handshake only
    input  wire         in_valid,
    output wire         in_ready,
    input  wire [127:0] in_data,
    output wire         out_valid,
    input  wire         out_ready,
    output wire [31:0]  out_r
);
    localparam integer LATENCY = 6;

    function [31:0] rotl;
        input [31:0] x;
        input integer n;
        begin
            rotl = (x << n) | (x >> (32 - n));
        end
    endfunction

    // one ChaCha quarter round on the state {a, b, c, d} (mlp_hash's rounds)
    function [127:0] qround;
        input [127:0] s;
        reg [31:0] a, b, c, d;
        begin
            {a, b, c, d} = s;
            a = a + b; d = d ^ a; d = rotl(d, 16);
            c = c + d; b = b ^ c; b = rotl(b, 12);
            a = a + b; d = d ^ a; d = rotl(d, 8);
            c = c + d; b = b ^ c; b = rotl(b, 7);
            qround = {a, b, c, d};
        end
    endfunction

    // initial state from the inputs (the constants of mlp_hash)
    wire [31:0] in_seed  = in_data[127:96];
    wire [31:0] in_lanes = in_data[95:64];   // {layer, tensor, row}
    wire [31:0] in_col   = in_data[63:32];
    wire [31:0] in_step  = in_data[31:0];
    wire [127:0] st0 = {in_seed ^ 32'h61707865,
                        in_step ^ 32'h3320646e,
                        in_lanes ^ 32'h79622d32,
                        in_col ^ 32'h6b206574};

    reg         busy, done;   // control: reset
    reg [2:0]   rc;           // rounds done
    reg [127:0] st;           // datapath: no reset

    assign in_ready  = !busy && (!done || out_ready);
    assign out_valid = done;
    assign out_r     = st[127:96] ^ st[63:32];
    wire accept = in_valid && in_ready;

    always @(posedge clk) begin
        if (accept)    st <= st0;
        else if (busy) st <= qround(st);
    end

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            done <= 1'b0;
            rc   <= 3'd0;
        end else begin
            if (accept) begin
                busy <= 1'b1;
                done <= 1'b0;
                rc   <= 3'd0;
            end else if (busy) begin
                rc <= rc + 3'd1;
                if (rc == LATENCY[2:0] - 3'd1) begin
                    busy <= 1'b0;
                    done <= 1'b1;
                end
            end else if (done && out_ready) begin
                done <= 1'b0;
            end
        end
    end
endmodule

`resetall
