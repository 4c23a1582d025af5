#!/bin/sh
# synth_report.sh: fit and timing per example and device. For every CASE
# (example:device) it compiles examples/<example>.desc, writes the synthesis
# files for that device (emit_synth via tests/synth's driver), runs the
# generated Makefile's Yosys target and prints one line:
#   example device LUTs FFs BRAMs DSPs LUT% BRAM% DSP% Fmax_MHz cyc/sample samples/s MCUPS
# LUTs = SB_LUT4 (iCE40), LUT4 (ECP5), LUT1-6 (7-series); BRAMs in the
# family's unit (SB_RAM40_4K, DP16KD, RAMB18 equivalents); DSPs SB_MAC16,
# MULT18X18D, DSP48E1. With --pnr, iCE40 cases also synthesize the board
# wrapper and take the median Fmax over --seeds nextpnr-ice40 seeds (one at
# a time); otherwise Fmax and throughput are "-". cyc/sample is the
# docs/architecture.md estimate (forward + backward per sample, update per
# batch), samples/s = Fmax / cyc, MCUPS = samples/s x connections / 1e6.
#
#   synth_report.sh [-B BUILD] [-w WORK] [--pnr] [--seeds N] [--baseline FILE] [CASE...]
#   synth_report.sh --compare BASELINE CURRENT     (drift check only)
# With --baseline (default bench/synth_baseline.txt when it exists) every
# resource figure that moved more than 5 % from the baseline line of the
# same case is flagged DRIFT and the exit status is 1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
work=${TMPDIR:-/tmp}/synth_report.$$
pnr=0 seeds=5 baseline=""
[ -f "$here/synth_baseline.txt" ] && baseline=$here/synth_baseline.txt

# compare BASE CUR: DRIFT lines for resource columns (3-6) moved > 5 %
compare() {
    awk '
        NR == FNR { if ($0 !~ /^#/ && NF >= 6) for (k = 3; k <= 6; k++) base[$1 " " $2, k] = $k; next }
        $0 ~ /^#/ || NF < 6 { next }
        {
            seen = 0
            for (k = 3; k <= 6; k++) {
                if (!((($1 " " $2), k) in base)) continue
                seen = 1
                b = base[$1 " " $2, k]; c = $k
                if (b == "-" || c == "-") continue
                d = (b == 0) ? (c == 0 ? 0 : 100) : 100 * (c - b) / b
                if (d > 5 || d < -5) {
                    printf "DRIFT %s %s %s: %s -> %s (%+.1f %%)\n", $1, $2, name[k], b, c, d
                    bad = 1
                }
            }
            if (!seen) printf "new case (no baseline): %s %s\n", $1, $2
        }
        BEGIN { name[3] = "LUTs"; name[4] = "FFs"; name[5] = "BRAMs"; name[6] = "DSPs" }
        END { if (bad) { print "resource drift > 5 % against the baseline"; exit 1 } }
    ' "$1" "$2"
}

cases=""
while [ $# -gt 0 ]; do
    case $1 in
        --compare) compare "$2" "$3"; exit $? ;;
        -B) build=$2; shift ;;
        -w) work=$2; shift ;;
        --pnr) pnr=1 ;;
        --seeds) seeds=$2; shift ;;
        --baseline) baseline=$2; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) cases="$cases $1" ;;
    esac
    shift
done
[ -n "$cases" ] || cases="xor:up5k-sg48 iris:up5k-sg48 iris:hx8k-ct256 digits:up5k-sg48 digits:hx8k-ct256 fmnist_mlp:xc7a100t"
mlpgen=$build/compiler/mlpgen
drv=$build/tests/synth/emit_synth_drv
for t in "$mlpgen" "$drv"; do
    [ -x "$t" ] || { echo "synth_report: $t missing (build with cmake first, or -B BUILD)" >&2; exit 2; }
