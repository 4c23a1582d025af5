// tb_mlp_dense_hash: mlp_dense_hash (combinational mlp_hash) against
// vectors from the C reference (tests/hw/hash_vectors.c over runtime/hash.c).
// Inputs change at random times (0-3 idle cycles between vectors, changing
// in between to garbage); R is checked one clock after each vector settles.
//   hash_vectors 1000 > v.hex; vvp tb +vec=v.hex [+n=1000] [+break]
// +break flips one bit of one expected word: the bench must then FAIL.
`timescale 1ns / 1ps
`default_nettype none
module tb_mlp_dense_hash;
    localparam MAXN = 4096;
    reg clk = 1'b0;
    always #5 clk = ~clk;
    reg rst = 1'b1;
    reg [31:0] seed = 0, col = 0, step = 0;
    reg [7:0] layer = 0, tensor = 0;
    reg [15:0] row = 0;
    wire [31:0] r;
    mlp_dense_hash dut (.clk(clk), .rst(rst), .en(1'b1), .seed(seed), .layer(layer), .tensor(tensor),
                        .row(row), .col(col), .step(step), .r(r));

    reg [31:0] v [0:7*MAXN-1];
    reg [8*1024-1:0] file;
    integer n, i, k, errors, rnd;
    reg [31:0] expect;
    initial begin
        if (!$value$plusargs("vec=%s", file)) begin
            $display("FAIL tb_mlp_dense_hash: no +vec=FILE");
            $finish;
        end
        if (!$value$plusargs("n=%d", n)) n = 1000;
        if (n > MAXN) n = MAXN;
        for (i = 0; i < 7 * MAXN; i = i + 1) v[i] = 32'hxxxxxxxx;
        $readmemh(file, v, 0, 7 * n - 1);
        rnd = 7;
        errors = 0;
        repeat (2) @(negedge clk);
        rst = 1'b0;
        for (i = 0; i < n; i = i + 1) begin
            if (^v[7 * i + 6] === 1'bx) begin
                $display("FAIL tb_mlp_dense_hash: vector %0d missing from the file", i);
                $finish;
            end
            // random idle cycles with garbage on the inputs
            for (k = $random(rnd) & 3; k > 0; k = k - 1) begin
                seed = $random(rnd); layer = $random(rnd); tensor = $random(rnd);
                row = $random(rnd); col = $random(rnd); step = $random(rnd);
                @(negedge clk);
            end
            seed = v[7 * i]; layer = v[7 * i + 1][7:0]; tensor = v[7 * i + 2][7:0];
            row = v[7 * i + 3][15:0]; col = v[7 * i + 4]; step = v[7 * i + 5];
            expect = v[7 * i + 6];
            if ($test$plusargs("break") && i == n / 2) expect = expect ^ 32'h0001_0000;
            @(posedge clk);
            #1;
            if (r !== expect) begin
                if (errors < 5)
                    $display("FAIL vector %0d: hash(%h,%h,%h,%h,%h,%h) = %h, expected %h", i, seed,
                             layer, tensor, row, col, step, r, expect);
                errors = errors + 1;
            end
            @(negedge clk);
        end
        if (errors == 0)
            $display("PASS tb_mlp_dense_hash: %0d vectors", n);
        else
            $display("FAILED tb_mlp_dense_hash: %0d of %0d vectors wrong", errors, n);
        $finish;
    end
endmodule
`default_nettype wire
