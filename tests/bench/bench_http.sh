#!/usr/bin/env bash
# bench_http — entente-http's /v1/events under wrk beside the same Search over
# ZeroMQ (entente-bench-search), on one generated store, in one run.
#
# usage: tests/bench/bench_http.sh [BUILD_DIR [DOCS [SECONDS [CONNECTIONS]]]]
#        (defaults: build 20000 10 16)
#
# Generates DOCS articles (tests/integration/gen_docs.py), ingests them with
# `entente run`, then runs the standalone entente-http against query's tcp
# endpoint (the deployed shape: the gateway is a client of query) and
# measures, one after the other, CONNECTIONS concurrent clients each:
#   wrk on GET /v1/events (no filter, newest first, 20 events)
#   entente-bench-search: the same Search over ZeroMQ (CurveZMQ over tcp)
# and prints requests/s, p99 and the overhead ratio. A benchmark: it prints
# figures, never fails on speed.
#
# ENTENTE_BENCH_STORE=DIR uses instead the store entente-bench-store keeps in
# DIR (`entente-bench-store --store-dir X` leaves it in X/store: 1,000,000
# events by default), served by a standalone entente-query.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
docs=${2:-20000}
secs=${3:-10}
conns=${4:-16}
bin=$build/bin
tmp=$(mktemp -d /tmp/entente-bench-http.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
read -r p_query p_http < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
query=tcp://127.0.0.1:$p_query

if [ -n "${ENTENTE_BENCH_STORE:-}" ]; then
    data=$ENTENTE_BENCH_STORE
    # no index: the replica serves what its file holds
    "$bin/entente-query" --data "$data" --log-level error --endpoint "$query" \
        --index-endpoint "tcp://127.0.0.1:$p_http" --pub-endpoint none --metrics-endpoint none \
        >"$tmp/query.out" 2>"$tmp/query.log" &
    pids+=($!)
    events=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute("select count(*) from events").fetchone()[0])' "$data/query.db")
    docs="entente-bench-store's"
else
    data=$tmp/data
    python3 tests/integration/gen_docs.py "$docs" "$tmp/docs.jsonl"
    "$bin/entente" run --data "$data" --log-level warn --ingest-endpoint none \
        --index-endpoint none --pub-endpoint none --query-endpoint "$query" --http-listen none \
        --ingest "$tmp/docs.jsonl" >"$tmp/run.out" 2>"$tmp/run.log" &
    pids+=($!)
    for _ in $(seq 600); do grep -q "events stored" "$tmp/run.out" && break; sleep 0.5; done
    events=$(grep -o '^[0-9]* events stored' "$tmp/run.out" | cut -d' ' -f1)
fi
"$bin/entente-http" --data "$data" --listen "http://127.0.0.1:$p_http/" \
    --query-endpoint "$query" --pub-endpoint none --pool "$conns" --log-level warn \
    >"$tmp/http.out" 2>"$tmp/http.log" &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$p_http/readyz" >/dev/null && break; sleep 0.1; done

echo "store: $docs articles, $events events; $conns connections, ${secs} s each;" \
     "$(nproc) cores shared with whatever else runs"
wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$p_http/v1/events" >"$tmp/wrk.txt"
http_rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")
http_p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
http_err=$(awk '/Non-2xx|Socket errors/' "$tmp/wrk.txt")
echo "http /v1/events (wrk): $http_rps requests/s, p99 $http_p99 ${http_err:+($http_err)}"
zmq=$("$bin/entente-bench-search" "$query" "$data" "$conns" "$secs" 20)
echo "$zmq"
zmq_rps=$(sed -E 's/.*: ([0-9.]+) requests\/s.*/\1/' <<<"$zmq")
awk -v h="$http_rps" -v z="$zmq_rps" 'BEGIN {
    printf "overhead: HTTP/JSON serves %.2f of ZeroMQ'\''s requests/s (ZeroMQ/HTTP = %.2f)\n", h / z, z / h }'
