// Round trips between vaults: the plaintext Keyward JSON export of one vault, imported
// into an empty one, gives the same inventory (every field, every secret), and the
// inventory exports (no secrets) of both vaults then agree line for line.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/app/session.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { exportInventory, exportWithSecrets } from '../../../src-main/core/transfer/export/index.js';
import { importText } from '../../../src-main/core/transfer/import/index.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let from: Session;
let to: Session;

beforeEach(async () => {
  dir = tempDir('keyward-round-trip-');
  const a = await newTestVault(dir.dir, 'from.db');
  const b = await newTestVault(dir.dir, 'to.db');
  from = createSession(a.vault, { clock: a.clock, writeSchedule: false });
  to = createSession(b.vault, { clock: b.clock, writeSchedule: false });
});
afterEach(() => {
  from.lock();
  to.lock();
  dir.cleanup();
});

/** What an inventory says about a key, without what belongs to one vault (ids, record times, history). */
function portable(k: KeyRecord, secret: { value: string; instanceId?: string }) {
  const { id: _i, recordCreatedAt: _c, recordUpdatedAt: _u, history: _h, lastVerification: _v, ...rest } = k;
  return { ...rest, secret };
}
const inventoryOf = (s: Session) =>
  s.inventory
    .list()
    .keys.map((k) => portable(k, s.inventory.secretFor(k.id)))
    .sort((x, y) => x.name.localeCompare(y.name));

it('export with secrets, then import into an empty vault: the same inventory, field for field', async () => {
  from.inventory.add(
    sampleKey({
      platform: 'kai',
      name: 'Knowledge sync, "prod"',
      account: 'inst-7f3a',
      scopes: ['read', 'write'],
      environment: 'production',
      owner: 'ana@example.com',
      purpose: 'Nightly knowledge sync; multi-line\nnotes follow',
      deployedTo: ['k8s/prod/sync', 'GitHub Actions: nightly'],
      tags: ['ops', 'tier-1'],
      notes: 'Rotated by the platform team.\nSecond line, with a comma, and "quotes".',
      createdAt: '2026-01-15',
      expiresAt: '2027-01-15',
      lastUsedAt: '2026-11-20',
      rotateEveryDays: 90,
      extra: { tier: 'enterprise' },
    }),
    { value: 'k1_roundtrip_secret_0001', instanceId: 'inst-7f3a' },
  );
  from.inventory.add(
    sampleKey({ platform: 'knouds', name: 'Deploy bot', baseUrl: 'https://eu.knouds.example', status: 'revoked' }),
    { value: 'knouds_live_roundtrip_secret_0002' },
  );
  from.inventory.add(sampleKey({ platform: 'custom', name: 'Ünïcode ✓ key', expiresAt: null, tags: [] }), {
    value: 'x-roundtrip-secret-0003',
  });

  const exported = await exportWithSecrets(from, TEST_PASSWORD);
  const preview = to.imports.preview(importText(Buffer.from(exported.text), 'keys.json'));
  expect(preview.format).toBe('keyward');
  const summary = await to.imports.commit(preview.id);
  expect(summary.added).toBe(3);

  expect(inventoryOf(to)).toEqual(inventoryOf(from));
  // The inventory exports (no secrets) agree too, once the per-vault ids and record times are set aside.
  const keysOf = (s: Session) =>
    (JSON.parse(exportInventory(s, 'json').text) as { keys: Record<string, unknown>[] }).keys
      .map(({ id: _i, recordCreatedAt: _c, recordUpdatedAt: _u, lastVerification: _v, ...k }) => k)
      .sort((x, y) => String(x.name).localeCompare(String(y.name)));
  expect(keysOf(to)).toHaveLength(3);
  expect(keysOf(to)).toEqual(keysOf(from));
});
