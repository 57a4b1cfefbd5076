"""Shared parts of the stream tests: the integration harness (itlib) with
entente-index on free ports, the stream_it tool (fast Append, Replay,
throttled subscriber, forging relay) and `entente subscribe` processes whose
output is compared with a Replay of the store.

An event is compared as the tuple (seq, id, type, countries, evidence_text).
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from itlib import Harness, free_ports  # noqa: E402

HEARTBEAT_MS = 200


class StreamHarness(Harness):
    def __init__(self, name, extra_args=None):
        super().__init__(name, [(("--stream-it",), {"required": True})] + (extra_args or []))
        self.tool = self.args.stream_it
        # plain tcp for every process of the test (see stream_it.h for why)
        self.env["ENTENTE_INSECURE_PLAINTEXT"] = "1"
        self.index_extra = ["--heartbeat-ms", str(HEARTBEAT_MS)]

    def service_argv(self, name):
        argv = super().service_argv(name)
        if name == "index":
            argv += self.index_extra
        else:
            argv += ["--pub-endpoint", self.endpoints["pub"]]
        return argv

    def tool_bg(self, args, out_name, mode="w"):
        """Runs stream_it ARGS in the background: TMP/out_name.out and .err.log."""
        out = open(os.path.join(self.tmp, out_name + ".out"), mode)
        err = open(os.path.join(self.tmp, out_name + ".err.log"), mode)
        p = subprocess.Popen([self.tool] + list(args), stdout=out, stderr=err, env=self.env)
        out.close()
        err.close()
        self.others.append(p)
        return p

    def append(self, first, count, chunk=20, pause_ms=0, pad=0, background=False):
        args = ["append", "--endpoint", self.endpoints["index"], "--data", self.data,
                "--from", str(first), "--count", str(count), "--chunk", str(chunk),
                "--pause-ms", str(pause_ms), "--pad", str(pad)]
        if background:
            return self.tool_bg(args, "append-%d" % first)
        r = subprocess.run([self.tool] + args, capture_output=True, text=True, env=self.env,
                           timeout=600)
        if r.returncode != 0:
            raise RuntimeError("stream_it append: %s" % r.stderr)
        return None

    def replay(self, types=(), countries=(), endpoint=None):
        """The store's events of a filter, by Replay, as tuples in sequence order."""
        args = [self.tool, "replay", "--endpoint", endpoint or self.endpoints["index"],
                "--data", self.data]
        for t in types:
            args += ["--type", t]
        for c in countries:
            args += ["--country", c]
        r = subprocess.run(args, capture_output=True, text=True, env=self.env, timeout=300)
        if r.returncode != 0:
            raise RuntimeError("stream_it replay: %s" % r.stderr)
        return parse_tool_lines(r.stdout)

    def subscribe_cli(self, name, types=(), countries=(), from_seq=1, extra=(), mode="w",
                      pub=None):
        """`entente subscribe --json` in the background, output in TMP/name.out."""
        args = ["subscribe", "--replay-endpoint", self.endpoints["index"], "--json",
                "--from-seq", str(from_seq)] + list(extra)
        for t in types:
            args += ["--type", t]
        for c in countries:
            args += ["--country", c]
        cmd = [self.entente, args[0], "--endpoint", pub or self.endpoints["pub"], "--data",
               self.data] + args[1:]
        out = open(self.out_path(name), mode)
        err = open(os.path.join(self.tmp, name + ".err.log"), mode)
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=self.env)
        out.close()
        err.close()
        self.others.append(p)
        return p

    def relay(self, name, endpoint, extra=(), mode="w"):
        """stream_it relay of index's stream, bound at endpoint."""
        return self.tool_bg(["relay", "--endpoint", endpoint, "--upstream", self.endpoints["pub"],
                             "--data", self.data] + list(extra), name, mode)

    def out_path(self, name):
        return os.path.join(self.tmp, name + ".out")

    def cli_events(self, name):
        """Events printed by `entente subscribe --json` so far (complete lines)."""
        with open(self.out_path(name), encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")[:-1]  # a line cut by kill -9 has no newline yet
        return [cli_tuple(json.loads(line)) for line in lines if line.strip()]

    def tool_events(self, name):
        with open(self.out_path(name), encoding="utf-8") as f:
            text = f.read()
        return parse_tool_lines(text[:text.rfind("\n") + 1])

    def stats(self, name):
        """The key value lines a stream_it command printed on stderr."""
        out = {}
        with open(os.path.join(self.tmp, name + ".err.log")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[1].isdigit():
                    out[parts[0]] = int(parts[1])
        return out

    def wait_for(self, what, cond, timeout):
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if cond():
                return True
            time.sleep(0.2)
        self.log("timed out waiting for %s" % what)
        return False

    def stop(self, p):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            return p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            return p.wait()

    def check_cli_subscriber(self, name, proc, what, types=(), countries=()):
        """Waits for a CLI subscriber to have its filter's events, stops it and
        compares what it printed with Replay (a short wait first: anything
        sent twice or past the filter would arrive within a few heartbeats)."""
        want = self.replay(types, countries)
        self.wait_for("subscriber %s" % name, lambda: len(self.cli_events(name)) >= len(want), 60)
        time.sleep(0.5)
        self.stop(proc)
        return self.compare(self.cli_events(name), want, what)

    def compare(self, got, expected, what):
        """got is exactly expected: same events, in sequence order, no duplicate."""
        seqs = [e[0] for e in got]
        detail = None
        if got != expected:
            have, want = set(got), set(expected)
            detail = "got %d events, expected %d; missing %s; unexpected %s; duplicates %s; " \
                     "out of order at %s" % (
                         len(got), len(expected), sorted(e[0] for e in want - have)[:10],
                         sorted(e[0] for e in have - want)[:10],
                         sorted({s for s in seqs if seqs.count(s) > 1})[:10] if
                         len(seqs) < 20000 else "(not listed)",
                         next((i for i in range(1, len(seqs)) if seqs[i] <= seqs[i - 1]), None))
        return self.check(got == expected and len(expected) > 0,
                          "%s: %d events, exactly those of Replay, in order" % (what, len(got)),
                          detail)


def parse_tool_lines(text):
    out = []
    for line in text.splitlines():
        seq, eid, etype, cc, evidence = line.split("\t", 4)
        out.append((int(seq), eid, etype, cc, evidence))
    return out


def cli_tuple(o):
    return (o["seq"], o["id"], o["type"], ",".join(o["countries"]), o["evidence_text"] or "")
