// `npm run bench`: runs each vault size in its own process (so peak memory is that
// size's), adds the alerts benchmark, prints the table and writes docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchAlerts } from './alerts.bench.js';
import { benchTransfer, type TransferBenchResult } from './transfer.bench.js';
import { benchImport } from './import.bench.js';
import { benchKeePassImport } from './keepass-import.bench.js';
import { agentSection, benchAgent } from './agent.bench.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcessBench } from './process.bench.js';
import { benchScan, scanSection } from './scan.bench.js';
import { buildBenchVault, measureBenchVault, rekeyBenchVault, type VaultBenchResult } from './vault.bench.js';

const SIZES = [1_000, 10_000, 100_000];
const self = fileURLToPath(import.meta.url);

type Target = { label: string; keys: number; pick: (r: VaultBenchResult) => number; limit: number; unit: string };
const TARGETS: Target[] = [
  { label: '10k keys listed (KDF excluded)', keys: 10_000, pick: (r) => r.listedMs, limit: 150, unit: 'ms' },
  { label: '10k keys searched', keys: 10_000, pick: (r) => r.searchMs, limit: 5, unit: 'ms' },
  { label: '100k keys listed (KDF excluded)', keys: 100_000, pick: (r) => r.listedMs, limit: 1500, unit: 'ms' },
  { label: '100k keys listed, RSS (KDF excluded)', keys: 100_000, pick: (r) => r.listedRssMb, limit: 300, unit: 'MB' },
  { label: 'bulk add of 10k keys', keys: 10_000, pick: (r) => r.bulkAddMs, limit: 2000, unit: 'ms' },
];

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

async function child(phase: string, n: number, path: string): Promise<void> {
  const result =
    phase === 'build'
      ? await buildBenchVault(n, path)
      : phase === 'rekey'
        ? await rekeyBenchVault(n, path)
        : await measureBenchVault(n, path);
  process.stdout.write(JSON.stringify(result) + '\n');
}

