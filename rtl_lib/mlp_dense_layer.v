// mlp_dense_layer: one dense layer that trains. A chain of P mlp_dense_pe
// (PE p owns rows j = p mod P), the layer's buffers (input x, pre-activation
// z, delta, input-gradient sums) and the sequencer of its three passes.
// 2-D tiles (C > 1, layers that send no g: LAYER 0): C chains of P PEs side
// by side, chain c owning the columns c*NCC .. c*NCC+NCC-1 (NCC =
// ceil((N+1)/C), the bias column N among them) of every row; all chains
// stream their columns in lockstep, the C forward sums of a row are added
// exactly (full-width accumulators) before the one requantization, and each
// chain's gradient pass adds delta_j x[i] for its own columns into its own G.
// PE c*P+p of the host window holds rows p, p+P, ... and chain c's columns.
//   FWD: the row groups r stream x[0..N-1] (+ bias column) down the chain
//        back to back (a group every max(N+1, P+1) cycles). When a group's
//        last token leaves PE p, its sum enters the result line (one
//        register per PE, one hop a cycle), so the sums leave the chain one
//        a cycle while the next group streams: z = requant(acc), a = f(z),
//        pipelined, into zbuf and out on y_* (next layer's x or the loss).
//   BWD: the same stream; PE p latches delta_{rP+p} from the delta line
//        with the group's first token. The chain accumulates G += delta x^T;
//        the partial sums of g = W^T delta leave PE P-1 and add into
//        gacc[i]; in the last group g_i = requant(gacc[i] + psum) goes out
//        on go_* at once (layers > 0).
//   UPD: U update units (mlp_update_sgd; U = P by default, one per PE; unit
//        u serves PEs u, u+U, ... in turn) walk every weight and bias:
//        ceil(P/U) * R * (N+1) cycles. USEQ = 1 (small parts): the units are
//        mlp_update_sgd_seq (one multiplier each) and the walk waits for
//        each result: (LATENCY + 2) cycles per step, same bits. USHARE = 1
//        (with USEQ): the layer has no unit and no update hashes; its one
//        step in flight goes out on xu_* (operands and hash coordinates,
//        zero while none is issued, so the top ORs the layers' steps) to a
//        unit the layers share (mlp_update_sgd_hashed: one sequential hash
//        for the stochastic roundings), whose result comes back on xu_ov /
//        xu_w_new ... (taken only while this layer waits for one: the
//        hash's extra cycles are transparent). The controller then updates
//        the layers one after another.
// MUL1 = 1 (small parts): every PE on one multiplier (mlp_dense_pe MUL1).
//        A pass that needs both products runs its tokens every other cycle:
//        BWD of a layer that sends g (w*delta and delta*x on one token), and
//        layer 0's FWD with its gradient stream (DUAL) when both commands
//        come together (mlp_ctrl_core issues them in one cycle); the two
//        streams then share one parity toggle (a hop is 2 cycles, so the
//        parity holds along the chain). FWD alone and layer 0's gradient
//        stream alone run at full rate. A half-rate pass costs
//        2*((R-1)*max(NT, ceil((P+1)/2)) + NT) + 2P + 4 cycles (+1 with C > 1).
// Single-ported PE memories (PE_SP, the UP5K's SPRAM: mlp_dense_pe MEM_SP):
//        a single-ported G has every gradient pass at half rate (layer 0's
//        gradient stream too when it runs alone: 2*((R-1)*max(NT,
//        ceil((P+1)/2)) + NT) + 2P + 4 cycles instead of R*NT + ...); a
//        single-ported W or V makes the update walk skip the cycle of each
//        write-back: (LATENCY + 3) cycles per step. Same bits.
// ISTR = 1 (forward-only streaming, mlp_ctrl_core ISTR): in an inference
//        batch the forward passes of consecutive samples run back to back
//        like row groups of one pass. At the last token of a sample, or in
//        the pass's tail once groups would be max(NT, P+1) apart, the layer
//        takes the next sample itself when f_go is high (f_s then names
//        it), pulsing f_took; its results follow the last sample's on the
//        result line. y_last marks each sample's last result (row M-1) and
//        x_done the cycle after a sample's last token left the x buffer, so
//        the controller counts the samples a layer has finished and the x
//        slots it has freed. Layers after the first hold max(XS, XSI) x
//        slots (XSI: samples in flight between two layers when they
//        stream); z keeps the training XS. Training passes are unchanged
//        (f_go stays low outside inference).
// gi_* receives g for this layer's outputs and forms delta = g * f'(z)
// (docs/numerics.md section 6); di_* writes delta directly (softmax and
// binary cross-entropy). Host access (idle only) reaches W/b (sel 0),
// G (sel 1) and momentum (sel 2): h_addr = {sel, p, r*(N+1)+i}.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_dense_layer #(
    parameter integer LAYER    = 0,
    parameter integer N        = 2,     // inputs
    parameter integer M        = 2,     // outputs
    parameter integer P        = 1,     // PEs per chain (rows)
    parameter integer C        = 1,     // chains along the inputs (2-D tiles; LAYER 0 only)
    parameter integer HAS_BIAS = 1,
    parameter integer ACT      = 1,     // 0 linear 1 sigmoid 2 tanh 3 relu 4 leaky 5 elu 6 softmax
    parameter integer ALPHA_Q  = 0,     // leaky_relu alpha, 16 fractional bits
    parameter integer BMAX     = 1,     // largest batch
    parameter integer NL       = 1,     // layers of the net (sets the sample slots)
    parameter integer U        = 0,     // update units (0 or > P: one per PE)
    parameter integer USEQ     = 0,     // 1: mlp_update_sgd_seq units, the walk stalls
    parameter integer PE_BRAM  = 0,     // PE memories in block RAM (bit 0 W, 1 G, 2 V; USEQ = 1 only)
    parameter integer PE_SP    = 0,     // PE memories single-ported (bits as PE_BRAM; USEQ = 1 and
                                        // MUL1 = 1 only): see "single-ported" below
    parameter integer PE_HUGE  = 0,     // of those, in SPRAM (iCE40 UP5K; G: its low G_HUGE_W bits)
    parameter integer G_HUGE_W = 0,     // 0: all of G
    parameter integer USHARE   = 0,     // 1 (USEQ = 1, U = 1): no unit here, the steps go out on
                                        // xu_* to one mlp_update_sgd_hashed the layers share
    parameter integer XG_W     = 1,     // width of xu_g: GA_BITS below when USHARE = 1 (checked)
    parameter integer MUL1     = 0,     // 1: one multiplier per PE, passes needing two at half rate
    parameter integer HAS_MOM  = 1,     // 0: no momentum (PEs without V, reads 0; USEQ units without it)
    parameter integer HAS_WD   = 1,     // 0: no weight decay (USEQ units without it)
    parameter integer HAS_NEST = 1,     // 0: momentum without Nesterov (USEQ units without it)
    parameter integer ISTR     = 0,     // 1: forward passes may follow on back to back (f_go, f_took)
    parameter integer XSI      = 0,     // ISTR, LAYER > 0: x slots at least this (a power of two or 0)
    parameter integer LOV      = 0,     // 1: backward passes a slot later (mlp_ctrl_core LOV): one
                                        // sample more in flight, x and z slots for 2(NL-LAYER)+1
    parameter integer W_W = 16, parameter integer F_W = 11, parameter integer RND_W = 2, parameter integer OVF_W = 0,
    parameter integer W_A = 16, parameter integer F_A = 12, parameter integer RND_A = 2, parameter integer OVF_A = 0,
    parameter integer W_G = 16, parameter integer F_G = 14, parameter integer RND_G = 2, parameter integer OVF_G = 0,
    parameter integer W_S = 16, parameter integer F_S = 11, parameter integer RND_S = 2, parameter integer OVF_S = 0,
    parameter integer LUT_Q    = 6,     // table: entry n stands for (n - off) * 2^-q
    parameter integer LUT_OFF  = 512,
    parameter integer F_D      = 14,    // derivative table: 16 bits, F_D fractional
    // half tables (compiler-checked, bit-exact): 0 full table; 1 odd about
    // entry 512 (f[512-k] = 2 f[512] - f[512+k], k = 1..511, modulo 2^width);
    // 2 even (f[512-k] = f[512+k]). With 1 or 2 only entries 512..1023 are
    // stored (512 words) and entry 0 (no mirror) is taken from its parameter
    parameter integer LUT_SYM_F = 0,    // f table
    parameter integer LUT_SYM_D = 0,    // derivative table
    parameter integer HAW      = 16,    // host word address width (>= 2 + PW + AW)
    // table contents (compiler-emitted): entry n at bits [n*width +: width]
    parameter [1024*W_A-1:0] LUT_F_DATA = {1024{{W_A{1'b0}}}},
    parameter [1024*16-1:0]  LUT_D_DATA = {1024{16'd0}}
) (
    input  wire            clk,
    input  wire            rst,
    // run-time values
    input  wire [31:0]     seed,
    // the samples of the passes: index in the batch (buffer slot), counter
    // (hash step of tensors 8-12), first of the batch (G restarts); held
    // while the pass runs
    input  wire [15:0]     f_s,
    input  wire [31:0]     f_cnt,
    input  wire [15:0]     b_s,
    input  wire [31:0]     b_cnt,
    input  wire            b_first,
    input  wire [31:0]     step_cnt,     // update counter (tensors 0-3)
    input  wire [31:0]     lr_q,
    input  wire [31:0]     mom_q,
    input  wire [31:0]     wd_q,
    input  wire            nesterov,
    // commands (one-cycle pulses while idle) and status
    input  wire            cmd_fwd,
    input  wire            cmd_bwd,
    input  wire            cmd_upd,
    output wire            busy,
    // ISTR: the next forward sample (f_s) may follow on (level); taken
    // this cycle (a pulse, the controller then offers the one after)
    input  wire            f_go,
    output wire            f_took,
    output wire [P*C-1:0]  pe_busy,      // PE c*P+p multiplies this cycle (a token in it)
    // x write port
    input  wire            x_we,
    input  wire [15:0]     x_idx,
    input  wire [15:0]     x_s,          // its sample's index in the batch
    input  wire [W_A-1:0]  x_data,
    // forward results, one per cycle when y_valid (receiver always ready)
    output reg             y_valid,
    output reg  [15:0]     y_idx,
    output reg  [W_A-1:0]  y_z,
    output reg  [W_A-1:0]  y_a,
    output reg             y_last,       // with y_valid: the sample's last result (row M-1)
    output reg             x_done,       // a forward sample's last token read x (a cycle ago)
    // g for this layer's outputs -> delta = g * f'(z)
    input  wire            gi_valid,
    input  wire [15:0]     gi_idx,
    input  wire [15:0]     gi_s,         // sample of gi and di: index, counter
    input  wire [31:0]     gi_cnt,
    input  wire [W_G-1:0]  gi_data,
    // delta written directly
    input  wire            di_valid,
    input  wire [15:0]     di_idx,
    input  wire [W_G-1:0]  di_data,
    // g for this layer's inputs (to the previous layer)
    output reg             go_valid,
    output reg  [15:0]     go_idx,
    output wire [W_G-1:0]  go_data,
    // host access, read data one cycle after h_en
    input  wire            h_en,
    input  wire            h_we,
    input  wire [HAW-1:0]  h_addr,
    input  wire [31:0]     h_wdata,
    output reg  [31:0]     h_rdata,
    // saturation / wrap events this cycle: 8 counts of 16 bits,
    // {v(b), v(w), b, w, delta, g out, a, z}: roundings changed by sat/wrap
    output reg  [127:0]    ovf_ev,
    // the shared update unit (USHARE = 1; else outputs 0, inputs unused):
    // a step (mlp_update_sgd_hashed's inputs: the operands and the hash
    // coordinates of its roundings, valid for one cycle; all zero in other
    // cycles) and the unit's result (held while xu_ov)
    output wire            xu_valid,
    output wire [W_W-1:0]  xu_w,
    output wire [XG_W-1:0] xu_g,
    output wire [W_S-1:0]  xu_v,
    output wire            xu_bias,
    output wire [7:0]      xu_layer,
    output wire [15:0]     xu_row,
    output wire [31:0]     xu_col,
    input  wire            xu_ov,
    input  wire [W_W-1:0]  xu_w_new,
    input  wire [W_S-1:0]  xu_v_new,
    input  wire            xu_ovf_w,
    input  wire            xu_ovf_v
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

    localparam integer R        = (M + P - 1) / P;       // row groups
    localparam integer NC       = N + 1;                 // columns incl. bias slot
    localparam integer PT       = P * C;                 // PEs of the layer
    localparam integer NCC      = (C == 1) ? NC : (NC + C - 1) / C;   // columns per chain
    localparam integer XWD      = (C == 1) ? N : NCC;    // x words per chain and slot
    localparam integer DEPTH    = R * NCC;
    localparam integer AW       = (clog2(DEPTH) < 1) ? 1 : clog2(DEPTH);
    localparam integer PW       = (clog2(PT) < 1) ? 1 : clog2(PT);
    localparam integer XA       = (W_A > F_A + 1) ? W_A : F_A + 1;   // x or 2^F_A
    localparam integer ACC_BITS = W_W + XA + clog2(N + 2) + 2;
    localparam integer PS_BITS  = W_W + W_G + clog2(M + 1) + 2;
    localparam integer GA_BITS  = W_G + XA + clog2(BMAX);   // exact: B products of |.| <= 2^(W_G+XA-2)
    localparam integer NIW      = (clog2(N) < 1) ? 1 : clog2(N);
    localparam integer LASTCOL  = (HAS_BIAS != 0) ? N : N - 1;
    localparam integer RL_I = R - 1, PL_I = P - 1;
    localparam integer USE_LUT  = (ACT == 1 || ACT == 2 || ACT == 5) ? 1 : 0;
    localparam integer LUT_S    = F_A - LUT_Q;
    localparam integer LUT_SR   = (LUT_S > 0) ? LUT_S : 1;
    localparam integer LUT_SL   = (LUT_S < 0) ? -LUT_S : 0;
    // lut_addr's width: z (shifted left by LUT_SL), the offset (shifted
    // left by LUT_SR, plus the rounding half) and 1023 << LUT_SR, signed
    localparam integer LZA      = (W_A + LUT_SL > clog2(LUT_OFF + 1) + LUT_SR) ? W_A + LUT_SL
                                                                           : clog2(LUT_OFF + 1) + LUT_SR;
    localparam integer LZW      = ((LZA > 11 + LUT_SR) ? LZA : 11 + LUT_SR) + 3;
    // the constant lut_addr adds: off * 2^S + 2^(S-1) (S > 0), else off
    function [LZW-1:0] lz_const;
        input integer off;
        integer b, sh;
        begin
            sh = (LUT_S > 0) ? LUT_SR : 0;
            for (b = 0; b < LZW; b = b + 1)
                lz_const[b] = (b >= sh && b - sh < 31) ? ((off >> (b - sh)) & 1) == 1
                                                       : (LUT_S > 0 && b == sh - 1);
        end
    endfunction
    localparam [LZW-1:0] LZ_K   = lz_const(LUT_OFF);
    // zbuf keeps of z only what the backward pass reads: the derivative
    // table's address (ACT 1, 2, 5) and z > 0 (ACT 3, 4, 5)
    localparam integer ZL       = (USE_LUT != 0) ? 10 : 0;
    localparam integer ZP       = (ACT == 3 || ACT == 4 || ACT == 5) ? 1 : 0;
    localparam integer ZBW      = (ZL + ZP < 1) ? 1 : ZL + ZP;

    generate
        if (HAW < 2 + PW + AW) begin : g_bad_haw
            PARAMETER_ERROR_mlp_dense_layer_HAW_too_small u_param_error ();
        end
        if (P > M) begin : g_bad_p
            PARAMETER_ERROR_mlp_dense_layer_P_exceeds_M u_param_error ();
        end
        if (C < 1 || C > NC || (C > 1 && LAYER != 0)) begin : g_bad_c
            PARAMETER_ERROR_mlp_dense_layer_C_needs_LAYER_0_and_1_to_N_plus_1 u_param_error ();
        end
        if (ISTR < 0 || ISTR > 1) begin : g_bad_istr
            PARAMETER_ERROR_mlp_dense_layer_ISTR_must_be_0_or_1 u_param_error ();
        end
        if (LOV < 0 || LOV > 1) begin : g_bad_lov
            PARAMETER_ERROR_mlp_dense_layer_LOV_must_be_0_or_1 u_param_error ();
        end
        if (XSI < 0 || (XSI & (XSI - 1)) != 0) begin : g_bad_xsi
            PARAMETER_ERROR_mlp_dense_layer_XSI_must_be_0_or_a_power_of_two u_param_error ();
        end
        if (USHARE != 0 && (USEQ == 0 || U != 1 || XG_W != GA_BITS)) begin : g_bad_ushare
            PARAMETER_ERROR_mlp_dense_layer_USHARE_needs_USEQ_U_1_and_XG_W_equal_GA_BITS u_param_error ();
        end
        if (PE_SP != 0 && (USEQ == 0 || MUL1 == 0)) begin : g_bad_sp
            PARAMETER_ERROR_mlp_dense_layer_PE_SP_needs_USEQ_and_MUL1 u_param_error ();
        end
        if (LUT_SYM_F < 0 || LUT_SYM_F > 2 || LUT_SYM_D < 0 || LUT_SYM_D > 2) begin : g_bad_sym
            PARAMETER_ERROR_mlp_dense_layer_LUT_SYM_F_and_LUT_SYM_D_are_0_1_or_2 u_param_error ();
        end
    endgenerate

    localparam integer DUAL     = (LAYER == 0) ? 1 : 0;      // no g out: own gradient stream
    localparam integer ZS0      = 2 * (NL - LAYER) + LOV;
    localparam integer ZB       = (clog2(ZS0) < 1) ? 1 : clog2(ZS0);
    localparam integer ZS       = 1 << ZB;                    // sample slots of z (training)
    localparam integer XS0      = (ISTR != 0 && LAYER > 0 && XSI > ZS0) ? XSI : ZS0;
    localparam integer XB       = (clog2(XS0) < 1) ? 1 : clog2(XS0);
    localparam integer XS       = 1 << XB;                    // sample slots of x (mlp_ctrl_core xslots)
    localparam integer XAW      = clog2(XS * XWD) < 1 ? 1 : clog2(XS * XWD);
    localparam integer ZAW      = clog2(ZS * M) < 1 ? 1 : clog2(ZS * M);
    localparam integer DAW      = clog2(2 * M) < 1 ? 1 : clog2(2 * M);
    // USEQ = 1 (iCE40): a buffer of SYNC_MIN words or more is read through a
    // registered read port (mlp_ram_dp, block RAM: SB_RAM40_4K has no
    // asynchronous read), at the address the asynchronous read would use
    // the next cycle (col_n, bq_col_n, fd_jn; gi_za one cycle before the
    // table read it replaces), so every value and cycle stays the same;
    // smaller buffers stay flip-flops read asynchronously. x: one copy per
    // read port (layer 0: the main and the gradient stream), same writes.
    // zbuf then holds the derivative table's value f'(z) (read with f(z) in
    // the forward pass) instead of its address: the one synchronous read
    // takes the place of the table read, no cycle is added.
    localparam integer SYNC_MIN = 16;
    localparam integer XSYNC    = (USEQ != 0 && XS * XWD >= SYNC_MIN) ? 1 : 0;
    localparam integer ZSYNC    = (USEQ != 0 && ZS * M >= SYNC_MIN && ZL + ZP > 0) ? 1 : 0;
    localparam integer DSYNC    = (USEQ != 0 && 2 * M >= SYNC_MIN) ? 1 : 0;
    localparam integer ZLW      = (ZSYNC != 0 && ZL > 0) ? 16 : 10;              // zbuf's table part
    localparam integer ZSW      = (ZL > 0) ? ZLW + ZP : ZBW;            // zbuf word
    localparam integer UN       = (U < 1 || U > PT) ? PT : U; // update units
    localparam integer KU       = (PT + UN - 1) / UN;         // PEs per unit
    localparam integer KW       = (clog2(KU) < 1) ? 1 : clog2(KU);
    localparam integer KL_I     = KU - 1;
    localparam [KW-1:0] KLAST   = KL_I[KW-1:0];
    localparam integer NT       = (C == 1) ? LASTCOL + 1 : NCC;   // tokens per row group and chain
    localparam integer LCOL_I   = NT - 1;                      // last column of a chain's group
    localparam integer GAP      = (NT >= P + 1) ? 0 : P + 1 - NT;   // idle cycles between groups
    localparam integer GAP_I    = (GAP > 0) ? GAP - 1 : 0;
    localparam integer LB_I     = (R - 1) * P;
    localparam [15:0]  LASTBASE = LB_I[15:0];
    localparam integer TAIL_I   = 2 * P + 4 + ((C > 1) ? 1 : 0);   // last token -> last result out
    // MUL1 half rate: a token every other cycle, groups at least P+1 cycles apart
    localparam integer GAPH     = (2 * NT >= P + 1) ? 0 : (P + 2) / 2 - NT;   // idle steps between groups
    localparam integer GAPH_I   = (GAPH > 0) ? GAPH - 1 : 0;
    localparam integer TAILH_I  = TAIL_I - 1;   // (the step after the last token is one cycle later)
    // the sequencer's counters, sized to their ranges (the 16-bit buses
    // and ports carry them zero-extended)
    localparam integer CLW      = (clog2(NT) < 1) ? 1 : clog2(NT);               // col 0 .. NT-1
    localparam integer RRW      = (clog2(R) < 1) ? 1 : clog2(R);                 // r 0 .. R-1
    localparam integer RBW      = (clog2(LB_I + 1) < 1) ? 1 : clog2(LB_I + 1);   // rowbase 0 .. (R-1)P
    localparam integer FJW      = clog2(R * P + 1);                              // fd_j 0 .. RP
    localparam integer FKW      = clog2(P + 1);                                  // fd_k 0 .. P
    localparam integer WCW      = clog2(TAIL_I + 1);   // wait counts: TAIL >= TAILH, the gaps, 3
    localparam integer THREE_I  = 3;
    localparam [CLW-1:0] LCOL_C = LCOL_I[CLW-1:0];
    localparam [RRW-1:0] RLAST_C = RL_I[RRW-1:0];
    localparam [RBW-1:0] PSTEP_C = P[RBW-1:0];      // (R = 1: never added)
    localparam [FJW-1:0] PSTEP_J = P[FJW-1:0];
    localparam [FJW-1:0] M_J     = M[FJW-1:0];
    localparam [FKW-1:0] PLAST_K = PL_I[FKW-1:0];
    localparam [WCW-1:0] TAIL_C  = TAIL_I[WCW-1:0];
    localparam [WCW-1:0] TAILH_C = TAILH_I[WCW-1:0];
    localparam [WCW-1:0] GAP_C   = GAP_I[WCW-1:0];
    localparam [WCW-1:0] GAPH_C  = GAPH_I[WCW-1:0];
    localparam [WCW-1:0] WC3     = THREE_I[WCW-1:0];

    localparam [1:0] M_FWD = 2'd0, M_BWD = 2'd1, M_UPD = 2'd2, M_HOST = 2'd3;

    // ------------------------------------------------------------------
    // buffers
    // x and z: ZS sample slots (samples in flight: the forward pass of
    // sample s and the backward pass of sample s - 2(NL-1-LAYER) - LOV ...,
    // and the next sample's x being written),
    // slot = s mod ZS; x of a streaming layer after the first (ISTR) may
    // hold more, XS >= ZS (forward-only samples queued behind a slower
    // layer; x's slot s mod XS); delta: two slots (written for s+1 while s
    // is read).
    // x is banked by chain (g_ch[c].xb: chain c's columns of every slot).
    // (zbuf and dbuf: g_zsync / g_zasync, g_dsync / g_dasync below; x: g_ch)
    reg [PS_BITS-1:0] gacc [0:N-1];
    wire [15:0] x_bank = (C == 1) ? 16'd0 : x_idx / NCC[15:0];       // chain of column x_idx
    wire [15:0] x_off  = (C == 1) ? x_idx : x_idx - x_bank * NCC[15:0];
    wire [31:0] x_wa   = {{(32-XB){1'b0}}, x_s[XB-1:0]} * XWD + {16'd0, x_off};
    // the forward stream's sample: f_s, or (ISTR) the one taken last, held
    // while the controller offers the next on f_s
    reg  [15:0] cur_s;
    wire [15:0] fw_s   = (ISTR != 0) ? cur_s : f_s;
    wire [15:0] mx_s   = (mode == M_BWD) ? b_s : fw_s;   // the main stream's sample
    wire [31:0] op_xb  = {{(32-XB){1'b0}}, mx_s[XB-1:0]} * XWD;
    wire [31:0] bq_xb  = {{(32-XB){1'b0}}, b_s[XB-1:0]} * XWD;
    wire [31:0] op_zb  = {{(32-ZB){1'b0}}, f_s[ZB-1:0]} * M;
    wire [31:0] gi_za  = {{(32-ZB){1'b0}}, gi_s[ZB-1:0]} * M + {16'd0, gi_idx};
    wire [31:0] op_db  = b_s[0] ? M : 32'd0;

    // ------------------------------------------------------------------
    // sequencer
    localparam [2:0] S_IDLE = 3'd0, S_STREAM = 3'd1, S_TAIL = 3'd2, S_UPD = 3'd3,
                     S_UFLUSH = 3'd4;
    reg [2:0]  state;
    reg [1:0]  mode;
    reg [RRW-1:0] r;        // row group
    reg [RBW-1:0] rowbase;  // r*P
    reg [CLW-1:0] col;      // column
    reg [KW-1:0] uk;     // update: PE slot of every unit
    reg [AW-1:0] addr;   // r*NCC + col
    reg [WCW-1:0] wait_cnt;
    wire [31:0] col_x = {{(32-CLW){1'b0}}, col};
    wire [31:0] rb_x  = {{(32-RBW){1'b0}}, rowbase};

    assign busy = state != S_IDLE || bq_state != 2'd0;

    // MUL1: half rate (hr: the main stream, bhr: layer 0's gradient stream)
    // steps every other cycle; a token shows on the chain in the cycles with
    // ph = 0, the sequencer steps in those with ph = 1. ph restarts while
    // both streams are idle, so a pass's first token shows the cycle after
    // its command, as at full rate.
    reg         hr, bhr, ph;
    wire        t_adv   = !hr || ph;
    wire        bq_adv  = !bhr || ph;
    wire        hr_cmd  = MUL1 != 0 && ((DUAL != 0) ? (cmd_fwd && cmd_bwd) : !cmd_fwd);
    wire        bhr_cmd = MUL1 != 0 && (cmd_fwd || ((PE_SP >> 1) & 1) != 0);   // (single-ported G: always)
    wire        t_gap0  = hr ? (GAPH == 0) : (GAP == 0);
    wire [WCW-1:0] t_gapi = hr ? GAPH_C : GAP_C;
    wire        bq_gap0 = bhr ? (GAPH == 0) : (GAP == 0);
    wire [WCW-1:0] bq_gapi = bhr ? GAPH_C : GAP_C;

    wire        last_col = col == LCOL_C;
    wire        last_r   = R == 1 || r == RLAST_C;   // (R = 1: r stays 0)
    // ISTR: the next sample follows on at the last token (f_cont), or from
    // the tail once its first token is max(NT, P+1) cycles after the last
    // group's (f_rest: t_el cycles of tail so far)
    localparam integer GAPM_I = (GAP > 0) ? GAP - 1 : 0;
    localparam [WCW:0] GAP_XM = GAPM_I[WCW:0];   // (t_el + 1 >= GAP: t_el + 1 > GAP - 1, or GAP = 0)
    wire [WCW:0] t_el    = {1'b0, TAIL_C} - {1'b0, wait_cnt};
    wire        f_fw     = ISTR != 0 && f_go && mode == M_FWD && !hr;
    wire        f_cont   = f_fw && state == S_STREAM && t_valid && last_col && last_r;
    wire        f_rest   = f_fw && state == S_TAIL && t_el + 1'b1 > GAP_XM;
    assign      f_next   = f_cont || f_rest;
    assign      f_took   = f_next;
    wire [31:0] next_base = ({{(32-RRW){1'b0}}, r} + 32'd1) * NCC;   // (r+1)*NCC

    // chain input token (x and the bias flag per chain, in g_ch)
    reg               t_valid;
    wire              t_show  = t_valid && (!hr || !ph);
    wire [31:0]       t_xa    = op_xb + col_x;
    // XSYNC: the address t_xa will have next cycle (the x buffer's
    // registered read): col_n, and the sample of the stream about to run
    reg  [CLW-1:0]    col_n;
    wire              xs_bn   = (state == S_IDLE) ? !cmd_fwd : (mode == M_BWD);
    wire              f_next;   // ISTR: the stream goes on with sample f_s next cycle (below)
    wire [15:0]       mx_sn   = xs_bn ? b_s : (state == S_IDLE || f_next) ? f_s : fw_s;
    wire [31:0]       t_xan   = {{(32-XB){1'b0}}, mx_sn[XB-1:0]} * XWD + {{(32-CLW){1'b0}}, col_n};

    // delta line feed: delta_{rP+k} k cycles after the group's first token
    // (fd_st: a feed starts next cycle at row fd_sj; set in the sequencer
    // section; fd_jn: fd_j next cycle, the registered read's address, DSYNC)
    reg               fd_v;
    reg [FJW-1:0]     fd_j;
    reg [FKW-1:0]     fd_k;
    reg               fd_st;
    reg [FJW-1:0]     fd_sj;
    wire [FJW-1:0]    fd_jn   = fd_st ? fd_sj : fd_v ? fd_j + 1'b1 : fd_j;
    wire              dl_ok   = fd_v && fd_j < M_J;
    wire [31:0]       dl_a    = op_db + {{(32-FJW){1'b0}}, fd_j};
    wire [31:0]       dl_an   = op_db + {{(32-FJW){1'b0}}, fd_jn};
    wire [W_G-1:0]    dl_q;   // dbuf at dl_a (g_dsync: read the cycle before at dl_an)
    wire [W_G-1:0]    dl_val  = dl_ok ? dl_q : {W_G{1'b0}};

    // ------------------------------------------------------------------
    // PE chains: chain c's link k (k = 0 its input, k = P its end) at
    // index c*(P+1)+k of every c_* and cb_* bus
    localparam integer NK = (P + 1) * C;
    wire [NK-1:0]       c_valid, c_bias, c_first, c_last;
    wire [AW*NK-1:0]    c_addr;
    wire [16*NK-1:0]    c_col, c_rowbase;
    wire [W_A*NK-1:0]   c_x;
    wire [PS_BITS*NK-1:0] c_psum;
    wire [W_G*NK-1:0]   c_d;
    wire [NK-1:0]       c_dok;
    wire [ACC_BITS*PT-1:0] pe_acc;
    wire [PT-1:0]       pe_rdy;
    wire [W_W*PT-1:0]   pe_rw;
    wire [GA_BITS*PT-1:0] pe_rg;
    wire [W_S*PT-1:0]   pe_rv;

    // the gradient-pass stream of a DUAL layer (its own sequencer, bq_*)
    wire [NK-1:0]       cb_valid, cb_bias, cb_first;
    wire [AW*NK-1:0]    cb_addr;
    wire [W_A*NK-1:0]   cb_x;
    reg  [1:0]          bq_state;
    reg                 bq_tv;
    reg  [RRW-1:0]      bq_r;
    reg  [RBW-1:0]      bq_rb;
    reg  [CLW-1:0]      bq_col;
    reg  [WCW-1:0]      bq_wait;
    reg  [AW-1:0]       bq_addr;
    wire [31:0]         bq_col_x    = {{(32-CLW){1'b0}}, bq_col};
    wire [31:0]         bq_rb_x     = {{(32-RBW){1'b0}}, bq_rb};
    wire                bq_last_col = bq_col == LCOL_C;
    wire                bq_last_r   = R == 1 || bq_r == RLAST_C;
    wire [31:0]         bq_next     = ({{(32-RRW){1'b0}}, bq_r} + 32'd1) * NCC;
    wire [31:0]         bq_xa       = bq_xb + bq_col_x;
    reg  [CLW-1:0]      bq_col_n;   // bq_col next cycle (XSYNC: bq_xan, the next bq_xa)
    wire [31:0]         bq_xan      = bq_xb + {{(32-CLW){1'b0}}, bq_col_n};
    wire                b_act       = DUAL != 0 && bq_state != 2'd0;
    wire                bq_show     = bq_tv && (!bhr || !ph);

    // chain inputs: the same column, address and delta for every chain; x
    // and the bias flag from the chain's own columns (global c*NCC + col:
    // the bias at N, nothing beyond it)
    genvar gc;
    generate
        for (gc = 0; gc < C; gc = gc + 1) begin : g_ch
            localparam integer K0 = gc * (P + 1);
            localparam integer CB_I = gc * NCC;
            localparam [15:0]  CBASE = CB_I[15:0];
            // x at t_xa (xq_t) and at bq_xa (xq_b)
            wire [W_A-1:0] xq_t, xq_b;
            wire           x_wec = x_we && x_bank == gc[15:0];
            if (XSYNC != 0) begin : g_xsync
                // registered reads at next cycle's addresses; one copy per read port
                mlp_ram_dp #(.ADDR_W(XAW), .DATA_W(W_A), .OLD_ON_COLLISION(0)) u_xt (
                    .clk(clk), .wr_en(x_wec), .wr_addr(x_wa[XAW-1:0]), .wr_data(x_data),
                    .rd_en(1'b1), .rd_addr(t_xan[XAW-1:0]), .rd_data(xq_t));
                if (DUAL != 0) begin : g_xb2
                    mlp_ram_dp #(.ADDR_W(XAW), .DATA_W(W_A), .OLD_ON_COLLISION(0)) u_xb (
                        .clk(clk), .wr_en(x_wec), .wr_addr(x_wa[XAW-1:0]), .wr_data(x_data),
                        .rd_en(1'b1), .rd_addr(bq_xan[XAW-1:0]), .rd_data(xq_b));
                end else begin : g_xb1
                    assign xq_b = {W_A{1'b0}};   // (no gradient stream: bin_x unused)
                end
            end else begin : g_xasync
                reg [W_A-1:0] xb [0:XS*XWD-1];
                always @(posedge clk) begin
                    if (x_wec) xb[x_wa[XAW-1:0]] <= x_data;
                end
                assign xq_t = xb[t_xa[XAW-1:0]];
                assign xq_b = xb[bq_xa[XAW-1:0]];
            end
            wire [15:0] t_gcol  = CBASE + col_x[15:0];
            wire [15:0] bq_gcol = CBASE + bq_col_x[15:0];
            wire        t_in    = t_gcol < N[15:0];
            wire        bq_in   = bq_gcol < N[15:0];
            wire        t_b     = (HAS_BIAS != 0) && (t_gcol == N[15:0]);
            wire        bq_b    = (HAS_BIAS != 0) && (bq_gcol == N[15:0]);
            assign c_valid[K0] = t_show;
            assign c_bias[K0]  = t_b;
            assign c_first[K0] = col == {CLW{1'b0}};
            assign c_last[K0]  = last_col;
            assign c_addr[AW*K0 +: AW] = addr;
            assign c_col[16*K0 +: 16] = col_x[15:0];
            assign c_rowbase[16*K0 +: 16] = rb_x[15:0];
            assign c_x[W_A*K0 +: W_A] = t_in ? xq_t : {W_A{1'b0}};
            assign c_psum[PS_BITS*K0 +: PS_BITS] = {PS_BITS{1'b0}};
            assign c_d[W_G*K0 +: W_G] = dl_val;
            assign c_dok[K0] = dl_ok;
            assign cb_valid[K0] = bq_show;
            assign cb_bias[K0]  = bq_b;
            assign cb_first[K0] = bq_col == {CLW{1'b0}};
            assign cb_addr[AW*K0 +: AW] = bq_addr;
            assign cb_x[W_A*K0 +: W_A] = bq_in ? xq_b : {W_A{1'b0}};
            // the chain's end: only chain 0's partial sums are read (C = 1)
            localparam integer KE = K0 + P;
            wire unused_end = &{1'b0, cb_valid[K0], cb_bias[KE], cb_first[KE], cb_addr[AW*KE +: AW],
                                cb_x[W_A*KE +: W_A], c_first[KE], c_last[KE], c_addr[AW*KE +: AW],
                                c_x[W_A*KE +: W_A], c_d[W_G*KE +: W_G], c_dok[KE]};
            if (gc > 0) begin : g_unused
                wire unused_tail = &{1'b0, c_bias[KE], c_psum[PS_BITS*KE +: PS_BITS],
                                     c_col[16*KE +: 16], c_rowbase[16*KE +: 16]};
            end
        end
    endgenerate

    // update write-back, per unit, and the host port
    reg  [UN-1:0]    uq_we;
    reg  [W_W*UN-1:0] uq_w;
    reg  [W_S*UN-1:0] uq_v;
    reg  [AW-1:0]    uq_addr;
    reg  [KW-1:0]    uq_k;
    wire [AW-1:0] pe_haddr = (state == S_UPD) ? addr : h_addr[AW-1:0];
    wire [PW-1:0] h_pe     = h_addr[AW +: PW];
    wire [1:0]    h_sel    = h_addr[AW+PW +: 2];

    wire [PT-1:0] pe_bz;
    assign pe_busy = pe_bz;
    genvar gp;
    generate
        for (gp = 0; gp < PT; gp = gp + 1) begin : g_pe
            localparam integer UI = gp % UN;
            localparam integer KI = gp / UN;
            localparam [KW-1:0] KIW = KI[KW-1:0];
            localparam integer KA = (gp / P) * (P + 1) + gp % P;   // its input link
            localparam integer KB = KA + 1;                          // its output link
            assign pe_bz[gp] = c_valid[KB] | cb_valid[KB];
            mlp_dense_pe #(
                .AW(AW), .CW(16), .RW(16),
                .W_BITS(W_W), .X_BITS(W_A), .D_BITS(W_G), .S_BITS(W_S), .F_X(F_A),
                .ACC_BITS(ACC_BITS), .PS_BITS(PS_BITS), .GA_BITS(GA_BITS), .DUAL(DUAL), .MUL1(MUL1),
                .MEM_BLOCK((USEQ != 0) ? PE_BRAM : 0), .HAS_V(HAS_MOM),
                .MEM_SP(PE_SP), .MEM_HUGE(PE_HUGE), .G_HUGE_W(G_HUGE_W), .DEPTH(DEPTH)
            ) u_pe (
                .clk(clk), .rst(rst), .mode(mode), .batch_first(b_first),
                .in_valid(c_valid[KA]), .in_bias(c_bias[KA]), .in_first(c_first[KA]),
                .in_last(c_last[KA]),
                .in_addr(c_addr[AW*KA +: AW]), .in_col(c_col[16*KA +: 16]),
                .in_rowbase(c_rowbase[16*KA +: 16]), .in_x(c_x[W_A*KA +: W_A]),
                .in_psum(c_psum[PS_BITS*KA +: PS_BITS]),
                .out_valid(c_valid[KB]), .out_bias(c_bias[KB]), .out_first(c_first[KB]),
                .out_last(c_last[KB]),
                .out_addr(c_addr[AW*KB +: AW]), .out_col(c_col[16*KB +: 16]),
                .out_rowbase(c_rowbase[16*KB +: 16]), .out_x(c_x[W_A*KB +: W_A]),
                .out_psum(c_psum[PS_BITS*KB +: PS_BITS]),
                .b_act(b_act), .bin_valid(cb_valid[KA]), .bin_bias(cb_bias[KA]),
                .bin_first(cb_first[KA]), .bin_addr(cb_addr[AW*KA +: AW]),
                .bin_x(cb_x[W_A*KA +: W_A]),
                .bout_valid(cb_valid[KB]), .bout_bias(cb_bias[KB]),
                .bout_first(cb_first[KB]), .bout_addr(cb_addr[AW*KB +: AW]),
                .bout_x(cb_x[W_A*KB +: W_A]),
                .d_in(c_d[W_G*KA +: W_G]), .d_out(c_d[W_G*KB +: W_G]),
                .d_row_ok_in(c_dok[KA]), .d_ok_out(c_dok[KB]),
                .acc(pe_acc[ACC_BITS*gp +: ACC_BITS]), .acc_rdy(pe_rdy[gp]),
                .rd_w_o(pe_rw[W_W*gp +: W_W]), .rd_g_o(pe_rg[GA_BITS*gp +: GA_BITS]),
                .rd_v_o(pe_rv[W_S*gp +: W_S]),
                .u_we(uq_we[UI] && uq_k == KIW), .u_addr(uq_addr),
                .u_w_new(uq_w[W_W*UI +: W_W]), .u_v_new(uq_v[W_S*UI +: W_S]),
                .h_en(h_en && h_pe == gp), .h_we(h_we), .h_sel(h_sel), .h_addr(pe_haddr),
                .h_wdata(h_wdata)
            );
        end
    endgenerate

    // ------------------------------------------------------------------
    // forward: the result line (PE p's finished sum enters at p, one hop a
    // cycle towards P-1; a group's sums leave one a cycle), one per chain;
    // with C > 1 the chains' sums of a row, which leave their lines in the
    // same cycle, are added (exact: full-width accumulators) in one
    // registered stage before the requantization
    wire [ACC_BITS*PT-1:0] res_acc;
    wire [16*PT-1:0]       res_j;
    wire [PT-1:0]          res_v;
    generate
        for (gp = 0; gp < PT; gp = gp + 1) begin : g_res
            localparam integer PP = gp % P;                          // place in its chain
            localparam integer KB = (gp / P) * (P + 1) + PP + 1;     // its output link
            localparam [15:0]  PPW = PP[15:0];
            reg [ACC_BITS-1:0] acc_r;
            reg [15:0]         j_r;
            reg                v_r;
            wire [ACC_BITS-1:0] prev_acc;
            wire [15:0]         prev_j;
            wire                prev_v;
            if (PP == 0) begin : g_first
                assign prev_acc = {ACC_BITS{1'b0}};
                assign prev_j   = 16'd0;
                assign prev_v   = 1'b0;
            end else begin : g_next
                assign prev_acc = res_acc[ACC_BITS*(gp-1) +: ACC_BITS];
                assign prev_j   = res_j[16*(gp-1) +: 16];
                assign prev_v   = res_v[gp-1];
            end
            always @(posedge clk) begin
                if (pe_rdy[gp]) begin
                    acc_r <= pe_acc[ACC_BITS*gp +: ACC_BITS];
                    j_r   <= c_rowbase[16*KB +: 16] + PPW;
                end else begin
                    acc_r <= prev_acc;
                    j_r   <= prev_j;
                end
                if (rst) v_r <= 1'b0;
                else     v_r <= pe_rdy[gp] || prev_v;
            end
            assign res_acc[ACC_BITS*gp +: ACC_BITS] = acc_r;
            assign res_j[16*gp +: 16] = j_r;
            assign res_v[gp] = v_r;
        end
    endgenerate
    wire [ACC_BITS-1:0] post_acc;
    wire [15:0]         post_j;
    wire                post_lv;
    generate
        if (C == 1) begin : g_one_chain
            assign post_acc = res_acc[ACC_BITS*(P-1) +: ACC_BITS];
            assign post_j   = res_j[16*(P-1) +: 16];
            assign post_lv  = res_v[P-1];
        end else begin : g_chain_sum
            reg [ACC_BITS-1:0] sum_c;
            reg [ACC_BITS-1:0] sum_r;
            reg [15:0]         sj_r;
            reg                sv_r;
            integer q;
            always @(*) begin
                sum_c = {ACC_BITS{1'b0}};
                for (q = 0; q < C; q = q + 1)
                    sum_c = sum_c + res_acc[ACC_BITS*(q*P + P-1) +: ACC_BITS];
            end
            always @(posedge clk) begin
                sum_r <= sum_c;
                sj_r  <= res_j[16*(P-1) +: 16];
                if (rst) sv_r <= 1'b0;
                else     sv_r <= res_v[P-1];
            end
            assign post_acc = sum_r;
            assign post_j   = sj_r;
            assign post_lv  = sv_r;
            // the other chains' row numbers and valid bits equal chain 0's
            wire unused_lines = &{1'b0, res_j[16*PT-1:16*P], res_v[PT-1:P]};
        end
    endgenerate
    // post stage A: z = requant(acc)
    wire                post_v   = post_lv && post_j < M[15:0];
    wire [31:0]         h_z;
    mlp_dense_hash u_h_z (.clk(clk), .rst(rst), .en(post_v), .seed(seed), .layer(LAYER[7:0]), .tensor(8'd8),
        .row(post_j), .col(32'd0), .step(f_cnt), .r(h_z));
    wire [W_A-1:0] z_new;
    wire           z_ovf;
    mlp_requant #(.IN_W(ACC_BITS), .IN_FRAC(F_W + F_A), .OUT_W(W_A), .OUT_FRAC(F_A),
                  .ROUND(RND_A), .OVF(OVF_A)) u_rq_z (
        .in_raw(post_acc), .rnd_word(h_z), .out_raw(z_new), .ovf_flag(z_ovf));

    reg            za_v;
    wire [31:0]    z_wa;
    reg  [W_A-1:0] z_r;
    reg  [9:0]     lfa_r;   // lut_addr(z_r)
    reg  [15:0]    j_r;

    // table address of a raw z (nearest point, clamped): one adder,
    // round(z / 2^S) + off = floor((z + off * 2^S + 2^(S-1)) / 2^S)
    function [9:0] lut_addr;
        input [W_A-1:0] z;
        reg signed [LZW-1:0] n;
        begin
            if (LUT_S > 0)
                n = ($signed({{(LZW-W_A){z[W_A-1]}}, z}) + $signed(LZ_K)) >>> LUT_SR;
            else
                n = ($signed({{(LZW-W_A){z[W_A-1]}}, z}) <<< LUT_SL) + $signed(LZ_K);
            if (n < 0)          lut_addr = 10'd0;
            else if (n > 1023)  lut_addr = 10'd1023;
            else                lut_addr = n[9:0];
        end
    endfunction

    // half-table word of entry i (LUT_SYM_*): i - 512, 512 - i, or 511 for i = 0
    function [8:0] half_idx;
        input [9:0] i;
        begin
            if (i[9])                 half_idx = i[8:0];
            else if (i[8:0] == 9'd0)  half_idx = 9'd511;
            else                      half_idx = 9'd0 - i[8:0];
        end
    endfunction

    // post stage B: a = f(z)
    reg  [W_A-1:0] a_val;
    wire [W_A-1:0] lut_f_q;
    wire [15:0]    lut_d_q;
    wire [31:0]    h_a;
    mlp_dense_hash u_h_a (.clk(clk), .rst(rst), .en(za_v), .seed(seed), .layer(LAYER[7:0]), .tensor(8'd9),
        .row(j_r), .col(32'd0), .step(f_cnt), .r(h_a));
    wire [W_A-1:0] a_leaky;
    wire           a_ovf;
    wire signed [17:0]     alpha_s = {1'b0, ALPHA_Q[16:0]};
    wire signed [W_A-1:0]  z_s = z_r;
    wire signed [W_A+17:0] z_alpha = z_s * alpha_s;
    mlp_requant #(.IN_W(W_A + 18), .IN_FRAC(F_A + 16), .OUT_W(W_A), .OUT_FRAC(F_A),
                  .ROUND(RND_A), .OVF(OVF_A)) u_rq_a (
        .in_raw(z_alpha),
        .rnd_word(h_a), .out_raw(a_leaky), .ovf_flag(a_ovf));
    wire z_pos = !z_r[W_A-1] && (z_r != {W_A{1'b0}});
    localparam integer MLAST_I = M - 1;
    localparam [15:0]  MLAST_J = MLAST_I[15:0];
    assign z_wa = op_zb + {16'd0, j_r};
    always @(*) begin
        case (ACT)
            1, 2:    a_val = lut_f_q;
            3:       a_val = z_pos ? z_r : {W_A{1'b0}};
            4:       a_val = z_r[W_A-1] ? a_leaky : z_r;
            5:       a_val = z_pos ? z_r : lut_f_q;
            default: a_val = z_r;
        endcase
    end
    always @(posedge clk) begin
        if (rst) begin
            za_v    <= 1'b0;
            y_valid <= 1'b0;
            y_last  <= 1'b0;
            x_done  <= 1'b0;
        end else begin
            x_done  <= state == S_STREAM && mode == M_FWD && t_valid && t_adv && last_col && last_r;
            za_v    <= post_v;
            y_valid <= za_v;
            y_last  <= za_v && j_r == MLAST_J;
        end
        z_r   <= z_new;
        lfa_r <= lf_addr;
        j_r   <= post_j;
        y_idx <= j_r;
        y_z   <= z_r;
        y_a   <= a_val;
    end
    // zbuf entry: {z > 0 (ZP), table part (ZL)}; the table part is the
    // derivative table's address, or (ZSYNC) its value f'(z), read with
    // f(z) at lf_addr (ld_addr below) and here the cycle z_r is
    wire [ZSW-1:0] zb_d;
    wire [ZLW-1:0] zb_l;
    generate
        if (ZSYNC != 0 && ZL > 0) begin : g_zb_fd
            assign zb_l = lut_d_q;
            wire unused_zl = &{1'b0, lfa_r};
        end else begin : g_zb_la
            assign zb_l = lfa_r;
        end
        if (ZL + ZP == 0) begin : g_zb_none
            assign zb_d = 1'b0;
            wire unused_zb = &{1'b0, z_pos, zb_l};
        end else if (ZP == 0) begin : g_zb_addr
            assign zb_d = zb_l;
            wire unused_zb = &{1'b0, z_pos};
        end else if (ZL == 0) begin : g_zb_pos
            assign zb_d = z_pos;
            wire unused_zb = &{1'b0, zb_l};
        end else begin : g_zb_both
            assign zb_d = {z_pos, zb_l};
        end
    endgenerate

    // ------------------------------------------------------------------
    // tables
    reg [9:0] lf_addr, ld_addr;
    generate
        if (USE_LUT != 0) begin : g_lut
            // a half table (LUT_SYM_* != 0) holds H[j] = f[512 + j]; entry i
            // reads H[i - 512] (i >= 512), H[512 - i] (1 <= i < 512) or
            // H[511] (i = 0), and an odd table returns 2 f[512] - H[j] for
            // i < 512 (the flag registered with the read, the subtraction
            // after it: same latency as the full table)
            // Entry 0's mirror (1024) lies outside the table: H[511] stands
            // for it, and where that is not f[0] (sigmoid's derivative) the
            // constant f[0] is muxed in (F0_FIX, D0_FIX: decided here from
            // the parameters, no logic otherwise).
            localparam [W_A-1:0] F_2C  = {LUT_F_DATA[512*W_A +: W_A-1], 1'b0};
            localparam [15:0]    D_2C  = {LUT_D_DATA[512*16 +: 15], 1'b0};
            localparam [W_A-1:0] F_0   = LUT_F_DATA[0 +: W_A];
            localparam [15:0]    D_0   = LUT_D_DATA[0 +: 16];
            localparam [W_A-1:0] F_TOP = LUT_F_DATA[1023*W_A +: W_A];
            localparam [15:0]    D_TOP = LUT_D_DATA[1023*16 +: 16];
            localparam [W_A-1:0] F_M0  = (LUT_SYM_F == 1) ? F_2C - F_TOP : F_TOP;
            localparam [15:0]    D_M0  = (LUT_SYM_D == 1) ? D_2C - D_TOP : D_TOP;
            localparam integer   F0_FIX = (LUT_SYM_F != 0 && F_M0 != F_0) ? 1 : 0;
            localparam integer   D0_FIX = (LUT_SYM_D != 0 && D_M0 != D_0) ? 1 : 0;
            reg [W_A-1:0] lf_q;
            reg [15:0]    ld_q;
            reg           lf_lo, ld_lo;    // the entry read lies below 512
            reg           lf_z0, ld_z0;    // ... and is entry 0
            if (LUT_SYM_F != 0) begin : g_f_half
                reg [W_A-1:0] lut_f [0:511];
                integer n;
                initial
                    for (n = 0; n < 512; n = n + 1)
                        lut_f[n] = LUT_F_DATA[(512+n)*W_A +: W_A];
                always @(posedge clk) begin
                    lf_q  <= lut_f[half_idx(lf_addr)];
                    lf_lo <= !lf_addr[9];
                    lf_z0 <= lf_addr == 10'd0;
                end
            end else begin : g_f_full
                reg [W_A-1:0] lut_f [0:1023];
                integer n;
                initial
                    for (n = 0; n < 1024; n = n + 1)
                        lut_f[n] = LUT_F_DATA[n*W_A +: W_A];
                always @(posedge clk) begin
                    lf_q  <= lut_f[lf_addr];
                    lf_lo <= 1'b0;
                    lf_z0 <= 1'b0;
                end
            end
            if (LUT_SYM_D != 0) begin : g_d_half
                reg [15:0] lut_d [0:511];
                integer n;
                initial
                    for (n = 0; n < 512; n = n + 1)
                        lut_d[n] = LUT_D_DATA[(512+n)*16 +: 16];
                always @(posedge clk) begin
                    ld_q  <= lut_d[half_idx(ld_addr)];
                    ld_lo <= !ld_addr[9];
                    ld_z0 <= ld_addr == 10'd0;
                end
            end else begin : g_d_full
                reg [15:0] lut_d [0:1023];
                integer n;
                initial
                    for (n = 0; n < 1024; n = n + 1)
                        lut_d[n] = LUT_D_DATA[n*16 +: 16];
                always @(posedge clk) begin
                    ld_q  <= lut_d[ld_addr];
                    ld_lo <= 1'b0;
                    ld_z0 <= 1'b0;
                end
            end
            assign lut_f_q = (F0_FIX != 0 && lf_z0)    ? F_0
                           : (LUT_SYM_F == 1 && lf_lo) ? F_2C - lf_q : lf_q;
            assign lut_d_q = (D0_FIX != 0 && ld_z0)    ? D_0
                           : (LUT_SYM_D == 1 && ld_lo) ? D_2C - ld_q : ld_q;
        end else begin : g_nolut
            assign lut_f_q = {W_A{1'b0}};
            assign lut_d_q = 16'd0;
            wire unused_lut = &{1'b0, lf_addr, ld_addr};
        end
    endgenerate
    always @(*) begin
        lf_addr = lut_addr(z_new);
    end

    // ------------------------------------------------------------------
    // backward: the partial sums leaving the chain; the last group's go out
    wire [PS_BITS-1:0] ps_out  = c_psum[PS_BITS*P +: PS_BITS];
    wire [15:0]        ps_col  = c_col[16*P +: 16];
    wire [15:0]        ps_rb   = c_rowbase[16*P +: 16];
    wire               ps_v    = mode == M_BWD && c_valid[P] && !c_bias[P];
    wire               ps_first = R == 1 || ps_rb == 16'd0;    // (R = 1: the row base stays 0)
    wire               ps_last  = R == 1 || ps_rb == LASTBASE;
    wire [PS_BITS-1:0] ps_sum  = ps_first ? ps_out : gacc[ps_col[NIW-1:0]] + ps_out;
    reg                gs_v;
    reg [PS_BITS-1:0]  gs_sum;
    reg [15:0]         gs_i;
    always @(posedge clk) begin
        if (ps_v && !ps_last)
            gacc[ps_col[NIW-1:0]] <= ps_sum;
        if (rst) gs_v <= 1'b0;
        else     gs_v <= ps_v && ps_last && LAYER > 0;
        gs_sum <= ps_sum;
        gs_i   <= ps_col;
    end
    wire [31:0]        h_g;
    mlp_dense_hash u_h_g (.clk(clk), .rst(rst), .en(gs_v), .seed(seed), .layer(LAYER[7:0] - 8'd1), .tensor(8'd11),
        .row(gs_i), .col(32'd0), .step(b_cnt), .r(h_g));
    wire g_ovf;
    reg  go_ovf;
    reg  [W_G-1:0] go_q;
    wire [W_G-1:0] g_new;
    mlp_requant #(.IN_W(PS_BITS), .IN_FRAC(F_W + F_G), .OUT_W(W_G), .OUT_FRAC(F_G),
                  .ROUND(RND_G), .OVF(OVF_G)) u_rq_g (
        .in_raw(gs_sum), .rnd_word(h_g), .out_raw(g_new), .ovf_flag(g_ovf));
    assign go_data = go_q;
    always @(posedge clk) begin
        if (rst) go_valid <= 1'b0;
        else     go_valid <= gs_v;
        go_idx <= gs_i;
        go_q   <= g_new;
        go_ovf <= g_ovf;
    end

    // backward: delta from incoming g (two stages: table read, then product)
    reg            gi1_valid;
    reg [15:0]     gi1_idx;
    reg [W_G-1:0]  gi1_g;
    reg [31:0]     gi1_cnt;
    reg            gi1_slot;
    wire           gz_pos;    // z > 0 of gi1's output
    wire [15:0]    gi1_fd;    // f'(z) of gi1's output
    // zbuf at gi_za: asynchronously (gi_zb in gi's cycle, then the table
    // read at its address and z > 0 registered), or (ZSYNC) through the
    // registered read (gi_zb in gi1's cycle: f'(z) and z > 0)
    wire [ZSW-1:0] gi_zb;
    wire [ZLW-1:0] gi_zl;
    wire           gi_zp;
    generate
        if (ZSYNC != 0) begin : g_zsync
            mlp_ram_dp #(.ADDR_W(ZAW), .DATA_W(ZSW), .OLD_ON_COLLISION(0)) u_zbuf (
                .clk(clk), .wr_en(za_v), .wr_addr(z_wa[ZAW-1:0]), .wr_data(zb_d),
                .rd_en(1'b1), .rd_addr(gi_za[ZAW-1:0]), .rd_data(gi_zb));
        end else begin : g_zasync
            reg [ZSW-1:0] zbuf [0:ZS*M-1];
            always @(posedge clk) begin
                if (za_v) zbuf[z_wa[ZAW-1:0]] <= zb_d;
            end
            assign gi_zb = zbuf[gi_za[ZAW-1:0]];
        end
        if (ZL > 0) begin : g_zl
            assign gi_zl = gi_zb[ZLW-1:0];
        end else begin : g_nozl
            assign gi_zl = {ZLW{1'b0}};
        end
        if (ZP > 0) begin : g_zp
            assign gi_zp = gi_zb[ZSW-1];
        end else begin : g_nozp
            assign gi_zp = 1'b0;
            wire unused_zp = &{1'b0, gi_zb};
        end
        if (ZSYNC != 0 && ZL > 0) begin : g_fd_zb
            always @(*) begin
                ld_addr = lf_addr;
            end
            assign gi1_fd = gi_zl;
        end else begin : g_fd_lut
            always @(*) begin
                ld_addr = gi_zl[9:0];
            end
            assign gi1_fd = lut_d_q;
        end
        if (ZSYNC != 0) begin : g_pos_zb
            assign gz_pos = gi_zp;
        end else begin : g_pos_reg
            reg gi1_pos;
            always @(posedge clk) begin
                gi1_pos <= gi_zp;
            end
            assign gz_pos = gi1_pos;
        end
    endgenerate
    always @(posedge clk) begin
        if (rst) gi1_valid <= 1'b0;
        else     gi1_valid <= gi_valid;
        gi1_idx  <= gi_idx;
        gi1_g    <= gi_data;
        gi1_cnt  <= gi_cnt;
        gi1_slot <= gi_s[0];
    end
    wire [31:0] h_d;
    mlp_dense_hash u_h_d (.clk(clk), .rst(rst), .en(gi1_valid), .seed(seed), .layer(LAYER[7:0]), .tensor(8'd10),
        .row(gi1_idx), .col(32'd0), .step(gi1_cnt), .r(h_d));
    wire signed [W_G-1:0]  gi1_s = gi1_g;
    wire signed [15:0]     fd_s  = gi1_fd;
    wire signed [W_G+15:0] g_fd = gi1_s * fd_s;
    wire signed [W_G+17:0] g_alpha = gi1_s * alpha_s;
    wire [W_G-1:0] d_lut, d_leaky;
    wire           d_lut_ovf, d_leaky_ovf;
    mlp_requant #(.IN_W(W_G + 16), .IN_FRAC(F_G + F_D), .OUT_W(W_G), .OUT_FRAC(F_G),
                  .ROUND(RND_G), .OVF(OVF_G)) u_rq_dl (
        .in_raw(g_fd), .rnd_word(h_d),
        .out_raw(d_lut), .ovf_flag(d_lut_ovf));
    mlp_requant #(.IN_W(W_G + 18), .IN_FRAC(F_G + 16), .OUT_W(W_G), .OUT_FRAC(F_G),
                  .ROUND(RND_G), .OVF(OVF_G)) u_rq_dk (
        .in_raw(g_alpha), .rnd_word(h_d),
        .out_raw(d_leaky), .ovf_flag(d_leaky_ovf));
    reg [W_G-1:0] d_val;
    reg           d_ovf;
    wire [31:0]   gi1_da = (gi1_slot ? M : 32'd0) + {16'd0, gi1_idx};
    wire [31:0]   di_da  = (gi_s[0] ? M : 32'd0) + {16'd0, di_idx};
    always @(*) begin
        d_ovf = 1'b0;
        case (ACT)
            1, 2: begin d_val = d_lut; d_ovf = d_lut_ovf; end
            3:    d_val = gz_pos ? gi1_g : {W_G{1'b0}};
            4:    begin d_val = gz_pos ? gi1_g : d_leaky; d_ovf = !gz_pos && d_leaky_ovf; end
            5:    begin d_val = gz_pos ? gi1_g : d_lut; d_ovf = !gz_pos && d_lut_ovf; end
            default: d_val = gi1_g;
        endcase
    end
    generate
        if (DSYNC != 0) begin : g_dsync
            // registered read at next cycle's address (dl_an)
            wire            db_we = gi1_valid || di_valid;
            wire [DAW-1:0]  db_wa = gi1_valid ? gi1_da[DAW-1:0] : di_da[DAW-1:0];
            wire [W_G-1:0]  db_wd = gi1_valid ? d_val : di_data;
            mlp_ram_dp #(.ADDR_W(DAW), .DATA_W(W_G), .OLD_ON_COLLISION(0)) u_dbuf (
                .clk(clk), .wr_en(db_we), .wr_addr(db_wa), .wr_data(db_wd),
                .rd_en(1'b1), .rd_addr(dl_an[DAW-1:0]), .rd_data(dl_q));
        end else begin : g_dasync
            reg [W_G-1:0] dbuf [0:2*M-1];
            always @(posedge clk) begin
                if (gi1_valid) dbuf[gi1_da[DAW-1:0]] <= d_val;
                else if (di_valid) dbuf[di_da[DAW-1:0]] <= di_data;
            end
            assign dl_q = dbuf[dl_a[DAW-1:0]];
        end
    endgenerate

    // ------------------------------------------------------------------
    // update units: unit u reads PE u + uk*U one cycle after the address,
    // its result is written back one cycle later
    reg              u1_valid;
    reg              us_pend;
    // a single-ported W or V: no read (issue) in the cycle of a write-back
    wire             u_go = USEQ == 0 || (!us_pend && ((PE_SP & 5) == 0 || uq_we == {UN{1'b0}}));
    wire [UN-1:0]    uu_ov, uu_ir;   // USEQ: result valid, unit ready
    reg [KW-1:0]     u1_k;
    reg [AW-1:0]     u1_addr;
    reg [RBW-1:0]    u1_rb;
    reg [CLW-1:0]    u1_i;
    wire [31:0]      u1_rb_x = {{(32-RBW){1'b0}}, u1_rb};
    wire [31:0]      u1_i_x  = {{(32-CLW){1'b0}}, u1_i};
    wire [UN-1:0]    uu_ok, uu_b, uu_wovf, uu_vovf;
    wire [W_W*UN-1:0] uu_w;
    wire [W_S*UN-1:0] uu_v;
    genvar gu;
    generate
        for (gu = 0; gu < UN; gu = gu + 1) begin : g_upd
            // PE pidx = chain pch, place prow: row u1_rb + prow, column pch*NCC + u1_i
            wire [15:0]      pidx = gu[15:0] + {{(16-KW){1'b0}}, u1_k} * UN[15:0];
            wire [15:0]      pch  = (C == 1) ? 16'd0 : pidx / P[15:0];
            wire [15:0]      prow = (C == 1) ? pidx : pidx - pch * P[15:0];
            wire [15:0]      uj   = u1_rb_x[15:0] + prow;
            wire [15:0]      ui   = pch * NCC[15:0] + u1_i_x[15:0];
            wire             ub   = (HAS_BIAS != 0) && ui == N[15:0];
            assign uu_b[gu]  = ub;
            assign uu_ok[gu] = ((USEQ != 0) ? uu_ov[gu] : u1_valid) && pidx < PT[15:0] && uj < M[15:0] && ui <= LASTCOL[15:0];
            wire [W_W-1:0]   uw;
            wire [GA_BITS-1:0] ug;
            wire [W_S-1:0]   uv;
            if (KU == 1) begin : g_one
                assign uw = pe_rw[W_W*gu +: W_W];
                assign ug = pe_rg[GA_BITS*gu +: GA_BITS];
                assign uv = pe_rv[W_S*gu +: W_S];
            end else begin : g_mux
                // PE u + k*U, k = u1_k (out-of-range slots read PE u; masked by uu_ok)
                reg [W_W-1:0]     mw;
                reg [GA_BITS-1:0] mg;
                reg [W_S-1:0]     mv;
                integer q, qi;
                always @(*) begin
                    mw = pe_rw[W_W*gu +: W_W];
                    mg = pe_rg[GA_BITS*gu +: GA_BITS];
                    mv = pe_rv[W_S*gu +: W_S];
                    for (q = 1; q < KU; q = q + 1) begin
                        qi = (gu + q * UN < PT) ? gu + q * UN : gu;
                        if (u1_k == q[KW-1:0]) begin
                            mw = pe_rw[W_W*qi +: W_W];
                            mg = pe_rg[GA_BITS*qi +: GA_BITS];
                            mv = pe_rv[W_S*qi +: W_S];
                        end
                    end
                end
                assign uw = mw;
                assign ug = mg;
                assign uv = mv;
            end
            // the random words of the update's roundings (the shared unit
            // computes its own from the coordinates on xu_*)
            wire [31:0]      h_uv, h_uw;
            if (USHARE == 0) begin : g_hu
                mlp_dense_hash u_h_uv (.clk(clk), .rst(rst), .en(u1_valid), .seed(seed), .layer(LAYER[7:0]),
                    .tensor(ub ? 8'd3 : 8'd2), .row(uj),
                    .col(ub ? 32'd0 : {16'd0, ui}), .step(step_cnt), .r(h_uv));
                mlp_dense_hash u_h_uw (.clk(clk), .rst(rst), .en(u1_valid), .seed(seed), .layer(LAYER[7:0]),
                    .tensor(ub ? 8'd1 : 8'd0), .row(uj),
                    .col(ub ? 32'd0 : {16'd0, ui}), .step(step_cnt), .r(h_uw));
            end else begin : g_no_hu
                assign h_uv = 32'd0;
                assign h_uw = 32'd0;
                wire unused_hu = &{1'b0, h_uv, h_uw};
            end
            if (USEQ == 0) begin : g_comb
                mlp_update_sgd #(
                    .W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W),
                    .W_S(W_S), .F_S(F_S), .RND_S(RND_S), .OVF_S(OVF_S),
                    .G_W(GA_BITS), .F_G(F_G + F_A)
                ) u_upd (
                    .en(u1_valid), .w(uw), .g(ug), .v(uv), .bias(ub), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
                    .nesterov(nesterov), .rnd_v(h_uv), .rnd_w(h_uw),
                    .w_new(uu_w[W_W*gu +: W_W]), .v_new(uu_v[W_S*gu +: W_S]),
                    .ovf_w(uu_wovf[gu]), .ovf_v(uu_vovf[gu]));
                assign uu_ov[gu] = 1'b0;
                assign uu_ir[gu] = 1'b1;
            end else if (USHARE != 0) begin : g_shared
                // the shared unit: the step out while u1_valid, its result
                // in; only the layer that waits for one (us_pend) takes it
                assign xu_valid = u1_valid;
                assign xu_w     = u1_valid ? uw : {W_W{1'b0}};
                assign xu_g     = u1_valid ? ug : {GA_BITS{1'b0}};
                assign xu_v     = u1_valid ? uv : {W_S{1'b0}};
                assign xu_bias  = u1_valid && ub;
                assign xu_layer = u1_valid ? LAYER[7:0] : 8'd0;
                assign xu_row   = u1_valid ? uj : 16'd0;
                assign xu_col   = u1_valid ? {16'd0, ui} : 32'd0;   // (the unit takes 0 for a bias)
                assign uu_ov[gu]   = xu_ov && us_pend;
                assign uu_ir[gu]   = 1'b1;
                assign uu_w[W_W*gu +: W_W] = xu_w_new;
                assign uu_v[W_S*gu +: W_S] = xu_v_new;
                assign uu_wovf[gu] = xu_ovf_w;
                assign uu_vovf[gu] = xu_ovf_v;
                wire unused_hyp = &{1'b0, lr_q, mom_q, wd_q, nesterov};   // (the unit's inputs, at the top)
            end else begin : g_seq
                // accepts the step the cycle after its issue (u1_valid; idle by
                // then), result LATENCY cycles later, taken at once
                mlp_update_sgd_seq #(
                    .W_W(W_W), .F_W(F_W), .RND_W(RND_W), .OVF_W(OVF_W),
                    .W_S(W_S), .F_S(F_S), .RND_S(RND_S), .OVF_S(OVF_S),
                    .G_W(GA_BITS), .F_G(F_G + F_A), .HAS_MOM(HAS_MOM), .HAS_WD(HAS_WD),
                    .HAS_NEST(HAS_NEST)
                ) u_upd (
                    .clk(clk), .rst(rst), .in_valid(u1_valid), .in_ready(uu_ir[gu]),
                    .w(uw), .g(ug), .v(uv), .bias(ub), .lr_q(lr_q), .mom_q(mom_q), .wd_q(wd_q),
                    .nesterov(nesterov), .rnd_v(h_uv), .rnd_w(h_uw),
                    .out_valid(uu_ov[gu]), .out_ready(1'b1),
                    .w_new(uu_w[W_W*gu +: W_W]), .v_new(uu_v[W_S*gu +: W_S]),
                    .ovf_w(uu_wovf[gu]), .ovf_v(uu_vovf[gu]));
            end
        end
    endgenerate

    generate
        if (USHARE == 0) begin : g_no_share
            assign xu_valid = 1'b0;
            assign xu_w     = {W_W{1'b0}};
            assign xu_g     = {XG_W{1'b0}};
            assign xu_v     = {W_S{1'b0}};
            assign xu_bias  = 1'b0;
            assign xu_layer = 8'd0;
            assign xu_row   = 16'd0;
            assign xu_col   = 32'd0;
            wire unused_xu = &{1'b0, xu_ov, xu_w_new, xu_v_new, xu_ovf_w, xu_ovf_v};
        end else begin : g_share
            wire unused_step = &{1'b0, step_cnt};   // (the shared unit takes it at the top)
        end
    endgenerate

    // USEQ: one step in flight at a time; u1_* hold its place until its
    // result is written (us_pend from the issue to the unit's out_valid)
    always @(posedge clk) begin
        if (rst) begin
            u1_valid <= 1'b0;
            uq_we    <= {UN{1'b0}};
            us_pend  <= 1'b0;
        end else begin
            u1_valid <= state == S_UPD && u_go;
            uq_we    <= uu_ok;
            if (USEQ != 0 && state == S_UPD && u_go) us_pend <= 1'b1;
            else if (uu_ov[0])                       us_pend <= 1'b0;
        end
        if (u_go) begin
            u1_k    <= uk;
            u1_addr <= addr;
            u1_rb   <= rowbase;
            u1_i    <= col;
        end
        uq_addr <= u1_addr;
        uq_k    <= u1_k;
        uq_w    <= uu_w;
        uq_v    <= uu_v;
    end

    // overflow events: counts of this cycle
    wire a_ovf_ev = za_v && ACT == 4 && z_r[W_A-1] && a_ovf;
    integer eu;
    reg [15:0] n_w, n_b, n_vw, n_vb;
    always @(*) begin
        n_w = 16'd0; n_b = 16'd0; n_vw = 16'd0; n_vb = 16'd0;
        for (eu = 0; eu < UN; eu = eu + 1) begin
            if (uu_ok[eu] && uu_wovf[eu]) begin
                if (uu_b[eu]) n_b = n_b + 16'd1; else n_w = n_w + 16'd1;
            end
            if (uu_ok[eu] && uu_vovf[eu]) begin
                if (uu_b[eu]) n_vb = n_vb + 16'd1; else n_vw = n_vw + 16'd1;
            end
        end
        ovf_ev = {n_vb, n_vw, n_b, n_w,
                  15'd0, gi1_valid && d_ovf,
                  15'd0, go_valid && go_ovf,
                  15'd0, a_ovf_ev,
                  15'd0, post_v && z_ovf};
    end

    // ------------------------------------------------------------------
    // host read data
    reg [PW-1:0] hr_pe;
    reg [1:0]    hr_sel;
    always @(posedge clk) begin
        hr_pe  <= h_pe;
        hr_sel <= h_sel;
    end
    wire [W_W-1:0]     hr_w = pe_rw[W_W*hr_pe +: W_W];
    wire [GA_BITS-1:0] hr_g = pe_rg[GA_BITS*hr_pe +: GA_BITS];
    wire [W_S-1:0]     hr_v = pe_rv[W_S*hr_pe +: W_S];
    wire [GA_BITS+31:0] hr_gx = {{32{hr_g[GA_BITS-1]}}, hr_g};
    always @(*) begin
        case (hr_sel)
            2'd0:    h_rdata = {{(33-W_W){hr_w[W_W-1]}}, hr_w[W_W-2:0]};
            2'd1:    h_rdata = hr_gx[31:0];
            default: h_rdata = {{(33-W_S){hr_v[W_S-1]}}, hr_v[W_S-2:0]};
        endcase
    end

    // ------------------------------------------------------------------
    // the sequencer. The columns of both streams and the starts of the
    // delta feed are worked out here first (col_n, bq_col_n; fd_st at row
    // fd_sj): the x and delta buffers' registered reads take them a cycle
    // ahead (XSYNC, DSYNC).
    always @(*) begin
        col_n    = col;
        bq_col_n = bq_col;
        fd_st    = 1'b0;
        fd_sj    = {FJW{1'b0}};
        if (!rst) begin
            case (state)
            S_IDLE: begin
                col_n = {CLW{1'b0}};
                if (!cmd_fwd && cmd_bwd && DUAL == 0) fd_st = 1'b1;   // (row 0)
            end
            S_STREAM: if (t_adv) begin
                if (t_valid) begin
                    if (!last_col) begin
                        col_n = col + 1'b1;
                    end else if (!last_r) begin
                        col_n = {CLW{1'b0}};
                        if (t_gap0 && mode == M_BWD) begin
                            fd_st = 1'b1; fd_sj = rb_x[FJW-1:0] + PSTEP_J;
                        end
                    end else if (f_cont) begin
                        col_n = {CLW{1'b0}};
                    end
                end else if (wait_cnt == {WCW{1'b0}} && mode == M_BWD) begin
                    fd_st = 1'b1; fd_sj = rb_x[FJW-1:0];
                end
            end
            S_UPD: if (u_go) col_n = last_col ? {CLW{1'b0}} : col + 1'b1;
            S_TAIL: if (f_rest) col_n = {CLW{1'b0}};
            default: ;
            endcase
            case (bq_state)   // (idle for ever unless DUAL)
            2'd0: begin
                bq_col_n = {CLW{1'b0}};
                if (cmd_bwd && DUAL != 0) fd_st = 1'b1;   // (row 0)
            end
            2'd1: if (bq_adv) begin
                if (bq_tv) begin
                    if (!bq_last_col) begin
                        bq_col_n = bq_col + 1'b1;
                    end else if (!bq_last_r) begin
                        bq_col_n = {CLW{1'b0}};
                        if (bq_gap0) begin
                            fd_st = 1'b1; fd_sj = bq_rb_x[FJW-1:0] + PSTEP_J;
                        end
                    end
                end else if (bq_wait == {WCW{1'b0}}) begin
                    fd_st = 1'b1; fd_sj = bq_rb_x[FJW-1:0];
                end
            end
            default: ;
            endcase
        end
    end
    always @(posedge clk) begin
        if (state != S_STREAM || t_adv) t_valid <= 1'b0;   // (half rate: held while it shows)
        ph <= (state == S_IDLE && bq_state == 2'd0) ? 1'b0 : !ph;
        col    <= col_n;
        bq_col <= bq_col_n;
        if (fd_v) begin
            fd_j <= fd_j + 1'b1;
            fd_k <= fd_k + 1'b1;
            if (P == 1 || fd_k == PLAST_K) fd_v <= 1'b0;
        end
        if (fd_st) begin
            fd_v <= 1'b1; fd_j <= fd_sj; fd_k <= {FKW{1'b0}};
        end
        if (rst) begin
            state <= S_IDLE;
            mode  <= M_HOST;
            fd_v  <= 1'b0;
            bq_state <= 2'd0;
            bq_tv <= 1'b0;
            hr    <= 1'b0;
            bhr   <= 1'b0;
        end else begin
            case (state)
            S_IDLE: begin
                r <= {RRW{1'b0}}; rowbase <= {RBW{1'b0}}; uk <= {KW{1'b0}};
                addr <= {AW{1'b0}};
                if (cmd_fwd || (cmd_bwd && DUAL == 0)) begin
                    mode <= cmd_fwd ? M_FWD : M_BWD; state <= S_STREAM; t_valid <= 1'b1;
                    hr <= hr_cmd; cur_s <= f_s;
                end else if (cmd_upd) begin
                    mode <= M_UPD; state <= S_UPD;
                end else begin
                    mode <= M_HOST;
                end
            end
            // ---- forward and backward: row groups back to back ----
            S_STREAM: if (t_adv) begin
                if (t_valid) begin
                    if (!last_col) begin
                        addr <= addr + 1'b1; t_valid <= 1'b1;
                    end else if (!last_r) begin
                        r <= r + 1'b1; rowbase <= rowbase + PSTEP_C;
                        addr <= next_base[AW-1:0];
                        if (t_gap0) begin
                            t_valid <= 1'b1;   // (BWD: a delta feed, fd_st)
                        end else begin
                            wait_cnt <= t_gapi;
                        end
                    end else if (f_cont) begin   // (ISTR: sample f_s follows on)
                        r <= {RRW{1'b0}}; rowbase <= {RBW{1'b0}}; addr <= {AW{1'b0}};
                        cur_s <= f_s;
                        if (t_gap0) t_valid <= 1'b1;
                        else        wait_cnt <= t_gapi;
                    end else begin
                        state <= S_TAIL; wait_cnt <= hr ? TAILH_C : TAIL_C;
                    end
                end else if (wait_cnt == {WCW{1'b0}}) begin
                    t_valid <= 1'b1;   // (BWD: a delta feed, fd_st)
                end else begin
                    wait_cnt <= wait_cnt - 1'b1;
                end
            end
            S_TAIL: begin   // results, g out and the receiver's delta path finish
                wait_cnt <= wait_cnt - 1'b1;
                if (f_rest) begin   // (ISTR: sample f_s follows on; r, addr are 0)
                    state <= S_STREAM; t_valid <= 1'b1; cur_s <= f_s;
                    r <= {RRW{1'b0}}; rowbase <= {RBW{1'b0}}; addr <= {AW{1'b0}};
                end else if (wait_cnt == {WCW{1'b0}}) begin
                    state <= S_IDLE; mode <= M_HOST;
                end
            end
            // ---- update: PE slot uk, row group r, column col ----
            S_UPD: if (u_go) begin
                if (last_col) begin
                    if (last_r) begin
                        r <= {RRW{1'b0}}; rowbase <= {RBW{1'b0}}; addr <= {AW{1'b0}};
                        if (KU == 1 || uk == KLAST) begin
                            state <= S_UFLUSH; wait_cnt <= WC3;
                        end else begin
                            uk <= uk + 1'b1;
                        end
                    end else begin
                        r <= r + 1'b1; rowbase <= rowbase + PSTEP_C; addr <= next_base[AW-1:0];
                    end
                end else begin
                    addr <= addr + 1'b1;
                end
            end
            S_UFLUSH: if (u_go) begin   // (USEQ: the last result is written first)
                wait_cnt <= wait_cnt - 1'b1;
                if (wait_cnt == {WCW{1'b0}}) begin
                    state <= S_IDLE; mode <= M_HOST;
                end
            end
            default: state <= S_IDLE;
            endcase
            // ---- DUAL: the gradient pass on its own stream ----
            if (bq_state != 2'd1 || bq_adv) bq_tv <= 1'b0;
            begin   // (idle for ever unless DUAL)
                case (bq_state)
                2'd0: begin
                    bq_r <= {RRW{1'b0}}; bq_rb <= {RBW{1'b0}}; bq_addr <= {AW{1'b0}};
                    if (cmd_bwd && DUAL != 0) begin
                        bq_state <= 2'd1; bq_tv <= 1'b1; bhr <= bhr_cmd;   // (a delta feed, fd_st)
                    end
                end
                2'd1: if (bq_adv) begin
                    if (bq_tv) begin
                        if (!bq_last_col) begin
                            bq_addr <= bq_addr + 1'b1; bq_tv <= 1'b1;
                        end else if (!bq_last_r) begin
                            bq_r <= bq_r + 1'b1; bq_rb <= bq_rb + PSTEP_C;
                            bq_addr <= bq_next[AW-1:0];
                            if (bq_gap0) begin
                                bq_tv <= 1'b1;   // (a delta feed, fd_st)
                            end else begin
                                bq_wait <= bq_gapi;
                            end
                        end else begin
                            bq_state <= 2'd2; bq_wait <= bhr ? TAILH_C : TAIL_C;
                        end
                    end else if (bq_wait == {WCW{1'b0}}) begin
                        bq_tv <= 1'b1;   // (a delta feed, fd_st)
                    end else begin
                        bq_wait <= bq_wait - 1'b1;
                    end
                end
                default: begin
                    bq_wait <= bq_wait - 1'b1;
                    if (bq_wait == {WCW{1'b0}}) bq_state <= 2'd0;
                end
                endcase
            end
        end
    end

    wire unused_ok = &{1'b0, x_idx, di_idx, h_addr, x_s, f_s, b_s, gi_s, x_wa, op_xb, op_zb, gi_za, op_db,
                       bq_xb, bq_xa, bq_next, mx_s, x_bank, x_off,
                       t_xa, dl_a, z_wa, gi1_da, di_da, t_xan, bq_xan, dl_an, mx_sn,
                       hr_gx[GA_BITS+31:32], ps_col, next_base, fd_k, uu_ir,
                       col_x, rb_x, bq_col_x, bq_rb_x, u1_rb_x, u1_i_x};
endmodule

`resetall
