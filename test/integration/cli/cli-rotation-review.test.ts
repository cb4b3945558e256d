// Rotation and revocation defects found trying Keyward as a new user would (issue 11):
// the real `keyward` as a subprocess, keys piped on standard input, the sandbox console
// driven line by line, loopback simulators playing the platforms and their portals.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { createSession } from '../../../src-main/core/app/session.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { addCliKey, CLI_PASSWORD, initCliVault, REPO_ROOT, runCli, cliChildEnv } from '../../helpers/cli.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let vault: string;
let kai: SimulatorHandle;
let knouds: SimulatorHandle;

const cli = (args: string[], input?: string) => runCli(args, { vault, ...(input !== undefined ? { input } : {}) });
const show = async (ref: string): Promise<KeyRecord> =>
  JSON.parse((await cli(['show', ref, '--json'])).stdout) as KeyRecord;
const reveal = async (ref: string): Promise<string> =>
  (JSON.parse((await cli(['show', ref, '--reveal', '--json'])).stdout) as { secret: { value: string } }).secret.value;
const runsOf = (keyId: string) =>
  withRawDb(vault, (db) =>
    db.prepare(`SELECT id, phase FROM rotations WHERE key_id = ? ORDER BY created_at`).all(keyId),
  ) as { id: string; phase: string }[];

beforeAll(async () => {
  dir = tempDir('keyward-cli-rotation-review-');
  vault = join(dir.dir, 'vault.db');
  [kai, knouds] = await Promise.all([startSimulator('kai'), startSimulator('knouds')]);
  await initCliVault(vault);
});
afterAll(async () => {
  await Promise.all([kai.close(), knouds.close()]);
  dir.cleanup();
});

describe('the sandbox console at a key cap', () => {
  it('"create kaana" past the Standard cap of 5 says the cap is reached and the console carries on', async () => {
    const env = cliChildEnv();
    env.XDG_CONFIG_HOME = join(dir.dir, '.config-sandbox');
    const sandboxVault = join(dir.dir, 'sandbox.db');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/keyward.mjs'), 'sandbox', '--vault', sandboxVault], {
      env,
      cwd: REPO_ROOT,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => out, { timeout: 60_000 }).toMatch(/quit/);
    for (let i = 0; i < 8; i++) child.stdin.write('create kaana tenant-7\n');
    child.stdin.write('keys\n');
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/^kaana\s+tenant-7/m);
    expect(out).not.toMatch(/internal error/);
    const created = out.match(/^New kaana key for tenant-7/gm)?.length ?? 0;
    const refused =
      out.match(/^The kaana portal refused for tenant-7: .*at most 5 active keys.*revoke one/gm)?.length ?? 0;
    expect(created + refused).toBe(8);
    expect(refused).toBeGreaterThanOrEqual(3);
    expect(out.split('\n').filter((l) => /^kaana\s+tenant-7\s+live/.test(l))).toHaveLength(5);
    child.stdin.write('quit\n');
    expect(await closed).toBe(0);
    expect(existsSync(sandboxVault)).toBe(true);
  }, 90_000);
});

describe('cancel after KAI Regenerate', () => {
  it('is refused: the name, deployments and references stay on the working new key, the run stays open', async () => {
    const oldValue = kai.addKey({ account: 'inst-c' }).value;
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'kai',
        '--name',
        'Support bot instance',
        '--account',
        'inst-c',
        '--instance-id',
        'inst-c',
        '--base-url',
        kai.baseUrl,
        '--deployed-to',
        'Zendesk app',
        '--deployed-to',
        'Helpdesk worker',
      ],
      oldValue,
    );
    const newValue = kai.regenerateKey('inst-c'); // the old key is dead from here on
    const first = await cli(['rotate', 'Support bot instance', '--yes'], `${newValue}\n`);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Paused at "new-key-verified"/);

    const cancel = await cli(['rotate', 'Support bot instance', '--cancel']);
    expect(cancel.code).toBe(2);
    expect(cancel.stderr).toMatch(/old key .*died when Regenerate API key was confirmed/i);
    expect(cancel.stderr).toMatch(/Nothing was changed/);
    expect(cancel.stdout).not.toMatch(/Cancelled/);
    // The name (keyward://Support bot instance) still resolves to the key that works.
    expect(await reveal('Support bot instance')).toBe(newValue);
    const named = await show('Support bot instance');
    expect(named.id).not.toBe(id);
    expect(named.deployedTo).toEqual(['Zendesk app', 'Helpdesk worker']);
    expect((await show(id)).name).not.toBe('Support bot instance');
    expect(runsOf(id).map((r) => r.phase)).toEqual(['new-key-verified']);

    // Finishing is the way out: Keyward confirms the old key is refused.
    const done = await cli(['rotate', 'Support bot instance', '--deployed']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Rotation finished/);
  }, 60_000);
});

