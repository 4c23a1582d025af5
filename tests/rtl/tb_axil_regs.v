// tb_axil_regs: self-checking testbench for rtl_lib/axil_regs.v. A random
// sequence of AXI4-Lite writes and reads with random AW/W/AR valid delays
// (AW before, with or after W) and random B/R ready stalls, sometimes a user
// write and a user read at once; a random core pulses ap_done/ap_ready and
// moves ap_idle between transactions; a user-space memory answers reads
// after 0-3 cycles. Reads, ap_start and irq are checked against a model of
// the register map written here. +break corrupts one expected read.
`timescale 1ns / 1ps
`default_nettype none

module tb_axil_regs;
    parameter integer ADDR_W = 8;
    parameter integer NOPS = 3000;
    parameter integer SEED = 1;
    localparam integer UWORDS = 1 << (ADDR_W - 2);

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [ADDR_W-1:0] awaddr = 0, araddr = 0;
    reg               awvalid = 0, wvalid = 0, bready = 0, arvalid = 0, rready = 0;
    reg  [31:0]       wdata = 0;
    reg  [3:0]        wstrb = 0;
    wire              awready, wready, bvalid, arready, rvalid;
    wire [1:0]        bresp, rresp;
    wire [31:0]       rdata;
    reg               ap_done = 0, ap_idle = 1, ap_ready = 0;
    wire              ap_start, irq;
    wire [ADDR_W-1:0] u_addr;
    wire [31:0]       u_wdata;
    wire [3:0]        u_wstrb;
    wire              u_we, u_re;
    wire [31:0]       u_rdata;
    wire              u_rvalid;

    axil_regs #(.ADDR_W(ADDR_W)) dut (
        .clk(clk), .rst(rst),
        .s_axil_awaddr(awaddr), .s_axil_awvalid(awvalid), .s_axil_awready(awready),
        .s_axil_wdata(wdata), .s_axil_wstrb(wstrb), .s_axil_wvalid(wvalid), .s_axil_wready(wready),
        .s_axil_bresp(bresp), .s_axil_bvalid(bvalid), .s_axil_bready(bready),
        .s_axil_araddr(araddr), .s_axil_arvalid(arvalid), .s_axil_arready(arready),
        .s_axil_rdata(rdata), .s_axil_rresp(rresp), .s_axil_rvalid(rvalid), .s_axil_rready(rready),
        .ap_start(ap_start), .ap_done(ap_done), .ap_idle(ap_idle), .ap_ready(ap_ready), .irq(irq),
        .u_addr(u_addr), .u_wdata(u_wdata), .u_wstrb(u_wstrb), .u_we(u_we), .u_re(u_re),
        .u_rdata(u_rdata), .u_rvalid(u_rvalid));

    integer seed_r, errors, brk, n_reads, n_user_we, n_user_wr_sent, i, k;

    // ---- user space memory with random read latency (0 = same cycle)
    reg [31:0] umem [0:UWORDS-1];
    reg        zero_lat = 1'b0;
    reg        pend = 1'b0, pend_v = 1'b0;
    reg [31:0] pend_data = 0;
    integer    pend_cnt = 0;
    assign u_rvalid = (u_re && zero_lat) || pend_v;
    assign u_rdata  = (u_re && zero_lat) ? umem[u_addr[ADDR_W-1:2]] : pend_data;
    always @(posedge clk) begin
        pend_v <= 1'b0;
        if (u_we) begin
            n_user_we = n_user_we + 1;
            for (k = 0; k < 4; k = k + 1)
                if (u_wstrb[k]) umem[u_addr[ADDR_W-1:2]][8*k +: 8] <= u_wdata[8*k +: 8];
        end
        if (u_re && !zero_lat) begin
            if (pend) begin
                errors = errors + 1;
                $display("mismatch: a second u_re while a read is pending");
            end
            pend <= 1'b1;
            pend_cnt = $random(seed_r) & 3;
            pend_data <= umem[u_addr[ADDR_W-1:2]];
        end else if (pend) begin
            if (pend_cnt == 0) begin
                pend_v <= 1'b1;
                pend <= 1'b0;
            end
            pend_cnt = pend_cnt - 1;
        end
        zero_lat <= ($random(seed_r) & 3) == 0;
    end

    // ---- register model
    reg        m_start, m_done, m_ready, m_gie;
    reg [1:0]  m_ier, m_isr;
    reg [31:0] m_umem [0:UWORDS-1];

    task model_write;
        input [ADDR_W-1:0] a;
        input [31:0] d;
        input [3:0] s;
        begin
            if (a[ADDR_W-1:4] != 0) begin
                for (k = 0; k < 4; k = k + 1)
                    if (s[k]) m_umem[a[ADDR_W-1:2]][8*k +: 8] = d[8*k +: 8];
                n_user_wr_sent = n_user_wr_sent + 1;
            end else if (s[0]) begin
                case (a[3:2])
                    2'd0: if (d[0]) m_start = 1'b1;
                    2'd1: m_gie = d[0];
                    2'd2: m_ier = d[1:0];
                    default: m_isr = m_isr ^ d[1:0];
                endcase
            end
        end
    endtask

    task model_read;
        input [ADDR_W-1:0] a;
        output [31:0] d;
        begin
            if (a[ADDR_W-1:4] != 0) begin
                d = m_umem[a[ADDR_W-1:2]];
            end else begin
                case (a[3:2])
                    2'd0: begin
                        d = {28'd0, m_ready, ap_idle, m_done, m_start};
                        m_done = 1'b0; m_ready = 1'b0;
                    end
                    2'd1: d = {31'd0, m_gie};
                    2'd2: d = {30'd0, m_ier};
                    default: d = {30'd0, m_isr};
                endcase
            end
        end
    endtask

    // ---- bus master with random stalls
    task axil_write;
        input [ADDR_W-1:0] a;
        input [31:0] d;
        input [3:0] s;
        integer daw, dw, db;
        begin
            daw = $random(seed_r) & 3; dw = $random(seed_r) & 3; db = $random(seed_r) & 3;
            fork
                begin : aw_ch
                    repeat (daw) @(posedge clk);
                    awaddr <= a; awvalid <= 1'b1;
                    @(posedge clk);
                    while (!awready) @(posedge clk);
                    awvalid <= 1'b0; awaddr <= {ADDR_W{1'bx}};
                end
                begin : w_ch
                    repeat (dw) @(posedge clk);
                    wdata <= d; wstrb <= s; wvalid <= 1'b1;
                    @(posedge clk);
                    while (!wready) @(posedge clk);
                    wvalid <= 1'b0; wdata <= 32'hxxxxxxxx;
                end
                begin : b_ch
                    @(posedge clk);
                    while (!(bvalid && bready)) begin
                        bready <= (db == 0) || (($random(seed_r) & 1) != 0);
                        @(posedge clk);
                    end
                    bready <= 1'b0;
                    if (bresp !== 2'b00) begin
                        errors = errors + 1;
                        $display("mismatch: bresp %b", bresp);
                    end
                end
            join
            model_write(a, d, s);
        end
    endtask

    task axil_read;
        input [ADDR_W-1:0] a;
        reg [31:0] e;
        integer dar;
        begin
            dar = $random(seed_r) & 3;
            repeat (dar) @(posedge clk);
            araddr <= a; arvalid <= 1'b1;
            @(posedge clk);
            while (!arready) @(posedge clk);
            arvalid <= 1'b0; araddr <= {ADDR_W{1'bx}};
            model_read(a, e);      // the read takes effect when AR is accepted
            if (brk && n_reads == 700) e = e ^ 32'h10;
            @(posedge clk);
            while (!(rvalid && rready)) begin
                rready <= ($random(seed_r) & 1) != 0;
                @(posedge clk);
            end
            rready <= 1'b0;
            if (rdata !== e || rresp !== 2'b00) begin
                errors = errors + 1;
                if (errors <= 5) $display("mismatch read %0d at %h: got %h expected %h (rresp %b)", n_reads, a, rdata, e, rresp);
            end
            n_reads = n_reads + 1;
        end
    endtask

    // random address: control (0x00-0x0F, any low bits) or user space
    function [ADDR_W-1:0] rnd_addr;
        input integer r;
        input integer user;
        begin
            rnd_addr = r;
            if (!user) rnd_addr = rnd_addr & 15;
            else if (rnd_addr[ADDR_W-1:4] == 0) rnd_addr[ADDR_W-1] = 1'b1;
        end
    endfunction

    // ---- core events between transactions
    task core_step;
        begin
            @(posedge clk);
            if (($random(seed_r) & 7) == 0) begin
                ap_done <= 1'b1; m_done = 1'b1; if (m_ier[0]) m_isr[0] = 1'b1;
            end
            if (ap_start && ($random(seed_r) & 3) == 0) begin
                ap_ready <= 1'b1; m_ready = 1'b1; m_start = 1'b0; if (m_ier[1]) m_isr[1] = 1'b1;
            end
            if (($random(seed_r) & 7) == 0) ap_idle <= !ap_idle;
            @(posedge clk);
            ap_done <= 1'b0; ap_ready <= 1'b0;
            @(posedge clk);
            @(posedge clk);
            if (ap_start !== m_start || irq !== (m_gie && m_isr != 0)) begin
                errors = errors + 1;
                if (errors <= 5) $display("mismatch: ap_start %b irq %b, expected %b %b", ap_start, irq, m_start, m_gie && m_isr != 0);
            end
        end
    endtask

    // ---- directed: a second write arrives while the first B is stalled;
    // it must wait for the B handshake (one response per write)
    integer n_b;
    always @(posedge clk) if (bvalid && bready) n_b = n_b + 1;
    task b_stall_writes;
        input [ADDR_W-1:0] x1, x2;
        input [31:0] d1, d2;
        integer nb0, nwe0;
        begin
            nb0 = n_b; nwe0 = n_user_we;
            @(negedge clk);
            awaddr = x1; awvalid = 1'b1; wdata = d1; wstrb = 4'hf; wvalid = 1'b1; bready = 1'b0;
            @(posedge clk); @(negedge clk);     // both accepted (idle slave)
            awaddr = x2; wdata = d2;            // second write offered at once
            while (!(awready && wready)) begin
                @(posedge clk); @(negedge clk);
            end
            @(posedge clk); @(negedge clk);     // second write accepted into the holds
            awvalid = 1'b0; wvalid = 1'b0;
            repeat (5) @(negedge clk);
            if (n_user_we - nwe0 != 1 || !bvalid) begin
                errors = errors + 1;
                $display("mismatch: %0d user writes done while B is stalled (expected 1)", n_user_we - nwe0);
            end
            bready = 1'b1;
            while (n_b - nb0 < 2) @(negedge clk);
            bready = 1'b0;
            repeat (3) @(negedge clk);
            if (n_b - nb0 != 2 || n_user_we - nwe0 != 2 || bvalid) begin
                errors = errors + 1;
                $display("mismatch: %0d B responses, %0d user writes for 2 writes", n_b - nb0, n_user_we - nwe0);
            end
            model_write(x1, d1, 4'hf);
            model_write(x2, d2, 4'hf);
        end
    endtask

    // ---- directed: ap_done/ap_ready pulse in the very cycle the CTRL read is
    // accepted: the read returns the old bits and the new events survive
    task cor_race;
        reg [31:0] e;
        begin
            @(negedge clk);
            if (!arready) begin
                errors = errors + 1;
                $display("mismatch: arready low on an idle slave");
            end
            araddr = 0; arvalid = 1'b1; ap_done = 1'b1; ap_ready = 1'b1;
            @(posedge clk);                     // AR handshake and the events together
            model_read(0, e);
            m_done = 1'b1; m_ready = 1'b1; m_start = 1'b0;
            if (m_ier[0]) m_isr[0] = 1'b1;
            if (m_ier[1]) m_isr[1] = 1'b1;
            @(negedge clk);
            arvalid = 1'b0; ap_done = 1'b0; ap_ready = 1'b0; rready = 1'b1;
            while (!rvalid) @(negedge clk);
            if (rdata !== e) begin
                errors = errors + 1;
                $display("mismatch: CTRL read in the event cycle: got %h expected %h", rdata, e);
            end
            @(negedge clk);
            rready = 1'b0;
            axil_read(0);                       // the events are still there
            axil_read(0);                       // and now cleared
        end
    endtask

    reg [ADDR_W-1:0] a1, a2;
    integer op;
    initial begin
        seed_r = SEED; n_b = 0; errors = 0; n_reads = 0; n_user_we = 0; n_user_wr_sent = 0;
        brk = $test$plusargs("break") ? 1 : 0;
        m_start = 0; m_done = 0; m_ready = 0; m_gie = 0; m_ier = 0; m_isr = 0;
        for (i = 0; i < UWORDS; i = i + 1) begin
            umem[i] = $random(seed_r); m_umem[i] = umem[i];
        end
        repeat (3) @(posedge clk);
        rst <= 1'b0;
        @(posedge clk);
        for (i = 0; i < NOPS; i = i + 1) begin
            op = $random(seed_r) & 7;
            a1 = rnd_addr($random(seed_r), op >= 4);
            case (op)
                0, 1, 4: axil_write(a1, $random(seed_r), (($random(seed_r) & 3) == 0) ? $random(seed_r) : 4'hf);
                2, 3, 5: axil_read(a1);
                6: begin  // user write and user read to another word at once
                    a2 = rnd_addr($random(seed_r), 1);
                    if (a2[ADDR_W-1:2] == a1[ADDR_W-1:2]) a2[ADDR_W-1:2] = a1[ADDR_W-1:2] ^ 1;
                    if (a2[ADDR_W-1:4] == 0) a2[ADDR_W-1] = 1'b1;
                    fork
                        axil_write(a1, $random(seed_r), 4'hf);
                        axil_read(a2);
                    join
                end
                default: core_step;
            endcase
        end
        core_step;
        for (i = 0; i < 8; i = i + 1) begin
            a1 = rnd_addr($random(seed_r), 1);
            a2 = rnd_addr($random(seed_r), 1);
            b_stall_writes(a1, a2, $random(seed_r), $random(seed_r));
            axil_read(a1);
            axil_read(a2);
            axil_write(8, i, 4'hf);             // IER: vary the enables
            axil_write(0, 1, 4'hf);             // ap_start, taken by the ap_ready below
            cor_race;
            axil_read(12);
        end
        if (n_user_we != n_user_wr_sent) begin
            errors = errors + 1;
            $display("mismatch: %0d u_we pulses for %0d user writes", n_user_we, n_user_wr_sent);
        end
        if (errors == 0) begin
            $display("PASS: tb_axil_regs ADDR_W=%0d: %0d operations, %0d reads", ADDR_W, NOPS, n_reads);
            $finish;
        end else begin
            $display("FAIL: tb_axil_regs: %0d errors", errors);
            $fatal(1);
        end
    end

    initial begin
        #(400 * NOPS * 10);  // 400 cycles per operation
        $display("FAIL: tb_axil_regs: timeout");
        $fatal(1);
    end
endmodule
