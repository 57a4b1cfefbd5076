#!/usr/bin/env bash
# Installs the Debian 12 packages entente builds, tests and runs with.
# Usage: deploy/install-deps.sh [all|build|runtime]   (as root, or with sudo available)
#   all      build + test tools (the default: CI and development machines)
#   build    what compiling the binaries needs (the image's build stage)
#   runtime  the shared libraries the binaries load (the image's runtime stage)
set -euo pipefail
build=(
  build-essential cmake pkg-config
  libzmq3-dev libczmq-dev libprotobuf-c-dev protobuf-c-compiler
  libsqlite3-dev libsodium-dev libutf8proc-dev libjansson-dev
  libmicrohttpd-dev
)
runtime=(
  libzmq5 libczmq4 libprotobuf-c1 libsqlite3-0 libsodium23 libutf8proc2 libjansson4
  libmicrohttpd12
)
# the tests: cmocka, the Python integration and interop clients, ip(8) for the
# network-namespace test, NATS for the streaming benchmark's comparison,
# Chromium, websocket and wrk for the web page's tests and benchmark;
# clang and libFuzzer for the fuzz targets, valgrind and xxd for memcheck and reproducers
test=(
  python3 libcmocka-dev python3-zmq python3-nacl python3-protobuf protobuf-compiler
  python3-yaml iproute2 nats-server libnats-dev chromium python3-websocket wrk
  clang libclang-rt-14-dev valgrind xxd
)
apt_opts=(--no-install-recommends)
case "${1:-all}" in
  all) packages=("${build[@]}" "${test[@]}"); apt_opts=() ;;
  build) packages=("${build[@]}") ;;
  runtime) packages=("${runtime[@]}") ;;
  *) echo "usage: $0 [all|build|runtime]" >&2; exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
echo "installing: ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_opts[@]}" "${missing[@]}"
