// passwd --rotate-vault-key: a new random vault key re-encrypts every record in the same
// transaction as the new header. An old copy of the header with the old password (the
// leaked one) then opens nothing written after; a SIGKILL at any moment leaves exactly one
// of the two passwords working with every key intact.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../src-main/core/errors.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { createSettings } from '../../../src-main/core/settings/settings.service.js';
import { openSecret } from '../../../src-main/core/vault/records.js';
import { changePassword, unlockVault } from '../../../src-main/core/vault/vault.js';
import { sleep, spawnChild } from '../../helpers/child.js';
import { CLI_PASSWORD, addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { rng, withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const NEW = 'a new master password after the leak';
const PYTHON = '/usr/bin/python3';
const hasNacl = spawnSync(PYTHON, ['-c', 'import nacl.bindings'], { encoding: 'utf8' }).status === 0;
const decryptor = new URL('./independent_decryptor.py', import.meta.url).pathname;
let dir: string;
let cleanup = () => {};
beforeAll(() => {
  const t = tempDir('keyward-rotate-key-');
  dir = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup());

const header = (path: string) =>
  withRawDb(path, (db) => db.prepare('SELECT * FROM vault_header').get() as Record<string, unknown>);
function putHeader(path: string, h: Record<string, unknown>): void {
  const cols = Object.keys(h);
  withRawDb(path, (db) => db.prepare(`UPDATE vault_header SET ${cols.map((c) => `${c} = @${c}`).join(', ')}`).run(h));
}

describe('keyward passwd --rotate-vault-key', () => {
  it('an old header with the old password no longer opens a key added after', { timeout: 120_000 }, async () => {
    const vault = join(dir, 'leak.db');
    await initCliVault(vault);
    const before = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Before'], 'knouds_live_before_0001');
    const leaked = header(vault); // the attacker's copy, with the password they know
    const r = await runCli(['passwd', '--rotate-vault-key'], { vault, env: { KEYWARD_NEW_PASSWORD: NEW } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/vault key rotated: 2 record\(s\) re-encrypted/);
    const after = await addCliKey(
      vault,
      ['--platform', 'knouds', '--name', 'After'],
      'knouds_live_after_SECRET_0002',
      NEW,
    );
    expect((await runCli(['show', after, '--reveal'], { vault, password: NEW })).stdout).toContain(
      'knouds_live_after_SECRET_0002',
    );
    putHeader(vault, leaked);
    const stolen = await runCli(['show', after, '--reveal'], { vault, password: CLI_PASSWORD });
    expect(stolen.code).not.toBe(0);
    expect(stolen.stdout + stolen.stderr).not.toContain('knouds_live_after_SECRET_0002');
    // Nor the key that was already there: its blob was re-sealed under the new key.
    const old = await runCli(['show', before, '--reveal'], { vault, password: CLI_PASSWORD });
    expect(old.stdout + old.stderr).not.toContain('knouds_live_before_0001');
    // By name the key is not "missing": it is there and does not open under this header (exit 4, its id named).
    const byName = await runCli(['show', 'After'], { vault, password: CLI_PASSWORD });
    expect(byName.code, byName.stderr).toBe(4);
    expect(byName.stderr).not.toMatch(/No key with id or name/);
    expect(byName.stderr).toContain(after);
    expect(byName.stderr).toMatch(/header.*does not match|does not match.*header/);
    expect(byName.stdout + byName.stderr).not.toContain('knouds_live_after_SECRET_0002');
  });

  it('without the flag, the old header and password still open a key added after (why the flag exists)', async () => {
    const vault = join(dir, 'plain.db');
    await initCliVault(vault);
    const leaked = header(vault);
    const r = await runCli(['passwd'], { vault, env: { KEYWARD_NEW_PASSWORD: NEW } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/--rotate-vault-key/);
    const after = await addCliKey(
      vault,
      ['--platform', 'knouds', '--name', 'After'],
      'knouds_live_after_plain_0003',
      NEW,
    );
    putHeader(vault, leaked);
    const stolen = await runCli(['show', after, '--reveal'], { vault, password: CLI_PASSWORD });
    expect(stolen.stdout).toContain('knouds_live_after_plain_0003');
  });
});

describe('rotating the vault key (core)', () => {
  it('a session unlocked before the rotation in another connection refuses to write under its stale key', async () => {
    const { path, vault, inventory, clock } = await newTestVault(dir, 'stale.db');
    const a = inventory.add(sampleKey({ name: 'A' }), { value: 'knouds_live_rotate_stale_0001' });
    await changePassword(path, TEST_PASSWORD, NEW, clock, undefined, { rotateVaultKey: true });
    // A write is refused before anything is sealed into the file (reads of the re-sealed rows fail on their own).
    expect(() => vault.write(() => undefined)).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    expect(() => inventory.add(sampleKey({ name: 'B' }), { value: 'knouds_live_rotate_stale_0002' })).toThrow();
    expect(() => inventory.edit(a.id, { owner: 'ana' })).toThrow();
    vault.lock();
    const v = await unlockVault(path, NEW);
    expect(v.integrityWarning).toBeNull();
    const inv = createInventory(v, clock);
    expect(inv.list().keys.map((k) => k.name)).toEqual(['A']);
    expect(inv.reveal(a.id, 'revealed').value).toBe('knouds_live_rotate_stale_0001');
    v.lock();
  });

  it('re-encrypts every record: keys, duplicate tags, settings; revisions stay; the manifest matches', async () => {
    const { path, vault, inventory, clock } = await newTestVault(dir, 'core.db');
    const a = inventory.add(sampleKey({ name: 'A' }), { value: 'knouds_live_rotate_same_0001' });
    const b = inventory.add(sampleKey({ name: 'B' }), { value: 'knouds_live_rotate_same_0001' });
    inventory.add(sampleKey({ platform: 'kai', name: 'C' }), { value: 'kai-rotate', instanceId: 'inst-1' });
    createSettings(vault, clock).put('test.rotate', z.object({ n: z.number() }), { n: 7 });
    vault.lock();
    const rows = () =>
      withRawDb(path, (db) => db.prepare('SELECT id, revision, meta, secret FROM keys ORDER BY id').all()) as {
        id: string;
        revision: number;
        meta: Buffer;
        secret: Buffer;
      }[];
    const was = rows();
    const r = await changePassword(path, TEST_PASSWORD, NEW, clock, undefined, { rotateVaultKey: true });
    // 3 keys, the test setting and the commit counter (a sealed settings row of its own).
    expect(r).toEqual({ rotated: true, records: 5, integrityWarning: null });
    const now = rows();
    now.forEach((row, i) => {
      expect(row.revision).toBe(was[i]?.revision);
      expect(row.meta.equals(was[i]?.meta as Buffer)).toBe(false);
      expect(row.secret.equals(was[i]?.secret as Buffer)).toBe(false);
    });
    const v = await unlockVault(path, NEW);
    expect(v.integrityWarning).toBeNull();
    const inv = createInventory(v, clock);
    expect(
      inv
        .list()
        .keys.map((k) => k.name)
        .sort(),
    ).toEqual(['A', 'B', 'C']);
    expect(inv.duplicateGroups()).toEqual([[a.id, b.id].sort()].map((g) => expect.arrayContaining(g)));
    expect(inv.reveal('C', 'revealed')).toEqual({ value: 'kai-rotate', instanceId: 'inst-1' });
    expect(createSettings(v, clock).get('test.rotate', z.object({ n: z.number() }), { n: 0 })).toEqual({ n: 7 });
    v.lock();
    if (hasNacl) {
      const py = spawnSync(PYTHON, [decryptor, path, NEW], { encoding: 'utf8' });
      expect(py.stderr).toBe('');
      expect(JSON.parse(py.stdout)).toHaveLength(3);
    }
  });
});

// Each trial: a vault of 300 keys whose rotation takes ~1-4 s, killed at a random moment.
const TRIALS = Number(process.env.KEYWARD_ROTATE_CRASH_TRIALS ?? 6);
const KEYS = 300;

describe('SIGKILL during a vault key rotation', () => {
  let template: string;
  beforeAll(async () => {
    const { path, vault, inventory } = await newTestVault(dir, 'rotate-template.db');
    inventory.addMany(
      Array.from({ length: KEYS }, (_, i) => ({
        input: sampleKey({ name: `key ${i}` }),
        secret: { value: `knouds_live_rotate_crash_${i}_xx` },
      })),
    );
    vault.lock();
    template = path;
  }, 60_000);

  async function intact(path: string, password: string): Promise<boolean> {
    let vault;
    try {
      vault = await unlockVault(path, password);
    } catch (e) {
      if (e instanceof AppError && e.code === 'WRONG_PASSWORD') return false;
      throw e;
    }
    try {
      expect(vault.integrityWarning).toBeNull();
      expect(vault.commitWarning).toBeNull(); // the side file follows the rotation too
      const keys = createInventory(vault, { now: () => new Date() }).list().keys;
      expect(keys).toHaveLength(KEYS);
      for (const k of keys) {
        const blob = vault.db.prepare('SELECT secret FROM keys WHERE id = ?').pluck().get(k.id) as Uint8Array;
        expect(openSecret(vault, k.id, blob).value).toBe(`knouds_live_rotate_crash_${k.name.slice(4)}_xx`);
      }
      return true;
    } finally {
      vault.lock();
    }
  }

  it(
    `leaves exactly one of the two passwords working, every key intact, over ${TRIALS} random kills`,
    { timeout: 400_000 },
    async () => {
      const r = rng(0x5eed);
      let committed = 0;
      for (let i = 0; i < TRIALS; i++) {
        const path = join(dir, `rotate-${i}.db`);
        copyFileSync(template, path);
        const child = spawnChild('passwd-flipper.mjs', [path, TEST_PASSWORD, NEW, 'rotate']);
        await child.ready;
        await sleep(r.int(10, 7000)); // a rotation (two Argon2id runs, 300 keys) takes 1-4 s here
        child.proc.kill('SIGKILL');
        const exit = await child.done;
        expect(exit.signal, exit.stderr).toBe('SIGKILL');
        committed += child.lines.length;
        expect(withRawDb(path, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
        const works = { old: await intact(path, TEST_PASSWORD), new: await intact(path, NEW) };
        expect(works.old !== works.new, `trial ${i}: old ${works.old}, new ${works.new}`).toBe(true);
      }
      process.stdout.write(`rotate-vault-key crash: ${TRIALS} kills, ${committed} rotations acknowledged\n`);
    },
  );

  // Late kills, timed by the file system rather than the clock: once vault.db.commits.next exists the
  // rotation is about to commit or has committed and not yet renamed it (where the false alarm was).
  it('killed late, once the next commit counter is on disk, leaves no false alarm', { timeout: 300_000 }, async () => {
    const r = rng(0x1a7e);
    const appears = async (path: string, present: boolean) => {
      const until = Date.now() + 60_000;
      while (existsSync(`${path}.commits.next`) !== present && Date.now() < until) await sleep(1);
      return existsSync(`${path}.commits.next`) === present;
    };
    // How long the file stays here (the re-seal, the commit, then its rename), measured once.
    const probe = join(dir, 'rotate-late-probe.db');
    copyFileSync(template, probe);
    const first = spawnChild('passwd-flipper.mjs', [probe, TEST_PASSWORD, NEW, 'rotate']);
    await first.ready;
    expect(await appears(probe, true)).toBe(true);
    const t0 = Date.now();
    expect(await appears(probe, false)).toBe(true);
    const window = Date.now() - t0;
    first.proc.kill('SIGKILL');
    await first.done;
    let late = 0;
    for (let i = 0; i < 5; i++) {
      const path = join(dir, `rotate-late-${i}.db`);
      copyFileSync(template, path);
      const child = spawnChild('passwd-flipper.mjs', [path, TEST_PASSWORD, NEW, 'rotate']);
      await child.ready;
      expect(await appears(path, true), `trial ${i}: no rotation ran`).toBe(true);
      await sleep(r.int(Math.floor(window / 2), window + 5)); // the later half: the commit lands in it
      child.proc.kill('SIGKILL');
      const exit = await child.done;
      expect(exit.signal, exit.stderr).toBe('SIGKILL');
      const works = { old: await intact(path, TEST_PASSWORD), new: await intact(path, NEW) };
      expect(works.old !== works.new, `trial ${i}: old ${works.old}, new ${works.new}`).toBe(true);
      if (works.new) late++;
      expect(existsSync(`${path}.commits.next`)).toBe(false);
    }
    process.stdout.write(`rotate-vault-key late kills: 5, window ${window} ms, ${late} after the commit\n`);
  });
});

// The commit counter beside the vault is sealed under the vault key too. Killed at the two
// moments around the rotation's commit (a test-only crash point, NODE_ENV=test), the side file
// must follow the database: no false tamper alarm, exactly one password, every key intact, and
// a second rotation goes ahead.
describe('a kill around the rotation commit leaves the commit counter consistent', () => {
  for (const at of ['rotate-next-written', 'rotate-committed'] as const) {
    it(`killed at ${at}`, { timeout: 120_000 }, async () => {
      const vault = join(dir, `crash-${at}.db`);
      await initCliVault(vault);
      const ids = [
        await addCliKey(vault, ['--platform', 'knouds', '--name', 'One'], 'knouds_live_crashpoint_0001'),
        await addCliKey(vault, ['--platform', 'knouds', '--name', 'Two'], 'knouds_live_crashpoint_0002'),
      ];
      const killed = await runCli(['passwd', '--rotate-vault-key'], {
        vault,
        env: { KEYWARD_NEW_PASSWORD: NEW, KEYWARD_TEST_CRASH: at },
      });
      expect(killed.code, killed.stderr).toBeNull(); // died of the SIGKILL at the crash point
      const now = at === 'rotate-committed' ? NEW : CLI_PASSWORD;
      const other = now === NEW ? CLI_PASSWORD : NEW;
      expect((await runCli(['list'], { vault, password: other })).code).not.toBe(0);
      for (let round = 0; round < 2; round++) {
        const list = await runCli(['--strict', 'list'], { vault, password: now });
        expect(list.code, list.stderr).toBe(0);
        expect(list.stderr).not.toMatch(/does not open|behind|edited/);
      }
      for (const [i, id] of ids.entries()) {
        const shown = await runCli(['--strict', 'show', id, '--reveal'], { vault, password: now });
        expect(shown.code, shown.stderr).toBe(0);
        expect(shown.stdout).toContain(`knouds_live_crashpoint_000${i + 1}`);
        expect(shown.stderr).toBe('');
      }
      expect(existsSync(`${vault}.commits.next`)).toBe(false);
      const again = await runCli(['--strict', 'passwd', '--rotate-vault-key'], {
        vault,
        password: now,
        env: { KEYWARD_NEW_PASSWORD: 'a third master password here' },
      });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toBe('');
    });
  }
});
