#!/usr/bin/python3
"""The store/ingest/query path against the three services as separate
processes: ingest the test articles, then every filter, pagination, accent
folding, duplicates, bad input lines, bad queries, Get and Aggregate.

Expected results are computed from `entente extract` on the same files (the
extractor is tested elsewhere; here the question is whether what it produces
is stored, signed, indexed and found), plus a few facts the articles make
unambiguous (a signing with a clear date between two named countries).
"""
import json
import os
import re

from itlib import ARTICLES, Harness, contains_phrase, date_bounds, tokens

h = Harness("store")
MAIN = os.path.join(ARTICLES, "partnerships.jsonl")
BAD = os.path.join(ARTICLES, "bad.jsonl")

docs = {d["doc_id"]: d for d in (json.loads(l) for l in open(MAIN, encoding="utf-8"))}
extracted = h.extract(MAIN)
by_id = {e["id"]: e for e in extracted}
assert len(by_id) == len(extracted), "entente extract gave one id twice"
for e in extracted:  # the text the store indexes: the evidence sentences
    text = docs[e["doc_id"]]["text"].encode("utf-8")
    e["_evidence_text"] = " ".join(text[s["start"]:s["end"]].decode("utf-8")
                                   for s in e["evidence"])


def summary(stderr):
    m = re.search(r"documents (\d+), events (\d+), duplicates (\d+), rejected (\d+)", stderr)
    return tuple(int(x) for x in m.groups()) if m else None


h.start_all()

# ---- ingest ----------------------------------------------------------------------
r = h.cli(["ingest", "--quiet", MAIN], service="ingest")
h.check(r.returncode == 0, "entente ingest of the test articles exits 0", r.stderr)
h.check(summary(r.stderr) == (len(docs), len(extracted), 0, 0),
        "ingest summary: documents %d, events %d, duplicates 0, rejected 0" % (
            len(docs), len(extracted)), r.stderr)
h.check(h.wait_settled(expect=len(extracted)) == len(extracted),
        "index and query hold the %d extracted events" % len(extracted))

everything, r = h.query([])
h.check(r.returncode == 0, "query without filters", r.stderr)
h.check(sorted(e["id"] for e in everything) == sorted(by_id),
        "the stored ids are the extracted ids, each once",
        (sorted(e["id"] for e in everything), sorted(by_id)))
fields = ("doc_id", "type", "instrument", "date", "countries", "sectors", "people", "location")
mismatch = [(e["id"], f, e.get(f), by_id[e["id"]].get(f)) for e in everything
            if e["id"] in by_id for f in fields if e.get(f) != by_id[e["id"]].get(f)]
h.check(not mismatch, "stored events carry the extracted fields", mismatch)
h.check(sorted(e["seq"] for e in everything) == list(range(1, len(extracted) + 1)),
        "sequence numbers are 1..N")
h.check(all(e["ingest_signature"] and e["ingest_key_id"] for e in everything),
        "every event carries its ingest signature")

# facts the articles make unambiguous
kr_vn = [e for e in everything if e["doc_id"] == "it-en-002"]
h.check(any(e["type"] == "agreement_signed" and e["date"] == "2023-10-12" and
            set(e["countries"]) >= {"KR", "VN"} for e in kr_vn),
        "it-en-002: a KR-VN signing on 2023-10-12 is stored", kr_vn)
fr_vn = [e for e in everything if e["doc_id"] == "it-fr-001"]
h.check(any(e["type"] == "agreement_signed" and e["date"] == "2024-04-15" and
            set(e["countries"]) >= {"FR", "VN"} for e in fr_vn),
        "it-fr-001: a FR-VN signing on 2024-04-15 is stored", fr_vn)

# ---- filters -----------------------------------------------------------------------


def in_range(e, since=None, until=None):
    lo, hi = date_bounds(e["date"])
    return (since is None or hi >= since) and (until is None or lo <= until)


def fts_any(e, col, phrase):
    if col == "text":
        return all(t in tokens(e["_evidence_text"]) for t in tokens(phrase))
    return contains_phrase(tokens("; ".join(e[col]) if isinstance(e[col], list) else e[col] or ""),
                           phrase)


