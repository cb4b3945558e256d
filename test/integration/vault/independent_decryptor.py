#!/usr/bin/env python3
"""An independent Keyward vault decryptor written from docs/VAULT-FORMAT.md alone,
with PyNaCl and Python's sqlite3. Prints every key's metadata and secret as JSON.
Usage: independent_decryptor.py VAULT PASSWORD"""
import base64
import json
import os
import sqlite3
import sys
import unicodedata

from nacl import bindings, encoding, exceptions, hash as nhash, pwhash


def canonical_header(h):
    fields = ["keyward-header", "v%d" % h["format_version"], h["vault_id"], h["kdf_alg"], str(h["kdf_ops"]),
              str(h["kdf_mem"]), h["kdf_salt"].hex(), str(h["kdf_version"])]
    return "\0".join(fields).encode()


def unpad(b):
    i = len(b) - 1
    while i >= 0 and b[i] == 0:
        i -= 1
    if i < 0 or b[i] != 0x80:
        raise ValueError("bad padding")
    return b[:i]


def open_blob(key, blob, aad):
    if blob[0] != 1:
        raise ValueError("unknown blob version")
    pt = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(bytes(blob[25:]), aad, bytes(blob[1:25]), key)
    return unpad(pt)


def subkey(vault_key, subkey_id, context):
    # libsodium crypto_kdf_derive_from_key = BLAKE2b(key, salt = id as 8-byte LE + 8 zero bytes, person = context + 8 zero bytes)
    salt = subkey_id.to_bytes(8, "little") + b"\0" * 8
    person = context.encode() + b"\0" * 8
    return nhash.blake2b(b"", digest_size=32, key=vault_key, salt=salt, person=person, encoder=encoding.RawEncoder)


def aad(vault_id, table, field, record_id):
    return "\0".join(["keyward-aad", "v1", vault_id, table, field, record_id]).encode()


MANIFEST_TABLES = [("keys", "id", True, ["meta", "secret"]), ("settings", "name", False, ["value"]),
                   ("rotations", "id", True, ["data"]), ("checklist_templates", "id", True, ["data"]),
                   ("checklist_runs", "id", True, ["data"])]


def blob_id(b):
    return (bytes(b[:25]) + bytes(b[-16:])).hex()


def manifest_section(db, key, table, id_col, has_revision, blobs):
    rows = db.execute("SELECT * FROM %s" % table).fetchall()
    rows.sort(key=lambda r: r[id_col].encode())
    lines = []
    for r in rows:
        parts = [r[id_col]] + ([str(r["revision"])] if has_revision else []) + [blob_id(r[c]) for c in blobs]
        lines.append(":".join(parts))
    text = ("keyward-manifest-v2\n%s\n" % table + "\n".join(lines)).encode()
    return {"rows": len(rows), "digest": nhash.blake2b(text, digest_size=32, key=key, encoder=encoding.HexEncoder).decode()}


def check_manifest(db, vault_id, records, manifest_key):
    row = db.execute("SELECT data FROM manifest WHERE singleton = 1").fetchone()
    if row is None:
        sys.exit("integrity: manifest missing")
    m = json.loads(open_blob(records, row["data"], aad(vault_id, "manifest", "data", "1")))
    if m.get("v") != 2:
        sys.exit("integrity: manifest version")
    for table, id_col, has_revision, blobs in MANIFEST_TABLES:
        if manifest_section(db, manifest_key, table, id_col, has_revision, blobs) != m["tables"][table]:
            sys.exit("integrity: manifest %s" % table)


def check_template_ids(db, vault_id, records, row_id_key):
    # Schema 90: a template's row id is BLAKE2b-128 keyed with the rowIds subkey of "keyward-template-id" LF its sealed id.
    for row in db.execute("SELECT id, data FROM checklist_templates"):
        t = json.loads(open_blob(records, row["data"], aad(vault_id, "checklist_templates", "data", row["id"])))
        want = nhash.blake2b(("keyward-template-id\n" + t["id"]).encode(), digest_size=16, key=row_id_key,
                             encoder=encoding.HexEncoder).decode()
        if want != row["id"]:
            sys.exit("integrity: template row id")


def check_commit_counter(db, path, vault_id, settings_key):
    # The settings row vault.commits and the side file VAULT.commits: {"n":N} under the settings subkey;
    # the side file's count may not be ahead of the row's (acknowledged writes lost).
    row = db.execute("SELECT value FROM settings WHERE name = 'vault.commits'").fetchone()
    n = json.loads(open_blob(settings_key, row["value"], aad(vault_id, "settings", "value", "vault.commits")))["n"] if row else 0
    if not os.path.exists(path + ".commits"):
        return
    doc = json.loads(open(path + ".commits", encoding="utf-8").read())
    if doc.get("format") != "keyward.commits" or doc.get("version") != 1:
        sys.exit("integrity: commit counter file")
    side = json.loads(open_blob(settings_key, base64.b64decode(doc["sealed"]), aad(vault_id, "side-file", "commits", "1")))
    if side["n"] > n:
        sys.exit("integrity: %d acknowledged write(s) missing" % (side["n"] - n))


def main():
    path, password = sys.argv[1], sys.argv[2]
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    db.row_factory = sqlite3.Row
    h = dict(db.execute("SELECT * FROM vault_header").fetchone())
    canon = canonical_header(h)
    if nhash.blake2b(canon, digest_size=32, encoder=encoding.RawEncoder) != h["header_hash"]:
        sys.exit("integrity: header hash")
    pw = unicodedata.normalize("NFKD", password).encode()
    kek = pwhash.argon2id.kdf(32, pw, h["kdf_salt"], opslimit=h["kdf_ops"], memlimit=h["kdf_mem"])
    check = nhash.blake2b(b"keyward-kek-check-v1", digest_size=32, key=kek, encoder=encoding.RawEncoder)
    if check != h["kek_check"]:
        sys.exit("wrong password")
    vault_key = open_blob(kek, h["wrapped_key"], canon)
    records = subkey(vault_key, 1, "KWRECORD")
    check_manifest(db, h["vault_id"], records, subkey(vault_key, 4, "KWMANIFS"))
    check_template_ids(db, h["vault_id"], records, subkey(vault_key, 5, "KWROWIDS"))
    check_commit_counter(db, path, h["vault_id"], subkey(vault_key, 3, "KWSETTNG"))
    out = []
    for row in db.execute("SELECT id, meta, secret FROM keys ORDER BY created_at, id"):
        meta = json.loads(open_blob(records, row["meta"], aad(h["vault_id"], "keys", "meta", row["id"])))
        secret = json.loads(open_blob(records, row["secret"], aad(h["vault_id"], "keys", "secret", row["id"])))
        out.append({"id": row["id"], "name": meta["meta"]["name"], "platform": meta["meta"]["platform"],
                    "tag": meta["tag"], "secret": secret})
    print(json.dumps(out))


if __name__ == "__main__":
    try:
        main()
    except exceptions.CryptoError:
        sys.exit("integrity: authentication failed")
