"""Checks one running entente service with the Python client of
docs/PROTOCOL.md: Health, Reflection, reply signatures and the refusals.

Usage: check_interop.py --endpoint E --data DIR --server NAME --max-msg-bytes N
                        [--example-key FILE]
(DIR holds keys/client.key and keyring, as `entente run --data DIR` makes them).
"""
import argparse
import os
import sys

import nacl.signing

from entente.v1 import envelope_pb2, event_pb2, services_pb2
import entente_client as ec

OK, NOT_FOUND, UNIMPLEMENTED, UNAUTHENTICATED = 0, 5, 12, 16
INVALID_ARGUMENT, DEADLINE_EXCEEDED, PERMISSION_DENIED, RESOURCE_EXHAUSTED = 3, 4, 7, 8

failures = []


def signed_event_bytes(ev):
    """What an event's ingest signature covers (PROTOCOL.md section 15.2)."""
    e = event_pb2.PartnershipEvent()
    e.CopyFrom(ev)
    e.seq = 0
    e.ingest_signature = b""
    e.ingest_key_id = ""
    return e.SerializeToString()


def check(what, ok, detail=""):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail and not ok else ''}")
    if not ok:
        failures.append(what)


def code_name(code):
    return envelope_pb2.Code.Name(code) if code in envelope_pb2.Code.values() else str(code)


