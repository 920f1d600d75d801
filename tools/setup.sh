#!/usr/bin/env bash
# Installs every Debian 12 package imssim needs to build, test, fuzz and trace.
# Non-interactive and idempotent: when everything is present it returns in about a second.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  clang libclang-rt-14-dev            # libFuzzer + ASan/UBSan runtimes for the fuzz targets
  libboost-dev libboost-system-dev    # header-only Asio (live mode)
  libssl-dev                          # OpenSSL 3: TLS, HMAC, AES
  nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsofia-sip-ua-dev                 # SIP and SDP parser/serializer
  libsrtp2-dev                        # SRTP
  tshark                              # pcap checks in the tests
  sip-tester                          # SIPp, the real SIP peer for live mode
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "imssim setup: installing ${missing[*]}" >&2
sudo_cmd=(env)
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
# tshark asks whether non-root users may capture; answer "no" before apt asks.
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo_cmd[@]}" debconf-set-selections
"${sudo_cmd[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo_cmd[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
