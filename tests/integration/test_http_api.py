#!/usr/bin/python3
"""entente-http against running services: every endpoint (events with each
filter, one event with its document and evidence, aggregate by each key, the
SSE stream resumed by Last-Event-ID and live, healthz, readyz, metrics) and
every error mapping (400, 401, 403, 404, 413, 429, 501, 503, 504), checked
against what the same Search returns through the CLI over ZeroMQ. Bad and slow
clients leave the gateway serving."""
import http.client
import json
import os
import re
import socket
import subprocess
import time
import urllib.parse

from itlib import ARTICLES, Harness, free_ports, read_jsonl

h = Harness("http")
MAIN = os.path.join(ARTICLES, "partnerships.jsonl")
extracted = h.extract(MAIN)
ids = {e["id"] for e in extracted}
base = h.start_run(["--ingest", MAIN])
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
h.log("gateway at %s" % base)


def get(path, headers=None, method="GET", body=None, port_=None):
    """(status, headers, parsed JSON or text)."""
    c = http.client.HTTPConnection(host, port_ or port, timeout=30)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        raw = r.read().decode("utf-8", "replace")
        ctype = r.getheader("Content-Type", "")
        data = json.loads(raw) if ctype.startswith("application/json") and raw else raw
        return r.status, dict(r.getheaders()), data
    finally:
        c.close()


def snake_keys(obj):
    """Every key with an underscore, anywhere in obj."""
    if isinstance(obj, dict):
        return [k for k in obj if "_" in k] + [x for v in obj.values() for x in snake_keys(v)]
    if isinstance(obj, list):
        return [x for v in obj for x in snake_keys(v)]
    return []


def cli_ids(args):
    events, r = h.query(args)
    return [e["id"] for e in events], r


def api_ids(query):
    """Every page of /v1/events?query: the ids in order."""
    out, token = [], ""
    for _ in range(100):
        q = query + ("&page_token=" + urllib.parse.quote(token) if token else "")
        st, _, body = get("/v1/events?" + q + "&page_size=3")
        if st != 200:
            return None, body
        out += [e["id"] for e in body["events"]]
        token = body["nextPageToken"]
        if not token:
            return out, body
    return None, "too many pages"


# ---- health, readiness, metrics ------------------------------------------------
st, _, body = get("/healthz")
h.check(st == 200 and body["status"] == "SERVING", "GET /healthz: 200 SERVING", body)
st, _, body = get("/readyz")
h.check(st == 200 and body["status"] == "SERVING" and body["query"] == "entente-query",
        "GET /readyz: 200, the query service answers", body)

# ---- /v1/events: every filter gives what Search gives over ZeroMQ ---------------
st, hdrs, body = get("/v1/events?page_size=1000")
h.check(st == 200 and {e["id"] for e in body["events"]} == ids and body["total"] == str(len(ids)),
        "GET /v1/events: every stored event, total as a string (int64 mapping)", body)
h.check(not snake_keys(body) and "docId" in body["events"][0] and
        "evidenceText" in body["events"][0] and "nextPageToken" in body,
        "JSON names follow protobuf's JSON mapping (lowerCamelCase)", snake_keys(body))
h.check(body["events"][0]["datePrecision"].startswith("DATE_"), "enums by name",
        body["events"][0].get("datePrecision"))
ev0 = next(e for e in extracted if "KR" in e["countries"] and "VN" in e["countries"])
person = next(e["people"][0] for e in extracted if e["people"])
FILTERS = [
    ("country=KR", ["--country", "KR"]),
    ("country=kr,fr", ["--country", "KR", "--country", "FR"]),
    ("pair=KR-VN", ["--pair", "KR-VN"]),
    ("type=visit", ["--type", "visit"]),
    ("type=agreement_signed&type=visit", ["--type", "agreement_signed", "--type", "visit"]),
    ("instrument=mou", ["--instrument", "mou"]),
    ("sector=semiconductors", ["--sector", "semiconductors"]),
    ("since=2024-01-01", ["--since", "2024-01-01"]),
    ("until=2023-12", ["--until", "2023-12"]),
    ("person=" + urllib.parse.quote(person), ["--person", person]),
    ("org=" + urllib.parse.quote("Samsung"), ["--org", "Samsung"]),
    ("location=Seoul", ["--location", "Seoul"]),
    ("q=semiconductor", ["--text", "semiconductor"]),
    ("q=securite&order=date-asc", ["--text", "securite", "--order", "date-asc"]),
    ("order=seq-desc", ["--order", "seq-desc"]),
    ("doc_id=" + ev0["doc_id"], ["--doc", ev0["doc_id"]]),
]
for query, args in FILTERS:
    got, last = api_ids(query)
    want, r = cli_ids(args)
    h.check(got is not None and got == want and r.returncode == 0,
            "GET /v1/events?%s (paged by 3): the events and order of Search (%d)" % (query, len(want)),
            (got, want, last, r.stderr))

