// Sealed blobs hide lengths in coarse buckets (docs/VAULT-FORMAT.md, "Sealed blobs"):
// secrets to 64 bytes up to 256, then the next power of two; everything else to 256 bytes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { open, paddedLength, seal, slotAad } from '../../../src-main/core/crypto/aead.js';
import { loadSodium } from '../../../src-main/core/crypto/sodium.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';

const OVERHEAD = 1 + 24 + 16; // version, nonce, tag

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('keyward-pad-');
});
afterEach(() => dir.cleanup());

describe('padding buckets', () => {
  it('states the buckets exactly (the plaintext plus its 0x80 byte, rounded up)', () => {
    const secret = (n: number) => paddedLength(n, 'secret');
    expect([0, 62, 63, 64, 127, 128, 191, 192, 254, 255, 256, 510, 511, 512, 5000].map(secret)).toEqual([
      64, 64, 64, 128, 128, 192, 192, 256, 256, 256, 512, 512, 512, 1024, 8192,
    ]);
    const meta = (n: number) => paddedLength(n, 'meta');
    expect([0, 254, 255, 256, 511, 512, 3000].map(meta)).toEqual([256, 256, 256, 512, 512, 768, 3072]);
    expect([0, 31, 32].map((n) => paddedLength(n, 'block32'))).toEqual([32, 32, 64]);
  });

  it('opens blobs of the old 32-byte padding and of every new bucket, and refuses other padding', async () => {
    const sodium = await loadSodium();
    const key = new Uint8Array(32).fill(7);
    const aad = slotAad({ vaultId: 'v', table: 'keys', field: 'secret', recordId: 'r' });
    for (const n of [0, 5, 40, 63, 200, 300, 700]) {
      const text = new Uint8Array(n).fill(0x61);
      for (const kind of ['secret', 'meta', 'block32'] as const) {
        const blob = seal(sodium, key, text, aad, kind);
        expect(blob.length).toBe(OVERHEAD + paddedLength(n, kind));
        expect(open(sodium, key, blob, aad, 'x')).toEqual(text);
      }
    }
    // Authentic but not a length any Keyward writes (5 bytes padded to 96): refused as damage.
    const odd = new Uint8Array(96);
    odd.set([1, 2, 3, 4, 5]);
    odd[5] = 0x80;
    const nonce = new Uint8Array(24);
    const blob = new Uint8Array([
      1,
      ...nonce,
      ...sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(odd, aad, null, nonce, key),
    ]);
    expect(() => open(sodium, key, blob, aad, 'x')).toThrow(/invalid padding/);
  });

  it('puts keys of different platforms and lengths into shared buckets', async () => {
    const { path, vault, inventory } = await newTestVault(dir.dir);
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiJkZXBsb3kifQ'.repeat(6)}.${'x'.repeat(43)}`;
    const added = [
      inventory.add(sampleKey({ name: 'short' }), { value: 'knouds_live_a1' }),
      inventory.add(sampleKey({ name: 'long' }), { value: 'knouds_live_' + 'b'.repeat(38) }),
      inventory.add(sampleKey({ platform: 'kai', name: 'kai' }), { value: 'kai-secret-2', instanceId: 'inst-9' }),
      inventory.add(sampleKey({ platform: 'kai', name: 'kai2' }), {
        value: 'kai-' + 'c'.repeat(20),
        instanceId: 'inst-eu-1',
      }),
      inventory.add(sampleKey({ name: 'jwt' }), { value: jwt }),
      inventory.add(sampleKey({ name: 'jwt2' }), { value: jwt + 'y'.repeat(26) }),
    ];
    vault.lock();
    const v = await unlockVault(path, TEST_PASSWORD);
    const rows = v.db.prepare('SELECT id, length(meta) AS meta, length(secret) AS secret FROM keys').all() as {
      id: string;
      meta: number;
      secret: number;
    }[];
    v.lock();
    const secretLen = new Map(rows.map((r) => [r.id, r.secret]));
    const [shortK, longK, kai, kai2, jwtK, jwt2] = added.map((k) => secretLen.get(k.id));
    // Four secrets of 14 to 50 characters, of two platforms, with and without an instance id: one bucket.
    expect(new Set([shortK, longK, kai, kai2])).toEqual(new Set([OVERHEAD + 64]));
    // JWT-style keys of 197 and 223 characters (224 and 256 bytes in 32-byte padding) share the 256 bucket.
    expect(jwtK).toBe(OVERHEAD + 256);
    expect(jwt2).toBe(OVERHEAD + 256);
    // Every metadata blob is a multiple of 256 bytes; here all share one size.
    for (const r of rows) expect((r.meta - OVERHEAD) % 256).toBe(0);
    expect(new Set(rows.map((r) => r.meta)).size).toBe(1);
  });

  it('pads every other sealed table (settings, manifest, checklists, rotations) to 256 bytes', async () => {
    const { path, vault, inventory } = await newTestVault(dir.dir);
    inventory.add(sampleKey(), { value: 'knouds_live_settings01' });
    vault.lock();
    const v = await unlockVault(path, TEST_PASSWORD);
    const lengths = v.db
      .prepare(
        `SELECT length(value) AS n FROM settings UNION ALL SELECT length(data) FROM manifest
         UNION ALL SELECT length(data) FROM checklist_templates UNION ALL SELECT length(data) FROM checklist_runs
         UNION ALL SELECT length(data) FROM rotations`,
      )
      .pluck()
      .all() as number[];
    v.lock();
    expect(lengths.length).toBeGreaterThan(1);
    for (const n of lengths) expect((n - OVERHEAD) % 256).toBe(0);
  });
});
