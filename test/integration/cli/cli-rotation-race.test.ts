// Two `keyward rotate` processes started together on one key, each with its own new key piped
// in (two terminals, or a script run twice): one run, and no piped key is ever dropped. Each
// process either stores its key into the run, keeps it as an "unclaimed" record and says so,
// or refuses with exit 2 and the run's id before reading standard input.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { addCliKey, CLI_PASSWORD, initCliVault, REPO_ROOT, runCli, type CliResult } from '../../helpers/cli.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let vault: string;
let knouds: SimulatorHandle;

const cli = (args: string[], input?: string) => runCli(args, { vault, ...(input !== undefined ? { input } : {}) });
const list = async (): Promise<KeyRecord[]> =>
  (JSON.parse((await cli(['list', '--json'])).stdout) as { keys: KeyRecord[] }).keys;
const reveal = async (id: string): Promise<string> =>
  (JSON.parse((await cli(['show', id, '--reveal', '--json'])).stdout) as { secret: { value: string } }).secret.value;
const runsOf = (keyId: string) =>
  withRawDb(vault, (db) => db.prepare(`SELECT id, phase FROM rotations WHERE key_id = ?`).all(keyId)) as {
    id: string;
    phase: string;
  }[];

/** `keyward` started without waiting; its key written and stdin closed at once. */
function spawnCli(args: string[], input: string): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && (!k.startsWith('KEYWARD_') || k === 'KEYWARD_TEST_KDF')) env[k] = v;
  Object.assign(env, {
    XDG_CONFIG_HOME: join(dir.dir, '.config'),
    KEYWARD_VAULT: vault,
    KEYWARD_PASSWORD: CLI_PASSWORD,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/keyward.mjs'), ...args], { env, cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  dir = tempDir('keyward-cli-rotation-race-');
  vault = join(dir.dir, 'vault.db');
  knouds = await startSimulator('knouds');
  await initCliVault(vault);
});
afterAll(async () => {
  await knouds.close();
  dir.cleanup();
});

const VARIANTS: { label: string; flags: string[] }[] = [
  { label: 'rotate KEY', flags: [] },
  { label: 'rotate KEY --deployed --yes', flags: ['--deployed', '--yes'] },
];

describe('two rotate processes on one key, started together', () => {
  for (const { label, flags } of VARIANTS) {
    it(`${label}: one run, every piped key stored or refused unread, no false lost-commit warning (5 rounds)`, async () => {
      for (let round = 0; round < 5; round++) {
        const name = `Raced ${label} ${round}`;
        const old = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
        const id = await addCliKey(
          vault,
          ['--platform', 'knouds', '--name', name, '--account', 'acct-1', '--base-url', knouds.baseUrl],
          old,
        );
        const a = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
        const b = knouds.addKey({ account: 'acct-1', tier: 'pro' }).value;
        const results = await Promise.all([
          spawnCli(['rotate', id, ...flags], `${a}\n`),
          spawnCli(['rotate', id, ...flags], `${b}\n`),
        ]);
        const runs = runsOf(id);
        expect(runs, `round ${round}`).toHaveLength(1);
        const run = runs[0]!;
        const keys = (await list()).filter((k) => k.name.startsWith(name));
        const holders = new Map<string, KeyRecord>();
        for (const k of keys) holders.set(await reveal(k.id), k);
        const newKeyId = keys.find((k) => k.extra['rotation.replaces'] === id)?.id;
        for (const [value, r] of [
          [a, results[0]],
          [b, results[1]],
        ] as const) {
          const detail = `round ${round}, exit ${r.code}: ${r.stderr}`;
          expect(r.stderr, detail).not.toMatch(/behind its commit counter/);
          const holder = holders.get(value);
          if (r.code === 0) {
            // A process that says all went well stored its key as the run's new key.
            expect(holder?.id, detail).toBe(newKeyId);
            continue;
          }
          expect(r.code, detail).toBe(2);
          expect(r.stderr, detail).toContain(run.id);
          if (holder) {
            // Lost the race after reading its key: kept, and the process said where.
            expect(holder.name, detail).toMatch(/\(unclaimed \d{4}-\d{2}-\d{2}\)$/);
            expect(r.stderr, detail).toContain(holder.name);
          } else expect(r.stderr, detail).toMatch(/Standard input was not read and nothing was stored/);
        }
        expect(results.map((r) => r.code)).toContain(0);
      }
    }, 240_000);
  }
});
