"""Harness of the integration tests: starts entente-index, entente-ingest and
entente-query (or `entente run`) on free tcp ports with one shared data
directory, runs the `entente` CLI against them and records failed checks.

Debian's /usr/bin/python3 and its standard library only. Every process the
harness starts is killed and reaped at exit (also on SIGINT/SIGTERM, e.g. a
ctest timeout), and the temporary directory is removed unless the test failed
and ENTENTE_IT_KEEP=1 is set.
"""
import argparse
import atexit
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ARTICLES = os.path.join(HERE, "articles")

SERVICES = ("index", "ingest", "query")


def free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def fold(text):
    """Lower case without diacritics, as FTS5's unicode61 remove_diacritics 2."""
    nfd = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in nfd if unicodedata.category(c) != "Mn")


def tokens(text):
    return re.findall(r"\w+", fold(text))


def contains_phrase(haystack_tokens, phrase):
    p = tokens(phrase)
    n = len(p)
    return n > 0 and any(haystack_tokens[i:i + n] == p for i in range(len(haystack_tokens) - n + 1))


def date_bounds(date):
    """The first and last day an event date means (as the store's date_lo/hi)."""
    if date and len(date) == 10:
        return date, date
    if date and len(date) == 7:
        return date + "-01", date + "-31"
    return "0000-00-00", "0000-00-00"


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Harness:
    def __init__(self, name, extra_args=None):
        ap = argparse.ArgumentParser()
        ap.add_argument("--bin-dir", required=True)
        ap.add_argument("--datadir-tool", required=True)
        for args, kw in extra_args or []:
            ap.add_argument(*args, **kw)
        self.args = ap.parse_args()
        self.name = name
        self.bin = self.args.bin_dir
        self.entente = os.path.join(self.bin, "entente")
        self.failures = 0
        self.checks = 0
        self.started = time.monotonic()
        self.procs = {}  # name -> Popen
        self.others = []  # other Popen objects (background CLI runs)
        self.tmp = tempfile.mkdtemp(prefix="entente-it-%s." % name)
        self.data = os.path.join(self.tmp, "data")
        # ENTENTE_* variables of the caller must not redirect the CLI or services
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ENTENTE_")}
        atexit.register(self.cleanup)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        signal.signal(signal.SIGINT, lambda *_: sys.exit(1))
        p_index, p_pub, p_ingest, p_query, m_index, m_ingest, m_query = free_ports(7)
        # HOST:PORT of each service's GET /metrics
        self.metrics = {"index": "127.0.0.1:%d" % m_index, "ingest": "127.0.0.1:%d" % m_ingest,
                        "query": "127.0.0.1:%d" % m_query}
        self.endpoints = {
            "index": "tcp://127.0.0.1:%d" % p_index,
            "pub": "tcp://127.0.0.1:%d" % p_pub,
            "ingest": "tcp://127.0.0.1:%d" % p_ingest,
            "query": "tcp://127.0.0.1:%d" % p_query,
        }
        subprocess.run([self.args.datadir_tool, self.data], check=True, env=self.env)

    # ---- results ---------------------------------------------------------------

    def log(self, msg):
        print("[%6.1fs] %s" % (time.monotonic() - self.started, msg), flush=True)

    def check(self, cond, what, detail=None):
        self.checks += 1
        if cond:
            print("ok      %s" % what, flush=True)
        else:
            self.failures += 1
            print("FAILED  %s" % what, flush=True)
            if detail is not None:
                text = detail if isinstance(detail, str) else repr(detail)
                print("        " + text[:3000].replace("\n", "\n        "), flush=True)
        return cond

    def finish(self):
        self.log("%d checks, %d failed" % (self.checks, self.failures))
        if self.failures:
            self.dump_logs()
        sys.exit(1 if self.failures else 0)

    def dump_logs(self):
        for name in sorted(os.listdir(self.tmp)):
            if name.endswith(".log"):
                with open(os.path.join(self.tmp, name), errors="replace") as f:
                    lines = f.readlines()
                print("---- %s (last 30 lines) ----" % name)
                sys.stdout.write("".join(lines[-30:]))

    def cleanup(self):
        for p in list(self.procs.values()) + self.others:
            if p.poll() is None:
                p.kill()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.procs.clear()
        self.others.clear()
        if self.failures and os.environ.get("ENTENTE_IT_KEEP") == "1":
            print("kept %s" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # ---- services --------------------------------------------------------------

    def service_argv(self, name):
        argv = [os.path.join(self.bin, "entente-" + name), "--data", self.data,
                "--endpoint", self.endpoints[name], "--log-level", "info",
                "--metrics-endpoint", self.metrics[name]]
        if name == "index":
            argv += ["--pub-endpoint", self.endpoints["pub"]]
        else:
            argv += ["--index-endpoint", self.endpoints["index"]]
        return argv

    def start(self, name, wait=True):
        assert name not in self.procs or self.procs[name].poll() is not None
        logf = open(os.path.join(self.tmp, name + ".log"), "ab")
        logf.write(("==== start at %.1fs\n" % (time.monotonic() - self.started)).encode())
        logf.flush()
        self.procs[name] = subprocess.Popen(self.service_argv(name), stdout=logf,
                                            stderr=subprocess.STDOUT, env=self.env)
        logf.close()
        if wait:
            self.wait_healthy(name)

    def start_all(self):
        for name in SERVICES:
            self.start(name, wait=False)
        for name in SERVICES:
            self.wait_healthy(name)

    def kill(self, name, sig=signal.SIGKILL):
        p = self.procs.pop(name)
        p.send_signal(sig)
        return p.wait(timeout=30)

    def alive(self, name):
        p = self.procs.get(name)
        return p is not None and p.poll() is None

    def wait_healthy(self, name, timeout=30):
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if not self.alive(name):
                raise RuntimeError("entente-%s exited with %s" % (name, self.procs[name].poll()))
            r = self.cli(["health", "--timeout-ms", "500"], endpoint=self.endpoints[name])
            if r.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("entente-%s is not healthy after %ds" % (name, timeout))

    def scrape(self, name_or_address):
        """GET /metrics of a service (or of HOST:PORT): {'family{labels}': value},
        with the raw text under '#text'."""
        address = self.metrics.get(name_or_address, name_or_address)
        with urllib.request.urlopen("http://%s/metrics" % address, timeout=10) as r:
            text = r.read().decode()
            ctype = r.headers.get("Content-Type", "")
        samples = {"#text": text, "#content-type": ctype}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.rpartition(" ")
                samples[key] = float(value)
        return samples

    # ---- the CLI -------------------------------------------------------------------

    def cli(self, args, endpoint=None, service="query", timeout=120, input=None):
        """Runs `entente ARGS --endpoint ... --data ...`; returns CompletedProcess."""
        cmd = [self.entente] + list(args[:1])
        if args[:1] not in (["extract"], ["run"]):
            cmd += ["--endpoint", endpoint or self.endpoints[service], "--data", self.data]
        cmd += list(args[1:])
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env=self.env, input=input)

    def cli_bg(self, args, endpoint, out_name):
        """Starts the CLI in the background; output in TMP/out_name.{out,err}."""
        cmd = [self.entente, args[0], "--endpoint", endpoint, "--data", self.data] + list(args[1:])
        out = open(os.path.join(self.tmp, out_name + ".out"), "w")
        err = open(os.path.join(self.tmp, out_name + ".err.log"), "w")
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=self.env)
        out.close()
        err.close()
        self.others.append(p)
        return p

    def extract(self, path, bad_lines_ok=False):
        r = self.cli(["extract", path], timeout=300)
        if r.returncode != 0 and not (bad_lines_ok and r.returncode == 1):
            raise RuntimeError("entente extract %s: %s" % (path, r.stderr))
        return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]

    def query(self, args, page=1000):
        """Every page of `entente query ARGS --all --json`: (events, CompletedProcess)."""
        r = self.cli(["query"] + list(args) + ["--all", "--json", "--limit", str(page)])
        events = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        return events, r

    def query_total(self):
        """Search total of the query service (None while it cannot answer)."""
        r = self.cli(["stats", "--timeout-ms", "2000"])
        m = re.search(r"^events: (\d+)$", r.stdout, re.M)
        return int(m.group(1)) if r.returncode == 0 and m else None

    # ---- the stores, read directly -----------------------------------------------

    def sql(self, db, query):
        path = os.path.join(self.data, db)
        if not os.path.exists(path):
            return []
        con = sqlite3.connect(path, timeout=10)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()

    def index_count(self):
        rows = self.sql("index.db", "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM events")
        return rows[0] if rows else (0, 0)

    def outbox_depth(self):
        rows = self.sql("ingest.db", "SELECT COUNT(*) FROM queue")
        return rows[0][0] if rows else 0

    def wait_settled(self, timeout=90, expect=None):
        """Waits until ingest's outbox is empty, index's head has not moved for
        a second and query holds as many events as index (and, given expect,
        index holds that many). Returns the index count."""
        until = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < until:
            count, _ = self.index_count()
            if count != last:
                last, since = count, time.monotonic()
            settled = (self.outbox_depth() == 0 and time.monotonic() - since >= 1.0
                       and (expect is None or count >= expect))
            if settled and self.query_total() == count:
                return count
            time.sleep(0.2)
        self.log("not settled after %ds: index %s, outbox %s, query %s" % (
            timeout, self.index_count(), self.outbox_depth(), self.query_total()))
        return None
