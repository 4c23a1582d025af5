#!/usr/bin/env bash
# dump_golden.sh: `mlpgen --dump-ir FILE` equals the hand-reviewed golden
# dump/NAME.ir (run in the file's directory, so the source name is stable).
#   dump_golden.sh MLPGEN FILE.desc
#   MLPGEN_REGEN_GOLDEN=1 dump_golden.sh ...   rewrite on purpose, then review
set -u
mlpgen=$1
file=$2
case "$mlpgen" in /*) ;; */*) mlpgen="$PWD/$mlpgen" ;; esac
dir=$(cd "$(dirname "$file")" && pwd)
name=$(basename "$file" .desc)
golden="$dir/dump/$name.ir"
tmp=$(mktemp "${TMPDIR:-/tmp}/mlpgen-dump.XXXXXX")
trap 'rm -f "$tmp"' EXIT
(cd "$dir" && "$mlpgen" --dump-ir "$name.desc") > "$tmp" || { echo "FAIL $name: mlpgen failed"; exit 1; }
if [ -n "${MLPGEN_REGEN_GOLDEN:-}" ]; then
    cp "$tmp" "$golden"
    echo "regenerated $golden"
fi
diff -u "$golden" "$tmp" || { echo "FAIL $name: --dump-ir differs from $golden"; exit 1; }
echo "ok   $name"