filters = [
    (["--country", "VN"], lambda e: "VN" in e["countries"]),
    (["--country", "fr"], lambda e: "FR" in e["countries"]),
    (["--country", "KR", "--country", "JP"], lambda e: {"KR", "JP"} & set(e["countries"])),
    (["--with", "KR", "--with", "JP"], lambda e: {"KR", "JP"} <= set(e["countries"])),
    (["--pair", "VN-FR"], lambda e: {"FR", "VN"} <= set(e["countries"])),
    (["--pair", "KR-VN", "--country", "JP"],
     lambda e: {"KR", "VN", "JP"} <= set(e["countries"])),
    (["--type", "agreement_signed"], lambda e: e["type"] == "agreement_signed"),
    (["--type", "visit"], lambda e: e["type"] == "visit"),
    (["--type", "visit", "--type", "agreement_signed"],
     lambda e: e["type"] in ("visit", "agreement_signed")),
    (["--instrument", "mou"], lambda e: e["instrument"] == "mou"),
    (["--instrument", "agreement"], lambda e: e["instrument"] == "agreement"),
    (["--sector", "semiconductors"], lambda e: "semiconductors" in e["sectors"]),
    (["--sector", "telecommunications", "--sector", "information_security"],
     lambda e: {"telecommunications", "information_security"} & set(e["sectors"])),
    (["--since", "2024"], lambda e: in_range(e, since="2024-01-01")),
    (["--until", "2023-06"], lambda e: in_range(e, until="2023-06-31")),
    (["--since", "2023-10-12", "--until", "2024-02-05"],
     lambda e: in_range(e, "2023-10-12", "2024-02-05")),
    (["--since", "2024-04", "--until", "2024-04"], lambda e: in_range(e, "2024-04-01", "2024-04-31")),
    (["--person", "Tran Hong Ha"], lambda e: fts_any(e, "people", "Tran Hong Ha")),
    (["--person", "Nguyen Manh Hung"], lambda e: fts_any(e, "people", "Nguyen Manh Hung")),
    (["--location", "Seoul"], lambda e: fts_any(e, "location", "Seoul")),
    (["--location", "New Delhi"], lambda e: fts_any(e, "location", "New Delhi")),
    (["--doc", "it-fr-003"], lambda e: e["doc_id"] == "it-fr-003"),
    (["--text", "securite"], lambda e: fts_any(e, "text", "securite")),
    (["--text", "SÉCURITÉ"], lambda e: fts_any(e, "text", "securite")),
    (["--text", "semiconductor engineers"],
     lambda e: fts_any(e, "text", "semiconductor engineers")),
    (["--text", "satellite OR puces"],
     lambda e: fts_any(e, "text", "satellite") or fts_any(e, "text", "puces")),
    (["--text", "intelligen*"], lambda e: any(t.startswith("intelligen")
                                              for t in tokens(e["_evidence_text"]))),
    (["--pair", "KR-VN", "--type", "agreement_signed", "--since", "2023"],
     lambda e: {"KR", "VN"} <= set(e["countries"]) and e["type"] == "agreement_signed"
     and in_range(e, since="2023-01-01")),
    (["--country", "VN", "--sector", "human_resources", "--instrument", "mou"],
     lambda e: "VN" in e["countries"] and "human_resources" in e["sectors"]
     and e["instrument"] == "mou"),
]
nonempty = 0
for args, pred in filters:
    want = sorted(e["id"] for e in extracted if pred(e))
    nonempty += bool(want)
    for order in ("date", "date-asc", "seq", "seq-desc"):
        got, r = h.query(args + ["--order", order])
        ids = [e["id"] for e in got]
        ok = r.returncode == 0 and sorted(ids) == want
        if ok and order.startswith("date"):
            keys = [(date_bounds(e["date"])[0], e["seq"]) for e in got]
            ok = keys == sorted(keys, reverse=(order == "date"))
        elif ok:
            seqs = [e["seq"] for e in got]
            ok = seqs == sorted(seqs, reverse=(order == "seq-desc"))
        if not h.check(ok, "query %s --order %s: %d event(s), in order" % (
                " ".join(args), order, len(want)), (r.stderr, ids, want)):
            break
h.check(nonempty >= len(filters) - 2, "the filters are not vacuous (%d of %d match)" % (
    nonempty, len(filters)))

# accents: the article's "sécurité" (it-fr-009) and "Séoul" are found without them
sec = [e["doc_id"] for e in h.query(["--text", "securite"])[0]]
h.check("it-fr-009" in sec, '"securite" finds the "sécurité" of it-fr-009', sec)
seoul = sorted({e["doc_id"] for e in h.query(["--location", "seoul"])[0]})
h.check({"it-en-002", "it-fr-009"} <= set(seoul), '"seoul" finds Seoul and Séoul', seoul)

