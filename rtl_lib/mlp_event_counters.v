// mlp_event_counters: NC event counters of 32 bits (the training core's
// saturation counters, mlp_ctrl_core 0x80 + 4k), each increased every cycle
// by its field of `inc`, read by index through a registered read port.
//
// Interface
//   clk, rst      rst (synchronous, active high) zeroes every counter.
//   inc[NC*EW]    counter k grows by inc[EW*k +: EW] this cycle (wraps modulo
//                 2^32). EW is the live width of a count: the core's layer
//                 fields count at most the update units of one cycle.
//   rd_en, rd_idx read counter rd_idx (out of range: 0); rd_data is the value
//                 in the cycle after rd_en (registered). RAM = 0 holds it
//                 until the next rd_en; RAM = 1 only guarantees that cycle.
//   busy          RAM = 1: counts not yet in the memory (this cycle's inc, a
//                 nonzero pending count, a write in flight). Always 0 with
//                 RAM = 0. The core ends a batch only when busy is low.
//
// RAM = 0: one 32-bit register and adder per counter (the counters before
// this module existed; the value read is the one before the read cycle's inc).
//
// RAM = 1 (target ice40): the 32-bit values live in block RAM (mlp_ram_dp,
// BLOCK = 1, one SB_RAM40_4K per 16 bits); per counter a PW-bit pending count
// takes this cycle's inc, and ONE 32-bit adder moves one pending count a
// cycle into memory (read-modify-write):
//   cycle c:   pick counter k (round robin from the one after the last pick)
//              with pend[k] != 0 and k not in flight, and no bus read this
//              cycle (the bus read owns the read port); flight <= pend[k],
//              pend[k] <= inc[k] (the counts of cycle c), read mem[k].
//   cycle c+1: mem[k] <= (valid[k] ? mem[k] : 0) + flight, valid[k] <= 1.
// A word never written since rst has valid = 0 and reads as 0, so reset
// clears every counter at once (no clear walk). The flush never reads the word
// it writes (k in flight is not picked). A bus read of word k in c+1 would
// collide with the write: the write waits a cycle instead (the bus read gets
// the old word, and fetches mem[k] again for the write), so the memory needs
// no read-first bypass (mlp_ram_dp OLD_ON_COLLISION = 0: a collision would
// read X in simulation).
//
// Pending bound (PW): after counter k's service in cycle c, round robin
// serves it again within NC + 1 cycles that have no bus read (NC - 1 other
// services, one cycle where k is still in flight and nothing else waits, its
// own; k's flight lasts past c+1 only if a bus read in c+1 made the write
// wait, so c+2 has no read). The bus reads at most every other cycle
// (mlp_ctrl_axil: bus_en of two reads are >= 3 cycles apart), so the service
// comes by c + 2*NC + 2 and pend[k] collects the inc of at most 2*NC + 2
// cycles: pend <= PBOUND = (2^EW - 1) * (2*NC + 2) < 2^PW. The bound is
// reached (NC = 1); tests/rtl/tb_mlp_event_counters.v checks it every cycle.
//
// Reads while counts come in (a batch running) may lag: RAM = 1 returns the
// memory word, which misses the pending and in-flight counts of that counter
// (at most 2 * PBOUND). Once busy is low every count is in the memory and a
// read returns exactly what RAM = 0 would.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module mlp_event_counters #(
    parameter integer NC  = 18,   // counters, >= 1
    parameter integer EW  = 16,   // live bits of one counter's increment, 1..16
    parameter integer IW  = 8,    // rd_idx width, 2^IW >= NC
    parameter integer RAM = 0     // 0: registers; 1: block RAM + pending counts
) (
    input  wire             clk,
    input  wire             rst,
    input  wire [NC*EW-1:0] inc,
    input  wire             rd_en,
    input  wire [IW-1:0]    rd_idx,
    output wire [31:0]      rd_data,
    output wire             busy
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
    localparam integer AW     = NC > 1 ? clog2(NC) : 1;   // memory address bits
    localparam integer EMAX   = (1 << EW) - 1;
    localparam integer PBOUND = EMAX * (2 * NC + 2);      // pending count bound
    localparam integer PW     = clog2(PBOUND + 1);        // pending count bits

    generate
        if (NC < 1) begin : g_bad_nc
            PARAMETER_ERROR_mlp_event_counters_NC_must_be_at_least_1 u_param_error ();
        end
        if (EW < 1 || EW > 16) begin : g_bad_ew
            PARAMETER_ERROR_mlp_event_counters_EW_must_be_1_to_16 u_param_error ();
        end
        if (IW < 1 || IW > 30 || (1 << IW) < NC) begin : g_bad_iw
            PARAMETER_ERROR_mlp_event_counters_IW_must_address_every_counter u_param_error ();
        end
        if (RAM != 0 && RAM != 1) begin : g_bad_ram
            PARAMETER_ERROR_mlp_event_counters_RAM_must_be_0_or_1 u_param_error ();
        end
    endgenerate

    localparam [IW:0] NCX = NC[IW:0];
    wire in_range = {1'b0, rd_idx} < NCX;

    integer e;
    generate
        if (RAM == 0) begin : g_reg
            reg [31:0] cnt [0:NC-1];
            reg [31:0] rd_q;
            always @(posedge clk) begin
                if (rst) begin
                    for (e = 0; e < NC; e = e + 1) cnt[e] <= 32'd0;
                end else begin
                    for (e = 0; e < NC; e = e + 1)
                        cnt[e] <= cnt[e] + {{(32-EW){1'b0}}, inc[EW*e +: EW]};
                end
                if (rd_en) rd_q <= in_range ? cnt[rd_idx[AW-1:0]] : 32'd0;
            end
            assign rd_data = rd_q;
            assign busy = 1'b0;
        end else begin : g_ram
            reg [NC*PW-1:0] pend;     // pending count k at [PW*k +: PW]
            reg [NC-1:0] nz;          // pend[k] != 0
            reg [NC-1:0] valid;       // word k written since rst
            reg [NC-1:0] above;       // round robin: the counters after the last pick
            reg          fl_v;        // a write in flight (cycle c+1)
            reg [NC-1:0] fl_oh;       // its counter, one-hot
            reg [AW-1:0] fl_k;        // and as an address
            reg [PW-1:0] fl_val;
            reg          v_q;         // valid bit of the word read (0 out of range)
            wire [AW-1:0] ridx = rd_idx[AW-1:0];
            localparam [NC-1:0] ONE = {{(NC-1){1'b0}}, 1'b1};

            // the pick, one-hot: the first counter after the last pick with a
            // pending count, not in flight; else the first from 0 (x & -x:
            // the lowest set bit, on the carry chain)
            reg [NC-1:0] req, hi, oh, fl_sel, pv;
            reg [AW-1:0] pick;
            reg [PW-1:0] pick_val;
            reg          pick_valid;
            always @(*) begin
                for (e = 0; e < NC; e = e + 1)
                    nz[e] = pend[PW*e +: PW] != {PW{1'b0}};
                fl_sel = fl_v ? fl_oh : {NC{1'b0}};
                req = nz & ~fl_sel;
                hi  = req & above;
                oh  = (|hi) ? (hi & (~hi + ONE)) : (req & (~req + ONE));
                pick = {AW{1'b0}};
                pick_val = {PW{1'b0}};
                for (e = 0; e < NC; e = e + 1) begin
                    if (oh[e]) pick = pick | e[AW-1:0];
                    pick_val = pick_val | (pend[PW*e +: PW] & {PW{oh[e]}});
                end
                pick_valid = |(valid & oh);
                pv = oh | (oh - ONE);       // the pick and below
            end
            wire go = |req && !rd_en;
            assign busy = |nz || fl_v || |inc;

            wire [31:0] m_rd;
            wire [31:0] m_old = v_q ? m_rd : 32'd0;
            wire        m_we  = fl_v && !rst && !(rd_en && ridx == fl_k);   // (else next cycle)
            wire [31:0] m_wd  = m_old + {{(32-PW){1'b0}}, fl_val};
            mlp_ram_dp #(.ADDR_W(AW), .DATA_W(32), .OLD_ON_COLLISION(0), .BLOCK(1)) u_mem (
                .clk(clk), .wr_en(m_we), .wr_addr(fl_k), .wr_data(m_wd),
                .rd_en(rd_en || go), .rd_addr(rd_en ? ridx : pick), .rd_data(m_rd));
            assign rd_data = m_old;

            always @(posedge clk) begin
                if (rd_en) begin
                    v_q <= valid[ridx] && in_range;
                end else if (go) begin
                    v_q <= pick_valid;
                end
                if (go) begin
                    fl_k   <= pick;
                    fl_oh  <= oh;
                    fl_val <= pick_val;
                end
                if (rst) begin
                    pend  <= {NC*PW{1'b0}};
                    valid <= {NC{1'b0}};
                    above <= {NC{1'b1}};
                    fl_v  <= 1'b0;
                end else begin
                    for (e = 0; e < NC; e = e + 1) begin
                        if (go && oh[e])
                            pend[PW*e +: PW] <= {{(PW-EW){1'b0}}, inc[EW*e +: EW]};
                        else
                            pend[PW*e +: PW] <= pend[PW*e +: PW] + {{(PW-EW){1'b0}}, inc[EW*e +: EW]};
                    end
                    fl_v <= go || (fl_v && !m_we);   // (go is 0 when the write waits)
                    if (go) above <= ~pv;
                    if (m_we) valid <= valid | fl_sel;
                end
            end
        end
    endgenerate
endmodule

`resetall
