// upd_pnr_top: a place-and-route harness for the update units alone (the
// whole cores do not fit an iCE40 yet). Every input of the unit comes from
// one long shift register fed by pin sin, every output goes into one that
// drives pin sout, so the unit's own paths set Fmax. SEQ = 1:
// mlp_update_sgd_seq (start on go, capture on out_valid); SEQ = 0: the
// combinational mlp_update_sgd between two register stages.
`default_nettype none

module upd_pnr_top #(parameter integer SEQ = 1) (
    input  wire clk,
    input  wire sin,
    input  wire go,
    output wire sout,
    output wire busy
);
    localparam integer W_W = 16, W_S = 16, G_W = 40;
    localparam integer IN_W = W_W + G_W + W_S + 2 + 5 * 32;
    localparam integer OUT_W = W_W + W_S + 2;
    reg [IN_W-1:0]  si;
    reg [OUT_W-1:0] so;
    reg             rst = 1'b1;
    always @(posedge clk) rst <= 1'b0;
    wire [W_W-1:0] w = si[W_W-1:0];
    wire [G_W-1:0] g = si[W_W +: G_W];
    wire [W_S-1:0] v = si[W_W+G_W +: W_S];
    wire bias = si[W_W+G_W+W_S], nest = si[W_W+G_W+W_S+1];
    wire [31:0] lr = si[W_W+G_W+W_S+2 +: 32], mom = si[W_W+G_W+W_S+34 +: 32],
                wd = si[W_W+G_W+W_S+66 +: 32], rv = si[W_W+G_W+W_S+98 +: 32],
                rw = si[W_W+G_W+W_S+130 +: 32];
    wire [W_W-1:0] w_new;
    wire [W_S-1:0] v_new;
    wire ow, ov, done;
    generate
        if (SEQ != 0) begin : g_seq
            wire in_ready, out_valid;
            mlp_update_sgd_seq #(.RND_W(3), .RND_S(3), .G_W(G_W), .F_G(26)) u (
                .clk(clk), .rst(rst), .in_valid(go), .in_ready(in_ready),
                .w(w), .g(g), .v(v), .bias(bias), .lr_q(lr), .mom_q(mom), .wd_q(wd),
                .nesterov(nest), .rnd_v(rv), .rnd_w(rw), .out_valid(out_valid), .out_ready(1'b1),
                .w_new(w_new), .v_new(v_new), .ovf_w(ow), .ovf_v(ov));
            assign done = out_valid;
            assign busy = !in_ready;
        end else begin : g_comb
            reg [IN_W-1:0] sr;
            always @(posedge clk) sr <= si;
            mlp_update_sgd #(.RND_W(3), .RND_S(3), .G_W(G_W), .F_G(26)) u (
                .en(1'b1), .w(sr[W_W-1:0]), .g(sr[W_W +: G_W]), .v(sr[W_W+G_W +: W_S]),
                .bias(sr[W_W+G_W+W_S]), .lr_q(sr[W_W+G_W+W_S+2 +: 32]), .mom_q(sr[W_W+G_W+W_S+34 +: 32]),
                .wd_q(sr[W_W+G_W+W_S+66 +: 32]), .nesterov(sr[W_W+G_W+W_S+1]),
                .rnd_v(sr[W_W+G_W+W_S+98 +: 32]), .rnd_w(sr[W_W+G_W+W_S+130 +: 32]),
                .w_new(w_new), .v_new(v_new), .ovf_w(ow), .ovf_v(ov));
            assign done = go;
            assign busy = 1'b0;
            wire unused = &{1'b0, w, g, v, bias, nest, lr, mom, wd, rv, rw, rst};
        end
    endgenerate
    always @(posedge clk) begin
        si <= {si[IN_W-2:0], sin};
        if (done) so <= {w_new, v_new, ow, ov};
        else so <= {so[OUT_W-2:0], 1'b0};
    end
    assign sout = so[OUT_W-1];
endmodule