# ---- pagination --------------------------------------------------------------------
for args in ([], ["--country", "VN"], ["--since", "2023"], ["--text", "vietnam OR vietnamien"]):
    want = sorted(e["id"] for e in h.query(args)[0])
    for order in ("date", "date-asc", "seq", "seq-desc"):
        for size in (1, 2, 3):
            got, r = h.query(args + ["--order", order], page=size)
            ids = [e["id"] for e in got]
            h.check(r.returncode == 0 and len(ids) == len(set(ids)) and sorted(ids) == want,
                    "query %s --order %s --limit %d --all: every match once (%d)" % (
                        " ".join(args), order, size, len(want)), (r.stderr, ids, want))

# by hand: --page-token from stderr, page after page
ids, token, pages = [], None, 0
while pages < 100:
    args = ["query", "--json", "--limit", "2", "--order", "date"]
    r = h.cli(args + (["--page-token", token] if token else []))
    if r.returncode != 0:
        break
    ids += [json.loads(l)["id"] for l in r.stdout.splitlines() if l.strip()]
    pages += 1
    m = re.search(r"--page-token (\S+)", r.stderr)
    token = m.group(1) if m else None
    if not token:
        break
h.check(sorted(ids) == sorted(by_id) and len(ids) == len(set(ids)) and
        pages == (len(by_id) + 1) // 2,
        "--page-token by hand: %d pages of 2, every event once" % pages, (ids, pages))

# ---- bad queries: INVALID_ARGUMENT, never INTERNAL ------------------------------------
r = h.cli(["query", "--json", "--limit", "1", "--country", "VN"])
m = re.search(r"--page-token (\S+)", r.stderr)
other_token = m.group(1) if m else "none"
h.check(m is not None, "a first page of --country VN gives a page token", r.stderr)
bad_queries = [
    ["--country", "XX"],
    ["--country", "VNM"],
    ["--with", "QQ"],
    ["--pair", "VN-ZZ"],
    ["--since", "2024-05", "--until", "2024-01"],
    ["--since", "2024-03-02", "--until", "2024-03-01"],
    ["--since", "2024-13"],
    ["--since", "2023-02-30"],
    ["--until", "10000-01-01"],
    ["--until", "yesterday"],
    ["--country", "FR", "--page-token", other_token],
    ["--country", "VN", "--order", "seq", "--page-token", other_token],
    ["--page-token", "not-a-token"],
    ["--text", '"unterminated'],
    ["--text", "NEAR("],
    ["--text", "NEAR(a b"],
    ["--text", "AND"],
    ["--text", "sécurité OR"],
    ["--text", "(securite"],
    ["--text", "nocolumn: x"],
    ["--text", "*"],
    ["--type", "no_such_type"],
    ["--instrument", "handshake"],
    ["--sector", "astrology"],
]
for args in bad_queries:
    r = h.cli(["query", "--json"] + args)
    h.check(r.returncode != 0 and "INVALID_ARGUMENT" in r.stderr and "INTERNAL" not in r.stderr
            and not r.stdout.strip(),
            "query %s: INVALID_ARGUMENT" % " ".join(args), (r.returncode, r.stderr, r.stdout))
h.check(h.alive("query"), "query still runs after the bad queries")

# ---- Get -------------------------------------------------------------------------------
target = next(e for e in everything if e["doc_id"] == "it-en-002")
r = h.cli(["get", target["id"]])
h.check(r.returncode == 0 and re.search(r"^signature\s+verified", r.stdout, re.M) is not None,
        "entente get ID: signature verified", r.stdout + r.stderr)
h.check("evidence:" in r.stdout and "memorandum of understanding on semiconductor" in r.stdout,
        "entente get ID shows the evidence sentence of the document", r.stdout)
h.check(re.search(r"^id\s+%s$" % target["id"], r.stdout, re.M) is not None and
        "it-en-002" in r.stdout, "entente get ID shows the id and the document", r.stdout)
r = h.cli(["get", "--json", target["id"]])
got = json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else {}
h.check(got.get("id") == target["id"] and got.get("countries") == target["countries"],
        "entente get ID --json", r.stdout + r.stderr)
r = h.cli(["get", "0" * 32])
h.check(r.returncode == 3 and "NOT_FOUND" in r.stderr, "entente get of an unknown id: NOT_FOUND",
        (r.returncode, r.stderr))

# ---- Aggregate (entente stats) ------------------------------------------------------------


def stats_sections(text):
    out, cur = {}, None
    for line in text.splitlines():
        if line.startswith("events: "):
            out["events"] = int(line.split()[1])
        elif line.endswith(":") and not line.startswith(" "):
            cur = out.setdefault(line[:-1], {})
        elif cur is not None and line.startswith("  ") and "more" not in line:
            k, v = line.split()
            cur[k] = int(v)
    return out


