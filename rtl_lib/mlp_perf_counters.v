// mlp_perf_counters: performance counters of a training core (issue 6),
// read by index through a registered read port.
//
// Interface
//   clk, rst        rst (synchronous, active high) zeroes every counter.
//   clear           synchronous clear: every counter is 0 after this edge;
//                   the events of the clear cycle are not counted.
//   core_busy       1 while the core is not idle (a batch is running).
//   stage_busy[L]   1 while stage l is working (a layer's forward, backward
//                   or update, or a pipeline stage: the core decides).
//   pe_busy[P]      1 in a cycle where multiply unit p does a useful multiply.
//   sample_done     pulse, one cycle per trained (or inferred) sample.
//   batch_done      pulse, one cycle per finished batch (ap_done).
//   s_valid/s_ready the input stream's handshake  (s_axis_tvalid / tready)
//   m_valid/m_ready the output stream's handshake (m_axis_tvalid / tready)
//   rd_idx          counter index (map below); out of range reads 0.
//   rd_data         the counter's value one cycle later (registered; the
//                   value before the events of the cycle rd_idx was given).
//
// Counter map (index: counter)
//   0            total cycles since reset or clear
//   1            core busy cycles (core_busy)
//   2            samples (sample_done pulses)
//   3            batches (batch_done pulses)
//   4            input stream stall cycles  (s_valid && !s_ready: data waits)
//   5            output stream stall cycles (m_valid && !m_ready: data waits)
//   6 .. 6+L-1   busy cycles of stage l
//   6+L .. 6+L+P-1  busy cycles of multiply unit p
//   NCNT = 6 + L + P counters. Each is CW bits wide (1..32) and wraps modulo
//   2^CW (the host takes differences modulo 2^CW); rd_data is zero-extended.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_perf_counters #(
    parameter integer L  = 2,    // stages, >= 1
    parameter integer P  = 4,    // multiply units, >= 1
    parameter integer CW = 32,   // counter width, 1..32
    parameter integer IW = 16    // rd_idx width, 1..30, 2^IW >= 6 + L + P
) (
    input  wire          clk,
    input  wire          rst,
    input  wire          clear,
    input  wire          core_busy,
    input  wire [L-1:0]  stage_busy,
    input  wire [P-1:0]  pe_busy,
    input  wire          sample_done,
    input  wire          batch_done,
    input  wire          s_valid,
    input  wire          s_ready,
    input  wire          m_valid,
    input  wire          m_ready,
    input  wire [IW-1:0] rd_idx,
    output reg  [31:0]   rd_data
);
    localparam integer NCNT = 6 + L + P;

    // parameter rules (elaboration stops with the rule's name)
    generate
        if (L < 1 || P < 1) begin : g_bad_lp
            PARAMETER_ERROR_mlp_perf_counters_L_and_P_must_be_at_least_1 u_param_error ();
        end
        if (CW < 1 || CW > 32) begin : g_bad_cw
            PARAMETER_ERROR_mlp_perf_counters_CW_must_be_1_to_32 u_param_error ();
        end
        if (IW < 1 || IW > 30 || NCNT > (1 << IW)) begin : g_bad_iw
            PARAMETER_ERROR_mlp_perf_counters_IW_must_address_every_counter u_param_error ();
        end
    endgenerate

    // one event bit per counter, in map order
    wire [NCNT-1:0] ev = {pe_busy, stage_busy, m_valid && !m_ready, s_valid && !s_ready,
                          batch_done, sample_done, core_busy, 1'b1};

    reg [NCNT*CW-1:0] cnt;   // counter c at [c*CW +: CW]
    genvar gc;
    generate
        for (gc = 0; gc < NCNT; gc = gc + 1) begin : g_cnt
            always @(posedge clk) begin
                if (rst || clear)
                    cnt[gc*CW +: CW] <= {CW{1'b0}};
                else if (ev[gc])
                    cnt[gc*CW +: CW] <= cnt[gc*CW +: CW] + 1'b1;
            end
        end
    endgenerate

    // registered read, zero-extended; out of range reads 0
    reg [31:0] rd_val;
    integer m;
    always @* begin
        rd_val = 32'd0;
        for (m = 0; m < NCNT; m = m + 1)
            if (rd_idx == m[IW-1:0])
                rd_val[CW-1:0] = cnt[m*CW +: CW];
    end
    always @(posedge clk) begin
        if (rst)
            rd_data <= 32'd0;
        else
            rd_data <= rd_val;
    end
endmodule

`default_nettype wire
