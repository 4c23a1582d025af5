#!/bin/sh
# lint_multi.sh HWGEN DIR ITEM...: writes the multi-core regression model of
# tests/hw (hwgen multi ITEM... DIR: mlp_multi_top around one core per net)
# and runs verilator --lint-only -Wall on it: the wrapper, every net's
# generated top and one copy of the rtl_lib modules (the nets' copies are
# the same files). Exit 1 on any warning.
set -u
hwgen=$1 dir=$2
shift 2
rm -rf "$dir"
"$hwgen" multi "$@" "$dir" > "$dir.log" 2>&1 || { cat "$dir.log"; echo "FAIL: hwgen"; exit 1; }
cd "$dir" || exit 2
lib=$(ls n/*/rtl/mlp_*.v | grep -v '_top\.v$' | awk -F/ '!seen[$NF]++')
# shellcheck disable=SC2086
out=$(verilator --lint-only -Wall $lib n/*/rtl/*_top.v rtl/mlp_multi_top.v --top-module mlp_multi_top 2>&1)
if [ -n "$out" ]; then
    echo "LINT mlp_multi_top ($*)"
    echo "$out" | grep -v '^ ' | head -20
    exit 1
fi
echo "lint clean: mlp_multi_top of $(ls n | wc -l) cores"
