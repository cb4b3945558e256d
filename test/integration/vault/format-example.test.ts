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
import { loadSodium } from '../../../src-main/core/crypto/sodium.js';

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
});