describe('cancelling a revocation', () => {
  it('puts the key back to active, says the key is unchanged, and leaves the unfinished steps not done', async () => {
    const value = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'knouds',
        '--name',
        'Zapier integration',
        '--account',
        'acct-1',
        '--base-url',
        knouds.baseUrl,
        '--deployed-to',
        'Zapier',
      ],
      value,
    );
    const started = await cli(['revoke', 'Zapier integration', '--yes', '--confirm-name', 'Zapier integration']);
    expect(started.code, started.stderr).toBe(0);
    expect((await show(id)).status).toBe('revocation-pending');

    const cancel = await cli(['revoke', 'Zapier integration', '--cancel']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/Cancelled the revocation of "Zapier integration"; the key is unchanged\./);
    expect(cancel.stdout).not.toMatch(/new key/i);
    const after = await show(id);
    expect(after.status).toBe('active');
    expect(after.name).toBe('Zapier integration');
    expect(after.deployedTo).toEqual(['Zapier']);
    const [run] = runsOf(id);
    expect(run?.phase).toBe('cancelled');
    const v = await unlockVault(vault, CLI_PASSWORD);
    try {
      const rotations = createSession(v, { clock: { now: () => new Date() }, writeSchedule: false }).rotations;
      const steps = rotations.steps(rotations.get(run?.id ?? ''));
      expect(steps.at).toBeLessThan(steps.labels.length); // "Revoke" and "Confirm it is dead" were never done
    } finally {
      v.lock();
    }
  }, 60_000);
});

describe('a key piped to a plain second rotate', () => {
  const addCi = (name: string, value: string) =>
    addCliKey(
      vault,
      [
        '--platform',
        'knouds',
        '--name',
        name,
        '--account',
        'acct-1',
        '--base-url',
        knouds.baseUrl,
        '--deployed-to',
        'GitHub Actions',
      ],
      value,
    );
  const holderOf = async (value: string, prefix: string) => {
    const keys = (JSON.parse((await cli(['list', '--json'])).stdout) as { keys: KeyRecord[] }).keys.filter((k) =>
      k.name.startsWith(prefix),
    );
    for (const k of keys) if ((await reveal(k.id)) === value) return k;
    return undefined;
  };

  it('while a run is open past its paste, the piped key is kept as unclaimed and the command says so (exit 2)', async () => {
    const id = await addCi('CI pipeline', knouds.addKey({ account: 'acct-1', tier: 'pro' }).value);
    const k1 = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const first = await cli(['rotate', 'CI pipeline', '--yes'], `${k1}\n`);
    expect(first.code, first.stderr).toBe(0);
    const [run] = runsOf(id);
    expect(run?.phase).toBe('new-key-verified');

    const k2 = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value; // the portal shows it once
    const second = await cli(['rotate', 'CI pipeline', '--yes'], `${k2}\n`);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(run?.id);
    const kept = await holderOf(k2, 'CI pipeline');
    expect(kept?.name).toMatch(/^CI pipeline \(unclaimed \d{4}-\d{2}-\d{2}\)$/);
    expect(second.stderr).toContain(kept?.name);
    expect(runsOf(id)).toHaveLength(1);
  }, 60_000);

  it('two plain rotates racing: one run, and both piped keys are in the vault', async () => {
    for (let round = 0; round < 3; round++) {
      const name = `CI race ${round}`;
      const id = await addCi(name, knouds.addKey({ account: 'acct-1', tier: 'pro' }).value);
      const a = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
      const b = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
      const results = await Promise.all([
        cli(['rotate', name, '--yes'], `${a}\n`),
        cli(['rotate', name, '--yes'], `${b}\n`),
      ]);
      expect(runsOf(id), `round ${round}`).toHaveLength(1);
      const detail = results.map((r) => `exit ${r.code}: ${r.stderr}`).join('\n');
      expect(await holderOf(a, name), detail).toBeDefined();
      expect(await holderOf(b, name), detail).toBeDefined();
      expect(results.map((r) => r.code).sort()).toEqual([0, 2]);
    }
  }, 180_000);
});

