// `keyward verify ID | --all` over loopback simulators: exit 0 when every key checked
// is valid, 1 when any is refused (revoked), 5 when a platform could not answer
// (503 with a Retry-After beyond what the client waits, or a stopped simulator).
// Registered by cli-platforms.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { canaryForms, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { join } from 'node:path';

type Row = {
  id: string;
  name: string;
  platform: string;
  result: string;
  message: string;
};

let dir: { dir: string; cleanup: () => void };
let vault: string;
let knouds: SimulatorHandle;
let kaana: SimulatorHandle;
let kognitos: SimulatorHandle;
const ids: Record<string, string> = {};
const secrets: string[] = [];
const outputs: string[] = [];

async function verify(args: string[]) {
  const r = await runCli(['verify', ...args, '--json'], { vault });
  outputs.push(r.stdout, r.stderr);
  return {
    code: r.code,
    rows: r.stdout.trim() ? (JSON.parse(r.stdout) as Row[]) : [],
    stderr: r.stderr,
  };
}

beforeAll(async () => {
  dir = tempDir('keyward-cli-verify-');
  vault = join(dir.dir, 'vault.db');
  [knouds, kaana, kognitos] = await Promise.all([
    startSimulator('knouds'),
    startSimulator('kaana'),
    startSimulator('kognitos'),
  ]);
  await initCliVault(vault);
  const k1 = knouds.addKey({
    account: 'user-42',
    value: `knouds_live_CANARY${crypto.randomUUID().replaceAll('-', '')}`,
  }).value;
  const k2 = kaana.addKey({
    account: 'tenant-7',
    value: `CANARY${crypto.randomUUID().replaceAll('-', '')}`,
  }).value;
  const k3 = kognitos.addKey({
    account: 'org-1',
    value: `kgn_pat_CANARY${crypto.randomUUID().replaceAll('-', '')}`,
  }).value;
  secrets.push(k1, k2, k3);
  ids.knouds = await addCliKey(
    vault,
    ['--platform', 'knouds', '--name', 'Deploy', '--account', 'user-42', '--base-url', knouds.baseUrl],
    k1,
  );
  ids.kaana = await addCliKey(
    vault,
    ['--platform', 'kaana', '--name', 'Zapier', '--account', 'tenant-7', '--base-url', kaana.baseUrl],
    k2,
  );
  ids.kognitos = await addCliKey(
    vault,
    [
      '--platform',
      'kognitos',
      '--name',
      'Reports',
      '--account',
      'org-1',
      '--base-url',
      kognitos.baseUrl,
      '--expires',
      '2027-06-30',
    ],
    k3,
  );
});

afterAll(async () => {
  await Promise.all([knouds.close(), kaana.close(), kognitos.close()]);
  dir.cleanup();
});

describe('keyward verify', () => {
  it('exits 0 when the key, and then every key, is valid', async () => {
    const one = await verify([ids.knouds!]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.rows).toMatchObject([{ id: ids.knouds, result: 'valid' }]);
    const all = await verify(['--all']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.rows.map((r) => r.result)).toEqual(['valid', 'valid', 'valid']);
    expect(all.stderr).toContain('verified 3/3');
  });

  it('exits 1 once a key is revoked on its platform, alone or among valid keys', async () => {
    knouds.revokeKey(secrets[0]!);
    const one = await verify([ids.knouds!]);
    expect(one.code).toBe(1);
    expect(one.rows[0]?.result).toBe('revoked');
    const all = await verify(['--all']);
    expect(all.code).toBe(1);
    expect(all.rows.find((r) => r.id === ids.knouds)?.result).toBe('revoked');
    // Recorded in the vault as the key's last verification.
    const shown = await runCli(['show', ids.knouds!, '--json'], { vault });
    expect(JSON.parse(shown.stdout)).toMatchObject({
      status: 'active',
      lastVerification: { result: 'revoked' },
    });
  });

  it('exits 5 on a 503 whose Retry-After is beyond the deadline, without waiting it out', async () => {
    kaana.setFault({ kind: 'unavailable', retryAfter: '3600' });
    const t0 = performance.now();
    const r = await verify([ids.kaana!]);
    expect(r.code).toBe(5);
    expect(r.rows[0]?.result).toBe('platform-error');
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('exits 5 when a simulator is stopped (connection refused)', async () => {
    await kognitos.close();
    const r = await verify([ids.kognitos!]);
    expect(r.code).toBe(5);
    expect(r.rows[0]?.result).toBe('unreachable');
  });

  it('verify --all: 1 while a refused key is checked, 5 when only platform trouble remains; revoked keys are skipped', async () => {
    const mixed = await verify(['--all']);
    expect(mixed.code).toBe(1); // a refused key outranks platform trouble
    const marked = await runCli(['edit', ids.knouds!, '--status', 'revoked'], {
      vault,
    });
    expect(marked.code, marked.stderr).toBe(0);
    const trouble = await verify(['--all']);
    expect(trouble.code).toBe(5);
    expect(trouble.rows.map((r) => [r.id, r.result]).sort()).toEqual(
      [
        [ids.kaana, 'platform-error'],
        [ids.kognitos, 'unreachable'],
      ].sort(),
    );
    kaana.setFault(null);
    const usage = await runCli(['verify'], { vault });
    expect(usage.code).toBe(2);
  });

  it('never printed a secret', () => {
    const needles = secrets.flatMap((s, i) => canaryForms(s, `secret${i}`));
    expect(scanText(outputs.join('\n'), needles)).toEqual([]);
  });
});
