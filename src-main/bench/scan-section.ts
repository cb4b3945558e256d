// The scan benchmark's section of docs/BENCHMARKS.md: one row per tree size and scanner, the target's verdict.
// Extrapolated figures are labelled as such; a peer that could not run says why in its row.
import type { PeerRun } from './scan-peers.js';
import type { ScanBenchResult, ScanRun } from './scan.bench.js';

const secs = (ms: number) => (ms >= 100_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`);
const rate = (n: number, ms: number) => {
  const x = n / (ms / 1000);
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
};
const mbOf = (b: number) => b / 1e6;
const rss = (x: number | null) => (x === null ? '' : x.toFixed(0));

function treeLabel(r: ScanBenchResult): string {
  return `${r.files.toLocaleString('en')} files, ${mbOf(r.bytes).toFixed(0)} MB, ${r.commits} commits`;
}

function runRow(r: ScanBenchResult, run: ScanRun, note: string): string {
  const t = run.tally;
  return `| ${treeLabel(r)} | ${run.label}${run.whole ? ' (whole process)' : ''} | ${secs(run.ms)} | ${rate(r.files, run.ms)} | ${rate(mbOf(r.bytes), run.ms)} | ${rss(run.rssMb)} | ${t.found} of ${t.expected} found, ${t.missed} missed, ${t.falseMatches} false${note} | ${r.date}, load ${r.load.min.toFixed(1)}–${r.load.max.toFixed(1)} |`;
}

function peerRows(r: ScanBenchResult, name: string, p: PeerRun | string): string[] {
  const when = `${r.date}, load ${r.load.min.toFixed(1)}–${r.load.max.toFixed(1)}`;
  if (typeof p === 'string') return [`| ${treeLabel(r)} | ${name} | | | | | ${p} | ${when} |`];
  const on = p.sampled
    ? `, measured on a fixed random sample of ${p.files.toLocaleString('en')} files (${mbOf(p.bytes).toFixed(0)} MB)`
    : ', files';
  const rows = [
    `| ${treeLabel(r)} | ${name}${on} | ${secs(p.ms)} | ${rate(p.files, p.ms)} | ${rate(mbOf(p.bytes), p.ms)} | ${rss(p.rssMb)} | ${p.findings} findings (no rule for these keys; it cannot tell stored keys from others); no git history mode | ${when} |`,
  ];
  if (p.sampled)
    rows.push(
      `| ${treeLabel(r)} | ${name}, whole tree, **extrapolated** from the sample's rate | ~${secs((p.ms * r.files) / p.files)} (not run) | | | | | |`,
    );
  return rows;
}

function verdict(r: ScanBenchResult): string {
  const kw = r.runs.find((x) => x.whole && !x.history);
  const clean = r.runs.every((x) => x.tally.missed === 0 && x.tally.falseMatches === 0);
  if (!kw) return 'no whole-process run';
  const kwRate = r.files / kw.ms;
  const vs = (name: string, p: PeerRun | string) =>
    typeof p === 'string'
      ? `${name} not measured, so not judged against it`
      : `${(kwRate / (p.files / p.ms)).toFixed(0)}× ${name}'s rate${p.sampled ? ' (its rate on the sample)' : ''} (${kwRate > p.files / p.ms ? 'faster' : 'NOT faster'})`;
  return `${r.files.toLocaleString('en')} files: keyward scan (whole process, files) runs at ${vs('secretlint', r.secretlint)}; ${vs('detect-secrets', r.detectSecrets)}; ${clean ? 'every planted stored key found and no false match in every run' : 'MISSED planted keys or FALSE matches'}.`;
}

export function scanSection(results: readonly ScanBenchResult[]): string {
  const rows = results.flatMap((r) => {
    const inFiles = r.runs.find((x) => !x.whole && !x.history);
    const hist = r.runs.find((x) => !x.whole && x.history);
    return [
      ...r.runs.filter((x) => x.whole).map((x) => runRow(r, x, x.history ? ' (files and history)' : ' (in files)')),
      ...r.runs
        .filter((x) => !x.whole)
        .map((x) =>
          runRow(r, x, x.history && inFiles && hist ? `; history part alone ${secs(hist.ms - inFiles.ms)}` : ''),
        ),
      ...peerRows(r, 'secretlint (recommended preset)', r.secretlint),
      ...peerRows(r, 'detect-secrets', r.detectSecrets),
    ];
  });
  const r0 = results[0];
  return `## keyward scan on a generated tree

\`node out/cli/bench/scan.bench.js --files N\` (\`npm run bench\` runs it at 2,000 files, \`KEYWARD_BENCH_SCAN_FILES\`
to change it). A git repository of text files of about 10 kB with one binary in 50; stored keys planted in files
(knouds, kognitos and KAI keys, KAI's with no documented format), more stored keys that only git history holds (each
added by one commit, in a new file or appended to a tracked one, and removed by the next), 60 stored keys planted
nowhere, a third of them with a near-miss (the last character changed) in a file, and about one commit per 300
files (20 at least). "Whole process" spawns \`node bin/keyward.mjs scan TREE --format json\` against a vault made by
\`keyward init --kdf-memory 64 --kdf-passes 3\`, the password from \`KEYWARD_PASSWORD\`: wall time from spawn to
exit and peak RSS from \`/usr/bin/time\`, start-up and one Argon2id included (an empty folder's scan takes
${results.map((r) => secs(r.fixedMs)).join(' / ')}); it also records its findings in the vault. "In process" is
\`runScan\` in the bench's process, KDF excluded. files/s and MB/s are the tree's files and bytes over the run's
time (a --git-history run reads the files and then every commit's added lines, about the tree's size again).
The bench throws when any run misses a planted stored key or matches one never planted there.

Machine: ${r0?.machine ?? ''}; 2 cores shared with other work (browser tests) during the run, hence the load
column (1-minute load average, lowest to highest over the run): ratios within one run hold, absolute
times are pessimistic.

| tree | scanner | time | files/s | MB/s | peak RSS (MB) | stored keys found / missed / false matches | date, load |
|---|---|---:|---:|---:|---:|---|---|
${rows.join('\n')}

Target (faster than both peers, every planted stored key found, no false match): ${results.map(verdict).join(' ')}`;
}
