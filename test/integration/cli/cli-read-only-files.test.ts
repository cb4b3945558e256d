// Issue 18, "Done when": a read command leaves every file byte-identical. `list`, `show`,
// `check`, `search` and an export without secrets (to a file outside the vault's folder) must not
// touch the vault, its WAL or SHM, the commit counter or the locked-state schedule, which holds
// only the next crossing of each kind per key.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulePathFor } from '../../../src-main/core/alerts/alerts.service.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { dayFromToday } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let outDir: { dir: string; cleanup: () => void };
let vault: string;
let firstId: string;

/** Every file in the vault's folder (but the private config folder): name -> sha256 and mtime. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir.dir).sort()) {
    const path = join(dir.dir, name);
    const st = statSync(path);
    if (!st.isFile()) continue;
    const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
    files.set(name, `${digest} ${st.size} ${st.mtimeMs}`);
  }
  return files;
}

beforeAll(async () => {
  dir = tempDir('keyward-read-only-');
  outDir = tempDir('keyward-read-only-out-');
  vault = join(dir.dir, 'vault.db');
  await initCliVault(vault);
  const days = [5, 12, 40, 90, 200];
  for (const [i, d] of days.entries()) {
    const id = await addCliKey(
      vault,
      [
        '--platform',
        'knouds',
        '--name',
        `read-only-${i}`,
        '--expires',
        dayFromToday(d),
        '--rotate-every',
        '30',
        '--created',
        dayFromToday(-20),
      ],
      `knouds_live_readonly${i}abcdefghijklmnop0123456789`,
    );
    if (i === 0) firstId = id;
  }
  // The writes above left a schedule beside the vault; reads must leave it as it is.
  expect(existsSync(schedulePathFor(vault))).toBe(true);
});

afterAll(() => {
  dir.cleanup();
  outDir.cleanup();
});

const READS: [string, () => string[]][] = [
  ['list', () => ['list']],
  ['list --json', () => ['list', '--json']],
  ['list --search', () => ['list', '--search', 'read-only-3']],
  ['show ID', () => ['show', firstId]],
  ['show NAME --json', () => ['show', 'read-only-2', '--json']],
  ['check', () => ['check']],
  ['check --format json', () => ['check', '--format', 'json']],
  ['alerts list', () => ['alerts', 'list']],
  ['export json (no secrets)', () => ['export', '--format', 'json', '--out', join(outDir.dir, 'e.json')]],
  ['export csv (no secrets)', () => ['export', '--format', 'csv', '--out', join(outDir.dir, 'e.csv')]],
];

describe('a read command leaves every file byte-identical', () => {
  for (const [label, args] of READS) {
    it(label, async () => {
      const before = snapshot();
      expect([...before.keys()]).toContain('vault.db');
      expect([...before.keys()]).toContain('vault.db.schedule.json');
      const r = await runCli(args(), { vault });
      expect([0, 1]).toContain(r.code); // check exits 1 while a warning stands
      expect(r.stderr).not.toMatch(/warning: the notification schedule/);
      expect(snapshot()).toEqual(before);
    });
  }

  it('a write still updates the schedule, and a read after it leaves it alone', async () => {
    const before = readFileSync(schedulePathFor(vault), 'utf8');
    const r = await runCli(['edit', firstId, '--expires', dayFromToday(8)], { vault });
    expect(r.code).toBe(0);
    const after = readFileSync(schedulePathFor(vault), 'utf8');
    expect(after).not.toEqual(before);
    expect(after).toContain(dayFromToday(9)); // the day after the new expiry: the `expired` entry
    const snap = snapshot();
    expect((await runCli(['list'], { vault })).code).toBe(0);
    expect(snapshot()).toEqual(snap);
  });
});

describe('with the vault open in another process (WAL and SHM present)', () => {
  let holder: ChildProcess;
  beforeAll(async () => {
    // A reader that keeps a connection open (as the desktop app would): the WAL and SHM stay.
    holder = spawn(
      'python3',
      [
        '-c',
        'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("select 1 from keys"); sys.stdin.read()',
        vault,
      ],
      { stdio: ['pipe', 'ignore', 'inherit'] },
    );
    await new Promise((r) => setTimeout(r, 500));
    // A write while it is open leaves frames in the WAL that no one checkpoints away.
    expect((await runCli(['edit', firstId, '--notes', 'held open'], { vault })).code).toBe(0);
  });
  afterAll(() => {
    holder.stdin?.end();
  });

  for (const [label, args] of READS.slice(0, 6)) {
    it(label, async () => {
      const before = snapshot();
      expect([...before.keys()]).toEqual(expect.arrayContaining(['vault.db-wal', 'vault.db-shm']));
      const r = await runCli(args(), { vault });
      expect([0, 1]).toContain(r.code);
      expect(snapshot()).toEqual(before);
    });
  }
});

describe('the schedule holds only the next crossings', () => {
  it('at most one entry per key and kind', () => {
    const doc = JSON.parse(readFileSync(schedulePathFor(vault), 'utf8')) as {
      entries: { keyId: string; kind: string }[];
    };
    expect(doc.entries.length).toBeGreaterThan(0);
    const pairs = doc.entries.map((e) => `${e.keyId} ${e.kind}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });
});

describe('list --json to a pipe', () => {
  it('is one compact line that parses to every key', async () => {
    const r = await runCli(['list', '--json'], { vault });
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd()).not.toContain('\n');
    const doc = JSON.parse(r.stdout) as { keys: { name: string }[]; damaged: unknown[] };
    expect(doc.keys.map((k) => k.name).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `read-only-${i}`));
    expect(doc.damaged).toEqual([]);
  });
});
