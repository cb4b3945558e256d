// T-3: each key record is sealed on its own, so a row deleted, added or put back from an
// older copy leaves the others readable. The manifest (a sealed digest of every key's
// id and revision, rewritten with every write) makes the next unlock say so.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { createSettings } from '../../../src-main/core/settings/settings.service.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let path: string;
let ids: string[];
let clock: Awaited<ReturnType<typeof newTestVault>>['clock'];

beforeEach(async () => {
  dir = tempDir('keyward-manifest-');
  const t = await newTestVault(dir.dir);
  path = t.path;
  clock = t.clock;
  ids = ['Alpha', 'Bravo', 'Charlie'].map(
    (name, i) => t.inventory.add(sampleKey({ name }), { value: `knouds_live_manifest_${i}_abcdefgh` }).id,
  );
  t.vault.lock();
});
afterEach(() => dir.cleanup());

async function open() {
  const vault = await unlockVault(path, TEST_PASSWORD);
  return { vault, inventory: createInventory(vault, clock) };
}

describe('the manifest of the key rows', () => {
  it('matches after Keyward writes: adds, edits, removes', async () => {
    let v = await open();
    expect(v.vault.integrityWarning).toBeNull();
    v.inventory.edit(ids[0] as string, { owner: 'ana' });
    v.inventory.remove(ids[1] as string);
    v.inventory.add(sampleKey({ name: 'Delta' }), { value: 'knouds_live_manifest_delta_0001' });
    v.vault.lock();
    v = await open();
    expect(v.vault.integrityWarning).toBeNull();
    v.vault.lock();
  });

  it('a row deleted outside Keyward is reported at the next unlock; the rest still reads', async () => {
    withRawDb(path, (db) => db.prepare('DELETE FROM keys WHERE id = ?').run(ids[1]));
    const v = await open();
    expect(v.vault.integrityWarning).toMatch(/do not match its manifest \(1 key record\(s\) are missing\)/);
    expect(
      v.inventory
        .list()
        .keys.map((k) => k.name)
        .sort(),
    ).toEqual(['Alpha', 'Charlie']);
    v.vault.lock();
  });

  it('an older copy of a row put back (its revision and blobs) is reported', async () => {
    const before = withRawDb(path, (db) => db.prepare('SELECT * FROM keys WHERE id = ?').get(ids[0])) as Record<
      string,
      unknown
    >;
    let v = await open();
    v.inventory.edit(ids[0] as string, { notes: 'rotated on Monday' });
    v.vault.lock();
    withRawDb(path, (db) =>
      db
        .prepare('UPDATE keys SET meta = ?, secret = ?, revision = ?, updated_at = ? WHERE id = ?')
        .run(before.meta, before.secret, before.revision, before.updated_at, ids[0]),
    );
    v = await open();
    expect(v.vault.integrityWarning).toMatch(/a key record was replaced: an older copy/);
    // The old copy itself opens (its seal binds the id, not the revision): only the manifest can tell.
    expect(v.inventory.get(ids[0] as string).notes).not.toBe('rotated on Monday');
    v.vault.lock();
  });

  it('a setting put back from an older copy (a teammate trusted again) is reported', async () => {
    let v = await open();
    const settings = createSettings(v.vault, clock);
    settings.put('team.test', z.array(z.string()), ['ana', 'ben']);
    const before = withRawDb(path, (db) =>
      db.prepare(`SELECT value FROM settings WHERE name = 'team.test'`).pluck().get(),
    );
    settings.put('team.test', z.array(z.string()), ['ana']);
    v.vault.lock();
    withRawDb(path, (db) => db.prepare(`UPDATE settings SET value = ? WHERE name = 'team.test'`).run(before));
    v = await open();
    expect(v.vault.integrityWarning).toMatch(/\(a setting was replaced: an older copy/);
    v.vault.lock();
  });

  it('a row added outside Keyward is reported; the next write accepts the vault as it is', async () => {
    withRawDb(path, (db) =>
      db
        .prepare(
          `INSERT INTO keys (id, created_at, updated_at, revision, meta, secret)
           SELECT 'copied-row', created_at, updated_at, revision, meta, secret FROM keys WHERE id = ?`,
        )
        .run(ids[2]),
    );
    let v = await open();
    expect(v.vault.integrityWarning).toMatch(/1 key record\(s\) were added/);
    v.inventory.edit(ids[0] as string, { owner: 'ben' });
    v.vault.lock();
    v = await open();
    expect(v.vault.integrityWarning).toBeNull();
    v.vault.lock();
  });

  it('an edited manifest is reported, and a vault made before the manifest gets one', async () => {
    withRawDb(path, (db) => db.prepare(`UPDATE manifest SET data = CAST(X'00' || substr(data, 2) AS BLOB)`).run());
    let v = await open();
    expect(v.vault.integrityWarning).toMatch(/manifest does not open/);
    v.vault.lock();

    withRawDb(path, (db) => {
      db.exec('DROP TABLE manifest; DROP TABLE pending_scrub');
      db.pragma('user_version = 40');
    });
    v = await open(); // migrated to 50: the manifest is written from the rows as they are
    expect(v.vault.integrityWarning).toBeNull();
    v.vault.lock();
    withRawDb(path, (db) => db.prepare('DELETE FROM keys WHERE id = ?').run(ids[0]));
    v = await open();
    expect(v.vault.integrityWarning).toMatch(/missing/);
    v.vault.lock();
  });
});

describe('keyward', () => {
  it(
    'a key\u2019s old meta and secret blobs put back under its current revision are reported at unlock',
    { timeout: 180_000 },
    async () => {
      const vault = join(dir.dir, 'rollback.db');
      await initCliVault(vault);
      const id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy'], 'knouds_live_OLD_leaked_0001');
      // The attacker's older copy of this one row, before the user rotated the leaked secret and revoked it.
      const old = withRawDb(vault, (db) => db.prepare('SELECT meta, secret FROM keys WHERE id = ?').get(id)) as {
        meta: Buffer;
        secret: Buffer;
      };
      const rotated = await runCli(['edit', id, '--replace-secret'], { vault, input: 'knouds_live_NEW_secret_0002\n' });
      expect(rotated.code).toBe(0);
      const edit = await runCli(['edit', id, '--status', 'revoked'], { vault });
      expect(edit.code).toBe(0);
      const revision = withRawDb(vault, (db) => {
        const r = db.prepare('SELECT revision FROM keys WHERE id = ?').pluck().get(id) as number;
        db.prepare('UPDATE keys SET meta = ?, secret = ? WHERE id = ?').run(old.meta, old.secret, id); // revision left as is
        return r;
      });
      expect(withRawDb(vault, (db) => db.prepare('SELECT revision FROM keys WHERE id = ?').pluck().get(id))).toBe(
        revision,
      );
      const r = await runCli(['show', id, '--reveal'], { vault });
      expect(r.stderr).toMatch(/^warning: The vault's records do not match its manifest \(a key record was replaced/m);
    },
  );

  it('warns on standard error and still answers', async () => {
    const vault = join(dir.dir, 'cli.db');
    await initCliVault(vault);
    const id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Gone'], 'knouds_live_manifest_cli_0001');
    await addCliKey(vault, ['--platform', 'knouds', '--name', 'Kept'], 'knouds_live_manifest_cli_0002');
    withRawDb(vault, (db) => db.prepare('DELETE FROM keys WHERE id = ?').run(id));
    const r = await runCli(['list'], { vault });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: The vault's records do not match its manifest/m);
    expect(r.stdout).toContain('Kept');
  });
});
