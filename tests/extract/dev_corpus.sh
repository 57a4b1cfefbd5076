#!/usr/bin/env bash
# The quality bar of issue 3 on the dev corpus, when ../shared is present:
# event_f1 >= 0.80, date_accuracy >= 0.90, sector_f1 >= 0.70, false events
# on at most one negative article. Exit 77 (skipped) without the corpus.
set -euo pipefail
entente=$1
shared=$2
gold=$shared/corpus/vna-fr-dev.jsonl
scorer=$shared/tools/score_events.py
if [ ! -f "$gold" ] || [ ! -f "$scorer" ]; then
  echo "SKIP: no dev corpus at $shared (the shared directory is absent)"
  exit 77
fi
pred=$(mktemp)
trap 'rm -f "$pred"' EXIT
"$entente" extract "$gold" > "$pred"
# the scorer prints the JSON line, then a summary line: keep the first
scores=$(python3 "$scorer" "$gold" "$pred" --json)
printf '%s\n' "${scores%%$'\n'*}" | python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
print(json.dumps(r))
bar = [("event_f1", r["event_f1"] >= 0.80), ("date_accuracy", r["date_accuracy"] >= 0.90),
       ("sector_f1", r["sector_f1"] >= 0.70),
       ("negatives_with_false_events", r["negatives_with_false_events"] <= 1)]
bad = [k for k, ok in bar if not ok]
if bad:
    sys.exit("below the bar: " + ", ".join(bad))
'
