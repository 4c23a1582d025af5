// tb_mlp_dense_pe: one PE, hand-computed. Weights w = (3, -2), bias 5, F_X 4.
//   FWD x = (4, 7): acc = 3*4 - 2*7 + (5 << 4) = 78
//   BWD delta 6, first sample: psum 10 + 3*6 = 28 at column 0, 0 - 2*6 = -12 at
//       column 1; G = (24, 42, 6 << 4 = 96)
//   BWD delta -1, not first: G[0] = 24 - 4 = 20
//   UPD write of word 1: W[1] = 9, V[1] = 13; host write V[3] = 0x55
// A PE without the state memory (HAS_V = 0, a net without momentum; same
// host writes and update) reads V as 0 and W, G as the first.
// Delta is latched from d_in with a group's first token; acc_rdy marks the
// cycle acc holds a finished sum (checked there, and a back-to-back second
// group with x = (1, 1) gives 3 - 2 + 80 = 81 without a gap).
// A second PE with DUAL = 1 (same host writes) runs a forward pass and its
// own gradient stream in the same cycles: acc 3*4 + 9*7 + 80 = 155 (after
// the update of W[1]) and G = (24, ., 96).
// Random passes (two more PEs, parameters MUL1 and MEMB of the bench): 240
// passes of 2 row groups x 5 tokens (4 columns + bias) with random gaps:
// FWD and BWD (random psum in, delta, row-exists flag, first sample of the
// batch) on a DUAL = 0 PE, and on a DUAL = 1 PE a forward stream beside its
// own gradient stream (or either alone), each at random cycles; acc, the
// partial sums out and every G word compared with a model. With MUL1 = 1
// the gaps keep the sequencer's promise (mlp_dense_layer): a BWD token never
// right after another, a gradient token never right after a forward token;
// otherwise any gaps, back to back included.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_dense_pe #(
    parameter integer MUL1 = 0,   // the random PEs on one multiplier
    parameter integer MEMB = 0    // their MEM_BLOCK (5: W and V in block RAM, as on iCE40)
);
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = !clk;

    reg  [1:0]  mode = 2'd3;
    reg         batch_first = 1'b1;
    reg         in_valid = 1'b0, in_bias = 1'b0, in_first = 1'b0, in_last = 1'b0;
    reg  [1:0]  in_addr = 2'd0;
    reg  [3:0]  in_col = 4'd0;
    reg  [7:0]  in_x = 8'd0;
    reg  [23:0] in_psum = 24'd0;
    wire        out_valid, out_bias, out_first, out_last, acc_rdy, d_ok_out;
    wire [1:0]  out_addr;
    wire [3:0]  out_col, out_rowbase;
    wire [7:0]  out_x;
    wire [23:0] out_psum;
    reg  [7:0]  d_in = 8'd0;
    wire [7:0]  d_out;
    wire [23:0] acc;
    wire [7:0]  rd_w, rd_v;
    wire [23:0] rd_g;
    reg         u_we = 1'b0;
    reg  [1:0]  u_addr = 2'd0;
    reg  [7:0]  u_w_new = 8'd0, u_v_new = 8'd0;
    wire [7:0]  rd_w3, rd_v3;
    wire [23:0] rd_g3;
    reg         h_en = 1'b0, h_we = 1'b0;
    reg  [1:0]  h_sel = 2'd0, h_addr = 2'd0;
    reg  [31:0] h_wdata = 32'd0;
    integer     errors = 0;
    reg         b_act = 1'b0, bin_valid = 1'b0, bin_bias = 1'b0, bin_first = 1'b0;
    reg  [1:0]  bin_addr = 2'd0;
    reg  [7:0]  bin_x = 8'd0;
    wire [23:0] acc2, rd_g2;
    wire        acc_rdy2;

    mlp_dense_pe #(.AW(2), .CW(4), .RW(4), .W_BITS(8), .X_BITS(8), .D_BITS(8), .S_BITS(8),
                   .F_X(4), .ACC_BITS(24), .PS_BITS(24), .GA_BITS(24)) dut (
        .clk(clk), .rst(rst), .mode(mode), .batch_first(batch_first),
        .in_valid(in_valid), .in_bias(in_bias), .in_first(in_first), .in_last(in_last),
        .in_addr(in_addr),
        .in_col(in_col), .in_rowbase(4'd0), .in_x(in_x), .in_psum(in_psum),
        .out_valid(out_valid), .out_bias(out_bias), .out_first(out_first), .out_last(out_last),
        .out_addr(out_addr),
        .out_col(out_col), .out_rowbase(out_rowbase), .out_x(out_x), .out_psum(out_psum),
        .b_act(1'b0), .bin_valid(1'b0), .bin_bias(1'b0), .bin_first(1'b0), .bin_addr(2'd0),
        .bin_x(8'd0), .bout_valid(), .bout_bias(), .bout_first(), .bout_addr(), .bout_x(),
        .d_in(d_in), .d_out(d_out), .d_row_ok_in(1'b1), .d_ok_out(d_ok_out),
        .acc(acc), .acc_rdy(acc_rdy), .rd_w_o(rd_w), .rd_g_o(rd_g), .rd_v_o(rd_v),
        .u_we(u_we), .u_addr(u_addr), .u_w_new(u_w_new), .u_v_new(u_v_new),
        .h_en(h_en), .h_we(h_we), .h_sel(h_sel), .h_addr(h_addr), .h_wdata(h_wdata));

    // the same PE without V (HAS_V = 0)
    mlp_dense_pe #(.AW(2), .CW(4), .RW(4), .W_BITS(8), .X_BITS(8), .D_BITS(8), .S_BITS(8),
                   .F_X(4), .ACC_BITS(24), .PS_BITS(24), .GA_BITS(24), .HAS_V(0)) dut3 (
        .clk(clk), .rst(rst), .mode(mode), .batch_first(batch_first),
        .in_valid(in_valid), .in_bias(in_bias), .in_first(in_first), .in_last(in_last),
        .in_addr(in_addr),
        .in_col(in_col), .in_rowbase(4'd0), .in_x(in_x), .in_psum(in_psum),
        .out_valid(), .out_bias(), .out_first(), .out_last(), .out_addr(),
        .out_col(), .out_rowbase(), .out_x(), .out_psum(),
        .b_act(1'b0), .bin_valid(1'b0), .bin_bias(1'b0), .bin_first(1'b0), .bin_addr(2'd0),
        .bin_x(8'd0), .bout_valid(), .bout_bias(), .bout_first(), .bout_addr(), .bout_x(),
        .d_in(d_in), .d_out(), .d_row_ok_in(1'b1), .d_ok_out(),
        .acc(), .acc_rdy(), .rd_w_o(rd_w3), .rd_g_o(rd_g3), .rd_v_o(rd_v3),
        .u_we(u_we), .u_addr(u_addr), .u_w_new(u_w_new), .u_v_new(u_v_new),
        .h_en(h_en), .h_we(h_we), .h_sel(h_sel), .h_addr(h_addr), .h_wdata(h_wdata));

    mlp_dense_pe #(.AW(2), .CW(4), .RW(4), .W_BITS(8), .X_BITS(8), .D_BITS(8), .S_BITS(8),
                   .F_X(4), .ACC_BITS(24), .PS_BITS(24), .GA_BITS(24), .DUAL(1)) dut2 (
        .clk(clk), .rst(rst), .mode(mode), .batch_first(batch_first),
        .in_valid(in_valid), .in_bias(in_bias), .in_first(in_first), .in_last(in_last),
        .in_addr(in_addr), .in_col(in_col), .in_rowbase(4'd0), .in_x(in_x), .in_psum(in_psum),
        .out_valid(), .out_bias(), .out_first(), .out_last(), .out_addr(), .out_col(),
        .out_rowbase(), .out_x(), .out_psum(),
        .b_act(b_act), .bin_valid(bin_valid), .bin_bias(bin_bias), .bin_first(bin_first),
        .bin_addr(bin_addr), .bin_x(bin_x), .bout_valid(), .bout_bias(), .bout_first(),
        .bout_addr(), .bout_x(),
        .d_in(d_in), .d_out(), .d_row_ok_in(1'b1), .d_ok_out(),
        .acc(acc2), .acc_rdy(acc_rdy2), .rd_w_o(), .rd_g_o(rd_g2), .rd_v_o(),
        .u_we(u_we), .u_addr(u_addr), .u_w_new(u_w_new), .u_v_new(8'd0),
        .h_en(h_en), .h_we(h_we), .h_sel(h_sel), .h_addr(h_addr), .h_wdata(h_wdata));
    reg [23:0] sum2 = 24'd0;
    always @(posedge clk) if (acc_rdy2) sum2 <= acc2;

    task host_write;
        input [1:0] sel, a;
        input [31:0] d;
        begin
            @(negedge clk); h_en = 1'b1; h_we = 1'b1; h_sel = sel; h_addr = a; h_wdata = d;
            @(negedge clk); h_en = 1'b0; h_we = 1'b0;
        end
    endtask

    task host_read;   // rd_* one cycle after the address
        input [1:0] a;
        begin
            @(negedge clk); h_addr = a;
            @(negedge clk);
        end
    endtask

    task token;
        input [1:0] a;
        input       bias, first;
        input [7:0] x;
        input [23:0] psum;
        begin
            @(negedge clk);
            in_valid = 1'b1; in_addr = a; in_col = {2'b00, a}; in_bias = bias; in_first = first;
            in_last = bias;
            in_x = x; in_psum = psum;
        end
    endtask

    // the sums finished (acc at acc_rdy), in order
    reg [23:0] sums [0:3];
    integer    n_sums = 0;
    always @(posedge clk) if (acc_rdy) begin
        sums[n_sums] <= acc;
        n_sums <= n_sums + 1;
    end

    task expect24;
        input [8*20-1:0] name;
        input [23:0] got, want;
        begin
            if (got !== want) begin
                $display("FAIL %0s: got %0d want %0d", name, $signed(got), $signed(want));
                errors = errors + 1;
            end
        end
    endtask

    // ---- the random passes: r1 (DUAL 0), r2 (DUAL 1) ----
    localparam integer RNC = 5, RR = 2, RWORDS = RNC * RR;
    integer     seed = 12345;
    reg  [1:0]  r_mode = 2'd3;
    reg         r_bf = 1'b0;
    reg         r_v = 1'b0, r_v2 = 1'b0, r_bias = 1'b0, r_first = 1'b0, r_last = 1'b0;
    reg  [3:0]  r_addr = 4'd0;
    reg  [7:0]  r_x = 8'd0, r_d = 8'd0, r_d2 = 8'd0;
    reg  [23:0] r_psum = 24'd0;
    reg         r_dok = 1'b0, r_dok2 = 1'b0;
    reg         r_bact = 1'b0, rb_v = 1'b0, rb_bias = 1'b0, rb_first = 1'b0;
    reg  [3:0]  rb_addr = 4'd0;
    reg  [7:0]  rb_x = 8'd0;
    reg         r_hen = 1'b0, r_hwe = 1'b0;
    reg  [1:0]  r_hsel = 2'd0;
    reg  [3:0]  r_haddr = 4'd0;
    reg  [31:0] r_hwdata = 32'd0;
    wire        r1_ov, r1_rdy, r2_rdy;
    wire [23:0] r1_ops, r1_acc, r2_acc, r1_g, r2_g;
    wire [7:0]  r1_dout, r1_xout;
    mlp_dense_pe #(.AW(4), .CW(4), .RW(4), .W_BITS(8), .X_BITS(8), .D_BITS(8), .S_BITS(8),
                   .F_X(4), .ACC_BITS(24), .PS_BITS(24), .GA_BITS(24), .MUL1(MUL1),
                   .MEM_BLOCK(MEMB)) r1 (
        .clk(clk), .rst(rst), .mode(r_mode), .batch_first(r_bf),
        .in_valid(r_v), .in_bias(r_bias), .in_first(r_first), .in_last(r_last),
        .in_addr(r_addr), .in_col(r_addr), .in_rowbase(4'd0), .in_x(r_x), .in_psum(r_psum),
        .out_valid(r1_ov), .out_bias(), .out_first(), .out_last(), .out_addr(), .out_col(),
        .out_rowbase(), .out_x(r1_xout), .out_psum(r1_ops),
        .b_act(1'b0), .bin_valid(1'b0), .bin_bias(1'b0), .bin_first(1'b0), .bin_addr(4'd0),
        .bin_x(8'd0), .bout_valid(), .bout_bias(), .bout_first(), .bout_addr(), .bout_x(),
        .d_in(r_d), .d_out(r1_dout), .d_row_ok_in(r_dok), .d_ok_out(),
        .acc(r1_acc), .acc_rdy(r1_rdy), .rd_w_o(), .rd_g_o(r1_g), .rd_v_o(),
        .u_we(1'b0), .u_addr(4'd0), .u_w_new(8'd0), .u_v_new(8'd0),
        .h_en(r_hen), .h_we(r_hwe), .h_sel(r_hsel), .h_addr(r_haddr), .h_wdata(r_hwdata));
    mlp_dense_pe #(.AW(4), .CW(4), .RW(4), .W_BITS(8), .X_BITS(8), .D_BITS(8), .S_BITS(8),
                   .F_X(4), .ACC_BITS(24), .PS_BITS(24), .GA_BITS(24), .DUAL(1), .MUL1(MUL1),
                   .MEM_BLOCK(MEMB)) r2 (
        .clk(clk), .rst(rst), .mode(r_mode), .batch_first(r_bf),
        .in_valid(r_v2), .in_bias(r_bias), .in_first(r_first), .in_last(r_last),
        .in_addr(r_addr), .in_col(r_addr), .in_rowbase(4'd0), .in_x(r_x), .in_psum(r_psum),
        .out_valid(), .out_bias(), .out_first(), .out_last(), .out_addr(), .out_col(),
        .out_rowbase(), .out_x(), .out_psum(),
        .b_act(r_bact), .bin_valid(rb_v), .bin_bias(rb_bias), .bin_first(rb_first),
        .bin_addr(rb_addr), .bin_x(rb_x), .bout_valid(), .bout_bias(), .bout_first(),
        .bout_addr(), .bout_x(),
        .d_in(r_d2), .d_out(), .d_row_ok_in(r_dok2), .d_ok_out(),
        .acc(r2_acc), .acc_rdy(r2_rdy), .rd_w_o(), .rd_g_o(r2_g), .rd_v_o(),
        .u_we(1'b0), .u_addr(4'd0), .u_w_new(8'd0), .u_v_new(8'd0),
        .h_en(r_hen), .h_we(r_hwe), .h_sel(r_hsel), .h_addr(r_haddr), .h_wdata(r_hwdata));
    wire unused_r = &{1'b0, r1_dout, r1_xout};

    // the model: W, both G, expected sums and partial sums in order
    reg  [7:0]  mW [0:15];
    reg  [23:0] mG1 [0:15], mG2 [0:15];
    reg  [23:0] q_acc1 [0:1023], q_acc2 [0:1023], q_ps [0:4095];
    integer     qa1w = 0, qa1r = 0, qa2w = 0, qa2r = 0, qpw = 0, qpr = 0;
    integer     r_checked = 0;
    always @(posedge clk) begin
        if (r1_rdy) begin
            if (qa1r >= qa1w || r1_acc !== q_acc1[qa1r]) begin
                $display("FAIL random r1 acc #%0d: got %0d want %0d", qa1r, $signed(r1_acc), $signed(q_acc1[qa1r]));
                errors = errors + 1;
            end
            qa1r = qa1r + 1; r_checked = r_checked + 1;
        end
        if (r2_rdy) begin
            if (qa2r >= qa2w || r2_acc !== q_acc2[qa2r]) begin
                $display("FAIL random r2 acc #%0d: got %0d want %0d", qa2r, $signed(r2_acc), $signed(q_acc2[qa2r]));
                errors = errors + 1;
            end
            qa2r = qa2r + 1; r_checked = r_checked + 1;
        end
        if (r1_ov) begin
            if (qpr >= qpw || r1_ops !== q_ps[qpr]) begin
                $display("FAIL random r1 psum #%0d: got %0d want %0d", qpr, $signed(r1_ops), $signed(q_ps[qpr]));
                errors = errors + 1;
            end
            qpr = qpr + 1; r_checked = r_checked + 1;
        end
    end

    function [23:0] sx8;   // sign-extend an 8-bit raw value
        input [7:0] v;
        sx8 = {{16{v[7]}}, v};
    endfunction

    task r_host_write;
        input [1:0] sel;
        input [3:0] a;
        input [31:0] d;
        begin
            @(negedge clk); r_hen = 1'b1; r_hwe = 1'b1; r_hsel = sel; r_haddr = a; r_hwdata = d;
            @(negedge clk); r_hen = 1'b0; r_hwe = 1'b0;
        end
    endtask

    // every G word of both PEs against the model (HOST mode)
    task r_check_g;
        integer a;
        begin
            r_mode = 2'd3; r_bact = 1'b0;
            for (a = 0; a < RWORDS; a = a + 1) begin
                @(negedge clk); r_haddr = a[3:0];
                @(negedge clk);
                if (r1_g !== mG1[a] || r2_g !== mG2[a]) begin
                    $display("FAIL random G[%0d]: r1 %0d want %0d, r2 %0d want %0d", a,
                             $signed(r1_g), $signed(mG1[a]), $signed(r2_g), $signed(mG2[a]));
                    errors = errors + 1;
                end
                r_checked = r_checked + 1;
            end
        end
    endtask

    // one pass. kind 0: r1 FWD, 1: r1 BWD, 2: r2 forward + gradient streams,
    // 3: r2 forward alone, 4: r2 gradient alone
    reg [23:0] m_sum [0:RR-1];
    reg [7:0]  m_dl  [0:RR-1], m_dl2 [0:RR-1];
    reg        m_ok  [0:RR-1], m_ok2 [0:RR-1];
    reg [7:0]  m_x   [0:RWORDS-1];
    task r_pass;
        input integer kind;
        integer mi, gi, k, g, c;
        reg     prev_m, fw, gr, go_m, go_g;
        reg [23:0] pin, p;
        begin
            fw = kind == 0 || kind == 1 || kind == 2 || kind == 3;
            gr = kind == 2 || kind == 4;
            r_mode = (kind == 1) ? 2'd1 : (kind == 4) ? 2'd3 : 2'd0;
            r_bf = ($random(seed) & 3) == 0;
            r_bact = kind >= 2 && gr;
            for (g = 0; g < RR; g = g + 1) begin
                m_sum[g] = {{16{mW[g*RNC+4][7]}}, mW[g*RNC+4]} << 4;
                m_dl[g] = $random(seed); m_dl2[g] = $random(seed);
                m_ok[g] = ($random(seed) & 7) != 0; m_ok2[g] = ($random(seed) & 7) != 0;
            end
            for (k = 0; k < RWORDS; k = k + 1) m_x[k] = $random(seed);
            mi = (kind == 4) ? RWORDS : 0;
            gi = gr ? 0 : RWORDS;
            prev_m = 1'b0;
            while (mi < RWORDS || gi < RWORDS) begin
                @(negedge clk);
                r_v = 1'b0; r_v2 = 1'b0; rb_v = 1'b0;
                r_d = $random(seed); r_d2 = $random(seed); r_dok = $random(seed); r_dok2 = $random(seed);
                r_x = $random(seed); r_psum = $random(seed); rb_x = $random(seed);
                go_m = mi < RWORDS && ($random(seed) % 4 != 0);
                if (go_m && MUL1 != 0 && kind == 1 && prev_m) go_m = 1'b0;
                go_g = gi < RWORDS && ($random(seed) % 4 != 0);
                if (go_g && MUL1 != 0 && prev_m) go_g = 1'b0;
                if (go_m) begin
                    g = mi / RNC; c = mi % RNC;
                    r_addr = mi[3:0]; r_bias = c == RNC - 1; r_first = c == 0; r_last = c == RNC - 1;
                    r_x = m_x[mi];
                    pin = {{8{r_psum[15]}}, r_psum[15:0]};
                    r_psum = pin;
                    if (kind <= 1) r_v = 1'b1; else r_v2 = 1'b1;
                    if (kind == 1 && c == 0) begin r_d = m_dl[g]; r_dok = m_ok[g]; end
                    if (kind != 1) begin
                        if (c < RNC - 1) m_sum[g] = m_sum[g] + sx8(mW[mi]) * sx8(m_x[mi]);
                        if (c == RNC - 1) begin
                            if (kind == 0) begin q_acc1[qa1w] = m_sum[g]; qa1w = qa1w + 1; end
                            else begin q_acc2[qa2w] = m_sum[g]; qa2w = qa2w + 1; end
                        end
                        if (kind == 0) begin q_ps[qpw] = pin; qpw = qpw + 1; end
                    end else begin
                        p = pin;
                        if (m_ok[g] && c < RNC - 1) p = pin + sx8(mW[mi]) * sx8(m_dl[g]);
                        q_ps[qpw] = p; qpw = qpw + 1;
                        if (r_bf) mG1[mi] = 24'd0;
                        if (m_ok[g])
                            mG1[mi] = mG1[mi] + ((c < RNC - 1) ? sx8(m_dl[g]) * sx8(m_x[mi]) : sx8(m_dl[g]) << 4);
                    end
                    mi = mi + 1;
                end
                if (go_g) begin
                    g = gi / RNC; c = gi % RNC;
                    rb_v = 1'b1; rb_addr = gi[3:0]; rb_bias = c == RNC - 1; rb_first = c == 0;
                    rb_x = m_x[gi];
                    if (c == 0) begin r_d2 = m_dl2[g]; r_dok2 = m_ok2[g]; end
                    if (r_bf) mG2[gi] = 24'd0;
                    if (m_ok2[g])
                        mG2[gi] = mG2[gi] + ((c < RNC - 1) ? sx8(m_dl2[g]) * sx8(m_x[gi]) : sx8(m_dl2[g]) << 4);
                    gi = gi + 1;
                end
                prev_m = go_m;
            end
            @(negedge clk); r_v = 1'b0; r_v2 = 1'b0; rb_v = 1'b0;
            repeat (3) @(negedge clk);
            r_check_g;
        end
    endtask

    task r_run;
        integer n, a;
        begin
            for (a = 0; a < 16; a = a + 1) begin
                mW[a] = $random(seed);
                r_host_write(2'd0, a[3:0], {{24{mW[a][7]}}, mW[a]});
                mG1[a] = 24'd0; mG2[a] = 24'd0;
                r_host_write(2'd1, a[3:0], 32'd0);
            end
            for (n = 0; n < 240; n = n + 1) r_pass(n % 5);
            if (qa1r != qa1w || qa2r != qa2w || qpr != qpw) begin
                $display("FAIL random: results missing (acc %0d/%0d, %0d/%0d, psum %0d/%0d)",
                         qa1r, qa1w, qa2r, qa2w, qpr, qpw);
                errors = errors + 1;
            end
            $display("tb_mlp_dense_pe: random passes (MUL1 %0d, MEM_BLOCK %0d): %0d values checked",
                     MUL1, MEMB, r_checked);
        end
    endtask

    reg [23:0] ps [0:1];
    always @(posedge clk) if (out_valid && !out_bias) ps[out_col[0]] <= out_psum;

    initial begin
        repeat (2) @(posedge clk);
        rst = 1'b0;
        host_write(2'd0, 2'd0, 32'd3);
        host_write(2'd0, 2'd1, 32'hFFFF_FFFE);
        host_write(2'd0, 2'd2, 32'd5);
        // forward
        mode = 2'd0;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd0);
        token(2'd1, 1'b0, 1'b0, 8'd7, 24'd0);
        token(2'd2, 1'b1, 1'b0, 8'd0, 24'd0);
        token(2'd0, 1'b0, 1'b1, 8'd1, 24'd0);   // next group at once
        token(2'd1, 1'b0, 1'b0, 8'd1, 24'd0);
        token(2'd2, 1'b1, 1'b0, 8'd0, 24'd0);
        @(negedge clk); in_valid = 1'b0;
        repeat (3) @(negedge clk);
        expect24("forward sums", n_sums, 24'd2);
        expect24("forward acc", sums[0], 24'd78);
        expect24("forward acc, 2nd group", sums[1], 24'd81);
        // backward, first sample of the batch: delta rides with the first token
        mode = 2'd1; batch_first = 1'b1;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd10);
        d_in = 8'd6;
        @(negedge clk); d_in = 8'd99;   // later values must not be taken
        in_valid = 1'b1; in_addr = 2'd1; in_col = 4'd1; in_bias = 1'b0; in_first = 1'b0;
        in_last = 1'b0; in_x = 8'd7; in_psum = 24'd0;
        token(2'd2, 1'b1, 1'b0, 8'd0, 24'd0);
        @(negedge clk); in_valid = 1'b0;
        repeat (3) @(negedge clk);
        expect24("psum col 0", ps[0], 24'd28);
        expect24("psum col 1", ps[1], -24'sd12);
        mode = 2'd3;
        host_read(2'd0); expect24("G[0]", rd_g, 24'd24);
        host_read(2'd1); expect24("G[1]", rd_g, 24'd42);
        host_read(2'd2); expect24("G[bias]", rd_g, 24'd96);
        // backward, second sample
        mode = 2'd1; batch_first = 1'b0;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd0);
        d_in = 8'hFF;
        @(negedge clk); in_valid = 1'b0;
        repeat (3) @(negedge clk);
        mode = 2'd3;
        host_read(2'd0); expect24("G[0] accumulated", rd_g, 24'd20);
        // update write-back
        mode = 2'd2;
        @(negedge clk); u_we = 1'b1; u_addr = 2'd1; u_w_new = 8'd9; u_v_new = 8'd13;
        @(negedge clk); u_we = 1'b0;
        mode = 2'd3;
        host_write(2'd2, 2'd3, 32'h55);
        host_read(2'd1); expect24("W[1] updated", {{16{rd_w[7]}}, rd_w}, 24'd9);
        expect24("V[1] updated", {16'd0, rd_v}, 24'd13);
        expect24("no V: W[1] updated", {{16{rd_w3[7]}}, rd_w3}, 24'd9);
        expect24("no V: V[1] is 0", {16'd0, rd_v3}, 24'd0);
        expect24("no V: G[1]", rd_g3, 24'd42);
        host_read(2'd0); expect24("W[0] kept", {{16{rd_w[7]}}, rd_w}, 24'd3);
        expect24("no V: G[0]", rd_g3, 24'd20);
        host_read(2'd3); expect24("V[3] host", {16'd0, rd_v}, 24'h55);
        expect24("no V: V[3] is 0", {16'd0, rd_v3}, 24'd0);
        // DUAL: forward and gradient streams at once (other columns order)
        mode = 2'd0; batch_first = 1'b1; b_act = 1'b1;
        token(2'd0, 1'b0, 1'b1, 8'd4, 24'd0);
        bin_valid = 1'b1; bin_first = 1'b0; bin_bias = 1'b0; bin_addr = 2'd1; bin_x = 8'd7;
        @(negedge clk);
        in_valid = 1'b1; in_addr = 2'd1; in_col = 4'd1; in_bias = 1'b0; in_first = 1'b0;
        in_last = 1'b0; in_x = 8'd7;
        bin_first = 1'b1; bin_addr = 2'd0; bin_x = 8'd4; d_in = 8'd6;
        @(negedge clk);
        in_addr = 2'd2; in_col = 4'd2; in_bias = 1'b1; in_last = 1'b1; in_x = 8'd0;
        bin_first = 1'b0; bin_addr = 2'd2; bin_bias = 1'b1; bin_x = 8'd0; d_in = 8'd77;
        @(negedge clk); in_valid = 1'b0; bin_valid = 1'b0;
        repeat (3) @(negedge clk);
        b_act = 1'b0; mode = 2'd3;
        expect24("dual forward acc", sum2, 24'd155);   // W[1] = 9 by then
        host_read(2'd0); expect24("dual G[0]", rd_g2, 24'd24);
        host_read(2'd2); expect24("dual G[bias]", rd_g2, 24'd96);
        r_run;
        if ($test$plusargs("break")) expect24("planted", sums[0], 24'd79);
        if (errors == 0) $display("PASS tb_mlp_dense_pe");
        else $display("FAILED tb_mlp_dense_pe: %0d errors", errors);
        $finish;
    end
endmodule
