#!/usr/bin/python3
"""kill -9 of index (or of ingest) in the middle of a 10,000-document bulk
ingest, then a restart: every event is stored exactly once.

The documents are generated (gen_docs.py), the expected event ids come from
`entente extract` on the same file. `entente ingest` runs in the background
against the three services started as separate processes; when the store
(index: its events; ingest: the documents it accepted) has reached a quarter
and then two thirds of the work, the service is killed with SIGKILL and
started again. Once the CLI has finished and index's head has stopped moving
with ingest's outbox empty, index.db and the query service must hold each
expected id exactly once, numbered 1..N without a gap.
"""
import os
import re
import signal
import time

from gen_docs import generate
from itlib import Harness

h = Harness("crash", [(("--kill",), {"choices": ("index", "ingest"), "required": True}),
                      (("--docs",), {"type": int, "default": 10000})])
victim, n_docs = h.args.kill, h.args.docs
path = os.path.join(h.tmp, "bulk.jsonl")
generate(n_docs, path)
expected = h.extract(path)
expected_ids = {e["id"] for e in expected}
h.check(len(expected_ids) == len(expected) and len(expected) >= n_docs // 2,
        "%d documents give %d distinct expected event ids" % (n_docs, len(expected_ids)))
N = len(expected_ids)

h.start_all()
t0 = time.monotonic()
cli = h.cli_bg(["ingest", "--quiet", "--timeout-ms", "3000", "--batch", "64", path],
               h.endpoints["ingest"], "ingest-cli")


def progress():
    """How far the victim has got: events stored by index, documents accepted by ingest."""
    if victim == "index":
        return h.index_count()[0], N
    rows = h.sql("ingest.db", "SELECT COUNT(*) FROM seen")
    return (rows[0][0] if rows else 0), n_docs


kills = 0
for frac in (0.25, 0.66):
    until = time.monotonic() + 120
    # index's progress goes on after the CLI is done (the outbox drains)
    while time.monotonic() < until and (victim == "index" or cli.poll() is None):
        done, total = progress()
        if done >= frac * total:
            break
        time.sleep(0.05)
    done, total = progress()
    if cli.poll() is not None and victim == "ingest":
        break  # the CLI finished first: nothing left to interrupt
    if done >= total:
        break
    h.kill(victim, signal.SIGKILL)
    kills += 1
    h.log("kill -9 %s at %d/%d (index %s, outbox %d)" % (victim, done, total, h.index_count(),
                                                         h.outbox_depth()))
    time.sleep(0.5)
    h.start(victim)
    h.log("%s restarted" % victim)
h.check(kills == 2, "%s was killed twice in the middle of the ingest" % victim)

try:
    rc = cli.wait(timeout=150)
except Exception:
    rc = None
with open(os.path.join(h.tmp, "ingest-cli.err.log")) as f:
    err = f.read()
h.log("entente ingest done in %.1fs: %s" % (time.monotonic() - t0, err.strip()[-300:]))
h.check(rc == 0, "entente ingest exits 0 (it retries Submit while ingest is away)", err)
m = re.search(r"documents (\d+), events (\d+), duplicates (\d+), rejected (\d+)", err)
docs, _, dups, rejected = (int(x) for x in m.groups()) if m else (0, 0, 0, -1)
h.check(docs + dups == n_docs and rejected == 0,
        "summary: documents + duplicates = %d, rejected 0" % n_docs, err)
if victim == "index":
    h.check(docs == n_docs and dups == 0, "index down: ingest still accepted every document once",
            err)

count = h.wait_settled(timeout=120, expect=N)
h.log("settled at %s events, %.1fs after the start" % (count, time.monotonic() - t0))
h.check(count == N, "index and query settled at %d events" % N, count)

# index.db, read directly
rows = h.sql("index.db", "SELECT seq, id FROM events ORDER BY seq")
ids = [i for _, i in rows]
h.check(len(rows) == N, "index stores %d events" % N, len(rows))
h.check(len(set(ids)) == len(ids), "index stores each id once")
h.check(set(ids) == expected_ids, "index stores every expected id",
        (len(expected_ids - set(ids)), len(set(ids) - expected_ids)))
h.check([s for s, _ in rows] == list(range(1, len(rows) + 1)), "index seq is 1..N, no gap")
n_stored_docs = h.sql("index.db", "SELECT COUNT(*) FROM documents")[0][0]
h.check(n_stored_docs == n_docs, "index stores the %d documents" % n_docs, n_stored_docs)
h.check(h.outbox_depth() == 0, "ingest's outbox is drained")
dead = h.sql("ingest.db", "SELECT COUNT(*) FROM dead_letters")[0][0]
h.check(dead == 0, "no dead letters", dead)

# the query service, through the CLI
events, r = h.query(["--order", "seq"])
qids = [e["id"] for e in events]
h.check(r.returncode == 0 and len(qids) == N and set(qids) == expected_ids,
        "query --all --order seq returns every expected id once", (r.stderr, len(qids)))
h.check([e["seq"] for e in events] == list(range(1, N + 1)), "query's seq is 1..N in order")
h.check([e["id"] for e in events] == ids, "query replicates index's numbering")
for name in ("index", "ingest", "query"):
    h.check(h.alive(name), "entente-%s still runs" % name)
h.log("total %.1fs" % (time.monotonic() - t0))
h.finish()
