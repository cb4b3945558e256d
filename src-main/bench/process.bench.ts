// Whole-process benchmark: what a CLI user waits for. Spawns `keyward` and, when it is installed,
// `keepassxc-cli` on the same entries at the same Argon2id cost (64 MiB, 3 passes), alternating the
// two tools run by run, and reports medians of wall time and peak RSS (from /usr/bin/time) with ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createInventory } from '../core/inventory/inventory.service.js';
import { PLATFORM_IDS } from '../core/inventory/key.types.js';
import { systemClock } from '../core/ports/clock.port.js';
import { unlockVault } from '../core/vault/vault.js';
import { syntheticKey } from './vault.bench.js';

const PASSWORD = 'bench password that is long enough';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = process.env.KEYWARD_BENCH_BIN ?? join(ROOT, 'bin/keyward.mjs');
const CACHE = process.env.KEYWARD_BENCH_CACHE ?? '/tmp/keyward-bench-cache';
const TIME = '/usr/bin/time';

export type Sample = { ms: number; rssMb: number };
export type Pair = { op: string; keys: number; keyward: Sample; keepass: Sample | null; load: number };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

// The KeePassXC side: the entries as KeePass 2 XML, imported by `keepassxc-cli import`, then merged
// (`keepassxc-cli merge`) into an empty KDBX 4 file that Debian's python3-pykeepass made with Argon2id at
// Keyward's floor (64 MiB, 3 passes, 1 lane). pykeepass alone takes minutes per 10k entries.
const WRITE_XML = `
import sys, base64, uuid
from xml.sax.saxutils import escape
n, platforms, out = int(sys.argv[1]), sys.argv[2].split(','), sys.argv[3]
def s(k, v):
    return '<String><Key>%s</Key><Value>%s</Value></String>' % (k, escape(v))
with open(out, 'w') as f:
    f.write('<?xml version="1.0" encoding="utf-8"?><KeePassFile><Meta><Generator>bench</Generator></Meta>'
            '<Root><Group><UUID>%s</UUID><Name>Root</Name>\\n' % base64.b64encode(uuid.uuid4().bytes).decode())
    for i in range(n):
        p = platforms[i % len(platforms)]
        f.write('<Entry><UUID>%s</UUID>%s%s%s%s</Entry>\\n' % (base64.b64encode(uuid.uuid4().bytes).decode(),
            s('Title', f'{p} key {i} for service-{i % 97}'), s('UserName', f'org-{i % 41}'),
            s('Password', f'bench_{i:x}_{"x" * 24}{i}'), s('Notes', f'Synthetic benchmark key number {i}.')))
    f.write('</Group></Root></KeePassFile>\\n')
`;
const EMPTY_KDBX = `
import sys
from pykeepass import create_database
from pykeepass.kdbx_parsing.kdbx4 import kdf_uuids
kp = create_database(sys.argv[1], password=sys.argv[2])
d = kp.kdbx.header.value.dynamic_header.kdf_parameters.data.dict
d['$UUID'].value = kdf_uuids['argon2id']
d['I'].value = 3
d['M'].value = 64 * 1024 * 1024
d['P'].value = 1
try:
    del kp.kdbx.header.data  # the header is rebuilt from the new parameters, not the blank file's bytes
except AttributeError:
    pass
kp.save()
`;

function makeKdbx(path: string, n: number): void {
  const xml = `${path}.xml`;
  const imported = `${path}.imported`;
  rmSync(imported, { force: true });
  execFileSync('/usr/bin/python3', ['-c', WRITE_XML, String(n), PLATFORM_IDS.join(','), xml]);
  execFileSync('keepassxc-cli', ['import', '-q', '-p', '-t', '100', xml, imported], {
    input: `${PASSWORD}\n`.repeat(2),
  });
  execFileSync('/usr/bin/python3', ['-c', EMPTY_KDBX, `${path}.tmp`, PASSWORD]);
  execFileSync('keepassxc-cli', ['merge', '-q', '-s', `${path}.tmp`, imported], { input: `${PASSWORD}\n` });
  copyFileSync(`${path}.tmp`, path);
  for (const f of [xml, imported, `${path}.tmp`]) rmSync(f, { force: true });
}

export const hasKeepassxc = (): boolean => spawnSync('keepassxc-cli', ['--version']).status === 0;

const keywardEnv = (vault: string) => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KEYWARD_')) env[k] = v;
  return { ...env, KEYWARD_VAULT: vault, KEYWARD_PASSWORD: PASSWORD, XDG_CONFIG_HOME: join(vault, '..', '.config') };
};

