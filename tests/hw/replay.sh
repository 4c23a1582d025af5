#!/bin/sh
# replay.sh: the second simulator (tests/hw/tb_replay.v).
#   replay.sh record HWGEN DIR NET_ARGS... -- SIM_ARGS...
#     builds and runs the net under Verilator (run_net.sh) recording its
#     AXI4-Lite and stream traffic to DIR.rec, then replays that traffic
#     under Icarus against the same DIR/rtl and compares every response.
#   replay.sh break DIR
#     the same replay with one recorded read response changed (the middle
#     read of DIR.rec): the bench must report FAIL.
set -e
here=$(cd "$(dirname "$0")" && pwd)
mode=$1; shift
if [ "$mode" = record ]; then
  hwgen=$1; dir=$2; shift 2
  MLPGEN_RECORD="$dir.rec" "$here/run_net.sh" "$hwgen" "$dir" "$@"
  top=$(ls "$dir"/rtl/*_top.v)
  name=$(basename "$top" .v)
  hi=$(sed -n 's/.*\[\([0-9]*\):0\] *s_axi_control_awaddr.*/\1/p' "$top")
  iverilog -g2005 -DTOP="$name" -DAXW=$((hi + 1)) -o "$dir.tb.vvp" "$here/tb_replay.v" "$dir"/rtl/*.v
  echo "recorded $(wc -l < "$dir.rec") events; replaying under Icarus"
  vvp -n "$dir.tb.vvp" +rec="$dir.rec"
elif [ "$mode" = break ]; then
  dir=$1
  [ -f "$dir.rec" ] && [ -f "$dir.tb.vvp" ] || { echo "no recording in $dir.rec (run the record test first)"; exit 1; }
  reads=$(awk '$1 == 2' "$dir.rec" | wc -l)
  awk -v k=$((reads / 2)) '$1 == 2 { n++; if (n == k) { $3 = ($3 == "0") ? "1" : "0"; print "changed line " NR ": " $0 > "/dev/stderr" } } { print }' \
    "$dir.rec" > "$dir.bad.rec"
  vvp -n "$dir.tb.vvp" +rec="$dir.bad.rec"
else
  echo "usage: replay.sh record HWGEN DIR NET_ARGS... -- SIM_ARGS... | replay.sh break DIR"; exit 2
fi
