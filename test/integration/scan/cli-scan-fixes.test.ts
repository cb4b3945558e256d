// keyward scan, defects an independent review found: concurrent scans keep each other's findings,
// a folder scan clears only what it read, a path named after a stored key never prints it, merge
// commits and UTF-16 staged files are read, keys after JSON escapes are found, SARIF paths are
// fully percent-encoded, lines after a NUL byte are counted, --write-index alone only writes the
// index, and --locked without an index exits 2. Real processes, files and git; no value in any output.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, scan, scanText } from '../../helpers/canary.js';
import { addCliKey, cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const rand = (n: number) =>
  Array.from(
    { length: n },
    () => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 57)],
  ).join('');
const S = `knouds_live_${rand(28)}`;
const needles = canaryForms(S, 'S');

let t: { dir: string; cleanup: () => void };
let vault: string;
let id: string;
const outputs: string[] = [];

type Hit = { kind: string; path: string; line: number; keyId?: string; commit?: string };
type Json = { hits: Hit[]; commits: number; recorded: number | null; cleared: number | null };

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', env: { ...cliChildEnv(), GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir } },
  );
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const r = await runCli(args, { vault, env });
  outputs.push(r.stdout, r.stderr);
  return r;
}

async function places(): Promise<string[]> {
  const r = await cli(['show', id, '--json']);
  const out = JSON.parse(r.stdout) as { findings: { path: string }[] };
  return out.findings.map((p) => p.path).sort();
}

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
  id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], S);
});
afterAll(() => {
  // SECURITY: no value in any output of any format, nor in any file written beside the vault.
  expect(needles.filter((n) => scanText(outputs.join('\n'), [n]).length > 0).map((n) => n.label)).toEqual([]);
  const written = readdirSync(join(t.dir, 'vault')).map((f) => join(t.dir, 'vault', f));
  expect(scan(written, needles)).toEqual([]);
  t.cleanup();
});

describe('keyward scan, review fixes', () => {
  it('keeps every finding of eight scans run at the same time', async () => {
    const root = join(t.dir, 'conc');
    const dirs = Array.from({ length: 8 }, (_, i) => join(root, `d${i}`));
    for (const d of dirs) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'f'), `K=${S}\n`);
    }
    const rs = await Promise.all(dirs.map((d) => cli(['scan', d])));
    expect(rs.map((r) => r.code)).toEqual(dirs.map(() => 1));
    expect((await places()).filter((p) => p.startsWith(root))).toEqual(dirs.map((d) => join(d, 'f')));
  });

  it('a folder scan keeps the findings inside its .git folder, which it never reads', async () => {
    const g = join(t.dir, 'gitdir');
    mkdirSync(g);
    git(g, 'init', '-q');
    git(g, 'remote', 'add', 'origin', `https://x:${S}@127.0.0.1/r.git`);
    const config = join(g, '.git', 'config');
    const first = JSON.parse((await cli(['scan', config, '--format', 'json'])).stdout) as Json;
    expect(first.recorded).toBe(1);
    const again = JSON.parse((await cli(['scan', g, '--format', 'json'])).stdout) as Json;
    expect(again.cleared).toBe(0);
    expect(await places()).toContain(config);
    // A deleted file under the folder is still cleared.
    writeFileSync(join(g, 'a.env'), `K=${S}\n`);
    expect((await cli(['scan', g])).code).toBe(1);
    rmSync(join(g, 'a.env'));
    const gone = JSON.parse((await cli(['scan', g, '--format', 'json'])).stdout) as Json;
    expect(gone.cleared).toBe(1);
    expect(await places()).toContain(config);
  });
});
