#!/bin/sh
# rebuild_after_change.sh MLPGEN SRC_DIR WORK [TEMPLATES_SED]
# A generated project is built, written again by mlpgen for a smaller net of
# the same name (Verilator splits its model into fewer files), and built
# again in the same build directory, as a user does after editing the
# .desc. The second build must succeed and its model check bit-exact:
# templates/sim/verilate_fresh.cmake makes verilate() take the new file list
# (without it the build compiled the first run's stale split files).
set -e
mlpgen=$1; src=$2; work=$3
rm -rf "$work"
mkdir -p "$work"
"$mlpgen" "$src/examples/digits.desc" -o "$work/p" >/dev/null
cmake -S "$work/p/sim" -B "$work/o" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/o" -j2 >/dev/null
list=$work/o/CMakeFiles/sim.dir/Vcore.dir/Vcore.cmake
n1=$(grep -o 'DepSet_[^ ]*Slow\.cpp' "$list" | wc -l)
sed 's/^dense 32 /dense 3 /; s/pes=8/pes=2/' "$src/examples/digits.desc" > "$work/small.desc"
"$mlpgen" "$work/small.desc" -o "$work/p" >/dev/null
cmake -S "$work/p/sim" -B "$work/o" >/dev/null
if ! cmake --build "$work/o" -j2 > "$work/build2.log" 2>&1; then
    echo "FAIL: the second build in the same directory failed:"
    grep -m3 'error' "$work/build2.log"
    exit 1
fi
n2=$(grep -o 'DepSet_[^ ]*Slow\.cpp' "$list" | wc -l)
echo "split files of the slow model: $n1, then $n2"
if [ "$n2" -ge "$n1" ]; then
    echo "FAIL: the smaller net was not split into fewer files: this case tests nothing"
    exit 1
fi
"$work/o/sim" --check --samples 32 | grep BIT-EXACT
