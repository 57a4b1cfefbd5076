"""Network namespaces for the distributed test: one namespace per process,
each with a veth whose peer hangs on a bridge in a namespace of its own, so
the test's addresses (198.18.0.0/15, reserved for benchmarking networks) and
ports can never meet anything else on the machine, nor another run of the
test (every name carries the test's pid).

Needs root and ip(8). Namespaces.available() says why not, if they cannot be
made; Namespaces.remove() deletes all of them (deleting a namespace deletes
its veth end, and with it the peer).
"""
import os
import shutil
import subprocess

SUBNET_PREFIX = "198.18.0."


def _ip(*args):
    r = subprocess.run(["ip"] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("ip %s: %s" % (" ".join(args), r.stderr.strip()))


class Namespaces:
    def __init__(self, tag):
        self.prefix = "ent%d%s-" % (os.getpid(), tag)
        self.bridge_ns = self.prefix + "switch"
        self.made = []
        self.addresses = {}

    @staticmethod
    def available():
        """None when namespaces can be made here, else the reason why not."""
        if os.geteuid() != 0:
            return "not root (ip netns needs CAP_SYS_ADMIN)"
        if not shutil.which("ip"):
            return "ip(8) is not installed (Debian: iproute2)"
        probe = "entprobe%d" % os.getpid()
        steps = (["netns", "add", probe],
                 ["-n", probe, "link", "add", "br0", "type", "bridge"],
                 ["-n", probe, "link", "add", "v0", "type", "veth", "peer", "name", "v1"])
        try:
            for step in steps:
                r = subprocess.run(["ip"] + step, capture_output=True, text=True)
                if r.returncode != 0:
                    return "ip %s failed: %s" % (" ".join(step), r.stderr.strip())
        finally:
            subprocess.run(["ip", "netns", "del", probe], capture_output=True)
        return None

    def _add_ns(self, name):
        _ip("netns", "add", name)
        self.made.append(name)
        _ip("-n", name, "link", "set", "lo", "up")

    def create(self, hosts):
        """One namespace per host name, host i at 198.18.0.(i+1)/24."""
        self._add_ns(self.bridge_ns)
        _ip("-n", self.bridge_ns, "link", "add", "br0", "type", "bridge")
        _ip("-n", self.bridge_ns, "link", "set", "br0", "up")
        for i, host in enumerate(hosts):
            ns = self.ns(host)
            self._add_ns(ns)
            port = "p%d" % i
            _ip("-n", self.bridge_ns, "link", "add", port, "type", "veth", "peer", "name", "eth0",
                "netns", ns)
            _ip("-n", self.bridge_ns, "link", "set", port, "master", "br0", "up")
            address = SUBNET_PREFIX + str(i + 1)
            _ip("-n", ns, "addr", "add", address + "/24", "dev", "eth0")
            _ip("-n", ns, "link", "set", "eth0", "up")
            self.addresses[host] = address

    def ns(self, host):
        return self.prefix + host

    def wrap(self, host, argv):
        """argv run inside host's namespace (ip netns exec execs it: same pid)."""
        return ["ip", "netns", "exec", self.ns(host)] + list(argv)

    def remove(self):
        for name in reversed(self.made):
            subprocess.run(["ip", "netns", "del", name], capture_output=True)
        self.made.clear()
