#!/usr/bin/python3
"""entente distributed over a network: ingest, index, two query replicas, a
subscriber and the client each in its own network namespace (netns.py), on
CurveZMQ-encrypted tcp between 198.18.0.x addresses.

The client ingests deploy/samples; both query replicas must give the same
answer holding every expected event, and the subscriber must print each of
them. Then, while a second batch is being ingested, index is killed with
SIGKILL and started again: at the end index, both replicas and the
subscriber hold every event of both batches exactly once, numbered 1..N.
Exit 77 (skipped, with the reason) where namespaces cannot be made.

Each process has a namespace of its own, so the services keep their default
ports: nothing else listens on these addresses.
"""
import argparse
import atexit
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from gen_docs import generate
from itlib import dump_logs, kill_all
from netns import Namespaces

SKIP = 77
HOSTS = ("index", "ingest", "query1", "query2", "subscriber", "client")
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy",
                       "samples", "articles.jsonl")
MAKE_KEYS = os.path.join(os.path.dirname(SAMPLES), "..", "make-keys.sh")


class Cluster:
    def __init__(self, bin_dir, docs):
        self.bin = bin_dir
        self.docs = docs
        self.started = time.monotonic()
        self.failures = self.checks = 0
        self.tmp = tempfile.mkdtemp(prefix="entente-netns.")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ENTENTE_")}
        self.net = Namespaces("")
        self.procs = {}
        atexit.register(self.cleanup)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        signal.signal(signal.SIGINT, lambda *_: sys.exit(1))

    # ---- bookkeeping ------------------------------------------------------------

    def exe(self, name):
        return os.path.join(self.bin, name)

    def log(self, msg):
        print("[%5.1fs] %s" % (time.monotonic() - self.started, msg), flush=True)

    def check(self, cond, what, detail=None):
        self.checks += 1
        print("%-7s %s" % ("ok" if cond else "FAILED", what), flush=True)
        if not cond:
            self.failures += 1
            if detail is not None:
                print("        " + str(detail)[:2000].replace("\n", "\n        "), flush=True)
        return cond

    def cleanup(self):
        kill_all(self.procs.values())
        self.procs.clear()
        self.net.remove()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ---- keys: what the compose init service does, one data dir per host -------

    def make_keys(self):
        keys = os.path.join(self.tmp, "keys")
        subprocess.run(["sh", MAKE_KEYS, keys], check=True, capture_output=True,
                       env=dict(self.env, ENTENTE_BIN=self.bin))
        owner = {"index": "index", "ingest": "ingest", "query1": "query", "query2": "query",
                 "subscriber": "client", "client": "client"}
        for host, key in owner.items():
            os.makedirs(os.path.join(self.data(host), "keys"))
            shutil.copy(os.path.join(keys, "keys", key + ".key"),
                        os.path.join(self.data(host), "keys", key + ".key"))
            shutil.copy(os.path.join(keys, "keyring"), self.data(host))
        self.stranger = os.path.join(self.tmp, "stranger.key")
        subprocess.run([self.exe("entente"), "keygen", "--name", "stranger", "--out",
                        self.stranger], check=True, capture_output=True, env=self.env)

    def data(self, host):
        return os.path.join(self.tmp, host)

    def endpoint(self, host, port):
        return "tcp://%s:%d" % (self.net.addresses[host], port)

    # ---- processes --------------------------------------------------------------

    def service_argv(self, host):
        index_rpc, index_pub = self.endpoint("index", 7102), self.endpoint("index", 7103)
        if host == "index":
            return [self.exe("entente-index"), "--endpoint", "tcp://0.0.0.0:7102",
                    "--pub-endpoint", "tcp://0.0.0.0:7103"]
        if host == "ingest":
            return [self.exe("entente-ingest"), "--endpoint", "tcp://0.0.0.0:7101",
                    "--index-endpoint", index_rpc]
        if host.startswith("query"):
            return [self.exe("entente-query"), "--endpoint", "tcp://0.0.0.0:7104",
                    "--index-endpoint", index_rpc, "--pub-endpoint", index_pub,
                    "--poll-ms", "500"]
        return [self.exe("entente"), "subscribe", "--endpoint", index_pub, "--replay-endpoint",
                index_rpc, "--from-seq", "1", "--json"]

    def start(self, host):
        out = open(os.path.join(self.tmp, host + (".out" if host == "subscriber" else ".log")),
                   "ab")
        err = open(os.path.join(self.tmp, host + ".log"), "ab")
        argv = self.service_argv(host) + ["--data", self.data(host)]
        if host != "subscriber":
            argv += ["--log-level", "info", "--metrics-endpoint", "none"]
        self.procs[host] = subprocess.Popen(self.net.wrap(host, argv), stdout=out, stderr=err,
                                            env=self.env)
        out.close()
        err.close()

    def kill(self, host):
        p = self.procs.pop(host)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)

    def cli(self, args, endpoint, server_key):
        """`entente ARGS` from the client's namespace, to the server of that key."""
        argv = [self.exe("entente")] + args[:1] + ["--endpoint", endpoint, "--data",
                                                   self.data("client"), "--server-key",
                                                   server_key] + args[1:]
        return subprocess.run(self.net.wrap("client", argv), capture_output=True, timeout=120,
                              env=self.env, stdin=subprocess.DEVNULL)

    def wait_healthy(self, host, port, role, timeout=30):
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if self.procs[host].poll() is not None:
                return False
            if self.cli(["health", "--timeout-ms", "500"], self.endpoint(host, port),
                        role).returncode == 0:
                return True
            time.sleep(0.1)
        return False

    # ---- what each holds ----------------------------------------------------------

    def replica(self, host):
        """(raw stdout, [event ids]) of every event in a query replica, in seq order."""
        r = self.cli(["query", "--all", "--json", "--order", "seq", "--limit", "1000"],
                     self.endpoint(host, 7104), "query")
        if r.returncode != 0:
            return None, []
        lines = r.stdout.decode().splitlines()
        return r.stdout, [json.loads(line)["id"] for line in lines if line.strip()]

    def index_rows(self):
        """(count, max seq) of index's store, read directly."""
        con = sqlite3.connect(os.path.join(self.data("index"), "index.db"), timeout=10)
        try:
            return con.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM events").fetchone()
        finally:
            con.close()

    def subscribed(self):
        path = os.path.join(self.tmp, "subscriber.out")
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def wait_for(self, what, cond, timeout=40):
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if cond():
                return True
            time.sleep(0.25)
        self.log("waited %ds for %s" % (timeout, what))
        return False


