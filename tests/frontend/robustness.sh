#!/usr/bin/env bash
# robustness.sh: hostile and huge inputs give a clear diagnostic, never a
# crash, a hang or a flood: empty file, binary garbage, 10 MB files, 100 000
# tokens on one line, a directory, a missing file.
#   robustness.sh MLPGEN GEN_STRESS
set -u
mlpgen=$1
gen=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/mlpgen-robust.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$gen" "$work" || { echo "FAIL: generator"; exit 1; }
status=0

# case FILE EXPECTED_STATUS PATTERN [MAX_STDERR_LINES]
case_() {
    local file=$1 want=$2 pattern=$3 maxlines=${4:-80}
    local out="$work/out.$(basename "$file")"
    local t0=$SECONDS
    timeout 60 "$mlpgen" "$file" -o "$out" > /dev/null 2> "$work/stderr"
    local rc=$?
    local dt=$((SECONDS - t0))
    local lines
    lines=$(wc -l < "$work/stderr")
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL $(basename "$file"): exit status $rc, expected $want"; head -5 "$work/stderr"; status=1
    fi
    if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$work/stderr"; then
        echo "FAIL $(basename "$file"): stderr lacks '$pattern'"; head -5 "$work/stderr"; status=1
    fi
    if [ "$lines" -gt "$maxlines" ]; then
        echo "FAIL $(basename "$file"): $lines lines of diagnostics (at most $maxlines)"; status=1
    fi
    local longest
    longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$work/stderr")
    if [ "$longest" -gt 400 ]; then
        echo "FAIL $(basename "$file"): a diagnostic line of $longest characters (at most 400)"; status=1
    fi
    if grep -q -E "Sanitizer|runtime error" "$work/stderr"; then
        echo "FAIL $(basename "$file"): sanitizer report"; head -20 "$work/stderr"; status=1
    fi
    if [ "$want" -ne 0 ] && [ -e "$out" ]; then
        echo "FAIL $(basename "$file"): output written despite errors"; status=1
    fi
    if [ "$want" -eq 0 ] && [ ! -d "$out" ]; then
        echo "FAIL $(basename "$file"): no output directory"; status=1
    fi
    echo "ok   $(basename "$file"): exit $rc, $lines stderr lines, ${dt}s"
}

case_ "$work/empty.desc" 1 "missing 'network NAME'"
case_ "$work/garbage.desc" 1 "note: stopping after 20 errors"
case_ "$work/big_comments.desc" 0 "" 0
case_ "$work/big_layers.desc" 1 "too many layers (implementation limit 10000)" 3
case_ "$work/layers_10000.desc" 1 "more layers than the training core holds is not supported yet" 3
case_ "$work/layers_10001.desc" 1 "too many layers" 3
case_ "$work/repeated_options.desc" 1 "option 'activation' given twice" 6
case_ "$work/junk_tokens.desc" 1 "unknown statement 'x'" 3
case_ "$work/nested_fixed.desc" 1 "malformed fixed-point type" 3
case_ "$work/giant_token.desc" 1 "expected a statement keyword" 3
case_ "$work/equals.desc" 1 "error:" 3
case_ "$work/huge_number.desc" 1 "out of range (overflows a double)" 3
case_ "$work/tiny_number.desc" 1 "out of range (underflows to zero)" 3
case_ "$work/many_errors.desc" 1 "note: stopping after 20 errors" 61
case_ "$work/nuls.desc" 1 "NUL byte in the source" 61
mkdir -p "$work/a_directory.desc"
case_ "$work/a_directory.desc" 1 "is a directory"
case_ "$work/missing.desc" 1 "No such file or directory" 1

exit $status