done
mkdir -p "$work"
result=$work/report.txt
: > "$result"
seedlist=$(seq 1 "$seeds" | tr '\n' ' ')

# device: target, capacities LUT BRAM DSP
device_info() {
    case $1 in
        up5k-sg48)  echo "ice40 5280 30 8" ;;
        hx8k-ct256) echo "ice40 7680 32 0" ;;
        25k)        echo "ecp5 24288 56 28" ;;
        85k)        echo "ecp5 83640 208 156" ;;
        xc7a35t)    echo "xilinx 20800 100 90" ;;
        xc7a100t)   echo "xilinx 63400 270 240" ;;
        xc7z020)    echo "xilinx 53200 280 220" ;;
        *) return 1 ;;
    esac
}

# stat figures: LUTs FFs BRAMs DSPs for a family
stat_figures() {
    jq -r --arg fam "$1" '
        .design.num_cells_by_type as $c
        | def n(k): ($c[k] // 0);
          def sum(re): [$c | to_entries[] | select(.key | test(re)) | .value] | add // 0;
        if $fam == "ice40" then [n("SB_LUT4"), sum("^SB_DFF"), n("SB_RAM40_4K"), n("SB_MAC16")]
        elif $fam == "ecp5" then [n("LUT4"), n("TRELLIS_FF"), n("DP16KD"), n("MULT18X18D")]
        else [sum("^LUT[1-6]$"), sum("^FD[RSCP]E$"), n("RAMB18E1") + 2 * n("RAMB36E1"), n("DSP48E1")]
        end | map(tostring) | join(" ")' "$2"
}

# cycles per sample, connections per sample from host/<ident>_hw.h; the
# update per batch: R*(N+1) cycles a layer with one unit per PE, or with
# the sequential unit (USEQ=1: one the layers share, in turn: the sum)
# P*R*(N+1) steps of about 29 cycles (LATENCY + 2 of mlp_update_sgd_seq at
# 16-bit formats)
net_cycles() {
    awk -v B="$2" -v SEQ="$3" '
        /_L[0-9]+_N / { split($2, a, "_"); l = a[length(a) - 1]; N[l] = $3 }
        /_L[0-9]+_M / { split($2, a, "_"); l = a[length(a) - 1]; M[l] = $3 }
        /_L[0-9]+_P / { split($2, a, "_"); l = a[length(a) - 1]; P[l] = $3; nl++ }
        END {
            c = 0; u = 0; conn = 0
            for (l = 0; l < nl; l++) {
                R = int((M["L" l] + P["L" l] - 1) / P["L" l])
                c += R * (N["L" l] + 4 * P["L" l] + 5) + R * (N["L" l] + 3 * P["L" l] + 5) + N["L" l]
                upd = R * (N["L" l] + 1); if (SEQ) upd = upd * P["L" l] * 29
                if (SEQ) u += upd; else if (upd > u) u = upd
                conn += M["L" l] * (N["L" l] + 1)
            }
            printf "%d %d\n", c + u / B, conn
        }' "$1"
}

status=0
for c in $cases; do
    ex=${c%%:*} dev=${c#*:}
    info=$(device_info "$dev") || { echo "synth_report: unknown device '$dev'" >&2; exit 2; }
    set -- $info
    fam=$1 cap_lut=$2 cap_bram=$3 cap_dsp=$4
    # the core as mlpgen builds it for this part: the example's pes and
    # clock with device= (the planner's choices per family, e.g. the
    # sequential update units on iCE40)
    dir=$work/${ex}_$dev
    epes=$(sed -n 's/^hardware.*\(pes=[0-9]*\).*/\1/p' "$root/examples/$ex.desc")
    { grep -v '^hardware' "$root/examples/$ex.desc"; echo "hardware $epes device=$dev"; } > "$work/$ex.$dev.fit.desc"
    if [ ! -d "$dir/rtl" ]; then
        "$mlpgen" "$work/$ex.$dev.fit.desc" -o "$dir" > /dev/null
    fi
    hw=$(ls "$dir"/host/*_hw.h)
    axw=$(sed -n 's/^#define [A-Z0-9_]*_AXI_ADDR_BITS \([0-9]*\).*/\1/p' "$hw")
    batch=$(sed -n 's/^#define [A-Z0-9_]*[A-Z0-9]_BATCH \([0-9][0-9]*\)$/\1/p' "$hw" | grep -v "^$" | head -1)
    mhz=$(sed -n 's/.*clock_mhz=\([0-9.]*\).*/\1/p' "$root/examples/$ex.desc")
    [ -n "$mhz" ] || mhz=100
    sd=$dir/synth_$dev
    if [ ! -f "$sd/out/${fam}_stat.json" ]; then
        rm -rf "$work/gen"
        "$drv" "$work/gen" "$ex" "$fam" "$dev" "$mhz" "$axw"
        rm -rf "$sd"
        mv "$work/gen/synth" "$sd"
        echo "== $ex $dev: yosys ($fam) ..." >&2
        make -s -C "$sd" "$fam" > "$sd/make.log" 2>&1 || { echo "   infer check or yosys failed: $sd/make.log" >&2; status=1; }
    fi
    if [ -f "$sd/out/${fam}_stat.json" ]; then
        figs=$(stat_figures "$fam" "$sd/out/${fam}_stat.json")
    else
        figs="- - - -"
    fi
    set -- $figs
    luts=$1 ffs=$2 brams=$3 dsps=$4
    pct() { [ "$1" = - ] && { echo -; return; }; [ "$2" -eq 0 ] && { [ "$1" -eq 0 ] && echo 0 || echo inf; return; }; awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
    lp=$(pct "$luts" "$cap_lut") bp=$(pct "$brams" "$cap_bram") dp=$(pct "$dsps" "$cap_dsp")
    fmax=-
    if [ $pnr -eq 1 ] && [ "$fam" = ice40 ]; then
        echo "== $ex $dev: board wrapper + nextpnr, seeds $seedlist..." >&2
        if make -s -C "$sd" fmax SEEDS="$seedlist" > "$sd/fmax.log" 2>&1; then
            fmax=$(sed -n 's/^median Fmax: \([0-9.]*\) MHz.*/\1/p' "$sd/fmax.log")
        else
            echo "   place and route failed: $sd/fmax.log, $sd/out/pnr_s1.log" >&2
            fmax=nofit
        fi
    fi
    useq=0
    grep -q '\.USEQ(1)' "$dir"/rtl/*_top.v && useq=1
    set -- $(net_cycles "$hw" "$batch" "$useq")
    cyc=$1 conn=$2
    sps=- mcups=-
    case $fmax in
        ''|-|nofit) ;;
        *) sps=$(awk -v f="$fmax" -v c="$cyc" 'BEGIN { printf "%.0f", f * 1e6 / c }')
           mcups=$(awk -v s="$sps" -v n="$conn" 'BEGIN { printf "%.2f", s * n / 1e6 }') ;;
    esac
    line="$ex $dev $luts $ffs $brams $dsps $lp $bp $dp $fmax $cyc $sps $mcups"
    echo "$line" >> "$result"
    # the compiler's fit estimate for the same net and part, as a comment
    # (compiler/plan_fit.c; the comparison skips it)
    est=$("$mlpgen" --dump-ir "$work/$ex.$dev.fit.desc" 2>/dev/null | grep '^fit ') || est="fit estimate unavailable"
    echo "#   estimate: $est" >> "$result"
done

echo "# example device LUTs FFs BRAMs DSPs LUT% BRAM% DSP% Fmax_MHz cyc/sample(formula) samples/s MCUPS"
cat "$result"
if [ -n "$baseline" ]; then
    compare "$baseline" "$result" || status=1
fi
echo "(work files in $work)" >&2
exit $status
