#!/usr/bin/env bash
# Interop test: the Python client of docs/PROTOCOL.md against `entente run`.
# Usage: run.sh ENTENTE_BIN PYGEN_DIR SOURCE_DIR
#   ENTENTE_BIN  build/bin/entente
#   PYGEN_DIR    where protoc --python_out wrote entente/v1/*_pb2.py
#   SOURCE_DIR   the repository (for tests/interop and docs/PROTOCOL.md)
# Exits 77 (skipped) when Debian's python3-zmq, python3-nacl, python3-protobuf
# or protoc are missing.
set -euo pipefail
entente=$1 pygen=$2 src=$3
py=/usr/bin/python3 # Debian's python3: its packages, not a pyenv's
here=$src/tests/interop
max_msg=65536

if [ ! -x "$py" ]; then
  echo "SKIP: $py not found (apt-get install python3)"; exit 77
fi
if ! missing=$("$py" - <<'PYEOF'
import importlib
missing = []
for mod, pkg in (("zmq", "python3-zmq"), ("nacl.signing", "python3-nacl"),
                 ("google.protobuf", "python3-protobuf")):
    try:
        importlib.import_module(mod)
    except ImportError:
        missing.append(pkg)
print(" ".join(missing))
raise SystemExit(1 if missing else 0)
PYEOF
); then
  echo "SKIP: missing Debian packages: $missing (deploy/install-deps.sh installs them)"; exit 77
fi
if [ ! -f "$pygen/entente/v1/services_pb2.py" ]; then
  echo "SKIP: no generated Python classes in $pygen (protoc, Debian package protobuf-compiler, was not found at configure time)"
  exit 77
fi

export PYTHONPATH="$pygen:$here"
export PYTHONDONTWRITEBYTECODE=1

# The document's client is the client under test; its worked example is right.
"$py" "$here/check_doc.py" "$src/docs/PROTOCOL.md" "$here/entente_client.py"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/entente-interop.XXXXXX")
server=
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Four free tcp ports (ingest, index, pub, query), not the defaults.
read -r p_ingest p_index p_pub p_query < <("$py" - <<'PYEOF'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PYEOF
)
ep() { echo "tcp://127.0.0.1:$1"; }

# The key of PROTOCOL.md's worked example, written by hand as the document
# says: entente run adds its own keys to this keyring, and the server accepting
# this key shows that the C code derives the same key id.
mkdir -p "$tmp/data"
example_pk=03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8
printf '# the worked example of docs/PROTOCOL.md\nexample client %s\n' "$example_pk" > "$tmp/data/keyring"
printf 'entente-secret-key 1\nname example\nsecret-key %s%s\n' \
  000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "$example_pk" > "$tmp/example.key"

"$entente" run --data "$tmp/data" --log-level warn --max-msg-bytes "$max_msg" \
  --ingest-endpoint "$(ep "$p_ingest")" --index-endpoint "$(ep "$p_index")" \
  --pub-endpoint "$(ep "$p_pub")" --query-endpoint "$(ep "$p_query")" --http-listen none &
server=$!

for _ in $(seq 100); do
  [ -s "$tmp/data/keyring" ] && [ "$(grep -c . "$tmp/data/keyring")" -ge 6 ] && break
  kill -0 "$server" 2>/dev/null || { echo "entente run exited early"; exit 1; }
  sleep 0.1
done

rc=0
for svc in "ingest $p_ingest" "index $p_index" "query $p_query"; do
  set -- $svc
  "$py" "$here/check_interop.py" --endpoint "$(ep "$2")" --data "$tmp/data" \
    --server "entente-$1" --max-msg-bytes "$max_msg" --example-key "$tmp/example.key" || rc=1
done
kill -0 "$server" 2>/dev/null || { echo "entente run died during the test"; rc=1; }
exit $rc
