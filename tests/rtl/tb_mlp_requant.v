// tb_mlp_requant: self-checking testbench for rtl_lib/mlp_requant.v. Every
// rounding mode x overflow mode x width configuration below is instantiated;
// each checker compares the module against a behavioural model written here
// with wide integer division (not shifts): exhaustive over all inputs for
// narrow inputs (with all stochastic offsets u when S <= 6), random with
// forced ties and extremes for wide ones. +break corrupts one expected value.
`timescale 1ns / 1ps
`default_nettype none

module tb_requant_check #(
    parameter integer IN_W = 8, parameter integer IN_FRAC = 4,
    parameter integer OUT_W = 4, parameter integer OUT_FRAC = 1,
    parameter integer ROUND = 0, parameter integer OVF = 0,
    parameter integer SEED = 1, parameter integer NRAND = 1200
) (
    output reg done,
    output reg [31:0] errors
);
    localparam integer S = IN_FRAC - OUT_FRAC;
    localparam integer MW = 128;  // model width, far above every width used

    reg  [IN_W-1:0]  in_raw;
    reg  [31:0]      rnd_word;
    wire [OUT_W-1:0] out_raw;
    wire             ovf_flag;

    mlp_requant #(.IN_W(IN_W), .IN_FRAC(IN_FRAC), .OUT_W(OUT_W), .OUT_FRAC(OUT_FRAC),
                  .ROUND(ROUND), .OVF(OVF)) dut (
        .in_raw(in_raw), .rnd_word(rnd_word), .out_raw(out_raw), .ovf_flag(ovf_flag));

    // 2^n as a wide signed number
    function signed [MW-1:0] pow2;
        input integer n;
        integer k;
        begin
            pow2 = 1;
            for (k = 0; k < n; k = k + 1) pow2 = pow2 * 2;
        end
    endfunction

    // floor(a / d) for d > 0 by truncating division and a correction
    function signed [MW-1:0] floordiv;
        input signed [MW-1:0] a;
        input signed [MW-1:0] d;
        reg signed [MW-1:0] t;
        begin
            t = a / d;
            if (t * d > a) t = t - 1;
            floordiv = t;
        end
    endfunction

    reg signed [MW-1:0] r, q, d, m, u, lo, hi, e, span, ushift, tie, tie_mask;
    reg exp_flag;
    integer brk, n_checked, seed_r, i, j, k, nu, ui;

    task model;  // from in_raw, rnd_word: e (expected out, sign-extended), exp_flag
        begin
            r = $signed(in_raw);  // sign-extends to MW
            if (S <= 0) begin
                q = r * d;
            end else begin
                q = floordiv(r, d);
                m = r - q * d;                                 // 0 <= m < d
                if (ROUND == 1 && 2 * m >= d) q = q + 1;
                if (ROUND == 2 && (2 * m > d || (2 * m == d && q % 2 != 0))) q = q + 1;
                if (ROUND == 3) begin
                    u = rnd_word;                              // zero-extended
                    if (S <= 32) u = u / ushift; else u = u * ushift;
                    q = floordiv(r + u, d);
                end
            end
            if (OVF == 0) begin
                e = (q > hi) ? hi : (q < lo) ? lo : q;
            end else begin
                e = q - floordiv(q - lo, span) * span;  // into [lo, hi]
            end
            exp_flag = (e != q);
        end
    endtask

    task check;
        reg signed [MW-1:0] got;
        begin
            #1;
            model;
            if (brk && n_checked == 77) e = e ^ 1;
            got = $signed(out_raw);
            if (got !== e || ovf_flag !== exp_flag) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("mismatch IN_W=%0d IN_FRAC=%0d OUT_W=%0d OUT_FRAC=%0d ROUND=%0d OVF=%0d: in %0d R %08x: got %0d flag %b, expected %0d flag %b",
                             IN_W, IN_FRAC, OUT_W, OUT_FRAC, ROUND, OVF, $signed(in_raw), rnd_word,
                             got, ovf_flag, e, exp_flag);
            end
            n_checked = n_checked + 1;
            if (brk && errors != 0) begin  // +break: stop at the planted mismatch
                $display("FAIL: tb_mlp_requant: planted mismatch caught");
                $fatal(1);
            end
        end
    endtask

    // a random input: random magnitude class, ties and extremes forced often
    task random_input;
        integer cls, nb;
        begin
            for (k = 0; k < IN_W; k = k + 32) in_raw = (in_raw << 32) | $random(seed_r);
            cls = $random(seed_r) & 7;
            if (cls == 0) begin                      // small magnitude
                nb = ($random(seed_r) & 32'h7fffffff) % IN_W;
                for (k = nb; k < IN_W; k = k + 1) in_raw[k] = in_raw[IN_W-1];
            end else if (cls == 1 && S > 0 && S <= IN_W) begin  // exact tie
                in_raw = (in_raw & ~tie_mask[IN_W-1:0]) | tie[IN_W-1:0];
            end else if (cls == 2) begin             // extreme
                in_raw = {1'b1, {(IN_W-1){1'b0}}};
                if ($random(seed_r) & 1) in_raw = ~in_raw;
            end
            rnd_word = $random(seed_r);
            if (cls == 3) rnd_word = 32'hffffffff;
            if (cls == 4) rnd_word = 32'h0;
            if ((cls == 5 || cls == 6) && S > 0 && S <= IN_W) begin
                // stochastic carry boundary: r + u lands on (cls 5) or just
                // below (cls 6) a multiple of 2^S
                u = rnd_word;
                if (S <= 32) u = u / ushift; else u = u * ushift;
                u = (d - u - (cls - 5)) & tie_mask;
                in_raw = (in_raw & ~tie_mask[IN_W-1:0]) | u[IN_W-1:0];
            end
        end
    endtask

    initial begin
        done = 1'b0; errors = 0; n_checked = 0; seed_r = SEED;
        brk = $test$plusargs("break") ? 1 : 0;
        in_raw = 0; rnd_word = 0;
        // constants of the model
        d = (S <= 0) ? pow2(-S) : pow2(S);
        ushift = (S <= 32) ? pow2(32 - S) : pow2(S - 32);
        lo = -pow2(OUT_W - 1);
        hi = pow2(OUT_W - 1) - 1;
        span = pow2(OUT_W);
        tie = (S > 0) ? pow2(S - 1) : 0;
        tie_mask = (S > 0) ? pow2(S) - 1 : 0;
        if (IN_W <= 10) begin
            // exhaustive over inputs; stochastic: every u when S <= 6
            nu = (ROUND == 3 && S > 0 && S <= 6) ? (1 << S) : 4;
            for (i = 0; i < (1 << IN_W); i = i + 1) begin
                for (ui = 0; ui < nu; ui = ui + 1) begin
                    in_raw = i;
                    if (ROUND == 3 && S > 0 && S <= 6)
                        rnd_word = (ui << (32 - S)) | ($random(seed_r) & ((1 << (32 - S)) - 1));
                    else
                        rnd_word = (ui == 0) ? 32'h0 : (ui == 1) ? 32'hffffffff : $random(seed_r);
                    check;
                end
            end
        end else begin
            for (j = 0; j < NRAND; j = j + 1) begin
                random_input;
                check;
            end
        end
        done = 1'b1;
    end
