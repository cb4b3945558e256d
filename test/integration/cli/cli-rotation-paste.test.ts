// What a user pastes into `keyward rotate` (piped on standard input, the real CLI as a
// subprocess, loopback simulators): a key of another platform is refused before anything is
// stored or sent; the old key copied from a .env line (quotes, NAME=, export) is still the old
// key; the name and what resolves it stay on the old key until the new one verifies, and
// --cancel puts everything back; KAI's outage starts when Regenerate is confirmed; the hints
// for an open run name both --resume and --cancel; a full key cap offers its two ways out.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import type { RotationRun } from '../../../src-main/core/lifecycle/rotation.types.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { addCliKey, CLI_PASSWORD, initCliVault, REPO_ROOT, runCli } from '../../helpers/cli.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let vault: string;
let knouds: SimulatorHandle;
let kubiya: SimulatorHandle;
let kai: SimulatorHandle;
let kognitos: SimulatorHandle;

const cli = (args: string[], input?: string) => runCli(args, { vault, ...(input !== undefined ? { input } : {}) });
const show = async (ref: string): Promise<KeyRecord> =>
  JSON.parse((await cli(['show', ref, '--json'])).stdout) as KeyRecord;
const list = async (): Promise<KeyRecord[]> =>
  (JSON.parse((await cli(['list', '--json'])).stdout) as { keys: KeyRecord[] }).keys;
const runsOf = (keyId: string) =>
  withRawDb(vault, (db) => db.prepare(`SELECT id, phase FROM rotations WHERE key_id = ?`).all(keyId)) as {
    id: string;
    phase: string;
  }[];
async function runOf(keyId: string): Promise<RotationRun | null> {
  const v = await unlockVault(vault, CLI_PASSWORD);
  try {
    return createSession(v, { clock: { now: () => new Date() }, writeSchedule: false }).rotations.openFor(keyId);
  } finally {
    v.lock();
  }
}
const addKnouds = (name: string, value: string, extra: string[] = []) =>
  addCliKey(
    vault,
    ['--platform', 'knouds', '--name', name, '--account', 'acct-1', '--base-url', knouds.baseUrl, ...extra],
    value,
  );

beforeAll(async () => {
  dir = tempDir('keyward-cli-rotation-paste-');
  vault = join(dir.dir, 'vault.db');
  [knouds, kubiya, kai, kognitos] = await Promise.all([
    startSimulator('knouds'),
    startSimulator('kubiya'),
    startSimulator('kai'),
    startSimulator('kognitos'),
  ]);
  await initCliVault(vault);
});
afterAll(async () => {
  await Promise.all([knouds.close(), kubiya.close(), kai.close(), kognitos.close()]);
  dir.cleanup();
});

describe('a key of another platform', () => {
  it('a kgn_pat_ key pasted into a Kubiya rotation is refused by prefix: nothing stored, nothing sent to Kubiya', async () => {
    const old = kubiya.addKey({ account: 'org-1' }).value;
    const id = await addCliKey(
      vault,
      ['--platform', 'kubiya', '--name', 'Compose bot', '--account', 'org-1', '--base-url', kubiya.baseUrl],
      old,
    );
    const sent = kubiya.requests.length;
    const before = (await list()).length;
    const r = await cli(['rotate', id, '--deployed', '--yes'], 'kgn_pat_0123456789abcdefABCDEF\n');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/looks like a Kognitos key \(it starts with kgn_pat_\), not a Kubiya key/);
    expect(r.stderr).toMatch(/nothing was stored or sent/);
    expect(kubiya.requests.length).toBe(sent);
    expect((await list()).length).toBe(before);
    expect(runsOf(id)).toEqual([]);
  });
});