/** Vault and KDBX of n synthetic keys, made once and kept under the cache folder. */
export async function fixtures(n: number, withKeepass: boolean): Promise<{ vault: string; kdbx: string }> {
  const dir = join(CACHE, `v1-${n}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const vault = join(dir, 'vault.db');
  const kdbx = join(dir, 'bench.kdbx');
  if (!existsSync(join(dir, 'vault.done'))) {
    rmSync(vault, { force: true });
    const init = spawnSync(process.execPath, [BIN, 'init', '--kdf-memory', '64', '--kdf-passes', '3'], {
      env: keywardEnv(vault),
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`keyward init failed: ${init.stderr}`);
    const v = await unlockVault(vault, PASSWORD);
    const inv = createInventory(v, systemClock);
    const items = Array.from({ length: n }, (_, i) => syntheticKey(i));
    for (let i = 0; i < items.length; i += 10_000) inv.addMany(items.slice(i, i + 10_000));
    v.lock();
    // One read so the schedule beside it exists, as after any use.
    spawnSync(process.execPath, [BIN, 'list', '--format', 'csv'], { env: keywardEnv(vault), stdio: 'ignore' });
    copyFileSync(vault, join(dir, 'vault.done'));
  }
  if (withKeepass && !existsSync(kdbx)) {
    makeKdbx(kdbx, n);
  }
  return { vault, kdbx };
}

/** One process, timed around the spawn; peak RSS from /usr/bin/time (the same wrapper for both tools). */
function timed(cmd: string, args: string[], opts: { env?: Record<string, string>; input?: string }): Sample {
  const rssFile = join(CACHE, `rss-${process.pid}`);
  const t = performance.now();
  const r = spawnSync(TIME, ['-f', '%M', '-o', rssFile, cmd, ...args], {
    env: opts.env ?? (process.env as Record<string, string>),
    input: opts.input ?? '',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { ms, rssMb: kb / 1024 };
}

type Op = {
  op: string;
  keyward: (vault: string) => { args: string[]; input?: string; fresh?: boolean };
  keepass: ((kdbx: string) => { args: string[]; input: string; fresh?: boolean }) | null;
};

const pw = `${PASSWORD}\n`;
export const OPS: Op[] = [
  {
    op: 'list --json vs ls -R',
    keyward: () => ({ args: ['list', '--json'] }),
    keepass: (k) => ({ args: ['ls', '-q', '-R', k], input: pw }),
  },
  {
    op: 'list --search vs search',
    keyward: () => ({ args: ['list', '--search', 'service-42'] }),
    keepass: (k) => ({ args: ['search', '-q', k, 'service-42'], input: pw }),
  },
  {
    op: 'show NAME --reveal vs show -s',
    keyward: () => ({ args: ['show', `${PLATFORM_IDS[0]} key 0 for service-0`, '--reveal'] }),
    keepass: (k) => ({ args: ['show', '-q', '-s', k, `/${PLATFORM_IDS[0]} key 0 for service-0`], input: pw }),
  },
  {
    op: 'add one key',
    keyward: () => ({
      args: ['add', '--platform', 'custom', '--name', 'bench added key', '--allow-duplicate'],
      input: 'custom_bench_added_0123456789abcdef\n',
      fresh: true,
    }),
    keepass: (k) => ({
      args: ['add', '-q', '-p', k, '/bench added key', '-u', 'acct'],
      input: `${pw}custom_bench_added_0123456789abcdef\ncustom_bench_added_0123456789abcdef\n`,
      fresh: true,
    }),
  },
];

/** `runs` alternated pairs of one operation on n keys; medians. */
export function measureOp(op: Op, n: number, files: { vault: string; kdbx: string }, runs: number, kp: boolean): Pair {
  const kw: Sample[] = [];
  const kx: Sample[] = [];
  const loads: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    loads.push(loadavg()[0] ?? 0);
    const a = op.keyward(files.vault);
    let vault = files.vault;
    if (a.fresh) {
      vault = join(CACHE, `scratch-${n}.db`);
      for (const side of ['', '.schedule.json', '.commits']) {
        rmSync(vault + side, { force: true });
        if (existsSync(files.vault + side)) copyFileSync(files.vault + side, vault + side);
      }
    }
    const order = i % 2 === 0 ? ['kw', 'kp'] : ['kp', 'kw'];
    for (const who of order) {
      if (who === 'kw') kw.push(timed(process.execPath, [BIN, ...a.args], { env: keywardEnv(vault), input: a.input }));
      else if (kp && op.keepass) {
        const b = op.keepass(files.kdbx);
        let args = b.args;
        if (b.fresh) {
          const scratch = join(CACHE, `scratch-${n}.kdbx`);
          copyFileSync(files.kdbx, scratch);
          args = args.map((x) => (x === files.kdbx ? scratch : x));
        }
        kx.push(timed('keepassxc-cli', args, { input: b.input }));
      }
    }
  }
  const med = (s: Sample[]): Sample => ({ ms: median(s.map((x) => x.ms)), rssMb: median(s.map((x) => x.rssMb)) });
  return { op: op.op, keys: n, keyward: med(kw), keepass: kx.length > 0 ? med(kx) : null, load: median(loads) };
}

/** Start-up: `keyward --version` and `--help` against `node -e 0`, alternated. */
export function measureStartup(runs: number): Pair[] {
  const out: Pair[] = [];
  for (const flag of ['--version', '--help']) {
    const kw: number[] = [];
    const node: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      loads.push(loadavg()[0] ?? 0);
      const pair = i % 2 === 0 ? ['kw', 'node'] : ['node', 'kw'];
      for (const who of pair) {
        if (who === 'kw') kw.push(timed(process.execPath, [BIN, flag], {}).ms);
        else node.push(timed(process.execPath, ['-e', '0'], {}).ms);
      }
    }
    out.push({
      op: `keyward ${flag} vs node -e 0`,
      keys: 0,
      keyward: { ms: median(kw), rssMb: NaN },
      keepass: { ms: median(node), rssMb: NaN },
      load: median(loads),
    });
  }
  return out;
}

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '');

/** The markdown section: whole-process figures, KDF excluded by each tool's own 1-entry time. */
export function processSection(pairs: Pair[], startup: Pair[]): string {
  const base = new Map(pairs.filter((p) => p.keys === 1).map((p) => [p.op, p]));
  const rows = pairs
    .filter((p) => p.keys > 1)
    .map((p) => {
      const b = base.get(p.op);
      const kw = p.keyward.ms - (b?.keyward.ms ?? 0);
      const kx = p.keepass && b?.keepass ? p.keepass.ms - b.keepass.ms : NaN;
      const ratio = Number.isFinite(kx) && kx > 0 ? (kw / kx).toFixed(2) : '';
      return `| ${p.op} | ${p.keys.toLocaleString('en')} | ${f0(p.keyward.ms)} | ${f0(kw)} | ${f0(p.keepass?.ms ?? NaN)} | ${f0(kx)} | ${ratio} | ${f0(p.keyward.rssMb)} / ${f0(p.keepass?.rssMb ?? NaN)} | ${p.load.toFixed(1)} |`;
    });
  const ones = [...base.values()].map(
    (p) =>
      `| ${p.op} | 1 | ${f0(p.keyward.ms)} | | ${f0(p.keepass?.ms ?? NaN)} | | ${p.keepass ? (p.keyward.ms / p.keepass.ms).toFixed(2) : ''} | ${f0(p.keyward.rssMb)} / ${f0(p.keepass?.rssMb ?? NaN)} | ${p.load.toFixed(1)} |`,
  );
  const starts = startup.map(
    (p) =>
      `| ${p.op} | | ${f0(p.keyward.ms)} | | ${f0(p.keepass?.ms ?? NaN)} | | ${(p.keyward.ms / (p.keepass?.ms ?? NaN) || 0).toFixed(2)} | | ${p.load.toFixed(1)} |`,
  );
  return `## Whole processes, beside keepassxc-cli

Spawned commands as a user runs them (\`node bin/keyward.mjs ...\`, password from \`KEYWARD_PASSWORD\`; keepassxc-cli
with the password on standard input), both files at Argon2id 64 MiB, 3 passes (\`keyward init --kdf-memory 64
--kdf-passes 3\`; a KDBX 4 file made with python3-pykeepass) holding the same synthetic entries. Each row is the
median of alternated pairs (Keyward, then keepassxc-cli, then the other way round) in one run; wall time from the
spawn to the exit, peak RSS from \`/usr/bin/time\`. "KDF-excluded" subtracts each tool's own time for the same
command on a 1-entry file. Ratio: Keyward / keepassxc-cli, KDF-excluded (whole process for the 1-entry rows;
\`node -e 0\` stands in the keepassxc-cli column for start-up). Load: the 1-minute load average during the row
(2 cores, shared).

| operation | keys | Keyward (ms) | Keyward, KDF-excluded | keepassxc-cli (ms) | keepassxc-cli, KDF-excluded | ratio | peak RSS MB (Keyward / KeePassXC) | load |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${[...starts, ...ones, ...rows].join('\n')}
`;
}

/** Standalone: `node out/cli/bench/process.bench.js [sizes...]` prints the section. */
export async function runProcessBench(sizes: number[], runs = 5): Promise<string> {
  const kp = hasKeepassxc();
  const pairs: Pair[] = [];
  for (const n of [1, ...sizes]) {
    process.stderr.write(`bench: whole processes at ${n} keys...\n`);
    const files = await fixtures(n, kp);
    for (const op of OPS) pairs.push(measureOp(op, n, files, n >= 100_000 ? Math.max(3, runs - 2) : runs, kp));
  }
  const startup = measureStartup(runs * 2 + 1);
  return processSection(pairs, startup);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 1);
  process.stdout.write(await runProcessBench(sizes.length > 0 ? sizes : [1_000, 10_000, 100_000]));
}
