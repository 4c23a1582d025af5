// tb_mlp_event_counters: self-checking testbench for
// rtl_lib/mlp_event_counters.v against a behavioural model (one 32-bit sum per
// counter). Phases of random increment vectors: bursts on many counters at
// once with full-scale counts, sparse single counts, long quiet gaps; idle
// phases (inc 0) once busy is low. Bus reads at random (at most every other
// cycle, as mlp_ctrl_axil issues them), some out of range: a read with busy
// low must equal the model exactly; a read with busy high (counts still
// pending, RAM = 1) must lie in [model - 2*PBOUND, model]. RAM = 0 must be
// exact on every read. Reset in the middle of runs. RAM = 1: every pending
// count is checked against the module's bound PBOUND on every cycle, and bus
// reads of the word whose write is due (the write waits a cycle) must occur.
// +break corrupts one expected value (the run must then fail).
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_event_counters;
    parameter integer NC   = 18;
    parameter integer EW   = 2;
    parameter integer IW   = 5;
    parameter integer RAM  = 1;
    parameter integer NCYC = 40000;
    parameter integer SEED = 1;

    localparam integer EMAX   = (1 << EW) - 1;
    localparam integer PBOUND = EMAX * (2 * NC + 2);
    function integer clog2;
        input integer x;
        integer t;
        begin
            clog2 = 0;
            t = x - 1;
            while (t > 0) begin
                clog2 = clog2 + 1;
                t = t >> 1;
            end
        end
    endfunction
    localparam integer PW = clog2(PBOUND + 1);

    reg clk = 1'b0;
    always #5 clk = !clk;

    reg              rst = 1'b1;
    reg  [NC*EW-1:0] inc = {NC*EW{1'b0}};
    reg              rd_en = 1'b0;
    reg  [IW-1:0]    rd_idx = {IW{1'b0}};
    wire [31:0]      rd_data;
    wire             busy;

    mlp_event_counters #(.NC(NC), .EW(EW), .IW(IW), .RAM(RAM)) dut (
        .clk(clk), .rst(rst), .inc(inc), .rd_en(rd_en), .rd_idx(rd_idx),
        .rd_data(rd_data), .busy(busy));

    reg [31:0] model [0:NC-1];
    integer seed, brk, errors, checks, exact, lagged, lagmax, nbusy, cyc, k, mode, left;
    integer gap, pmax, ncoll;
    reg        chk_v, chk_exact;
    reg [31:0] chk_exp;
    reg [IW-1:0] chk_idx;
    reg [31:0] v;
    integer    pv;

    // the pending bound, every cycle
    generate
        if (RAM == 1) begin : g_pchk
            integer q;
            always @(posedge clk) begin
                // a bus read of the word whose write is due (the write waits)
                if (rd_en && dut.g_ram.fl_v && rd_idx == dut.g_ram.fl_k) ncoll = ncoll + 1;
                for (q = 0; q < NC; q = q + 1) begin
                    pv = dut.g_ram.pend[PW*q +: PW];
                    if (pv > pmax) pmax = pv;
                    if (pv > PBOUND) begin
                        $display("mismatch: pending count %0d of counter %0d above the bound %0d", pv, q, PBOUND);
                        errors = errors + 1;
                    end
                end
            end
        end
    endgenerate

    initial begin
        seed = SEED; errors = 0; checks = 0; exact = 0; lagged = 0; lagmax = 0; nbusy = 0;
        gap = 0; pmax = 0; ncoll = 0; chk_v = 1'b0; chk_exact = 1'b0; chk_exp = 0; chk_idx = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        for (k = 0; k < NC; k = k + 1) model[k] = 32'd0;
        mode = 0; left = 0;
        repeat (3) @(posedge clk);
        #1 rst = 1'b0;
        for (cyc = 0; cyc < NCYC; cyc = cyc + 1) begin
            // -- the read issued last cycle: its data is here now
            if (chk_v) begin
                checks = checks + 1;
                if (brk && checks == 300) chk_exp = chk_exp + 32'd1;
                if (chk_exact || RAM == 0) begin
                    exact = exact + 1;
                    if (rd_data !== chk_exp) begin
                        $display("mismatch: cycle %0d counter %0d read %0d expected %0d (exact)", cyc, chk_idx, rd_data, chk_exp);
                        errors = errors + 1;
                    end
                end else begin
                    lagged = lagged + 1;
                    if ((^rd_data) === 1'bx || rd_data > chk_exp || chk_exp - rd_data > 2 * PBOUND) begin
                        $display("mismatch: cycle %0d counter %0d read %0d expected %0d - [0, %0d]", cyc, chk_idx, rd_data, chk_exp, 2 * PBOUND);
                        errors = errors + 1;
                    end
                    if (chk_exp - rd_data > lagmax) lagmax = chk_exp - rd_data;
                end
            end
            // -- a new phase
            if (left == 0) begin
                mode = $unsigned($random(seed)) % 6;   // 0 idle, 1 burst, 2 sparse, 3 quiet gap, 4 reset, 5 mixed
                left = 1 + $unsigned($random(seed)) % (mode == 3 ? 600 : 150);
            end
            left = left - 1;
            // -- this cycle's inputs
            for (k = 0; k < NC; k = k + 1) begin
                case (mode)
                1, 4: v = $unsigned($random(seed)) % (EMAX + 1);
                2: v = ($unsigned($random(seed)) % (4 * NC) == 0) ? 1 : 0;
                5: v = ($unsigned($random(seed)) % 3 == 0) ? $unsigned($random(seed)) % (EMAX + 1) : 0;
                default: v = 0;
                endcase
                inc[EW*k +: EW] = v[EW-1:0];
            end
            rst = mode == 4 && left < 2;               // a burst, then reset
            if (busy) nbusy = nbusy + 1;
            // a read at most every other cycle, never during reset
            gap = gap + 1;
            rd_en = !rst && gap >= 2 && ($unsigned($random(seed)) % 3 == 0);
            chk_v = rd_en;
            if (rd_en) begin
                gap = 0;
                rd_idx = $unsigned($random(seed)) % (NC + ((1 << IW) > NC ? 2 : 0));
                chk_idx = rd_idx;
                chk_exp = (rd_idx < NC) ? model[rd_idx] : 32'd0;
                chk_exact = !busy;
            end
            #0;
            if (rd_en) chk_exact = !busy;   // busy includes this cycle's inc
            // -- the edge: the model takes this cycle's counts
            @(posedge clk);
            if (rst) begin
                for (k = 0; k < NC; k = k + 1) model[k] = 32'd0;
            end else begin
                for (k = 0; k < NC; k = k + 1) model[k] = model[k] + inc[EW*k +: EW];
            end
            #1;
        end
        // drain, then every counter exactly
        inc = {NC*EW{1'b0}}; rd_en = 1'b0; rst = 1'b0; chk_v = 1'b0;
        while (busy) @(posedge clk);
        #1;
        for (k = 0; k < NC; k = k + 1) begin
            rd_en = 1'b1; rd_idx = k[IW-1:0];
            @(posedge clk); #1 rd_en = 1'b0;
            checks = checks + 1; exact = exact + 1;
            if (rd_data !== model[k]) begin
                $display("mismatch: final counter %0d read %0d expected %0d", k, rd_data, model[k]);
                errors = errors + 1;
            end
            @(posedge clk); #1;
        end
        $display("tb_mlp_event_counters NC=%0d EW=%0d RAM=%0d: %0d reads (%0d exact, %0d while busy, lag up to %0d), busy %0d cycles, pending max %0d of %0d, %0d read/write collisions",
                 NC, EW, RAM, checks, exact, lagged, lagmax, nbusy, pmax, PBOUND, ncoll);
        if (errors != 0)
            $fatal(1, "FAIL: %0d mismatches", errors);
        if (RAM == 1 && (lagged < 50 || lagmax == 0 || nbusy < 1000 || ncoll < 5))
            $fatal(1, "FAIL: weak stimulus (reads while busy %0d, lag %0d, busy cycles %0d, collisions %0d)", lagged, lagmax, nbusy, ncoll);
        if (exact < 500)
            $fatal(1, "FAIL: weak stimulus (%0d exact reads)", exact);
        $display("PASS");
        $finish;
    end
endmodule
