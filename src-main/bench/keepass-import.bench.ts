// The KeePass XML import benchmark, measured as a user waits for it: a KeePass 2 XML export of n entries
// (groups, times, logins, custom fields, some passwords that are no keys, some repeated keys) imported by a
// spawned `keyward import FILE --format keepass-xml --yes` into a fresh vault at the KDF floor; wall time and
// peak RSS (from /usr/bin/time) of the whole process, median of several runs. Made-up values only.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = process.env.KEYWARD_BENCH_BIN ?? join(ROOT, 'bin/keyward.mjs');
const PASSWORD = 'bench password that is long enough';
const PREFIXES = ['knouds_live_', 'ghp_', 'sk_live_', 'kgn_pat_', 'xoxb-'];
const GROUPS = ['Production', 'Staging', 'CI', 'Team', 'Personal', 'Vendors', 'Legacy', 'Ops'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const str = (k: string, v: string, secret = false) =>
  `<String><Key>${k}</Key><Value${secret ? ' ProtectInMemory="True"' : ''}>${esc(v)}</Value></String>`;
const uuid = (i: number, kind: number) =>
  Buffer.from(`${kind.toString(16).padStart(4, '0')}${i.toString(16).padStart(28, '0')}`, 'hex').toString('base64');

/**
 * Entry i: four in five a key of a known shape (one in 200 repeating an earlier key), one in five a website login
 * whose password is no key (left out by default); one in 50 with a custom key field as well, one in 50 with no
 * key at all (skipped), so n entries give n candidates; every seventh expiring.
 */
function entry(i: number): string {
  const kind = i % 5;
  const value =
    kind === 4
      ? `Hunter-${i.toString(36)}-pass!`
      : `${PREFIXES[kind]}${(i % 200 === 199 ? i - 100 : i).toString(36).padStart(8, '0')}${'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8'.slice(0, 20 + (i % 5))}`;
  const strings = [
    str('Title', kind === 4 ? `site login ${i}` : `service-${i % 97} key ${i}`),
    str('UserName', `user-${i % 41}@example.com`),
    ...(i % 50 === 7 ? [] : [str('Password', value, true)]),
    ...(kind === 4 ? [str('URL', `https://login.example-${i % 13}.com/`)] : []),
    str('Notes', `Bench entry ${i}.`),
    ...(i % 50 === 3 ? [str('Webhook secret', `whsec_${i.toString(36).padStart(10, '0')}Wh1Wh2Wh3`, true)] : []),
  ];
  const expiry = i % 7 === 0 ? '2027-06-30T00:00:00Z' : '2031-01-01T00:00:00Z';
  return (
    `<Entry>\n<UUID>${uuid(i, 2)}</UUID>\n` +
    `<Times><CreationTime>2026-0${1 + (i % 9)}-1${i % 10}T08:00:00Z</CreationTime>` +
    `<ExpiryTime>${expiry}</ExpiryTime><Expires>${i % 7 === 0 ? 'True' : 'False'}</Expires></Times>\n` +
    `<Tags>${i % 3 === 0 ? 'bench;imported' : ''}</Tags>\n${strings.join('\n')}\n</Entry>\n`
  );
}

/** Writes a KeePass 2 XML export of n entries spread over eight groups under the database's root group. */
export function writeKeePassXml(path: string, n: number): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(
      fd,
      `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<KeePassFile>\n\t<Meta>\n\t\t<Generator>bench</Generator>\n` +
        `\t\t<RecycleBinEnabled>True</RecycleBinEnabled>\n\t\t<RecycleBinUUID>${uuid(0, 9)}</RecycleBinUUID>\n\t</Meta>\n` +
        `\t<Root>\n\t<Group>\n\t\t<UUID>${uuid(0, 1)}</UUID>\n\t\t<Name>Bench</Name>\n`,
    );
    const per = Math.ceil(n / GROUPS.length);
    for (let g = 0; g < GROUPS.length; g += 1) {
      writeSync(fd, `\t\t<Group>\n\t\t\t<UUID>${uuid(g + 1, 1)}</UUID>\n\t\t\t<Name>${GROUPS[g]}</Name>\n`);
      let chunk = '';
      for (let i = g * per; i < Math.min(n, (g + 1) * per); i += 1) {
        chunk += entry(i);
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, `${chunk}\t\t</Group>\n`);
    }
    writeSync(fd, `\t</Group>\n\t</Root>\n</KeePassFile>\n`);
  } finally {
    closeSync(fd);
  }
}

/** Medians: wall time, CPU time (user + system: less swayed by other jobs on a shared machine), peak RSS. */
export type KeePassImportResult = {
  entries: number;
  ms: number;
  cpuMs: number;
  rssMb: number;
  load: number;
  runs: number;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** `runs` whole-process imports of an n-entry KeePass XML, each into a fresh vault at the KDF floor; medians. */
export function benchKeePassImport(n: number, runs = 3): KeePassImportResult {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-kpimport-bench-'));
  try {
    const file = join(dir, `k${n}.xml`);
    writeKeePassXml(file, n);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KEYWARD_')) env[k] = v;
    const ms: number[] = [];
    const rss: number[] = [];
    const cpu: number[] = [];
    const loads: number[] = [];
    for (let r = 0; r < runs; r += 1) {
      const vault = join(dir, `vault-${r}.db`);
      const run = { ...env, KEYWARD_VAULT: vault, KEYWARD_PASSWORD: PASSWORD, XDG_CONFIG_HOME: join(dir, '.config') };
      const init = spawnSync(process.execPath, [BIN, 'init', '--kdf-memory', '64', '--kdf-passes', '3'], { env: run });
      if (init.status !== 0) throw new Error(`keyward init failed: ${String(init.stderr)}`);
      loads.push(loadavg()[0] ?? 0);
      const rssFile = join(dir, 'rss');
      const t = performance.now();
      const imp = spawnSync(
        '/usr/bin/time',
        ['-f', '%M %U %S', '-o', rssFile, process.execPath, BIN, 'import', file, '--format', 'keepass-xml', '--yes'],
        { env: run, maxBuffer: 1 << 28 },
      );
      ms.push(performance.now() - t);
      if (imp.status !== 0) throw new Error(`keyward import failed (${imp.status}): ${String(imp.stderr)}`);
      const [kb, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
      rss.push((kb ?? NaN) / 1024);
      cpu.push(((user ?? NaN) + (sys ?? NaN)) * 1000);
      for (const side of ['', '-wal', '-shm', '.schedule.json', '.commits']) rmSync(vault + side, { force: true });
    }
    return { entries: n, ms: median(ms), cpuMs: median(cpu), rssMb: median(rss), load: median(loads), runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Standalone: `node out/cli/bench/keepass-import.bench.js [entries] [runs]`, or `--write FILE N` for the file alone. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--write') writeKeePassXml(process.argv[3] ?? 'k.xml', Number(process.argv[4] ?? 100_000));
  else {
    const r = benchKeePassImport(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 3));
    process.stdout.write(`${JSON.stringify(r)}\n`);
  }
}
