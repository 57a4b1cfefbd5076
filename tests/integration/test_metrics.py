#!/usr/bin/python3
"""GET /metrics of each service, run as separate processes: the families are
there in Prometheus text format, and the counters move with the work done —
requests by method and status, latency, documents and events ingested,
events stored and published, replays served, the outbox depth, signature
failures, and a gap the query replica fills after a restart."""
import os
import signal
import subprocess

from gen_docs import generate
from itlib import ARTICLES, Harness

h = Harness("metrics")
MAIN = os.path.join(ARTICLES, "partnerships.jsonl")

FAMILIES = {
    "index": ["entente_rpc_requests_total counter", "entente_rpc_request_duration_seconds histogram",
              "entente_signature_failures_total counter", "entente_index_events_stored_total counter",
              "entente_index_events_published_total counter", "entente_replays_served_total counter"],
    "ingest": ["entente_rpc_requests_total counter", "entente_ingest_documents_total counter",
               "entente_ingest_events_total counter", "entente_outbox_depth gauge"],
    "query": ["entente_rpc_requests_total counter", "entente_replays_served_total counter",
              "entente_replica_gaps_filled_total counter", "entente_replica_head_seq gauge"],
}


def value(samples, key):
    return samples.get(key, 0.0)


def requests(samples, service, method, status="OK"):
    return value(samples, 'entente_rpc_requests_total{service="entente-%s",method="%s",status="%s"}'
                 % (service, method, status))


h.start_all()
before = {name: h.scrape(name) for name in FAMILIES}
for name, families in FAMILIES.items():
    s = before[name]
    h.check(s["#content-type"].startswith("text/plain; version=0.0.4"),
            "%s: /metrics is Prometheus text 0.0.4" % name, s["#content-type"])
    missing = [f for f in families if "# TYPE %s\n" % f not in s["#text"]]
    h.check(not missing, "%s: /metrics has its families" % name, missing)

r = h.cli(["ingest", "--quiet", MAIN], service="ingest")
h.check(r.returncode == 0, "entente ingest of the test articles", r.stderr)
stored = h.wait_settled()
h.check(stored, "index and query settle with the events")
after = {name: h.scrape(name) for name in FAMILIES}
ing, idx, qry = after["ingest"], after["index"], after["query"]
submits = requests(ing, "ingest", "entente.v1.IngestService/Submit")
h.check(submits > requests(before["ingest"], "ingest", "entente.v1.IngestService/Submit"),
        "ingest counts Submit requests by method and status", submits)
h.check(value(ing, 'entente_rpc_request_duration_seconds_count{service="entente-ingest",'
              'method="entente.v1.IngestService/Submit"}') == submits,
        "every Submit is in the latency histogram")
h.check(value(ing, 'entente_ingest_documents_total{result="accepted"}') > 0,
        "ingest counts the documents it accepted")
h.check(value(ing, "entente_ingest_events_total") == stored,
        "events ingested = events index stored", (value(ing, "entente_ingest_events_total"), stored))
h.check(value(ing, "entente_outbox_depth") == 0, "the outbox is empty once delivered")
h.check(value(idx, "entente_index_events_stored_total") == stored,
        "index counts the events it stored", value(idx, "entente_index_events_stored_total"))
h.check(value(idx, "entente_index_events_published_total") == stored,
        "index counts the events it published")
h.check(requests(idx, "index", "entente.v1.IndexService/Append") >= 1,
        "index counts Append requests from ingest")
h.check(value(idx, 'entente_replays_served_total{service="entente-index"}') >= 1
        and value(idx, 'entente_replay_events_total{service="entente-index"}') >= stored,
        "index counts the replays it served to the query replica")
h.check(value(qry, "entente_replica_head_seq") == stored, "the replica's head is index's head")

# a request signed by a key the keyring does not hold
stranger = os.path.join(h.tmp, "stranger.key")
r = subprocess.run([h.entente, "keygen", "--name", "stranger", "--roles", "client", "--out",
                    stranger], capture_output=True, text=True, env=h.env)
h.check(r.returncode == 0, "a key outside the keyring", r.stderr)
r = h.cli(["health", "--key", stranger, "--timeout-ms", "2000"], endpoint=h.endpoints["query"])
h.check(r.returncode != 0, "a stranger's request is refused", r.stdout + r.stderr)
qry2 = h.scrape("query")
key = 'entente_signature_failures_total{service="entente-query",kind="request"}'
h.check(value(qry2, key) > value(qry, key), "query counts the signature failure", qry2.get(key))
h.check(requests(qry2, "query", "entente.v1.Health/Check", "UNAUTHENTICATED") >= 1,
        "the refusal is counted by status")

# events stored while query is away reach it through a replay the stream never announced
h.kill("query", signal.SIGTERM)
more = os.path.join(h.tmp, "more.jsonl")
generate(20, more)
r = h.cli(["ingest", "--quiet", more], service="ingest")
h.check(r.returncode == 0, "ingest while query is stopped", r.stderr)
h.start("query")
total = h.wait_settled()
q3 = h.scrape("query")
h.check(total and total > stored and value(q3, "entente_replica_head_seq") == total,
        "the restarted replica caught up", (total, stored, value(q3, "entente_replica_head_seq")))
h.check(value(q3, "entente_replica_gaps_filled_total") >= 1,
        "the restarted replica counts the gap it filled", value(q3, "entente_replica_gaps_filled_total"))
h.finish()
