#!/usr/bin/python3
"""Turns the Kubernetes manifests of deploy/k8s into one Pod for
`podman kube play` (deploy/container-test.sh): the containers of index,
ingest and query (twice: two replicas) side by side, so they reach each other
on 127.0.0.1 as containers of one pod do.

Usage: container_pod.py K8S_DIR SECRET_DIR POD_NAME > pod.yaml

What changes, and why:
- the Service DNS name entente-index becomes 127.0.0.1 (one network
  namespace instead of a cluster network);
- the second query replica binds 7105 / metrics 9105 (the first keeps 7104);
- containerPorts are dropped: podman 4.3 would publish each on the host's
  port of the same number, and the test talks to the pod from inside only;
- each container's volumes get the container's name (pod-level names must be
  unique); index's volumeClaimTemplate becomes a claim podman makes as a
  named volume POD_NAME-index-data;
- the Secret volume becomes a hostPath of SECRET_DIR holding the same files
  (index.key, ..., keyring): podman 4.3 mounts Secret data still
  base64-encoded, so the keys would not load.
"""
import copy
import glob
import os
import sys

import yaml

INDEX_HOST = "entente-index"


def load(k8s_dir):
    docs = []
    for path in sorted(glob.glob(os.path.join(k8s_dir, "*.yaml"))):
        with open(path) as f:
            text = f.read().replace(INDEX_HOST + ":", "127.0.0.1:")
        docs += [d for d in yaml.safe_load_all(text) if d]
    return docs


def workload(docs, name):
    for d in docs:
        if d["kind"] in ("Deployment", "StatefulSet") and d["metadata"]["name"] == name:
            return d
    raise SystemExit("container_pod.py: no Deployment or StatefulSet %s" % name)


def renamed(container, new_name, template, pod_volumes, secret_dir, claims, pod_name):
    """The container under new_name with its volumes renamed after it."""
    c = copy.deepcopy(container)
    c["name"] = new_name
    c.pop("ports", None)
    spec = template["spec"]
    by_name = {v["name"]: v for v in spec.get("volumes", [])}
    for m in c.get("volumeMounts", []):
        source = by_name.get(m["name"])
        volume = {"name": "%s-%s" % (new_name, m["name"])}
        if source is None and m["name"] in claims:
            volume["persistentVolumeClaim"] = {"claimName": "%s-%s" % (pod_name, volume["name"])}
        elif "secret" in source:
            volume["hostPath"] = {"path": secret_dir, "type": "Directory"}
        else:
            volume.update({k: v for k, v in source.items() if k != "name"})
        m["name"] = volume["name"]
        pod_volumes.append(volume)
    return c


def set_env(container, name, value):
    for e in container["env"]:
        if e["name"] == name:
            e["value"] = value


def main():
    if len(sys.argv) != 4:
        raise SystemExit("usage: container_pod.py K8S_DIR SECRET_DIR POD_NAME")
    k8s_dir, secret_dir, pod_name = sys.argv[1:]
    docs = load(k8s_dir)
    containers, volumes, security = [], [], None
    for name, new_names in (("entente-index", ["index"]), ("entente-ingest", ["ingest"]),
                            ("entente-query", ["query-1", "query-2"])):
        w = workload(docs, name)
        template = w["spec"]["template"]
        security = template["spec"].get("securityContext", security)
        claims = {t["metadata"]["name"] for t in w["spec"].get("volumeClaimTemplates", [])}
        for new_name in new_names:
            containers.append(renamed(template["spec"]["containers"][0], new_name, template,
                                      volumes, secret_dir, claims, pod_name))
    second = containers[-1]
    set_env(second, "ENTENTE_ENDPOINT", "tcp://0.0.0.0:7105")
    set_env(second, "ENTENTE_METRICS_ENDPOINT", "*:9105")
    for probe in ("readinessProbe", "livenessProbe"):
        cmd = second[probe]["exec"]["command"]
        cmd[cmd.index("tcp://127.0.0.1:7104")] = "tcp://127.0.0.1:7105"
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": pod_name, "labels": {"app.kubernetes.io/part-of": "entente"}},
           "spec": {"securityContext": security, "containers": containers, "volumes": volumes,
                    "restartPolicy": "Always"}}
    config = [d for d in docs if d["kind"] == "ConfigMap"]
    yaml.safe_dump_all(config + [pod], sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
