#!/usr/bin/python3
"""The ENTENTE_* variables of deploy/ name real options.

An ENTENTE_* variable that no program reads is silently ignored, so a typo
in docker-compose.yml or a Kubernetes manifest would leave a setting at its
default. Each program's --help lists the variable of every option; this
checks that
- every variable a container sets for itself (compose `environment` beyond
  the shared block, Kubernetes `env`) is read by the container's command or
  by its health check (`entente health`),
- every shared variable (compose's x-entente block, the ConfigMap, the
  Dockerfile's ENV) is read by at least one of the commands.
Usage: test_deploy_env.py --bin-dir DIR [--deploy-dir DIR]
"""
import argparse
import glob
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
# programs of the image that are scripts, not built here, and what they read
SCRIPTS = {"entente-make-keys": set()}


class Options:
    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.cache = {}

    def of(self, command):
        """ENTENTE_* variables the command (argv, e.g. ['entente', 'subscribe']) reads."""
        prog = command[0]
        if prog in SCRIPTS:
            return SCRIPTS[prog]
        key = (prog, command[1]) if prog == "entente" else (prog,)
        if key not in self.cache:
            argv = [os.path.join(self.bin_dir, key[0])] + list(key[1:]) + ["--help"]
            out = subprocess.run(argv, capture_output=True, text=True).stdout
            self.cache[key] = set(re.findall(r"\[(ENTENTE_[A-Z0-9_]+)\]", out))
        return self.cache[key]


def probe_command(container):
    """The exec command of a probe or compose healthcheck, if any."""
    for probe in ("livenessProbe", "readinessProbe"):
        if probe in container:
            return container[probe]["exec"]["command"]
    test = container.get("healthcheck", {}).get("test")
    return test[1:] if test else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--deploy-dir", default=os.path.join(HERE, "..", "..", "deploy"))
    args = ap.parse_args()
    opts = Options(args.bin_dir)
    problems, shared, commands = [], {}, []

    def own(where, env, command, probe):
        readers = opts.of(command) | (opts.of(probe) if probe else set())
        for name in env:
            if name.startswith("ENTENTE_") and name not in readers:
                problems.append("%s: %s is read by neither %s nor its health check"
                                % (where, name, " ".join(command[:2])))

    with open(os.path.join(args.deploy_dir, "docker-compose.yml")) as f:
        compose = yaml.safe_load(f)
    common = compose["x-entente"]["environment"]
    shared.update({k: "docker-compose.yml x-entente" for k in common})
    for name, svc in compose["services"].items():
        command = svc["command"]
        commands.append(command)
        env = {k for k in svc.get("environment", {}) if k not in common}
        own("docker-compose.yml %s" % name, env, command, probe_command(svc))

    for path in sorted(glob.glob(os.path.join(args.deploy_dir, "k8s", "*.yaml"))):
        for doc in yaml.safe_load_all(open(path)):
            if not doc:
                continue
            if doc["kind"] == "ConfigMap":
                shared.update({k: os.path.basename(path) for k in doc["data"]})
            if doc["kind"] in ("Deployment", "StatefulSet"):
                for c in doc["spec"]["template"]["spec"]["containers"]:
                    commands.append(c["command"])
                    own("%s %s" % (os.path.basename(path), c["name"]),
                        [e["name"] for e in c.get("env", [])], c["command"], probe_command(c))

    with open(os.path.join(args.deploy_dir, "Dockerfile")) as f:
        for name in re.findall(r"\b(ENTENTE_[A-Z0-9_]+)=", f.read()):
            shared[name] = "Dockerfile"
    read_somewhere = set().union(*(opts.of(c) for c in commands))
    for name, where in sorted(shared.items()):
        if name.startswith("ENTENTE_") and name not in read_somewhere:
            problems.append("%s: %s is read by none of the commands" % (where, name))

    for p in problems:
        print("FAILED  " + p)
    print("%d containers and %d shared variables checked, %d problems"
          % (len(commands), len(shared), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
