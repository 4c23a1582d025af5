#!/bin/sh
# yosys_check.sh: Yosys structural check of rtl_lib modules over every
# parameter set in param_sets.txt: hierarchy -check, proc, check -assert and
# no latches. usage: yosys_check.sh [MODULE...] (no argument: every module).
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../../rtl_lib"
yosys=${YOSYS:-yosys}
status=0
count=0
grep -v '^#' "$here/param_sets.txt" | grep -v '^[[:space:]]*$' | {
    while read -r module params; do
        if [ $# -gt 0 ]; then
            case " $* " in *" $module "*) ;; *) continue ;; esac
        fi
        chp=""
        for p in $params; do chp="$chp -chparam ${p%%=*} ${p#*=}"; done
        script="read_verilog $lib/$module.v; hierarchy -check -libdir $lib -top $module$chp; proc; check -assert; select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr"
        if ! out=$("$yosys" -q -p "$script" 2>&1); then
            echo "FAIL: yosys $module $params"
            echo "$out"
            status=1
        else
            echo "ok: yosys $module $params"
        fi
        count=$((count + 1))
    done
    if [ "$count" -eq 0 ]; then echo "FAIL: no parameter set for: $*"; status=1; fi
    exit $status
}
