#!/usr/bin/env bash
# The README's first command: install the Debian packages, build, and start the
# embedded default (ingest, index and query in one process) with the sample
# articles. It keeps serving until Ctrl-C; data and keys stay in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
exec build/bin/entente run --data ./data --ingest deploy/samples/articles.jsonl "$@"
