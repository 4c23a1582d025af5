#!/bin/bash
# bad_input: every kind of bad input to the host program is refused with
# exit status 2 and exactly one message, the line of bad_input.expected
# for its case (the program's path shown as PROG), naming the file and the
# record or field; and nothing is written: every case also asks for
# --save, --log, --plots and --checkpoint (before its own options, which
# win), and afterwards the directory
# holds exactly the files it held before (no output, no temporary).
# usage: bad_input.sh HOST_XOR HOST_IRIS IRIS_CSV EXPECTED
set -u
xor=$1 iris=$2 csv=$3 expected=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/d" && cd "$work/d" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# the inputs: IDX pairs of 2x2 images (4 features, as the iris net has),
# CSV files with one bad row, weights and checkpoints
python3 - <<'PY' || fail "cannot write the inputs"
import struct
def idx(name, magic, dims, data):
    open(name, 'wb').write(struct.pack('>I', magic) +
                           b''.join(struct.pack('>I', d) for d in dims) + bytes(data))
img = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
for pre, imagic, idims, idata, ldims, ldata in [
        ('trunc', 0x803, [3, 2, 2], img[:10], [3], [0, 1, 2]),
        ('magic', 0x801, [3, 2, 2], img, [3], [0, 1, 2]),
        ('count', 0x803, [3, 2, 2], img, [2], [0, 1]),
        ('label', 0x803, [3, 2, 2], img, [3], [0, 9, 2])]:
    idx(pre + '-images-idx3-ubyte', imagic, idims, idata)
    idx(pre + '-labels-idx1-ubyte', 0x801, ldims, ldata)
rows = ["5.1,3.5,1.4,0.2,0", "4.9,3.0,1.4,0.2,1", "6.2,2.9,4.3,1.3,2", "5.9,3.0,5.1,1.8,1"]
for name, bad in [('missing.csv', "6.2,2.9,4.3,2"), ('text.csv', "6.2,abc,4.3,1.3,2"),
                  ('nan.csv', "6.2,2.9,nan,1.3,2"), ('inf.csv', "6.2,2.9,4.3,-inf,2"),
                  ('label.csv', "6.2,2.9,4.3,1.3,3")]:
    r = list(rows); r[2] = bad
    open(name, 'w').write("\n".join(r) + "\n")
PY
cp "$csv" iris.csv
"$iris" --train iris.csv --epochs 1 --save w --checkpoint iris.ck --quiet > /dev/null \
    || fail "iris: --save and --checkpoint"
"$iris" --train iris.csv --epochs 3 --checkpoint iris2.ck --quiet > /dev/null \
    || fail "iris: --checkpoint after 2 epochs"
"$xor" --epochs 3 --checkpoint xor.ck --quiet > /dev/null || fail "xor: --checkpoint"
mkdir shape dtype other
cp w/* shape; cp w/layer1_weights.npy shape/layer0_weights.npy
cp w/* dtype; cp w/layer0_weights_real.npy dtype/layer0_weights.npy
cp w/* other; sed 's/"network": "iris"/"network": "xor"/' w/manifest.json > other/manifest.json
head -c 100 iris.ck > short.ck

out=
run() { # case host args...
    local name=$1 host=$2
    shift 2
    local before after
    before=$(ls -A | sort)
    "$host" --save out --log out.csv --plots p --checkpoint out.ck "$@" > "$work/out" \
        2> "$work/err"
    local rc=$?
    after=$(ls -A | sort)
    [ $rc -eq 2 ] || fail "$name: exit status $rc, not 2"
    [ "$before" = "$after" ] || fail "$name: files changed: $(diff <(echo "$before") <(echo "$after"))"
    out+="$name: $(sed "s|^$host: |PROG: |" "$work/err")"$'\n'
}
run idx_truncated "$iris" --train trunc-images-idx3-ubyte
run idx_bad_magic "$iris" --train magic-images-idx3-ubyte
run idx_count_mismatch "$iris" --train count-images-idx3-ubyte
run idx_label_range "$iris" --train label-images-idx3-ubyte
run csv_missing_field "$iris" --train missing.csv
run csv_text "$iris" --train text.csv
run csv_nan "$iris" --train nan.csv
run csv_inf "$iris" --train inf.csv
run csv_label_range "$iris" --train label.csv
run npy_shape "$iris" --train iris.csv --load shape
run npy_dtype "$iris" --train iris.csv --load dtype
run npy_other_network "$iris" --train iris.csv --load other
run ckpt_other_network "$iris" --train iris.csv --resume xor.ck
run ckpt_other_network_back "$xor" --resume iris.ck
run ckpt_truncated "$iris" --train iris.csv --resume short.ck
run ckpt_not_a_checkpoint "$iris" --train iris.csv --resume iris.csv
run ckpt_other_seed "$iris" --train iris.csv --resume iris.ck --seed 2
run ckpt_other_data "$iris" --train iris.csv --resume iris.ck --split 0.3
run ckpt_missing "$iris" --train iris.csv --resume none.ck
run ckpt_stop_before "$iris" --train iris.csv --resume iris.ck --stop-after 10
run ckpt_epochs_before "$iris" --train iris.csv --resume iris2.ck --epochs 1
run trace_not_verilator "$iris" --train iris.csv --trace w.fst
run save_not_a_directory "$iris" --train iris.csv --save iris.csv
run save_no_parent "$iris" --train iris.csv --save none/w
diff -u "$expected" <(printf '%s' "$out") || fail "messages differ from $expected (- expected, + got)"
echo "ok: $(printf '%s' "$out" | wc -l) bad inputs refused, each with its message, nothing written"