# ---- /v1/events/{id}: the document and the evidence offsets --------------------
st, _, body = get("/v1/events/" + ev0["id"])
ev, doc = body.get("event", {}), body.get("document", {})
h.check(st == 200 and ev.get("id") == ev0["id"] and doc.get("docId") == ev0["doc_id"],
        "GET /v1/events/{id}: the event and its source document", body)
text = doc.get("text", "").encode("utf-8")
spans = [text[s["start"]:s["end"]].decode("utf-8") for s in ev.get("evidence", [])]
h.check(spans and all(s and s in ev["evidenceText"] for s in spans),
        "the evidence offsets (UTF-8 bytes) select the evidence sentences in the document",
        (spans, ev.get("evidenceText")))
h.check(body.get("verified") is True and body.get("verifyError") == "",
        "the event's ingest signature verifies against the gateway's keyring", body)

# ---- /v1/aggregate under the same filters -------------------------------------
for group in ("type", "country", "pair", "sector", "month", "year"):
    st, _, body = get("/v1/aggregate?group_by=" + group)
    buckets = body.get("buckets", []) if st == 200 else []
    h.check(st == 200 and buckets and all(isinstance(b["count"], str) for b in buckets),
            "GET /v1/aggregate?group_by=%s: buckets" % group, body)
counts = {}
for e in extracted:
    counts[e["type"]] = counts.get(e["type"], 0) + 1
st, _, body = get("/v1/aggregate?group_by=type")
h.check({b["key"]: int(b["count"]) for b in body["buckets"]} == counts,
        "aggregate by type counts the stored events", (body, counts))
kr = sum(1 for e in extracted if "KR" in e["countries"] and e["date"][:4] == "2023")
st, _, body = get("/v1/aggregate?group_by=year&country=KR")
h.check({b["key"]: int(b["count"]) for b in body["buckets"]}.get("2023") == kr,
        "aggregate takes the filters of /v1/events", body)


# ---- /v1/stream -----------------------------------------------------------------
def sse(path, headers=None, want=1, timeout=20):
    """Opens the stream; returns (status, [(id, event)], conn) after want events."""
    c = http.client.HTTPConnection(host, port, timeout=timeout)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    if r.status != 200:
        return r.status, json.loads(r.read() or b"{}"), c
    events, cur, until = [], {}, time.monotonic() + timeout
    while len(events) < want and time.monotonic() < until:
        line = r.fp.readline().decode("utf-8")
        if not line:
            break
        line = line.rstrip("\n")
        if line.startswith("id: "):
            cur["id"] = int(line[4:])
        elif line.startswith("data: "):
            cur["data"] = json.loads(line[6:])
        elif line == "" and "data" in cur:
            events.append((cur["id"], cur["data"]))
            cur = {}
    return 200, events, c


head = max(int(e["seq"]) for e in get("/v1/events?page_size=1000")[2]["events"])
st, got, c = sse("/v1/stream", {"Last-Event-ID": str(head - 3)}, want=3)
c.close()
h.check(st == 200 and [i for i, _ in got] == [head - 2, head - 1, head] and
        all(str(i) == e["seq"] for i, e in got),
        "GET /v1/stream with Last-Event-ID: N resumes at N+1, ids are sequence numbers", got)
want_visits = [e["id"] for e in extracted if e["type"] == "visit"]
st, got, c = sse("/v1/stream?from_seq=1&type=visit", want=len(want_visits))
c.close()
h.check(st == 200 and sorted(e["id"] for _, e in got) == sorted(want_visits),
        "the stream applies the filters (type=visit from_seq=1)", got)
