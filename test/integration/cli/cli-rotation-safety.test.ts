// Rotation and revocation that cannot cause the outage they exist to prevent (issue 11),
// from the user's side: the real `keyward` as a subprocess, keys piped on standard input
// (never a TTY), loopback simulators playing the platforms and their portals.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pastExpiryMessage } from '../../../src-main/contract/expiry.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { canaryForms, scanText } from '../../helpers/canary.js';
import {
  addCliKey,
  CLI_PASSWORD,
  initCliVault,
  REPO_ROOT,
  runCli,
  type CliResult,
  cliChildEnv,
} from '../../helpers/cli.js';
import { createSession } from '../../../src-main/core/app/session.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let vault: string;
let knouds: SimulatorHandle;
let kai: SimulatorHandle;
const secrets: string[] = [];
const outputs: string[] = [];

const cli = async (args: string[], input?: string) => {
  const r = await runCli(args, { vault, ...(input !== undefined ? { input } : {}) });
  outputs.push(r.stdout, r.stderr);
  return r;
};
const show = async (ref: string): Promise<KeyRecord> =>
  JSON.parse((await cli(['show', ref, '--json'])).stdout) as KeyRecord;
const list = async (): Promise<KeyRecord[]> =>
  (JSON.parse((await cli(['list', '--json'])).stdout) as { keys: KeyRecord[] }).keys;
const runsOf = (keyId: string) =>
  withRawDb(vault, (db) =>
    db.prepare(`SELECT id, phase FROM rotations WHERE key_id = ? ORDER BY created_at`).all(keyId),
  ) as { id: string; phase: string }[];
const openRunsOf = (keyId: string) => runsOf(keyId).filter((r) => r.phase !== 'done' && r.phase !== 'cancelled');
const knoudsKey = (account: string) => {
  const v = knouds.addKey({ account, tier: 'pro' }).value;
  secrets.push(v);
  return v;
};
async function addKnouds(name: string, value: string, extra: string[] = []): Promise<string> {
  return addCliKey(
    vault,
    ['--platform', 'knouds', '--name', name, '--account', 'acct-1', '--base-url', knouds.baseUrl, ...extra],
    value,
  );
}

/** `keyward` started at once (runCli does not wait), stdin written and closed (two of them race). */
async function spawnCli(args: string[], input: string): Promise<CliResult> {
  const r = await runCli(args, { vault, input });
  outputs.push(r.stdout, r.stderr);
  return r;
}

beforeAll(async () => {
  dir = tempDir('keyward-cli-rotation-safety-');
  vault = join(dir.dir, 'vault.db');
  [knouds, kai] = await Promise.all([startSimulator('knouds'), startSimulator('kai')]);
  await initCliVault(vault);
});

afterAll(async () => {
  await Promise.all([knouds.close(), kai.close()]);
  dir.cleanup();
});

