// mlp_dense_pe: one processing element of a dense layer. It owns the rows
// j = p, p+P, p+2P, ... of W (and their biases) in its own memories: the
// weights, the exact mini-batch gradient accumulator and the optimizer
// state. A token (one column i of one row group) enters from the previous PE
// and leaves for the next two cycles later, so the input vector, the column
// counter and the partial sums of g = W^T delta travel along the chain with
// no broadcast net. Per pass mode:
//   FWD: acc = sum_i W[j][i] * x[i] + (b[j] << F_X)   (exact)
//   BWD: psum_out = psum_in + W[j][i] * delta_j ;
//        G[j][i] = (first sample of batch ? 0 : G[j][i]) + delta_j * x[i]
//        (the bias column adds delta_j << F_X)
//   UPD: the layer's update unit reads W, G, V at h_addr and writes W', V'
//        at u_addr (mlp_update_sgd, one per layer).
// Multipliers: w*x and w*delta share one (the main chain is in FWD or in
// BWD, never both), delta*x has its own: two per PE.
// MUL1 = 1 (small parts: iCE40 UP5K has 8 DSPs): one multiplier. delta*x is
// formed in the cycle its token arrives (stage 0: the group's delta is d_in
// with the first token, else the latched one) into a register that G's
// write uses at stage 1; w*x or w*delta stays at stage 1 (w is read data
// there). The operands are muxed by which stage holds a token that needs
// the product; the sequencer must never have a gradient token at stage 0
// beside a main-product token at stage 1 (mlp_dense_layer: a pass needing
// both runs every other cycle, both streams of layer 0 on one parity).
// Same bits; only the schedule changes.
// DUAL = 1 (a layer that sends no g: layer 0): the gradient pass has its
// own token stream (bin_* / bout_*, active with b_act): G += delta x^T runs
// on G's ports while a forward pass streams on the main one through W, so
// the two passes of different samples overlap.
// Memory word address a = r*(N+1) + i; column i = N is the bias. Host access
// (HOST mode, core idle) reads and writes any word of the three memories.
// HAS_V = 0 (a net without momentum: the update unit never reads the state,
// which stays 0): no V memory; rd_v_o reads 0, its writes (host, update)
// are dropped.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_dense_pe #(
    parameter integer AW       = 4,    // memory address width
    parameter integer CW       = 4,    // column index width
    parameter integer RW       = 4,    // row index width
    parameter integer W_BITS   = 16,   // weight (and bias) raw width
    parameter integer X_BITS   = 16,   // activation raw width
    parameter integer D_BITS   = 16,   // delta raw width
    parameter integer S_BITS   = 16,   // optimizer state raw width
    parameter integer F_X      = 12,   // fractional bits of x (bias column alignment)
    parameter integer ACC_BITS = 40,   // forward accumulator width
    parameter integer PS_BITS  = 40,   // backward partial-sum width
    parameter integer GA_BITS  = 40,   // gradient accumulator width
    parameter integer DUAL     = 0,    // 1: separate gradient-pass stream
    parameter integer MUL1     = 0,    // 1: one multiplier (delta*x at stage 0, see above)
    parameter integer MEM_BLOCK = 0,   // bit 0 W, 1 G, 2 V: that memory in block RAM whatever
                                       // its size, no read-during-write bypass (see below)
    parameter integer HAS_V    = 1,    // 0: no optimizer-state memory V (reads 0)
    parameter integer MEM_SP   = 0,    // bit 0 W, 1 G, 2 V: that memory single-ported (see below)
    parameter integer MEM_HUGE = 0,    // bit 0 W, 1 G, 2 V (a MEM_SP memory): in SPRAM
    parameter integer G_HUGE_W = 0,    // G in SPRAM: its low G_HUGE_W bits (0: all), the rest in block RAM
    parameter integer DEPTH    = 1 << AW   // words of a single-ported memory (the rows' r*(N+1)+i)
) (
    input  wire                clk,
    input  wire                rst,
    input  wire [1:0]          mode,        // 0 FWD, 1 BWD, 2 UPD, 3 HOST
    input  wire                batch_first, // BWD: this sample starts a batch

    // token in (from the previous PE or the layer sequencer)
    input  wire                in_valid,
    input  wire                in_bias,
    input  wire                in_first,
    input  wire                in_last,
    input  wire [AW-1:0]       in_addr,
    input  wire [CW-1:0]       in_col,
    input  wire [RW-1:0]       in_rowbase,  // r*P
    input  wire [X_BITS-1:0]   in_x,
    input  wire [PS_BITS-1:0]  in_psum,
    // token out (registered)
    output reg                 out_valid,
    output reg                 out_bias,
    output reg                 out_first,
    output reg                 out_last,
    output reg  [AW-1:0]       out_addr,
    output reg  [CW-1:0]       out_col,
    output reg  [RW-1:0]       out_rowbase,
    output reg  [X_BITS-1:0]   out_x,
    output reg  [PS_BITS-1:0]  out_psum,

    // gradient-pass stream (DUAL = 1 only; else unused)
    input  wire                b_act,
    input  wire                bin_valid,
    input  wire                bin_bias,
    input  wire                bin_first,
    input  wire [AW-1:0]       bin_addr,
    input  wire [X_BITS-1:0]   bin_x,
    output reg                 bout_valid,
    output reg                 bout_bias,
    output reg                 bout_first,
    output reg  [AW-1:0]       bout_addr,
    output reg  [X_BITS-1:0]   bout_x,

    // delta line: one register per PE; latched with a group's first token
    input  wire [D_BITS-1:0]   d_in,
    output reg  [D_BITS-1:0]   d_out,
    input  wire                d_row_ok_in,  // the row exists (j < M)
    output reg                 d_ok_out,

    // forward result: acc holds a group's sum while acc_rdy is high
    output reg  [ACC_BITS-1:0] acc,
    output reg                 acc_rdy,

    // memory read data (one cycle after the address), for UPD and HOST
    output wire [W_BITS-1:0]   rd_w_o,
    output wire [GA_BITS-1:0]  rd_g_o,
    output wire [S_BITS-1:0]   rd_v_o,
    // update write-back (UPD): W and V at u_addr
    input  wire                u_we,
    input  wire [AW-1:0]       u_addr,
    input  wire [W_BITS-1:0]   u_w_new,
    input  wire [S_BITS-1:0]   u_v_new,

    // host access (HOST mode): sel 0 W, 1 G, 2 V; read data one cycle later
    input  wire                h_en,
    input  wire                h_we,
    input  wire [1:0]          h_sel,
    input  wire [AW-1:0]       h_addr,
    input  wire [31:0]         h_wdata
);
    generate
        if (ACC_BITS < W_BITS + X_BITS + 1) begin : g_bad_acc
            PARAMETER_ERROR_mlp_dense_pe_ACC_BITS_too_small u_param_error ();
        end
        if (F_X < 0) begin : g_bad_fx
            PARAMETER_ERROR_mlp_dense_pe_F_X_must_be_nonnegative u_param_error ();
        end
        if (HAS_V != 0 && HAS_V != 1) begin : g_bad_has_v
            PARAMETER_ERROR_mlp_dense_pe_HAS_V_must_be_0_or_1 u_param_error ();
        end
        if (MUL1 != 0 && GA_BITS < D_BITS + X_BITS) begin : g_bad_ga
            PARAMETER_ERROR_mlp_dense_pe_MUL1_needs_GA_BITS_of_the_product u_param_error ();
        end
        if (MEM_SP < 0 || MEM_SP > 7 || (MEM_HUGE & ~MEM_SP) != 0) begin : g_bad_sp
            PARAMETER_ERROR_mlp_dense_pe_MEM_HUGE_needs_MEM_SP_bits u_param_error ();
        end
        if (((MEM_SP >> 1) & 1) != 0 && MUL1 == 0) begin : g_bad_sp_g
            PARAMETER_ERROR_mlp_dense_pe_single_port_G_needs_MUL1_half_rate u_param_error ();
        end
        if (G_HUGE_W < 0 || G_HUGE_W > GA_BITS) begin : g_bad_ghw
            PARAMETER_ERROR_mlp_dense_pe_G_HUGE_W_must_be_0_to_GA_BITS u_param_error ();
        end
    endgenerate

    localparam [1:0] M_FWD = 2'd0, M_BWD = 2'd1, M_UPD = 2'd2, M_HOST = 2'd3;

    // ---- memories: one read port and one write port each (mlp_ram_dp, block RAM) ----
    wire [W_BITS-1:0]  rd_w;
    wire [GA_BITS-1:0] rd_g;
    wire [S_BITS-1:0]  rd_v;
    wire [AW-1:0] raddr = (mode == M_HOST || mode == M_UPD) ? h_addr : in_addr;
    wire [AW-1:0] raddr_g = (DUAL != 0 && b_act) ? bin_addr : raddr;

    // the gradient stream's input: its own (DUAL) or the main one
    wire              gi_valid = (DUAL != 0) ? bin_valid : in_valid;
    wire              gi_bias  = (DUAL != 0) ? bin_bias  : in_bias;
    wire              gi_first = (DUAL != 0) ? bin_first : in_first;
    wire [AW-1:0]     gi_addr  = (DUAL != 0) ? bin_addr  : in_addr;
    wire [X_BITS-1:0] gi_x     = (DUAL != 0) ? bin_x     : in_x;
    reg               gs1_valid, gs1_bias, gs1_first;
    reg [AW-1:0]      gs1_addr;
    reg [X_BITS-1:0]  gs1_x;
    always @(posedge clk) begin
        if (rst) gs1_valid <= 1'b0;
        else     gs1_valid <= gi_valid;
        gs1_bias  <= gi_bias;
        gs1_first <= gi_first;
        gs1_addr  <= gi_addr;
        gs1_x     <= gi_x;
    end
    always @(posedge clk) begin
        if (rst) bout_valid <= 1'b0;
        else     bout_valid <= gs1_valid;
        bout_bias  <= gs1_bias;
        bout_first <= gs1_first;
        bout_addr  <= gs1_addr;
        bout_x     <= gs1_x;
    end

    // ---- stage 1: the token beside the read data ----
    reg               s1_valid, s1_bias, s1_first, s1_last;
    reg [AW-1:0]      s1_addr;
    reg [CW-1:0]      s1_col;
    reg [RW-1:0]      s1_rowbase;
    reg [X_BITS-1:0]  s1_x;
    reg [PS_BITS-1:0] s1_psum;
    always @(posedge clk) begin
        if (rst) s1_valid <= 1'b0;
        else     s1_valid <= in_valid;
        s1_bias    <= in_bias;
        s1_first   <= in_first;
        s1_last    <= in_last;
        s1_addr    <= in_addr;
        s1_col     <= in_col;
        s1_rowbase <= in_rowbase;
        s1_x       <= in_x;
        s1_psum    <= in_psum;
    end

    // ---- arithmetic (exact) ----
    reg [D_BITS-1:0] delta;  // this PE's delta_j for the current row group
    reg              d_row_ok;  // and whether that row exists
    always @(posedge clk) begin
        d_out    <= d_in;
        d_ok_out <= d_row_ok_in;
        if (gi_valid && gi_first) begin
            delta    <= d_in;
            d_row_ok <= d_row_ok_in;
        end
    end

    wire signed [W_BITS-1:0]   w_s  = rd_w;
    wire signed [X_BITS-1:0]   x_s  = s1_x;
    wire signed [D_BITS-1:0]   d_s  = delta;
    // one multiplier for w*x (FWD) and w*delta (BWD): the main chain runs
    // one pass at a time, so the two products are never needed together
    localparam integer OB = (X_BITS > D_BITS) ? X_BITS : D_BITS;
    wire signed [OB-1:0]       wop  = (mode == M_BWD) ? $signed({{(OB-D_BITS+1){d_s[D_BITS-1]}}, d_s[D_BITS-2:0]})
                                                      : $signed({{(OB-X_BITS+1){x_s[X_BITS-1]}}, x_s[X_BITS-2:0]});
    localparam integer PWA = (W_BITS + OB > ACC_BITS) ? W_BITS + OB : ACC_BITS;
    localparam integer PWW = ((PWA > PS_BITS) ? PWA : PS_BITS) + 1;   // (a sign bit to spare)
    wire signed [W_BITS+OB-1:0] p_w0;
    wire signed [PWW-1:0]      p_w  = {{(PWW-W_BITS-OB){p_w0[W_BITS+OB-1]}}, p_w0};
    wire signed [ACC_BITS-1:0] p_wx = s1_bias ? ($signed({{(ACC_BITS-W_BITS){w_s[W_BITS-1]}}, w_s}) <<< F_X)
                                              : p_w[ACC_BITS-1:0];
    wire signed [PS_BITS-1:0]  p_wd = p_w[PS_BITS-1:0];
    wire signed [GA_BITS-1:0]  d_ext = {{(GA_BITS-D_BITS){d_s[D_BITS-1]}}, d_s};
    wire signed [GA_BITS-1:0]  p_dx;
    generate
        if (MUL1 == 0) begin : g_mul2
            // two multipliers: w*x or w*delta, and delta*x (both at stage 1)
            wire signed [X_BITS-1:0] gx_s = gs1_x;
            assign p_w0 = w_s * wop;
            assign p_dx = gs1_bias ? (d_ext <<< F_X) : (d_s * gx_s);
        end else begin : g_mul1
            // one multiplier: the gradient token's delta*x at stage 0 (into
            // dx_r), the main product at stage 1, never in the same cycle
            localparam integer MA = (W_BITS > D_BITS) ? W_BITS : D_BITS;
            localparam integer DX = D_BITS + X_BITS;
            wire [D_BITS-1:0] g0_d = gi_first ? d_in : delta;   // this group's delta
            wire g0_mul = gi_valid && !gi_bias && (DUAL != 0 || mode == M_BWD);
            wire signed [MA-1:0] ma = g0_mul ? $signed({{(MA-D_BITS+1){g0_d[D_BITS-1]}}, g0_d[D_BITS-2:0]})
                                             : $signed({{(MA-W_BITS+1){w_s[W_BITS-1]}}, w_s[W_BITS-2:0]});
            wire signed [OB-1:0] mb = g0_mul ? $signed({{(OB-X_BITS+1){gi_x[X_BITS-1]}}, gi_x[X_BITS-2:0]})
                                             : wop;
            wire signed [MA+OB-1:0] m_p = ma * mb;
            reg  [DX-1:0] dx_r;
            always @(posedge clk) begin
                if (g0_mul) dx_r <= m_p[DX-1:0];
            end
            assign p_w0 = m_p[W_BITS+OB-1:0];
            assign p_dx = gs1_bias ? (d_ext <<< F_X) : $signed({{(GA_BITS-DX){dx_r[DX-1]}}, dx_r});
            wire unused_mp = &{1'b0, m_p};   // (the bits above each product's width)
