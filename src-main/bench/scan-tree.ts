// The scan benchmark's generated repository: source-like text files (~10 kB), one binary in 50, stored keys
// planted in files, more that only git history holds (each added by one commit and removed by a later
// one), near-misses of stored keys that must not match, and a history of many commits at any size.
// The same tree for the same size (a seeded PRNG); the values stay in this process's memory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type PlantedKey = { value: string; platform: 'knouds' | 'kognitos' | 'kai' };
export type ScanTree = {
  root: string;
  /** Relative paths of every generated file (text and binary), in the order written. */
  paths: string[];
  sizes: number[];
  bytes: number;
  binaries: number;
  /** Stored keys in the final tree's files. */
  planted: PlantedKey[];
  /** Stored keys that a commit added and a later commit removed: only `--git-history` can find them. */
  historyOnly: PlantedKey[];
  /** Stored keys planted nowhere; a third of them have a near-miss (one character changed) in the tree. */
  decoys: PlantedKey[];
  nearMisses: number;
  commits: number;
};

/** The checkout: from out/cli/bench when built, from src-main/bench when a test imports the source. */
export function checkoutRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'bin', 'keyward.mjs')) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** A small deterministic PRNG (LCG): the same tree for the same size. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** About one commit per 300 files, never fewer than 20: 333 commits at 100,000 files. */
export const commitsFor = (nFiles: number): number => Math.max(20, Math.round(nFiles / 300));

export function makeScanTree(root: string, nFiles: number, meanBytes = 10_000): ScanTree {
  const rnd = prng(19);
  const pick = (n: number) => Math.floor(rnd() * n);
  const word = (n: number) => Array.from({ length: n }, () => ALNUM[pick(62)]).join('');
  const key = (i: number): PlantedKey =>
    i % 3 === 0
      ? { value: `knouds_live_${word(28)}`, platform: 'knouds' }
      : i % 3 === 1
        ? { value: `kgn_pat_${word(32)}`, platform: 'kognitos' }
        : { value: word(40), platform: 'kai' };
  const nCommits = commitsFor(nFiles);
  const planted = Array.from({ length: Math.max(20, Math.round(nFiles * 0.003)) }, (_, i) => key(i));
  const leakable = Array.from({ length: Math.ceil(nCommits / 2) + 1 }, (_, i) => key(i));
  const decoys = Array.from({ length: 60 }, (_, i) => key(i));
  // Word pools: drawing whole words keeps generating 1 GB of text to seconds, not minutes.
  const pool = (len: number) => Array.from({ length: 4096 }, () => word(len));
  const [w6, w8, w12, w20] = [pool(6), pool(8), pool(12), pool(20)];
  const noise = Buffer.from(Array.from({ length: 1 << 16 }, () => pick(256)));
  const plantAt = new Map<number, string>();
  planted.forEach((k, i) => plantAt.set(Math.floor((i * nFiles) / planted.length) + 1, k.value));
  const nearAt = new Map<number, string>();
  decoys.forEach((d, i) => {
    if (i % 3 !== 0) return;
    const last = d.value.at(-1) === 'x' ? 'y' : 'x';
    nearAt.set(Math.floor((i * nFiles) / decoys.length) + 2, d.value.slice(0, -1) + last);
  });
  mkdirSync(root, { recursive: true });
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=B', '-c', 'user.email=b@example.com', '-c', 'commit.gpgsign=false', ...a], {
      cwd: root,
      stdio: 'ignore',
    });
  git('init', '-q', '-b', 'main');
  const t: ScanTree = {
    root,
    paths: [],
    sizes: [],
    bytes: 0,
    binaries: 0,
    planted,
    historyOnly: [],
    decoys,
    nearMisses: 0,
    commits: 0,
  };
  const commit = () => {
    git('add', '-A');
    git('commit', '-q', '-m', `c${t.commits}`);
    t.commits++;
  };
  // A leak in flight: what the next commit must undo (a file to delete, or a file's content to restore).
  const pending: { undo: (() => void) | null } = { undo: null };
  const leak = (c: number) => {
    const k = leakable[t.historyOnly.length];
    if (!k) return;
    t.historyOnly.push(k);
    const from = pick(t.paths.length);
    const rel = t.paths.slice(from).find((p) => p.endsWith('.ts'));
    if (c % 4 === 0 || rel === undefined) {
      const f = join(root, 'config', `leak${c}.env`);
      mkdirSync(join(root, 'config'), { recursive: true });
      writeFileSync(f, `# local settings\nTOKEN=${k.value}\n`);
      pending.undo = () => rmSync(f);
    } else {
      const f = join(root, rel);
      const before = readFileSync(f);
      writeFileSync(f, `${before.toString('utf8')}const LEGACY_TOKEN = "${k.value}";\n`);
      pending.undo = () => writeFileSync(f, before);
    }
  };
  const perCommit = Math.ceil(nFiles / nCommits);
  for (let f = 0; f < nFiles; f++) {
    const rel = join(`pkg${f % 50}`, `mod${f % 7}`, f % 50 === 49 ? `asset${f}.bin` : `file${f}.ts`);
    mkdirSync(join(root, rel, '..'), { recursive: true });
    let body: Buffer;
    if (f % 50 === 49) {
      const start = pick(noise.length - 24_000);
      body = Buffer.from(noise.subarray(start, start + 4096 + pick(20_000)));
      body[0] = 0;
      t.binaries++;
    } else {
      const lines: string[] = [];
      const target = meanBytes / 5 + pick((meanBytes * 8) / 5);
      for (let size = 0; size < target;) {
        const l = `  const ${w8[pick(4096)]} = compute("${w12[pick(4096)]}", ${pick(1e6)}); // ${w20[pick(4096)]} ${w6[pick(4096)]}`;
        lines.push(l);
        size += l.length + 1;
      }
      const k = plantAt.get(f);
      if (k) lines.splice(lines.length >> 1, 0, `export const API_KEY = "${k}";`);
      const near = nearAt.get(f);
      if (near) {
        lines.splice(lines.length >> 2, 0, `export const API_KEY_OLD = "${near}";`);
        t.nearMisses++;
      }
      body = Buffer.from(lines.join('\n') + '\n');
    }
    writeFileSync(join(root, rel), body);
    t.paths.push(rel);
    t.sizes.push(body.length);
    t.bytes += body.length;
    if (f % perCommit === perCommit - 1 || f === nFiles - 1) {
      // Even commits add a history-only key, the next one takes it out again.
      if (pending.undo) {
        pending.undo();
        pending.undo = null;
      } else if (t.commits % 2 === 0) leak(t.commits);
      commit();
    }
  }
  if (pending.undo) {
    pending.undo();
    commit();
  }
  t.commits = Number(execFileSync('git', ['rev-list', '--count', '--all'], { cwd: root, encoding: 'utf8' }).trim());
  return t;
}
