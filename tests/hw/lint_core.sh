#!/bin/sh
# lint_core.sh [GENERATED_RTL_DIR...]: verilator --lint-only -Wall over the
# training-core modules of rtl_lib across parameter sets, then over each
# generated top given; Yosys hierarchy -check; proc; check -assert and no
# latches on the generated tops. Exit 1 on any warning.
cd "$(dirname "$0")/../../rtl_lib" || exit 2
lib="mlp_dense_pe.v mlp_dense_hash.v mlp_hash.v mlp_hash_seq.v mlp_requant.v mlp_update_sgd.v mlp_update_sgd_seq.v mlp_update_sgd_hashed.v mlp_ram_dp.v mlp_divider.v mlp_event_counters.v"
fail=0
lint() {
  top=$1; shift
  out=$(verilator --lint-only -Wall $lib mlp_dense_layer.v mlp_loss_out.v mlp_ctrl_core.v mlp_ctrl_axil.v \
        --top-module "$top" "$@" 2>&1)
  if [ -n "$out" ]; then echo "LINT $top $*"; echo "$out" | grep -v '^ ' | head -20; fail=1; fi
}
for g in "" "-GP=3 -GM=7 -GN=5" "-GP=1 -GM=1 -GN=1 -GHAS_BIAS=0" "-GP=4 -GM=4 -GN=9 -GW_A=8 -GF_A=4 -GW_G=24 -GF_G=20"; do
  for act in 0 1 2 3 4 5 6; do
    # shellcheck disable=SC2086
    lint mlp_dense_layer -GACT=$act $g -GHAW=20
  done
done
# update units shared (U < P), sample slots of a pipelined layer (NL layers)
lint mlp_dense_layer -GACT=1 -GP=3 -GM=7 -GN=5 -GNL=3 -GU=2 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GHAW=20
# ... one sample more in flight (LOV: the loss beside the last layer's BWD)
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GLOV=1 -GHAW=20
lint mlp_dense_layer -GACT=1 -GP=3 -GM=7 -GN=5 -GNL=3 -GLOV=1 -GHAW=20
# 2-D tiles: C chains along the inputs (layer 0), with and without bias, shared units
lint mlp_dense_layer -GACT=3 -GP=2 -GM=5 -GN=7 -GC=3 -GNL=2 -GHAW=20
lint mlp_dense_layer -GACT=1 -GP=1 -GM=4 -GN=6 -GC=7 -GHAS_BIAS=0 -GU=3 -GHAW=20
# sequential update units (USEQ, small parts): one per layer, one per PE
lint mlp_dense_layer -GACT=1 -GP=3 -GM=7 -GN=5 -GNL=3 -GU=1 -GUSEQ=1 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GUSEQ=1 -GHAW=20
# ... buffers of 16 words or more read through registered ports (XSYNC, ZSYNC, DSYNC):
# layer 0 (two x copies; tanh: f'(z) in zbuf), a layer that sends g (delta too), elu, relu
lint mlp_dense_layer -GACT=2 -GP=2 -GM=8 -GN=4 -GNL=2 -GU=1 -GUSEQ=1 -GMUL1=1 -GHAW=20
lint mlp_dense_layer -GACT=1 -GP=2 -GM=9 -GN=8 -GLAYER=1 -GNL=2 -GUSEQ=1 -GHAW=20
lint mlp_dense_layer -GACT=5 -GP=2 -GM=9 -GN=8 -GLAYER=1 -GNL=2 -GUSEQ=1 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=8 -GN=4 -GNL=2 -GUSEQ=1 -GHAW=20
# ... one unit shared by the layers (USHARE: the steps out on xu_*; XG_W = GA_BITS)
lint mlp_dense_layer -GACT=1 -GP=3 -GM=7 -GN=5 -GNL=3 -GU=1 -GUSEQ=1 -GUSHARE=1 -GXG_W=32 -GPE_BRAM=5 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GU=1 -GUSEQ=1 -GUSHARE=1 -GXG_W=35 -GBMAX=5 -GHAW=20
# one multiplier per PE (MUL1, iCE40): layer 0 (DUAL), a layer that sends g, 2-D tiles
lint mlp_dense_layer -GACT=1 -GP=3 -GM=7 -GN=5 -GNL=3 -GU=1 -GUSEQ=1 -GPE_BRAM=5 -GMUL1=1 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GUSEQ=1 -GMUL1=1 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=5 -GN=7 -GC=3 -GNL=2 -GMUL1=1 -GHAW=20
# the update path of a net without momentum / weight decay (HAS_MOM, HAS_WD: PEs without V)
lint mlp_dense_layer -GACT=1 -GP=3 -GM=7 -GN=5 -GNL=3 -GU=1 -GUSEQ=1 -GUSHARE=1 -GXG_W=32 -GPE_BRAM=7 -GMUL1=1 -GHAS_MOM=0 -GHAS_WD=0 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GUSEQ=1 -GHAS_MOM=0 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GUSEQ=1 -GHAS_WD=0 -GHAW=20
# forward-only streaming (ISTR): layer 0, a later layer with XSI x slots, 2-D tiles
lint mlp_dense_layer -GACT=1 -GP=3 -GM=7 -GN=5 -GNL=3 -GISTR=1 -GXSI=8 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=4 -GN=3 -GLAYER=1 -GNL=2 -GISTR=1 -GXSI=8 -GHAW=20
lint mlp_dense_layer -GACT=3 -GP=2 -GM=5 -GN=7 -GC=3 -GNL=2 -GISTR=1 -GXSI=8 -GHAW=20
for rnd in 0 1 2 3; do
  for ovf in 0 1; do
    lint mlp_update_sgd -GRND_W=$rnd -GRND_S=$rnd -GOVF_W=$ovf -GOVF_S=$ovf
    lint mlp_update_sgd_seq -GRND_W=$rnd -GRND_S=$rnd -GOVF_W=$ovf -GOVF_S=$ovf
    lint mlp_update_sgd_seq -GRND_W=$rnd -GRND_S=$rnd -GOVF_W=$ovf -GOVF_S=$ovf -GHAS_MOM=0
    lint mlp_update_sgd_seq -GRND_W=$rnd -GRND_S=$rnd -GOVF_W=$ovf -GOVF_S=$ovf -GHAS_WD=0
    lint mlp_update_sgd_seq -GRND_W=$rnd -GRND_S=$rnd -GOVF_W=$ovf -GOVF_S=$ovf -GHAS_MOM=0 -GHAS_WD=0 -GG_W=35
    lint mlp_update_sgd_hashed -GRND_W=$rnd -GRND_S=$rnd -GOVF_W=$ovf -GOVF_S=$ovf
    lint mlp_update_sgd_hashed -GRND_W=$rnd -GRND_S=3 -GOVF_W=$ovf -GOVF_S=$ovf -GHAS_MOM=0 -GHAS_WD=0 -GG_W=35
  done
