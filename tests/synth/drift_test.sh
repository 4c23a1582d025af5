#!/bin/sh
# drift_test.sh: bench/synth_report.sh --compare flags a resource figure
# that moved more than 5 % from the baseline and passes one that moved less.
# Figures written by hand: LUTs 1000 -> 1040 is +4.0 % (fine), FFs 200 ->
# 212 is +6.0 % (drift), BRAMs 10 -> 9 is -10 % (drift).
set -eu
report=$(cd "$(dirname "$0")/../../bench" && pwd)/synth_report.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/base.txt" <<'T'
# example device LUTs FFs BRAMs DSPs ...
a up5k-sg48 1000 200 10 4 19 33 50 - 900 - -
b hx8k-ct256 500 100 2 0 7 6 0 - 100 - -
T
cat > "$work/ok.txt" <<'T'
a up5k-sg48 1040 200 10 4 20 33 50 - 900 - -
b hx8k-ct256 500 95 2 0 7 6 0 - 100 - -
T
cat > "$work/bad.txt" <<'T'
a up5k-sg48 1040 212 9 4 20 33 45 - 900 - -
b hx8k-ct256 500 100 2 0 7 6 0 - 100 - -
T
fail=0
"$report" --compare "$work/base.txt" "$work/ok.txt" || { echo "FAIL: +4 %/-5 % flagged"; fail=1; }
out=$("$report" --compare "$work/base.txt" "$work/bad.txt") && { echo "FAIL: +6 % not flagged"; fail=1; }
echo "$out"
echo "$out" | grep -q "DRIFT a up5k-sg48 FFs: 200 -> 212 (+6.0 %)" || { echo "FAIL: no FFs drift line"; fail=1; }
echo "$out" | grep -q "DRIFT a up5k-sg48 BRAMs: 10 -> 9 (-10.0 %)" || { echo "FAIL: no BRAMs drift line"; fail=1; }
echo "$out" | grep -q "LUTs" && { echo "FAIL: LUTs +4 % flagged"; fail=1; }
[ $fail -eq 0 ] && echo "PASS: drift check"
exit $fail
