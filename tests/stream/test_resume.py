#!/usr/bin/python3
"""A subscriber killed with SIGKILL in the middle of a live stream and
started again from the last sequence it processed misses nothing and repeats
nothing. Two subscribers (every event; country VN) each write JSON Lines to
one file across three runs: after each kill -9 the next run starts at
--from-seq (last complete line's seq + 1), as a consumer that records its
progress with its output would. In the end each file holds exactly the
events of a Replay of the store, in order.
"""
import signal
import time

from streamlib import StreamHarness

SUBS = {"all": [], "vn": ["VN"]}
N = 6000

h = StreamHarness("stream-resume")
h.start("index")
h.append(0, 300, chunk=100)
procs = {name: h.subscribe_cli(name, countries=cc) for name, cc in SUBS.items()}
appender = h.append(300, N - 300, chunk=20, pause_ms=5, background=True)

for round_ in range(2):
    time.sleep(1.0)
    for name, cc in SUBS.items():
        procs[name].send_signal(signal.SIGKILL)
        procs[name].wait()
        got = h.cli_events(name)
        # what a cut last line held was not processed: drop it from the file
        with open(h.out_path(name), "r+", encoding="utf-8") as f:
            text = f.read()
            f.seek(0)
            f.truncate()
            f.write(text[:text.rfind("\n") + 1])
        resume = got[-1][0] + 1 if got else 1
        h.log("kill -9 subscriber %s after %d events; resuming at seq %d (index head %d)" % (
            name, len(got), resume, h.index_count()[1]))
        procs[name] = h.subscribe_cli(name, countries=cc, from_seq=resume, mode="a")
h.check(appender.wait(timeout=120) == 0, "the appender committed %d events" % N)
h.check(h.index_count() == (N, N), "index holds %d events, seq 1..%d" % (N, N))

for name, cc in SUBS.items():
    h.check_cli_subscriber(name, procs[name], "subscriber %s over three runs" % name,
                           countries=cc)
h.finish()
