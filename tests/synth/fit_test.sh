#!/bin/sh
# fit_test.sh MLPGEN: the fit estimate of `mlpgen --dump-ir` against the
# Yosys figures of fit_cases.txt. Tolerance: every figure (LUTs, FFs, block
# RAMs, DSPs) within the case's tolerance of the measured one (10 % on the
# calibration cases, 15 % on the out-of-sample ones). Then --fit: the pes it picks
# fits and one more unit does not (or the planner could not use it). FIT_TEST_BREAK=1 halves one recorded
# figure (xor LUTs): the test must then fail.
set -u
mlpgen=$1
here=$(cd "$(dirname "$0")" && pwd)
ex=$here/../../examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

while IFS='|' read -r name hw figs tol where; do
    case $name in ''|'#'*) continue ;; esac
    set -- $figs
    lut=$1 ff=$2 bram=$3 dsp=$4
    [ "${FIT_TEST_BREAK:-0}" = 1 ] && [ "$name" = xor ] && lut=$((lut / 2))
    grep -v '^hardware' "$ex/$name.desc" > "$work/$name.desc"
    echo "$hw" | tr ';' '\n' >> "$work/$name.desc"   # ';' separates lines (a precision line)
    line=$("$mlpgen" --dump-ir "$work/$name.desc" | grep '^fit ') || { echo "FAIL $name: no fit line"; fail=1; continue; }
    # fit PART pes N (M planned): LUT a/b (p%) FF a/b (p%) BRAM a/b (p%) DSP a/b ...
    est=$(echo "$line" | sed 's/([^)]*)//g' | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) { split($i, v, "/"); printf "%s ", v[1] } }')
    set -- $est
    r=$(awk -v t=$tol -v a="$1 $2 $3 $4" -v b="$lut $ff $bram $dsp" 'BEGIN {
        split(a, e, " "); split(b, m, " "); split("LUTs FFs BRAMs DSPs", n, " "); bad = 0
        for (k = 1; k <= 4; k++) {
            d = (m[k] == 0) ? (e[k] == 0 ? 0 : 100) : 100 * (e[k] - m[k]) / m[k]
            printf "%s %d vs %d (%+.1f %%) ", n[k], e[k], m[k], d
            if (d > t || d < -t) bad = 1
        }
        print (bad ? "OUT" : "ok") }')
    echo "$name [$hw]: $r"
    case $r in *OUT) echo "FAIL $name: estimate off by more than $tol % ($where)"; fail=1 ;; esac
done < "$here/fit_cases.txt"

# --fit without pes=: the chosen pes fits, one more does not
for dev in xc7a35t 85k; do
    grep -v '^hardware' "$ex/digits.desc" > "$work/d.desc"
    echo "hardware device=$dev" >> "$work/d.desc"
    out=$("$mlpgen" --fit --dump-ir "$work/d.desc" 2>&1)
    pes=$(echo "$out" | sed -n 's/^hardware pes \([0-9]*\).*/\1/p')
    echo "$out" | grep -q '^fit .* -> fits$' || { echo "FAIL --fit $dev: chosen pes=$pes does not fit"; fail=1; }
    grep -v '^hardware' "$ex/digits.desc" > "$work/d1.desc"
    echo "hardware pes=$((pes + 1)) device=$dev" >> "$work/d1.desc"
    # one more unit must not fit, unless the planner has no use for it
    planned=$(echo "$out" | sed -n 's/^fit .*(\([0-9]*\) planned).*/\1/p')
    more=$("$mlpgen" --dump-ir "$work/d1.desc" | grep '^fit ')
    planned1=$(echo "$more" | sed -n 's/^fit .*(\([0-9]*\) planned).*/\1/p')
    case $more in
        *'-> does not fit') ;;
        *) [ "$planned1" = "$planned" ] ||
               { echo "FAIL --fit $dev: pes=$((pes + 1)) fits too, $pes is not the largest"; fail=1; } ;;
    esac
    echo "--fit digits on $dev: pes=$pes"
done

[ $fail -eq 0 ] && echo "PASS: fit estimate" || echo "FAIL: fit estimate"
exit $fail
