#!/usr/bin/python3
"""The embedded default: `entente run --data DIR --ingest FILE` starts the
three services in one process, ingests the file, prints the summary and ends
with the stored events shown; its tcp endpoints then answer the CLI, and
SIGTERM stops it cleanly. A second start on the same directory keeps the
events and the keys."""
import os
import re
import signal
import subprocess
import time

from itlib import ARTICLES, Harness

h = Harness("run")
MAIN = os.path.join(ARTICLES, "partnerships.jsonl")
extracted = h.extract(MAIN)
ids = {e["id"] for e in extracted}
n_docs = sum(1 for line in open(MAIN, encoding="utf-8") if line.strip())
data = os.path.join(h.tmp, "embedded")  # a fresh directory: entente run creates the keys


def run(extra):
    out = open(os.path.join(h.tmp, "run.out"), "w")
    err = open(os.path.join(h.tmp, "run.log"), "a")
    p = subprocess.Popen([h.entente, "run", "--data", data, "--log-level", "warn",
                          "--ingest-endpoint", h.endpoints["ingest"],
                          "--index-endpoint", h.endpoints["index"],
                          "--pub-endpoint", h.endpoints["pub"],
                          "--query-endpoint", h.endpoints["query"]] + extra,
                         stdout=out, stderr=err, env=h.env)
    out.close()
    err.close()
    h.others.append(p)
    return p


def read(name):
    with open(os.path.join(h.tmp, name), errors="replace") as f:
        return f.read()


def wait_for(pred, timeout=60):
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if pred():
            return True
        time.sleep(0.1)
    return False


t0 = time.monotonic()
p = run(["--ingest", MAIN, "--metrics-endpoint", h.metrics["index"]])
shown = wait_for(lambda: re.search(r"(\d+) events stored; the latest by date:\n(.+\n)+",
                                   read("run.out")) is not None or p.poll() is not None)
out = read("run.out")
h.check(shown and p.poll() is None, "entente run --ingest shows the stored events and keeps "
        "serving", out + read("run.log"))
elapsed = time.monotonic() - t0
# it waits until query has caught up with index (query's Replay head); a stale
# head made it wait for its 10 s limit
h.check(elapsed < 6, "the events are shown as soon as query has them (%.1fs)" % elapsed)
m = re.search(r"(\d+) events stored", out)
h.check(m is not None and int(m.group(1)) == len(ids), "it reports %d events stored" % len(ids),
        out)
rows = [l for l in out.splitlines() if re.search(r"\b[0-9a-f]{32}$", l)]
h.check(len(rows) >= min(len(ids), 5) and all(l.split()[-1] in ids for l in rows),
        "the events shown are extracted events (%d rows)" % len(rows), out)
summary = "documents %d, events %d, duplicates 0, rejected 0" % (n_docs, len(ids))
h.check(summary in read("run.log"), "the ingest summary is printed: " + summary, read("run.log"))

# the embedded services answer on their tcp endpoints, with the keys of DATA
h.data = data
events, r = h.query(["--order", "seq"])
h.check(r.returncode == 0 and {e["id"] for e in events} == ids,
        "entente query against entente run's endpoint finds the events", r.stderr)
r = h.cli(["get", events[0]["id"]] if events else ["get", "x"])
h.check(r.returncode == 0 and "verified" in r.stdout, "entente get: signature verified",
        r.stdout + r.stderr)
for svc in ("ingest", "index", "query"):
    r = h.cli(["health"], endpoint=h.endpoints[svc])
    h.check(r.returncode == 0, "entente health of the embedded %s" % svc, r.stdout + r.stderr)

# one /metrics for the three services of the process, told apart by label
s = h.scrape("index")
for svc, method in (("ingest", "IngestService/Submit"), ("index", "IndexService/Append"),
                    ("query", "QueryService/Search")):
    key = ('entente_rpc_requests_total{service="entente-%s",method="entente.v1.%s",status="OK"}'
           % (svc, method))
    h.check(s.get(key, 0) >= 1, "entente run's /metrics counts %s's requests" % svc, s["#text"])
h.check(s.get("entente_index_events_stored_total") == len(ids)
        and s.get("entente_replica_head_seq") == len(ids),
        "entente run's /metrics counts the stored and replicated events")

p.send_signal(signal.SIGTERM)
try:
    rc = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    rc = None
h.check(rc == 0, "SIGTERM stops entente run with exit 0", (rc, read("run.log")[-2000:]))

# a second start on the same directory: same keys, same events, nothing new
p = run(["--ingest", MAIN])
wait_for(lambda: "events stored" in read("run.out") or p.poll() is not None)
out = read("run.out")
h.check(re.search(r"%d events stored" % len(ids), out) is not None,
        "a restart keeps the events; ingesting the file again adds none", out)
summary = "documents 0, events 0, duplicates %d, rejected 0" % n_docs
h.check(summary in read("run.log"), "the second ingest counts only duplicates", read("run.log"))
p.send_signal(signal.SIGTERM)
h.check(p.wait(timeout=30) == 0, "SIGTERM again: exit 0")

# a third start with new articles: it waits for them, not for as many events in all
BAD = os.path.join(ARTICLES, "bad.jsonl")
more = {e["id"] for e in h.extract(BAD, bad_lines_ok=True)}
p = run(["--ingest", BAD])
wait_for(lambda: "events stored" in read("run.out") or p.poll() is not None)
out = read("run.out")
h.check(re.search(r"^%d events stored" % (len(ids) + len(more)), out, re.M) is not None,
        "a start on a used directory shows the new events too (%d in all)" % (
            len(ids) + len(more)), out)
rows = [l.split()[-1] for l in out.splitlines() if re.search(r"\b[0-9a-f]{32}$", l)]
h.check(more <= set(rows), "the new events are among those shown", (rows, more))
p.send_signal(signal.SIGTERM)
h.check(p.wait(timeout=30) == 0, "SIGTERM: exit 0")
h.finish()
