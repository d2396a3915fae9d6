#!/usr/bin/env bash
# Installs every Debian package sipddos needs to build, test and run. Idempotent.
# Usage: scripts/install-deps.sh [--no-train]   (--no-train skips libtorch)
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

pkgs=(
  build-essential cmake pkg-config git
  libpcap-dev libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libeigen3-dev
  tshark sip-tester iproute2 libcpp-httplib-dev
  # evaluation report and status page: Chart.js is inlined, Chromium renders them in tests
  libjs-chart.js chromium
  # mitigation: NFQUEUE verdicts and nftables sets (iptables: kernels without the nft queue statement)
  libnetfilter-queue-dev libmnl-dev libnftables-dev nftables iptables
  # detect --config: the YAML config file
  libyaml-cpp-dev
  # scale-out: sensors share bans and alerts through Redis (src/cluster/)
  redis-server libhiredis-dev
  # fuzzing: clang's libFuzzer
  clang libclang-rt-14-dev
  # deployment: promtool checks the shipped alerting rules and a live scrape
  prometheus
)
train_pkgs=(libtorch-dev libopenblas0-pthread python3-torch python3-numpy)
if [ "${1:-}" != "--no-train" ]; then pkgs+=("${train_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