def expect_status(c, what, frame, request_id, code, echo_id=True):
    """Sends frame, expects a signed reply with status code."""
    reply = c.exchange(frame, request_id)
    got = reply.status.code
    check(f"{what} -> {code_name(code)} {code}", got == code,
          f"got {code_name(got)} {got} ({reply.status.message})")
    if echo_id:
        check(f"{what}: reply repeats the request id", reply.request_id == request_id)
    return reply


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--server", required=True, help="expected Health.server")
    ap.add_argument("--max-msg-bytes", type=int, required=True)
    ap.add_argument("--example-key", help="secret key file of PROTOCOL.md's worked example, "
                    "listed in the server's keyring with role client")
    a = ap.parse_args()
    print(f"{a.server} at {a.endpoint}")
    role = a.server.replace("entente-", "")  # CurveZMQ: the server's key, by role
    c = ec.Client(a.endpoint, os.path.join(a.data, "keys", "client.key"),
                  os.path.join(a.data, "keyring"), timeout_ms=5000, server_key=role)

    # key id derivation agrees with the one the C code wrote in the key files
    with open(os.path.join(a.data, "keyring")) as f:
        names = {line.split()[0] for line in f if line.strip() and not line.startswith("#")}
    check("keyring lists ingest, index, query and client keys",
          {"ingest", "index", "query", "client"} <= names)

    # Health.Check: the service may still be starting, so retry for a while
    for attempt in range(50):
        try:
            code, msg, h = c.health()
            break
        except TimeoutError:
            c.close()
            c = ec.Client(a.endpoint, os.path.join(a.data, "keys", "client.key"),
                          os.path.join(a.data, "keyring"), timeout_ms=200 + 20 * attempt,
                          server_key=role)
    else:
        check("Health.Check answers", False, "no reply")
        return 1
    c.timeout_ms = 5000
    check("Health.Check OK", code == OK, f"{code_name(code)} {msg}")
    check("Health: SERVING", h.status == services_pb2.SERVING)
    check(f"Health: server is {a.server}", h.server == a.server, h.server)
    counters = {x.name: x.value for x in h.counters}
    check("Health: counters requests_total and rejected_replayed",
          "requests_total" in counters and "rejected_replayed" in counters)

    # the reply itself: signed by the service's key, kind REPLY, echoes the call
    env = c.request("entente.v1.Health", "Check",
                    services_pb2.HealthCheckRequest().SerializeToString())
    raw_reply = None
    c.sock.send(ec.seal(env, c.signing_key))
    if c.sock.poll(5000):
        raw_reply = c.sock.recv()
    check("raw reply received", raw_reply is not None)
    if raw_reply is not None:
        reply, signer = ec.open_frame(raw_reply, c.keyring)
        short = a.server.replace("entente-", "")
        check(f"reply signed by the {short} key", signer == short, signer)
        check("reply: kind REPLY, same service, method, request id",
              reply.kind == envelope_pb2.REPLY and reply.service == "entente.v1.Health"
              and reply.method == "Check" and reply.request_id == env.request_id)
        check("reply: signed bytes end at the 0x7a 0x40 trailer",
              raw_reply[-66:-64] == b"\x7a\x40")
        tampered = bytearray(raw_reply)
        tampered[-1] ^= 1
        try:
            ec.open_frame(bytes(tampered), c.keyring)
            check("a tampered reply fails verification", False)
        except ec.VerifyError:
            check("a tampered reply fails verification", True)

    code, msg, h = c.health("no.such.Service")
    check("Health.Check of an unknown service -> NOT_FOUND 5", code == NOT_FOUND,
          f"{code_name(code)} {msg}")

    # Reflection.ListServices
    code, msg, r = c.list_services()
    check("Reflection.ListServices OK", code == OK, f"{code_name(code)} {msg}")
    services = {s.name: s for s in r.services} if r else {}
    check("Reflection lists entente.v1.Health and entente.v1.Reflection",
          "entente.v1.Health" in services and "entente.v1.Reflection" in services)
    for s in services.values():
        print(f"    {s.name}: " + ", ".join(
            f"{m.name}({m.input_type}) -> {m.output_type} [{','.join(m.roles) or 'nobody'}]"
            for m in s.methods))
    check("Reflection: Health.Check callable by every role",
          set(",".join(services["entente.v1.Health"].methods[0].roles).split(","))
          == set(ec.ROLES) if "entente.v1.Health" in services else False)

    # the ACL as the server enforces it: only ingest may call IndexService.Append
    idx = services.get("entente.v1.IndexService")
    if idx and any(m.name == "Append" for m in idx.methods):
        code, msg, _ = c.call("entente.v1.IndexService", "Append",
                              services_pb2.AppendRequest(), services_pb2.AppendReply)
        check("IndexService.Append by a client key -> PERMISSION_DENIED 7",
              code == PERMISSION_DENIED, f"{code_name(code)} {msg}")

    # an event signed in Python (section 15.2) goes through index and back
    if idx and a.server == "entente-index":
        ingest = ec.Client(a.endpoint, os.path.join(a.data, "keys", "ingest.key"),
                           os.path.join(a.data, "keyring"), server_key=role)
        ev = event_pb2.PartnershipEvent(
            id="interop-0001", doc_id="interop-doc", type="agreement_signed",
            instrument="mou", date="2026-01-15", date_precision=event_pb2.DATE_DAY,
            countries=["FR", "VN"], sectors=["telecommunications"], confidence=0.75,
            evidence=[event_pb2.Span(start=0, end=42)], lang="fr",
            evidence_text="La France et le Vietnam signent un accord.")
        ev.ingest_key_id = ingest.key_id
        ev.ingest_signature = ingest.signing_key.sign(signed_event_bytes(ev)).signature
        doc = event_pb2.Document(doc_id="interop-doc", lang="fr", published="2026-01-15",
                                 text="La France et le Vietnam signent un accord.")
        code, msg, r = ingest.call("entente.v1.IndexService", "Append",
                                   services_pb2.AppendRequest(events=[ev], documents=[doc]),
                                   services_pb2.AppendReply)
        check("Append of a Python-signed event by the ingest key OK", code == OK,
              f"{code_name(code)} {msg}")
        forged = event_pb2.PartnershipEvent()
        forged.CopyFrom(ev)
        forged.id, forged.type = "interop-0002", "meeting"  # signature no longer matches
        code, msg, _ = ingest.call("entente.v1.IndexService", "Append",
                                   services_pb2.AppendRequest(events=[forged]),
                                   services_pb2.AppendReply)
        check("Append of an event whose signature does not match -> UNAUTHENTICATED 16",
              code == UNAUTHENTICATED, f"{code_name(code)} {msg}")
        ingest.close()
        code, msg, r = c.call("entente.v1.IndexService", "Replay",
                              services_pb2.ReplayRequest(from_seq=1),
                              services_pb2.ReplayReply)
        check("Replay by a client key OK", code == OK, f"{code_name(code)} {msg}")
        got = [e for e in r.events if e.id == ev.id] if r else []
        check("Replay returns the event with a sequence number", len(got) == 1 and got[0].seq > 0)
        if got:
            signer = c.keyring.get(got[0].ingest_key_id)
            try:
                signer[2].verify(signed_event_bytes(got[0]), got[0].ingest_signature)
                ok = "ingest" in signer[1]
            except Exception:
                ok = False
            check("the replayed event's ingest signature verifies in Python", ok)

    def sealed(service="entente.v1.Health", method="Check", key=c.signing_key,
               payload=services_pb2.HealthCheckRequest().SerializeToString(), **fields):
        e = c.request(service, method, payload)
        if key is not c.signing_key:
            e.key_id = ec.key_id(bytes(key.verify_key))
        for k, v in fields.items():
            setattr(e, k, v)
        return ec.seal(e, key), e.request_id

    # dispatch
    expect_status(c, "unknown method", *sealed(method="NoSuchMethod"), UNIMPLEMENTED)
    expect_status(c, "unknown service", *sealed(service="entente.v1.NoSuch"), UNIMPLEMENTED)
    expect_status(c, "payload that is not the input type",
                  *sealed(payload=b"\xff\xff\xff"), INVALID_ARGUMENT)

    # signature and key: refused before the envelope is trusted, so the reply
    # carries no request id
    frame, rid = sealed()
    bad = bytearray(frame)
    bad[-1] ^= 0x01
    expect_status(c, "tampered signature", bytes(bad), rid, UNAUTHENTICATED, echo_id=False)
    bad = bytearray(frame)
    bad[len(frame) - 66 - 1] ^= 0x01  # last byte of the signed body (timestamp)
    expect_status(c, "tampered body", bytes(bad), rid, UNAUTHENTICATED, echo_id=False)
    expect_status(c, "unsigned envelope", frame[:-66], rid, UNAUTHENTICATED, echo_id=False)
    stranger = nacl.signing.SigningKey.generate()
    expect_status(c, "key not in the keyring", *sealed(key=stranger), UNAUTHENTICATED,
                  echo_id=False)
    expect_status(c, "not an Envelope", b"\xff\xff\xff\xff", b"", INVALID_ARGUMENT,
                  echo_id=False)
    expect_status(c, "protocol version 2", *sealed(version=2), INVALID_ARGUMENT,
                  echo_id=False)

    # freshness
    frame, rid = sealed()
    expect_status(c, "first use of a request id", frame, rid, OK)
    expect_status(c, "the same frame again (replay)", frame, rid, UNAUTHENTICATED)
    expect_status(c, "a new envelope reusing a request id",
                  *sealed(request_id=rid), UNAUTHENTICATED)
    expect_status(c, "timestamp 10 min old", *sealed(timestamp_ms=ec.now_ms() - 600_000),
                  UNAUTHENTICATED)
    expect_status(c, "timestamp 10 min ahead", *sealed(timestamp_ms=ec.now_ms() + 600_000),
                  UNAUTHENTICATED)
    expect_status(c, "deadline already passed", *sealed(deadline_ms=ec.now_ms() - 1000),
                  DEADLINE_EXCEEDED)
    expect_status(c, "no deadline (0)", *sealed(deadline_ms=0), OK)
    expect_status(c, "request id of 7 bytes", *sealed(request_id=os.urandom(7)),
                  INVALID_ARGUMENT)
    expect_status(c, "request id of 8 bytes", *sealed(request_id=os.urandom(8)), OK)
    expect_status(c, "request id of 32 bytes", *sealed(request_id=os.urandom(32)), OK)
    expect_status(c, "request id of 33 bytes", *sealed(request_id=os.urandom(33)),
                  INVALID_ARGUMENT)
    expect_status(c, "kind REPLY sent as a request", *sealed(kind=envelope_pb2.REPLY),
                  INVALID_ARGUMENT)

    # size limit: above max_msg_bytes (below the hard cap) -> RESOURCE_EXHAUSTED
    frame, rid = sealed(payload=b"\x0a\x00" + b"\x00" * a.max_msg_bytes)
    expect_status(c, f"request of {len(frame)} bytes", frame, rid, RESOURCE_EXHAUSTED,
                  echo_id=False)

    # a REQ-style client: an empty delimiter frame before the envelope
    frame, rid = sealed()
    c.sock.send_multipart([b"", frame])
    parts = c.sock.recv_multipart() if c.sock.poll(5000) else []
    check("[empty, envelope] is answered [empty, reply]",
          len(parts) == 2 and parts[0] == b""
          and ec.open_frame(parts[1], c.keyring)[0].request_id == rid)

    # the worked example's key, in a hand-written key file: the server finds it
    # by the key id the Python side derives, so both derive the same
    if a.example_key:
        x = ec.Client(a.endpoint, a.example_key, os.path.join(a.data, "keyring"),
                      server_key=role)
        check("example key id is 9d24e2eeaf27c2a0", x.key_id == "9d24e2eeaf27c2a0", x.key_id)
        code, msg, _ = x.health()
        check("Health.Check signed with the example key OK", code == OK,
              f"{code_name(code)} {msg}")
        x.close()

    # the counters moved with the refusals
    code, msg, h = c.health()
    counters = {x.name: x.value for x in h.counters} if h else {}
    for name in ("rejected_bad_signature", "rejected_replayed", "rejected_unimplemented",
                 "rejected_clock_skew", "rejected_unknown_key", "rejected_deadline",
                 "rejected_too_large", "rejected_malformed", "rejected_unsigned"):
        check(f"counter {name} > 0", counters.get(name, 0) > 0, str(counters.get(name)))
    c.close()
    print(f"{a.server}: {'FAILED: ' + ', '.join(failures) if failures else 'all checks passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
