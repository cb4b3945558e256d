// Which Node versions Keyward supports (README "Set up"): the CLI and the tests on 20.19+,
// the desktop app's tooling (Electron 45) on 22.12+. `engines` says so, and npm, asked to
// install the project on this machine's Node, must not call the project itself unsupported.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

/** Whether `v` is in an npm range of the forms used here: `^A.B.C`, `>=A.B.C`, joined by `||`. */
function satisfies(v: string, range: string): boolean {
  const num = (s: string) => s.split('.').map(Number) as [number, number, number];
  const cmp = (a: string, b: string) => {
    const [x, y] = [num(a), num(b)];
    for (let i = 0; i < 3; i += 1) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  return range.split('||').some((part) => {
    const p = part.trim();
    const caret = /^\^(\d+\.\d+\.\d+)$/.exec(p)?.[1];
    if (caret) return cmp(v, caret) >= 0 && num(v)[0] === num(caret)[0];
    const atLeast = /^>=\s*(\d+\.\d+\.\d+)$/.exec(p)?.[1];
    if (atLeast) return cmp(v, atLeast) >= 0;
    throw new Error(`unexpected range part ${p}`);
  });
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const t = tempDir('keyward-engines-');
afterAll(() => t.cleanup());

describe('supported Node versions', { timeout: 180_000 }, () => {
  it('engines admits 20.19+ and 22.12+, not older 20.x or the 22.x the desktop tooling refuses', () => {
    const range = pkg.engines.node;
    for (const v of ['20.19.0', '20.20.2', '22.12.0', '24.0.0']) expect(satisfies(v, range), v).toBe(true);
    for (const v of ['18.20.0', '20.18.3', '22.11.0']) expect(satisfies(v, range), v).toBe(false);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/20\.19/);
    expect(readme).toMatch(/22\.12/);
  });

  it('npm install on this Node prints no EBADENGINE for keyward itself', () => {
    copyFileSync(join(REPO_ROOT, 'package.json'), join(t.dir, 'package.json'));
    copyFileSync(join(REPO_ROOT, 'package-lock.json'), join(t.dir, 'package-lock.json'));
    // npm prints its warnings on stderr: a shell joins them to stdout.
    const out = execFileSync(
      'sh',
      ['-c', 'npm install --dry-run --offline --ignore-scripts --no-audit --no-fund --loglevel=warn 2>&1 || true'],
      { cwd: t.dir, encoding: 'utf8', timeout: 120_000 },
    );
    const flagged = [...out.matchAll(/package: '([^']+)'/g)].map((m) => m[1] ?? '');
    expect(flagged.filter((p) => p.startsWith('keyward@'))).toEqual([]);
    // On Node 20 the warnings that remain are the desktop tooling's (Electron and its helpers), as the README says.
    // (Their presence also shows npm did check engines here, so the check above means something.)
    if (!satisfies(process.versions.node, '>=22.12.0')) {
      expect(flagged.length, out).toBeGreaterThan(0);
      for (const p of flagged) expect(p, p).toMatch(/electron|node-abi|extract-zip/);
    }
  }, 180_000);
});
