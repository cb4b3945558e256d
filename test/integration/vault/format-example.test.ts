// The worked example of docs/VAULT-FORMAT.md is recomputed from the page's own values,
// by an independent PyNaCl script and by Keyward's code, so the page cannot drift from
// the format (a changed digit is caught: the check is run on a corrupted copy too).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalHeader, deriveSubkey, headerHash, unwrapVaultKey } from '../../../src-main/core/crypto/envelope.js';
import { KDF_ALG, passwordBytes } from '../../../src-main/core/crypto/kdf.js';
import { deriveKek } from '../../../src-main/core/crypto/kdf-worker.js';
import { slotAad } from '../../../src-main/core/crypto/aead.js';
import { loadSodium } from '../../../src-main/core/crypto/sodium.js';
import { manifestLines } from '../../../src-main/core/db/manifest.repo.js';
import { templateRowId } from '../../../src-main/core/vault/row-ids.js';
import { withRawDb } from '../../helpers/raw-db.js';

const DOC = new URL('../../../docs/VAULT-FORMAT.md', import.meta.url).pathname;
const CHECK = new URL('./format_example_check.py', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';
const hasNacl = spawnSync(PYTHON, ['-c', 'import nacl.bindings'], { encoding: 'utf8' }).status === 0;
if (!hasNacl) console.warn('format-example: python3-nacl is not installed; the independent recomputation is skipped.');

function example(text: string): Record<string, string> {
  const block = /```worked-example\n([\s\S]*?)\n```/.exec(text)?.[1];
  if (block === undefined) throw new Error('no worked-example block in VAULT-FORMAT.md');
  return Object.fromEntries(block.split('\n').map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
}

describe.skipIf(!hasNacl)('the worked example, recomputed with PyNaCl', () => {
  it('agrees with the page', () => {
    const r = spawnSync(PYTHON, [CHECK, DOC], { encoding: 'utf8' });
    expect({ code: r.status, out: r.stdout, err: r.stderr }).toEqual({ code: 0, out: '', err: '' });
  });

  it('names the line when one digit of the page is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-doc-'));
    try {
      const text = readFileSync(DOC, 'utf8');
      const tag = example(text).tag as string;
      const wrong = join(dir, 'VAULT-FORMAT.md');
      writeFileSync(wrong, text.replace(`tag: ${tag}`, `tag: ${tag.slice(0, -1)}${tag.endsWith('0') ? '1' : '0'}`));
      const r = spawnSync(PYTHON, [CHECK, wrong], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^tag: the page says/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the worked example, recomputed with Keyward's code", () => {
  it('gives the canonical header, its hash, the vault key and both tags', async () => {
    const sodium = await loadSodium();
    const e = example(readFileSync(DOC, 'utf8'));
    const hex = (b: Uint8Array) => sodium.to_hex(b);
    const kdf = {
      alg: KDF_ALG,
      kdfVersion: Number(e.kdf_version),
      opsLimit: Number(e.kdf_ops),
      memLimitBytes: Number(e.kdf_mem),
      salt: sodium.from_hex(e.kdf_salt as string),
    };
    const fields = { formatVersion: 1, vaultId: e.vault_id as string, kdf };
    expect(hex(canonicalHeader(fields, sodium))).toBe(e.canonical_header);
    expect(hex(headerHash(fields, sodium))).toBe(e.header_hash);
    const kek = await deriveKek(passwordBytes(e.password as string), kdf);
    expect(hex(kek)).toBe(e.kek);
    const wrapped = sodium.from_hex(
      `${e['wrapped_key.version']}${e['wrapped_key.nonce']}${e['wrapped_key.ciphertext']}${e['wrapped_key.tag']}`,
    );
    expect(wrapped).toHaveLength(105);
    const header = {
      ...fields,
      wrappedKey: wrapped,
      kekCheck: sodium.from_hex(e.kek_check as string),
      headerHash: headerHash(fields, sodium),
    };
    const vaultKey = unwrapVaultKey(sodium, header, kek);
    expect(hex(vaultKey)).toBe(e.vault_key);
    const index = deriveSubkey(sodium, vaultKey, 'index');
    expect(hex(index)).toBe(e.index_subkey);
    const input = new TextEncoder().encode(`\u0000${e.tag_value}`);
    expect(hex(input)).toBe(e.tag_input);
    expect(hex(sodium.crypto_generichash(16, input, index))).toBe(e.tag);
    const withInstance = new TextEncoder().encode(`${e.tag_instance_id}\u0000${e.tag_value_with_instance}`);
    expect(hex(withInstance)).toBe(e.tag_input_with_instance);
    expect(hex(sodium.crypto_generichash(16, withInstance, index))).toBe(e.tag_with_instance);
  });

  it('gives the manifest lines and digests, the template row id and the commit counter slots', async () => {
    const sodium = await loadSodium();
    const e = example(readFileSync(DOC, 'utf8'));
    const hex = (b: Uint8Array) => sodium.to_hex(b);
    const enc = (t: string) => new TextEncoder().encode(t);
    const vaultKey = sodium.from_hex(e.vault_key as string);
    const manifest = deriveSubkey(sodium, vaultKey, 'manifest');
    expect(hex(manifest)).toBe(e.manifest_subkey);
    // The line as Keyward's own query builds it from a row whose blobs have the page's identities.
    withRawDb(':memory:', (db) => {
      db.exec('CREATE TABLE keys (id TEXT, revision INTEGER, meta BLOB, secret BLOB)');
      db.exec('CREATE TABLE rotations (id TEXT, revision INTEGER, data BLOB)');
      const blob = (identity: string) => {
        const b = Buffer.from(identity, 'hex');
        return Buffer.concat([b.subarray(0, 25), Buffer.alloc(64, 0x5a), b.subarray(25)]);
      };
      db.prepare('INSERT INTO keys VALUES (?, ?, ?, ?)').run(
        e.manifest_key_id,
        Number(e.manifest_key_revision),
        blob(e.manifest_meta_identity as string),
        blob(e.manifest_secret_identity as string),
      );
      const keys = manifestLines(db, 'keys');
      expect(keys).toEqual({ rows: 1, text: e.manifest_line });
      const input = enc(`keyward-manifest-v2\nkeys\n${keys.text}`);
      expect(hex(input)).toBe(e.manifest_input);
      expect(hex(sodium.crypto_generichash(32, input, manifest))).toBe(e.manifest_digest);
      const rotations = manifestLines(db, 'rotations');
      expect(rotations).toEqual({ rows: 0, text: '' });
      const empty = enc(`keyward-manifest-v2\nrotations\n${rotations.text}`);
      expect(hex(empty)).toBe(e.manifest_empty_input);
      expect(hex(sodium.crypto_generichash(32, empty, manifest))).toBe(e.manifest_empty_digest);
    });
    const rowIds = deriveSubkey(sodium, vaultKey, 'rowIds');
    expect(hex(rowIds)).toBe(e.rowids_subkey);
    expect(hex(enc(`keyward-template-id\n${e.template_id}`))).toBe(e.template_row_id_input);
    expect(templateRowId(sodium, rowIds, e.template_id as string)).toBe(e.template_row_id);
    expect(hex(deriveSubkey(sodium, vaultKey, 'settings'))).toBe(e.settings_subkey);
    expect(hex(enc(JSON.stringify({ n: Number(e.commits_n) })))).toBe(e.commits_plaintext);
    const vaultId = e.vault_id as string;
    expect(hex(slotAad({ vaultId, table: 'settings', field: 'value', recordId: 'vault.commits' }))).toBe(
      e.commits_row_aad,
    );
    expect(hex(slotAad({ vaultId, table: 'side-file', field: 'commits', recordId: '1' }))).toBe(e.commits_file_aad);
  });
});
