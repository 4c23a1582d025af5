#!/usr/bin/env bash
# setup.sh: install the Debian packages mlpgen needs. Idempotent: it asks
# apt only for what dpkg says is missing, and does nothing when all is there.
#   scripts/setup.sh           build, test and simulation tools
#   scripts/setup.sh --data    also the Fashion-MNIST data set package
set -euo pipefail

pkgs=(gcc g++ make cmake clang libclang-rt-14-dev zlib1g-dev python3-numpy
      verilator yosys iverilog nextpnr-ice40 fpga-icestorm ccache)
for a in "$@"; do
  case "$a" in
    --data) pkgs+=(dataset-fashion-mnist) ;;
    *) echo "setup.sh: unknown option '$a' (expected --data)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup.sh: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "setup.sh: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
