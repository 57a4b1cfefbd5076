#!/usr/bin/python3
"""Forged frames on the stream are dropped and counted, never delivered.
Subscribers connect to a relay of index's stream (stream_it relay --forge)
that puts before each genuine frame one signed by a key not in the keyring
and one with a broken signature; the relay of the verifying subscriber also sends, for
about half the batches, a frame signed with the index key whose first event
was altered after ingest signed it. Each subscriber gets exactly Replay's
events (the altered ones fetched again, genuine, by Replay), and counts what
it dropped.
"""
import time

from streamlib import StreamHarness, free_ports

N = 2000

h = StreamHarness("stream-forged")
h.start("index")
relays = {}
for name, tamper in (("plain", False), ("tamper", True)):
    ep = "tcp://127.0.0.1:%d" % free_ports(1)[0]
    relays[name] = (ep, h.relay("relay-" + name, ep,
                                ["--tamper-events"] if tamper else ["--forge"]))
subs = {
    # name: relay, filter, verify each event
    "frames": ("plain", ["--country", "VN"], False),
    "events": ("tamper", [], True),
}
procs = {}
for name, (relay, filt, verify) in subs.items():
    procs[name] = h.tool_bg(["subscribe", "--endpoint", relays[relay][0], "--replay-endpoint",
                             h.endpoints["index"], "--data", h.data, "--timeout-ms", "60000"]
                            + filt + (["--verify-events"] if verify else []), name)
time.sleep(1.0)  # the relays and subscribers connect
h.append(0, N, chunk=20, pause_ms=5)

for name, (relay, filt, verify) in subs.items():
    want = h.replay(countries=filt[1:])
    h.wait_for("subscriber %s" % name, lambda: len(h.tool_events(name)) >= len(want), 60)
    h.stop(procs[name])
    got = h.tool_events(name)
    h.compare(got, want, "subscriber behind relay %s" % relay)
    h.check(not any("FORGED" in e[4] for e in got), "no altered event was delivered to %s" % name)
    s = h.stats(name)
    h.log("subscriber %s: %s" % (name, s))
    h.check(s.get("bad_frames", 0) > 0, "%s dropped and counted forged frames (%s)" % (
        name, s.get("bad_frames")))
    if verify:
        h.check(s.get("bad_events", 0) > 0, "%s dropped and counted altered events (%s)" % (
            name, s.get("bad_events")))
        h.check(0 < s.get("replayed", 0) < len(got),
                "%s took the genuine events of altered frames from Replay, the rest from the "
                "stream (%s of %d replayed)" % (name, s.get("replayed"), len(got)))
for name, (ep, p) in relays.items():
    h.stop(p)
    h.log("relay %s sent: %s" % (name, h.stats("relay-" + name)))
h.finish()
