// mlp_ctrl_core: the control of a training core. It holds the Vitis-style
// register file (0x00 CTRL, 0x04 GIER, 0x08 IER, 0x0C ISR, arguments from
// 0x10; docs/architecture.md has the map), decodes the per-layer state
// windows (layer l at byte offset (l+1) << LRB), feeds the input stream into
// layer 0 and the loss unit, and runs the schedule of one batch in lockstep
// slots, every layer on a different sample (docs/architecture.md):
//   slot t: layer l runs FWD of sample t-l, then BWD of sample t-2L+2+l
//           (layer 0 of a net with L > 1 runs both at once; the last layer:
//           FWD, LOSS, BWD of sample t-L+1); meanwhile the input stream
//           loads sample t+1. A slot ends when every part has.
//   LOV = 1 (loss overlap): every backward sample one slot later,
//           t-2L+1+l; the last layer runs FWD of t-L+1, then its LOSS
//           beside the BWD of t-L (whose error the loss unit wrote in the
//           slot before: the layer's delta has two slots), so a slot of the
//           last layer is FWD + max(LOSS, BWD) instead of their sum; one
//           slot more a batch, and the layers hold one sample more
//           (mlp_dense_layer LOV).
//   after slot B+2L-3 (+LOV): UPD (all layers at once; USEQL = 1: layer 0, then
//   layer 1, ..., each when the one before is done). Exact: W changes only here, G sums
//   are exact, and each pass carries its sample's own counter (op_cnt).
// ap_start starts a batch of BATCH samples (infer mode: forward only, slots
// 0 .. B+L-2, every sample with the unchanged counter). ISTR = 1: infer
// mode has no slots; each layer takes sample after sample as soon as its
// inputs are in and the receiver's buffer slot is free (f_go, f_took;
// mlp_dense_layer ISTR), the loss unit likewise, LAS result slots deep.
// The controller counts the samples each layer has finished (y_last) and
// names them on y_s, the sample of the layer's results (training too:
// there it equals f_s), and the samples whose x it has read (x_done).
// Byte offsets 0x400 and up of the register window read the performance
// counters (mlp_perf_counters, instantiated beside this module): perf_idx
// selects counter (offset - 0x400) / 4, perf_rdata returns it a cycle later;
// sample_done and batch_done pulse once per sample and per batch.
// The saturation counters (0x80 + 4k) are mlp_event_counters: registers
// (CNT_RAM = 0) or block RAM with pending counts (CNT_RAM = 1, target ice40);
// with CNT_RAM = 1 a batch ends (C_DONE -> idle, ap_done) only once every
// count is in the memory, which adds cycles only if counts came in during the
// batch's last cycles; reads while a batch runs may lag by the pending counts.
// CNT_RAM = 2 (hardware counters=off): no counters at all; 0x80 and up read 0
// (the register map stays), ovf_ev and loss_ovf have no load, so the layers'
// and the loss unit's event counts vanish once synthesis flattens the core.
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
    parameter integer BMAX = 1,
    parameter integer USEQL = 0,     // 1: UPD one layer after another (layers sharing one
                                     // update unit, mlp_dense_layer USHARE); 0: all at once
    parameter integer CNT_RAM = 0,   // saturation counters: 0 registers, 1 block RAM (mlp_event_counters
                                     // RAM), 2 none (0x80 and up read 0); checked below
    parameter integer CNT_EW  = 16,  // live bits of each ovf_ev count (1..16; the rest must be 0)
    parameter integer ARGS_RD = 1,   // 1: the arguments (BATCH .. SEED, INFER) read back what was
                                     // written; 0: they read 0 (the host driver only writes them;
                                     // iCE40-style core: the bits no unit uses then vanish); checked below
    parameter integer ISTR    = 0,   // 1: forward-only batches stream (see above); checked below
    parameter integer LOV     = 0,   // 1: the last layer's LOSS beside its BWD of the sample
                                     // before (see above; mlp_dense_layer LOV alike); checked below
    parameter integer XSI     = 0,   // ISTR: mlp_dense_layer XSI (x slots of the layers after the first)
    parameter integer LAS     = 1,   // ISTR: mlp_loss_out AS (its result slots)
    parameter integer BUSY_RD = 1    // 1: BUSY_CYCLES (0x38) counts the cycles the core is not idle;
                                     // 0: no such counter, it reads 0 (no host code reads it; iCE40-style
                                     // core; the clock, CYCLES, stays); checked below
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
    // per layer: the samples of its forward and backward passes (index in
    // the batch, counter, first of the batch); held while the pass runs
    output reg  [16*L-1:0] f_s,
    output reg  [32*L-1:0] f_cnt,
    output reg  [16*L-1:0] b_s,
    output reg  [32*L-1:0] b_cnt,
    output reg  [L-1:0]   b_first,
    output wire [15:0]    in_s,        // sample whose words the stream brings
    output reg  [15:0]    loss_s,      // sample of the loss pass
    output reg  [31:0]    loss_cnt,
    // layer commands and status
    output reg  [L-1:0]   cmd_fwd,
    output wire [L-1:0]   f_go,        // ISTR: layer l may take sample f_s[l] (level)
    input  wire [L-1:0]   f_took,      // ISTR: ... and took it this cycle
    input  wire [L-1:0]   y_last,      // layer l's result of row M-1 (a sample's last)
    input  wire [L-1:0]   x_done,      // layer l read a forward sample's x for the last time
    output wire [16*L-1:0] y_s,        // the sample of layer l's results
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
    localparam [3:0] C_IDLE = 4'd0, C_RUN = 4'd1, C_UPD = 4'd8,
                     C_UWAIT = 4'd9, C_DONE = 4'd10;
    // per-layer pass states inside a slot
    localparam [2:0] P_DONE = 3'd0, P_FWD = 3'd1, P_LOSS = 3'd2, P_BWD = 3'd3;
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
    localparam integer NC = 8 * L + 2;                           // event counters
    localparam [15:0]   N0W = N0[15:0];
    localparam integer  NOVF_I = NC - 1;
    localparam [7:0]    NOVF = NOVF_I[7:0];
    reg [3:0]  state;
    // widths by what the counters hold (the BATCH register reads back what
    // the host may write, 1 .. BMAX)
    localparam integer BW = clog2(BMAX + 1);          // batch: 1 .. BMAX
    localparam integer TW = clog2(BMAX + 2 * L - 1 + LOV);  // t: 0 .. BMAX + 2L - 2 + LOV; kin: 0 .. BMAX
    localparam integer WW = clog2(N0 + MOUT);         // word: 0 .. N0 + MOUT - 1 (UPD: 0, 1)
    localparam integer UW = L > 1 ? clog2(L) : 1;     // ul: 0 .. L - 1
    reg [WW-1:0] word;      // word counter inside the sample
    reg [TW-1:0] kin;       // sample the input stream loads
    reg [TW-1:0] t;         // slot
    reg        slot_go;     // the slot's passes start this cycle
    reg        started;     // slot t has started
    reg [2:0]  ps [0:L-1];  // pass state per layer
    reg [L-1:0] armed;      // the layer's busy is valid (a cycle after its command)
    reg        larmed;
    reg [BW-1:0] batch;
    reg [UW-1:0] ul;        // USEQL: the layer whose UPD runs
    reg        ap_done, ap_start, gier;
    reg [1:0]  ier, isr;
    reg [31:0] cycles, busy_cycles;
    wire [31:0] cnt_rdata;
    wire        cnt_busy;

    wire idle = state == C_IDLE;
    assign interrupt   = gier && |(ier & isr);

    // ---- input stream: sample kin, up to one slot ahead ----
    localparam integer  ONE_I = 1;
    localparam integer  NWM1_I = N0 + MOUT - 1;
    localparam integer  N0M1_I = N0 - 1;
    localparam [WW-1:0] N0K = N0[WW-1:0];
    localparam [WW-1:0] NWM1 = NWM1_I[WW-1:0];        // the last word of a training sample
    localparam [WW-1:0] N0M1 = N0M1_I[WW-1:0];        // ... and of an inference sample
    localparam [WW-1:0] W1 = ONE_I[WW-1:0];
    localparam [TW-1:0] T1 = ONE_I[TW-1:0];
    localparam [TW:0]   T1X = ONE_I[TW:0];
    localparam [UW-1:0] U1 = ONE_I[UW-1:0];
    localparam [BW-1:0] B1 = ONE_I[BW-1:0];
    wire [WW-1:0] wlast = infer ? N0M1 : NWM1;
    // zero-extended copies (no zero-width replications for any width)
    reg  [TW-1:0] batch_t;
    reg  [16:0]   kin17;
    reg  [15:0]   word16;
    reg  [31:0]   batch32;
    always @(*) begin
        batch_t = {TW{1'b0}};
        batch_t[BW-1:0] = batch;
        kin17 = 17'd0;
        kin17[TW-1:0] = kin;
        word16 = 16'd0;
        word16[WW-1:0] = word;
        batch32 = 32'd0;
        batch32[BW-1:0] = batch;
    end
    wire [TW:0]   t_p1 = {1'b0, t} + T1X;
    wire          istr = ISTR != 0 && infer;
    wire          in_room;   // (ISTR infer: layer 0's x slot of sample kin is free; below)
    assign s_axis_tready = state == C_RUN && kin < batch_t && (istr ? in_room : {1'b0, kin} <= t_p1);
    assign in_s = kin17[15:0];
    wire in_fire = s_axis_tvalid && s_axis_tready;
    // slots of the batch; the samples of a slot's passes
    localparam integer L2_I = 2 * L - 2 + LOV;   // slots a backward sample lags the forward one
    localparam [TW-1:0] L2 = L2_I[TW-1:0];
    localparam integer LM1_I = L - 1;
    localparam [TW-1:0] LM1 = LM1_I[TW-1:0];
    localparam [UW-1:0] ULAST = LM1_I[UW-1:0];
    wire [TW-1:0] nslots = infer ? batch_t + LM1 : batch_t + L2;
    wire slot_done;   // every part of slot t is done, or ends this cycle (below)
    assign x_we    = in_fire && word < N0K;
    assign t_we    = in_fire && word >= N0K;
    assign in_idx  = (word < N0K) ? word16 : word16 - N0W;
    assign in_data = s_axis_tdata[W_A-1:0];
    wire unused_ok = &{1'b0, s_axis_tlast, s_axis_tdata, bus_addr[1:0], pofs[31:18], pofs[1:0], ovf_ev, kin17[16]};
    generate
        if (CNT_RAM < 0 || CNT_RAM > 2) begin : g_bad_cnt_ram
            PARAMETER_ERROR_mlp_ctrl_core_CNT_RAM_must_be_0_1_or_2 u_param_error ();
        end
        if (ARGS_RD < 0 || ARGS_RD > 1) begin : g_bad_args_rd
            PARAMETER_ERROR_mlp_ctrl_core_ARGS_RD_must_be_0_or_1 u_param_error ();
        end
        if (ISTR < 0 || ISTR > 1) begin : g_bad_istr
            PARAMETER_ERROR_mlp_ctrl_core_ISTR_must_be_0_or_1 u_param_error ();
        end
        if (LOV < 0 || LOV > 1) begin : g_bad_lov
            PARAMETER_ERROR_mlp_ctrl_core_LOV_must_be_0_or_1 u_param_error ();
        end
        if (XSI < 0 || (XSI & (XSI - 1)) != 0 || (LAS != 1 && LAS != 2 && LAS != 4)) begin : g_bad_slots
            PARAMETER_ERROR_mlp_ctrl_core_XSI_0_or_power_of_two_LAS_1_2_or_4 u_param_error ();
        end
        if (BUSY_RD < 0 || BUSY_RD > 1) begin : g_bad_busy_rd
            PARAMETER_ERROR_mlp_ctrl_core_BUSY_RD_must_be_0_or_1 u_param_error ();
        end
    endgenerate

    // ---- register bus ----
    wire [AXW-LRB-1:0] region = bus_addr[AXW-1:LRB];
    wire [31:0]        baddr  = {{(32-AXW){1'b0}}, bus_addr};
    wire [31:0]        pofs   = baddr - 32'h400;
    wire               in_reg = region == 0;
    wire               is_perf = in_reg && |baddr[31:10];   // (baddr >= 0x400)
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
    reg        rd_is_perf, rd_is_cnt;
    reg [L-1:0] rd_win;       // the layer window read (one-hot; none: not a window)
    reg [31:0] rd_reg;        // the register read; 0 for any other read
    wire [7:0] off = bus_addr[9:2];
    wire [7:0] ovf_i = off - 8'h20;
    wire       cnt_rd = CNT_RAM != 2 && bus_en && !bus_we && is_reg && off >= 8'h20 && ovf_i <= NOVF;

    // ---- saturation counters: per layer 8, then the loss unit's 2 ----
    wire [NC*CNT_EW-1:0] cnt_inc;
    genvar gc;
    generate
        for (gc = 0; gc < 8 * L; gc = gc + 1) begin : g_cinc
            assign cnt_inc[CNT_EW*gc +: CNT_EW] = ovf_ev[16*gc +: CNT_EW];
        end
        for (gc = 0; gc < 2; gc = gc + 1) begin : g_linc
            if (CNT_EW > 1) begin : g_w
                assign cnt_inc[CNT_EW*(8*L+gc) +: CNT_EW] = {{(CNT_EW-1){1'b0}}, loss_ovf[gc]};
            end else begin : g_1
                assign cnt_inc[CNT_EW*(8*L+gc)] = loss_ovf[gc];
            end
        end
    endgenerate
    generate
        if (CNT_RAM == 2) begin : g_no_cnt   // (hardware counters=off)
            assign cnt_rdata = 32'd0;
            assign cnt_busy  = 1'b0;
            wire unused_cnt = &{1'b0, cnt_inc, cnt_rd, ovf_i, loss_ovf};
        end else begin : g_cnt
            mlp_event_counters #(.NC(NC), .EW(CNT_EW), .IW(8), .RAM(CNT_RAM)) u_cnt (
                .clk(clk), .rst(rst), .inc(cnt_inc), .rd_en(cnt_rd), .rd_idx(ovf_i),
                .rd_data(cnt_rdata), .busy(cnt_busy));
        end
    endgenerate

    // the samples of layer l's passes in slot t: forward t-l, backward
    // t-2L+2-LOV+l (valid if 0 <= s < batch)
    // (TW + 1 bits, two's complement: -(2L-2+LOV) .. BMAX + L - 1 fit)
    localparam [TW:0] L2X = L2_I[TW:0];
    reg [TW:0] sfv [0:L-1];
    reg [TW:0] sbv [0:L-1];
    reg [16:0] sf17 [0:L-1];   // the valid ones as 17-bit indices
    reg [16:0] sb17 [0:L-1];
    integer qs;
    always @(*) begin
        for (qs = 0; qs < L; qs = qs + 1) begin
            sfv[qs] = {1'b0, t} - qs[TW:0];
            sbv[qs] = {1'b0, t} + qs[TW:0] - L2X;
            sf17[qs] = 17'd0;
            sf17[qs][TW-1:0] = sfv[qs][TW-1:0];
            sb17[qs] = 17'd0;
            sb17[qs][TW-1:0] = sbv[qs][TW-1:0];
        end
    end
    function sval;   // a sample index is valid: 0 <= s < batch
        input [TW:0]   sx;
        input [TW-1:0] b;
        begin
            sval = !sx[TW] && sx[TW-1:0] < b;
        end
    endfunction

    // p_fin: a layer's last pass of the slot is seen finished in this
    // cycle (C_RUN then sets P_DONE; no other pass follows it): BWD; FWD of
    // a layer with no loss and no BWD after it (layer 0, or nothing to run
    // backward); LOSS of an inference slot or, LOV, with the BWD beside it.
    // The slot counts it done already, so the next one starts a cycle earlier.
    reg  [L-1:0] p_fin, all_done_v;
    integer q;
    always @(*) begin
        for (q = 0; q < L; q = q + 1) begin
            p_fin[q] = armed[q] && !layer_busy[q] &&
                       (ps[q] == P_BWD ||
                        (ps[q] == P_FWD && q != L - 1 && !(!infer && sval(sbv[q], batch_t) && q != 0)) ||
                        (ps[q] == P_LOSS && larmed && !loss_busy && (infer || LOV != 0)));
            all_done_v[q] = ps[q] == P_DONE || p_fin[q];
        end
    end
    assign slot_done = &all_done_v && !slot_go;

    // the counters of the passes a slot starts. Sample s = t - l moves one
    // layer down per slot: layer l > 0 takes the counter layer l-1 held in
    // the slot before (the same sample, valid under the same condition), so
    // only layer 0 adds (sample_cnt + t; infer: sample_cnt). The last
    // layer's BWD runs its FWD sample: its b_cnt is its f_cnt (P_LOSS);
    // LOV: the sample of the slot before's loss pass, whose counter
    // loss_cnt still holds (the new one is set in the same cycle).
    // Layer 0's BWD (L > 1) takes layer 1's b_cnt: its sample t-2L+2 is the
    // one layer 1 ran backward in the slot before (layer 1 sets b_cnt after
    // slot_go). A middle layer's BWD (0 < l < L-1) adds: it sets b_cnt while
    // the slot runs, when layer l+1's may already hold this slot's sample.
    // Every register gets the value, in the cycle, that the additions gave.
    wire [32*L-1:0] fcnt_go, bcnt_go;
    assign fcnt_go[31:0] = sample_cnt + (infer ? 32'd0 : {15'd0, sf17[0]});
    generate
        for (gl = 0; gl < L; gl = gl + 1) begin : g_cnt_go
            if (gl > 0) begin : g_f
                assign fcnt_go[32*gl +: 32] = f_cnt[32*(gl-1) +: 32];
            end
            if (gl == L - 1) begin : g_b_last
                assign bcnt_go[32*gl +: 32] = (LOV != 0) ? loss_cnt : f_cnt[32*gl +: 32];
            end else if (gl == 0) begin : g_b_first
                assign bcnt_go[31:0] = b_cnt[63:32];
            end else begin : g_b_mid
                assign bcnt_go[32*gl +: 32] = sample_cnt + {15'd0, sb17[gl]};
            end
        end
    endgenerate

    // read data: what bus_en && !bus_we selected, one cycle later, as the OR
    // of the register read (rd_reg, 0 unless a register), the counters, the
    // performance counters and the layer windows, each gated by its select
    wire       rd_en  = bus_en && !bus_we;
    wire       rd_arg = ARGS_RD != 0;
    integer ew;
    always @(posedge clk) begin
        rd_is_perf <= is_perf;
        for (ew = 0; ew < L; ew = ew + 1) rd_win[ew] <= region8 == ew[7:0] + 8'd1;
        if (rd_en) begin
            rd_is_cnt <= cnt_rd;
            rd_reg <= 32'd0;
            if (is_reg) begin
                case (off)
                8'h00: rd_reg <= {28'd0, ap_done, idle, ap_done, ap_start};
                8'h01: rd_reg <= {31'd0, gier};
                8'h02: rd_reg <= {30'd0, ier};
                8'h03: rd_reg <= {30'd0, isr};
                8'h04: if (rd_arg) rd_reg <= batch32;
                8'h05: if (rd_arg) rd_reg <= inv_b;
                8'h06: if (rd_arg) rd_reg <= lr_q;
                8'h07: if (rd_arg) rd_reg <= mom_q;
                8'h08: if (rd_arg) rd_reg <= wd_q;
                8'h09: if (rd_arg) rd_reg <= {31'd0, nesterov};
                8'h0A: if (rd_arg) rd_reg <= seed;
                8'h0B: rd_reg <= step_cnt;
                8'h0C: rd_reg <= sample_cnt;
                8'h0D: rd_reg <= cycles;
                8'h0E: if (BUSY_RD != 0) rd_reg <= busy_cycles;
                8'h0F: if (rd_arg) rd_reg <= {31'd0, infer};
                8'h10: rd_reg <= L;
                8'h11: rd_reg <= BMAX;
                default: ;   // 0 (the counters: rd_is_cnt)
                endcase
            end
        end
    end
    integer er;
    always @(*) begin
        bus_rdata = rd_reg | (rd_is_cnt ? cnt_rdata : 32'd0) | (rd_is_perf ? perf_rdata : 32'd0);
        for (er = 0; er < L; er = er + 1)
            if (rd_win[er]) bus_rdata = bus_rdata | h_rdata[32 * er +: 32];
    end

    // ---- forward-only streaming (ISTR): the samples each layer finished ----
    // yd[l]: samples whose last result layer l sent (= the sample of its
    // results, y_s); xd[l]: samples whose x layer l read; ld: samples the
    // loss unit finished. Layer l may take sample s = f_s[l] when its
    // inputs are in (layer 0: the stream loaded it; else layer l-1
    // finished it) and its results have a free slot: layer l+1 holds
    // XS(l+1) x slots and read sample s - XS(l+1); the loss unit holds LAS
    // and finished s - LAS. The input stream likewise into layer 0's x.
    function [17:0] xslots;   // mlp_dense_layer's XS of layer li
        input integer li;
        integer b, c;
        begin
            c = clog2(2 * (L - li) + LOV);
            if (li > 0 && XSI > 2 * (L - li) + LOV) c = clog2(XSI);
            for (b = 0; b < 18; b = b + 1) xslots[b] = b == c;
        end
    endfunction
    localparam [17:0] LAS18 = LAS[17:0];
    reg  [TW-1:0] yd [0:L-1];
    reg  [TW-1:0] xd [0:L-1];
    reg  [TW-1:0] ld;
    reg           lrun;      // the loss unit runs sample loss_s
    reg  [L-1:0]  go_v;
    function [17:0] w18;     // a sample count, zero-extended for the compares
        input [TW-1:0] v;
        begin
            w18 = 18'd0;
            w18[TW-1:0] = v;
        end
    endfunction
    wire [17:0] ld18 = w18(ld), kin18 = w18(kin), b18 = w18(batch_t);
    integer qy;
    always @(*) begin
        for (qy = 0; qy < L; qy = qy + 1)
            go_v[qy] = istr && state == C_RUN && {2'b00, f_s[16*qy +: 16]} < b18
                && ((qy == 0) ? kin18 : w18(yd[(qy == 0) ? 0 : qy - 1])) > {2'b00, f_s[16*qy +: 16]}
                && {2'b00, f_s[16*qy +: 16]} < ((qy == L - 1) ? ld18 + LAS18
                                                : w18(xd[(qy == L - 1) ? qy : qy + 1]) + xslots(qy + 1));
    end
    assign f_go    = go_v;
    // the loss unit may run sample loss_s (l_rdy0) or loss_s + 1 (l_rdy1)
    wire [17:0] ls18   = {2'b00, loss_s};
    wire [17:0] yl18   = w18(yd[L-1]);
    wire        l_rdy0 = ls18 < b18 && yl18 > ls18;
    wire        l_rdy1 = ls18 + 18'd1 < b18 && yl18 > ls18 + 18'd1;
    assign in_room = kin18 < w18(xd[0]) + xslots(0);
    generate
        for (gl = 0; gl < L; gl = gl + 1) begin : g_ys
            assign y_s[16*gl +: 16] = {{(16-TW){1'b0}}, yd[gl]};
        end
    endgenerate
    integer ey;
    always @(posedge clk) begin
        for (ey = 0; ey < L; ey = ey + 1) begin
            if (rst || state == C_IDLE) yd[ey] <= {TW{1'b0}};
            else if (y_last[ey])        yd[ey] <= yd[ey] + T1;
            if (rst || state == C_IDLE) xd[ey] <= {TW{1'b0}};
            else if (x_done[ey])        xd[ey] <= xd[ey] + T1;
        end
    end

    // ---- control registers and the phase schedule ----
    integer e;
    always @(posedge clk) begin
        cmd_fwd  <= {L{1'b0}};
        cmd_bwd  <= {L{1'b0}};
        cmd_upd  <= {L{1'b0}};
        cmd_loss <= 1'b0;
        sample_done <= 1'b0;
        batch_done  <= 1'b0;
        if (rst) begin
            state <= C_IDLE; ap_done <= 1'b0; ap_start <= 1'b0; gier <= 1'b0;
            ier <= 2'd0; isr <= 2'd0; batch <= B1; inv_b <= 32'd1 << 24;
            lr_q <= 32'd0; mom_q <= 32'd0; wd_q <= 32'd0; nesterov <= 1'b0;
            seed <= 32'd0; step_cnt <= 32'd0; sample_cnt <= 32'd0; infer <= 1'b0;
            cycles <= 32'd0; busy_cycles <= 32'd0;
            armed <= {L{1'b0}}; larmed <= 1'b0;
        end else begin
            cycles <= cycles + 32'd1;
            if (!idle && BUSY_RD != 0) busy_cycles <= busy_cycles + 32'd1;
            // register writes (arguments only while idle)
            if (bus_en && is_reg) begin
                if (bus_we) begin
                    case (off)
                    8'h00: if (bus_wdata[0] && idle) ap_start <= 1'b1;
                    8'h01: gier <= bus_wdata[0];
                    8'h02: ier  <= bus_wdata[1:0];
                    8'h03: isr  <= isr ^ bus_wdata[1:0];
                    8'h04: if (idle) batch <= bus_wdata[BW-1:0];
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
                kin <= {TW{1'b0}}; word <= {WW{1'b0}}; t <= {TW{1'b0}}; slot_go <= 1'b0; started <= 1'b0;
                ul <= {UW{1'b0}};
                ld <= {TW{1'b0}}; lrun <= 1'b0;
                if (ISTR != 0) begin
                    f_s <= {(16*L){1'b0}}; loss_s <= 16'd0;
                end
                for (e = 0; e < L; e = e + 1) ps[e] <= P_DONE;
                if (ap_start) begin
                    ap_start <= 1'b0;
                    state <= C_RUN;
                end
            end
            C_RUN: begin
                // input stream
                if (in_fire) begin
                    if (word == wlast) begin
                        word <= {WW{1'b0}}; kin <= kin + T1;
                    end else begin
                        word <= word + W1;
                    end
                end
                slot_go <= 1'b0;
                if (!larmed) larmed <= 1'b1;
                if (istr) begin
                    // ISTR infer: every layer and the loss unit on their own
                    for (e = 0; e < L; e = e + 1) begin
                        f_cnt[32*e +: 32] <= sample_cnt;
                        if (f_go[e] && !layer_busy[e] && !cmd_fwd[e]) cmd_fwd[e] <= 1'b1;
                        if (cmd_fwd[e] || f_took[e])
                            f_s[16*e +: 16] <= f_s[16*e +: 16] + 16'd1;
                    end
                    // the loss unit: sample loss_s once the last layer finished
                    // it; the next in the cycle this one is seen done
                    loss_cnt <= sample_cnt;
                    if (!lrun) begin
                        if (l_rdy0) begin
                            cmd_loss <= 1'b1; larmed <= 1'b0; lrun <= 1'b1;
                        end
                    end else if (larmed && !loss_busy && !cmd_loss) begin
                        ld <= ld + T1; loss_s <= loss_s + 16'd1; sample_done <= 1'b1;
                        if (l_rdy1) begin
                            cmd_loss <= 1'b1; larmed <= 1'b0;
                        end else begin
                            lrun <= 1'b0;
                        end
                    end
                    if (ld == batch_t) state <= C_DONE;
                end else if (!started) begin   // start slot t once its layer-0 sample is in
                    if (t == nslots) begin
                        state <= infer ? C_DONE : C_UPD;
                    end else if (kin > t || t >= batch_t) begin
                        slot_go <= 1'b1; started <= 1'b1;
                    end
                end else if (slot_done) begin   // ... and the next when it is done: at
                    t <= t + T1;                 // once if its layer-0 sample is in
                    if (t_p1 != {1'b0, nslots} && ({1'b0, kin} > t_p1 || t_p1 >= {1'b0, batch_t})) begin
                        slot_go <= 1'b1;
                    end else begin
                        started <= 1'b0;
                    end
                end
                // passes (layer 0 of a deeper net runs its FWD and BWD at once:
                // it sends no g, so its gradient pass has its own stream)
                for (e = 0; e < L; e = e + 1) begin
                    if (!armed[e]) armed[e] <= 1'b1;
                    if (slot_go) begin
                        armed[e] <= 1'b0;
                        if (sval(sfv[e], batch_t)) begin
                            cmd_fwd[e] <= 1'b1; ps[e] <= P_FWD;
                            f_s[16*e +: 16] <= sf17[e][15:0];
                            f_cnt[32*e +: 32] <= fcnt_go[32*e +: 32];
                        end
                        if (!infer && sval(sbv[e], batch_t) && (!sval(sfv[e], batch_t) || (e == 0 && L > 1))) begin
                            cmd_bwd[e] <= 1'b1;
                            if (!sval(sfv[e], batch_t)) ps[e] <= P_BWD;
                            b_s[16*e +: 16] <= sb17[e][15:0];
                            b_cnt[32*e +: 32] <= bcnt_go[32*e +: 32];
                            b_first[e] <= sbv[e] == {(TW+1){1'b0}};
                        end
                    end else if (p_fin[e]) begin
                        // a sample is done when layer 0 finished its BWD (inference:
                        // when the loss unit finished it)
                        ps[e] <= P_DONE;
                        if ((ps[e] == P_LOSS && infer) || (e == 0 && !infer && sval(sbv[e], batch_t)))
                            sample_done <= 1'b1;
                    end else if (armed[e] && !layer_busy[e]) begin
                        case (ps[e])   // (the passes that follow another; p_fin above ends the rest)
                        P_FWD: begin
                            if (e == L - 1) begin
                                cmd_loss <= 1'b1; larmed <= 1'b0; ps[e] <= P_LOSS;
                                loss_s <= sf17[e][15:0];
                                loss_cnt <= f_cnt[32*e +: 32];
                                if (LOV != 0 && !infer && sval(sbv[e], batch_t)) begin
                                    // LOV: BWD of the slot before's loss sample beside
                                    cmd_bwd[e] <= 1'b1; armed[e] <= 1'b0;
                                    b_s[16*e +: 16] <= sb17[e][15:0];
                                    b_cnt[32*e +: 32] <= bcnt_go[32*e +: 32];   // (loss_cnt before this cycle)
                                    b_first[e] <= sbv[e] == {(TW+1){1'b0}};
                                end
                            end else if (!infer && sval(sbv[e], batch_t) && e != 0) begin
                                cmd_bwd[e] <= 1'b1; ps[e] <= P_BWD; armed[e] <= 1'b0;
                                b_s[16*e +: 16] <= sb17[e][15:0];
                                b_cnt[32*e +: 32] <= bcnt_go[32*e +: 32];   // (0 < e < L-1)
                                b_first[e] <= sbv[e] == {(TW+1){1'b0}};
                            end
                        end
                        P_LOSS: begin
                            if (larmed && !loss_busy) begin   // (training, LOV = 0) the last
                                cmd_bwd[e] <= 1'b1; ps[e] <= P_BWD; armed[e] <= 1'b0;   // layer: BWD
                                b_s[16*e +: 16] <= sb17[e][15:0];                        // of its FWD
                                b_cnt[32*e +: 32] <= bcnt_go[32*e +: 32];                // sample
                                b_first[e] <= sbv[e] == {(TW+1){1'b0}};
                            end
                        end
                        default: ps[e] <= P_DONE;
                        endcase
                    end
                end
            end
            C_UPD: begin
                for (e = 0; e < L; e = e + 1)
                    cmd_upd[e] <= USEQL == 0 || ul == e[UW-1:0];
                state <= C_UWAIT; word <= {WW{1'b0}};
            end
            C_UWAIT: begin
                if (word == {WW{1'b0}}) word <= W1;
                else if (layer_busy == {L{1'b0}}) begin
                    if (USEQL != 0 && ul != ULAST) begin
                        ul <= ul + U1; state <= C_UPD;
                    end else begin
                        step_cnt <= step_cnt + 32'd1; state <= C_DONE;
                        sample_cnt <= sample_cnt + batch32;
                    end
                end
            end
            C_DONE: if (!cnt_busy) begin   // (CNT_RAM: every count in the memory)
                ap_done <= 1'b1; isr <= isr | 2'b11; state <= C_IDLE; word <= {WW{1'b0}};
                batch_done <= 1'b1;
            end
            default: state <= C_IDLE;
            endcase
        end
    end
endmodule

`resetall
