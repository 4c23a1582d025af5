#!/bin/sh
# accuracy_xor.sh: builds the reference and prints the XOR figures of
# docs/numerics.md (shipped seed; fixed-point vs double success rate over 50
# init seeds) and the digits / iris test accuracies, fixed-point vs double.
# Usage: bench/accuracy_xor.sh [build-dir]   (default build-bench)
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
cmake -S "$src" -B "$build" >/dev/null
cmake --build "$build" -j2 --target accuracy_xor accuracy_data >/dev/null
"$build/tests/reference/accuracy_xor" 50 7
"$build/tests/reference/accuracy_data" digits "$src/examples/data/digits.csv.gz" 20 3
"$build/tests/reference/accuracy_data" iris "$src/examples/data/iris.csv" 100 3
