// `keyward create | rotate | revoke` against loopback simulators, with the new key
// piped on standard input (as after a portal's "Create API key") and the simulator
// playing the portal's revoke button. Registered by cli-platforms.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { canaryForms, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { dayFromToday } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let vault: string;
let kognitos: SimulatorHandle;
let knouds: SimulatorHandle;
let kai: SimulatorHandle;
const secrets: string[] = [];
const outputs: string[] = [];

const cli = async (args: string[], input?: string) => {
  const r = await runCli(args, {
    vault,
    ...(input !== undefined ? { input } : {}),
  });
  outputs.push(r.stdout, r.stderr);
  return r;
};
const show = async (ref: string): Promise<KeyRecord> =>
  JSON.parse((await cli(['show', ref, '--json'])).stdout) as KeyRecord;
const list = async (): Promise<KeyRecord[]> =>
  (JSON.parse((await cli(['list', '--json'])).stdout) as { keys: KeyRecord[] }).keys;
const newKognitosKey = (org: string) => {
  const v = kognitos.addKey({ account: org }).value;
  secrets.push(v);
  return v;
};

beforeAll(async () => {
  dir = tempDir('keyward-cli-lifecycle-');
  vault = join(dir.dir, 'vault.db');
  [kognitos, knouds, kai] = await Promise.all([
    startSimulator('kognitos'),
    startSimulator('knouds'),
    startSimulator('kai'),
  ]);
  await initCliVault(vault);
});

afterAll(async () => {
  await Promise.all([kognitos.close(), knouds.close(), kai.close()]);
  dir.cleanup();
});

