#!/usr/bin/python3
"""The analysts' page in a real browser (headless Chromium over the DevTools
protocol): it loads with the timeline, the partner pairs and the events;
a filter typed on the keyboard goes to the URL and narrows the list; the
event of a test article opens to its evidence highlighted in the article
and its verified signature; a newly ingested event arrives live; the page
fits a phone's width. Saves screenshots as artifacts. Skips (77) only when
Chromium cannot start here."""
import json
import os
import subprocess
import sys

from cdp import Browser
from itlib import ARTICLES, HERE, Harness, read_jsonl

h = Harness("web", [(["--artifacts"], {"required": True}),
                    (["--generated"], {"type": int, "default": 150}),
                    (["--screenshot"], {"default": None})])
browser, why = Browser.start()
if browser is None:
    print("SKIP: %s" % why)
    sys.exit(77)
h.others.append(browser.proc)
os.makedirs(h.args.artifacts, exist_ok=True)

MAIN = os.path.join(ARTICLES, "partnerships.jsonl")
GEN = os.path.join(h.tmp, "generated.jsonl")
subprocess.run([sys.executable, os.path.join(HERE, "gen_docs.py"), str(h.args.generated), GEN],
               check=True)
extracted = h.extract(MAIN)
base = h.start_run(["--ingest", MAIN, "--ingest", GEN])
total = len(extracted) + len(h.extract(GEN))
h.log("gateway at %s, %d events" % (base, total))
b = browser
EVENTS = "document.querySelectorAll('#list li[data-id]')"


def shot(name):
    path = os.path.join(h.args.artifacts, name)
    b.screenshot(path)
    h.log("screenshot %s" % path)
    return path


try:
    b.goto(base + "/")
    loaded = b.wait("%s.length > 0 && document.querySelector('#chart svg') && "
                    "document.querySelectorAll('#pairs button').length > 0" % EVENTS)
    h.check(loaded, "the page loads: events, the monthly timeline, the partner pairs")
    h.check(b.eval("document.getElementById('count').dataset.total") == str(total),
            "it counts every stored event (%d)" % total,
            b.eval("document.getElementById('count').textContent"))
    bars = b.eval("[...document.querySelectorAll('#chart svg g rect')].map(r => r.getAttribute('fill'))")
    h.check(bars and len(set(bars)) > 1, "the timeline stacks the months by type (%d colours)" %
            len(set(bars or [])), bars)
    pair = b.eval("document.querySelector('#pairs button .pair-name').textContent")
    h.check(pair and "-" in pair, "the partner pairs are listed, busiest first (%s)" % pair)

    # a filter, typed and submitted with the keyboard, lands in the URL
    b.eval("document.querySelector('input[name=pair]').focus()")
    b.type_text("KR-VN")
    b.key("Enter")
    kr_vn = [e for e in extracted if {"KR", "VN"} <= set(e["countries"])]
    narrowed = b.wait("location.search.includes('pair=KR-VN') && %s.length === %d" %
                      (EVENTS, len(kr_vn)))
    h.check(narrowed, "the pair filter goes to the URL and narrows the list to %d events" %
            len(kr_vn), b.eval("location.search + ' ' + %s.length" % EVENTS))
    cc = b.eval("[...document.querySelectorAll('#list li[data-id] .cc')].map(e => e.textContent)")
    h.check(cc and all("KR" in c and "VN" in c for c in cc), "every event listed is KR and VN", cc)

    # the URL is the view: opened afresh, it shows the same
    b.goto(base + "/?pair=KR-VN")
    h.check(b.wait("document.querySelector('input[name=pair]').value === 'KR-VN' && "
                   "%s.length === %d" % (EVENTS, len(kr_vn))),
            "a shared URL opens the same filtered view")

    # the event of a test article opens to its evidence and signature
    target = next(e for e in kr_vn if e["doc_id"] == "it-en-002")
    b.eval("document.querySelector('#list li[data-id=\"%s\"] button').focus()" % target["id"])
    b.key("Enter")
    mark = b.wait("document.getElementById('detail').open && "
                  "document.querySelector('#d-body mark') && "
                  "document.querySelector('#d-body mark').textContent")
    doc = next(d for d in read_jsonl(MAIN) if d["doc_id"] == "it-en-002")
    want = doc["text"].encode("utf-8")[target["evidence"][0]["start"]:
                                       target["evidence"][0]["end"]].decode("utf-8")
    h.check(mark == want, "its evidence sentence is highlighted in the article text",
            (mark, want))
    article = b.eval("document.querySelector('#d-body .article').textContent")
    h.check(article == doc["text"], "the whole article is shown around it")
    sig = b.eval("(e => e.className + ': ' + e.textContent)(document.getElementById('sig'))")
    h.check(sig and sig.startswith("sig ok") and "verified" in sig,
            "the event shows its signature verified", sig)
    shot("web-evidence.png")
    b.key("Escape")
    h.check(b.wait("!document.getElementById('detail').open", 5), "Escape closes the evidence")

    # a new article arrives while the page is open
    new = dict(next(d for d in read_jsonl(MAIN) if d["doc_id"] == "it-en-002"))
    new["doc_id"] = "it-web-live"
    new["text"] = new["text"].replace("October 12, 2023", "March 3, 2025")
    path = os.path.join(h.tmp, "live.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(new, ensure_ascii=False) + "\n")
    h.check(b.wait("document.getElementById('live').classList.contains('on')", 10),
            "the page is connected to the live stream")
    r = h.cli(["ingest", path], service="ingest")
    h.check(r.returncode == 0, "a new article is ingested", r.stderr)
    arrived = b.wait("[...document.querySelectorAll('#list li.new .ev-doc')]"
                     ".some(e => e.textContent === 'it-web-live')", 30)
    h.check(arrived, "its event appears live at the top of the list")
    fresh = [e for e in h.extract(path) if {"KR", "VN"} <= set(e["countries"])]
    h.check(b.wait("document.getElementById('count').dataset.total === '%d'" %
                   (len(kr_vn) + len(fresh)), 10), "the count follows (+%d)" % len(fresh),
            b.eval("document.getElementById('count').dataset.total"))
    shot("web-live.png")

    # the whole page, for the README
    b.goto(base + "/")
    b.wait("%s.length > 0 && document.querySelectorAll('#pairs button').length > 0" % EVENTS)
    b.wait("false", 1.5)  # let the charts settle
    page = shot("web-page.png")
    if h.args.screenshot:
        b.screenshot(h.args.screenshot)

    # a phone: one column, nothing wider than the screen
    b.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2,
           mobile=True)
    b.goto(base + "/")
    b.wait("%s.length > 0" % EVENTS)
    wide = b.eval("[...document.querySelectorAll('input, select, button, section, svg')]"
                  ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                  ".map(e => e.name || e.id || e.tagName)")
    h.check(wide == [] and b.eval("document.documentElement.scrollWidth <= window.innerWidth + 1"),
            "on a phone's width nothing overflows sideways", wide)
    shot("web-phone.png")
    size = sum(len(b.eval("fetch('/%s').then(r => r.text())" % f).encode("utf-8"))
               for f in ("", "app.css", "app.js", "favicon.svg"))
    h.check(size < 150 * 1024, "the page's files weigh %d bytes (< 150 KB)" % size)
finally:
    browser.close()
h.finish()
