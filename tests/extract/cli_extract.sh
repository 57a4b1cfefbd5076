#!/usr/bin/env bash
# `entente extract`: events as JSON Lines, bad documents reported with file
# and line while the others are processed, a non-zero exit at the end.
set -euo pipefail
entente=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/docs.jsonl" <<'JSON'
{"doc_id":"one","lang":"fr","published":"2024-06","text":"Hanoï (VNA) – Le Vietnam et la Thaïlande ont signé mardi 4 juin à Hanoï un protocole d'accord sur la poste."}
not json at all
{"doc_id":"empty","text":""}
{"doc_id":"two","published":"2024-05","text":"Hanoi (VNA) – Prime Minister Pham Minh Chinh received Singaporean Minister Gan Kim Yong in Hanoi on May 6."}
JSON
printf '{"doc_id":"latin1","text":"caf\xe9"}\n' > "$dir/bad.jsonl"
printf ' date 2024-03 Tokyo (VNA) – Le Vietnam et le Japon ont signé le 14 mars à Tokyo un accord.\n' > "$dir/seed-1.txt"
set +e
"$entente" extract "$dir/docs.jsonl" "$dir/bad.jsonl" "$dir/seed-1.txt" > "$dir/out" 2> "$dir/err"
rc=$?
set -e
cat "$dir/err" >&2
[ "$rc" -eq 1 ] || { echo "exit code $rc, want 1"; exit 1; }
grep -q "docs.jsonl:2: not a JSON object" "$dir/err"
grep -q "docs.jsonl:3: empty: empty text" "$dir/err"
grep -q "bad.jsonl:1: not UTF-8" "$dir/err"
[ "$(wc -l < "$dir/out")" -eq 3 ] || { cat "$dir/out"; echo "want 3 events"; exit 1; }
python3 - "$dir/out" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
keys = ["doc_id", "id", "type", "instrument", "date", "date_precision", "countries",
        "organizations", "people", "sectors", "location", "evidence", "confidence",
        "cameo", "plover", "lang"]
for e in ev:
    assert list(e) == keys, list(e)
by = {e["doc_id"]: e for e in ev}
assert by["one"]["type"] == "agreement_signed" and by["one"]["instrument"] == "mou"
assert by["one"]["date"] == "2024-06-04" and by["one"]["countries"] == ["TH", "VN"]
assert by["two"]["type"] == "meeting" and by["two"]["instrument"] is None
assert by["seed-1"]["date"] == "2024-03-14" and by["seed-1"]["date_precision"] == "day"
assert all(isinstance(s["start"], int) for s in by["one"]["evidence"])
PY
"$entente" extract --help | grep -q "usage: entente extract"
"$entente" extract < "$dir/docs.jsonl" > /dev/null 2>&1 && { echo "stdin run should fail (bad lines)"; exit 1; }
head -1 "$dir/docs.jsonl" | "$entente" extract - > "$dir/one"
[ "$(wc -l < "$dir/one")" -eq 1 ]
echo ok