endmodule

module tb_mlp_requant;
    // configurations: {IN_W, IN_FRAC, OUT_W, OUT_FRAC}; each runs with every
    // ROUND (0-3) and OVF (0-1). ONLY >= 0 runs configuration ONLY with
    // ROUND = MODE / 2, OVF = MODE % 2 alone (for a synthesized netlist).
    parameter integer ONLY = -1;
    parameter integer MODE = 0;
    localparam integer NCFG = 17;
    function integer cfg;
        input integer c, f;
        reg [31:0] t [0:3];
        begin
            case (c)
                0:  begin t[0] = 8;  t[1] = 4;  t[2] = 4;  t[3] = 1;  end  // S = 3, narrow
                1:  begin t[0] = 8;  t[1] = 2;  t[2] = 6;  t[3] = 4;  end  // S = -2
                2:  begin t[0] = 6;  t[1] = 3;  t[2] = 8;  t[3] = 3;  end  // S = 0, widen
                3:  begin t[0] = 7;  t[1] = 0;  t[2] = 3;  t[3] = 0;  end  // S = 0, narrow
                4:  begin t[0] = 5;  t[1] = 1;  t[2] = 4;  t[3] = 8;  end  // S = -7
                5:  begin t[0] = 6;  t[1] = 9;  t[2] = 4;  t[3] = 0;  end  // S = 9 > IN_W
                6:  begin t[0] = 8;  t[1] = 8;  t[2] = 1;  t[3] = 0;  end  // OUT_W = 1
                7:  begin t[0] = 1;  t[1] = 0;  t[2] = 4;  t[3] = 2;  end  // IN_W = 1
                8:  begin t[0] = 3;  t[1] = 1;  t[2] = 2;  t[3] = 0;  end  // S = 1
                9:  begin t[0] = 8;  t[1] = 6;  t[2] = 10; t[3] = 0;  end  // S = 6, widen
                10: begin t[0] = 40; t[1] = 20; t[2] = 16; t[3] = 8;  end  // S = 12
                11: begin t[0] = 64; t[1] = 40; t[2] = 16; t[3] = 0;  end  // S = 40 > 32
                12: begin t[0] = 32; t[1] = 16; t[2] = 32; t[3] = 16; end  // S = 0
                13: begin t[0] = 48; t[1] = 45; t[2] = 16; t[3] = 14; end  // S = 31
                14: begin t[0] = 33; t[1] = 32; t[2] = 20; t[3] = 0;  end  // S = 32
                15: begin t[0] = 20; t[1] = 2;  t[2] = 32; t[3] = 10; end  // S = -8
                default: begin t[0] = 90; t[1] = 66; t[2] = 8; t[3] = 2; end  // S = 64
            endcase
            cfg = t[f];
        end
    endfunction

    localparam integer NCHK = NCFG * 8;
    wire [NCHK-1:0] done;
    wire [32*NCHK-1:0] errs;

    genvar c, m;
    generate
        for (c = 0; c < NCFG; c = c + 1) begin : g_cfg
            for (m = 0; m < 8; m = m + 1) begin : g_mode
                if (ONLY < 0 || (ONLY == c && MODE == m)) begin : g_run
                    tb_requant_check #(.IN_W(cfg(c, 0)), .IN_FRAC(cfg(c, 1)), .OUT_W(cfg(c, 2)),
                                       .OUT_FRAC(cfg(c, 3)), .ROUND(m / 2), .OVF(m % 2),
                                       .SEED(1 + c * 8 + m)) chk (
                        .done(done[c*8+m]), .errors(errs[32*(c*8+m) +: 32]));
                end else begin : g_skip
                    assign done[c*8+m] = 1'b1;
                    assign errs[32*(c*8+m) +: 32] = 32'd0;
                end
            end
        end
    endgenerate

    integer n, total;
    initial begin
        #1;
        wait (&done);
        total = 0;
        for (n = 0; n < NCHK; n = n + 1) total = total + errs[32*n +: 32];
        if (total == 0) begin
            if (ONLY < 0)
                $display("PASS: tb_mlp_requant: %0d configurations x 4 roundings x 2 overflow modes", NCFG);
            else
                $display("PASS: tb_mlp_requant: configuration %0d, ROUND=%0d OVF=%0d", ONLY, MODE / 2, MODE % 2);
            $finish;
        end else begin
            $display("FAIL: tb_mlp_requant: %0d mismatches", total);
            $fatal(1);
        end
    end
endmodule
