#!/usr/bin/env bash
# test.sh: the whole fast test tier, twice: a gcc build and a clang
# ASan+UBSan build, each driven by ctest. Exits non-zero on any failure.
#   scripts/test.sh          fast tier (what CI runs)
#   scripts/test.sh --full   also the long tier (ctest label "full")
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

full=OFF
[ "${1:-}" = "--full" ] && full=ON
jobs=$(nproc)

cmake -S . -B build -DCMAKE_C_COMPILER=gcc -DMLPGEN_FULL=$full >/dev/null
cmake --build build -j"$jobs" >/dev/null
cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DMLPGEN_SANITIZE=ON -DMLPGEN_FULL=$full >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null

# Fast tier skips tests labelled "full"; the sanitizer build also skips
# "nosan" ones (Verilated models and generated-project builds, whose C the
# gcc run already covers).
skip_full="full"
[ "$full" = ON ] && skip_full="^$"
status=0
echo "== gcc build =="
ctest --test-dir build -j"$jobs" --output-on-failure -LE "$skip_full" || status=1
echo "== clang ASan+UBSan build =="
ctest --test-dir build-asan -j"$jobs" --output-on-failure -LE "nosan|$skip_full" || status=1
exit $status
