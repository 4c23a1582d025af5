// tb_mlp_act_lut: self-checking testbench for rtl_lib/mlp_act_lut.v. z values
// (random, near the table ends, and ties) stream through with random
// tvalid/tready stalls; each output must be table[n] with n computed here by
// floor division, n = floor((2 z 2^Q + 2^Z_FRAC) / 2^(Z_FRAC+1)) + OFF,
// clamped. The test tables (mlp_act_lut_tables.py) carry n in their low K
// bits, so the address is checked directly; HAND = 1 adds hand-computed
// addresses for the tanh table of docs/numerics.md (F_a = 10, q = 7,
// off = 512). Halfway, the table is rewritten through wr_*. +break corrupts
// one expected word.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_act_lut;
    parameter integer Z_W = 16;
    parameter integer Z_FRAC = 10;
    parameter integer Q = 7;
    parameter integer OFF = 512;
    parameter integer K = 10;   // 10 or 4: selects mlp_act_lut_k10.hex or _k04.hex
    parameter integer HAND = 1;
    parameter integer NWORDS = 3000;
    parameter integer SEED = 1;
    localparam integer N = 1 << K;
    localparam integer NHAND = 14;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [Z_W-1:0] s_tdata = 0;
    reg  [15:0]    s_tuser = 0;
    reg            s_tlast = 0, s_tvalid = 0, m_tready = 0;
    wire           s_tready, m_tvalid, m_tlast;
    wire [15:0]    m_tdata, m_tuser;
    reg            wr_en = 0;
    reg  [K-1:0]   wr_addr = 0;
    reg  [15:0]    wr_data = 0;

    mlp_act_lut #(.Z_W(Z_W), .Z_FRAC(Z_FRAC), .Q(Q), .OFF(OFF), .K(K), .OUT_W(16), .USER_W(16),
                  .INIT_FILE(K == 4 ? "mlp_act_lut_k04.hex" : "mlp_act_lut_k10.hex")) dut (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_tdata), .s_axis_tuser(s_tuser), .s_axis_tlast(s_tlast),
        .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
        .m_axis_tdata(m_tdata), .m_axis_tuser(m_tuser), .m_axis_tlast(m_tlast),
        .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready),
        .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data));

    reg [15:0] table_m [0:N-1];
    reg [15:0] exp_word [0:NWORDS-1];
    reg [K:0]  exp_addr [0:NWORDS-1];   // bit K: address known by hand
    integer seed_r, n_in, n_out, errors, brk, i, k, cycles, phase, n_lo, n_hi, n_mid;
    reg signed [127:0] zz, num, den, nn, qq;
    reg [127:0] w;

    // hand-computed (z, n) for Z_FRAC = 10, Q = 7, OFF = 512, K = 10
    function integer hand_z;
        input integer i;
        begin
            case (i)
                0: hand_z = 0;      1: hand_z = 4;       2: hand_z = 3;      3: hand_z = -4;
                4: hand_z = -5;     5: hand_z = 12;      6: hand_z = 32767;  7: hand_z = -32768;
                8: hand_z = 4088;   9: hand_z = 4092;    10: hand_z = -4096; 11: hand_z = -4100;
                12: hand_z = -4101; default: hand_z = 20;
            endcase
        end
    endfunction
    function integer hand_n;
        input integer i;
        begin
            case (i)
                0: hand_n = 512;    1: hand_n = 513;     2: hand_n = 512;    3: hand_n = 512;
                4: hand_n = 511;    5: hand_n = 514;     6: hand_n = 1023;   7: hand_n = 0;
                8: hand_n = 1023;   9: hand_n = 1023;    10: hand_n = 0;     11: hand_n = 0;
                12: hand_n = 0;     default: hand_n = 515;
            endcase
        end
    endfunction

    // floor(a / b), b > 0
    function signed [127:0] floordiv;
        input signed [127:0] a, b;
        reg signed [127:0] t;
        begin
            t = a / b;
            if (t * b > a) t = t - 1;
            floordiv = t;
        end
    endfunction

    task model_addr;  // zz -> nn
        begin
            num = zz * (128'sd1 <<< (Q + 1)) + (128'sd1 <<< Z_FRAC);
            den = 128'sd1 <<< (Z_FRAC + 1);
            nn = floordiv(num, den) + OFF;
            if (nn < 0) nn = 0;
            if (nn > N - 1) nn = N - 1;
        end
    endtask

    task next_z;
        integer cls;
        begin
            if (HAND != 0 && n_in < NHAND) begin
                zz = hand_z(n_in);
            end else begin
                for (k = 0; k < 128; k = k + 32) w = (w << 32) | $random(seed_r);
                cls = $random(seed_r) & 3;
                zz = $signed(w[Z_W-1:0]);
                if (cls == 0) begin        // near a table point inside or just outside the range
                    nn = $signed(w[47:32]) % (N / 2 + 4) + N / 2 - OFF;
                    if (Z_FRAC >= Q) zz = nn * (128'sd1 <<< (Z_FRAC - Q)) + $signed(w[63:48]) % (128'sd1 <<< (Z_FRAC - Q));
                    else zz = nn / (128'sd1 <<< (Q - Z_FRAC));
                end
                if (cls == 1 && Z_FRAC > Q) begin  // an exact tie between two points
                    zz = (($signed(w[15:0]) % N) * 2 + 1) * (128'sd1 <<< (Z_FRAC - Q - 1));
                end
                // keep z representable
                zz = zz % (128'sd1 <<< (Z_W - 1));
            end
        end
    endtask

    initial begin
        seed_r = SEED; n_lo = 0; n_hi = 0; n_mid = 0; n_in = 0; n_out = 0; errors = 0; cycles = 0; phase = 0; w = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        $readmemh(K == 4 ? "mlp_act_lut_k04.hex" : "mlp_act_lut_k10.hex", table_m);
        repeat (3) @(posedge clk);
        rst <= 1'b0;
    end

    always @(posedge clk) begin
        if (!rst) begin
            cycles = cycles + 1;
            if (m_tvalid && m_tready) begin
                if (m_tuser !== n_out[15:0] || m_tlast !== n_out[0] ||
                    m_tdata !== (exp_word[n_out] ^ ((brk && n_out == 1500) ? 16'h8000 : 16'h0)) ||
                    (m_tdata & (N - 1)) !== exp_addr[n_out][K-1:0]) begin
                    errors = errors + 1;
                    if (errors <= 5)
                        $display("mismatch output %0d: word %h (user %0d), expected %h at address %0d",
                                 n_out, m_tdata, m_tuser, exp_word[n_out], exp_addr[n_out][K-1:0]);
                end
                n_out = n_out + 1;
            end
            if (s_tvalid && s_tready) n_in = n_in + 1;
            wr_en <= 1'b0;
            if (n_in == NWORDS / 2 && phase < 2 * N && n_out == n_in) begin
                // stream drained: rewrite the table (words keep n in their low bits)
                if (phase < N) begin
                    wr_en <= 1'b1;
                    wr_addr <= phase;
                    w = $random(seed_r);
                    wr_data <= (w[15:0] << K) | phase;
                    table_m[phase] = (w[15:0] << K) | phase;
                end
                phase = phase + 1;
                s_tvalid <= 1'b0;
            end else if (!s_tvalid || s_tready) begin
                if (n_in < NWORDS && !(n_in == NWORDS / 2 && phase < 2 * N) &&
                    (($random(seed_r) & 3) != 0)) begin
                    next_z;
                    model_addr;
                    s_tdata <= zz[Z_W-1:0];
                    s_tuser <= n_in;
                    s_tlast <= n_in & 1;
                    if (HAND != 0 && n_in < NHAND && nn != hand_n(n_in)) begin
                        errors = errors + 1;
                        $display("mismatch: the model gives %0d for hand case z=%0d (n=%0d)", nn, zz, hand_n(n_in));
                    end
                    if (nn == 0) n_lo = n_lo + 1; else if (nn == N - 1) n_hi = n_hi + 1; else n_mid = n_mid + 1;
                    exp_addr[n_in] = nn[K-1:0];
                    exp_word[n_in] = table_m[nn[K-1:0]];
                    s_tvalid <= 1'b1;
                end else begin
                    s_tvalid <= 1'b0;
                end
            end
            m_tready <= ($random(seed_r) & 3) != 0;
            if (n_out == NWORDS || cycles > 20 * NWORDS + 4 * N) begin
                if (errors == 0 && n_out == NWORDS && (n_lo == 0 || n_hi == 0 || n_mid < 100)) begin
                    $display("FAIL: tb_mlp_act_lut: coverage: %0d low clamps, %0d high, %0d inside", n_lo, n_hi, n_mid);
                    $fatal(1);
                end else if (errors == 0 && n_out == NWORDS) begin
                    $display("PASS: tb_mlp_act_lut Z_W=%0d Z_FRAC=%0d Q=%0d OFF=%0d K=%0d: %0d lookups (%0d low clamps, %0d high, %0d inside), table rewritten: %0d",
                             Z_W, Z_FRAC, Q, OFF, K, n_out, n_lo, n_hi, n_mid, phase == 2 * N);
                    $finish;
                end else begin
                    $display("FAIL: tb_mlp_act_lut: %0d errors, %0d of %0d outputs", errors, n_out, NWORDS);
                    $fatal(1);
                end
            end
        end
    end
endmodule
