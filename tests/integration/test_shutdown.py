#!/usr/bin/python3
"""SIGTERM is a graceful stop and a restart resumes, for each service run as
its own process over CurveZMQ:

- ingest, with index paused (SIGSTOP) and its outbox full, is stopped while
  index comes back: it exits 0 only after flushing the outbox to index;
- index is stopped: it exits 0 with its store closed (no WAL left behind)
  and, restarted, continues at the same head;
- query is stopped, events arrive meanwhile, and the restarted replica
  catches up;
and in the end index and query hold each expected event exactly once,
numbered without a gap."""
import os
import re
import signal
import time

from gen_docs import generate
from itlib import Harness

h = Harness("shutdown")
first, second = os.path.join(h.tmp, "first.jsonl"), os.path.join(h.tmp, "second.jsonl")
every = os.path.join(h.tmp, "every.jsonl")
generate(440, every)
with open(every, encoding="utf-8") as f:
    lines = f.readlines()
with open(first, "w", encoding="utf-8") as f:
    f.writelines(lines[:400])
with open(second, "w", encoding="utf-8") as f:
    f.writelines(lines[400:])
expected = {e["id"] for e in h.extract(every)}
h.check(len(expected) > 100, "%d expected events" % len(expected))


def stop(name, timeout=30):
    t0 = time.monotonic()
    h.procs[name].send_signal(signal.SIGTERM)
    try:
        rc = h.procs.pop(name).wait(timeout=timeout)
    except Exception:
        rc = None
    return rc, time.monotonic() - t0


def log_of(name):
    with open(os.path.join(h.tmp, name + ".log"), errors="replace") as f:
        return f.read()


h.start_all()

# 1. ingest flushes its outbox to a slow index before it exits
os.kill(h.procs["index"].pid, signal.SIGSTOP)
r = h.cli(["ingest", "--quiet", first], service="ingest")
h.check(r.returncode == 0, "ingest accepts the documents while index is paused", r.stderr)
queued = h.outbox_depth()
h.check(queued > 0, "the outbox holds them (%d rows)" % queued)
h.procs["ingest"].send_signal(signal.SIGTERM)
time.sleep(0.5)
os.kill(h.procs["index"].pid, signal.SIGCONT)
rc, took = stop("ingest")
h.check(rc == 0, "SIGTERM: ingest exits 0 (%.1fs)" % took, rc)
h.check(h.outbox_depth() == 0, "ingest flushed its outbox before exiting (%d rows left)"
        % h.outbox_depth(), log_of("ingest")[-1500:])
h.check("outbox flushed" in log_of("ingest"), "ingest says it flushed its outbox")
stored, head = h.index_count()
h.check(stored > 0 and stored == head, "index stored the flushed events (%d)" % stored)

# 2. index closes its store, and a restart continues at the same head
h.start("ingest")
rc, took = stop("index")
h.check(rc == 0, "SIGTERM: index exits 0 (%.1fs)" % took, rc)
h.check(not os.path.exists(os.path.join(h.data, "index.db-wal")),
        "index closed its store (no WAL file left)")
h.start("index")
r = h.cli(["methods", "--timeout-ms", "5000"], endpoint=h.endpoints["index"])
h.check(r.returncode == 0, "the restarted index serves", r.stderr)
h.check(h.index_count() == (stored, head), "the restarted index is at the same head")

# 3. query stops; events arrive; the restarted replica catches up
rc, took = stop("query")
h.check(rc == 0, "SIGTERM: query exits 0 (%.1fs)" % took, rc)
r = h.cli(["ingest", "--quiet", second], service="ingest")
h.check(r.returncode == 0, "ingest while query is stopped", r.stderr)
h.start("query")
total = h.wait_settled(expect=len(expected))
h.check(total == len(expected), "index and query settle with every event (%s of %d)"
        % (total, len(expected)))
ids = [row[0] for row in h.sql("index.db", "SELECT id FROM events ORDER BY seq")]
seqs = [row[0] for row in h.sql("index.db", "SELECT seq FROM events ORDER BY seq")]
h.check(set(ids) == expected and len(ids) == len(expected), "index holds each event once")
h.check(seqs == list(range(1, len(seqs) + 1)), "sequence numbers 1..N without a gap")
events, r = h.query(["--order", "seq"])
h.check({e["id"] for e in events} == expected and len(events) == len(expected),
        "query holds each event once", r.stderr[-500:])
for name in ("ingest", "index", "query"):
    h.check(re.search(r"\bstopping\b", log_of(name)) is not None, "%s logged its stop" % name)
h.finish()
