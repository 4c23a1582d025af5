#!/bin/sh
# fmax_median.sh: the Fmax of each nextpnr-ice40 --report file given and
# their median (of the slowest clock in each run), in MHz.
#   fmax_median.sh out/pnr_s1.json out/pnr_s2.json ...
set -eu
for f in "$@"; do
    v=$(jq '[.fmax[] | .achieved] | min' "$f")
    echo "$f: $v MHz"
    echo "$v" >> "${TMPDIR:-/tmp}/fmax_median.$$"
done
n=$(wc -l < "${TMPDIR:-/tmp}/fmax_median.$$")
sort -g "${TMPDIR:-/tmp}/fmax_median.$$" | awk -v n="$n" '
    { v[NR] = $1 }
    END { m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2; printf "median Fmax: %.2f MHz over %d seeds\n", m, n }'
rm -f "${TMPDIR:-/tmp}/fmax_median.$$"