describe('invisible characters and prefix case in a pasted key', () => {
  it('the old key with a zero-width space or BOM around it is the old key: refused before anything is written', async () => {
    const old = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addCliKey(
      vault,
      ['--platform', 'knouds', '--name', 'ZWSP pipeline', '--account', 'acct-1', '--base-url', knouds.baseUrl],
      old,
    );
    for (const pasted of [`${old}\u200b`, `\ufeff${old}`, `\u200b${old}\u2060\n`]) {
      const r = await cli(['rotate', 'ZWSP pipeline', '--deployed', '--yes'], pasted);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/That is the current key, not a new one: nothing was stored/);
      expect(runsOf(id)).toEqual([]);
    }
  }, 60_000);

  it('a key with a control or format character inside is refused before it is stored, without echoing it', async () => {
    const old = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addCliKey(
      vault,
      ['--platform', 'knouds', '--name', 'Inside pipeline', '--account', 'acct-1', '--base-url', knouds.baseUrl],
      old,
    );
    const fresh = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const broken = `${fresh.slice(0, 10)}\u200b${fresh.slice(10)}`;
    const r = await cli(['rotate', 'Inside pipeline', '--deployed', '--yes'], `${broken}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invisible or control character \(U\+200B\).*nothing was stored/);
    expect(r.stderr + r.stdout).not.toContain(fresh.slice(10));
    expect(runsOf(id)).toEqual([]);
  }, 60_000);

  it('a Kognitos key in capitals (KGN_PAT_) pasted into a Kaana rotation is refused like the lowercase one', async () => {
    const id = await addCliKey(
      vault,
      ['--platform', 'kaana', '--name', 'Kaana bot', '--account', 'tenant-1', '--base-url', 'http://127.0.0.1:9'],
      'kaana-opaque-old-key-0123456789abcdef',
    );
    const r = await cli(['rotate', 'Kaana bot', '--deployed', '--yes'], 'KGN_PAT_abcdefghijklmnopqrstuvwx\n');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/looks like a Kognitos key/);
    expect(runsOf(id)).toEqual([]);
  }, 60_000);
});

describe("revoke's typed-name confirmation", () => {
  it('on a terminal, the name with a trailing space does not match: nothing changes', async () => {
    const value = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'knouds',
        '--name',
        'Zapier hook',
        '--account',
        'acct-1',
        '--base-url',
        knouds.baseUrl,
        '--deployed-to',
        'Zapier',
      ],
      value,
    );
    // A pseudo-terminal from Python's pty module: the CLI sees a TTY, as when a person types.
    const script = `
import os, pty, select, signal, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], sys.argv[2], 'revoke', 'Zapier hook'])
def drain(until):
    out = b''
    while not any(u in out for u in until):
        r, _, _ = select.select([fd], [], [], 30)
        if not r: break
        try: out += os.read(fd, 1024)
        except OSError: break
    return out
sys.stdout.buffer.write(drain([b'to confirm: ']))
os.write(fd, b'Zapier hook \\r')
sys.stdout.buffer.write(drain([b'does not match', b'?']))
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
`;
    const env = cliChildEnv();
    Object.assign(env, {
      KEYWARD_VAULT: vault,
      KEYWARD_PASSWORD: CLI_PASSWORD,
      XDG_CONFIG_HOME: join(dir.dir, '.cfg'),
    });
    const out = execFileSync('python3', ['-c', script, process.execPath, join(REPO_ROOT, 'bin/keyward.mjs')], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toMatch(/Type its name to confirm/);
    expect(out).toMatch(/does not match exactly: nothing was changed/);
    expect((await show(id)).status).toBe('active');
    expect(runsOf(id)).toEqual([]);
  }, 120_000);

  it('without a terminal, --confirm-name with a trailing space is refused and changes nothing', async () => {
    const value = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'knouds',
        '--name',
        'Deploy',
        '--account',
        'acct-1',
        '--base-url',
        knouds.baseUrl,
        '--env',
        'production',
      ],
      value,
    );
    const r = await cli(['revoke', 'Deploy', '--yes', '--confirm-name', 'Deploy ']);
    expect(r.code).toBe(2);
    expect((await show(id)).status).toBe('active');
    expect(runsOf(id)).toEqual([]);
  }, 60_000);
});

describe('KAI: a bad paste after Regenerate was confirmed', () => {
  it('keeps the run and its outage start, so the next rotate resumes with the outage clock running', async () => {
    const oldValue = kai.addKey({ account: 'inst-8' }).value;
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'kai',
        '--name',
        'Outage kept',
        '--account',
        'inst-8',
        '--instance-id',
        'inst-8',
        '--base-url',
        kai.baseUrl,
        '--deployed-to',
        'Widget',
      ],
      oldValue,
    );
    const newValue = kai.regenerateKey('inst-8'); // pressed: the old key is dead now
    const bad = await cli(['rotate', 'Outage kept', '--yes'], `${oldValue}\n`); // the wrong key pasted
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/That is the current key/);
    const runs = runsOf(id);
    expect(runs.map((r) => r.phase)).toEqual(['started']);
    const v = await unlockVault(vault, CLI_PASSWORD);
    let startedAt: string | undefined;
    try {
      const rotations = createSession(v, { clock: { now: () => new Date() }, writeSchedule: false }).rotations;
      startedAt = rotations.get(runs[0]?.id ?? '').outage?.startedAt;
    } finally {
      v.lock();
    }
    expect(startedAt).toBeDefined();
    await new Promise((r) => setTimeout(r, 1100));
    const good = await cli(['rotate', 'Outage kept', '--yes'], `${newValue}\n`);
    expect(good.code, good.stderr).toBe(0);
    expect(runsOf(id)).toHaveLength(1);
    const v2 = await unlockVault(vault, CLI_PASSWORD);
    try {
      const rotations = createSession(v2, { clock: { now: () => new Date() }, writeSchedule: false }).rotations;
      expect(rotations.get(runs[0]?.id ?? '').outage?.startedAt).toBe(startedAt);
    } finally {
      v2.lock();
    }
  }, 60_000);
});
