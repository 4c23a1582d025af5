// board_uart_axil: a byte-protocol bridge from a UART (or any byte stream)
// to an AXI4-Lite master and a pair of 32-bit AXI-Stream ports, so a host
// on a serial line can drive a generated core (docs/synthesis.md).
// One command at a time; every command is answered. Multi-byte fields are
// little endian.
//   'W' a0 a1 a2 a3 d0 d1 d2 d3   AXI write        -> 'w' (after BVALID)
//   'R' a0 a1 a2 a3               AXI read         -> 'r' d0 d1 d2 d3
//   'P' f n  n x (d0 d1 d2 d3)    push n words (n = 0 means 256) to
//                                 m_axis_in, tlast on the last if f bit 0
//                                                  -> 'p' (all accepted)
//   'O'                           pop one word of s_axis_out
//                                 -> 'o' d0 d1 d2 d3 f (f bit 0 = tlast), or 'e' if none
//   'I'                           status           -> 'i' s (s bit 0 = irq)
//   anything else                                  -> '?'
`resetall
`timescale 1ns / 1ps
`default_nettype none

module board_uart_axil #(
    parameter integer AXW = 12     // AXI4-Lite address bits of the core, 1..32
) (
    input  wire           clk,
    input  wire           rst,          // synchronous, active high

    input  wire [7:0]     s_rx_tdata,   // bytes from the host (no back-pressure)
    input  wire           s_rx_tvalid,
    output wire [7:0]     m_tx_tdata,   // bytes to the host
    output wire           m_tx_tvalid,
    input  wire           m_tx_tready,

    output wire [AXW-1:0] m_axil_awaddr,
    output reg            m_axil_awvalid,
    input  wire           m_axil_awready,
    output wire [31:0]    m_axil_wdata,
    output wire [3:0]     m_axil_wstrb,
    output reg            m_axil_wvalid,
    input  wire           m_axil_wready,
    input  wire [1:0]     m_axil_bresp,
    input  wire           m_axil_bvalid,
    output wire           m_axil_bready,
    output wire [AXW-1:0] m_axil_araddr,
    output reg            m_axil_arvalid,
    input  wire           m_axil_arready,
    input  wire [31:0]    m_axil_rdata,
    input  wire [1:0]     m_axil_rresp,
    input  wire           m_axil_rvalid,
    output wire           m_axil_rready,

    output wire [31:0]    m_axis_in_tdata,
    output wire           m_axis_in_tlast,
    output reg            m_axis_in_tvalid,
    input  wire           m_axis_in_tready,
    input  wire [31:0]    s_axis_out_tdata,
    input  wire           s_axis_out_tlast,
    input  wire           s_axis_out_tvalid,
    output wire           s_axis_out_tready,

    input  wire           irq
);
    generate
        if (AXW < 1 || AXW > 32) begin : g_bad
            PARAMETER_ERROR_board_uart_axil_AXW_must_be_1_to_32 u_param_error ();
        end
    endgenerate

    localparam [3:0] S_CMD = 4'd0, S_ARG = 4'd1, S_WR = 4'd2, S_WB = 4'd3, S_RD = 4'd4,
                     S_RR = 4'd5, S_PUSH = 4'd6, S_TX = 4'd7;

    reg [3:0]  state;
    reg [7:0]  cmd;
    reg [3:0]  need;         // argument bytes still to receive
    reg [63:0] sh;           // received bytes shift in at the top
    reg [47:0] txbuf;        // reply bytes, lowest first
    reg [2:0]  txn;          // reply bytes left
    reg [8:0]  words;        // words left to push
    reg        push_last;    // tlast on the final pushed word
    reg        aw_done, w_done;

    wire [7:0] rx = s_rx_tdata;

    assign m_tx_tdata  = txbuf[7:0];
    assign m_tx_tvalid = (state == S_TX);

    assign m_axil_awaddr = sh[AXW-1:0];
    assign m_axil_araddr = sh[32+AXW-1:32];
    assign m_axil_wdata  = sh[63:32];
    assign m_axil_wstrb  = 4'hF;
    assign m_axil_bready = (state == S_WB);
    assign m_axil_rready = (state == S_RR);

    assign m_axis_in_tdata = sh[63:32];
    assign m_axis_in_tlast = push_last && (words == 9'd1);

    assign s_axis_out_tready = (state == S_CMD) && s_rx_tvalid && (rx == 8'h4F);

    always @(posedge clk) begin
        if (rst) begin
            state            <= S_CMD;
            m_axil_awvalid   <= 1'b0;
            m_axil_wvalid    <= 1'b0;
            m_axil_arvalid   <= 1'b0;
            m_axis_in_tvalid <= 1'b0;
            txn              <= 3'd0;
            need             <= 4'd0;
            words            <= 9'd0;
        end else begin
            case (state)
            S_CMD: if (s_rx_tvalid) begin
                cmd <= rx;
                case (rx)
                8'h57: begin need <= 4'd8; state <= S_ARG; end   // 'W'
                8'h52: begin need <= 4'd4; state <= S_ARG; end   // 'R'
                8'h50: begin need <= 4'd2; state <= S_ARG; end   // 'P'
                8'h4F: begin                                      // 'O'
                    if (s_axis_out_tvalid) begin
                        txbuf <= {7'd0, s_axis_out_tlast, s_axis_out_tdata, 8'h6F};
                        txn   <= 3'd6;
                    end else begin
                        txbuf <= {40'd0, 8'h65};
                        txn   <= 3'd1;
                    end
                    state <= S_TX;
                end
                8'h49: begin                                      // 'I'
                    txbuf <= {32'd0, 7'd0, irq, 8'h69};
                    txn   <= 3'd2;
                    state <= S_TX;
                end
                default: begin
                    txbuf <= {40'd0, 8'h3F};
                    txn   <= 3'd1;
                    state <= S_TX;
                end
                endcase
            end
            S_ARG: if (s_rx_tvalid) begin
                sh   <= {rx, sh[63:8]};
                need <= need - 1'b1;
                if (need == 4'd1) begin
                    if (cmd == 8'h57) begin
                        m_axil_awvalid <= 1'b1;
                        m_axil_wvalid  <= 1'b1;
                        aw_done        <= 1'b0;
                        w_done         <= 1'b0;
                        state          <= S_WR;
                    end else if (cmd == 8'h52) begin
                        m_axil_arvalid <= 1'b1;
                        state          <= S_RD;
                    end else if (words == 9'd0) begin          // 'P' header: f n
                        push_last <= sh[56];                   // f came one byte earlier: sh[63:56]
                        words     <= (rx == 8'd0) ? 9'd256 : {1'b0, rx};
                        need      <= 4'd4;
                        state     <= S_ARG;
                    end else begin                             // a word to push
                        m_axis_in_tvalid <= 1'b1;
                        state            <= S_PUSH;
                    end
                end
            end
            S_WR: begin
                if (m_axil_awready) begin m_axil_awvalid <= 1'b0; aw_done <= 1'b1; end
                if (m_axil_wready)  begin m_axil_wvalid  <= 1'b0; w_done  <= 1'b1; end
                if ((aw_done || m_axil_awready) && (w_done || m_axil_wready)) state <= S_WB;
            end
            S_WB: if (m_axil_bvalid) begin
                txbuf <= {40'd0, 8'h77};
                txn   <= 3'd1;
                state <= S_TX;
            end
            S_RD: if (m_axil_arready) begin
                m_axil_arvalid <= 1'b0;
                state          <= S_RR;
            end
            S_RR: if (m_axil_rvalid) begin
                txbuf <= {8'd0, m_axil_rdata, 8'h72};
                txn   <= 3'd5;
                state <= S_TX;
            end
            S_PUSH: if (m_axis_in_tready) begin
                m_axis_in_tvalid <= 1'b0;
                words            <= words - 1'b1;
                if (words == 9'd1) begin
                    txbuf <= {40'd0, 8'h70};
                    txn   <= 3'd1;
                    state <= S_TX;
                end else begin
                    need  <= 4'd4;
                    state <= S_ARG;
                end
            end
            S_TX: if (m_tx_tready) begin
                txbuf <= {8'd0, txbuf[47:8]};
                txn   <= txn - 1'b1;
                if (txn == 3'd1) state <= S_CMD;
            end
            default: state <= S_CMD;
            endcase
        end
    end

    wire unused = &{1'b0, m_axil_bresp, m_axil_rresp};
endmodule

`resetall
