// tb_mlp_hash: self-checking testbench for rtl_lib/mlp_hash.v. Streams the
// pinned vectors of mlp_hash_vectors.hex (written by the independent Python
// model mlp_hash_vectors.py) through the module with random tvalid/tready
// stalls and compares R, tuser and tlast. +break corrupts one expected value
// to prove that the checker fails. Ends with PASS, or FAIL and $fatal.
`timescale 1ns / 1ps
`default_nettype none

module tb_mlp_hash;
    parameter integer STAGES = 0;
    parameter integer SEED   = 1;
    parameter integer NVEC   = 256;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = !clk;

    reg  [31:0] vec [0:7*NVEC-1];  // seed layer tensor row col step R
    reg  [127:0] s_tdata;
    reg  [15:0]  s_tuser;
    reg          s_tlast;
    reg          s_tvalid;
    wire         s_tready;
    wire [31:0]  m_tdata;
    wire [15:0]  m_tuser;
    wire         m_tlast;
    wire         m_tvalid;
    reg          m_tready;

    mlp_hash #(.STAGES(STAGES), .USER_W(16)) dut (
        .clk(clk), .rst(rst),
        .s_axis_tdata(s_tdata), .s_axis_tuser(s_tuser), .s_axis_tlast(s_tlast),
        .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
        .m_axis_tdata(m_tdata), .m_axis_tuser(m_tuser), .m_axis_tlast(m_tlast),
        .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready));

    integer seed_r;
    integer n_in = 0, n_out = 0, errors = 0, cycles = 0;
    integer brk = 0;
    reg [8*256-1:0] vec_file;

    task load_input;
        input integer i;
        begin
            s_tdata <= {vec[7*i], vec[7*i+1][7:0], vec[7*i+2][7:0], vec[7*i+3][15:0],
                       vec[7*i+4], vec[7*i+5]};
            s_tuser <= i[15:0];
            s_tlast <= i[0];
        end
    endtask

    initial begin
        seed_r = SEED;
        if (!$value$plusargs("vectors=%s", vec_file)) vec_file = "mlp_hash_vectors.hex";
        if ($test$plusargs("break")) brk = 1;
        $readmemh(vec_file, vec);
        if (vec[7*NVEC-1] === 32'bx) begin
            $display("FAIL: tb_mlp_hash: could not read %0s", vec_file);
            $fatal(1);
        end
        s_tvalid = 1'b0; m_tready = 1'b0; load_input(0);
        repeat (3) @(posedge clk);
        rst <= 1'b0;
    end

    // driver and checker, both sampled at the clock edge
    reg [31:0] exp_r;
    always @(posedge clk) begin
        if (!rst) begin
            cycles = cycles + 1;
            if (m_tvalid && m_tready) begin
                exp_r = vec[7*n_out+6] ^ ((brk && n_out == 100) ? 32'h0000_0100 : 32'h0);
                if (m_tdata !== exp_r || m_tuser !== n_out[15:0] || m_tlast !== n_out[0]) begin
                    errors = errors + 1;
                    if (errors <= 5)
                        $display("mismatch vector %0d: R %08x expected %08x, tuser %0d tlast %b",
                                 n_out, m_tdata, exp_r, m_tuser, m_tlast);
                end
                n_out = n_out + 1;
            end
            if (s_tvalid && s_tready) n_in = n_in + 1;
            // next inputs (after the edge)
            if (!s_tvalid || s_tready) begin
                if (n_in < NVEC && ($random(seed_r) & 3) != 0) begin
                    load_input(n_in);
                    s_tvalid <= 1'b1;
                end else begin
                    s_tvalid <= 1'b0;
                end
            end
            m_tready <= ($random(seed_r) & 3) != 0;
            if (n_out == NVEC) begin
                if (errors == 0) begin
                    $display("PASS: tb_mlp_hash STAGES=%0d: %0d vectors in %0d cycles", STAGES, n_out, cycles);
                    $finish;
                end else begin
                    $display("FAIL: tb_mlp_hash STAGES=%0d: %0d of %0d vectors wrong", STAGES, errors, n_out);
                    $fatal(1);
                end
            end
            if (cycles > 100000) begin
                $display("FAIL: tb_mlp_hash: timeout, %0d of %0d outputs", n_out, NVEC);
                $fatal(1);
            end
        end
    end
endmodule