describe('keyward create', () => {
  it('stores the pasted Kognitos key with the recorded expiry and verifies it at once', async () => {
    const value = newKognitosKey('org-create');
    const r = await cli(
      [
        'create',
        '--platform',
        'kognitos',
        '--name',
        'Dashboards',
        '--account',
        'org-create',
        '--base-url',
        kognitos.baseUrl,
        '--expires-in',
        '30',
        '--json',
      ],
      `${value}\n`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Create API Key/); // the guided portal steps
    const out = JSON.parse(r.stdout) as {
      id: string;
      verification: { result: string };
    };
    expect(out.verification.result).toBe('valid');
    const rec = await show(out.id);
    expect(rec).toMatchObject({
      platform: 'kognitos',
      name: 'Dashboards',
      status: 'active',
      expiresAt: dayFromToday(30),
      lastVerification: { result: 'valid' },
    });
    expect(rec.extra['created.via']).toBe('portal');
    const revealed = JSON.parse((await cli(['show', out.id, '--reveal', '--json'])).stdout) as {
      secret: { value: string };
    };
    expect(revealed.secret.value).toBe(value);
  });

  it('refuses --expires-in 45 with exit 2, naming the allowed choices, and stores nothing', async () => {
    const before = (await list()).length;
    const value = newKognitosKey('org-create');
    const r = await cli(
      [
        'create',
        '--platform',
        'kognitos',
        '--name',
        'Odd expiry',
        '--account',
        'org-create',
        '--base-url',
        kognitos.baseUrl,
        '--expires-in',
        '45',
      ],
      `${value}\n`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('7, 30, 60, 90, 180, 365');
    const none = await cli(
      [
        'create',
        '--platform',
        'kognitos',
        '--name',
        'No expiry',
        '--account',
        'org-create',
        '--base-url',
        kognitos.baseUrl,
      ],
      `${value}\n`,
    );
    expect(none.code).toBe(2); // Kognitos keys must expire: the choice made in the portal is required
    expect(none.stderr).toMatch(/--expires-in 7\|30\|60\|90\|180\|365/);
    expect((await list()).length).toBe(before);
  });
});

describe('keyward rotate', () => {
  async function rotateToEnd(ref: () => string, label: string) {
    const oldValue = newKognitosKey(`org-${label}`);
    const oldId = await addCliKey(
      vault,
      [
        '--platform',
        'kognitos',
        '--name',
        `Billing ${label}`,
        '--account',
        `org-${label}`,
        '--base-url',
        kognitos.baseUrl,
        '--expires',
        dayFromToday(5),
        '--deployed-to',
        'CI secret BILLING_KEY',
        '--deployed-to',
        'Prod config',
      ],
      oldValue,
    );
    const newValue = newKognitosKey(`org-${label}`);
    const refs = { oldId, name: `Billing ${label}` };
    const arg = () => (ref() === 'id' ? refs.oldId : refs.name);

    // Kognitos keys must expire and no API reports the choice: without it nothing is stored.
    const noExpiry = await cli(['rotate', arg()], `${newValue}\n`);
    expect(noExpiry.code).toBe(2);
    expect(noExpiry.stderr).toMatch(/--expires-in 7\|30\|60\|90\|180\|365/);
    expect((await list()).filter((k) => k.extra['rotation.replaces'] === oldId)).toEqual([]);

    const first = await cli(['rotate', arg(), '--expires-in', '90'], `${newValue}\n`);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/New key stored/);
    expect(first.stderr).toMatch(/Paused at "new-key-verified"/);
    const keys = await list();
    const fresh = keys.find((k) => k.extra['rotation.replaces'] === oldId)!;
    expect(fresh).toMatchObject({
      name: `Billing ${label}`,
      status: 'active',
      expiresAt: dayFromToday(90),
      deployedTo: ['CI secret BILLING_KEY', 'Prod config'],
      lastVerification: { result: 'valid' },
    });
    expect((await show(oldId)).status).toBe('active'); // still deployed somewhere until --deployed

    const deployed = await cli(['rotate', arg(), '--deployed']);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toMatch(/Resuming rotate/);
    expect(deployed.stderr).toMatch(/Waiting at "old-revocation-pending"/);
    expect((await show(oldId)).status).toBe('revocation-pending');

    const early = await cli(['rotate', arg(), '--revoked']);
    expect(early.code).toBe(1); // the platform still accepts the old key
    expect(early.stderr).toMatch(/still accepts the old key/);
    expect((await show(oldId)).status).toBe('revocation-pending');

    kognitos.revokeKey(oldValue);
    const done = await cli(['rotate', arg(), '--revoked']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Rotation finished/);
    const oldAfter = await show(oldId);
    const newAfter = await show(fresh.id);
    expect(oldAfter.status).toBe('revoked');
    expect(newAfter).toMatchObject({
      status: 'active',
      name: `Billing ${label}`,
      deployedTo: oldAfter.deployedTo,
    });
    expect((await list()).filter((k) => k.extra['rotation.replaces'] === oldId)).toHaveLength(1);
    // Once finished, the new key verifies and the old one is refused.
    expect((await cli(['verify', fresh.id])).code).toBe(0);
    expect((await cli(['verify', oldId])).code).toBe(1);
  }

  // Nine CLI runs (each derives the vault key): beside the 500-key run on a shared machine this nears 60 s.
  it('rotate ID with the new key on stdin, then --deployed, then --revoked after the portal revoke', async () => {
    await rotateToEnd(() => 'id', 'byid');
  }, 120_000);

  it('resumes the same run when re-run with the key name it was started with', async () => {
    // The name moves to the new key when it is stored; "re-run to resume" must still find the run.
    await rotateToEnd(() => 'name', 'byname');
  }, 120_000);

  it('KAI: without --yes and no terminal exits 2 and records nothing; with it, stores the regenerated key and reports the outage', async () => {
    const oldValue = kai.addKey({ account: 'inst-9' }).value;
    const oldId = await addCliKey(
      vault,
      [
        '--platform',
        'kai',
        '--name',
        'Support bot',
        '--account',
        'inst-9',
        '--instance-id',
        'inst-9',
        '--base-url',
        kai.baseUrl,
      ],
      oldValue,
    );
    const stop = await cli(['rotate', oldId]);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(/kills the current key the moment the new one is made/);
    expect(stop.stderr).toMatch(/needs confirmation: re-run with --yes\. Nothing was changed\./);
    expect((await show(oldId)).status).toBe('active');

    const newValue = kai.regenerateKey('inst-9');
    secrets.push(oldValue, newValue);
    const go = await cli(['rotate', oldId, '--yes', '--revoked'], `${newValue}\n`);
    expect(go.code, go.stderr).toBe(0);
    expect(go.stdout).toMatch(/Outage window: \S+ to \S+\./);
    expect((await show(oldId)).status).toBe('revoked');
    const fresh = (await list()).find((k) => k.extra['rotation.replaces'] === oldId)!;
    const revealed = JSON.parse((await cli(['show', fresh.id, '--reveal', '--json'])).stdout) as {
      secret: { value: string; instanceId: string };
    };
    expect(revealed.secret).toEqual({ value: newValue, instanceId: 'inst-9' });
  });
});

describe('keyward revoke', () => {
  it('--revoked before the portal revoke exits non-zero and leaves revocation-pending; after it, exits 0 and revoked', async () => {
    const value = knouds.addKey({ account: 'user-7' }).value;
    secrets.push(value);
    const id = await addCliKey(
      vault,
      ['--platform', 'knouds', '--name', 'Old CI key', '--account', 'user-7', '--base-url', knouds.baseUrl],
      value,
    );
    const early = await cli(['revoke', id, '--yes', '--revoked']);
    expect(early.code).not.toBe(0);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/Revoke the key "Old CI key" in the portal/);
    expect((await show(id)).status).toBe('revocation-pending');

    knouds.revokeKey(value);
    const done = await cli(['revoke', id, '--revoked']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Revocation finished/);
    expect((await show(id)).status).toBe('revoked');
    expect((await cli(['revoke', id, '--revoked'])).code).toBe(2); // already revoked
  });

  it('never printed a secret (apart from show --reveal)', () => {
    const text = outputs.filter((o) => !o.includes('"secret"')).join('\n');
    expect(
      scanText(
        text,
        secrets.flatMap((s, i) => canaryForms(s, `s${i}`)),
      ),
    ).toEqual([]);
  });
});
