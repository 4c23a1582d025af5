// axil_regs: AXI4-Lite slave (32-bit data) with the Vitis kernel control
// map at 0x00-0x0C and, from 0x10 up, a simple request/response port to the
// user register/memory space of the generated top:
//   0x00 CTRL  bit0 ap_start  R/W, write 1 sets, cleared by the core's ap_ready
//              bit1 ap_done   R, clear on read (set by an ap_done pulse)
//              bit2 ap_idle   R (core level)
//              bit3 ap_ready  R, clear on read (set by an ap_ready pulse)
//   0x04 GIER  bit0 global interrupt enable (R/W)
//   0x08 IER   bit0 ap_done, bit1 ap_ready interrupt enables (R/W)
//   0x0C ISR   bit0 ap_done, bit1 ap_ready interrupt status (R, toggle on write 1)
//   0x10 ...   user space: u_we pulse with u_addr/u_wdata/u_wstrb (always
//              accepted); u_re pulse with u_addr, answered by u_rvalid with
//              u_rdata in the same or any later cycle.
// AW and W are accepted in either order; responses are always OKAY.
`resetall
`timescale 1ns / 1ps
`default_nettype none

module axil_regs #(
    parameter integer ADDR_W = 16  // byte address width, >= 5
) (
    input  wire              clk,
    input  wire              rst,   // synchronous, active high

    input  wire [ADDR_W-1:0] s_axil_awaddr,
    input  wire              s_axil_awvalid,
    output wire              s_axil_awready,
    input  wire [31:0]       s_axil_wdata,
    input  wire [3:0]        s_axil_wstrb,
    input  wire              s_axil_wvalid,
    output wire              s_axil_wready,
    output wire [1:0]        s_axil_bresp,
    output reg               s_axil_bvalid,
    input  wire              s_axil_bready,
    input  wire [ADDR_W-1:0] s_axil_araddr,
    input  wire              s_axil_arvalid,
    output wire              s_axil_arready,
    output reg  [31:0]       s_axil_rdata,
    output wire [1:0]        s_axil_rresp,
    output reg               s_axil_rvalid,
    input  wire              s_axil_rready,

    // kernel control
    output reg               ap_start,
    input  wire              ap_done,   // pulse: the run finished
    input  wire              ap_idle,   // level
    input  wire              ap_ready,  // pulse: start accepted
    output wire              irq,       // the kernel's "interrupt": GIER & (ISR != 0)

    // user space (addresses >= 0x10)
    output wire [ADDR_W-1:0] u_addr,
    output wire [31:0]       u_wdata,
    output wire [3:0]        u_wstrb,
    output wire              u_we,
    output wire              u_re,
    input  wire [31:0]       u_rdata,
    input  wire              u_rvalid
);
    generate
        if (ADDR_W < 5) begin : g_bad_addr_w
            PARAMETER_ERROR_axil_regs_ADDR_W_must_be_at_least_5 u_param_error ();
        end
    endgenerate

    // ---- write channel: AW and W are each held until both are present
    reg              aw_have, w_have;
    reg [ADDR_W-1:0] aw_addr;        // datapath: no reset
    reg [31:0]       w_data;
    reg [3:0]        w_strb;
    assign s_axil_awready = !aw_have;
    assign s_axil_wready  = !w_have;
    assign s_axil_bresp   = 2'b00;
    wire wr_fire = aw_have && w_have && !s_axil_bvalid;  // the write happens now

    always @(posedge clk) begin
        if (s_axil_awvalid && s_axil_awready) aw_addr <= s_axil_awaddr;
        if (s_axil_wvalid && s_axil_wready) begin
            w_data <= s_axil_wdata;
            w_strb <= s_axil_wstrb;
        end
    end
    always @(posedge clk) begin
        if (rst) begin
            aw_have <= 1'b0;
            w_have <= 1'b0;
            s_axil_bvalid <= 1'b0;
        end else begin
            if (s_axil_awvalid && s_axil_awready) aw_have <= 1'b1;
            else if (wr_fire) aw_have <= 1'b0;
            if (s_axil_wvalid && s_axil_wready) w_have <= 1'b1;
            else if (wr_fire) w_have <= 1'b0;
            if (wr_fire) s_axil_bvalid <= 1'b1;
            else if (s_axil_bready) s_axil_bvalid <= 1'b0;
        end
    end

    // ---- read channel: IDLE -> (local: RESP) or (user: ISSUE -> WAIT -> RESP)
    reg              rd_busy;        // an AR was accepted, response not yet taken
    reg              rd_issue;       // user read waits to be issued
    reg              rd_wait;        // user read issued, waiting for u_rvalid
    reg [ADDR_W-1:0] ar_addr;
    assign s_axil_arready = !rd_busy;
    assign s_axil_rresp   = 2'b00;
    wire ar_fire  = s_axil_arvalid && s_axil_arready;
    wire ar_local = (s_axil_araddr[ADDR_W-1:4] == {(ADDR_W-4){1'b0}});
    wire wr_user  = wr_fire && (aw_addr[ADDR_W-1:4] != {(ADDR_W-4){1'b0}});
    wire wr_local = wr_fire && !wr_user;
    wire re_now   = rd_issue && !wr_user;  // a write takes the user port first
    wire rv_now   = (re_now || rd_wait) && u_rvalid;

    assign u_we    = wr_user;
    assign u_re    = re_now;
    assign u_addr  = wr_user ? aw_addr : ar_addr;
    assign u_wdata = w_data;
    assign u_wstrb = w_strb;

    // ---- control registers
    reg       done_r, ready_r, gie_r;
    reg [1:0] ier_r, isr_r;
    wire [1:0] wsel = aw_addr[3:2];
    wire       wlow = w_strb[0];   // every control field is in byte 0
    wire [31:0] ctrl_word = {28'd0, ready_r, ap_idle, done_r, ap_start};
    wire rd_ctrl = ar_fire && ar_local && s_axil_araddr[3:2] == 2'd0;  // clear-on-read now

    always @(posedge clk) begin
        if (rst) begin
            ap_start <= 1'b0;
            done_r <= 1'b0;
            ready_r <= 1'b0;
            gie_r <= 1'b0;
            ier_r <= 2'b00;
            isr_r <= 2'b00;
        end else begin
            // ap_start: set by a write of 1, cleared when the core takes it
            if (wr_local && wsel == 2'd0 && wlow && w_data[0]) ap_start <= 1'b1;
            else if (ap_ready) ap_start <= 1'b0;
            // sticky bits: an event in the cycle of the clearing read survives
            done_r  <= (done_r && !rd_ctrl) || ap_done;
            ready_r <= (ready_r && !rd_ctrl) || ap_ready;
            if (wr_local && wsel == 2'd1 && wlow) gie_r <= w_data[0];
            if (wr_local && wsel == 2'd2 && wlow) ier_r <= w_data[1:0];
            isr_r <= (isr_r ^ ((wr_local && wsel == 2'd3 && wlow) ? w_data[1:0] : 2'b00))
                     | (ier_r & {ap_ready, ap_done});
        end
    end
    assign irq = gie_r && (isr_r != 2'b00);

    always @(posedge clk) begin
        if (ar_fire) ar_addr <= s_axil_araddr;
        if (ar_fire && ar_local) begin
            case (s_axil_araddr[3:2])
                2'd0: s_axil_rdata <= ctrl_word;
                2'd1: s_axil_rdata <= {31'd0, gie_r};
                2'd2: s_axil_rdata <= {30'd0, ier_r};
                default: s_axil_rdata <= {30'd0, isr_r};
            endcase
        end else if (rv_now) begin
            s_axil_rdata <= u_rdata;
        end
    end
    always @(posedge clk) begin
        if (rst) begin
            rd_busy <= 1'b0;
            rd_issue <= 1'b0;
            rd_wait <= 1'b0;
            s_axil_rvalid <= 1'b0;
        end else begin
            if (ar_fire) begin
                rd_busy <= 1'b1;
                rd_issue <= !ar_local;
                s_axil_rvalid <= ar_local;
            end else begin
                if (re_now) rd_issue <= 1'b0;
                if (re_now && !u_rvalid) rd_wait <= 1'b1;
                if (rv_now) begin
                    rd_wait <= 1'b0;
                    s_axil_rvalid <= 1'b1;
                end
                if (s_axil_rvalid && s_axil_rready) begin
                    s_axil_rvalid <= 1'b0;
                    rd_busy <= 1'b0;
                end
            end
        end
    end
endmodule

`resetall
