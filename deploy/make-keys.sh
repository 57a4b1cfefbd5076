#!/bin/sh
# Makes the keys of a distributed deployment with `entente keygen`:
#   DIR/keys/{index,ingest,query,client}.key   secret keys (0600)
#   DIR/keyring                                 their public keys and roles
# Keys that exist are kept (their keyring lines too), so running it again, as
# the compose init service does on every `up`, changes nothing.
# Usage: make-keys.sh DIR   (ENTENTE_BIN: where `entente` is, default: $PATH)
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
entente=${ENTENTE_BIN:+$ENTENTE_BIN/}entente
umask 077
mkdir -p "$dir/keys"
touch "$dir/keyring"
for spec in index:index ingest:ingest query:query client:client,admin; do
  name=${spec%%:*}
  roles=${spec#*:}
  [ -f "$dir/keys/$name.key" ] && continue
  # a line left from a key file that is gone would name a key nobody holds
  grep -v "^$name " "$dir/keyring" >"$dir/keyring.tmp" || true
  mv "$dir/keyring.tmp" "$dir/keyring"
  "$entente" keygen --name "$name" --roles "$roles" --out "$dir/keys/$name.key" >>"$dir/keyring"
done
# the keyring holds public keys only: every service may read it
chmod 644 "$dir/keyring"
echo "keys in $dir/keys, keyring $dir/keyring:" >&2
cat "$dir/keyring" >&2