st, got, c = sse("/v1/stream?from_seq=1&since=2024-01-01&country=VN", want=1)
c.close()
h.check(st == 200 and got and all(e["date"] >= "2024" for _, e in got),
        "filters the topics cannot express are confirmed by Search (since)", got)

# live: a new article arrives while the stream is open
NEW = os.path.join(h.tmp, "new.jsonl")
art = dict(read_jsonl(MAIN)[1])
art["doc_id"] = "it-http-live"
art["text"] = art["text"].replace("October 12, 2023", "March 3, 2025")
with open(NEW, "w", encoding="utf-8") as f:
    f.write(json.dumps(art, ensure_ascii=False) + "\n")
c = http.client.HTTPConnection(host, port, timeout=30)
c.request("GET", "/v1/stream?pair=KR-VN")
r = c.getresponse()
h.check(r.status == 200 and r.getheader("Content-Type").startswith("text/event-stream"),
        "GET /v1/stream: text/event-stream", r.getheaders())
ing = h.cli(["ingest", NEW], service="ingest")
h.check(ing.returncode == 0, "a new article is ingested", ing.stderr)
live, until = None, time.monotonic() + 20
while live is None and time.monotonic() < until:
    line = r.fp.readline().decode("utf-8")
    if line.startswith("data: "):
        live = json.loads(line[6:])
c.close()
h.check(live is not None and live["docId"] == "it-http-live",
        "a newly ingested event arrives on the open stream", live)

# ---- errors map like grpc-gateway -----------------------------------------------
ERRORS = [
    ("/v1/events?bogus=1", 400, 3, "unknown parameter"),
    ("/v1/events?page_size=0", 400, 3, "page_size"),
    ("/v1/events?order=sideways", 400, 3, "order"),
    ("/v1/events?since=2023-02-30", 400, 3, ""),
    ("/v1/events?pair=KRVN", 400, 3, "pair"),
    ("/v1/events?group_by=type", 400, 3, "not taken"),
    ("/v1/aggregate", 400, 3, "group_by"),
    ("/v1/aggregate?group_by=planet", 400, 3, "group_by"),
    ("/v1/stream?from_seq=x", 400, 3, "from_seq"),
    ("/v1/events?q=" + "x" * 2000, 400, 3, "longer"),
    ("/v1/events/0000000000000000000000000000dead", 404, 5, ""),
    ("/v2/nothing", 404, 5, "no such route"),
]
for path, status, code, words in ERRORS:
    st, hdrs, body = get(path)
    h.check(st == status and isinstance(body, dict) and body.get("code") == code and
            body.get("message") and words in body["message"],
            "%s: %d {code: %d, message}" % (path[:50], status, code), (st, body))
st, _, body = get("/v1/events", method="DELETE")
h.check(st == 403 and body["code"] == 7, "DELETE: 403 PERMISSION_DENIED (read-only)", body)
st, _, body = get("/v1/events", method="GET", body="x" * 100,
                  headers={"Content-Length": "100"})
h.check(st == 413, "a request with a body: 413", (st, body))

# the standalone binary, token required, one stream, no stream, a dead query
p_tok, p_one, p_dead = free_ports(3)
GW = os.path.join(h.bin, "entente-http")


def gateway(port_, extra, env_extra=None):
    env = dict(h.env, **(env_extra or {}))
    p = subprocess.Popen([GW, "--data", h.data, "--listen", "http://127.0.0.1:%d/" % port_,
                          "--timeout-ms", "1500"] + extra,
                         stdout=subprocess.PIPE, stderr=open(os.path.join(h.tmp, "gw.log"), "a"),
                         env=env, text=True)
    h.others.append(p)
    line = p.stdout.readline()
    return p, line.strip()


_, url = gateway(p_tok, ["--query-endpoint", h.endpoints["query"], "--pub-endpoint", "none"],
                 {"ENTENTE_HTTP_TOKEN": "s3cret"})
