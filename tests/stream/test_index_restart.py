#!/usr/bin/python3
"""index killed with SIGKILL and started again, twice, in the middle of a
live stream: subscribers (every event; type meeting; the libentente stream_sub
tool) end with every event exactly once, in order. The appender retries what
index had not acknowledged; index stores each id once.
"""
import time

from streamlib import StreamHarness

N = 8000

h = StreamHarness("stream-index-restart")
h.start("index")
h.append(0, 200, chunk=100)
cli_subs = {"all": [], "meeting": ["meeting"]}
procs = {name: h.subscribe_cli(name, types=t) for name, t in cli_subs.items()}
tool = h.tool_bg(["subscribe", "--endpoint", h.endpoints["pub"], "--replay-endpoint",
                  h.endpoints["index"], "--data", h.data, "--count", str(N),
                  "--timeout-ms", "120000"], "tool")
appender = h.append(200, N - 200, chunk=20, pause_ms=5, background=True)

for frac in (0.33, 0.66):
    h.wait_for("index at %d%%" % (frac * 100), lambda: h.index_count()[0] >= frac * N, 60)
    h.kill("index")
    h.log("kill -9 index at %s" % (h.index_count(),))
    time.sleep(0.5)
    h.start("index")
    h.log("index restarted")
h.check(appender.wait(timeout=120) == 0, "the appender committed all %d events" % N)
h.check(h.index_count() == (N, N), "index holds %d events, seq 1..%d" % (N, N),
        h.index_count())

h.check(tool.wait(timeout=60) == 0, "the stream_sub tool received %d events" % N)
h.compare(h.tool_events("tool"), h.replay(), "stream_sub tool")
h.log("stream_sub tool: %s" % h.stats("tool"))
for name, types in cli_subs.items():
    h.check_cli_subscriber(name, procs[name], "subscriber %s across two index restarts" % name,
                           types=types)
h.finish()
