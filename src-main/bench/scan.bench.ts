// `keyward scan` on a generated repository (scan-tree.ts): in the process (`runScan`, KDF excluded) and as a
// whole `keyward scan` process (wall time, peak RSS), files and --git-history, beside secretlint and
// detect-secrets (scan-peers.ts). Throws ScanBenchFailure when a planted stored key is missed or a stored key
// that was never planted matches, in any run. Standalone: node out/cli/bench/scan.bench.js --files N
// (prints the section and the result as JSON); --render FILE... prints one section from such JSON lines.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createInventory } from '../core/inventory/inventory.service.js';
import { systemClock } from '../core/ports/clock.port.js';
import { unlockedMatcher } from '../core/scan/scan-index.js';
import { runScan, type ScanHit } from '../core/scan/scan.service.js';
import { unlockVault } from '../core/vault/vault.js';
import { runDetectSecrets, runSecretlint, type PeerRun } from './scan-peers.js';
import { checkoutRoot, makeScanTree, type ScanTree } from './scan-tree.js';
import { scanSection } from './scan-section.js';

const PASSWORD = 'bench scan password that is long enough';
const BIN = process.env.KEYWARD_BENCH_BIN ?? join(checkoutRoot(), 'bin/keyward.mjs');

export type Tally = { expected: number; found: number; missed: number; falseMatches: number };
export type ScanRun = {
  label: string;
  /** Whole process (spawned CLI, incl. start-up and one Argon2id at 64 MiB) or in the bench's process. */
  whole: boolean;
  history: boolean;
  ms: number;
  rssMb: number | null;
  tally: Tally;
};
export type ScanBenchResult = {
  files: number;
  bytes: number;
  binaries: number;
  planted: number;
  historyOnly: number;
  decoys: number;
  nearMisses: number;
  commits: number;
  unfindable: number;
  runs: ScanRun[];
  /** `keyward scan` of an empty folder, whole process: start-up, unlock (KDF) and exit. */
  fixedMs: number;
  secretlint: PeerRun | string;
  detectSecrets: PeerRun | string;
  date: string;
  load: { min: number; max: number };
  machine: string;
};

export class ScanBenchFailure extends Error {
  constructor(
    readonly problems: string[],
    readonly result: ScanBenchResult,
  ) {
    super(`scan benchmark failed: ${problems.join('; ')}`);
  }
}

/** Found stored key ids against the ids that run should find; any other stored id is a false match. */
export function tally(found: Iterable<string | undefined>, want: ReadonlySet<string>): Tally {
  const ids = new Set([...found].filter((x): x is string => x !== undefined));
  const missed = [...want].filter((id) => !ids.has(id)).length;
  return {
    expected: want.size,
    found: want.size - missed,
    missed,
    falseMatches: [...ids].filter((id) => !want.has(id)).length,
  };
}

/** One line per run that missed a planted stored key or matched another stored key (counts, no values). */
export function problemsOf(runs: readonly ScanRun[]): string[] {
  return runs
    .filter((r) => r.tally.missed > 0 || r.tally.falseMatches > 0)
    .map(
      (r) =>
        `${r.label}: ${r.tally.missed} of ${r.tally.expected} planted stored keys missed, ${r.tally.falseMatches} false matches`,
    );
}

const storedIds = (hits: readonly ScanHit[]) => hits.filter((h) => h.kind === 'stored').map((h) => h.keyId);

function cliEnv(dir: string, vault: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KEYWARD_')) env[k] = v;
  mkdirSync(join(dir, 'run'), { recursive: true, mode: 0o700 });
  // Its own runtime folder: no agent of the user's is ever used.
  return {
    ...env,
    KEYWARD_VAULT: vault,
    KEYWARD_PASSWORD: PASSWORD,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
  };
}

/** One `keyward ARGS` process under /usr/bin/time: wall time around the spawn, peak RSS, its stdout. */
function cli(args: string[], env: Record<string, string>, rssFile: string, okCodes = [0]) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, BIN, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  if (!okCodes.includes(r.status ?? -1))
    throw new Error(`keyward ${args[0] ?? ''} failed (${r.status}): ${r.stderr.slice(0, 400)}`);
  return { ms, rssMb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024, stdout: r.stdout };
}

