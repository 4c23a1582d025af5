// mlp_update_sgd_seq: the SGD update of mlp_update_sgd (docs/numerics.md
// section 7), bit for bit the same function, computed over several cycles
// with ONE 16x16 unsigned multiplier (one iCE40 SB_MAC16 / one DSP) and one
// shared adder, for parts that cannot afford the combinational unit.
//
// Function (identical to mlp_update_sgd, same parameters):
//   d    = G + wd_q*w            (biases: d = G; no weight decay)
//   v'   = requant(mom_q*v + d -> state)            [rnd_v]
//   step = v' | d + mom_q*v' (Nesterov) | d (mom_q == 0, v' = v)
//   w'   = requant(w - lr_q*step -> weights)        [rnd_w]
//
// Specialization to what the net uses (the compiler sets all three from
// the net's optimizer; 1, the default, builds the full unit):
//   HAS_MOM = 0: no momentum and no Nesterov: phases 1 and 2 (below) and the
//     v requantizer are not built; mom_q and nesterov are ignored (taken as
//     0): v_new = v, ovf_v = 0, step = d. The result equals the full
//     unit's whenever mom_q == 0 (the full unit ignores nesterov then).
//   HAS_WD = 0: no weight decay: phase 0 is not built, d = G (wd_q ignored,
//     taken as 0). The result equals the full unit's whenever wd_q == 0.
//   HAS_NEST = 0 (with HAS_MOM = 1): momentum without Nesterov: phase 2 is
//     not built and the step is v' itself (nesterov ignored, taken as 0;
//     mom_q taken as nonzero, so v_new = v' always). The w sum is then
//     aligned to v' (FU = max(F_S, F_W) + 24 instead of FD + 24) and the
//     step has W_S bits, not the v sum's: for 12-bit formats the
//     accumulator is 47 bits instead of 81 and the step one limb instead
//     of three. The result equals the full unit's whenever nesterov == 0
//     and mom_q != 0 (what the compiler emits it for: momentum_q != 0 and
//     no Nesterov; the host writes the net's own hyperparameters).
//   The alignments shrink with what is left (FD below: the fractional bits
//   of d, the step and the sums); every value is still exact, so the two
//   roundings see the same real numbers and give the same bits (a
//   stochastic rounding adds the same fraction of R at any alignment
//   finer than the result's). tests/hw/tb_mlp_update_sgd_seq.v runs every
//   configuration against the full combinational function.
//
// Interface (clock and reset first; rst synchronous, active high, resets
// the handshake state only):
//   in_valid/in_ready: in_ready = 1 when idle. On a cycle with in_valid &&
//     in_ready the unit samples w, g, v, bias, nesterov, and rnd_v, rnd_w
//     unless read late (they may change afterwards). lr_q, mom_q, wd_q are
//     NOT sampled: they must
//     stay constant from the accepting cycle until out_valid (they are host
//     registers, written only while the core is idle).
//   out_valid/out_ready: w_new, v_new, ovf_w, ovf_v are valid and held while
//     out_valid = 1; the result is consumed on a cycle with out_valid &&
//     out_ready, and in_ready rises on the next cycle. (They are not
//     registered apart: w_new/ovf_w are the w requantizer on acc, v_new/
//     ovf_v vq or v_r, registers that hold from FIN until the next accept.)
//   Late random words (mlp_update_sgd_hashed, whose hash computes them
//     while the unit works): RV_AT > 0: rnd_v is not sampled but read in
//     the RND cycle (below), which waits until it ends at edge RV_AT or
//     later (edges counted from the accepting one); RW_AT > 0: rnd_w alike,
//     in phase 3's ADD cycle. The word must be valid in that cycle. Without
//     waiting the RND cycle ends at edge TV_NAT = HAS_WD*(3 + 2*NB1) + 3 +
//     2*NB2 + 1, phase 3's ADD at LATENCY - 1.
//   Latency: out_valid rises exactly LATENCY clock edges after the
//     accepting edge, for every input (no data-dependent shortcut; the
//     localparam LATENCY below, checked by the testbench on every vector):
//       LATENCY = 2*(HAS_WD*NB1 + (2-MO)*HAS_MOM*NB2 + NB4)
//                 + 3*(HAS_WD + (2-MO)*HAS_MOM + 1) + 1 + VRND + VPAD + WPAD
//     with NB1 = ceil((W_W + FD-F_W-24)/16), NB2 = ceil((W_S + FD-F_S-24)/16),
//     NB4 = ceil(SW0/16) (SW0: the step width, below), MO = 1 for
//     HAS_NEST = 0 with HAS_MOM = 1 (no phase 2), VRND = 1 for a
//     stochastic v rounding (RND_S = 3, HAS_MOM = 1: the RND cycle), VPAD
//     and WPAD the waits for late words (0 when RV_AT = RW_AT = 0). For the
//     defaults (16/11, 16/11, G 40/26, full unit, RND_S 2) NB1 = NB2 = 1,
//     NB4 = 4: LATENCY = 27; without momentum and weight decay (FD = 26,
//     the step is G: NB4 = 3) LATENCY = 10. The result is consumed on the edge with
//     out_valid && out_ready; in_ready is 1 from the next cycle, so with
//     out_ready held high and in_valid waiting the unit takes a weight
//     every LATENCY + 2 cycles (29 for the full default unit). With
//     HAS_NEST = 0 the defaults give NB4 = 1 (the step is v'):
//     LATENCY 16; the iris12 core's unit (12/8, 12/8, G 27/20, HAS_WD 0,
//     HAS_NEST 0, RND 3/3) NB4 = 1: LAT0 12.
//   Cost (Yosys 0.23 synth_ice40 -dsp, defaults, RND_W 3): 796 SB_LUT4,
//     100 SB_CARRY, 323 flip-flops, 1 SB_MAC16 (814 / 107 / 394 with the
//     hyperparameter and the results registered, before 2026-12-06;
//     819 / 176 / 392 when the requantizers added the random words);
//     the iris12 core's unit (above) 354 / 46 / 172, 603 / 80 / 250 with
//     HAS_NEST = 1; mlp_update_sgd: 1 259 SB_LUT4, 14 SB_MAC16.
//   Fmax on UP5K (nextpnr-ice40, tests/synth/upd_pnr_top.v, seeds 1-3,
//     measured with the hyperparameter multiplexer and the results still
//     registered): 22.2, 21.1, 21.8 MHz; the critical paths are the 85-bit
//     carry chains of the w requantizer (acc -> w_new) and of the adder
//     (a registered requantizer input and a narrower, digit-serial adder
//     are the way to more). Now the multiplexer is one LUT level in
//     front of the multiplier and the adder, and w_new is the requantizer
//     on acc, combinational (the iCE40 core runs at 12 MHz).
//   ovf_w, ovf_v: as mlp_update_sgd (ovf_v = 0 when mom_q == 0).
//
// How: every product is hyperparameter (32-bit unsigned, two 16-bit limbs)
// times a signed operand B taken 16 bits at a time, most significant limb
// first (Horner): acc = -s*A (s = sign of B), then per limb b
// acc = (acc << 16) + A_lo*b, acc = acc + (A_hi*b << 16). Alignments are
// constant shifts of the narrow operands (wiring). Four phases, each
// LOAD (operand into the limb shift register), INIT, 2 cycles per limb, ADD:
//   0: acc = wd*(w << sw) + (g << sg) = d        (A = 0 for biases) -> dreg
//   1: acc = mom*(v << sv) + d = the v sum       -> requant v at the next LOAD
//      (RND_S = 3: an RND cycle first, acc += the random word aligned)
//   2: acc = mom*(v' << sv) + d                  (Nesterov step; not with HAS_NEST 0)
//   3: acc = -(lr*step) + (w << (FU-F_W))        -> requant w (FIN)
//      (HAS_NEST = 0: the step is v', taken off the v requantizer at LOAD)
//      (RND_W = 3: ADD adds the random word, aligned below w's bits, too)
// A stochastic rounding of x by S bits is floor((x + u) / 2^S) with u =
// R >> (32 - S) (S <= 32) or R << (S - 32) (docs/numerics.md section 1,
// mlp_requant ROUND 3): the adder forms x + u and the requantizer floors
// (ROUND 0), the same bits without a carry chain in the requantizer.
// (HAS_WD = 0: no phase 0, d = g << sg; HAS_MOM = 0: no phases 1 and 2.)
// All results are exact in AW bits (bounds below), so the two mlp_requant
// instances see the same values as mlp_update_sgd's 160-bit ones.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_update_sgd_seq #(
    parameter integer W_W   = 16, parameter integer F_W = 11,
    parameter integer RND_W = 2,  parameter integer OVF_W = 0,
    parameter integer W_S   = 16, parameter integer F_S = 11,
    parameter integer RND_S = 2,  parameter integer OVF_S = 0,
    parameter integer G_W   = 40, // gradient accumulator width
    parameter integer F_G   = 26, // its fractional bits
    parameter integer HAS_MOM = 1, // 0: no momentum / Nesterov (mom_q, nesterov ignored)
    parameter integer HAS_WD  = 1, // 0: no weight decay (wd_q ignored)
    parameter integer HAS_NEST = 1, // 0 (with HAS_MOM 1): no Nesterov, mom_q != 0 (nesterov ignored)
    parameter integer RV_AT   = 0, // 0: rnd_v sampled at the accept; > 0: read late (below)
    parameter integer RW_AT   = 0  // 0: rnd_w sampled at the accept; > 0: read late (below)
) (
    input  wire           clk,
    input  wire           rst,
    input  wire           in_valid,
    output wire           in_ready,
    input  wire [W_W-1:0] w,
    input  wire [G_W-1:0] g,
    input  wire [W_S-1:0] v,
    input  wire           bias,
    input  wire [31:0]    lr_q,
    input  wire [31:0]    mom_q,
    input  wire [31:0]    wd_q,
    input  wire           nesterov,
    input  wire [31:0]    rnd_v,
    input  wire [31:0]    rnd_w,
    output wire           out_valid,
    input  wire           out_ready,
    output wire [W_W-1:0] w_new,
    output wire [W_S-1:0] v_new,
    output wire           ovf_w,
    output wire           ovf_v
);
    generate
        if (HAS_MOM != 0 && HAS_MOM != 1) begin : g_bad_mom
            PARAMETER_ERROR_mlp_update_sgd_seq_HAS_MOM_must_be_0_or_1 u_param_error ();
        end
        if (HAS_WD != 0 && HAS_WD != 1) begin : g_bad_wd
            PARAMETER_ERROR_mlp_update_sgd_seq_HAS_WD_must_be_0_or_1 u_param_error ();
        end
        if (HAS_NEST != 0 && HAS_NEST != 1) begin : g_bad_nest
            PARAMETER_ERROR_mlp_update_sgd_seq_HAS_NEST_must_be_0_or_1 u_param_error ();
        end
        if (RV_AT < 0 || RV_AT > 200 || RW_AT < 0 || RW_AT > 200) begin : g_bad_at
            PARAMETER_ERROR_mlp_update_sgd_seq_RV_AT_RW_AT_must_be_0_to_200 u_param_error ();
        end
    endgenerate

    // fractional bits of d / the v sum / the step, and of the w sum: the
    // terms that exist (at least F_W, so that w is aligned by a left shift
    // and its rounding shifts right by 24 or more)
    localparam integer FG0 = (F_G > F_W) ? F_G : F_W;
    localparam integer FD0 = (HAS_WD == 0) ? FG0 : (FG0 > F_W + 24) ? FG0 : F_W + 24;
    localparam integer FD  = (HAS_MOM == 0) ? FD0 : (FD0 > F_S + 24) ? FD0 : F_S + 24;
    // MO: momentum without Nesterov (HAS_NEST = 0): no phase 2, the step is
    // v' itself (W_S bits, F_S fractional), so the w sum is aligned to its
    // own FU (lr*v' has F_S + 24 fractional bits; at least F_W + 24, as above)
    localparam integer MO  = (HAS_MOM != 0 && HAS_NEST == 0) ? 1 : 0;
    localparam integer FU  = (MO != 0) ? ((F_S > F_W) ? F_S : F_W) + 24 : FD + 24;
    // constant alignments (SHW only with HAS_WD, SV and SQ only with HAS_MOM)
    localparam integer SG  = FD - F_G;        // g
    localparam integer SHW = (HAS_WD == 0) ? 0 : FD - F_W - 24;   // w in wd*w
    localparam integer SV  = (HAS_MOM == 0) ? 0 : FD - F_S - 24;  // v in mom*v
    localparam integer SQ  = (HAS_MOM == 0) ? 0 : (MO != 0) ? FU - 24 - F_S : FD - F_S;   // v' as the step
    localparam integer SWU = FU - F_W;        // w in the w sum
    // limbs of the multiplied operands (0: the phase is not built)
    localparam integer NB1 = (HAS_WD == 0) ? 0 : (W_W + SHW + 15) / 16;
    localparam integer NB2 = (HAS_MOM == 0) ? 0 : (W_S + SV + 15) / 16;
    // widths (signed, exact) of the results: products, d, the v / Nesterov
    // sums, the step, the w sum. The accumulator works modulo 2^AW (adds and
    // shifts left only), so a Horner step may wrap on the way as long as
    // every result read (dreg, the sums, the step) fits.
    localparam integer P1  = 33 + W_W + SHW;
    localparam integer DW0 = (P1 > G_W + SG) ? P1 : G_W + SG;
    localparam integer DW  = (HAS_WD == 0) ? G_W + SG : DW0 + 1;
    localparam integer P2  = 33 + W_S + SV;
    localparam integer VW  = (HAS_MOM == 0) ? DW : ((P2 > DW) ? P2 : DW) + 1;
    localparam integer SW0 = (HAS_MOM == 0) ? DW : (MO != 0) ? W_S + SQ : (VW > W_S + SQ) ? VW : W_S + SQ;
    localparam integer NB4 = (SW0 + 15) / 16;
    localparam integer P4  = 33 + SW0;
    localparam integer WW  = ((P4 > W_W + SWU) ? P4 : W_W + SWU) + 1;
    localparam integer AW  = ((VW > WW) ? VW : WW) + 1;
    localparam integer NBM0 = (NB1 > NB2) ? NB1 : NB2;
    localparam integer NBM = (NBM0 > NB4) ? NBM0 : NB4;
    localparam integer BW  = 16 * NBM;
    // stochastic roundings: the random word, aligned below the result's
    // last bit, is added in the adder (a v sum in the RND cycle before
    // phase 2's LOAD, the w sum with w in phase 3's ADD: w << SWU has no
    // bits below SWU), and the requantizers floor (ROUND 0)
    localparam integer SRV  = FD - F_S;                 // the v rounding's shift (HAS_MOM: >= 24)
    localparam integer VRND = (HAS_MOM != 0 && RND_S == 3) ? 1 : 0;
    localparam integer WRND = (RND_W == 3) ? 1 : 0;
    localparam integer LAT0 = 2 * (NB1 + (2 - MO) * NB2 + NB4) + 3 * (HAS_WD + (2 - MO) * HAS_MOM + 1) + 1 + VRND;
    // late random words: the edge that ends phase 2's LOAD (vq takes the v
    // rounding) and the one that ends FIN (w_new takes the w rounding),
    // counted from the accepting edge, are padded (SP_WAIT) to RV_AT / RW_AT
    localparam integer TV_NAT = HAS_WD * (3 + 2 * NB1) + 3 + 2 * NB2 + 1;
    localparam integer VPAD = (VRND != 0 && RV_AT > TV_NAT) ? RV_AT - TV_NAT : 0;
    localparam integer WPAD = (WRND != 0 && RW_AT > LAT0 - 1 + VPAD) ? RW_AT - (LAT0 - 1 + VPAD) : 0;
    localparam integer LATENCY = LAT0 + VPAD + WPAD;
    // the down counter lc: the largest count it takes (limbs, waits)
    localparam integer LCM0 = (VPAD > WPAD) ? VPAD : WPAD;
    localparam integer LCM  = (LCM0 > NBM) ? LCM0 : NBM;
    localparam integer LCW  = (LCM <= 2) ? 1 : (LCM <= 4) ? 2 : (LCM <= 8) ? 3 : (LCM <= 16) ? 4
                            : (LCM <= 32) ? 5 : (LCM <= 64) ? 6 : (LCM <= 128) ? 7 : 8;
    // the first phase, and the one after phase 0
    localparam [1:0] PH_FIRST = (HAS_WD != 0) ? 2'd0 : (HAS_MOM != 0) ? 2'd1 : 2'd3;
    localparam [1:0] PH_AFTER0 = (HAS_MOM != 0) ? 2'd1 : 2'd3;

    // ------------------------------------------------------------------
    // handshake and sequencing
    localparam [1:0] ST_IDLE = 2'd0, ST_BUSY = 2'd1, ST_DONE = 2'd2;
    localparam [2:0] SP_LOAD = 3'd0, SP_INIT = 3'd1, SP_MLO = 3'd2, SP_MHI = 3'd3,
                     SP_ADD = 3'd4, SP_FIN = 3'd5, SP_WAIT = 3'd6, SP_RND = 3'd7;
    reg [1:0] st;
    reg [2:0] sp;
    reg [1:0] phase;
    reg [LCW-1:0] lc;  // limbs (or wait cycles) left, minus one

    assign in_ready  = (st == ST_IDLE);
    assign out_valid = (st == ST_DONE);
    wire accept = in_valid && (st == ST_IDLE);

    // sampled inputs
    reg [W_W-1:0] w_r;
    reg [G_W-1:0] g_r;
    reg [W_S-1:0] v_r;
    reg           bias_r, nest_r;
    always @(posedge clk) begin
        if (accept) begin
            w_r <= w; g_r <= g; v_r <= v; bias_r <= bias; nest_r <= nesterov;
        end
    end
    // the random words: sampled at the accept, or read late (RV_AT / RW_AT)
    wire [31:0]   rndv_c, rndw_c;
    generate
        if (RV_AT == 0) begin : g_rv_reg
            reg [31:0] rndv_r;
            always @(posedge clk) begin
                if (accept) rndv_r <= rnd_v;
            end
            assign rndv_c = rndv_r;
        end else begin : g_rv_late
            assign rndv_c = rnd_v;
        end
        if (RW_AT == 0) begin : g_rw_reg
            reg [31:0] rndw_r;
            always @(posedge clk) begin
                if (accept) rndw_r <= rnd_w;
            end
            assign rndw_c = rndw_r;
        end else begin : g_rw_late
            assign rndw_c = rnd_w;
        end
    endgenerate
    // (MO: mom_q is taken as nonzero)
    wire has_mom = (HAS_MOM != 0) && (MO != 0 || mom_q != 32'd0);

    // ------------------------------------------------------------------
    // datapath registers
    reg [AW-1:0]  acc;
    reg [BW-1:0]  breg;     // multiplied operand, left-justified, shifts by 16
    reg           keep_r;   // the result's v is v' (has_mom at FIN)

    // d (DW bits): dreg or g aligned (below, after the adder)
    wire [DW-1:0] d_val;
    wire          dreg_we;

    // the requantization of w, straight off acc (the w sum after phase 3)
    wire [W_W-1:0] rqw;
    wire           rqw_ovf;
    // (one bit more than the w sum: the sum plus the random word)
    mlp_requant #(.IN_W(WW + 1), .IN_FRAC(FU), .OUT_W(W_W), .OUT_FRAC(F_W),
                  .ROUND(WRND != 0 ? 0 : RND_W), .OVF(OVF_W)) u_rq_w (
        .in_raw(acc[WW:0]), .rnd_word(rndw_c), .out_raw(rqw), .ovf_flag(rqw_ovf));

    // operand loads (left-justified in BW bits: the phase's limbs on top)
    wire [BW-1:0] w_bw = {{(BW-W_W){w_r[W_W-1]}}, w_r};
    // (sign-extended through BW more bits and cut: with MO, BW may be below
    // DW and VW, where d_bw and a_bw are not used)
    wire [BW+DW-1:0] d_bx = {{BW{d_val[DW-1]}}, d_val};
    wire [BW-1:0] d_bw = d_bx[BW-1:0];
    wire [BW-1:0] b_mom, stp_mom;   // phase 1 / 2 operands, the momentum step (HAS_MOM)
    wire          vq_we;            // (phase 2's LOAD: v' from the v requantizer)
    wire [W_S-1:0] v_keep;          // v_new
    wire           ovf_v_keep;
    generate
        if (HAS_MOM != 0) begin : g_mom
            // the requantization of v, straight off acc (the v sum after phase 1)
            wire [W_S-1:0] rqv;
            wire           rqv_ovf;
            mlp_requant #(.IN_W(VW + 1), .IN_FRAC(FD), .OUT_W(W_S), .OUT_FRAC(F_S),
                          .ROUND(VRND != 0 ? 0 : RND_S), .OVF(OVF_S)) u_rq_v (
                .in_raw(acc[VW:0]), .rnd_word(rndv_c), .out_raw(rqv), .ovf_flag(rqv_ovf));
            reg [W_S-1:0] vq;       // v' (requantized)
            reg           vq_ovf;
            always @(posedge clk) begin
                if (vq_we) begin
                    vq     <= rqv;
                    vq_ovf <= rqv_ovf;
                end
            end
            wire [BW-1:0] v_bw   = {{(BW-W_S){v_r[W_S-1]}}, v_r};
            wire [BW-1:0] rqv_bw = {{(BW-W_S){rqv[W_S-1]}}, rqv};
            wire [BW-1:0] vq_bw  = {{(BW-W_S){vq[W_S-1]}}, vq};
            wire [BW+VW-1:0] a_bx = {{BW{acc[VW-1]}}, acc[VW-1:0]};
            wire [BW-1:0] a_bw   = a_bx[BW-1:0];
            wire unused_ax = &{1'b0, a_bx[BW+VW-1:BW]};
            if (MO != 0) begin : g_mo
                // no phase 2: phase 3's LOAD takes v' straight off the
                // requantizer (vq is written on the same edge)
                assign b_mom   = v_bw << (SV + 16 * (NBM - NB2));
                assign stp_mom = rqv_bw << SQ;
                wire unused_mo = &{1'b0, vq_bw, a_bw, nest_r};
            end else begin : g_mn
                assign b_mom   = (phase == 2'd1) ? v_bw << (SV + 16 * (NBM - NB2))
                                                 : rqv_bw << (SV + 16 * (NBM - NB2));
                assign stp_mom = nest_r ? a_bw : (vq_bw << SQ);
            end
            assign v_keep     = keep_r ? vq : v_r;
            assign ovf_v_keep = keep_r & vq_ovf;
        end else begin : g_nomom
            assign b_mom      = {BW{1'b0}};
            assign stp_mom    = {BW{1'b0}};
            assign v_keep     = v_r;
            assign ovf_v_keep = 1'b0;
            wire unused_mom = &{1'b0, vq_we, mom_q, nest_r, rndv_c, keep_r};
        end
    endgenerate
    wire [BW-1:0] stp_bw = !has_mom ? d_bw : stp_mom;
    reg  [BW-1:0] b_load;
    always @(*) begin
        case (phase)
            2'd0:    b_load = w_bw << (SHW + 16 * (NBM - NB1));
            2'd3:    b_load = stp_bw << (16 * (NBM - NB4));
            default: b_load = b_mom;
        endcase
    end
    wire [7:0] nb_phase = (phase == 2'd0) ? NB1[7:0] : (phase == 2'd3) ? NB4[7:0] : NB2[7:0];

    // hyperparameter of the phase; phase 3 accumulates -(lr*step). Not
    // registered: the hyperparameters are constant while the unit works and
    // phase and bias_r hold through a phase (32 flip-flops fewer for one
    // multiplexer level in front of the multiplier and the adder)
    wire [31:0] a_cur = (phase == 2'd0) ? ((bias_r || HAS_WD == 0) ? 32'd0 : wd_q)
                      : (phase == 2'd3 || (HAS_WD == 0 && HAS_MOM == 0)) ? lr_q : mom_q;
    wire        neg   = (phase == 2'd3);

    // the one multiplier: 16x16 unsigned
    wire [15:0] ma = (sp == SP_MLO) ? a_cur[15:0] : a_cur[31:16];
    wire [15:0] mb = breg[BW-1:BW-16];
    wire [31:0] m  = ma * mb;

    // the one adder: acc_next = L + R or L - R
    wire [AW-1:0] g_ext = {{(AW-G_W){g_r[G_W-1]}}, g_r};
    wire [AW-1:0] d_ext = {{(AW-DW){d_val[DW-1]}}, d_val};
    wire [AW-1:0] w_ext = {{(AW-W_W){w_r[W_W-1]}}, w_r};
    wire [AW-1:0] m_ext = {{(AW-32){1'b0}}, m};
    wire [AW-1:0] a_ext = {{(AW-32){1'b0}}, a_cur};
    // the random words aligned: R >> (32 - S) for a shift S <= 32, else R << (S - 32)
    wire [AW+31:0] rv_x = {{AW{1'b0}}, rndv_c};
    wire [AW+31:0] rw_x = {{AW{1'b0}}, rndw_c};
    wire [AW-1:0] rv_al, rw_al;
    generate
        if (VRND == 0) begin : g_rv_none
            assign rv_al = {AW{1'b0}};
            wire unused_rv = &{1'b0, rv_x};
        end else if (SRV <= 32) begin : g_rv_r
            wire [AW+31:0] t = rv_x >> (32 - SRV);
            assign rv_al = t[AW-1:0];
            wire unused_rv = &{1'b0, t[AW+31:AW]};
        end else begin : g_rv_l
            wire [AW+31:0] t = rv_x << (SRV - 32);
            assign rv_al = t[AW-1:0];
            wire unused_rv = &{1'b0, t[AW+31:AW]};
        end
        if (WRND == 0) begin : g_rw_none
            assign rw_al = {AW{1'b0}};
            wire unused_rw = &{1'b0, rw_x};
        end else if (SWU <= 32) begin : g_rw_r
            wire [AW+31:0] t = rw_x >> (32 - SWU);
            assign rw_al = t[AW-1:0];
            wire unused_rw = &{1'b0, t[AW+31:AW]};
        end else begin : g_rw_l
            wire [AW+31:0] t = rw_x << (SWU - 32);
            assign rw_al = t[AW-1:0];
            wire unused_rw = &{1'b0, t[AW+31:AW]};
        end
    endgenerate
    reg  [AW-1:0] add_l, add_r;
    reg           add_sub;
    always @(*) begin
        add_l = acc;
        add_r = {AW{1'b0}};
        add_sub = 1'b0;
        case (sp)
            SP_INIT: begin   // -s*A (or +s*A in phase 3)
                add_l = {AW{1'b0}};
                add_r = breg[BW-1] ? a_ext : {AW{1'b0}};
                add_sub = !neg;
            end
            SP_MLO: begin
                add_l = acc << 16;
                add_r = m_ext;
                add_sub = neg;
            end
            SP_MHI: begin
                add_r = m_ext << 16;
                add_sub = neg;
            end
            SP_RND: begin    // the v sum's random word
                add_r = rv_al;
            end
            default: begin   // SP_ADD
                case (phase)
                    2'd0:    add_r = g_ext << SG;
                    2'd3:    add_r = (w_ext << SWU) | rw_al;   // (disjoint bits)
                    default: add_r = d_ext;
                endcase
            end
        endcase
    end
    // one carry chain with the carry-in: (L,1) + (R^sub, sub) = 2(L + R^sub + sub) + 1
    wire [AW:0] add_o = {add_l, 1'b1} + {add_r ^ {AW{add_sub}}, add_sub};
    wire [AW-1:0] acc_next = add_o[AW:1];
    wire unused_add = &{1'b0, add_o[0]};

    // d: dreg (phase 0's result) or, without weight decay, g aligned
    generate
        if (HAS_WD != 0) begin : g_dreg
            reg [DW-1:0] dreg;
            always @(posedge clk) begin
                if (dreg_we) dreg <= acc_next[DW-1:0];
            end
            assign d_val = dreg;
        end else begin : g_dg
            // (DW = G_W + SG: g_r << SG is d; g_ext is AW >= DW bits wide)
            assign d_val = g_ext[DW-1:0] << SG;
            wire unused_gx = &{1'b0, g_ext[AW-1:DW]};
            wire unused_dreg = &{1'b0, dreg_we};
        end
    endgenerate

    // lc's loads (8-bit counts cut to LCW bits: LCM fits)
    wire [7:0]     nb_m1  = nb_phase - 8'd1;
    wire [7:0]     wp_m1  = WPAD[7:0] - 8'd1;
    wire [7:0]     vp_m1  = VPAD[7:0] - 8'd1;
    wire [LCW-1:0] lc_one = {{(LCW-1){1'b0}}, 1'b1};
    wire unused_lcm = &{1'b0, nb_m1, wp_m1, vp_m1};
    // the phase after this one (phases 0 to 2)
    wire [1:0] ph_next = (phase == 2'd0) ? PH_AFTER0 : (MO != 0) ? 2'd3 : phase + 2'd1;

    always @(posedge clk) begin
        if (rst) begin
            st <= ST_IDLE;
            sp <= SP_LOAD;
            phase <= PH_FIRST;
            lc <= {LCW{1'b0}};
        end else begin
            case (st)
                ST_IDLE: if (accept) begin
                    st <= ST_BUSY;
                    sp <= SP_LOAD;
                    phase <= PH_FIRST;
                end
                ST_BUSY: begin
                    case (sp)
                        SP_LOAD: sp <= SP_INIT;
                        SP_INIT: begin sp <= SP_MLO; lc <= nb_m1[LCW-1:0]; end
                        SP_MLO:  sp <= SP_MHI;
                        SP_MHI:  begin
                            if (lc == {LCW{1'b0}}) begin
                                if (WPAD > 0 && phase == 2'd3) begin
                                    sp <= SP_WAIT; lc <= wp_m1[LCW-1:0];
                                end else sp <= SP_ADD;
                            end else begin sp <= SP_MLO; lc <= lc - lc_one; end
                        end
                        SP_ADD: begin
                            if (phase == 2'd3) sp <= SP_FIN;
                            else if (VPAD > 0 && phase == 2'd1) begin
                                // (phase 1 until the RND cycle: the wait
                                // knows from it which word it waits for)
                                sp <= SP_WAIT; lc <= vp_m1[LCW-1:0];
                            end else if (VRND != 0 && phase == 2'd1) sp <= SP_RND;
                            else begin
                                sp <= SP_LOAD;
                                phase <= ph_next;
                            end
                        end
                        SP_WAIT: begin   // (late random words: phase 3's ADD or the RND cycle waits)
                            if (lc == {LCW{1'b0}}) sp <= (phase == 2'd3) ? SP_ADD : SP_RND;
                            else lc <= lc - lc_one;
                        end
                        SP_RND: begin sp <= SP_LOAD; phase <= ph_next; end
                        default: st <= ST_DONE;   // SP_FIN
                    endcase
                end
                ST_DONE: if (out_ready) st <= ST_IDLE;
                default: st <= ST_IDLE;
            endcase
        end
    end

    wire busy = (st == ST_BUSY);
    assign dreg_we = busy && sp == SP_ADD && phase == 2'd0;
    assign vq_we   = busy && sp == SP_LOAD && phase == ((MO != 0) ? 2'd3 : 2'd2);
    always @(posedge clk) begin
        if (busy && (sp == SP_INIT || sp == SP_MLO || sp == SP_MHI || sp == SP_ADD || sp == SP_RND))
            acc <= acc_next;
        if (busy && sp == SP_LOAD)
            breg <= b_load;
        else if (busy && sp == SP_MHI)
            breg <= breg << 16;
        if (busy && sp == SP_FIN) begin
            keep_r <= has_mom;
        end
    end

    // the results straight off the registers that hold them from FIN until
    // the next accept: acc (the w sum: its requantizer), vq, v_r, keep_r
    assign w_new = rqw;
    assign ovf_w = rqw_ovf;
    assign v_new = v_keep;
    assign ovf_v = ovf_v_keep;

    // LATENCY is documentation for the integrator (checked by the testbench)
    wire [31:0] unused_lat = LATENCY;
    wire unused_ok = &{1'b0, unused_lat, acc[AW-1], wd_q, bias_r, d_bx[BW+DW-1:BW]};
endmodule

`resetall
