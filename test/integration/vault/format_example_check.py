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
    bad = [k for k, v in got.items() if e.get(k) != v.hex()]
    for k in bad:
        print(k + ": the page says " + e.get(k, "nothing") + ", recomputed " + got[k].hex())
    sys.exit(1 if bad else 0)


main()
