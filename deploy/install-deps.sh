#!/usr/bin/env bash
# Installs the Debian 12 packages entente builds, tests and runs with.
# Usage: deploy/install-deps.sh   (as root, or with sudo available)
set -euo pipefail
packages=(
  build-essential cmake pkg-config python3
  libzmq3-dev libczmq-dev libprotobuf-c-dev protobuf-c-compiler
  libsqlite3-dev libsodium-dev libutf8proc-dev libjansson-dev
  libmicrohttpd-dev libcmocka-dev
  python3-zmq python3-nacl python3-protobuf protobuf-compiler
  clang libclang-rt-14-dev valgrind xxd
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
echo "installing: ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
