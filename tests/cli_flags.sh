#!/usr/bin/env bash
# Every binary and subcommand: --help exits 0 with "usage:"; a bad flag or
# value exits 2 with a message.
source "$(dirname "$0")/cli_lib.sh"

for b in entente-index entente-ingest entente-query; do
    expect_exit 0 "$BIN/$b" --help
    grep -q "^usage: $b" "$TMP/out" || fail "$b --help prints no usage"
    grep -q -- "--max-msg-bytes" "$TMP/out" || fail "$b --help lacks --max-msg-bytes"
    expect_exit 2 "$BIN/$b" --no-such-flag
    grep -q -- "--no-such-flag" "$TMP/err" || fail "$b: message does not name the bad flag"
    expect_exit 2 "$BIN/$b" --max-msg-bytes lots
    grep -q "not a whole number" "$TMP/err" || fail "$b: no message for a bad number"
    expect_exit 2 "$BIN/$b" --max-msg-bytes 10
    [ -s "$TMP/err" ] || fail "$b: a too small --max-msg-bytes says nothing"
    expect_exit 2 "$BIN/$b" stray-operand
    grep -q "stray-operand" "$TMP/err" || fail "$b: message does not name the operand"
    expect_exit 2 env ENTENTE_SKEW_MS=soon "$BIN/$b"
    grep -q "ENTENTE_SKEW_MS" "$TMP/err" || fail "$b: bad environment value not named"
    # no keys: a clear error, not a crash
    expect_exit 1 "$BIN/$b" --data "$TMP/nothing-here" --endpoint "tcp://127.0.0.1:$(free_port)"
    grep -q "keygen" "$TMP/err" || fail "$b: missing keys give no hint"
done

expect_exit 0 "$BIN/entente" --help
grep -q "^usage: entente" "$TMP/out" || fail "entente --help prints no usage"
expect_exit 2 "$BIN/entente"
grep -q "usage:" "$TMP/err" || fail "entente without a command prints no usage"
expect_exit 2 "$BIN/entente" no-such-command
grep -q "no-such-command" "$TMP/err" || fail "unknown command not named"
expect_exit 0 "$BIN/entente" --version
grep -q "^entente [0-9]" "$TMP/out" || fail "entente --version"

for cmd in run health methods keygen query get stats; do
    expect_exit 0 "$BIN/entente" "$cmd" --help
    grep -q "^usage: entente $cmd" "$TMP/out" || fail "entente $cmd --help prints no usage"
    expect_exit 2 "$BIN/entente" "$cmd" --no-such-flag
    grep -q -- "--no-such-flag" "$TMP/err" || fail "entente $cmd: bad flag not named"
done
expect_exit 2 "$BIN/entente" run --max-msg-bytes 12
expect_exit 2 "$BIN/entente" health --timeout-ms 0
expect_exit 2 "$BIN/entente" methods
grep -q -- "--endpoint" "$TMP/err" || fail "entente methods without --endpoint"
echo "cli flags: ok"
