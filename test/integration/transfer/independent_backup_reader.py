#!/usr/bin/env python3
"""An independent reader of a Keyward backup written from docs/BACKUP-FORMAT.md alone,
with PyNaCl (a libsodium build independent of Keyward's). Writes the SQLite snapshot
to OUT and prints the backup's description (JSON) on stdout.
Usage: independent_backup_reader.py BACKUP PASSWORD OUT"""
import struct
import sys
import unicodedata

from nacl import bindings, encoding, hash as nhash, pwhash


def main():
    path, password, out = sys.argv[1], sys.argv[2], sys.argv[3]
    data = open(path, "rb").read()
    header = data[:92]
    if header[:8] != b"KWBACKUP" or header[8] != 1 or header[9] != 2 or header[10] != 1:
        sys.exit("not a version 1 backup")
    ops, mem = struct.unpack(">II", header[12:20])
    salt, stream_header, check = header[20:36], header[36:60], header[60:92]
    pw = unicodedata.normalize("NFKD", password).encode()
    key = pwhash.argon2id.kdf(32, pw, salt, opslimit=ops, memlimit=mem)
    if nhash.blake2b(b"keyward-backup-check-v1", digest_size=32, key=key, encoder=encoding.RawEncoder) != check:
        sys.exit("wrong password")
    state = bindings.crypto_secretstream_xchacha20poly1305_state()
    bindings.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, key)
    pos, chunks, final = 92, [], False
    while pos < len(data):
        if final:
            sys.exit("bytes after the final chunk")
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ct = data[pos + 4:pos + 4 + length]
        if len(ct) != length:
            sys.exit("truncated")
        pos += 4 + length
        msg, tag = bindings.crypto_secretstream_xchacha20poly1305_pull(state, ct, header)
        chunks.append(msg)
        final = tag == bindings.crypto_secretstream_xchacha20poly1305_TAG_FINAL
    if not final:
        sys.exit("truncated: no final chunk")
    with open(out, "wb") as f:
        f.write(b"".join(chunks[1:]))
    sys.stdout.write(chunks[0].decode("utf-8"))


main()
