#!/usr/bin/python3
"""A subscriber slower than the publisher: a receive high-water mark of 2
frames and a callback that takes 200 us per event (the first one held until
all 20,000 events are published, so it is behind by the whole stream on any
machine), against an index whose stream queues 10 frames per subscriber.
ZeroMQ drops frames on both sides; the subscriber still ends with every
event once, in order, and its counter of gaps filled by Replay is above
zero.
"""
import os

from streamlib import StreamHarness

N = 20000

h = StreamHarness("stream-throttle")
h.index_extra += ["--stream-hwm", "10"]
h.start("index")
sub = h.tool_bg(["subscribe", "--endpoint", h.endpoints["pub"], "--replay-endpoint",
                 h.endpoints["index"], "--data", h.data, "--count", str(N), "--rcvhwm", "2",
                 "--delay-us", "200", "--hold-file", os.path.join(h.tmp, "published"),
                 "--timeout-ms", "150000"], "slow")
h.append(0, N, chunk=50, pad=1000)
h.log("appended %d events" % N)
open(os.path.join(h.tmp, "published"), "w").close()
h.check(sub.wait(timeout=160) == 0, "the slow subscriber received %d events" % N)
h.compare(h.tool_events("slow"), h.replay(), "slow subscriber")
stats = h.stats("slow")
h.log("slow subscriber: %s" % stats)
h.check(stats.get("gaps_filled", 0) > 0 and stats.get("replayed", 0) > 0,
        "the slow subscriber filled gaps with Replay (gaps_filled %s, replayed %s)" % (
            stats.get("gaps_filled"), stats.get("replayed")))
h.finish()
