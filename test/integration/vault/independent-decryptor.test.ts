// docs/VAULT-FORMAT.md is the file's contract: an independent decryptor written from
// it alone (Python + PyNaCl, a separate libsodium build) must read what the core wrote.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { LATEST_VERSION } from '../../../src-main/core/db/migrations/index.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { toOldPadding } from '../../helpers/old-padding.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

// Debian's python3 (where python3-nacl installs), not whatever python3 is first on PATH.
const PYTHON = '/usr/bin/python3';
const hasNacl = spawnSync(PYTHON, ['-c', 'import nacl.bindings'], { encoding: 'utf8' }).status === 0;
const script = new URL('./independent_decryptor.py', import.meta.url).pathname;
let cleanup = () => {};
afterEach(() => cleanup());

describe.skipIf(!hasNacl)('independent decryptor (python3-nacl)', () => {
  it('decrypts every key, its secret and its duplicate tag from the documented format', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, inventory } = await newTestVault(t.dir);
    const a = inventory.add(sampleKey({ name: 'Ünïcode name' }), { value: 'knouds_live_independent_AAAA1111' });
    const b = inventory.add(sampleKey({ platform: 'kai', name: 'KAI prod' }), {
      value: 'kai-secret-2',
      instanceId: 'inst-9',
    });
    const dup = inventory.add(sampleKey({ name: 'Same secret' }), { value: 'knouds_live_independent_AAAA1111' });
    vault.lock();

    const r = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    type Row = { id: string; name: string; tag: string; secret: { value: string; instanceId?: string } };
    const byId = new Map((JSON.parse(r.stdout) as Row[]).map((x) => [x.id, x]));
    expect([...byId.keys()].sort()).toEqual([a.id, b.id, dup.id].sort());
    const rows = [byId.get(a.id), byId.get(b.id), byId.get(dup.id)];
    expect(rows[0]).toMatchObject({ name: 'Ünïcode name', secret: { value: 'knouds_live_independent_AAAA1111' } });
    expect(rows[1]?.secret).toEqual({ value: 'kai-secret-2', instanceId: 'inst-9' });
    expect(rows[0]?.tag).toBe(rows[2]?.tag);
    expect(rows[0]?.tag).not.toBe(rows[1]?.tag);
  });

  it('checks the commit counter as the page says: the row, the side file, and a vault behind its side file', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, inventory } = await newTestVault(t.dir);
    inventory.add(sampleKey({ name: 'Counted' }), { value: 'knouds_live_independent_CNT00001' });
    vault.lock();
    const old = `${path}.old`;
    copyFileSync(path, old); // the vault as it was (closed: no -wal)
    const v = await unlockVault(path, TEST_PASSWORD);
    createInventory(v, { now: () => new Date() }).add(sampleKey({ name: 'Later' }), {
      value: 'knouds_live_independent_CNT00002',
    });
    v.lock();
    expect(existsSync(`${path}.commits`)).toBe(true);
    const ok = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toHaveLength(2);
    copyFileSync(old, path); // put back from the older copy: its side file is ahead of it
    const behind = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(behind.stderr).toMatch(/integrity: 1 acknowledged write\(s\) missing/);
    expect(behind.status).not.toBe(0);
  });

  it('reads a vault migrated from schema 40 and checks its manifest of every blob', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, inventory } = await newTestVault(t.dir);
    const a = inventory.add(sampleKey({ name: 'Before the upgrade' }), { value: 'knouds_live_independent_MIGR0001' });
    vault.lock();
    withRawDb(path, (db) => {
      db.exec('DROP TABLE manifest; DROP TABLE pending_scrub');
      db.pragma('user_version = 40');
    });
    (await unlockVault(path, TEST_PASSWORD)).lock(); // migrates 40 -> 50 -> 60
    const r = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ id: a.id, secret: { value: 'knouds_live_independent_MIGR0001' } }),
    ]);
  });

  it('reads a vault migrated from 32-byte padding (schema 60) to the coarse buckets', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, inventory } = await newTestVault(t.dir);
    const a = inventory.add(sampleKey({ name: 'Old padding' }), { value: 'knouds_live_independent_PAD00001' });
    const b = inventory.add(sampleKey({ platform: 'kai', name: 'KAI' }), { value: 'kai-pad', instanceId: 'inst-1' });
    toOldPadding(vault);
    vault.lock();
    (await unlockVault(path, TEST_PASSWORD)).lock(); // migrates 60 -> 70 (every blob re-sealed) and on
    expect(withRawDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(LATEST_VERSION);
    const lengths = withRawDb(path, (db) => db.prepare('SELECT length(secret) FROM keys').pluck().all());
    expect(lengths).toEqual([41 + 64, 41 + 64]);
    const r = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    type Row = { id: string; secret: { value: string; instanceId?: string } };
    const byId = new Map((JSON.parse(r.stdout) as Row[]).map((x) => [x.id, x.secret]));
    expect(byId.get(a.id)).toEqual({ value: 'knouds_live_independent_PAD00001' });
    expect(byId.get(b.id)).toEqual({ value: 'kai-pad', instanceId: 'inst-1' });
  });

  it("checks each checklist template's keyed row id, and refuses a row moved to another id", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, clock } = await newTestVault(t.dir);
    const s = createSession(vault, { clock });
    s.checklists.editTemplate('deploy-keys', { name: 'Deploy keys', steps: [{ id: 'a', title: 'A', kind: 'task' }] });
    s.checklists.editTemplate('kognitos', { name: 'Edited built-in', steps: [{ id: 'b', title: 'B', kind: 'task' }] });
    vault.lock();
    const ok = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // Its row id changed by hand (the blob cannot follow without the key): the AAD no longer matches.
    withRawDb(path, (db) => db.prepare(`UPDATE checklist_templates SET id = 'deploy-keys' WHERE rowid = 1`).run());
    const bad = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim()).toMatch(/^integrity: /);
  });

  it('refuses a key whose old secret blob was put back under its current revision', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, inventory } = await newTestVault(t.dir);
    const a = inventory.add(sampleKey(), { value: 'knouds_live_independent_OLD00001' });
    const old = vault.db.prepare('SELECT secret FROM keys WHERE id = ?').pluck().get(a.id);
    inventory.edit(a.id, {}, { value: 'knouds_live_independent_NEW00002' });
    vault.lock();
    withRawDb(path, (db) => db.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(old, a.id));
    const r = spawnSync(PYTHON, [script, path, TEST_PASSWORD], { encoding: 'utf8' });
    expect(r.stderr.trim()).toBe('integrity: manifest keys');
    expect(r.stdout).toBe('');
  });

  it('tells a wrong password from an edited header as the format says', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault } = await newTestVault(t.dir);
    vault.lock();
    const r = spawnSync(PYTHON, [script, path, 'not the password'], { encoding: 'utf8' });
    expect(r.stderr.trim()).toBe('wrong password');
  });
});
