#!/usr/bin/env bash
# names.sh: network names that are C or Verilog keywords, clash with file
# or target names of the generated project, start with '_' or have the
# full 64 characters compile, and every generated C file passes a strict
# C11 compile (-Wall -Wextra -Werror). One of them (`int`) is built with
# CMake and trains.
#   names.sh MLPGEN CC XOR_CSV
set -u
mlpgen=$1 cc=$2 csv=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-emit-names.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
long=n123456789012345678901234567890123456789012345678901234567890123
for name in int module xor main sim mlprt _Bool $long; do
    printf 'network %s\ninput 2\ndense 2 activation=sigmoid\ndense 1 activation=sigmoid\n' "$name" > "$work/$name.desc"
    if ! "$mlpgen" "$work/$name.desc" -o "$work/$name" 2> "$work/err"; then
        echo "FAIL $name: does not compile"; cat "$work/err"; status=1; continue
    fi
    for f in "$work/$name"/host/*.c; do
        "$cc" -std=c11 -Wall -Wextra -Werror -fsyntax-only -I "$work/$name/host" \
              -I "$work/$name/runtime" "$f" 2> "$work/err" \
            || { echo "FAIL $name: $(basename "$f") does not compile"; head -5 "$work/err"; status=1; }
    done
    echo "ok   $name: host/$(cd "$work/$name/host" && ls | tr '\n' ' ')"
done
p="$work/int"
cmake -S "$p" -B "$p/obj" > "$work/log" 2>&1 && cmake --build "$p/obj" -j2 >> "$work/log" 2>&1 \
    || { echo "FAIL int: build"; tail -20 "$work/log"; exit 1; }
"$p/obj/mlp_int" --train "$csv" --split 0 --epochs 3 --quiet | grep -q '^final:' \
    || { echo "FAIL int: the host does not run"; status=1; }
exit $status
