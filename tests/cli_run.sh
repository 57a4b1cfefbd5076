#!/usr/bin/env bash
# `entente run` on non-default ports: Health and methods on all three
# services; a restart reuses the keys; a keygen'd key added to the keyring is
# accepted; SIGTERM and SIGINT exit 0 promptly.
source "$(dirname "$0")/cli_lib.sh"
DATA="$TMP/data"
E=entente
EXTRA=()  # more flags for `entente run` and its readiness probe

# start_run: starts `entente run` on fresh ports, sets RUN_PID and EP_*.
start_run() {
    for _ in 1 2 3; do
        EP_INGEST="tcp://127.0.0.1:$(free_port)"
        EP_INDEX="tcp://127.0.0.1:$(free_port)"
        EP_QUERY="tcp://127.0.0.1:$(free_port)"
        EP_PUB="tcp://127.0.0.1:$(free_port)"
        "$BIN/$E" run --data "$DATA" --log-level warn --ingest-endpoint "$EP_INGEST" \
            --index-endpoint "$EP_INDEX" --query-endpoint "$EP_QUERY" \
            --pub-endpoint "$EP_PUB" --http-listen none "${EXTRA[@]}" 2>"$TMP/run.err" &
        RUN_PID=$!
        CHILDREN+=("$RUN_PID")
        # up to 30 s by the clock: under a sanitizer on a loaded machine a
        # probe (process start, Curve handshake) can take longer than 300 ms
        local until=$((SECONDS + 30))
        while [ "$SECONDS" -lt "$until" ]; do
            kill -0 "$RUN_PID" 2>/dev/null || break
            if "$BIN/$E" health --endpoint "$EP_QUERY" --server-key query --data "$DATA" --timeout-ms 2000 "${EXTRA[@]}" \
                >/dev/null 2>&1; then
                return 0
            fi
            sleep 0.1
        done
        kill -KILL "$RUN_PID" 2>/dev/null || true
        wait "$RUN_PID" 2>/dev/null || true
        cat "$TMP/run.err" >&2
    done
    fail "entente run never answered"
}

# stop_run SIGNAL: the process must exit 0 within 10 s.
stop_run() {
    kill "-$1" "$RUN_PID"
    wait_exit "$RUN_PID" 10
    [ "$EXIT_CODE" = 0 ] || { cat "$TMP/run.err" >&2; fail "entente run after SIG$1: $EXIT_CODE"; }
}

start_run
for pair in "ingest $EP_INGEST" "index $EP_INDEX" "query $EP_QUERY"; do
    set -- $pair
    expect_exit 0 "$BIN/$E" health --endpoint "$2" --server-key "$1" --data "$DATA" --counters
    grep -q "entente-$1 .* SERVING" "$TMP/out" || fail "health of $1: $(cat "$TMP/out")"
    grep -q "requests_total" "$TMP/out" || fail "health --counters of $1"
    expect_exit 0 "$BIN/$E" methods --endpoint "$2" --server-key "$1" --data "$DATA"
    grep -q "^entente.v1.Health$" "$TMP/out" || fail "methods of $1: $(cat "$TMP/out")"
    grep -q "^entente.v1.Reflection$" "$TMP/out" || fail "methods of $1 lack Reflection"
done
expect_exit 0 "$BIN/$E" methods --endpoint "$EP_INDEX" --server-key index --data "$DATA"
grep -q "^entente.v1.IndexService$" "$TMP/out" || fail "index does not list IndexService"
# a key outside the keyring cannot connect (CurveZMQ): exit 1 and a hint
"$BIN/$E" keygen --name mallory --out "$TMP/mallory.key" >/dev/null 2>&1
expect_exit 1 "$BIN/$E" health --endpoint "$EP_INDEX" --server-key index --data "$DATA" \
    --key "$TMP/mallory.key" --timeout-ms 1000
grep -q "DEADLINE_EXCEEDED.*keyring" "$TMP/out" || fail "unknown key: $(cat "$TMP/out")"
# which server an explicit endpoint is must be said
expect_exit 1 "$BIN/$E" health --endpoint "$EP_INDEX" --data "$DATA"
grep -q "server key" "$TMP/out" "$TMP/err" || fail "no hint for a missing --server-key"
[ "$(stat -c %a "$DATA/keys/client.key")" = 600 ] || fail "client.key is not 0600"
stop_run TERM

# restart on the same directory: same keys, same keyring; a new key added to
# the keyring by hand is trusted
ring_before=$(cat "$DATA/keyring")
keys_before=$(cat "$DATA"/keys/*.key | sha256sum)
"$BIN/$E" keygen --name carol --out "$TMP/carol.key" >>"$DATA/keyring" 2>/dev/null
start_run
[ "$(head -n 4 "$DATA/keyring")" = "$ring_before" ] || fail "keyring changed on restart"
[ "$(cat "$DATA"/keys/*.key | sha256sum)" = "$keys_before" ] || fail "keys changed on restart"
[ "$(wc -l <"$DATA/keyring")" -eq 5 ] || fail "keyring grew on restart"
expect_exit 0 "$BIN/$E" health --endpoint "$EP_INGEST" --server-key ingest --data "$DATA" \
    --key "$TMP/carol.key"
stop_run INT

# --insecure-plaintext: tcp without CurveZMQ on both sides, with a warning;
# a Curve client gets no answer from it
EXTRA=(--insecure-plaintext)
start_run
grep -q "insecure-plaintext" "$TMP/run.err" || fail "plaintext is not logged as a warning"
expect_exit 0 "$BIN/$E" health --endpoint "$EP_INDEX" --insecure-plaintext --data "$DATA"
expect_exit 1 "$BIN/$E" health --endpoint "$EP_INDEX" --server-key index --data "$DATA" \
    --timeout-ms 500
stop_run TERM
EXTRA=()

# the same ports cannot be bound twice: the second run fails with a message
start_run
expect_exit 1 "$BIN/$E" run --data "$DATA" --ingest-endpoint "$EP_INGEST" \
    --index-endpoint "tcp://127.0.0.1:$(free_port)" --query-endpoint "tcp://127.0.0.1:$(free_port)" \
    --pub-endpoint "tcp://127.0.0.1:$(free_port)"
grep -q "in use" "$TMP/err" || fail "bind failure not explained: $(cat "$TMP/err")"
stop_run TERM
echo "cli run: ok"
