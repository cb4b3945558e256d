// `keyward scan` on a generated tree: source-like text files with planted stored keys (some only in git
// history), binaries, and stored keys never planted; files/s and MB/s beside secretlint (when installed)
// and detect-secrets (when on PATH). Every planted stored key must be found and nothing else stored matched.
// Standalone: node out/cli/bench/scan.bench.js [--files N]; `npm run bench` runs it at 2,000 files.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KDF_FLOOR } from '../core/crypto/kdf.js';
import { createInventory } from '../core/inventory/inventory.service.js';
import { systemClock } from '../core/ports/clock.port.js';
import { unlockedMatcher } from '../core/scan/scan-index.js';
import { runScan } from '../core/scan/scan.service.js';
import { createVault } from '../core/vault/vault.js';

export type ScanBenchResult = {
  files: number;
  bytes: number;
  binaries: number;
  planted: number;
  historyOnly: number;
  decoys: number;
  commits: number;
  filesMs: number;
  historyMs: number;
  found: number;
  missed: number;
  falseMatches: number;
  secretlint: { ms: number; findings: number } | string;
  detectSecrets: { ms: number } | string;
};

// A small deterministic PRNG: the same tree for the same size.
function prng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export async function benchScan(nFiles = 2_000): Promise<ScanBenchResult> {
  const rnd = prng(19);
  const word = (n: number) => Array.from({ length: n }, () => ALNUM[Math.floor(rnd() * 62)]).join('');
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-scan-'));
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=B', '-c', 'user.email=b@example.com', '-c', 'commit.gpgsign=false', ...a], {
      cwd: tree,
      stdio: 'ignore',
    });
  try {
    const nPlanted = Math.max(20, Math.round(nFiles * 0.003));
    const planted = Array.from({ length: nPlanted }, (_, i) =>
      i % 3 === 0 ? `knouds_live_${word(28)}` : i % 3 === 1 ? `kgn_pat_${word(32)}` : word(40),
    );
    const historyOnly = Array.from({ length: 5 }, () => `knouds_live_${word(30)}`);
    const decoys = Array.from({ length: 50 }, () => `knouds_live_${word(28)}`);
    const vault = await createVault(join(dir, 'v.db'), 'bench scan password 1', {
      clock: systemClock,
      kdf: KDF_FLOOR,
    });
    const inv = createInventory(vault, systemClock);
    const ids = new Map<string, string>();
    [...planted, ...historyOnly, ...decoys].forEach((value, i) => {
      const rec = inv.add(
        {
          platform: value.startsWith('kgn_') ? 'kognitos' : value.startsWith('knouds') ? 'knouds' : 'kai',
          name: `bench ${i}`,
        },
        { value },
      );
      ids.set(value, rec.id);
    });
    git('init', '-q', '-b', 'main');
    let bytes = 0;
    let binaries = 0;
    const plantAt = new Map<number, string>();
    planted.forEach((k, i) => plantAt.set(Math.floor((i * nFiles) / nPlanted) + 1, k));
    const commitEvery = Math.max(1, Math.floor(nFiles / 20));
    let commits = 0;
    for (let f = 0; f < nFiles; f++) {
      const sub = join(tree, `pkg${f % 50}`, `mod${f % 7}`);
      mkdirSync(sub, { recursive: true });
      if (f % 50 === 49) {
        const bin = Buffer.alloc(4096 + Math.floor(rnd() * 20_000));
        for (let i = 0; i < bin.length; i++) bin[i] = Math.floor(rnd() * 256);
        bin[0] = 0;
        writeFileSync(join(sub, `asset${f}.bin`), bin);
        binaries++;
        bytes += bin.length;
        continue;
      }
      const lines: string[] = [];
      const target = 2_000 + Math.floor(rnd() * 16_000); // ~10 kB on average, as 1 GB / 100,000 files
      let size = 0;
      while (size < target) {
        const l = `  const ${word(8)} = compute("${word(12)}", ${Math.floor(rnd() * 1e6)}); // ${word(20)} ${word(6)}`;
        lines.push(l);
        size += l.length + 1;
      }
      const key = plantAt.get(f);
      if (key) lines.splice(Math.floor(lines.length / 2), 0, `export const API_KEY = "${key}";`);
      const text = lines.join('\n') + '\n';
      writeFileSync(join(sub, `file${f}.ts`), text);
      bytes += text.length;
      if (f % commitEvery === commitEvery - 1) {
        const h = historyOnly[commits % historyOnly.length] as string;
        writeFileSync(join(tree, 'leak.env'), `TOKEN=${h}\n`);
        git('add', '-A');
        git('commit', '-q', '-m', `c${commits}`);
        rmSync(join(tree, 'leak.env'));
        commits++;
      }
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'final');
    commits++;
    const { matcher } = unlockedMatcher(inv);
    let t = performance.now();
    const files = await runScan({ roots: [tree], matcher, withCatalog: true });
    const filesMs = performance.now() - t;
    t = performance.now();
    const history = await runScan({ roots: [tree], matcher, withCatalog: true, gitHistory: true });
    const historyMs = performance.now() - t - filesMs;
    vault.lock();
    const foundIds = new Set([...files.hits, ...history.hits].filter((h) => h.kind === 'stored').map((h) => h.keyId));
    const want = new Set([...planted, ...historyOnly].map((k) => ids.get(k)));
    const missed = [...want].filter((id) => !foundIds.has(id)).length;
    const falseMatches = [...foundIds].filter((id) => !want.has(id)).length;
    return {
      files: nFiles,
      bytes,
      binaries,
      planted: planted.length,
      historyOnly: historyOnly.length,
      decoys: decoys.length,
      commits,
      filesMs,
      historyMs,
      found: want.size - missed,
      missed,
      falseMatches,
      secretlint: runSecretlint(tree),
      detectSecrets: runDetectSecrets(tree),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** secretlint only when present (SECRETLINT_DIR or node_modules): it is not a dependency of Keyward. */
function runSecretlint(tree: string): ScanBenchResult['secretlint'] {
  const here = fileURLToPath(new URL('../../../', import.meta.url));
  const base = process.env.SECRETLINT_DIR ?? here;
  const bin = join(base, 'node_modules', '.bin', 'secretlint');
  if (!existsSync(bin))
    return 'not installed (npm install --no-save secretlint @secretlint/secretlint-rule-preset-recommend)';
  writeFileSync(join(tree, '.secretlintrc.json'), '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}');
  const t = performance.now();
  const r = spawnSync(bin, ['--format', 'json', '**/*'], {
    cwd: tree,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NODE_PATH: join(base, 'node_modules') },
  });
  const ms = performance.now() - t;
  rmSync(join(tree, '.secretlintrc.json'));
  if (r.status !== 0 && r.status !== 1)
    return `failed (exit ${r.status}): ${(r.stderr ?? '').split('\n')[0] ?? ''}`.slice(0, 160);
  // Counted in the text: its JSON repeats every file's content, too large to parse whole.
  const findings = (r.stdout.match(/"ruleId":/g) ?? []).length;
  return { ms, findings };
}

function runDetectSecrets(tree: string): ScanBenchResult['detectSecrets'] {
  const probe = spawnSync('detect-secrets', ['--version'], { encoding: 'utf8' });
  if (probe.error)
    return 'not available: PyPI is unreachable from this machine, so detect-secrets could not be installed';
  const t = performance.now();
  spawnSync('detect-secrets', ['scan', '--all-files', tree], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ms: performance.now() - t };
}

const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);

