#!/usr/bin/env bash
# The real container test: builds the image from deploy/Dockerfile, makes the
# keys with the image's entente-make-keys, runs index, ingest and two query
# replicas from the Kubernetes manifests (deploy/k8s) in one pod with
# `podman kube play`, ingests deploy/samples, checks both replicas answer the
# same events, that /metrics answers on every service, and tears it all down.
#
# Slow (the image build takes minutes on 2 cores), so it runs only on request:
#   ENTENTE_CONTAINER_TEST=1 deploy/container-test.sh      (as root)
# It needs podman configured as /work/shared/CONTAINERS.md says (runc,
# cgroupfs, lower ulimits) and, since nothing can be pulled, a local
# debian:bookworm-slim: when missing it is made with debootstrap and cached in
# $ENTENTE_CT_CACHE (default /var/tmp/entente-ct). All traffic stays on the
# pod's loopback. Exit 77 (skipped) without ENTENTE_CONTAINER_TEST=1 or podman.
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP=77
if [ "${ENTENTE_CONTAINER_TEST:-0}" != 1 ]; then
  echo "container test skipped: set ENTENTE_CONTAINER_TEST=1 to build the image and run the pod"
  exit $SKIP
fi
command -v podman >/dev/null || { echo "container test skipped: podman is not installed"; exit $SKIP; }
[ "$(id -u)" = 0 ] || { echo "container test skipped: needs root (rootful podman)"; exit $SKIP; }

image=localhost/entente:latest
pod=entente-ct-$$
cache=${ENTENTE_CT_CACHE:-/var/tmp/entente-ct}
tmp=$(mktemp -d /tmp/entente-ct.XXXXXX)
failures=0

log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
check() { # check WHAT COMMAND...: runs COMMAND, counts a failure if it fails
  local what=$1; shift
  if "$@"; then echo "ok      $what"; else echo "FAILED  $what"; failures=$((failures + 1)); fi
}
cleanup() {
  local rc=$?
  if [ -f "$tmp/pod.yaml" ]; then
    [ $failures -gt 0 ] || [ $rc -ne 0 ] && for c in index ingest query-1 query-2; do
      echo "---- $c (last 20 lines)"; podman logs --tail 20 "$pod-$c" 2>&1 || true
    done
    podman kube down "$tmp/pod.yaml" >/dev/null 2>&1 || true
    podman volume rm -f "$pod-index-data" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

base_image() {
  podman image exists debian:bookworm-slim && return 0
  log "making debian:bookworm-slim with debootstrap (cached in $cache)"
  mkdir -p "$cache"
  [ -f "$cache/rootfs/etc/debian_version" ] ||
    debootstrap --variant=minbase bookworm "$cache/rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log"
  tar -C "$cache/rootfs" -c . | podman import - debian:bookworm-slim >/dev/null
}

in_pod() { # in_pod CONTAINER COMMAND...: runs COMMAND in a container of the pod
  local c=$1; shift
  podman exec -i "$pod-$c" "$@"
}

wait_healthy() { # wait_healthy CONTAINER PORT
  for _ in $(seq 1 60); do
    in_pod "$1" entente health --endpoint "tcp://127.0.0.1:$2" --timeout-ms 1000 >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}

# GET /metrics over bash's /dev/tcp (the image has no curl); prints the body
metrics() { # metrics CONTAINER PORT
  in_pod "$1" bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$2"'; printf "GET /metrics HTTP/1.0\r\nHost: x\r\n\r\n" >&3; cat <&3'
}

has_metrics() { metrics "$@" | grep -q '^entente_rpc_requests_total'; }

event_ids() { # event_ids CONTAINER PORT: sorted ids of every event the replica holds
  in_pod "$1" entente query --endpoint "tcp://127.0.0.1:$2" --all --json --limit 1000 |
    sed -n 's/.*[{,]"id":"\([0-9a-f]*\)".*/\1/p' | sort
}

base_image
log "building $image"
podman build --pull=never --network host -q -t "$image" -f deploy/Dockerfile . >"$tmp/build.log" 2>&1 ||
  { cat "$tmp/build.log"; exit 1; }

log "keys: entente-make-keys in the image"
mkdir -p "$tmp/keys" "$tmp/secret"
chown 10001:10001 "$tmp/keys"
podman run --rm --network none -v "$tmp/keys:/etc/entente" "$image" entente-make-keys /etc/entente 2>"$tmp/keys.log"
# what `kubectl create secret generic entente-keys --from-file=...` would hold
cp "$tmp"/keys/keys/*.key "$tmp/keys/keyring" "$tmp/secret/"
chown -R 10001:10001 "$tmp/secret"
check "keys and keyring made for index, ingest, query, client" \
  test "$(ls "$tmp/secret" | tr '\n' ' ')" = "client.key index.key ingest.key keyring query.key "

/usr/bin/python3 deploy/container_pod.py deploy/k8s "$tmp/secret" "$pod" >"$tmp/pod.yaml"
log "podman kube play (pod $pod)"
podman kube play "$tmp/pod.yaml" >"$tmp/play.log" 2>&1 || { cat "$tmp/play.log"; exit 1; }
for svc in "index 7102" "ingest 7101" "query-1 7104" "query-2 7105"; do
  set -- $svc
  check "$1 answers Health" wait_healthy "$1" "$2"
done

check "the services run as the unprivileged user 10001" test "$(in_pod index id -u)" = 10001
# the manifests' livenessProbe became podman's healthcheck of the container
check "index's liveness probe passes" podman healthcheck run "$pod-index"
in_pod ingest entente keygen --name stranger --out /tmp/stranger.key >/dev/null 2>&1
check "a key outside the keyring is refused" \
  bash -c "! podman exec $pod-ingest entente health --endpoint tcp://127.0.0.1:7102 --key /tmp/stranger.key --timeout-ms 1500 >/dev/null 2>&1"

expected=$(in_pod ingest entente extract - <deploy/samples/articles.jsonl |
           sed -n 's/.*[{,]"id":"\([0-9a-f]*\)".*/\1/p' | sort -u)
check "the samples give events" test -n "$expected"
log "ingesting $(wc -l <deploy/samples/articles.jsonl) sample articles"
check "entente ingest of the samples" \
  in_pod ingest entente ingest --endpoint tcp://127.0.0.1:7101 --quiet - <deploy/samples/articles.jsonl
for _ in $(seq 1 30); do
  [ "$(event_ids query-1 7104)" = "$expected" ] && [ "$(event_ids query-2 7105)" = "$expected" ] && break
  sleep 1
done
check "query replica 1 holds every expected event" test "$(event_ids query-1 7104)" = "$expected"
check "query replica 2 holds every expected event" test "$(event_ids query-2 7105)" = "$expected"
for svc in "index 9102" "ingest 9101" "query-1 9104" "query-2 9105"; do
  set -- $svc
  check "$1 serves /metrics" has_metrics "$1" "$2"
done
log "$failures failed"
[ $failures -eq 0 ]
