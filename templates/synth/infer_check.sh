#!/bin/sh
# infer_check.sh: did Yosys put memories in block RAM and multipliers in
# DSPs? Reads the cells left just before Yosys's memory_map pass (the
# `dump t:$mem_v2 t:$mul t:$__soft_mul t:$macc` the generated scripts tee into
# out/<target>_premap.txt): a $mem_v2 still there becomes flip-flops, a
# $mul/$__soft_mul (or a $macc: a multiply that alumacc took) becomes LUTs. Fails (exit 1) on a memory of MIN_WORDS (16)
# words or more on any family with block RAM, or a multiplier with both
# operands MIN_MUL_W (4) bits or wider, neither a constant, on a family
# with DSPs; also prints the
# stat -json cell counts when a stat file is given.
#   infer_check.sh FAMILY PREMAP.txt [STAT.json]
# FAMILY: ice40-up5k (BRAM, DSP), ice40-hx8k (BRAM only), ecp5, xilinx
# (BRAM, DSP), generic (nothing to check).
set -eu
if [ $# -lt 2 ]; then
    echo "usage: infer_check.sh FAMILY PREMAP.txt [STAT.json]" >&2
    exit 2
fi
family=$1 premap=$2 stat=${3:-}
min_words=${MIN_WORDS:-16}
min_mul_w=${MIN_MUL_W:-4}
case $family in
    ice40-up5k|up5k*|ecp5|xilinx) bram=1 dsp=1 ;;
    ice40-hx8k|hx8k*|ice40) bram=1 dsp=0 ;;
    generic) bram=0 dsp=0 ;;
    *) echo "infer_check: unknown family '$family'" >&2; exit 2 ;;
esac
[ -r "$premap" ] || { echo "infer_check: cannot read '$premap'" >&2; exit 2; }
if [ -n "$stat" ] && command -v jq >/dev/null 2>&1; then
    jq -r '.design.num_cells_by_type | to_entries[] | "  \(.key) \(.value)"' "$stat"
fi
awk -v bram="$bram" -v dsp="$dsp" -v minw="$min_words" -v minm="$min_mul_w" '
    # bit i (LSB = 0) of a Yosys constant written MSB first
    function bit(c, i) { return substr(c, length(c) - i, 1) + 0 }
    function field(c, lo, n,   v, k) { v = 0; for (k = n - 1; k >= 0; k--) v = 2 * v + bit(c, lo + k); return v }
    # $macc CONFIG: 4 bits nb, then per port sign, subtract, size_a (nb), size_b (nb);
    # a port with size_b > 0 multiplies. "AxB" of the first wide product, or "".
    function macc_mul(c,   nb, pos, sa, sb) {
        nb = field(c, 0, 4)
        for (pos = 4; pos + 2 + 2 * nb <= length(c); pos += 2 + 2 * nb) {
            sa = field(c, pos + 2, nb); sb = field(c, pos + 2 + nb, nb)
            if (sb >= minm && sa >= minm) { mul_a = sa; mul_b = sb; return sa "x" sb }
        }
        return ""
    }
    # a multiply by a constant (shifts and adds in LUTs) is not a lost DSP:
    # the operand connection holds a literal as wide as that operand
    function constop(conn, w) { return index(conn, " " w "\047") > 0 || index(conn, "\\A " w "\047") > 0 || index(conn, "\\B " w "\047") > 0 }
    function flush() {
        if (kind == "$mem_v2" && bram && size >= minw) {
            printf "FAIL: memory %s (%d words x %d bits) becomes flip-flops\n", memid, size, width
            bad++
        } else if ((kind == "$mul" || kind == "$__soft_mul") && dsp && aw >= minm && bw >= minm &&
                   !constop(conn_a, aw) && !constop(conn_b, bw)) {
            printf "FAIL: multiplier %s (%d x %d bits) becomes LUTs\n", name, aw, bw
            bad++
        } else if (kind == "$macc" && dsp && macc_mul(config) != "" &&
                   !constop(conn_a, mul_a) && !constop(conn_a, mul_b)) {
            printf "FAIL: multiply-accumulate %s (product %s bits) becomes LUTs\n", name, macc_mul(config)
            bad++
        } else if (kind != "") {
            printf "ok: %s %s left to logic (%s)\n", kind, (kind == "$mem_v2" ? memid : name),
                   (kind == "$mem_v2" ? size " words" : aw "x" bw)
        }
        kind = ""; size = 0; width = 0; aw = 0; bw = 0; config = ""; conn_a = ""; conn_b = ""; memid = ""; name = ""
    }
    $1 == "cell" { flush(); kind = $2; name = $3; n++ }
    $1 == "parameter" && $2 == "\\SIZE" { size = $3 + 0 }
    $1 == "parameter" && $2 == "\\WIDTH" { width = $3 + 0 }
    $1 == "parameter" && $2 == "\\MEMID" { memid = $3 }
    $1 == "parameter" && $2 == "\\A_WIDTH" { aw = $3 + 0 }
    $1 == "parameter" && $2 == "\\B_WIDTH" { bw = $3 + 0 }
    $1 == "connect" && $2 == "\\A" { conn_a = $0 }
    $1 == "connect" && $2 == "\\B" { conn_b = $0 }
    $1 == "parameter" && $2 == "\\CONFIG" { config = $3; sub(/^[0-9]*\047/, "", config) }
    $1 == "end" && kind != "" { flush() }
    END { flush(); if (bad) { printf "infer_check: %d inference failure(s)\n", bad; exit 1 }
          print "infer_check: ok" }
' "$premap"