done
for loss in 0 1 2 3; do
  lint mlp_loss_out -GLOSS=$loss -GM=3
  lint mlp_loss_out -GLOSS=$loss -GM=1 -GW_A=12 -GF_A=9
done
lint mlp_loss_out -GLOSS=1 -GM=20   # more outputs than softmax dividers
for as in 2 4; do lint mlp_loss_out -GLOSS=1 -GM=3 -GAS=$as; lint mlp_loss_out -GLOSS=0 -GM=1 -GAS=$as; done   # streaming: result slots
for L in 1 2 3; do lint mlp_ctrl_core -GL=$L -GISTR=1 -GXSI=8 -GLAS=4; done   # forward-only streaming
for L in 1 2 3; do lint mlp_ctrl_core -GL=$L -GISTR=1 -GXSI=8 -GLAS=4 -GLOV=1; done   # ... and the loss overlap
for L in 1 2 4; do lint mlp_ctrl_core -GL=$L; lint mlp_ctrl_core -GL=$L -GUSEQL=1; done
for L in 1 2 4; do lint mlp_ctrl_core -GL=$L; lint mlp_ctrl_core -GL=$L -GCNT_RAM=1 -GCNT_EW=1; done
lint mlp_ctrl_core -GL=3 -GCNT_RAM=1 -GCNT_EW=4   # saturation counters in block RAM (target ice40)
for L in 1 3; do lint mlp_ctrl_core -GL=$L -GCNT_RAM=2; done   # no saturation counters (counters=off)
for L in 1 2 3; do lint mlp_ctrl_core -GL=$L -GUSEQL=1 -GARGS_RD=0 -GBUSY_RD=0 -GCNT_RAM=2; done   # write-only arguments, no busy counter (iCE40-style core)
lint mlp_ctrl_axil
lint mlp_ctrl_axil -GWBUF=0   # no write-data register (iCE40-style core)
lint mlp_dense_pe
lint mlp_dense_pe -GMUL1=1
lint mlp_dense_pe -GMUL1=1 -GDUAL=1
lint mlp_dense_pe -GMUL1=1 -GDUAL=1 -GMEM_BLOCK=7 -GHAS_V=0
lint mlp_dense_hash
for d in "$@"; do
  top=$(basename "$d"/*_top.v .v)
  out=$(cd "$d" && verilator --lint-only -Wall ./*.v --top-module "$top" 2>&1)
  if [ -n "$out" ]; then echo "LINT $d"; echo "$out" | grep -v '^ ' | head -20; fail=1; fi
  ys=$(cd "$d" && yosys -q -p "read_verilog $(ls ./*.v | tr '\n' ' '); hierarchy -check -top $top; proc; check -assert; select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr" 2>&1)
  if [ $? -ne 0 ]; then echo "YOSYS $d"; echo "$ys" | tail -20; fail=1; fi
done
[ $fail = 0 ] && echo "lint clean"
exit $fail
