#!/usr/bin/python3
"""The network between index and its subscribers cut twice for a second in
the middle of a live stream: subscribers reach index's stream through a
relay (stream_it relay) that is killed with SIGKILL and started again on the
same endpoint. Index keeps committing meanwhile. Every subscriber (every
event, country JP, the libentente stream_sub tool) ends with each event
exactly once, in order, the ones it could not hear filled by Replay.
"""
import signal
import time

from streamlib import StreamHarness, free_ports

N = 6000

h = StreamHarness("stream-network-cut")
h.start("index")
relay_ep = "tcp://127.0.0.1:%d" % free_ports(1)[0]
relay = h.relay("relay", relay_ep)
cli_subs = {"all": [], "jp": ["JP"]}
procs = {name: h.subscribe_cli(name, countries=cc, pub=relay_ep) for name, cc in cli_subs.items()}
tool = h.tool_bg(["subscribe", "--endpoint", relay_ep, "--replay-endpoint", h.endpoints["index"],
                  "--data", h.data, "--count", str(N), "--timeout-ms", "120000"], "tool")
appender = h.append(0, N, chunk=20, pause_ms=5, background=True)

for cut in range(2):
    time.sleep(0.8)
    relay.send_signal(signal.SIGKILL)
    relay.wait()
    h.log("network cut at index head %d" % h.index_count()[1])
    time.sleep(1.0)
    relay = h.relay("relay", relay_ep, mode="a")
    h.log("network back at index head %d" % h.index_count()[1])
h.check(appender.wait(timeout=120) == 0, "the appender committed %d events" % N)

h.check(tool.wait(timeout=60) == 0, "the stream_sub tool received %d events" % N)
h.compare(h.tool_events("tool"), h.replay(), "stream_sub tool")
stats = h.stats("tool")
h.log("stream_sub tool: %s" % stats)
h.check(stats.get("gaps_filled", 0) > 0, "the tool filled the cuts' gaps by Replay")
for name, cc in cli_subs.items():
    h.check_cli_subscriber(name, procs[name], "subscriber %s across two network cuts" % name,
                           countries=cc)
h.stop(relay)
h.finish()
