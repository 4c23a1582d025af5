#!/bin/sh
# lint_all.sh: Verilator lint (--lint-only -Wall, Verilog-2005 keywords only)
# of the rtl_lib modules over every parameter set in param_sets.txt.
# usage: lint_all.sh [MODULE...] (no argument: every module listed there).
# Exits non-zero if any set has a warning.
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../../rtl_lib"
verilator=${VERILATOR:-verilator}
status=0
count=0
grep -v '^#' "$here/param_sets.txt" | grep -v '^[[:space:]]*$' | {
    while read -r module params; do
        if [ $# -gt 0 ]; then
            case " $* " in *" $module "*) ;; *) continue ;; esac
        fi
        gargs=""
        for p in $params; do gargs="$gargs -G$p"; done
        # shellcheck disable=SC2086
        if ! out=$("$verilator" --lint-only -Wall --default-language 1364-2005 -y "$lib" --top-module "$module" $gargs "$lib/$module.v" 2>&1); then
            echo "FAIL: lint $module $params"
            echo "$out"
            status=1
        else
            echo "ok: lint $module $params"
        fi
        count=$((count + 1))
    done
    if [ "$count" -eq 0 ]; then echo "FAIL: no parameter set for: $*"; status=1; fi
    exit $status
}
