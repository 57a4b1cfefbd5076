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

# The client in the document is the client under test.
"$py" - "$src/docs/PROTOCOL.md" "$here/entente_client.py" <<'PYEOF'
import sys
doc = open(sys.argv[1], encoding="utf-8").read()
code = open(sys.argv[2], encoding="utf-8").read()
start = doc.index("<!-- begin tests/interop/entente_client.py -->")
block = doc[start:].split("```python\n", 1)[1].split("```\n", 1)[0]
if block != code:
    sys.exit("docs/PROTOCOL.md's Python client differs from tests/interop/entente_client.py")
print("docs/PROTOCOL.md's Python client is tests/interop/entente_client.py")
PYEOF

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

"$entente" run --data "$tmp/data" --log-level warn --max-msg-bytes "$max_msg" \
  --ingest-endpoint "$(ep "$p_ingest")" --index-endpoint "$(ep "$p_index")" \
  --pub-endpoint "$(ep "$p_pub")" --query-endpoint "$(ep "$p_query")" &
server=$!

for _ in $(seq 100); do
  [ -s "$tmp/data/keyring" ] && [ "$(wc -l < "$tmp/data/keyring")" -ge 4 ] && break
  kill -0 "$server" 2>/dev/null || { echo "entente run exited early"; exit 1; }
  sleep 0.1
done

export PYTHONPATH="$pygen:$here"
export PYTHONDONTWRITEBYTECODE=1
rc=0
for svc in "ingest $p_ingest" "index $p_index" "query $p_query"; do
  set -- $svc
  "$py" "$here/check_interop.py" --endpoint "$(ep "$2")" --data "$tmp/data" \
    --server "entente-$1" --max-msg-bytes "$max_msg" || rc=1
done
kill -0 "$server" 2>/dev/null || { echo "entente run died during the test"; rc=1; }
exit $rc
