"""Checks that docs/PROTOCOL.md says what the code does: its Python client is
tests/interop/entente_client.py, and its worked example (section 3.3) is the
sealed envelope that client builds from the same inputs.

Usage: check_doc.py PROTOCOL.md entente_client.py
"""
import re
import sys

import nacl.signing

import entente_client as ec
from entente.v1 import envelope_pb2, services_pb2


def main():
    doc = open(sys.argv[1], encoding="utf-8").read()
    code = open(sys.argv[2], encoding="utf-8").read()
    start = doc.index("<!-- begin tests/interop/entente_client.py -->")
    block = doc[start:].split("```python\n", 1)[1].split("```\n", 1)[0]
    if block != code:
        sys.exit("docs/PROTOCOL.md's Python client differs from tests/interop/entente_client.py")

    # section 3.3: seed 00..1f, fixed request id and times
    sk = nacl.signing.SigningKey(bytes(range(32)))
    pk = bytes(sk.verify_key)
    env = envelope_pb2.Envelope(
        version=1, kind=envelope_pb2.REQUEST, service="entente.v1.Health", method="Check",
        request_id=bytes.fromhex("00112233445566778899aabbccddeeff"),
        deadline_ms=1767225605000,
        payload=services_pb2.HealthCheckRequest(service="entente.v1.Health").SerializeToString(),
        key_id=ec.key_id(pk), timestamp_ms=1767225600000)
    frame = ec.seal(env, sk)
    example = doc.split("### 3.3 Worked example", 1)[1].split("```", 2)[1]
    hex_bytes = []
    for line in example.splitlines():
        # hex pairs and quoted strings, up to the "meaning" column
        for tok in re.findall(r'"[^"]*"|\b[0-9a-f]{2}\b', line[:56]):
            hex_bytes.append(tok[1:-1].encode().hex() if tok.startswith('"') else tok)
    # the first column is an offset (4 hex digits), never matched as a pair
    shown = bytes.fromhex("".join(hex_bytes))
    if shown != frame:
        sys.exit(f"section 3.3's bytes differ from the sealed envelope:\n"
                 f"  doc  {shown.hex()}\n  code {frame.hex()}")
    for text in (pk.hex(), ec.key_id(pk)):
        if text not in doc:
            sys.exit(f"section 3.3 should show {text}")
    print("docs/PROTOCOL.md: the Python client and the worked example match the code")


if __name__ == "__main__":
    main()
