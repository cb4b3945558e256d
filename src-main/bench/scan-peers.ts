// The scan benchmark's peers, neither a dependency of Keyward: secretlint (npm) when installed beside the
// project or in SECRETLINT_DIR, run on a fixed random sample of the tree when the tree is larger than the
// sample (its rate is then extrapolated to the whole tree, and said so); detect-secrets (PyPI) when on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkoutRoot, prng, type ScanTree } from './scan-tree.js';

export type PeerRun = {
  /** Files and bytes it was run on: the whole tree, or the sample. */
  files: number;
  bytes: number;
  ms: number;
  rssMb: number;
  findings: number;
  sampled: boolean;
};

/** A fixed random sample of the tree's files (seeded, so the same files for the same tree). */
export function sampleOf(tree: ScanTree, n: number): number[] {
  const idx = tree.paths.map((_, i) => i);
  if (n >= idx.length) return idx;
  const rnd = prng(7);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, n).sort((a, b) => a - b);
}

/** secretlint's JSON repeats every file's content, so its findings are counted in the text, not parsed. */
export function runSecretlint(tree: ScanTree, sampleSize: number, rssFile: string): PeerRun | string {
  const base = process.env.SECRETLINT_DIR ?? checkoutRoot();
  const bin = join(base, 'node_modules', '.bin', 'secretlint');
  if (sampleSize <= 0) return 'not run (a sample of 0 files was asked for)';
  if (!existsSync(bin))
    return 'not installed (npm install --prefix DIR secretlint @secretlint/secretlint-rule-preset-recommend; SECRETLINT_DIR=DIR)';
  const picked = sampleOf(tree, sampleSize);
  const rc = join(tree.root, '.secretlintrc.json');
  writeFileSync(rc, '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}');
  const t = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', '-o', rssFile, bin, '--format', 'json', ...picked.map((i) => tree.paths[i] as string)],
    {
      cwd: tree.root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, NODE_PATH: join(base, 'node_modules') },
    },
  );
  const ms = performance.now() - t;
  rmSync(rc);
  if (r.status !== 0 && r.status !== 1)
    return `failed (exit ${r.status}): ${(r.stderr ?? '').split('\n')[0] ?? ''}`.slice(0, 160);
  return {
    files: picked.length,
    bytes: picked.reduce((n, i) => n + (tree.sizes[i] ?? 0), 0),
    ms,
    rssMb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024,
    findings: (r.stdout.match(/"ruleId":/g) ?? []).length,
    sampled: picked.length < tree.paths.length,
  };
}

export function runDetectSecrets(tree: ScanTree, rssFile: string): PeerRun | string {
  const probe = spawnSync('detect-secrets', ['--version'], { encoding: 'utf8' });
  if (probe.error)
    return (
      'not installed: it is a PyPI package and PyPI is unreachable here (pip download fails to resolve the host); ' +
      'Debian has no python3-detect-secrets, and npm "detect-secrets" is only a launcher for the Python tool'
    );
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, 'detect-secrets', 'scan', '--all-files', '.'], {
    cwd: tree.root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) return `failed (exit ${r.status})`;
  return {
    files: tree.paths.length,
    bytes: tree.bytes,
    ms,
    rssMb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024,
    findings: (r.stdout.match(/"type":/g) ?? []).length,
    sampled: false,
  };
}