function runChild(phase: string, n: number, path: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['--expose-gc', self, '--child', phase, String(n), path], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

export function rekeySection(rekeys: Record<string, number>[]): string {
  return `## Rotating the vault key (\`keyward passwd --rotate-vault-key\`)

A new random vault key re-encrypts every sealed record (each key's metadata, recomputing its duplicate tag, and its
secret, and every other sealed row) and the manifest, in one transaction with the new header; then a TRUNCATE
checkpoint. Includes two Argon2id runs at the default cost (the old password, then the new one).

| keys | records re-encrypted | time (ms) |
|---:|---:|---:|
${rekeys.map((r) => `| ${(r.keys ?? 0).toLocaleString('en')} | ${(r.records ?? 0).toLocaleString('en')} | ${fmt(r.rekeyMs ?? 0)} |`).join('\n')}`;
}

function transferSection(t: TransferBenchResult): string {
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  const formats = Object.keys(t.exportMs) as (keyof TransferBenchResult['exportMs'])[];
  return `## Export, backup and inspect (${t.keys.toLocaleString('en')} keys)

| step | time (ms) | size (MB) |
|---|---:|---:|
${formats.map((f) => `| export ${f} | ${fmt(t.exportMs[f])} | ${mb(t.exportBytes[f])} |`).join('\n')}
| inspect: read the JSON export back | ${fmt(t.inspectJsonMs)} | |
| inspect: read the CSV export back | ${fmt(t.inspectCsvMs)} | |
| backup (password check + snapshot + seal, two Argon2id runs) | ${fmt(t.backupMs)} | ${mb(t.backupBytes)} |
| restore --verify (decrypt, quick_check, unlock, list; two Argon2id runs) | ${fmt(t.verifyMs)} | |

Markdown and HTML include computing the alerts. Argon2id at the default cost (256 MiB, 3 passes) is most of the
backup and verify times.
`;
}

async function parent(): Promise<void> {
  const rows: VaultBenchResult[] = [];
  const rekeys: Record<string, number>[] = [];
  for (const n of SIZES) {
    process.stderr.write(`bench: ${n} keys...\n`);
    const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-'));
    try {
      const path = join(dir, 'vault.db');
      const built = runChild('build', n, path);
      rows.push({ ...runChild('measure', n, path), ...built } as VaultBenchResult);
      if (n >= 10_000) rekeys.push(runChild('rekey', n, path));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stderr.write('bench: whole processes (keyward beside keepassxc-cli)...\n');
  const processes = await runProcessBench(SIZES);
  const alerts = benchAlerts(100_000);
  process.stderr.write('bench: export, backup and inspect...\n');
  const transfer = await benchTransfer(10_000);
  // KEYWARD_BENCH_SCAN_FILES: the generated tree's size (100000 for the ~1 GB figure in BENCHMARKS.md).
  const scan = await benchScan(Number(process.env.KEYWARD_BENCH_SCAN_FILES ?? 2_000));
  process.stderr.write('bench: import of a 100k-line .env...\n');
  const imported = await benchImport(100_000);
  process.stderr.write('bench: keyward import of a 100k-entry KeePass XML (whole process)...\n');
  const keepass = benchKeePassImport(100_000, 3);
  process.stderr.write('bench: keyward list through the unlocked agent...\n');
  const agent = await benchAgent(1_000);
  const table = [
    '| keys | unlock incl. KDF (ms) | unlock to listed, KDF excluded (ms, median of 3) | first listing (ms) | search (ms, median) | one add (ms, median) | bulk add (ms) | RSS when listed (MB) | peak RSS incl. KDF (MB) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.keys.toLocaleString('en')} | ${fmt(r.kdfMs)} | ${fmt(r.listedMs)} | ${fmt(r.listedFirstMs)} | ${r.searchMs.toFixed(2)} | ${r.oneAddMs.toFixed(2)} | ${fmt(r.bulkAddMs)} | ${fmt(r.listedRssMb)} | ${fmt(r.peakRssMb)} |`,
    ),
  ].join('\n');
  const checks = TARGETS.map((t) => {
    const r = rows.find((x) => x.keys === t.keys);
    const v = r ? t.pick(r) : NaN;
    return `| ${t.label} | < ${t.limit} ${t.unit} | ${fmt(v)} ${t.unit} | ${v < t.limit ? 'met' : 'MISSED'} |`;
  });
  checks.push(`| alerts for 100k keys | < 100 ms | ${fmt(alerts.ms)} ms | ${alerts.ms < 100 ? 'met' : 'MISSED'} |`);
  checks.push(
    `| keyward list, 1k keys, through the agent (whole process) | < 150 ms | ${fmt(agent.viaAgentMs)} ms | ${agent.viaAgentMs < 150 ? 'met' : 'MISSED'} |`,
  );
  checks.push(
    `| import of a 100k-line .env | < 10000 ms | ${fmt(imported.totalMs)} ms | ${imported.totalMs < 10_000 ? 'met' : 'MISSED'} |`,
  );
  checks.push(
    `| \`keyward import\` of a 100k-entry KeePass XML, whole process (median of ${keepass.runs}; CPU ${fmt(keepass.cpuMs)} ms; 1-minute load ${keepass.load.toFixed(1)}) | < 10000 ms, < 600 MB | ${fmt(keepass.ms)} ms, ${fmt(keepass.rssMb)} MB | ${keepass.ms < 10_000 && keepass.rssMb < 600 ? 'met' : 'MISSED'} |`,
  );
  const doc = `# Benchmarks

Written by \`npm run bench\` (src-main/bench/). Each vault size runs in its own Node process against a real
vault file (SQLite WAL + synchronous=FULL, libsodium XChaCha20-Poly1305) with the default Argon2id cost
(256 MiB, 3 passes). "Unlock incl. KDF" is opening the file and deriving the key; every other column excludes it.
"Listed" is decrypting every key's metadata and returning the list, measured three times with a fresh
inventory each time (the first, cold, run is shown beside the median); "search" filters the unlocked inventory
(name, account, owner, tags, notes); "bulk add" inserts all keys in transactions of 10,000, in a separate
process from the measurements. "RSS when listed" is the process's resident memory once every key's metadata
is decrypted and held; "peak RSS incl. KDF" adds Argon2id's 256 MiB, which its worker thread holds only
during the derivation.

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Run: ${new Date().toISOString().slice(0, 16)}Z.

${table}

## Targets (KDF excluded)

| target | limit | measured | |
|---|---|---|---|
${checks.join('\n')}

Import: a ${imported.lines.toLocaleString('en')}-line .env file (mixed key formats) into a fresh vault: read, parse, detect and
check duplicates ${fmt(imported.previewMs)} ms, then seal and write in one transaction ${fmt(imported.commitMs)} ms.

Alerts: computeAlerts over ${alerts.keys.toLocaleString('en')} synthetic keys (every rule exercised) found ${alerts.alerts.toLocaleString('en')} alerts; median of 5 runs.

${processes}
${rekeySection(rekeys)}

${agentSection(agent)}

${transferSection(transfer)}

${scanSection([scan])}`;
  writeFileSync(new URL('../../../docs/BENCHMARKS.md', import.meta.url), doc);
  process.stdout.write(doc);
}

if (process.argv[2] === '--child') await child(process.argv[3] ?? '', Number(process.argv[4]), process.argv[5] ?? '');
else await parent();