`ifndef SYNTHESIS
            // the schedule's promise: no gradient product beside a main one
            wire s1_mul = s1_valid && !s1_bias && (mode == M_FWD || (mode == M_BWD && d_row_ok));
            always @(posedge clk) begin
                if (!rst && g0_mul && s1_mul) begin
                    $display("ERROR mlp_dense_pe %m: MUL1 multiplier wanted at stage 0 and 1 at %0t", $time);
                    $stop;
                end
            end
`endif
        end
    endgenerate
    wire signed [GA_BITS-1:0]  g_old = batch_first ? {GA_BITS{1'b0}} : $signed(rd_g);
    wire signed [GA_BITS-1:0]  g_new = g_old + (d_row_ok ? p_dx : {GA_BITS{1'b0}});

    always @(posedge clk) begin
        if (mode == M_FWD && s1_valid)
            acc <= (s1_first ? {ACC_BITS{1'b0}} : acc) + p_wx;
    end
    always @(posedge clk) begin
        if (rst) acc_rdy <= 1'b0;
        else     acc_rdy <= mode == M_FWD && s1_valid && s1_last;
    end

    // ---- token out ----
    always @(posedge clk) begin
        if (rst) out_valid <= 1'b0;
        else     out_valid <= s1_valid;
        out_bias    <= s1_bias;
        out_first   <= s1_first;
        out_last    <= s1_last;
        out_addr    <= s1_addr;
        out_col     <= s1_col;
        out_rowbase <= s1_rowbase;
        out_x       <= s1_x;
        out_psum    <= (mode == M_BWD && !s1_bias && d_row_ok) ? s1_psum + p_wd : s1_psum;
    end

    assign rd_w_o = rd_w;
    assign rd_g_o = rd_g;
    assign rd_v_o = rd_v;

    // ---- writes: host (HOST), gradient (BWD), update (UPD) ----
    wire [GA_BITS+31:0] h_wg = {{GA_BITS{h_wdata[31]}}, h_wdata};
    wire unused_h_wg = &{1'b0, h_wg[GA_BITS+31:GA_BITS], p_w};   // p_w: the bits above the sums'
    wire host_we = (mode == M_HOST) && h_en && h_we;
    wire upd_we  = (mode == M_UPD) && u_we;
    wire w_we = (host_we && h_sel == 2'd0) || upd_we;
    wire g_we = (host_we && h_sel == 2'd1) ||
                (gs1_valid && (DUAL != 0 || mode == M_BWD));
    wire v_we = (host_we && h_sel == 2'd2) || upd_we;

    // A MEM_BLOCK bit (the iCE40 core, USEQ = 1 only): that memory is a
    // block RAM without the read-first bypass; no read of a word in the
    // cycle it is written is used there: HOST writes (the read beside is not
    // returned), BWD's G read-modify-write (consecutive tokens have different
    // addresses; the first sample of a batch ignores the read), UPD's W and
    // V write-back (the walk's read address has moved on by then). A clear
    // bit keeps the read-first memory (flip-flops when small), as before.
    // MEM_SP (the iCE40 UP5K's SPRAM, single-ported: mlp_ram_sp): that
    // memory reads or writes one word a cycle, the write first; read data
    // of a write cycle is undefined. The schedule keeps them apart: W and V
    // are written only by the host (nothing read beside) and the update's
    // write-back (mlp_dense_layer: the walk issues no read in that cycle);
    // G's read-modify-write needs its gradient tokens at half rate (a read
    // with the token at stage 0, the write a cycle later at stage 1:
    // mlp_dense_layer runs every G-writing pass at half rate when G is
    // single-ported, MUL1 = 1).
    localparam integer BW = MEM_BLOCK & 1, BG = (MEM_BLOCK >> 1) & 1, BV = (MEM_BLOCK >> 2) & 1;
    localparam integer SW = MEM_SP & 1, SG = (MEM_SP >> 1) & 1, SV = (MEM_SP >> 2) & 1;
    localparam integer HW = MEM_HUGE & 1, HG = (MEM_HUGE >> 1) & 1, HV = (MEM_HUGE >> 2) & 1;
    wire [AW-1:0]      w_wa = host_we ? h_addr : u_addr;
    wire [W_BITS-1:0]  w_wd = host_we ? h_wdata[W_BITS-1:0] : u_w_new;
    wire [AW-1:0]      g_wa = host_we ? h_addr : gs1_addr;
    wire [GA_BITS-1:0] g_wd = host_we ? h_wg[GA_BITS-1:0] : g_new;
    wire [AW-1:0]      v_wa = host_we ? h_addr : u_addr;
    wire [S_BITS-1:0]  v_wd = host_we ? h_wdata[S_BITS-1:0] : u_v_new;
    generate
        if (SW != 0) begin : g_w_sp
            mlp_ram_sp #(.ADDR_W(AW), .DEPTH(DEPTH), .DATA_W(W_BITS), .STYLE(HW != 0 ? 2 : 1)) u_ram_w (
                .clk(clk), .addr(w_we ? w_wa : raddr), .wr_en(w_we), .wr_data(w_wd), .rd_data(rd_w));
        end else begin : g_w_dp
            mlp_ram_dp #(.ADDR_W(AW), .DATA_W(W_BITS), .OLD_ON_COLLISION(1 - BW), .BLOCK(BW)) u_ram_w (
                .clk(clk), .wr_en(w_we), .wr_addr(w_wa), .wr_data(w_wd),
                .rd_en(1'b1), .rd_addr(raddr), .rd_data(rd_w));
        end
        if (SG != 0) begin : g_g_sp
            // the low GH bits in SPRAM (HG), the rest in block RAM
            localparam integer GH = (HG == 0) ? 0 : (G_HUGE_W == 0) ? GA_BITS : G_HUGE_W;
            wire [AW-1:0] g_a = g_we ? g_wa : raddr_g;
            if (GH > 0) begin : g_lo
                mlp_ram_sp #(.ADDR_W(AW), .DEPTH(DEPTH), .DATA_W(GH), .STYLE(2)) u_ram_g (
                    .clk(clk), .addr(g_a), .wr_en(g_we), .wr_data(g_wd[GH-1:0]), .rd_data(rd_g[GH-1:0]));
            end
            if (GH < GA_BITS) begin : g_hi
                mlp_ram_sp #(.ADDR_W(AW), .DEPTH(DEPTH), .DATA_W(GA_BITS - GH), .STYLE(1)) u_ram_g (
                    .clk(clk), .addr(g_a), .wr_en(g_we), .wr_data(g_wd[GA_BITS-1:GH]),
                    .rd_data(rd_g[GA_BITS-1:GH]));
            end
        end else begin : g_g_dp
            mlp_ram_dp #(.ADDR_W(AW), .DATA_W(GA_BITS), .OLD_ON_COLLISION(1 - BG), .BLOCK(BG)) u_ram_g (
                .clk(clk), .wr_en(g_we), .wr_addr(g_wa), .wr_data(g_wd),
                .rd_en(1'b1), .rd_addr(raddr_g), .rd_data(rd_g));
        end
        // (three separate blocks, no else-if chain: Yosys names a nested one genblk*)
        if (HAS_V != 0 && SV != 0) begin : g_v_sp
            mlp_ram_sp #(.ADDR_W(AW), .DEPTH(DEPTH), .DATA_W(S_BITS), .STYLE(HV != 0 ? 2 : 1)) u_ram_v (
                .clk(clk), .addr(v_we ? v_wa : raddr), .wr_en(v_we), .wr_data(v_wd), .rd_data(rd_v));
        end
        if (HAS_V != 0 && SV == 0) begin : g_v
            mlp_ram_dp #(.ADDR_W(AW), .DATA_W(S_BITS), .OLD_ON_COLLISION(1 - BV), .BLOCK(BV)) u_ram_v (
                .clk(clk), .wr_en(v_we), .wr_addr(v_wa), .wr_data(v_wd),
                .rd_en(1'b1), .rd_addr(raddr), .rd_data(rd_v));
        end
        if (HAS_V == 0) begin : g_no_v
            assign rd_v = {S_BITS{1'b0}};
            wire unused_v = &{1'b0, v_we, v_wa, v_wd, BV[0], SV[0], HV[0]};
        end
    endgenerate
endmodule

`resetall
