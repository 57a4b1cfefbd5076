#!/usr/bin/python3
"""entente-query without the event stream (--pub-endpoint none): its replica
keeps up by polling index's Replay every --poll-ms, and the service keeps
answering between polls (a poll timeout is not a stream message)."""
import os

from itlib import ARTICLES, Harness


class PollHarness(Harness):
    def service_argv(self, name):
        argv = super().service_argv(name)
        if name == "query":
            argv += ["--pub-endpoint", "none", "--poll-ms", "200"]
        return argv


h = PollHarness("query-poll")
h.start_all()
main = os.path.join(ARTICLES, "partnerships.jsonl")
n = len(h.extract(main))
r = h.cli(["ingest", "--quiet", main], service="ingest")
h.check(r.returncode == 0, "ingest of the test articles", r.stderr)
h.check(h.wait_settled(expect=n) == n, "query without a stream holds all %d events" % n)
h.check(h.alive("query"), "query still runs after its polls")
h.finish()