export function scanSection(r: ScanBenchResult): string {
  const mb = r.bytes / 1e6;
  const sl =
    typeof r.secretlint === 'string'
      ? `| secretlint (recommended preset) | ${r.secretlint} | | | |`
      : `| secretlint (recommended preset), files only | ${(r.secretlint.ms / 1000).toFixed(1)} s | ${rate(r.files, r.secretlint.ms)} | ${(mb / (r.secretlint.ms / 1000)).toFixed(1)} | ${r.secretlint.findings} findings (it cannot tell stored keys from others) |`;
  const ds =
    typeof r.detectSecrets === 'string'
      ? `| detect-secrets | ${r.detectSecrets} | | | |`
      : `| detect-secrets, files only | ${(r.detectSecrets.ms / 1000).toFixed(1)} s | ${rate(r.files, r.detectSecrets.ms)} | ${(mb / (r.detectSecrets.ms / 1000)).toFixed(1)} | |`;
  return `## keyward scan on a generated tree

A tree of ${r.files.toLocaleString('en')} files (${mb.toFixed(0)} MB; ${r.binaries} binaries, skipped), ${r.planted} stored keys
planted in files (knouds, kognitos and KAI keys, the last with no documented format), ${r.historyOnly} more only in
git history (${r.commits} commits), and ${r.decoys} stored keys planted nowhere. In-process \`runScan\`, unlocked (stored
keys by keyed hash plus the unknown-key catalog), the KDF excluded. Size: \`node out/cli/bench/scan.bench.js --files N\`.

| scanner | time | files/s | MB/s | result |
|---|---:|---:|---:|---|
| keyward scan, files | ${(r.filesMs / 1000).toFixed(1)} s | ${rate(r.files, r.filesMs)} | ${(mb / (r.filesMs / 1000)).toFixed(1)} | ${r.found} of ${r.planted + r.historyOnly} planted stored keys found with history, ${r.missed} missed, ${r.falseMatches} false matches |
| keyward scan --git-history (history part) | ${(r.historyMs / 1000).toFixed(1)} s | | | ${r.commits} commits |
${sl}
${ds}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--files');
  const n = at === -1 ? 2_000 : Number(process.argv[at + 1]);
  const r = await benchScan(n);
  process.stdout.write(scanSection(r) + '\n\n' + JSON.stringify(r) + '\n');
}
