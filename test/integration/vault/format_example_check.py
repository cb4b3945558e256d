#!/usr/bin/env python3
"""Recomputes the worked example of docs/VAULT-FORMAT.md from its inputs with PyNaCl
(independent of Keyward's libsodium build) and the page's own rules. Prints one line
per derived value that differs and exits 1; exits 0 when all agree.
Usage: format_example_check.py VAULT-FORMAT.md"""
import re
import sys
import unicodedata

from nacl import bindings, encoding, exceptions, hash as nhash, pwhash

RAW = encoding.RawEncoder


def example(text):
    m = re.search(r"```worked-example\n(.*?)\n```", text, re.S)
    if m is None:
        sys.exit("no worked-example block")
    return dict(line.split(": ", 1) for line in m.group(1).splitlines())


def main():
    e = example(open(sys.argv[1], encoding="utf-8").read())
    got = {}
    canon = "\0".join(
        ["keyward-header", "v1", e["vault_id"], e["kdf_alg"], e["kdf_ops"], e["kdf_mem"], e["kdf_salt"], e["kdf_version"]]
    ).encode()
    got["canonical_header"] = canon
    got["header_hash"] = nhash.blake2b(canon, digest_size=32, encoder=RAW)
    pw = unicodedata.normalize("NFKD", e["password"]).encode()
    kek = pwhash.argon2id.kdf(32, pw, bytes.fromhex(e["kdf_salt"]), opslimit=int(e["kdf_ops"]), memlimit=int(e["kdf_mem"]))
    got["kek"] = kek
    got["kek_check"] = nhash.blake2b(b"keyward-kek-check-v1", digest_size=32, key=kek, encoder=RAW)
    nonce = bytes.fromhex(e["wrapped_key.nonce"])
    sealed = bytes.fromhex(e["wrapped_key.ciphertext"] + e["wrapped_key.tag"])
    if e["wrapped_key.version"] != "01" or len(nonce) != 24 or len(sealed) != 64 + 16:
        print("wrapped_key: not version 01 || 24-byte nonce || 64 bytes || 16-byte tag")
        sys.exit(1)
    try:
        padded = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(sealed, canon, nonce, kek)
    except exceptions.CryptoError:
        print("wrapped_key: does not open with the kek and the canonical header as AAD")
        sys.exit(1)
    got["padded_vault_key"] = padded
    if padded[32:] != b"\x80" + bytes(31):
        print("padded_vault_key: not the key then 0x80 then 31 zero bytes")
    vault_key = padded[:32]
    got["vault_key"] = vault_key
    index = bindings.crypto_generichash_blake2b_salt_personal(
        b"", digest_size=32, key=vault_key, salt=(2).to_bytes(8, "little") + bytes(8), person=b"KWINDEX_" + bytes(8)
    )
    got["index_subkey"] = index
    for suffix, instance, value in [
        ("", "", e["tag_value"]),
        ("_with_instance", e["tag_instance_id"], e["tag_value_with_instance"]),
    ]:
        data = instance.encode() + b"\0" + value.encode()
        got["tag_input" + suffix] = data
        got["tag" + suffix] = nhash.blake2b(data, digest_size=16, key=index, encoder=RAW)

    def sub(subkey_id, context):
        return bindings.crypto_generichash_blake2b_salt_personal(
            b"", digest_size=32, key=vault_key, salt=subkey_id.to_bytes(8, "little") + bytes(8),
            person=context + bytes(8)
        )

    # The manifest: one `keys` line "id:revision:identity(meta):identity(secret)", an empty `rotations`.
    manifest = sub(4, b"KWMANIFS")
    got["manifest_subkey"] = manifest
    for ident in ("manifest_meta_identity", "manifest_secret_identity"):
        if len(bytes.fromhex(e[ident])) != 41 or e[ident][:2] != "01":
            print(ident + ": not 41 bytes (version 01, 24-byte nonce, 16-byte tag)")
            sys.exit(1)
    line = ":".join([e["manifest_key_id"], e["manifest_key_revision"], e["manifest_meta_identity"],
                     e["manifest_secret_identity"]])
    if e["manifest_line"] != line:
        print("manifest_line: the page says " + e["manifest_line"] + ", recomputed " + line)
        sys.exit(1)
    data = b"keyward-manifest-v2\nkeys\n" + line.encode()
    got["manifest_input"] = data
    got["manifest_digest"] = nhash.blake2b(data, digest_size=32, key=manifest, encoder=RAW)
    empty = b"keyward-manifest-v2\nrotations\n"
    got["manifest_empty_input"] = empty
    got["manifest_empty_digest"] = nhash.blake2b(empty, digest_size=32, key=manifest, encoder=RAW)
    # The template row id.
    row_ids = sub(5, b"KWROWIDS")
    got["rowids_subkey"] = row_ids
    data = b"keyward-template-id\n" + e["template_id"].encode()
    got["template_row_id_input"] = data
    got["template_row_id"] = nhash.blake2b(data, digest_size=16, key=row_ids, encoder=RAW)
    # The commit counter: plaintext and the two slots' associated data.
    got["settings_subkey"] = sub(3, b"KWSETTNG")
    got["commits_plaintext"] = ('{"n":%d}' % int(e["commits_n"])).encode()
    aad = lambda *f: "\0".join(["keyward-aad", "v1", e["vault_id"], *f]).encode()
    got["commits_row_aad"] = aad("settings", "value", "vault.commits")
    got["commits_file_aad"] = aad("side-file", "commits", "1")
    bad = [k for k, v in got.items() if e.get(k) != v.hex()]
    for k in bad:
        print(k + ": the page says " + e.get(k, "nothing") + ", recomputed " + got[k].hex())
    sys.exit(1 if bad else 0)


main()