def expected_ids(c, path):
    r = subprocess.run([c.exe("entente"), "extract", path], capture_output=True, text=True,
                       env=c.env, check=True)
    return [json.loads(line)["id"] for line in r.stdout.splitlines() if line.strip()]


def run(c):
    c.make_keys()
    c.net.create(HOSTS)
    c.log("namespaces %s*: %s" % (
        c.net.prefix, ", ".join("%s %s" % (h, c.net.addresses[h]) for h in HOSTS)))
    for host in ("index", "ingest", "query1", "query2"):
        c.start(host)
    ports = {"index": (7102, "index"), "ingest": (7101, "ingest"), "query1": (7104, "query"),
             "query2": (7104, "query")}
    for host, (port, role) in ports.items():
        if not c.check(c.wait_healthy(host, port, role), "%s answers Health across the bridge"
                       % host):
            return
    r = c.cli(["health", "--timeout-ms", "1500", "--key", c.stranger],
              c.endpoint("query1", 7104), "query")
    c.check(r.returncode != 0, "a client whose key is not in the keyring is refused")
    c.start("subscriber")

    first = expected_ids(c, SAMPLES)
    r = c.cli(["ingest", "--quiet", SAMPLES], c.endpoint("ingest", 7101), "ingest")
    c.check(r.returncode == 0, "entente ingest of deploy/samples from the client's namespace",
            r.stderr)
    want = set(first)
    c.wait_for("both replicas", lambda: all(set(c.replica(h)[1]) == want
                                            for h in ("query1", "query2")))
    out1, ids1 = c.replica("query1")
    out2, ids2 = c.replica("query2")
    c.check(set(ids1) == want and len(ids1) == len(want),
            "query replica 1 holds the %d sample events" % len(want), ids1)
    c.check(out1 == out2, "both replicas give the same answer, byte for byte")
    c.wait_for("the subscriber", lambda: len(c.subscribed()) >= len(want))
    c.check({e["id"] for e in c.subscribed()} == want, "the subscriber printed every sample event")

    bulk = os.path.join(c.tmp, "bulk.jsonl")
    generate(c.docs, bulk)
    second = expected_ids(c, bulk)
    want |= set(second)
    ingest_cli = subprocess.Popen(
        c.net.wrap("client", [c.exe("entente"), "ingest", "--quiet", "--batch", "16",
                              "--timeout-ms", "3000", "--endpoint", c.endpoint("ingest", 7101),
                              "--data", c.data("client"), bulk]),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=c.env)
    c.procs["ingest-cli"] = ingest_cli
    c.wait_for("index to store part of the second batch",
               lambda: c.index_rows()[0] > len(first) + len(second) // 10, timeout=30)
    stored = c.index_rows()[0]
    c.kill("index")
    c.log("index killed (SIGKILL) at %d of %d events" % (stored, len(want)))
    time.sleep(1.0)
    c.start("index")
    c.check(c.wait_healthy("index", 7102, "index"), "index answers again after the restart")
    rc = ingest_cli.wait(timeout=120)
    c.check(rc == 0, "entente ingest of %d more documents finished" % c.docs,
            ingest_cli.stderr.read().decode()[-500:])

    n = len(want)
    c.wait_for("index and the replicas to hold both batches",
               lambda: c.index_rows() == (n, n) and all(len(c.replica(h)[1]) == n
                                                        for h in ("query1", "query2")), 60)
    c.check(c.index_rows() == (n, n), "index stores the %d events once each, seq 1..%d" % (n, n),
            c.index_rows())
    out1, ids1 = c.replica("query1")
    out2, ids2 = c.replica("query2")
    c.check(len(ids1) == n and set(ids1) == want, "replica 1: every event once after the restart",
            (len(ids1), len(set(ids1)), n))
    c.check(out1 == out2, "the replicas still answer the same, byte for byte")
    c.wait_for("the subscriber", lambda: len(c.subscribed()) >= n)
    events = c.subscribed()
    c.check([e["id"] for e in events if e["id"] in want] == [e["id"] for e in events]
            and len({e["id"] for e in events}) == n and len(events) == n,
            "the subscriber printed all %d events once each across the restart" % n,
            (len(events), len({e["id"] for e in events})))
    c.check([e["seq"] for e in events] == list(range(1, n + 1)),
            "the subscriber's events are in sequence 1..%d" % n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--docs", type=int, default=1500)
    args = ap.parse_args()
    why = Namespaces.available()
    if why:
        print("SKIP: network namespaces cannot be made here: %s" % why)
        sys.exit(SKIP)
    c = Cluster(args.bin_dir, args.docs)
    try:
        run(c)
    except Exception as e:  # a setup step failed: report it as a failed check
        c.check(False, "the test ran to its end", "%s: %s" % (type(e).__name__, e))
    c.log("%d checks, %d failed" % (c.checks, c.failures))
    if c.failures:
        dump_logs(c.tmp)
    sys.exit(1 if c.failures else 0)


if __name__ == "__main__":
    main()
