#!/usr/bin/env bash
# Scores a gold corpus with ../shared/tools/score_events.py and fails below a
# bar: score_corpus.sh ENTENTE SHARED GOLD EVENT_F1 DATE_ACC SECTOR_F1 MAX_NEG
# The bar of issue 3 on the dev corpus is 0.80 0.90 0.70 1. Exit 77
# (skipped) when the gold file or the scorer is absent.
set -euo pipefail
entente=$1
scorer=$2/tools/score_events.py
gold=$3
if [ ! -f "$gold" ] || [ ! -f "$scorer" ]; then
  echo "SKIP: no $gold or no scorer at $scorer (the shared directory is absent)"
  exit 77
fi
pred=$(mktemp)
trap 'rm -f "$pred"' EXIT
"$entente" extract "$gold" > "$pred"
# the scorer prints the JSON line, then a summary line: keep the first
scores=$(python3 "$scorer" "$gold" "$pred" --json)
printf '%s\n' "${scores%%$'\n'*}" | python3 -c '
import json, sys
f1, date, sector, neg = map(float, sys.argv[1:5])
r = json.loads(sys.stdin.readline())
print(json.dumps(r))
bar = [("event_f1", r["event_f1"] >= f1), ("date_accuracy", r["date_accuracy"] >= date),
       ("sector_f1", r["sector_f1"] >= sector),
       ("negatives_with_false_events", r["negatives_with_false_events"] <= neg)]
bad = [k for k, ok in bar if not ok]
if bad:
    sys.exit("below the bar: " + ", ".join(bad))
' "$4" "$5" "$6" "$7"