describe('a key pasted into create', () => {
  it('a kgn_pat_ key pasted into a Kubiya create is refused by prefix; a quoted key is stored without its quotes', async () => {
    const before = (await list()).length;
    const sent = kubiya.requests.length;
    const bad = await cli(
      [
        'create',
        '--platform',
        'kubiya',
        '--name',
        'Compose deploy',
        '--account',
        'org-1',
        '--base-url',
        kubiya.baseUrl,
      ],
      'kgn_pat_0123456789abcdefABCDEF\n',
    );
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/looks like a Kognitos key \(it starts with kgn_pat_\), not a Kubiya key/);
    expect(kubiya.requests.length).toBe(sent);
    expect((await list()).length).toBe(before);

    const issued = kubiya.addKey({ account: 'org-1' }).value;
    const ok = await cli(
      [
        'create',
        '--platform',
        'kubiya',
        '--name',
        'Compose deploy',
        '--account',
        'org-1',
        '--base-url',
        kubiya.baseUrl,
      ],
      `KUBIYA_API_KEY="${issued}"\n`,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const stored = (await list()).find((k) => k.name === 'Compose deploy')!;
    expect(stored.hint.endsWith(issued.slice(-4))).toBe(true);
    const again = await cli(
      [
        'create',
        '--platform',
        'kubiya',
        '--name',
        'Compose deploy 2',
        '--account',
        'org-1',
        '--base-url',
        kubiya.baseUrl,
      ],
      `'${issued}'\n`,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already stored as "Compose deploy"/);
  });
});