async function vaultOf(dir: string, tree: ScanTree, env: Record<string, string>, rssFile: string) {
  cli(['init', '--kdf-memory', '64', '--kdf-passes', '3'], env, rssFile);
  const vault = await unlockVault(env.KEYWARD_VAULT as string, PASSWORD);
  const inv = createInventory(vault, systemClock);
  const ids = new Map<string, string>();
  const keys = [...tree.planted, ...tree.historyOnly, ...tree.decoys];
  keys.forEach((k, i) =>
    ids.set(k.value, inv.add({ platform: k.platform, name: `bench ${i}` }, { value: k.value }).id),
  );
  const idsOf = (ks: ScanTree['planted']) => new Set(ks.map((k) => ids.get(k.value) as string));
  return { vault, inv, inFiles: idsOf(tree.planted), inHistory: idsOf([...tree.planted, ...tree.historyOnly]), dir };
}

export async function benchScan(
  nFiles = 2_000,
  opts: { meanBytes?: number; peerSample?: number } = {},
): Promise<ScanBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-scan-'));
  const rssFile = join(dir, 'rss');
  const loads: number[] = [];
  const step = (what: string) => {
    loads.push(loadavg()[0] ?? 0);
    process.stderr.write(`bench: scan, ${nFiles} files: ${what}...\n`);
  };
  try {
    step('generating the tree and its git history');
    const tree = makeScanTree(join(dir, 'tree'), nFiles, opts.meanBytes);
    const env = cliEnv(dir, join(dir, 'vault.db'));
    const v = await vaultOf(dir, tree, env, rssFile);
    const { matcher, unfindable } = unlockedMatcher(v.inv);
    const runs: ScanRun[] = [];
    step('in-process scans');
    let t = performance.now();
    const files = await runScan({ roots: [tree.root], matcher, withCatalog: true });
    runs.push({
      label: 'in process, files',
      whole: false,
      history: false,
      ms: performance.now() - t,
      rssMb: null,
      tally: tally(storedIds(files.hits), v.inFiles),
    });
    t = performance.now();
    const hist = await runScan({ roots: [tree.root], matcher, withCatalog: true, gitHistory: true });
    runs.push({
      label: 'in process, --git-history',
      whole: false,
      history: true,
      ms: performance.now() - t,
      rssMb: null,
      tally: tally(storedIds(hist.hits), v.inHistory),
    });
    v.vault.lock();
    step('whole-process scans');
    mkdirSync(join(dir, 'empty'));
    const fixedMs = cli(['scan', join(dir, 'empty'), '--format', 'json'], env, rssFile).ms;
    // Exit 1: copies found, as expected here.
    for (const history of [false, true]) {
      const args = ['scan', tree.root, '--format', 'json', ...(history ? ['--git-history'] : [])];
      const r = cli(args, env, rssFile, [1]);
      const hits = (JSON.parse(r.stdout) as { hits: ScanHit[] }).hits;
      const label = `keyward scan${history ? ' --git-history' : ''}`;
      runs.push({
        label,
        whole: true,
        history,
        ms: r.ms,
        rssMb: r.rssMb,
        tally: tally(storedIds(hits), history ? v.inHistory : v.inFiles),
      });
    }
    step('secretlint');
    const secretlint = runSecretlint(tree, opts.peerSample ?? 2_000, rssFile);
    step('detect-secrets');
    const detectSecrets = runDetectSecrets(tree, rssFile);
    loads.push(loadavg()[0] ?? 0);
    const result: ScanBenchResult = {
      files: nFiles,
      bytes: tree.bytes,
      binaries: tree.binaries,
      planted: tree.planted.length,
      historyOnly: tree.historyOnly.length,
      decoys: tree.decoys.length,
      nearMisses: tree.nearMisses,
      commits: tree.commits,
      unfindable,
      runs,
      fixedMs,
      secretlint,
      detectSecrets,
      date: new Date().toISOString().slice(0, 10),
      load: { min: Math.min(...loads), max: Math.max(...loads) },
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
    };
    const problems = problemsOf(runs);
    if (problems.length > 0) throw new ScanBenchFailure(problems, result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { scanSection };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? undefined : process.argv[at + 1];
  };
  if (process.argv.includes('--render')) {
    const files = process.argv.slice(process.argv.indexOf('--render') + 1);
    const results = files.map(
      (f) => JSON.parse(readFileSync(f, 'utf8').trim().split('\n').pop() ?? '{}') as ScanBenchResult,
    );
    process.stdout.write(scanSection(results) + '\n');
  } else {
    const n = Number(arg('--files') ?? 2_000);
    const sample = arg('--peer-sample');
    try {
      const r = await benchScan(n, sample ? { peerSample: Number(sample) } : {});
      process.stdout.write(scanSection([r]) + '\n\n' + JSON.stringify(r) + '\n');
    } catch (e) {
      if (!(e instanceof ScanBenchFailure)) throw e;
      process.stdout.write(scanSection([e.result]) + '\n\n' + JSON.stringify(e.result) + '\n');
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
    }
  }
}
