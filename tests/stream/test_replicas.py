#!/usr/bin/python3
"""Query replicas follow the stream. Two query services (each with its own
data directory) start after index holds 100,000 events: they catch up by
Replay, then follow live events woken by the stream (their polling is set
to a minute, so only the stream can bring the live events in time). Once
caught up, both answer the same Replay, Search and stats identically, and
as index.
"""
import json
import os
import re
import shutil
import subprocess
import time

from streamlib import StreamHarness, free_ports

h = StreamHarness("stream-replicas", [(("--events",), {"type": int, "default": 100000})])
N, LIVE = h.args.events, 2000
POLL_MS = 60000


def query_argv(data, endpoint):
    return [os.path.join(h.bin, "entente-query"), "--data", data, "--endpoint", endpoint,
            "--index-endpoint", h.endpoints["index"], "--pub-endpoint", h.endpoints["pub"],
            "--poll-ms", str(POLL_MS), "--metrics-endpoint", "none", "--log-level", "info"]


def count(endpoint):
    r = h.cli(["stats", "--timeout-ms", "5000"], endpoint=endpoint)
    m = re.search(r"^events: (\d+)$", r.stdout, re.M)
    return int(m.group(1)) if r.returncode == 0 and m else None


h.start("index")
t0 = time.monotonic()
h.append(0, N, chunk=1000)
h.log("index holds %s events after %.1fs of Append" % (h.index_count(), time.monotonic() - t0))

replicas = {}
for name in ("a", "b"):
    data = os.path.join(h.tmp, "data-" + name)
    os.makedirs(data)
    shutil.copytree(os.path.join(h.data, "keys"), os.path.join(data, "keys"))
    shutil.copy(os.path.join(h.data, "keyring"), os.path.join(data, "keyring"))
    ep = "tcp://127.0.0.1:%d" % free_ports(1)[0]
    log = open(os.path.join(h.tmp, "query-%s.log" % name), "w")
    p = subprocess.Popen(query_argv(data, ep), stdout=log, stderr=subprocess.STDOUT, env=h.env)
    h.others.append(p)
    log.close()
    replicas[name] = ep
    h.wait_for("query %s to answer" % name, lambda: p.poll() is not None or count(ep) is not None,
               30)
    if p.poll() is not None:
        h.check(False, "query %s is running" % name)
        h.finish()
t0 = time.monotonic()
for name, ep in replicas.items():
    h.check(h.wait_for("replica %s to catch up" % name, lambda: count(ep) == N, 300),
            "query %s caught up with %d events by Replay" % (name, N))
h.log("both replicas caught up in %.1fs" % (time.monotonic() - t0))

# a subscriber that fills its gaps from a replica, not from index
sub = h.tool_bg(["subscribe", "--endpoint", h.endpoints["pub"], "--replay-endpoint",
                 replicas["a"], "--data", h.data, "--type", "aid", "--from-seq", str(N - 999),
                 "--count", str((1000 + LIVE) // 4), "--timeout-ms", "60000"], "via-replica")
t0 = time.monotonic()
h.append(N, LIVE, chunk=20, pause_ms=5)
for name, ep in replicas.items():
    h.check(h.wait_for("replica %s to follow" % name, lambda: count(ep) == N + LIVE, 20),
            "query %s followed %d live events (polling every %ds: woken by the stream)" % (
                name, LIVE, POLL_MS // 1000))
h.log("live events reached both replicas %.1fs after the first was appended" % (
    time.monotonic() - t0))

h.check(sub.wait(timeout=70) == 0, "a subscriber replaying from query a got its events")
h.compare(h.tool_events("via-replica"), [e for e in h.replay(["aid"]) if e[0] > N - 1000],
          "subscriber filling gaps from query a")

full = h.replay()
h.check(len(full) == N + LIVE, "index replays %d events" % len(full))
for name, ep in replicas.items():
    h.check(h.replay(endpoint=ep) == full, "query %s replays exactly index's events" % name)
for name, ep in replicas.items():
    h.check(h.replay(["meeting"], ["FR"], endpoint=ep) == h.replay(["meeting"], ["FR"]),
            "query %s replays index's meeting/FR events" % name)

searches = [["--type", "visit", "--country", "VN", "--limit", "1000"],
            ["--pair", "FR-VN", "--order", "seq", "--limit", "1000"],
            ["--country", "JP", "--order", "seq-desc", "--limit", "1000"]]
for args in searches:
    answers = []
    for name, ep in replicas.items():
        r = h.cli(["query"] + args + ["--all", "--json"], endpoint=ep)
        answers.append((r.returncode, r.stdout))
    events = [json.loads(line) for line in answers[0][1].splitlines() if line.strip()]
    h.check(answers[0][0] == 0 and events and answers[0] == answers[1],
            "both replicas answer query %s identically (%d events)" % (" ".join(args),
                                                                        len(events)))
stats = [h.cli(["stats"], endpoint=ep).stdout for ep in replicas.values()]
h.check(stats[0] == stats[1] and "events: %d" % (N + LIVE) in stats[0],
        "both replicas answer stats identically")
h.finish()
