// mlp_loss_out: the output layer's error unit (docs/numerics.md section 5).
// It captures the last layer's results (y_*), the sample's targets (t_*),
// sends the outputs on the m_axis stream (softmax: the probabilities p) and,
// unless infer is set, writes the output error into the last layer:
//   mse:     g = requant((a - t) * inv_b)              -> gi (then delta = g f')
//   hinge:   g = requant(y a < 1 ? -t * inv_b : 0)     -> gi
//   bce:     delta = requant((a - t) * inv_b)          -> di
//   softmax: p = round(e / S), delta = requant((p - t) * inv_b) -> di
// Every rounding: F_A + 24 fractional bits into the gradients format.
// Softmax cycles: the maximum of z is kept per result slot as the results
// come in, so a pass reads the exp table one output a cycle (m + 1), then
// the divisions (F_A + 5 cycles for up to 16 outputs at once) and the
// outputs (m), p read from the dividers: 2m + 1 + (F_A + 5) + 5 cycles from
// cmd to idle in training; with more than 16 outputs or MSEQ, p is
// written back first (m more cycles) and each group of dividers takes
// F_A + 5 (plan.c, plan_loss; checked by tests/hw/tb_mlp_loss_out.v).
// The targets have TS sample slots (slot = sample index mod TS): t_s names
// the sample being written, cmd_s the sample of the pass (held with
// sample_cnt, the hash step, while busy), so the next samples' targets can
// arrive while a pass runs.
// AS = 2 or 4 (forward-only streaming, mlp_ctrl_core ISTR): AS result
// slots, slot = sample index mod AS (y_s names the results' sample, cmd_s
// the pass's), so the last layer sends the next samples while the pass of
// s runs; an inference pass then ends with its last output (no flush).
// MSEQ = 1 (small parts, target ice40): err * inv_b on ONE 16x16 unsigned
// multiplier (one SB_MAC16) over 2*NE cycles, NE = ceil((W_A+2)/16) limbs
// of |err| (4 cycles at W_A <= 30): Horner over the limbs, most significant
// first, acc = P(NE-1, hi); then per limb e_i: acc = (acc << 16) + e_i*lo,
// acc = acc + e_(i-1)*hi; the sign applied at the end. The same product bit
// for bit; each output waits (m_axis_tvalid low) until its product is done:
// an output every 2*NE + 2 cycles instead of one (the first cycle reads
// the target from block RAM). Softmax with MSEQ = 1: one divider of F_A + 2
// quotient bits, the divisions one after another. MSEQ = 0: the
// combinational (W_A+2) x 33 product (4 SB_MAC16 at W_A = 16), the targets
// in registers, min(M, 16) dividers of F_A + 2 quotient bits.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_loss_out #(
    parameter integer LAYER   = 1,     // index of the last layer
    parameter integer M       = 1,     // outputs
    parameter integer LOSS    = 0,     // 0 mse, 1 softmax cross-entropy, 2 binary ce, 3 hinge
    parameter integer W_A = 16, parameter integer F_A = 12,
    parameter integer W_G = 16, parameter integer F_G = 14, parameter integer RND_G = 2, parameter integer OVF_G = 0,
    parameter integer EXP_Q   = 6,
    parameter integer EXP_OFF = 1023,
    parameter integer TS      = 1,     // target slots, a power of two
    parameter integer MSEQ    = 0,     // 1: err * inv_b on one 16x16 multiplier, 2*NE cycles
    parameter integer AS      = 1,     // result slots: 1, or 2 or 4 (streaming inference)
    parameter [1024*17-1:0] EXP_DATA = 17408'd0  // exp table, entry n at [n*17 +: 17]
) (
    input  wire            clk,
    input  wire            rst,
    input  wire [31:0]     seed,
    input  wire [31:0]     sample_cnt,
    input  wire [31:0]     inv_b,
    input  wire            infer,
    input  wire            cmd,
    input  wire [15:0]     cmd_s,
    output wire            busy,
    // results of the last layer
    input  wire            y_valid,
    input  wire [15:0]     y_idx,
    input  wire [15:0]     y_s,          // the results' sample (AS = 2: its slot)
    input  wire [W_A-1:0]  y_z,
    input  wire [W_A-1:0]  y_a,
    // targets
    input  wire            t_we,
    input  wire [15:0]     t_idx,
    input  wire [15:0]     t_s,
    input  wire [W_A-1:0]  t_data,
    // outputs
    output wire [31:0]     m_axis_tdata,
    output wire            m_axis_tlast,
    output wire            m_axis_tvalid,
    input  wire            m_axis_tready,
    // error into the last layer
    output reg             gi_valid,
    output reg             di_valid,
    output reg  [15:0]     e_idx,
    output reg  [W_G-1:0]  e_data,
    output wire [1:0]      ovf_ev        // {softmax p saturated, output error}
);
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

    // exp table: exp(x <= 0) <= 1, entries <= 2^16 rising with n, so those
    // with bit 16 set are exactly 2^16, from entry exp_top(EXP_DATA) on: 16
    // bits in block RAM, bit 16 from the address (-1: not so, 17 bits)
    function integer exp_top;
        input [1024*17-1:0] d;
        integer n, first, ok;
        begin
            first = 1024;
            ok = 1;
            for (n = 0; n < 1024; n = n + 1) begin
                if (d[n*17 + 16]) begin
                    if (d[n*17 +: 16] != 16'd0) ok = 0;
                    if (first == 1024) first = n;
                end else if (first != 1024) ok = 0;
            end
            exp_top = (ok != 0) ? first : -1;
        end
    endfunction

    localparam integer MIW  = (clog2(M) < 1) ? 1 : clog2(M);
    localparam integer SW   = 17 + clog2(M + 1) + 1;       // sum of exps
    localparam integer NUMW = 17 + F_A + 1 + 1;            // e << (F_A + 1)
    localparam integer EXP_S  = F_A - EXP_Q;
    localparam integer EXP_SR = (EXP_S > 0) ? EXP_S : 1;
    localparam integer EXP_SL = (EXP_S < 0) ? -EXP_S : 0;
    localparam [31:0]  EXP_OFF_32 = EXP_OFF;
    // dividers: min(M, 16) at once; MSEQ (small parts): one, the divisions
    // one after another (groups of one output)
    localparam integer MD     = (MSEQ != 0) ? 1 : (M < 16) ? M : 16;
    localparam integer MDW    = (clog2(MD) < 1) ? 1 : clog2(MD);
    // group base kb and lane kd: kb + kd < M + MD, KW bits
    localparam integer KW     = clog2(M + MD + 1);
    localparam integer MDL_I  = MD - 1;
    localparam [KW-1:0] MDL   = MDL_I[KW-1:0];
    localparam [KW-1:0] MDS   = MD[KW-1:0];
    localparam [KW-1:0] MK    = M[KW-1:0];
    localparam integer MLAST_I = M - 1;
    localparam [KW-1:0] MLAST = MLAST_I[KW-1:0];
    localparam [MIW-1:0] MLAST_K = MLAST_I[MIW-1:0];
    // quotient bits: e <= S (S sums e) and S >= 2^16 > 0 (numerics.md
    // section 5), so q = floor((e << (F_A+1)) / S) <= 2^(F_A+1) fits F_A+2
    // bits: the dividers produce only those (mlp_divider Q_W; F_A + 3
    // cycles a division instead of NUMW + 1)
    localparam integer QW     = F_A + 2;
    // DIRECT (one group of dividers: m <= 16, MSEQ 0): the outputs take p
    // from the dividers (each lane holds its quotient until the last output
    // is sent) instead of a write-back of p into abuf first: m cycles less
    localparam integer DIRECT = (LOSS == 1 && MSEQ == 0 && M <= 16) ? 1 : 0;
    localparam integer PW     = (QW + 1 > W_A) ? QW + 1 : W_A;   // p_full

    reg [W_A-1:0] abuf [0:AS*M-1];
    generate
        if (AS != 1 && AS != 2 && AS != 4) begin : g_bad_as
            PARAMETER_ERROR_mlp_loss_out_AS_must_be_1_2_or_4 u_param_error ();
        end
    endgenerate
    localparam integer AAW = clog2(AS * M) < 1 ? 1 : clog2(AS * M);
    localparam integer MIWA = (AAW > MIW) ? AAW : MIW;
    // the base of slot s mod AS
    function [AAW-1:0] a_base;
        input [15:0] sx;
        integer v, q;
        begin
            v = {16'd0, sx};
            v = (v % AS) * M;
            for (q = 0; q < AAW; q = q + 1) a_base[q] = ((v >> q) & 1) == 1;
        end
    endfunction
    wire [AAW-1:0] a_rb = a_base(cmd_s);   // the pass's slot
    wire [AAW-1:0] a_wb = a_base(y_s);     // the results' slot
    // an index inside one slot, zero-extended to the buffer's address
    function [AAW-1:0] a_off;
        input [MIW-1:0] i;
        reg [MIWA-1:0] w;
        begin
            w = {MIWA{1'b0}};
            w[MIW-1:0] = i;
            a_off = w[AAW-1:0];
        end
    endfunction
    localparam integer TB  = (clog2(TS) < 1) ? 1 : clog2(TS);
    localparam integer TAW = (clog2(TS * M) < 1) ? 1 : clog2(TS * M);
    wire [31:0] t_wa = ((TS > 1) ? {{(32-TB){1'b0}}, t_s[TB-1:0]} : 32'd0) * M + {16'd0, t_idx};
    wire [31:0] t_rb = ((TS > 1) ? {{(32-TB){1'b0}}, cmd_s[TB-1:0]} : 32'd0) * M;
    reg [16:0]    ebuf [0:M-1];

    localparam [2:0] L_IDLE = 3'd0, L_EXP = 3'd2, L_EXP1 = 3'd3,
                     L_DIV = 3'd4, L_OUT = 3'd5, L_FLUSH = 3'd6;
    reg [2:0]      state;
    reg [MIW-1:0]  k;          // output 0 .. M-1
    wire [31:0]    k_x    = {{(32-MIW){1'b0}}, k};
    wire           k_last = M == 1 || k == MLAST_K;   // (M = 1: k stays 0)
    reg [W_A-1:0]  zmax;
    // softmax: the largest z of each result slot, kept as the results come
    // in (zv: the slot has one); the pass takes it with cmd and empties the
    // slot (its next sample's results come only after the pass is done)
    localparam integer SBW = (AS == 4) ? 2 : 1;   // a slot's index
    reg [W_A-1:0]  zmx [0:AS-1];
    reg [AS-1:0]   zv;
    wire [SBW-1:0] ys_k = (AS == 1) ? {SBW{1'b0}} : y_s[SBW-1:0];     // slot = sample mod AS
    wire [SBW-1:0] cs_k = (AS == 1) ? {SBW{1'b0}} : cmd_s[SBW-1:0];
    wire [W_A-1:0] zmx_c = zmx[cs_k];
    wire [W_A-1:0] zmx_y = zmx[ys_k];
    wire           z_upd = LOSS == 1 && y_valid && (!zv[ys_k] || $signed(y_z) > $signed(zmx_y));
    wire           z_new = z_upd && ys_k == cs_k;   // ... into the slot the pass takes
    reg  [MIW-1:0] ke;         // L_EXP: the output whose exp the table gives
    reg            kev;        // ... valid
    reg [SW-1:0]   ssum;
    reg [1:0]      wcnt;       // 0 .. 3
    assign busy = state != L_IDLE;

    // ---- softmax: exp table ----
    wire [16:0] exp_q;
    wire [9:0]  e_addr;
    wire [W_A-1:0] zk = abuf[a_rb + a_off(k)];
    // dz = zk - zmax: |dz| < 2^W_A; with the rounding constant 2^(EXP_SR-1)
    // |dz + c| < 2^(DZW-1); after the shift left |dz << EXP_SL| < 2^(DZW-1+EXP_SL);
    // 0 <= EXP_OFF < 2^(OFFW-1).  A signed sum of the two fits
    // max(DZW+EXP_SL, OFFW) + 1 bits, so en is exact (wider bits were sign
    // extension); at least 11 bits before the sum hold the clamp bound 1023.
    localparam integer DZW  = ((W_A > EXP_SR) ? W_A : EXP_SR) + 2;
    localparam integer ENW0 = DZW + EXP_SL;
    localparam integer OFFW = clog2(EXP_OFF + 1) + 1;
    localparam integer ENW1 = (ENW0 > OFFW) ? ENW0 : OFFW;
    localparam integer ENW  = ((ENW1 > 11) ? ENW1 : 11) + 1;
    wire signed [ENW-1:0] dz = $signed({{(ENW-W_A){zk[W_A-1]}}, zk}) - $signed({{(ENW-W_A){zmax[W_A-1]}}, zmax});
    reg  signed [ENW-1:0] en;
    wire signed [ENW-1:0] EXP_OFF_X = $signed({{(ENW-OFFW+1){1'b0}}, EXP_OFF_32[OFFW-2:0]});
    wire signed [ENW-1:0] E_TOP = $signed({{(ENW-10){1'b0}}, 10'h3ff});
    always @(*) begin
        if (EXP_S > 0)
            en = ((dz + ($signed({{(ENW-1){1'b0}}, 1'b1}) <<< (EXP_SR - 1))) >>> EXP_SR)
                 + EXP_OFF_X;
        else
            en = (dz <<< EXP_SL) + EXP_OFF_X;
    end
    assign e_addr = en[ENW-1] ? 10'd0 : (en > E_TOP) ? 10'd1023 : en[9:0];
    generate
        if (LOSS == 1 && exp_top(EXP_DATA) >= 0) begin : g_exp16
            localparam integer ET = exp_top(EXP_DATA);
            localparam [10:0] ETK = ET[10:0];
            reg [15:0] exp_tab [0:1023];
            reg [15:0] exp_r;
            reg        exp_hi;
            integer n;
            initial begin
                for (n = 0; n < 1024; n = n + 1) exp_tab[n] = EXP_DATA[n*17 +: 16];
            end
            always @(posedge clk) begin
                exp_r  <= exp_tab[e_addr];
                exp_hi <= {1'b0, e_addr} >= ETK;
            end
            assign exp_q = {exp_hi, exp_r};
        end else if (LOSS == 1) begin : g_exp
            reg [16:0] exp_tab [0:1023];
            reg [16:0] exp_r;
            integer n;
            initial begin
                for (n = 0; n < 1024; n = n + 1) exp_tab[n] = EXP_DATA[n*17 +: 17];
            end
            always @(posedge clk) exp_r <= exp_tab[e_addr];
            assign exp_q = exp_r;
        end else begin : g_noexp
            assign exp_q = 17'd0;
            wire unused_exp = &{1'b0, e_addr};
        end
    endgenerate

    // ---- softmax: q = floor((e << (F_A+1)) / S): MD serial dividers
    // (mlp_divider) at once on outputs kb .. kb+MD-1, then the results one a
    // cycle: p = (q + 1) >> 1, saturated into A ----
    reg             dv_go;
    reg  [KW-1:0]   kb, kd;                 // group base, lane written back
    wire [MD-1:0]   dv_ready, dv_valid, dv_lane;
    wire [QW*MD-1:0] dv_qv;
    wire            out_fire;
    wire            dv_take = (DIRECT != 0) ? state == L_OUT && out_fire && k_last
                                            : state == L_DIV && wcnt == 2'd2 && (kd == MDL || kb + kd == MLAST);
    genvar gd;
    generate
        // the dividers only where a softmax needs them (other losses never
        // enter L_DIV: no divider, the lanes tied off)
        if (LOSS != 1) begin : g_nodiv
            assign dv_ready = {MD{1'b1}};
            assign dv_valid = {MD{1'b0}};
            assign dv_lane  = {MD{1'b0}};
            assign dv_qv    = {(QW*MD){1'b0}};
            wire unused_e = &{1'b0, ebuf[0]};   // exp values: softmax only
        end else
        for (gd = 0; gd < MD; gd = gd + 1) begin : g_div
            localparam integer GI = gd;
            localparam [KW-1:0] GK = GI[KW-1:0];
            wire [KW-1:0]   kk  = kb + GK;
            wire [16:0]     ek  = ebuf[kk[MIW-1:0]];
            wire [NUMW-1:0] num = {{(NUMW-17){1'b0}}, ek} << (F_A + 1);
            wire [SW-1:0]   rem;
            wire [NUMW-1:0] quot;
            wire            usr;
            assign dv_lane[gd] = kk < MK;
            mlp_divider #(.N_W(NUMW), .D_W(SW), .USER_W(1), .Q_W(QW)) u_div (
                .clk(clk), .rst(rst),
                .s_axis_num(num), .s_axis_den(ssum), .s_axis_tuser(1'b0),
                .s_axis_tvalid(dv_go && dv_lane[gd]), .s_axis_tready(dv_ready[gd]),
                .m_axis_quot(quot), .m_axis_rem(rem), .m_axis_tuser(usr),
                .m_axis_tvalid(dv_valid[gd]), .m_axis_tready(dv_take));
            assign dv_qv[QW*gd +: QW] = quot[QW-1:0];
            if (QW < NUMW) begin : g_qhi
                wire unused_q = &{1'b0, quot[NUMW-1:QW]};   // zero (Q_W)
            end
            wire unused_div = &{1'b0, rem, usr};
        end
    endgenerate
    wire [MDW-1:0] dv_l   = (DIRECT != 0) ? k[MDW-1:0] : kd[MDW-1:0];   // the lane read
    wire [QW-1:0]  dv_q   = (MD == 1) ? dv_qv[QW-1:0] : dv_qv[QW*dv_l +: QW];
    wire [PW-1:0]  p_full = ({{(PW-QW){1'b0}}, dv_q} + 1'b1) >> 1;
    localparam [PW-1:0] A_MAX = ({{(PW-1){1'b0}}, 1'b1} << (W_A - 1)) - 1'b1;
    wire [W_A-1:0] p_sat  = (p_full > A_MAX) ? A_MAX[W_A-1:0] : p_full[W_A-1:0];
    wire           p_ovf  = p_full > A_MAX;
    wire           dv_all = &(dv_valid | ~dv_lane);   // every lane of the group done
    wire           dv_acc = &(dv_ready | ~dv_lane);

    // ---- output error ----
    wire [W_A-1:0] ak = (DIRECT != 0) ? p_sat : abuf[a_rb + a_off(k)];
    wire [31:0]    t_ra = t_rb + k_x;
    wire [W_A-1:0] tk;
    wire           t_rdy;      // tk is output k's target
    generate
        if (MSEQ == 0) begin : g_tff
            // the targets in registers, read at once
            reg [W_A-1:0] tbuf [0:TS*M-1];
            always @(posedge clk) begin
                if (t_we) tbuf[t_wa[TAW-1:0]] <= t_data;
            end
            assign tk    = tbuf[t_ra[TAW-1:0]];
            assign t_rdy = 1'b1;
        end else begin : g_tram
            // MSEQ: the targets in block RAM, read a cycle late: tk is
            // output k's from the second cycle of it in L_OUT on (the
            // product waits that cycle: 2*NE + 2 cycles an output)
            (* ram_style = "block" *) reg [W_A-1:0] tbuf [0:TS*M-1];
            reg [W_A-1:0] tk_r;
            reg           t_rdy_r;
            always @(posedge clk) begin
                if (t_we) tbuf[t_wa[TAW-1:0]] <= t_data;
                tk_r    <= tbuf[t_ra[TAW-1:0]];
                t_rdy_r <= !rst && state == L_OUT && !out_fire;
            end
            assign tk    = tk_r;
            assign t_rdy = t_rdy_r;
        end
    endgenerate
    wire signed [W_A+1:0]  a_x = $signed({{2{ak[W_A-1]}}, ak});
    wire signed [W_A+1:0]  t_x = $signed({{2{tk[W_A-1]}}, tk});
    // hinge: y a < 1 with y = sign(t): compare y * a_raw < 2^F_A exactly
    wire signed [W_A+1:0]  ya  = tk[W_A-1] ? -a_x : a_x;
    wire signed [W_A+40:0] one = $signed({{(W_A+40){1'b0}}, 1'b1}) <<< F_A;
    wire                   viol = $signed({{39{ya[W_A+1]}}, ya}) < one;
    wire signed [W_A+1:0]  err = (LOSS == 3) ? (viol ? -t_x : {(W_A+2){1'b0}}) : (a_x - t_x);
    wire signed [W_A+34:0] err_b;
    wire [W_A+33:0]        e_mag;      // MSEQ: |err_b|
    wire                   m_ok;       // err_b is the product of output k
    generate
        if (MSEQ == 0) begin : g_mcomb
            wire signed [32:0] inv_s = {1'b0, inv_b};
            assign err_b = err * inv_s;   // (W_A+2) x 33 multiplier
            assign e_mag = {(W_A+34){1'b0}};
            assign m_ok  = 1'b1;
            wire unused_t = &{1'b0, t_rdy};
        end else begin : g_mseq
            // |err| < 2^(W_A+2), in NE 16-bit limbs; product magnitude
            // < 2^(W_A+34); every partial Horner sum is at most the final
            // magnitude shifted right, so W_A+34 bits hold it
            localparam integer UE = W_A + 2;
            localparam integer NE = (UE + 15) / 16;
            localparam integer NC = 2 * NE;            // cycles per product
            localparam integer CB = clog2(NC + 1);
            localparam [CB-1:0] NCV = NC[CB-1:0];
            wire [UE-1:0]        emag0 = err[W_A+1] ? -err : err;
            wire [16*NE-1:0]     emag  = {{(16*NE-UE){1'b0}}, emag0};
            reg  [CB-1:0]        mc;                   // 0 .. NC (NC: done)
            reg  [W_A+33:0]      macc;
            // cycle mc: limb NE-1 - mc/2 of |err| times inv_b's hi (mc even)
            // or lo (mc odd, after the shift) half
            wire [CB-1:0]        ei    = NE[CB-1:0] - 1'b1 - (mc >> 1);
            wire [16*NE-1:0]     esh   = emag >> (16 * ei);
            wire [15:0]          ma    = esh[15:0];
            wire [15:0]          mb    = mc[0] ? inv_b[15:0] : inv_b[31:16];
            wire [31:0]          mprod = ma * mb;      // the one 16x16 multiplier
            always @(posedge clk) begin
                if (rst || state != L_OUT || out_fire) begin
                    mc   <= {CB{1'b0}};
                    macc <= {(W_A+34){1'b0}};
                end else if (mc != NCV && t_rdy) begin
                    mc   <= mc + 1'b1;
                    macc <= (mc[0] ? (macc << 16) : macc) + {{(W_A+2){1'b0}}, mprod};
                end
            end
            wire signed [W_A+34:0] mag = {1'b0, macc};
            assign err_b = err[W_A+1] ? -mag : mag;
            assign e_mag = macc;
            assign m_ok  = mc == NCV;
            wire unused_m = &{1'b0, esh};
        end
    endgenerate
    wire [31:0] h_e;
    mlp_dense_hash u_h_e (.clk(clk), .rst(rst), .en(state == L_OUT), .seed(seed), .layer(LAYER[7:0]),
        .tensor((LOSS == 0 || LOSS == 3) ? 8'd11 : 8'd10),
        .row(k_x[15:0]), .col(32'd0), .step(sample_cnt), .r(h_e));
    wire [W_G-1:0] e_q;
    wire           e_ovf;
    generate
        if (MSEQ != 0 && RND_G == 2 && OVF_G == 0 && W_G >= 2) begin : g_rq_mag
            // rnd_conv is odd-symmetric: requant(-m) = sat(-round(m)), so
            // the magnitude is rounded (into W_G+1 bits, saturated: still
            // > 2^(W_G-1) iff the rounded value is) and the sign applied
            // to the W_G+1-bit result instead of the W_A+35-bit product
            wire [W_G:0] qm;
            wire         qm_ovf;
            mlp_requant #(.IN_W(W_A + 35), .IN_FRAC(F_A + 24), .OUT_W(W_G + 1), .OUT_FRAC(F_G),
                          .ROUND(2), .OVF(0)) u_rq_e (
                .in_raw({1'b0, e_mag}), .rnd_word(h_e), .out_raw(qm), .ovf_flag(qm_ovf));
            localparam [W_G:0] HALF = {2'b01, {(W_G-1){1'b0}}};   // 2^(W_G-1)
            wire         neg = err[W_A+1];
            wire         big = neg ? (qm > HALF) : (qm >= HALF);
            wire [W_G:0] qn  = -qm;
            assign e_q   = big ? {neg, {(W_G-1){!neg}}} : (neg ? qn[W_G-1:0] : qm[W_G-1:0]);
            assign e_ovf = big;
            wire unused_rq = &{1'b0, qm_ovf, qn[W_G], err_b};
        end else begin : g_rq
            mlp_requant #(.IN_W(W_A + 35), .IN_FRAC(F_A + 24), .OUT_W(W_G), .OUT_FRAC(F_G),
                          .ROUND(RND_G), .OVF(OVF_G)) u_rq_e (
                .in_raw(err_b), .rnd_word(h_e), .out_raw(e_q), .ovf_flag(e_ovf));
            wire unused_mag = &{1'b0, e_mag};
        end
    endgenerate

    assign m_axis_tvalid = state == L_OUT && m_ok;
    assign m_axis_tdata  = {{(32-W_A){ak[W_A-1]}}, ak};
    assign m_axis_tlast  = k_last;
    assign out_fire = m_axis_tvalid && m_axis_tready;
    assign ovf_ev = {((DIRECT != 0) ? out_fire : state == L_DIV && wcnt == 2'd2) && p_ovf,
                     out_fire && !infer && e_ovf};

    always @(posedge clk) begin
        gi_valid <= 1'b0;
        di_valid <= 1'b0;
        if (y_valid) abuf[a_wb + a_off(y_idx[MIW-1:0])] <= (LOSS == 1) ? y_z : y_a;
        if (z_upd) begin
            zmx[ys_k] <= y_z;
            zv[ys_k]  <= 1'b1;
        end
        if (rst) begin
            state <= L_IDLE;
            dv_go <= 1'b0;
            zv    <= {AS{1'b0}};
        end else begin
            case (state)
            L_IDLE: begin
                k <= {MIW{1'b0}}; kb <= {KW{1'b0}}; kd <= {KW{1'b0}};
                kev <= 1'b0;
                if (cmd) begin
                    state <= (LOSS == 1) ? L_EXP : L_OUT;
                    if (LOSS == 1) zv[cs_k] <= 1'b0;   // (after the update above: empty)
                end
                zmax <= z_new ? y_z : zmx_c;
                ssum <= {SW{1'b0}};
            end
            // (L_EXP .. L_DIV: softmax only, never entered otherwise)
            // L_EXP: the table read of output k, one a cycle; its value
            // comes the cycle after (ke, kev), the last one in L_EXP1
            L_EXP: if (LOSS == 1) begin
                if (kev) begin
                    ebuf[ke] <= exp_q;
                    ssum <= ssum + {{(SW-17){1'b0}}, exp_q};
                end
                ke <= k; kev <= 1'b1;
                if (k_last) state <= L_EXP1;
                else k <= k + 1'b1;
            end
            L_EXP1: if (LOSS == 1) begin
                ebuf[ke] <= exp_q;
                ssum <= ssum + {{(SW-17){1'b0}}, exp_q};
                k <= {MIW{1'b0}}; state <= L_DIV; wcnt <= 2'd0;
            end
            L_DIV: if (LOSS == 1) begin   // wcnt 0: hand the group over; 1: wait; 2: write back
                if (wcnt == 2'd0) begin
                    dv_go <= 1'b1;
                    if (dv_go && dv_acc) begin
                        dv_go <= 1'b0;
                        wcnt  <= 2'd1;
                    end
                end else if (wcnt == 2'd1) begin
                    kd <= {KW{1'b0}};
                    if (dv_all) begin
                        if (DIRECT != 0) state <= L_OUT;   // (k is 0) p from the lanes
                        else wcnt <= 2'd2;
                    end
                end else begin
                    abuf[a_rb + a_off(wa[MIW-1:0])] <= p_sat;
                    kd <= (MD == 1) ? {KW{1'b0}} : kd + 1'b1;   // (MD = 1: one lane)
                    if (dv_take) begin
                        wcnt <= 2'd0;
                        if (kb + kd == MLAST) begin k <= {MIW{1'b0}}; state <= L_OUT; end
                        else kb <= kb + MDS;
                    end
                end
            end
            L_OUT: begin
                if (out_fire) begin
                    e_idx  <= k_x[15:0];
                    e_data <= e_q;
                    if (!infer) begin
                        if (LOSS == 0 || LOSS == 3) gi_valid <= 1'b1;
                        else                        di_valid <= 1'b1;
                    end
                    if (k_last && AS > 1 && infer) state <= L_IDLE;
                    else if (k_last) begin state <= L_FLUSH; wcnt <= 2'd3; end
                    else k <= k + 1'b1;
                end
            end
            L_FLUSH: begin
                wcnt <= wcnt - 1'b1;
                if (wcnt == 2'd0) state <= L_IDLE;
            end
            default: state <= L_IDLE;
            endcase
        end
    end
    wire [KW-1:0] wa = kb + kd;
    wire unused_ok = &{1'b0, wa, y_idx, y_s, t_idx, t_s, cmd_s, t_wa, t_rb, t_ra, k_x};
endmodule

`resetall
