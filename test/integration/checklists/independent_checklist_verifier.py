#!/usr/bin/env python3
"""An independent verifier of a signed Keyward checklist file, written from docs/CHECKLISTS.md
("Signed file", "Signature") alone, with PyNaCl. Prints "ok <kind> <signer name>" when the
signature holds; otherwise exits 1 with the reason on stderr:
"malformed: ..." (the file's shape, exit status 2 in Keyward) or "signature does not match" (4).
Usage: independent_checklist_verifier.py FILE"""
import base64
import binascii
import json
import sys

from nacl import exceptions, signing

DOMAIN = b"keyward.checklist/v1\n"
MEMBERS = {"format", "version", "kind", "body", "signer", "signature"}
MAX_SAFE = 2**53 - 1


def malformed(why):
    sys.exit("malformed: " + why)


def strict_b64(text, size, what):
    # Standard alphabet with padding, in its canonical form only (no URL-safe, no white space).
    if not isinstance(text, str):
        malformed(what + " is not a string")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        malformed(what + " is not base64")
    if base64.b64encode(raw).decode("ascii") != text:
        malformed(what + " is not canonical base64")
    if len(raw) != size:
        malformed("%s is %d bytes, not %d" % (what, len(raw), size))
    return raw


def number(value):
    # Whole numbers by value: 1.0 in the file is the number 1.
    if isinstance(value, float):
        if not value.is_integer():
            malformed("a number that is not whole")
        value = int(value)
    if abs(value) > MAX_SAFE:
        malformed("a whole number beyond 2^53 - 1")
    return value


def string(s):
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        malformed("a lone surrogate")
    # What JSON.stringify writes for a well-formed string.
    return json.dumps(s, ensure_ascii=False)


def canonical(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return str(number(v))
    if isinstance(v, str):
        return string(v)
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, dict):
        # Sorted by UTF-16 code units.
        keys = sorted(v, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(string(k) + ":" + canonical(v[k]) for k in keys) + "}"
    malformed("a value of type " + type(v).__name__)


def refuse_constant(name):
    malformed("not JSON (" + name + ")")


def once_each(pairs):
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        malformed("a member name given twice in one object")
    return dict(pairs)


def main():
    data = open(sys.argv[1], "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        malformed("a byte order mark")
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=refuse_constant, object_pairs_hook=once_each)
    except (UnicodeDecodeError, ValueError):
        malformed("not JSON")
    if not isinstance(doc, dict) or set(doc) != MEMBERS:
        malformed("the members are not exactly " + ", ".join(sorted(MEMBERS)))
    signer = doc["signer"]
    if not isinstance(signer, dict) or set(signer) != {"name", "publicKey"}:
        malformed("signer is not {name, publicKey}")
    public_key = strict_b64(signer["publicKey"], 32, "signer.publicKey")
    signature = strict_b64(doc["signature"], 64, "signature")
    unsigned = {k: doc[k] for k in ("format", "version", "kind", "body", "signer")}
    message = DOMAIN + canonical(unsigned).encode("utf-8")
    try:
        signing.VerifyKey(public_key).verify(message, signature)
    except exceptions.BadSignatureError:
        sys.exit("signature does not match")
    print("ok", doc["kind"], signer["name"])


main()
