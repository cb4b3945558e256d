#!/usr/bin/env python3
"""An independent reader of a Keyward backup written from docs/BACKUP-FORMAT.md alone,
with PyNaCl (a libsodium build independent of Keyward's). It enforces every rule the
page states and exits with the status the page gives: 2 not a (version 1) backup,
3 wrong password, 4 refused as damaged (integrity, impossible layout, Argon2
parameters out of range, a description not in its one form). On success it writes
the SQLite snapshot to OUT and prints the description (JSON) on stdout.
Usage: independent_backup_reader.py BACKUP PASSWORD OUT"""
import datetime
import json
import re
import sqlite3
import struct
import sys
import unicodedata

from nacl import bindings, encoding, exceptions, hash as nhash, pwhash

MAGIC = b"KWBACKUP"
HEADER = 92
PIECE = 65536
ABYTES = 17
MAX_DESCRIPTION = 16 * 1024
MIB = 1024 * 1024
MEMBERS = ["format", "version", "createdAt", "source", "vaultId", "databaseBytes"]
CREATED_AT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z", re.ASCII)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
TAG_MESSAGE = bindings.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
TAG_FINAL = bindings.crypto_secretstream_xchacha20poly1305_TAG_FINAL


def fail(status, why):
    sys.stderr.write(why + "\n")
    sys.exit(status)


def read_header(data):
    """The 92-byte header; every check before any key derivation."""
    if data[:8] != MAGIC[:min(len(data), 8)]:
        fail(2, "not a Keyward backup")
    if len(data) < HEADER:
        fail(4, "truncated inside the header")
    header = data[:HEADER]
    if header[8] != 1 or header[11] != 0:
        fail(2, "not a version 1 backup")
    if header[9] != 2 or header[10] != 1:
        fail(4, "unknown key derivation or password encoding")
    ops, mem = struct.unpack(">II", header[12:20])
    if not (3 <= ops <= 16 and 64 * MIB <= mem <= 2048 * MIB and mem % 1024 == 0):
        fail(4, "Argon2 parameters refused")
    return header, ops, mem


def created_at_ok(value):
    if not isinstance(value, str):
        return False
    m = CREATED_AT.fullmatch(value)
    if m is None or int(m.group(1)) < 1970:
        return False
    try:
        datetime.datetime(*(int(g) for g in m.groups()[:6]))
    except ValueError:
        return False
    return True


def source_ok(value):
    if not isinstance(value, str) or value in (".", "..") or not 1 <= len(value) <= 200:
        return False
    return not any(c in "/\\" or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in value)


def read_description(raw):
    try:
        text = raw.decode("utf-8")
        pairs = json.loads(text, object_pairs_hook=lambda p: p)
    except (UnicodeDecodeError, ValueError):
        fail(4, "description: not UTF-8 JSON")
    if not isinstance(pairs, list):
        fail(4, "description: not an object")
    names = [k for k, _ in pairs]
    if names != MEMBERS:
        fail(4, "description: members are not exactly " + ", ".join(MEMBERS))
    d = dict(pairs)
    n = d["databaseBytes"]
    checks = [
        d["format"] == "keyward.backup",
        type(d["version"]) is int and d["version"] == 1,
        created_at_ok(d["createdAt"]),
        source_ok(d["source"]),
        isinstance(d["vaultId"], str) and UUID.fullmatch(d["vaultId"]) is not None,
        type(n) is int and 1 <= n <= 2**53 - 1,
    ]
    for name, ok in zip(MEMBERS, checks):
        if not ok:
            fail(4, "description: " + name + " is not in its documented form")
    if json.dumps(d, ensure_ascii=False, separators=(",", ":")) != text:
        fail(4, "description: not written in its one exact form")
    return d, text


def main():
    path, password, out = sys.argv[1], sys.argv[2], sys.argv[3]
    data = open(path, "rb").read()
    header, ops, mem = read_header(data)
    salt, stream_header, check = header[20:36], header[36:60], header[60:92]
    pw = unicodedata.normalize("NFKD", password).encode()
    key = pwhash.argon2id.kdf(32, pw, salt, opslimit=ops, memlimit=mem)
    if nhash.blake2b(b"keyward-backup-check-v1", digest_size=32, key=key, encoder=encoding.RawEncoder) != check:
        fail(3, "wrong password")
    state = bindings.crypto_secretstream_xchacha20poly1305_state()
    bindings.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, key)
    pos, chunks, final = HEADER, [], False
    while not final:
        if pos + 4 > len(data):
            fail(4, "truncated: no final chunk")
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        low, high = (ABYTES, MAX_DESCRIPTION + ABYTES) if not chunks else (ABYTES + 1, PIECE + ABYTES)
        if not low <= length <= high:
            fail(4, "impossible chunk length")
        ct = data[pos + 4:pos + 4 + length]
        if len(ct) != length:
            fail(4, "truncated inside a chunk")
        pos += 4 + length
        try:
            msg, tag = bindings.crypto_secretstream_xchacha20poly1305_pull(state, ct, header)
        except exceptions.CryptoError:
            fail(4, "a chunk fails authentication")
        if not chunks:
            if tag != TAG_MESSAGE:
                fail(4, "the description is not TAG_MESSAGE")
        elif tag == TAG_MESSAGE:
            if len(msg) != PIECE:
                fail(4, "a piece before the last is not 65536 bytes")
        elif tag != TAG_FINAL:
            fail(4, "a piece is neither TAG_MESSAGE nor TAG_FINAL")
        chunks.append(msg)
        final = tag == TAG_FINAL
    if pos != len(data):
        fail(4, "bytes after the final chunk")
    description, text = read_description(chunks[0])
    snapshot = b"".join(chunks[1:])
    if len(snapshot) != description["databaseBytes"]:
        fail(4, "the snapshot's size is not databaseBytes")
    with open(out, "wb") as f:
        f.write(snapshot)
    try:
        db = sqlite3.connect("file:" + out + "?mode=ro&immutable=1", uri=True)
        (vault_id,) = db.execute("SELECT vault_id FROM vault_header").fetchone()
        db.close()
    except (sqlite3.Error, TypeError):
        fail(4, "the snapshot is not a Keyward vault")
    if vault_id != description["vaultId"]:
        fail(4, "the snapshot is another vault than vaultId names")
    sys.stdout.write(text)


main()
