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
// No reply buffer: reply bytes are picked from their sources while they
// wait, so the AXI read data is taken (RREADY) and the output word popped
// (TREADY) only as the reply's last byte goes out; received bytes shift
// through one 32-bit register (write data, words to push) and the address
// is kept from its 4th byte. The uart_rx byte must be taken in its cycle:
// bytes that come while a command is still being served are dropped.
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
    output wire           m_axil_awvalid,
    input  wire           m_axil_awready,
    output wire [31:0]    m_axil_wdata,
    output wire [3:0]     m_axil_wstrb,
    output wire           m_axil_wvalid,
    input  wire           m_axil_wready,
    input  wire [1:0]     m_axil_bresp,
    input  wire           m_axil_bvalid,
    output wire           m_axil_bready,
    output wire [AXW-1:0] m_axil_araddr,
    output wire           m_axil_arvalid,
    input  wire           m_axil_arready,
    input  wire [31:0]    m_axil_rdata,
    input  wire [1:0]     m_axil_rresp,
    input  wire           m_axil_rvalid,
    output wire           m_axil_rready,

    output wire [31:0]    m_axis_in_tdata,
    output wire           m_axis_in_tlast,
    output wire           m_axis_in_tvalid,
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

    localparam [2:0] S_CMD = 3'd0, S_ARG = 3'd1, S_PH = 3'd2, S_ADDR = 3'd3, S_RESP = 3'd4,
                     S_PUSH = 3'd5, S_TX = 3'd6;
    // reply kinds: the tag byte, then the data bytes of the source
    localparam [2:0] K_Q = 3'd0, K_W = 3'd1, K_P = 3'd2, K_E = 3'd3, K_I = 3'd4,
                     K_R = 3'd5, K_O = 3'd6;

    (* fsm_encoding = "none" *) reg [2:0] state;   // binary: fewer cells than one-hot
    reg           cw, cr;       // the arguments being received are a 'W' / 'R' (else a word to push)
    reg [2:0]     n;            // argument bytes received, or reply bytes sent
    reg [31:0]    d;            // received bytes shift in at the top: write data, word to push
    reg [AXW-1:0] a;            // address, taken from d when its 4th byte arrives
    reg [7:0]     words;        // words left to push (0 = 256)
    reg           push_last;    // tlast on the final pushed word
    (* fsm_encoding = "none" *) reg [2:0] kind;         // the reply being sent
    reg           awv, wv, arv; // address / data phases not yet accepted

    wire [7:0]  rx = s_rx_tdata;
    wire [31:0] dn = {rx, d[31:8]};
    wire        arg_last = (n[1:0] == 2'd3) && (n[2] || !cw);   // 8 bytes for 'W', 4 else
    // reply bytes: the tag, then 'r' d0..d3 (held AXI read data), 'o' d0..d3 f
    // (the held output word, popped after f), 'i' s; the others are one byte
    reg [7:0]  tag;
    always @(*) begin
        case (kind)
        K_W:     tag = 8'h77;
        K_P:     tag = 8'h70;
        K_E:     tag = 8'h65;
        K_I:     tag = 8'h69;
        K_R:     tag = 8'h72;
        K_O:     tag = 8'h6F;
        default: tag = 8'h3F;
        endcase
    end
    wire [31:0] src = (kind == K_R) ? m_axil_rdata : s_axis_out_tdata;
    reg  [7:0]  txb;
    always @(*) begin
        case (n)
        3'd0:    txb = tag;
        3'd1:    txb = (kind == K_I) ? {7'd0, irq} : src[7:0];
        3'd2:    txb = src[15:8];
        3'd3:    txb = src[23:16];
        3'd4:    txb = src[31:24];
        default: txb = {7'd0, s_axis_out_tlast};
        endcase
    end
    wire [2:0] tx_end = (kind == K_O) ? 3'd5 : (kind == K_R) ? 3'd4 : (kind == K_I) ? 3'd1 : 3'd0;
    wire       tx_last = (state == S_TX) && m_tx_tready && (n == tx_end);

    assign m_tx_tdata  = txb;
    assign m_tx_tvalid = (state == S_TX);

    assign m_axil_awaddr  = a;
    assign m_axil_awvalid = awv;
    assign m_axil_wdata   = d;
    assign m_axil_wstrb   = 4'hF;
    assign m_axil_wvalid  = wv;
    assign m_axil_bready  = (state == S_RESP);
    assign m_axil_araddr  = a;
    assign m_axil_arvalid = arv;
    assign m_axil_rready  = tx_last && (kind == K_R);

    assign m_axis_in_tdata  = d;
    assign m_axis_in_tlast  = push_last && (words == 8'd1);
    assign m_axis_in_tvalid = (state == S_PUSH);

    assign s_axis_out_tready = tx_last && (kind == K_O);

    always @(posedge clk) begin
        if (state == S_ARG && s_rx_tvalid) begin
            d <= dn;
            if (n[1:0] == 2'd3 && !n[2]) a <= dn[AXW-1:0];
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            state <= S_CMD;
            awv   <= 1'b0;
            wv    <= 1'b0;
            arv   <= 1'b0;
            n     <= 3'd0;
        end else begin
            case (state)
            S_CMD: if (s_rx_tvalid) begin
                cw <= (rx == 8'h57);
                cr <= (rx == 8'h52);
                case (rx)
                8'h57, 8'h52: state <= S_ARG;                     // 'W', 'R'
                8'h50:        state <= S_PH;                      // 'P'
                8'h4F: begin kind <= s_axis_out_tvalid ? K_O : K_E; state <= S_TX; end
                8'h49: begin kind <= K_I; state <= S_TX; end
                default: begin kind <= K_Q; state <= S_TX; end
                endcase
            end
            S_PH: if (s_rx_tvalid) begin                          // 'P' f n
                n <= n + 1'b1;
                if (n[0]) begin
                    words <= rx;
                    n     <= 3'd0;
                    state <= S_ARG;
                end else begin
                    push_last <= rx[0];
                end
            end
            S_ARG: if (s_rx_tvalid) begin
                n <= n + 1'b1;
                if (arg_last) begin
                    n <= 3'd0;
                    awv   <= cw;
                    wv    <= cw;
                    arv   <= cr;
                    state <= (cw || cr) ? S_ADDR : S_PUSH;
                end
            end
            S_ADDR: begin                                        // 'W': AW and W, 'R': AR
                if (m_axil_awready) awv <= 1'b0;
                if (m_axil_wready)  wv  <= 1'b0;
                if (m_axil_arready) arv <= 1'b0;
                if ((!awv || m_axil_awready) && (!wv || m_axil_wready) &&
                    (!arv || m_axil_arready)) state <= S_RESP;
            end
            S_RESP: if (m_axil_bvalid || m_axil_rvalid) begin   // B (taken now) or R (taken after the reply)
                kind  <= cw ? K_W : K_R;
                state <= S_TX;
            end
            S_PUSH: if (m_axis_in_tready) begin
                words <= words - 1'b1;
                if (words == 8'd1) begin kind <= K_P; state <= S_TX; end
                else state <= S_ARG;
            end
            S_TX: if (m_tx_tready) begin
                n <= n + 1'b1;
                if (n == tx_end) begin n <= 3'd0; state <= S_CMD; end
            end
            default: state <= S_CMD;
            endcase
        end
    end

    wire unused = &{1'b0, m_axil_bresp, m_axil_rresp};
endmodule

`resetall
