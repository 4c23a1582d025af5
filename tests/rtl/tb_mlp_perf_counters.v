// tb_mlp_perf_counters: self-checking testbench for rtl_lib/mlp_perf_counters.v.
// Random stimulus against a model: stage and multiply-unit busy bits and
// stream valid/ready with rates that change every 256 cycles (long stalls,
// bursts), sample/batch pulses, rare clears and one reset in the middle,
// and a random read index every cycle (in and out of range, sometimes a
// sweep). Every cycle rd_data must equal the model's counter of the index
// given the cycle before; with a narrow CW the counters wrap many times.
// +break corrupts one expected value (the run must then fail).
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_perf_counters;
    parameter integer L    = 2;
    parameter integer P    = 8;
    parameter integer CW   = 32;
    parameter integer IW   = 8;
    parameter integer NCYC = 20000;
    parameter integer SEED = 1;
    localparam integer NCNT = 6 + L + P;

    reg clk = 1'b0;
    always #5 clk = !clk;

    reg          rst, clear, core_busy, sample_done, batch_done;
    reg          s_valid, s_ready, m_valid, m_ready;
    reg [L-1:0]  stage_busy;
    reg [P-1:0]  pe_busy;
    reg [IW-1:0] rd_idx;
    wire [31:0]  rd_data;

    mlp_perf_counters #(.L(L), .P(P), .CW(CW), .IW(IW)) dut (
        .clk(clk), .rst(rst), .clear(clear), .core_busy(core_busy),
        .stage_busy(stage_busy), .pe_busy(pe_busy),
        .sample_done(sample_done), .batch_done(batch_done),
        .s_valid(s_valid), .s_ready(s_ready), .m_valid(m_valid), .m_ready(m_ready),
        .rd_idx(rd_idx), .rd_data(rd_data));

    reg [31:0] model [0:NCNT-1];
    reg [NCNT-1:0] ev;
    reg [31:0] expect_d, mask;
    integer seed_r, cyc, errors, checks, nonzero, wraps, brk, k, sweep;
    integer p_busy, p_pe, p_sv, p_sr, p_mv, p_mr, p_pulse, p_clear;

    function integer rnd_pct;   // 0..99
        input integer dummy;
        begin
            rnd_pct = ($random(seed_r) & 32'h7fffffff) % 100;
        end
    endfunction

    task new_rates;
        begin
            p_busy  = rnd_pct(0);
            p_pe    = rnd_pct(0);
            p_sv    = rnd_pct(0);
            p_sr    = rnd_pct(0);
            p_mv    = rnd_pct(0);
            p_mr    = rnd_pct(0);
            p_pulse = rnd_pct(0) % 30;
            p_clear = (rnd_pct(0) < 20) ? 1 : 0;
            // extremes now and then: all stalled or never stalled
            if (rnd_pct(0) < 15) begin p_sr = 0; p_mr = 0; p_sv = 100; p_mv = 100; end
            if (rnd_pct(0) < 15) begin p_busy = 100; p_pe = 100; end
        end
    endtask

    task drive;
        begin
            core_busy   <= rnd_pct(0) < p_busy;
            for (k = 0; k < L; k = k + 1) stage_busy[k] <= rnd_pct(0) < p_busy;
            for (k = 0; k < P; k = k + 1) pe_busy[k] <= rnd_pct(0) < p_pe;
            sample_done <= rnd_pct(0) < p_pulse;
            batch_done  <= rnd_pct(0) < p_pulse / 4;
            s_valid <= rnd_pct(0) < p_sv;
            s_ready <= rnd_pct(0) < p_sr;
            m_valid <= rnd_pct(0) < p_mv;
            m_ready <= rnd_pct(0) < p_mr;
            clear   <= (rnd_pct(0) < p_clear) && (rnd_pct(0) < 5);
            rst     <= (cyc == NCYC / 2);
            if (sweep > 0) begin
                rd_idx <= rd_idx + 1'b1;
                sweep = sweep - 1;
            end else begin
                rd_idx <= $random(seed_r) % (NCNT + 3);
                if (rnd_pct(0) < 2) begin
                    rd_idx <= {IW{1'b0}};
                    sweep = NCNT + 2;
                end
            end
        end
    endtask

    initial begin
        seed_r = SEED; cyc = 0; errors = 0; checks = 0; nonzero = 0; wraps = 0; sweep = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        mask = (CW == 32) ? 32'hffffffff : ((32'd1 << CW) - 1);
        for (k = 0; k < NCNT; k = k + 1) model[k] = 32'd0;
        expect_d = 32'd0;
        new_rates;
        rst = 1'b1; clear = 1'b0; core_busy = 1'b0; sample_done = 1'b0; batch_done = 1'b0;
        s_valid = 1'b0; s_ready = 1'b0; m_valid = 1'b0; m_ready = 1'b0;
        stage_busy = {L{1'b0}}; pe_busy = {P{1'b0}}; rd_idx = {IW{1'b0}};
    end

    always @(posedge clk) begin
        // 1. rd_data (before this edge's update) is the read of the last edge
        if (cyc > 0) begin
            checks = checks + 1;
            if (rd_data !== expect_d) begin
                errors = errors + 1;
                if (errors <= 10)
                    $display("mismatch at cycle %0d: rd_data %0d (0x%08x), model %0d (0x%08x)",
                             cyc, rd_data, rd_data, expect_d, expect_d);
            end
            if (rd_data != 0) nonzero = nonzero + 1;
        end
        // 2. what this edge registers: the model before this cycle's events
        if (rst)
            expect_d = 32'd0;
        else if (rd_idx < NCNT)
            expect_d = model[rd_idx];
        else
            expect_d = 32'd0;
        if (brk && cyc == NCYC / 3)
            expect_d = expect_d ^ 32'd1;
        // 3. the model counts this cycle's events
        ev = {pe_busy, stage_busy, m_valid && !m_ready, s_valid && !s_ready,
              batch_done, sample_done, core_busy, 1'b1};
        for (k = 0; k < NCNT; k = k + 1) begin
            if (rst || clear)
                model[k] = 32'd0;
            else if (ev[k]) begin
                model[k] = (model[k] + 32'd1) & mask;
                if (model[k] == 0) wraps = wraps + 1;
            end
        end
        // 4. next cycle's stimulus
        cyc = cyc + 1;
        if (cyc % 256 == 0) new_rates;
        drive;
        if (cyc == NCYC) begin
            $display("tb_mlp_perf_counters L=%0d P=%0d CW=%0d IW=%0d: %0d cycles, %0d reads checked (%0d nonzero), %0d counter wraps, %0d errors",
                     L, P, CW, IW, cyc, checks, nonzero, wraps, errors);
            if (errors != 0)
                $fatal(1, "FAIL: %0d mismatches", errors);
            if (nonzero < checks / 4)
                $fatal(1, "FAIL: too few nonzero reads (%0d of %0d): weak stimulus", nonzero, checks);
            if (CW <= 8 && wraps == 0)
                $fatal(1, "FAIL: no counter wrapped with CW=%0d", CW);
            $display("PASS");
            $finish;
        end
    end
endmodule

`default_nettype wire