describe('case 1: the old key offered as the new one', () => {
  it('rotate with the current secret piped in exits 2, says so, and writes nothing', async () => {
    const old = knoudsKey('acct-1');
    const id = await addKnouds('Same secret', old, ['--deployed-to', 'CI secret']);
    const before = await show(id);
    const r = await cli(['rotate', id, '--deployed', '--yes', '--revoked'], `${old}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/That is the current key, not a new one: nothing was stored/);
    expect(r.stdout + r.stderr).not.toMatch(/Rotation finished|confirmed dead/);
    expect(runsOf(id)).toEqual([]);
    const after = await show(id);
    expect(after).toMatchObject({ name: 'Same secret', status: 'active', recordUpdatedAt: before.recordUpdatedAt });
    expect((await list()).filter((k) => k.extra['rotation.replaces'] === id)).toEqual([]);
  });

  it('a secret already stored under another key is refused the same way (keyed hash), before anything is written', async () => {
    const other = knoudsKey('acct-1');
    await addKnouds('Other key', other);
    const id = await addKnouds('Needs a new key', knoudsKey('acct-1'));
    const r = await cli(['rotate', id], `${other}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already stored as "Other key"/);
    expect(runsOf(id)).toEqual([]);
  });

  it('a cut-short new key (one Add key refuses) is refused by rotate and edit --replace-secret, and the working secret is kept', async () => {
    const old = knoudsKey('acct-1');
    const id = await addKnouds('Keep working', old);
    const before = await show(id);
    const rotate = await cli(['rotate', id], 'knouds_live_abc\n');
    expect(rotate.code).toBe(2);
    expect(rotate.stderr).toMatch(/Too short: 15 characters cannot be a Knouds key/);
    expect(runsOf(id)).toEqual([]);
    const edit = await cli(['edit', id, '--replace-secret'], 'knouds_live_abc\n');
    expect(edit.code).toBe(2);
    expect(edit.stderr).toMatch(/Too short/);
    expect(await show(id)).toMatchObject({ recordUpdatedAt: before.recordUpdatedAt, hint: before.hint });
    // The working secret is still the stored one (read apart from `outputs`, which must hold no secret).
    const revealed = await runCli(['read', `keyward://${id}`], { vault });
    expect(revealed.stdout === old + '\n').toBe(true);
  });

  it('a past --expires for the new key is refused in the words the app shows, before anything is written (#16)', async () => {
    const id = await addKnouds('Dated replacement', knoudsKey('acct-1'));
    const r = await cli(['rotate', id, '--expires', '2020-06-01'], `${knoudsKey('acct-1')}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(pastExpiryMessage('2020-06-01', 'just-made'));
    expect(runsOf(id)).toEqual([]);
    expect((await list()).filter((k) => k.extra['rotation.replaces'] === id)).toEqual([]);
  });

  it('"finished" only once the new key verified valid after the old one was refused; otherwise a critical, open run', async () => {
    const old = knoudsKey('acct-1');
    const id = await addKnouds('Dies after', old);
    const fresh = knoudsKey('acct-1');
    const first = await cli(['rotate', id], `${fresh}\n`);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/step 5 of 7: Revoke old key|Waiting at "old-revocation-pending"/);
    // The portal revoke hits both keys (say the user deleted the wrong row too).
    knouds.revokeKey(old);
    knouds.revokeKey(fresh);
    const end = await cli(['rotate', id, '--revoked']);
    expect(end.code).toBe(1);
    expect(end.stdout + end.stderr).not.toMatch(/Rotation finished/);
    expect(end.stderr).toMatch(/CRITICAL: the old key is dead and the new key does not verify/);
    expect(openRunsOf(id)).toEqual([expect.objectContaining({ phase: 'old-key-dead' })]);
    const check = await cli(['check', '--format', 'json']);
    const text = JSON.stringify(JSON.parse(check.stdout));
    expect(text).toMatch(
      /"severity":"critical"[^}]*Rotation not finished: the key this one replaces is already revoked/,
    );
  });
});

describe('case 2: KAI regenerates in one step', () => {
  it('shows the outage and deployments first, one Regenerate step, then Keyward itself confirms the old key answers 401', async () => {
    const oldValue = kai.addKey({ account: 'inst-2' }).value;
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'kai',
        '--name',
        'Support bot',
        '--account',
        'inst-2',
        '--instance-id',
        'inst-2',
        '--base-url',
        kai.baseUrl,
        '--deployed-to',
        'Zendesk app',
        '--deployed-to',
        'Helpdesk worker',
      ],
      oldValue,
    );
    const newValue = kai.regenerateKey('inst-2'); // the portal's one action: new key made, old one dead
    secrets.push(oldValue, newValue);
    const first = await cli(['rotate', id, '--yes'], `${newValue}\n`);
    expect(first.code, first.stderr).toBe(0);
    const err = first.stderr;
    // The sequence declared by KAI's definition, the outage and every deployment before the portal step.
    expect(err).toMatch(/1\. Outage window and deployments[\s\S]*5\. Old key answers 401/);
    expect(err.indexOf('Deployment: Zendesk app')).toBeLessThan(err.indexOf('Regenerate API key once'));
    expect(err).toMatch(/kills the current key the moment the new one is made/);
    expect(err.match(/choose Regenerate API key/g)).toHaveLength(1); // one portal instruction, before the paste
    expect(err).toMatch(/Outage running for/);
    expect(err).toMatch(/Paused at "new-key-verified"/);

    const second = await cli(['rotate', id, '--deployed']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/Regenerate/); // following it again would kill the key just deployed
    expect(second.stderr).not.toMatch(/Is the old key revoked/);
    expect(second.stderr).toMatch(/Old key: (invalid|revoked)/);
    expect(second.stdout).toMatch(
      /Rotation finished: .*new key verified valid after that\. Outage window: \S+ to \S+\./,
    );
    const fresh = (await list()).find((k) => k.extra['rotation.replaces'] === id)!;
    expect(fresh.lastVerification?.result).toBe('valid');
    expect((await show(id)).status).toBe('revoked');
  });
});

describe('case 3: revoke asks first, listing what depends on the key', () => {
  it('a production key with deployments is revoked only after its name is given; refusals change nothing', async () => {
    const value = knoudsKey('acct-1');
    const id = await addKnouds('Payments prod', value, [
      '--env',
      'production',
      '--deployed-to',
      'Prod API',
      '--deployed-to',
      'Billing cron',
    ]);
    const bare = await cli(['revoke', id]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Environment: production/);
    expect(bare.stderr).toMatch(/Deployment: Prod API[\s\S]*Deployment: Billing cron/);
    expect(bare.stderr).toMatch(/Last used:/);
    expect(bare.stderr).toMatch(/--confirm-name "Payments prod"/);
    const wrong = await cli(['revoke', id, '--yes', '--confirm-name', 'Payments']);
    expect(wrong.code).toBe(2);
    expect((await show(id)).status).toBe('active');
    expect(runsOf(id)).toEqual([]);

    const ok = await cli(['revoke', id, '--yes', '--confirm-name', 'Payments prod']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await show(id)).status).toBe('revocation-pending');
    knouds.revokeKey(value);
    const done = await cli(['revoke', id, '--revoked']);
    expect(done.code, done.stderr).toBe(0);
    expect((await show(id)).status).toBe('revoked');
  });
});

describe('case 4: one open run per key, and a piped key is never dropped', () => {
  it('a run waiting for its key takes the piped key and says so; a run past that keeps the piped key as unclaimed', async () => {
    const id = await addKnouds('Resume me', knoudsKey('acct-1'));
    const empty = await cli(['rotate', id], '');
    expect(empty.code).toBe(2); // no key given: nothing is recorded
    expect(runsOf(id)).toEqual([]);
    // The app's wizard started a run and was closed before the paste: the run waits at "started".
    const v = await unlockVault(vault, CLI_PASSWORD);
    try {
      createSession(v, { clock: { now: () => new Date() }, writeSchedule: false }).rotations.start(id, 'rotate');
    } finally {
      v.lock();
    }
    const [waiting] = openRunsOf(id);
    expect(waiting?.phase).toBe('started');

    const fresh = knoudsKey('acct-1');
    const stored = await cli(['rotate', id], `${fresh}\n`);
    expect(stored.code, stored.stderr).toBe(0);
    expect(stored.stderr).toContain(
      `Rotation ${waiting?.id} is open and waiting for its new key: the key on standard input is stored into it.`,
    );
    const replacement = (await list()).find((k) => k.extra['rotation.replaces'] === id)!;
    expect(JSON.parse((await cli(['show', replacement.id, '--reveal', '--json'])).stdout).secret.value).toBe(fresh);

    const another = knoudsKey('acct-1');
    const second = await cli(['rotate', id], `${another}\n`);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(waiting?.id);
    // The portal showed that key once: it is kept as its own record and the command says where.
    const kept = (await list()).find((k) => k.extra['rotation.unclaimedFrom'] === waiting?.id)!;
    expect(JSON.parse((await cli(['show', kept.id, '--reveal', '--json'])).stdout).secret.value).toBe(another);
    expect(second.stderr).toContain(kept.name);
    expect(openRunsOf(id)).toHaveLength(1);
  });

  it('two processes racing on one key: one run, and every piped secret is stored or its process said it was not', async () => {
    const id = await addKnouds('Raced', knoudsKey('acct-1'));
    const a = knoudsKey('acct-1');
    const b = knoudsKey('acct-1');
    const [ra, rb] = await Promise.all([spawnCli(['rotate', id], `${a}\n`), spawnCli(['rotate', id], `${b}\n`)]);
    expect(runsOf(id)).toHaveLength(1);
    const run = runsOf(id)[0]!;
    const keys = (await list()).filter((k) => k.name.startsWith('Raced'));
    const holders = new Map<string, string>();
    for (const k of keys) {
      const v = (JSON.parse((await cli(['show', k.id, '--reveal', '--json'])).stdout) as { secret: { value: string } })
        .secret.value;
      holders.set(v, k.id);
    }
    for (const [value, r] of [
      [a, ra],
      [b, rb],
    ] as const) {
      if (holders.has(value)) continue;
      // Not stored: then its process exited 2 naming the run and saying the input was not read.
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(run.id);
      expect(r.stderr).toMatch(/not read and nothing was stored/);
    }
    expect([ra.code, rb.code]).toContain(0);
  }, 120_000);
});

describe('case 6: no terminal and no --yes', () => {
  it('a KAI rotation that needs confirmation exits 2 and records no run', async () => {
    const oldValue = kai.addKey({ account: 'inst-6' }).value;
    secrets.push(oldValue);
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'kai',
        '--name',
        'No tty',
        '--account',
        'inst-6',
        '--instance-id',
        'inst-6',
        '--base-url',
        kai.baseUrl,
      ],
      oldValue,
    );
    const r = await cli(['rotate', id], 'some-new-key\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs confirmation: re-run with --yes\. Nothing was changed\./);
    expect(runsOf(id)).toEqual([]);
    expect((await show(id)).status).toBe('active');
  });
});

describe('keyward sandbox', () => {
  it('lists keys by their hints, links portals absolutely, and "quit" ends the console at once with stdin still open', async () => {
    const env = cliChildEnv();
    env.XDG_CONFIG_HOME = join(dir.dir, '.config-sandbox');
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'bin/keyward.mjs'), 'sandbox', '--vault', join(dir.dir, 'sandbox.db')],
      { env, cwd: REPO_ROOT },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => out, { timeout: 60_000 }).toMatch(/quit/);
    child.stdin.write('keys\n');
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/^kubiya\s.*(live|revoked)\s+\S*…/m);
    const kubiyaRows = out.split('\n').filter((l) => /^kubiya\s/.test(l));
    expect(kubiyaRows.every((l) => !/eyJhbGciOi/.test(l))).toBe(true); // not the shared JWT prefix
    const t0 = Date.now();
    child.stdin.write('quit\n'); // stdin is not closed: quit alone must end it
    expect(await closed).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const { kubiya } = await import('../../../src-main/core/platforms/definitions/index.js');
    expect(kubiya.portal.url).toBe('https://compose.kubiya.ai/settings#apiKeys');
  }, 90_000);
});

describe('outputs', () => {
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