def counts(keys_of):
    c = {}
    for e in extracted:
        for k in keys_of(e):
            c[k] = c.get(k, 0) + 1
    return c


r = h.cli(["stats"])
st = stats_sections(r.stdout)
h.check(r.returncode == 0 and st.get("events") == len(extracted), "stats: events %d" % len(
    extracted), r.stdout + r.stderr)
h.check(st.get("by type") == counts(lambda e: [e["type"]]), "stats: by type",
        (st.get("by type"), counts(lambda e: [e["type"]])))
h.check(st.get("by country") == counts(lambda e: e["countries"]), "stats: by country",
        (st.get("by country"), counts(lambda e: e["countries"])))
pairs = counts(lambda e: ["%s-%s" % (a, b) for a in e["countries"] for b in e["countries"]
                          if a < b])
h.check(st.get("by country pair") == pairs, "stats: by country pair",
        (st.get("by country pair"), pairs))
years = counts(lambda e: [e["date"][:4]] if e["date"] else [])
h.check(st.get("by year") == years, "stats: by year", (st.get("by year"), years))

# ---- duplicates ---------------------------------------------------------------------------
r = h.cli(["ingest", "--quiet", MAIN], service="ingest")
h.check(r.returncode == 0 and summary(r.stderr) == (0, 0, len(docs), 0),
        "the same file again: documents 0, events 0, duplicates %d" % len(docs), r.stderr)
one = dict(docs["it-fr-003"])
one["doc_id"] = "it-fr-003-copy"  # same text under another id: a duplicate (by sha256)
changed = dict(docs["it-en-004"])
changed["text"] += "\n\nA follow-up meeting is planned."  # same id, other text: refused
path = os.path.join(h.tmp, "dups.jsonl")
with open(path, "w", encoding="utf-8") as f:
    f.write(json.dumps(one, ensure_ascii=False) + "\n")
    f.write(json.dumps(changed, ensure_ascii=False) + "\n")
r = h.cli(["ingest", "--quiet", path], service="ingest")
h.check(r.returncode == 1 and summary(r.stderr) == (0, 0, 1, 1) and
        re.search(r"dups\.jsonl:2: ALREADY_EXISTS", r.stderr) is not None,
        "same text under a new doc_id is a duplicate; a doc_id with another text is "
        "refused at FILE:LINE with exit 1", (r.returncode, r.stderr))

# ---- paging while events arrive: started before the next ingest, ended after it -----------


def page(order, token=None):
    args = ["query", "--json", "--limit", "3", "--order", order]
    r = h.cli(args + (["--page-token", token] if token else []))
    m = re.search(r"--page-token (\S+)", r.stderr)
    return [json.loads(l)["id"] for l in r.stdout.splitlines() if l.strip()], (
        m.group(1) if m else None), r


open_pages = {order: page(order)[:2] for order in ("date", "date-asc", "seq", "seq-desc")}

# ---- bad lines ----------------------------------------------------------------------------
bad_extracted = h.extract(BAD, bad_lines_ok=True)
r = h.cli(["ingest", "--quiet", BAD], service="ingest")
h.check(r.returncode == 1, "entente ingest of a file with bad lines exits 1", r.stderr)
h.check(re.search(r"bad\.jsonl:2\b", r.stderr) is not None and
        re.search(r"bad\.jsonl:3\b", r.stderr) is not None,
        "the bad lines are reported as FILE:LINE (2: not JSON, 3: empty text)", r.stderr)
h.check(summary(r.stderr) == (2, len(bad_extracted), 0, 2),
        "summary: documents 2, events %d, duplicates 0, rejected 2" % len(bad_extracted),
        r.stderr)
total = len(extracted) + len(bad_extracted)
h.check(h.wait_settled(expect=total) == total,
        "the good lines around the bad ones are stored (%d events in all)" % total)
got = {e["id"] for e in h.query([])[0]}
h.check(got == set(by_id) | {e["id"] for e in bad_extracted},
        "after duplicates and bad lines: each extracted id stored exactly once")
for order, (ids, token) in open_pages.items():
    n = 0
    while token and n < 50:
        more, token, r = page(order, token)
        ids += more
        n += 1
    h.check(len(ids) == len(set(ids)) and set(by_id) <= set(ids),
            "--order %s: pages asked for while new events arrived show every earlier event "
            "once, none twice" % order, ids)
seqs = [s for (s,) in h.sql("index.db", "SELECT seq FROM events ORDER BY seq")]
h.check(seqs == list(range(1, total + 1)), "index sequence numbers 1..%d, no gap" % total)

for name in ("index", "ingest", "query"):
    h.check(h.alive(name), "entente-%s still runs" % name)
h.finish()
