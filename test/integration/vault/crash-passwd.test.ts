// S-4(b) with the C-2 harness: SIGKILL while the master password is being changed.
// Afterwards exactly one of {old, new} unlocks (never neither, never both), it is
// the last acknowledged one or the one whose commit was in flight, and no key is lost.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/core/errors.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { sleep, spawnChild } from '../../helpers/child.js';
import { rng, rowHashes, withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

// Each change costs two Argon2id derivations (~0.2 s each at the floor) and each trial's
// check two more, so ~1.1 s a trial (18 s for 16 measured; 26 s on a loaded runner):
// 12 trials keep this file under ~15 s.
const TRIALS = Number(process.env.KEYWARD_PASSWD_CRASH_TRIALS ?? 12);
const PASSWORDS = { A: TEST_PASSWORD, B: 'the other password, mid-change' } as const;
let dir: string;
let template: string;
let cleanup = () => {};

beforeAll(async () => {
  const t = tempDir('keyward-crash-passwd-');
  dir = t.dir;
  cleanup = t.cleanup;
  const { path, vault, inventory } = await newTestVault(dir, 'template.db');
  for (let i = 0; i < 5; i++)
    inventory.add(sampleKey({ name: `key ${i}` }), { value: `knouds_live_passwd_crash_${i}_xx` });
  vault.lock();
  template = path;
});
afterAll(() => cleanup());

async function opens(path: string, password: string): Promise<boolean> {
  try {
    const vault = await unlockVault(path, password);
    const inventory = createInventory(vault, { now: () => new Date() });
    expect(inventory.list().keys).toHaveLength(5);
    expect(inventory.reveal('key 4', 'revealed').value).toBe('knouds_live_passwd_crash_4_xx');
    vault.lock();
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'WRONG_PASSWORD') return false;
    throw e;
  }
}

describe('SIGKILL during a password change', () => {
  it(`leaves exactly one of the two passwords working, over ${TRIALS} random kills`, { timeout: 180_000 }, async () => {
    const r = rng(0xbeef);
    const outcomes = { old: 0, new: 0, changes: 0 };
    for (let i = 0; i < TRIALS; i++) {
      const path = join(dir, `vault-${i}.db`);
      copyFileSync(template, path);
      const records = rowHashes(path, 'keys');
      const child = spawnChild('passwd-flipper.mjs', [path, PASSWORDS.A, PASSWORDS.B]);
      await child.ready;
      await sleep(r.int(10, 1200)); // a change takes ~0.4-0.6 s: kills land in every phase
      child.proc.kill('SIGKILL');
      const exit = await child.done;
      expect(exit.signal, exit.stderr).toBe('SIGKILL');

      const last = (child.lines.at(-1) ?? 'A') as 'A' | 'B';
      const inFlight = last === 'A' ? 'B' : 'A';
      expect(withRawDb(path, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
      expect(rowHashes(path, 'keys')).toEqual(records); // only the header row ever changes
      const works = { A: await opens(path, PASSWORDS.A), B: await opens(path, PASSWORDS.B) };
      expect(works.A !== works.B, `trial ${i}: A ${works.A}, B ${works.B}`).toBe(true);
      const now = works.A ? 'A' : 'B';
      expect([last, inFlight]).toContain(now);
      outcomes[now === last ? 'old' : 'new'] += 1;
      outcomes.changes += child.lines.length;
    }
    process.stdout.write(
      `passwd crash: ${TRIALS} kills, ${outcomes.changes} acknowledged changes; last acknowledged password in force ${outcomes.old}x, in-flight change committed ${outcomes.new}x\n`,
    );
  });
});
