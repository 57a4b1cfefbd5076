#!/usr/bin/python3
"""What the CLI does not reach, through the Python client of docs/PROTOCOL.md
(tests/interop/entente_client.py): Replay of index and of query (head_seq,
paging, a from_seq past the end), and Search / Aggregate / Get arguments the
CLI checks itself — all INVALID_ARGUMENT, never INTERNAL.
Exits 77 (skipped) without Debian's python3-zmq, python3-nacl,
python3-protobuf or the classes protoc generated for the interop test."""
import os
import sys

from itlib import ARTICLES, Harness

h = Harness("replay", [(("--pygen",), {"required": True})])
sys.path[:0] = [h.args.pygen, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                           "..", "interop")]
try:
    import entente_client as ec
    from entente.v1 import envelope_pb2, event_pb2, services_pb2  # noqa: F401
except ImportError as e:
    print("SKIP: %s" % e)
    h.cleanup()
    os._exit(77)

INVALID = envelope_pb2.INVALID_ARGUMENT
h.start_all()
key = os.path.join(h.data, "keys", "client.key")
ring = os.path.join(h.data, "keyring")
index = ec.Client(h.endpoints["index"], key, ring)
query = ec.Client(h.endpoints["query"], key, ring)
IDX, QRY = "entente.v1.IndexService", "entente.v1.QueryService"


def replay(client, svc, from_seq, limit=0):
    return client.call(svc, "Replay", services_pb2.ReplayRequest(from_seq=from_seq, limit=limit),
                       services_pb2.ReplayReply)


# query opened its store before any event: its head must follow the replica
for svc, c in ((IDX, index), (QRY, query)):
    code, msg, rep = replay(c, svc, 1)
    h.check(code == 0 and rep.head_seq == 0 and not rep.events, "%s Replay of an empty store" % svc,
            (code, msg))

MAIN = os.path.join(ARTICLES, "partnerships.jsonl")
r = h.cli(["ingest", "--quiet", MAIN], service="ingest")
n = len(h.extract(MAIN))
h.check(r.returncode == 0 and h.wait_settled(expect=n) == n, "ingested %d events" % n, r.stderr)

for svc, c in ((IDX, index), (QRY, query)):
    code, msg, rep = replay(c, svc, 1)
    h.check(code == 0 and rep.head_seq == n and [e.seq for e in rep.events] == list(
        range(1, n + 1)), "%s Replay from 1: events 1..%d, head_seq %d" % (svc, n, n),
        (code, msg, rep and rep.head_seq, rep and [e.seq for e in rep.events]))
    seqs, nxt = [], 1
    for _ in range(n + 2):
        code, msg, rep = replay(c, svc, nxt, limit=2)
        if code != 0 or not rep.events:
            break
        seqs += [e.seq for e in rep.events]
        nxt = rep.events[-1].seq + 1
    h.check(seqs == list(range(1, n + 1)), "%s Replay by pages of 2" % svc, seqs)
    for past in (n + 1, 2**63 - 1, 2**63, 2**64 - 1):
        code, msg, rep = replay(c, svc, past)
        h.check(code == 0 and not rep.events and rep.head_seq == n,
                "%s Replay from %d: nothing, head_seq %d" % (svc, past, n),
                (code, msg, rep and [e.seq for e in rep.events]))


def search(**kw):
    flt = kw.pop("filter", None)
    req = services_pb2.SearchRequest(**kw)
    if flt is not None:
        req.filter.CopyFrom(flt)
    return query.call(QRY, "Search", req, services_pb2.SearchReply)


def aggregate(group_by, flt=None):
    req = services_pb2.AggregateRequest(group_by=group_by)
    if flt is not None:
        req.filter.CopyFrom(flt)
    return query.call(QRY, "Aggregate", req, services_pb2.AggregateReply)


F = services_pb2.Filter
bad = [
    ("Search page_size 100000", lambda: search(page_size=100000)),
    ("Search order 99", lambda: search(order=99)),
    ("Search countries_any ['vn ']", lambda: search(filter=F(countries_any=["vn "]))),
    ("Search 65 countries", lambda: search(filter=F(countries_any=["VN"] * 65))),
    ("Search since 2024-02-30x", lambda: search(filter=F(since="2024-02-30x"))),
    ("Search text NEAR(", lambda: search(filter=F(text="NEAR("))),
    ("Search person with a quote", lambda: search(filter=F(person='a"b', text="x OR"))),
    ("Search page token of another filter",
     lambda: search(page_token=search(page_size=1)[2].next_page_token,
                    filter=F(countries_any=["VN"]))),
    ("Aggregate group_by 99", lambda: aggregate(99)),
    ("Aggregate countries XX", lambda: aggregate(0, F(countries_any=["XX"]))),
    ("Aggregate inverted dates", lambda: aggregate(0, F(since="2024", until="2023"))),
    ('Aggregate text "unterminated', lambda: aggregate(1, F(text='"unterminated'))),
    ("Get empty id", lambda: query.call(QRY, "Get", services_pb2.GetRequest(id=""),
                                        services_pb2.GetReply)),
]
for what, call in bad:
    code, msg, _ = call()
    h.check(code == INVALID, "%s: INVALID_ARGUMENT" % what,
            (envelope_pb2.Code.Name(code) if code in envelope_pb2.Code.values() else code, msg))

code, msg, rep = aggregate(2, F(countries_any=["KR"]))  # pairs of events with KR
h.check(code == 0 and any(b.key == "KR-VN" for b in rep.buckets), "Aggregate by pair, filtered",
        (code, msg))
index.close()
query.close()
h.finish()
