#!/usr/bin/env bash
# `entente keygen`: a 0600 key file, a keyring line, no overwrite, usage errors.
source "$(dirname "$0")/cli_lib.sh"

expect_exit 0 "$BIN/entente" keygen --name alice --roles ingest,client --out "$TMP/alice.key"
grep -Eqx 'alice ingest,client [0-9a-f]{64}' "$TMP/out" || fail "keyring line: $(cat "$TMP/out")"
[ "$(wc -l <"$TMP/out")" -eq 1 ] || fail "keygen prints more than the keyring line on stdout"
[ "$(stat -c %a "$TMP/alice.key")" = 600 ] || fail "key file mode is $(stat -c %a "$TMP/alice.key")"
grep -q '^entente-secret-key 1$' "$TMP/alice.key" || fail "key file header"
grep -q '^name alice$' "$TMP/alice.key" || fail "key file name"
line=$(cat "$TMP/out")

# the file is never overwritten
sum=$(sha256sum <"$TMP/alice.key")
expect_exit 1 "$BIN/entente" keygen --name alice --out "$TMP/alice.key"
grep -q "exists" "$TMP/err" || fail "overwrite refusal says why"
[ "$(sha256sum <"$TMP/alice.key")" = "$sum" ] || fail "key file changed"

# default path NAME.key, default role client; two keys differ
(cd "$TMP" && expect_exit 0 "$BIN/entente" keygen -n bob)
[ -f "$TMP/bob.key" ] || fail "no bob.key in the current directory"
grep -Eqx 'bob client [0-9a-f]{64}' "$TMP/out" || fail "default role: $(cat "$TMP/out")"
[ "$(cut -d' ' -f3 "$TMP/out")" != "$(echo "$line" | cut -d' ' -f3)" ] || fail "same key twice"

expect_exit 2 "$BIN/entente" keygen
grep -q -- "--name" "$TMP/err" || fail "missing --name not explained"
expect_exit 2 "$BIN/entente" keygen --name carol --roles root
grep -q "unknown role" "$TMP/err" || fail "bad role not explained"
expect_exit 1 "$BIN/entente" keygen --name 'bad name' --out "$TMP/x.key"
[ ! -e "$TMP/x.key" ] || fail "a key with a bad name was written"
echo "cli keygen: ok"
