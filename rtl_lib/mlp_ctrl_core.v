// mlp_ctrl_core: the control of a training core. It holds the Vitis-style
// register file (0x00 CTRL, 0x04 GIER, 0x08 IER, 0x0C ISR, arguments from
// 0x10; docs/architecture.md has the map), decodes the per-layer state
// windows (layer l at byte offset (l+1) << LRB), feeds the input stream into
// layer 0 and the loss unit, and runs the phase schedule of one batch:
//   per sample: IN, FWD 0..L-1, LOSS, BWD L-1..0 ; then UPD (all layers).
// ap_start starts a batch of BATCH samples (infer mode: forward only).
// Byte offsets 0x400 and up of the register window read the performance
// counters (mlp_perf_counters, instantiated beside this module): perf_idx
// selects counter (offset - 0x400) / 4, perf_rdata returns it a cycle later;
// sample_done and batch_done pulse once per sample and per batch.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_ctrl_core #(
    parameter integer L    = 2,      // layers
    parameter integer N0   = 2,      // inputs of layer 0
    parameter integer MOUT = 1,      // outputs of the last layer (= targets per sample)
    parameter integer W_A  = 16,
    parameter integer LRB  = 12,     // byte-address bits of one layer window
    parameter integer AXW  = 16,
    parameter integer BMAX = 1
) (
    input  wire           clk,
    input  wire           rst,
    // Vitis names the interrupt pin `interrupt` (a C++ word to Verilator)
    /* verilator lint_off SYMRSVDWORD */
    output wire           interrupt,
    /* verilator lint_on SYMRSVDWORD */
    // register bus
    input  wire           bus_en,
    input  wire           bus_we,
    input  wire [AXW-1:0] bus_addr,
    input  wire [31:0]    bus_wdata,
    output reg  [31:0]    bus_rdata,
    // input stream: per sample N0 inputs then MOUT targets (train) or N0 (infer)
    input  wire [31:0]    s_axis_tdata,
    input  wire           s_axis_tvalid,
    output wire           s_axis_tready,
    input  wire           s_axis_tlast,
    // to layer 0 and the loss unit
    output wire           x_we,
    output wire           t_we,
    output wire [15:0]    in_idx,
    output wire [W_A-1:0] in_data,
    // run-time values
    output reg  [31:0]    seed,
    output reg  [31:0]    sample_cnt,
    output reg  [31:0]    step_cnt,
    output reg  [31:0]    lr_q,
    output reg  [31:0]    mom_q,
    output reg  [31:0]    wd_q,
    output reg  [31:0]    inv_b,
    output reg            nesterov,
    output reg            infer,
    output wire           batch_first,
    // layer commands and status
    output reg  [L-1:0]   cmd_fwd,
    output reg  [L-1:0]   cmd_bwd,
    output reg  [L-1:0]   cmd_upd,
    input  wire [L-1:0]   layer_busy,
    output reg            cmd_loss,
    input  wire           loss_busy,
    input  wire [128*L-1:0] ovf_ev,   // per layer 8 counts of 16 bits {v(b), v(w), b, w, delta, g out, a, z}
    input  wire [1:0]     loss_ovf,   // {softmax p, output error}
    // layer state windows
    output wire [L-1:0]   h_en,
    output wire           h_we,
    output wire [LRB-3:0] h_addr,     // word address inside the window
    output wire [31:0]    h_wdata,
    input  wire [32*L-1:0] h_rdata,
    // performance counters
    output wire           core_busy,
    output reg            sample_done,
    output reg            batch_done,
    output wire [15:0]    perf_idx,
    input  wire [31:0]    perf_rdata
);
    localparam [3:0] C_IDLE = 4'd0, C_IN = 4'd1, C_FWD = 4'd2, C_FWAIT = 4'd3, C_LOSS = 4'd4,
                     C_LWAIT = 4'd5, C_BWD = 4'd6, C_BWAIT = 4'd7, C_UPD = 4'd8,
                     C_UWAIT = 4'd9, C_DONE = 4'd10;
    function integer clog2;
        input integer v;
        integer t;
        begin
            clog2 = 0;
            t = v - 1;
            while (t > 0) begin
                clog2 = clog2 + 1;
                t = t >> 1;
            end
        end
    endfunction
    localparam integer LW = (clog2(L) < 1) ? 1 : clog2(L);      // layer index bits
    localparam integer NC = 8 * L + 2;                           // event counters
    localparam integer OW = clog2(NC);                           // counter index bits
    localparam integer  LLAST_I = L - 1;
    localparam [LW-1:0] LLAST = LLAST_I[LW-1:0];
    localparam [15:0]   N0W = N0[15:0];
    localparam [15:0]   MOUTW = MOUT[15:0];
    localparam integer  NOVF_I = NC - 1;
    localparam [7:0]    NOVF = NOVF_I[7:0];
    reg [3:0]  state;
    reg [LW-1:0] lcur;
    reg [15:0] word;        // word counter inside the sample
    reg [16:0] k;           // sample inside the batch
    reg [16:0] batch;
    reg        ap_done, ap_start, gier;
    reg [1:0]  ier, isr;
    reg [31:0] cycles, busy_cycles;
    reg [31:0] ovf_cnt [0:NC-1];

    wire idle = state == C_IDLE;
    assign interrupt   = gier && |(ier & isr);
    assign batch_first = k == 17'd0;

    // ---- input stream ----
    wire [15:0] words = infer ? N0W : N0W + MOUTW;
    assign s_axis_tready = state == C_IN;
    wire in_fire = s_axis_tvalid && s_axis_tready;
    assign x_we    = in_fire && word < N0W;
    assign t_we    = in_fire && word >= N0W;
    assign in_idx  = (word < N0W) ? word : word - N0W;
    assign in_data = s_axis_tdata[W_A-1:0];
    wire unused_ok = &{1'b0, s_axis_tlast, s_axis_tdata, bus_addr[1:0], pofs[31:18], pofs[1:0]};

    // ---- register bus ----
    wire [AXW-LRB-1:0] region = bus_addr[AXW-1:LRB];
    wire [31:0]        baddr  = {{(32-AXW){1'b0}}, bus_addr};
    wire [31:0]        pofs   = baddr - 32'h400;
    wire               in_reg = region == 0;
    wire               is_perf = in_reg && baddr >= 32'h400;
    wire               is_reg = in_reg && !is_perf;
    assign perf_idx  = pofs[17:2];
    assign core_busy = !idle;
    wire [7:0]         region8 = {{(8 > AXW-LRB ? 8-(AXW-LRB) : 0){1'b0}}, region};
    genvar gl;
    generate
        for (gl = 0; gl < L; gl = gl + 1) begin : g_win
            assign h_en[gl] = bus_en && idle && (region == gl + 1);
        end
    endgenerate
    assign h_we    = bus_we;
    assign h_addr  = bus_addr[LRB-1:2];
    assign h_wdata = bus_wdata;
    reg        rd_is_reg, rd_is_perf;
    reg [7:0]  rd_region;
    reg [31:0] rd_reg;
    wire [7:0] off = bus_addr[9:2];
    wire [7:0] ovf_i = off - 8'h20;

    integer e;
    always @(posedge clk) begin
        rd_is_reg <= is_reg;
        rd_is_perf <= is_perf;
        rd_region <= region8;
        if (bus_en && !bus_we && is_reg) begin
            case (off)
            8'h00: rd_reg <= {28'd0, ap_done, idle, ap_done, ap_start};
            8'h01: rd_reg <= {31'd0, gier};
            8'h02: rd_reg <= {30'd0, ier};
            8'h03: rd_reg <= {30'd0, isr};
            8'h04: rd_reg <= {15'd0, batch};
            8'h05: rd_reg <= inv_b;
            8'h06: rd_reg <= lr_q;
            8'h07: rd_reg <= mom_q;
            8'h08: rd_reg <= wd_q;
            8'h09: rd_reg <= {31'd0, nesterov};
            8'h0A: rd_reg <= seed;
            8'h0B: rd_reg <= step_cnt;
            8'h0C: rd_reg <= sample_cnt;
            8'h0D: rd_reg <= cycles;
            8'h0E: rd_reg <= busy_cycles;
            8'h0F: rd_reg <= {31'd0, infer};
            8'h10: rd_reg <= L;
            8'h11: rd_reg <= BMAX;
            default: rd_reg <= (off >= 8'h20 && ovf_i <= NOVF) ? ovf_cnt[ovf_i[OW-1:0]] : 32'd0;
            endcase
        end
    end
    always @(*) begin
        bus_rdata = rd_is_perf ? perf_rdata : rd_is_reg ? rd_reg : (rd_region == 8'd0 || rd_region > L[7:0]) ? 32'd0
                  : h_rdata[32 * (rd_region - 8'd1) +: 32];
    end

    // ---- control registers and the phase schedule ----
    always @(posedge clk) begin
        cmd_fwd  <= {L{1'b0}};
        cmd_bwd  <= {L{1'b0}};
        cmd_upd  <= {L{1'b0}};
        cmd_loss <= 1'b0;
        sample_done <= 1'b0;
        batch_done  <= 1'b0;
        if (rst) begin
            state <= C_IDLE; ap_done <= 1'b0; ap_start <= 1'b0; gier <= 1'b0;
            ier <= 2'd0; isr <= 2'd0; batch <= 17'd1; inv_b <= 32'd1 << 24;
            lr_q <= 32'd0; mom_q <= 32'd0; wd_q <= 32'd0; nesterov <= 1'b0;
            seed <= 32'd0; step_cnt <= 32'd0; sample_cnt <= 32'd0; infer <= 1'b0;
            cycles <= 32'd0; busy_cycles <= 32'd0;
            for (e = 0; e < NC; e = e + 1) ovf_cnt[e] <= 32'd0;
        end else begin
            cycles <= cycles + 32'd1;
            if (!idle) busy_cycles <= busy_cycles + 32'd1;
            for (e = 0; e < 8 * L; e = e + 1)
                ovf_cnt[e] <= ovf_cnt[e] + {16'd0, ovf_ev[16*e +: 16]};
            for (e = 0; e < 2; e = e + 1)
                if (loss_ovf[e]) ovf_cnt[8 * L + e] <= ovf_cnt[8 * L + e] + 32'd1;
            // register writes (arguments only while idle)
            if (bus_en && is_reg) begin
                if (bus_we) begin
                    case (off)
                    8'h00: if (bus_wdata[0] && idle) ap_start <= 1'b1;
                    8'h01: gier <= bus_wdata[0];
                    8'h02: ier  <= bus_wdata[1:0];
                    8'h03: isr  <= isr ^ bus_wdata[1:0];
                    8'h04: if (idle) batch <= bus_wdata[16:0];
                    8'h05: if (idle) inv_b <= bus_wdata;
                    8'h06: if (idle) lr_q <= bus_wdata;
                    8'h07: if (idle) mom_q <= bus_wdata;
                    8'h08: if (idle) wd_q <= bus_wdata;
                    8'h09: if (idle) nesterov <= bus_wdata[0];
                    8'h0A: if (idle) seed <= bus_wdata;
                    8'h0B: if (idle) step_cnt <= bus_wdata;
                    8'h0C: if (idle) sample_cnt <= bus_wdata;
                    8'h0F: if (idle) infer <= bus_wdata[0];
                    default: ;
                    endcase
                end else if (off == 8'h00) begin
                    ap_done <= 1'b0;   // clear on read
                end
            end
            case (state)
            C_IDLE: begin
                k <= 17'd0; word <= 16'd0;
                if (ap_start) begin
                    ap_start <= 1'b0;
                    state <= C_IN;
                end
            end
            C_IN: begin
                if (in_fire) begin
                    if (word == words - 16'd1) begin
                        word <= 16'd0; lcur <= {LW{1'b0}}; state <= C_FWD;
                    end else begin
                        word <= word + 16'd1;
                    end
                end
            end
            C_FWD: begin
                cmd_fwd[lcur] <= 1'b1; state <= C_FWAIT; word <= 16'd0;
            end
            C_FWAIT: begin   // the layer's busy rises the cycle after its command
                if (word == 16'd0) word <= 16'd1;
                else if (!layer_busy[lcur]) begin
                    if (lcur == LLAST) state <= C_LOSS;
                    else begin lcur <= lcur + 1'b1; state <= C_FWD; end
                end
            end
            C_LOSS: begin
                cmd_loss <= 1'b1; state <= C_LWAIT; word <= 16'd0;
            end
            C_LWAIT: begin
                if (word == 16'd0) word <= 16'd1;
                else if (!loss_busy) begin
                    word <= 16'd0;
                    if (infer) begin
                        sample_done <= 1'b1;
                        if (k + 17'd1 == batch) state <= C_DONE;
                        else begin k <= k + 17'd1; state <= C_IN; end
                    end else begin
                        lcur <= LLAST; state <= C_BWD;
                    end
                end
            end
            C_BWD: begin
                cmd_bwd[lcur] <= 1'b1; state <= C_BWAIT; word <= 16'd0;
            end
            C_BWAIT: begin
                if (word == 16'd0) word <= 16'd1;
                else if (!layer_busy[lcur]) begin
                    word <= 16'd0;
                    if (lcur == {LW{1'b0}}) begin
                        sample_cnt <= sample_cnt + 32'd1;
                        sample_done <= 1'b1;
                        if (k + 17'd1 == batch) state <= C_UPD;
                        else begin k <= k + 17'd1; state <= C_IN; end
                    end else begin
                        lcur <= lcur - 1'b1; state <= C_BWD;
                    end
                end
            end
            C_UPD: begin
                cmd_upd <= {L{1'b1}}; state <= C_UWAIT; word <= 16'd0;
            end
            C_UWAIT: begin
                if (word == 16'd0) word <= 16'd1;
                else if (layer_busy == {L{1'b0}}) begin
                    step_cnt <= step_cnt + 32'd1; state <= C_DONE;
                end
            end
            C_DONE: begin
                ap_done <= 1'b1; isr <= isr | 2'b11; state <= C_IDLE; word <= 16'd0;
                batch_done <= 1'b1;
            end
            default: state <= C_IDLE;
            endcase
        end
    end
endmodule

`resetall
