#!/bin/sh
# param_check.sh: a bad parameter must stop all three tools at elaboration
# with the rule's name. For each "MODULE NAME=VALUE... RULE" case below,
# Verilator, Yosys (hierarchy -check) and Icarus must fail and print
# PARAMETER_ERROR_<RULE>; the good default parameters must pass.
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../../rtl_lib"
verilator=${VERILATOR:-verilator}
yosys=${YOSYS:-yosys}
iverilog=${IVERILOG:-iverilog}
tmp=$(mktemp -d)
status=0

check() {  # MODULE "NAME=VALUE ..." RULE
    module=$1 params=$2 rule=$3
    gargs="" chp="" pargs=""
    for p in $params; do
        gargs="$gargs -G$p"
        chp="$chp -chparam ${p%%=*} ${p#*=}"
        pargs="$pargs -P$module.$p"
    done
    # shellcheck disable=SC2086
    v=$("$verilator" --lint-only -Wall -y "$lib" --top-module "$module" $gargs "$lib/$module.v" 2>&1); vr=$?
    y=$("$yosys" -q -p "read_verilog $lib/$module.v; hierarchy -check -libdir $lib -top $module$chp" 2>&1); yr=$?
    # shellcheck disable=SC2086
    i=$("$iverilog" -g2005 -o "$tmp/x.vvp" -s "$module" -y "$lib" $pargs "$lib/$module.v" 2>&1); ir=$?
    for t in "verilator:$vr" "yosys:$yr" "iverilog:$ir"; do
        tool=${t%%:*} rc=${t#*:}
        case $tool in verilator) out=$v ;; yosys) out=$y ;; *) out=$i ;; esac
        if [ -z "$rule" ]; then
            if [ "$rc" -ne 0 ]; then echo "FAIL: $tool rejects good $module $params"; echo "$out"; status=1
            else echo "ok: $tool accepts $module $params"; fi
        elif [ "$rc" -eq 0 ] || ! echo "$out" | grep -q "PARAMETER_ERROR_$rule"; then
            echo "FAIL: $tool did not stop $module $params with PARAMETER_ERROR_$rule (exit $rc)"; status=1
        else
            echo "ok: $tool stops $module $params"
        fi
    done
}

check mlp_mac "" ""
check mlp_mac "A_W=16 B_W=16 ACC_W=31" mlp_mac_ACC_W_must_be_at_least_A_W_plus_B_W
check mlp_hash "STAGES=4" mlp_hash_STAGES_must_be_0_1_2_3_or_6
check mlp_requant "ROUND=4" mlp_requant_ROUND_must_be_0_to_3
check mlp_axis_fifo "DEPTH=12" mlp_axis_fifo_DEPTH_must_be_a_power_of_two_at_least_2
check mlp_act_lut "K=17" mlp_act_lut_K_must_be_1_to_16
check mlp_divider "N_W=1" mlp_divider_N_W_must_be_at_least_2
check axil_regs "ADDR_W=4" axil_regs_ADDR_W_must_be_at_least_5
check mlp_perf_counters "" ""
check mlp_perf_counters "CW=33" mlp_perf_counters_CW_must_be_1_to_32
check mlp_perf_counters "L=0" mlp_perf_counters_L_and_P_must_be_at_least_1
check mlp_perf_counters "IW=3" mlp_perf_counters_IW_must_address_every_counter
check mlp_event_counters "RAM=1" ""
check mlp_event_counters "EW=17" mlp_event_counters_EW_must_be_1_to_16
check mlp_event_counters "NC=0" mlp_event_counters_NC_must_be_at_least_1
check mlp_event_counters "NC=18 IW=4" mlp_event_counters_IW_must_address_every_counter
check mlp_event_counters "RAM=2" mlp_event_counters_RAM_must_be_0_or_1
rm -rf "$tmp"
exit $status