h.check(url == "http://127.0.0.1:%d/" % p_tok, "entente-http prints its URL", url)
st, hdrs, body = get("/v1/events", port_=p_tok)
h.check(st == 401 and body["code"] == 16 and "Bearer" in hdrs.get("WWW-Authenticate", ""),
        "ENTENTE_HTTP_TOKEN set, no token: 401 UNAUTHENTICATED", (st, body))
st, _, body = get("/v1/events", {"Authorization": "Bearer nope"}, port_=p_tok)
h.check(st == 401, "a wrong token: 401", body)
st, _, body = get("/v1/events?page_size=1", {"Authorization": "Bearer s3cret"}, port_=p_tok)
h.check(st == 200 and body["events"], "the right bearer token: 200", body)
st, _, body = get("/v1/stream", port_=p_tok)
h.check(st == 401, "the stream needs the token too", body)
st, _, body = get("/v1/stream?access_token=s3cret", port_=p_tok)
h.check(st == 501 and body["code"] == 12, "no event stream configured: 501 UNIMPLEMENTED",
        (st, body))
r = subprocess.run([GW, "--data", h.data, "--listen", "http://0.0.0.0:%d/" % p_one,
                    "--query-endpoint", h.endpoints["query"]], capture_output=True, text=True,
                   timeout=30, env=h.env)
h.check(r.returncode != 0 and "token" in r.stderr,
        "a non-loopback address without a token is refused", r.stderr)

_, url = gateway(p_one, ["--query-endpoint", h.endpoints["query"], "--pub-endpoint",
                         h.endpoints["pub"], "--replay-endpoint", h.endpoints["index"],
                         "--max-streams", "1"])
c = http.client.HTTPConnection(host, p_one, timeout=30)
c.request("GET", "/v1/stream")
first = c.getresponse()
st, _, body = get("/v1/stream", port_=p_one)
h.check(first.status == 200 and st == 429 and body["code"] == 8,
        "a stream beyond --max-streams: 429 RESOURCE_EXHAUSTED", (first.status, st, body))
c.close()

dead = "tcp://127.0.0.1:%d" % free_ports(1)[0]
_, url = gateway(p_dead, ["--query-endpoint", dead, "--pub-endpoint", "none"])
st, _, body = get("/v1/events", port_=p_dead)
h.check(st == 504 and body["code"] == 4, "query does not answer in time: 504 DEADLINE_EXCEEDED",
        (st, body))
st, _, body = get("/readyz", port_=p_dead)
h.check(st == 503 and body["code"] == 14, "/readyz while query is away: 503 UNAVAILABLE",
        (st, body))
st, _, body = get("/healthz", port_=p_dead)
h.check(st == 200, "/healthz is the gateway's own liveness", body)

# ---- slow and broken clients do not hurt it ---------------------------------------
slow = socket.create_connection((host, port))
slow.sendall(b"GET /v1/events HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
junk = socket.create_connection((host, port))
junk.sendall(b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
big = socket.create_connection((host, port))
big.sendall(b"GET /v1/events HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n")
st, _, body = get("/v1/events?page_size=1")
h.check(st == 200, "a slow client, garbage and a 200 KB header leave it serving", body)
big_reply = big.recv(200)
h.check(big_reply.startswith(b"HTTP/1.1 4"), "the oversized request gets a 4xx", big_reply)
for s in (slow, junk, big):
    s.close()

# ---- /metrics --------------------------------------------------------------------
st, hdrs, text = get("/metrics")
h.check(st == 200 and hdrs.get("Content-Type", "").startswith("text/plain") and
        re.search(r'^entente_http_requests_total\{route="events",code="200"\} \d+$', text, re.M) and
        re.search(r'^entente_http_requests_total\{route="events",code="400"\} \d+$', text, re.M) and
        re.search(r"^entente_http_stream_events_total \d+$", text, re.M) and
        re.search(r'^entente_http_request_duration_seconds_count\{route="events"\} \d+$', text,
                  re.M),
        "GET /metrics: Prometheus text with requests by route and code, latency", text[:2000])
h.check('entente_rpc_requests_total{service="entente-query"' in text,
        "under entente run it renders the shared registry (query's families too)", text[:2000])
h.check(h.alive("run"), "entente run is still serving")
h.finish()