describe('the old key copied from a .env line, and a rotation that fails', () => {
  it('quotes, NAME= and export NAME= around the old key are the old key: refused before anything is written', async () => {
    const old = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addKnouds('Quoted', old);
    for (const pasted of [
      `"${old}"`,
      `'${old}'`,
      `  ${old}  `,
      `KNOUDS_API_KEY=${old}`,
      `export KNOUDS_API_KEY="${old}"`,
    ]) {
      const r = await cli(['rotate', id, '--deployed', '--yes'], `${pasted}\n`);
      expect(r.code, `${pasted.slice(0, 16)}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/That is the current key, not a new one: nothing was stored/);
    }
    expect(runsOf(id)).toEqual([]);
    expect((await list()).filter((k) => k.name.startsWith('Quoted'))).toHaveLength(1);
  });

  it('a new key that does not verify leaves the name, expiry and references on the old key; --cancel puts all back', async () => {
    const old = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addKnouds('Billing worker', old, ['--deployed-to', 'Billing cron', '--expires', '2027-03-01']);
    const before = await show(id);
    const broken = 'knouds_live_thisKeyWasNeverIssued0000000000';
    const r = await cli(['rotate', id, '--deployed', '--yes'], `"${broken}"\n`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/waits at "new-key-stored"/);
    const byName = await show('Billing worker');
    expect(byName).toMatchObject({ id, expiresAt: '2027-03-01', deployedTo: ['Billing cron'], status: 'active' });
    const fresh = (await list()).find((k) => k.extra['rotation.replaces'] === id)!;
    expect(fresh.name).not.toBe('Billing worker');
    expect(fresh.deployedTo).toEqual([]);
    // The reference a deployment uses still resolves to the working old key.
    const ref = await cli([
      'run',
      '--env',
      'K=keyward://Billing%20worker',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.K.slice(-6))',
    ]);
    expect(ref.code, ref.stderr).toBe(0);
    expect(ref.stdout).toContain(old.slice(-6));

    const cancel = await cli(['rotate', id, '--cancel']);
    expect(cancel.code, cancel.stderr).toBe(0);
    const after = await show(id);
    expect(after).toMatchObject({
      name: before.name,
      status: before.status,
      expiresAt: before.expiresAt,
      deployedTo: before.deployedTo,
    });
    expect(after.extra['rotation.replacedBy']).toBeUndefined();
    expect((await show(fresh.id)).name).toMatch(/^Billing worker \(cancelled rotation \d{4}-\d{2}-\d{2}\)$/);
  });

  it('the name moves once the new key verifies valid, and --cancel before the old key is dead moves it back', async () => {
    const old = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addKnouds('Moves late', old, ['--deployed-to', 'Worker']);
    const fresh = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const r = await cli(['rotate', id], `${fresh}\n`);
    expect(r.code, r.stderr).toBe(0);
    const moved = await show('Moves late');
    expect(moved.id).not.toBe(id);
    expect(moved.deployedTo).toEqual(['Worker']);
    expect((await show(id)).name).toMatch(/^Moves late \(replaced /);
    const cancel = await cli(['rotate', 'Moves late', '--cancel']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(await show('Moves late')).toMatchObject({ id, deployedTo: ['Worker'], status: 'active' });
    expect((await show(moved.id)).name).toMatch(/^Moves late \(cancelled rotation /);
  });
});

describe('KAI outage window', () => {
  it('starts when Regenerate is confirmed (--yes, before the key is read), not when the key arrives', async () => {
    const oldValue = kai.addKey({ account: 'inst-9' }).value;
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'kai',
        '--name',
        'Outage clock',
        '--account',
        'inst-9',
        '--instance-id',
        'inst-9',
        '--base-url',
        kai.baseUrl,
        '--deployed-to',
        'Widget',
      ],
      oldValue,
    );
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && (!k.startsWith('KEYWARD_') || k === 'KEYWARD_TEST_KDF')) env[k] = v;
    Object.assign(env, {
      XDG_CONFIG_HOME: join(dir.dir, '.config'),
      KEYWARD_VAULT: vault,
      KEYWARD_PASSWORD: CLI_PASSWORD,
    });
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/keyward.mjs'), 'rotate', id, '--yes'], {
      env,
      cwd: REPO_ROOT,
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.resume();
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => err, { timeout: 60_000 }).toMatch(/Regenerate API key/);
    const shownAt = Date.now();
    await new Promise((r) => setTimeout(r, 3000)); // the user regenerates, copies, pastes
    const newValue = kai.regenerateKey('inst-9');
    const pastedAt = Date.now();
    child.stdin.end(`${newValue}\n`);
    expect(await closed, err).toBe(0);
    const run = await runOf(id);
    const started = Date.parse(run?.outage?.startedAt ?? '');
    expect(started).toBeLessThanOrEqual(shownAt + 1000);
    expect(started).toBeLessThan(pastedAt - 2000);
  }, 90_000);
});

describe('hints for an open run', () => {
  it('every hint for an open run names both --resume and --cancel', async () => {
    const id = await addKnouds('Hinted', knouds.addKey({ account: 'acct-1', tier: 'pro' }).value, [
      '--deployed-to',
      'Box',
    ]);
    const first = await cli(['rotate', id], `${knouds.addKey({ account: 'acct-1', tier: 'pro' }).value}\n`);
    expect(first.code, first.stderr).toBe(0);
    const revoke = await cli(['revoke', id]);
    expect(revoke.code).toBe(2);
    expect(revoke.stderr).toMatch(/--resume[\s\S]*--cancel/);
    const again = await cli(['rotate', id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--resume[\s\S]*--cancel/);
    const resumed = await cli(['rotate', id, '--resume']);
    expect(resumed.stderr).toMatch(/Resuming[^\n]*--resume[^\n]*--cancel/);
  });
});

describe('Kognitos at its cap of 10 keys', () => {
  it('without --revoke-first: exit 2 with the unused keys and the revoke-first way; with it: the rotation runs', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        await addCliKey(
          vault,
          [
            '--platform',
            'kognitos',
            '--name',
            `Org key ${i}`,
            '--account',
            'org-cap',
            '--base-url',
            kognitos.baseUrl,
            '--expires',
            '2027-06-01',
            '--last-used',
            i === 3 ? '2026-02-01' : new Date().toISOString().slice(0, 10),
          ],
          kognitos.addKey({ account: 'org-cap' }).value,
        ),
      );
    }
    const target = ids[0]!;
    const refused = await cli(['rotate', target, '--expires-in', '90'], 'kgn_pat_never_read_0000000000\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/10/);
    expect(refused.stderr).toMatch(
      /1\. Delete an unused key first[\s\S]*Org key 3 \([0-9a-f]+\): unused since 2026-02-01/,
    );
    expect(refused.stderr).toMatch(/2\. Revoke first: keyward rotate "Org key 0" --revoke-first/);
    expect(refused.stderr).toMatch(/Nothing was changed/);
    expect(runsOf(target)).toEqual([]);

    const oldValue = JSON.parse((await cli(['show', target, '--reveal', '--json'])).stdout).secret.value as string;
    kognitos.revokeKey(oldValue); // deleted first in the portal
    const fresh = kognitos.addKey({ account: 'org-cap' }).value;
    const r = await cli(
      ['rotate', target, '--revoke-first', '--yes', '--expires-in', '90', '--deployed'],
      `${fresh}\n`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/old key is deleted before the new one is made/);
    expect(r.stdout).toMatch(/Rotation finished/);
    expect((await show('Org key 0')).id).not.toBe(target);
    expect((await show(target)).status).toBe('revoked');
  }, 120_000);
});
