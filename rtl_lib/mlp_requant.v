// mlp_requant: the requantize primitive of docs/numerics.md section 1,
// combinational: an exact signed raw value with IN_FRAC fractional bits is
// rounded (trn, rnd, rnd_conv or stochastic with the hash word rnd_word) to
// OUT_FRAC fractional bits and saturated or wrapped into OUT_W bits.
// ovf_flag is 1 when saturation or wrapping changed the value.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_requant #(
    parameter integer IN_W     = 32,  // input width (signed raw), >= 1
    parameter integer IN_FRAC  = 16,  // input fractional bits (may be < 0 or > IN_W)
    parameter integer OUT_W    = 16,  // output width (signed raw), >= 1
    parameter integer OUT_FRAC = 8,   // output fractional bits
    parameter integer ROUND    = 2,   // 0 trn, 1 rnd (half up), 2 rnd_conv (half even), 3 stochastic
    parameter integer OVF      = 0    // 0 sat, 1 wrap
) (
    input  wire [IN_W-1:0]  in_raw,     // signed
    input  wire [31:0]      rnd_word,   // R = mlp_hash(...); used by ROUND = 3 only
    output wire [OUT_W-1:0] out_raw,    // signed
    output wire             ovf_flag    // saturation/wrap changed the value
);
    generate
        if (IN_W < 1) begin : g_bad_in_w
            PARAMETER_ERROR_mlp_requant_IN_W_must_be_at_least_1 u_param_error ();
        end
        if (OUT_W < 1) begin : g_bad_out_w
            PARAMETER_ERROR_mlp_requant_OUT_W_must_be_at_least_1 u_param_error ();
        end
        if (ROUND < 0 || ROUND > 3) begin : g_bad_round
            PARAMETER_ERROR_mlp_requant_ROUND_must_be_0_to_3 u_param_error ();
        end
        if (OVF < 0 || OVF > 1) begin : g_bad_ovf
            PARAMETER_ERROR_mlp_requant_OVF_must_be_0_or_1 u_param_error ();
        end
    endgenerate

    localparam integer S  = IN_FRAC - OUT_FRAC;          // right shift (< 0: left)
    localparam integer SP = (S > 0) ? S : 1;             // S, clipped for declarations
    localparam integer EW = ((IN_W > S) ? IN_W : S) + 2; // extended input width
    localparam integer QW = (S > 0) ? EW - S : IN_W - S; // width of the rounded q

    // the rounded value before overflow handling (signed) is q = qf + qi:
    // the floor qf and the round-to-even increment qi
    wire [QW-1:0] qf;
    wire          qi;

    generate
        if (S <= 0) begin : g_left
            // exact: q = r << -S
            if (S == 0) begin : g_same
                assign qf = in_raw;
            end else begin : g_shift
                assign qf = {in_raw, {(-S){1'b0}}};
            end
            assign qi = 1'b0;
            wire unused_ok = &{1'b0, rnd_word};
        end else begin : g_right
            wire [EW-1:0] r_ext = {{(EW-IN_W){in_raw[IN_W-1]}}, in_raw};
            wire [SP-1:0] add;   // value added before the floor shift
            wire          inc;   // +1 after the shift (rnd_conv only)
            if (ROUND == 3) begin : g_stoch
                // u = R >> (32 - S) for S <= 32, R << (S - 32) above
                if (S <= 32) begin : g_top
                    assign add = rnd_word[31:32-SP];
                    if (S < 32) begin : g_sink
                        wire unused_ok = &{1'b0, rnd_word[31-SP:0]};
                    end
                end else begin : g_wide
                    assign add = {rnd_word, {(SP-32){1'b0}}};
                end
            end else begin : g_det
                if (ROUND == 1) begin : g_half
                    assign add = {1'b1, {(SP-1){1'b0}}};   // 2^(S-1)
                end else begin : g_zero
                    assign add = {SP{1'b0}};
                end
                wire unused_ok = &{1'b0, rnd_word};
            end
            wire [EW-1:0] sum = r_ext + {{(EW-SP){1'b0}}, add};
            wire [QW-1:0] fl  = sum[EW-1:SP];           // floor((r + add) / 2^S)
            if (ROUND == 2) begin : g_conv
                // rem = r mod 2^S; rem > half: top bit set and a lower bit
                // set; rem == half: top bit set alone, then round to even
                wire below;
                if (SP > 1) begin : g_below
                    assign below = |r_ext[SP-2:0];
                end else begin : g_none
                    assign below = 1'b0;
                end
                assign inc = r_ext[SP-1] && (below || fl[0]);
                wire unused_ok = &{1'b0, sum[SP-1:0]};  // add = 0: sum's low bits are rem
            end else begin : g_noconv
                assign inc = 1'b0;
                wire unused_ok = &{1'b0, sum[SP-1:0]};  // discarded by the floor
            end
            assign qf = fl;
            assign qi = inc;
        end

        // overflow handling
        if (QW <= OUT_W) begin : g_fits
            wire [QW-1:0] q = qf + {{(QW-1){1'b0}}, qi};
            assign out_raw  = {{(OUT_W-QW){q[QW-1]}}, q};
            assign ovf_flag = 1'b0;
        end else if (OUT_W >= 2) begin : g_ovf_split
            // q = qf + qi without an adder over all QW bits: the low OUT_W
            // bits from an (OUT_W-1)-bit incrementer and its carry cy; the
            // top QW-OUT_W+1 bits th of qf then become th + cy, which is
            // all 0 or all 1 (q fits) iff th is all 0 or all 1 (cy = 0) or
            // all 1 or all 1 but the last (cy = 1); q's sign is th + cy's
            localparam integer HW = QW - OUT_W + 1;
            wire [OUT_W-1:0] lo = {1'b0, qf[OUT_W-2:0]} + {{(OUT_W-1){1'b0}}, qi};
            wire             cy = lo[OUT_W-1];
            wire [HW-1:0]    th = qf[QW-1:OUT_W-1];
            wire [OUT_W-1:0] ql = {qf[OUT_W-1] ^ cy, lo[OUT_W-2:0]};   // q[OUT_W-1:0]
            wire all1 = th == {HW{1'b1}};
            wire fits = cy ? (all1 || th == {{(HW-1){1'b1}}, 1'b0})
                           : (all1 || th == {HW{1'b0}});
            wire qs   = th[HW-1] ^ (cy && th[HW-2:0] == {(HW-1){1'b1}});   // q[QW-1]
            if (OVF == 0) begin : g_sat
                wire [OUT_W-1:0] vmax = {1'b0, {(OUT_W-1){1'b1}}};
                wire [OUT_W-1:0] vmin = {1'b1, {(OUT_W-1){1'b0}}};
                assign out_raw = fits ? ql : (qs ? vmin : vmax);
            end else begin : g_wrap
                assign out_raw = ql;
                wire unused_qs = &{1'b0, qs};
            end
            assign ovf_flag = !fits;
        end else begin : g_ovf
            wire [QW-1:0] q = qf + {{(QW-1){1'b0}}, qi};
            // q fits OUT_W bits iff its top QW-OUT_W+1 bits are all equal
            wire [QW-OUT_W:0] top = q[QW-1:OUT_W-1];
            wire fits = (top == {(QW-OUT_W+1){1'b0}}) || (top == {(QW-OUT_W+1){1'b1}});
            if (OVF == 0) begin : g_sat
                wire [OUT_W-1:0] vmax = {1'b0, {(OUT_W-1){1'b1}}};
                wire [OUT_W-1:0] vmin = {1'b1, {(OUT_W-1){1'b0}}};
                assign out_raw = fits ? q[OUT_W-1:0] : (q[QW-1] ? vmin : vmax);
            end else begin : g_wrap
                assign out_raw = q[OUT_W-1:0];
            end
            assign ovf_flag = !fits;
        end
    endgenerate
endmodule

`resetall
