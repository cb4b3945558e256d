// Every command that opens the vault goes through an unlocked agent (docs/AGENT.md "Which
// commands use it"), with real processes and a real socket. Each case runs the same command
// twice, on two copies of one vault: through the agent (no password anywhere, standard input
// closed) and the normal way (the password, KEYWARD_NO_AGENT=1), and compares what they print
// and the files they leave: relative paths in the client's folder, modes, side files beside the
// vault. A command that needs a terminal goes back to the client and asks for the password.
import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentRequest } from '../../../src-main/core/agent/agent-client.js';
import { socketPathFor } from '../../../src-main/core/agent/agent-paths.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { canaryForms, scanText } from '../../helpers/canary.js';
import {
  CLI_PASSWORD,
  REPO_ROOT,
  addCliKey,
  cliChildEnv,
  copyCliVault,
  initCliVault,
  runCli,
  type CliOptions,
} from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const SECRET = 'custom-agent-secret-0123456789abcdef';
const NEW_SECRET = 'custom-added-secret-fedcba9876543210';
let template: string | null = null;
let sim: SimulatorHandle;
let dir: ReturnType<typeof tempDir>;
let runtime: string;
/** a: served by the agent; b: the same vault, opened with the password. */
const side = { a: { vault: '', work: '' }, b: { vault: '', work: '' } };
type Side = keyof typeof side;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const socket = () => socketPathFor({ XDG_RUNTIME_DIR: runtime }, side.a.vault);

/** The command through the agent: no KEYWARD_PASSWORD, no password file, stdin closed. */
const viaAgent = (args: string[], o: Partial<CliOptions> = {}) =>
  runCli(args, {
    vault: side.a.vault,
    cwd: side.a.work,
    password: null,
    ...o,
    env: { XDG_RUNTIME_DIR: runtime, ...(o.env ?? {}) },
  });
/** The same command the normal way, on the other copy. */
const normally = (args: string[], o: Partial<CliOptions> = {}) =>
  runCli(args, {
    vault: side.b.vault,
    cwd: side.b.work,
    ...o,
    env: { XDG_RUNTIME_DIR: runtime, KEYWARD_NO_AGENT: '1', ...(o.env ?? {}) },
  });
/** Output with each side's folder written as ROOT, so the two can be compared. */
const same = (s: Side, text: string) => text.split(join(dir.dir, s)).join('ROOT');

/** Runs the command both ways and expects the same exit status and output; returns both results. */
async function both(args: string[], o: Partial<CliOptions> = {}) {
  const a = await viaAgent(args, o);
  const b = await normally(args, o);
  expect(a.stderr, 'no password was asked for').not.toMatch(/password/i);
  expect(a.code, a.stderr).toBe(b.code);
  expect(same('a', a.stdout)).toBe(same('b', b.stdout));
  expect(same('a', a.stderr)).toBe(same('b', b.stderr));
  return { a, b };
}

/** The files beside the vault (and in the work folder), with their modes. */
function files(s: Side): Record<string, number> {
  const out: Record<string, number> = {};
  const root = join(dir.dir, s);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      // SQLite's own files of a database held open (the agent's) are not side files.
      else if (!/-(wal|shm)$/.test(e.name)) out[p.slice(root.length + 1)] = lstatSync(p).mode & 0o777;
    }
  };
  walk(root);
  return out;
}
/** The scan index without its random key: which lengths and how many entries. */
const indexShape = (s: Side) => {
  const { key: _key, ...rest } = JSON.parse(readFileSync(`${side[s].vault}.scan-index`, 'utf8')) as {
    key: string;
    entries: unknown[];
  };
  return { ...rest, entries: rest.entries.length };
};
const scheduleEntries = (s: Side) =>
  (JSON.parse(readFileSync(`${side[s].vault}.schedule.json`, 'utf8')) as { entries: unknown }).entries;

function agentProcesses(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        return cmd.includes('agent-serve') && cmd.includes(side.a.vault);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  sim = await startSimulator('knouds');
  const t = join(tempDir('keyward-agent-cmd-tpl-').dir, 'vault.db');
  await initCliVault(t);
  await addCliKey(t, ['--platform', 'custom', '--name', 'Bot', '--expires', '2027-01-31'], SECRET);
  const live = sim.addKey({
    account: 'user-42',
    value: `knouds_live_CANARY${crypto.randomUUID().replaceAll('-', '')}`,
  });
  await addCliKey(
    t,
    ['--platform', 'knouds', '--name', 'Deploy', '--account', 'user-42', '--base-url', sim.baseUrl],
    live.value,
  );
  template = t;
});
afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  dir = tempDir('keyward-agent-cmd-');
  runtime = join(dir.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  for (const s of ['a', 'b'] as const) {
    side[s].vault = join(dir.dir, s, 'vault.db');
    side[s].work = join(dir.dir, s, 'work');
    copyCliVault(template as string, side[s].vault);
    mkdirSync(side[s].work, { recursive: true });
  }
  const u = await runCli(['unlock', '--for', '5m'], { vault: side.a.vault, env: { XDG_RUNTIME_DIR: runtime } });
  expect(u.code, u.stderr).toBe(0);
});
afterEach(() => {
  for (const pid of agentProcesses()) process.kill(pid, 'SIGKILL');
  dir.cleanup();
});

describe('the socket', () => {
  it('the first request to a fresh agent gets its reply, also when the command waits on I/O', async () => {
    // The client ends its side once the request is written; the agent's reply must still arrive.
    const reply = await agentRequest(socket(), {
      op: 'exec',
      argv: ['--vault', side.a.vault, 'list', '--json'],
      cwd: side.a.work,
    });
    expect(reply).toMatchObject({ ok: true, code: 0 });
  });
});

describe('commands that change the vault, through the agent', () => {
  it('edit leaves the notification schedule the normal path leaves', async () => {
    await both(['edit', 'Bot', '--expires', '2026-12-20']);
    expect(scheduleEntries('a')).toEqual(scheduleEntries('b'));
    expect(JSON.stringify(files('a'), null, 1)).toBe(JSON.stringify(files('b'), null, 1));
  });

  it('add (the secret on standard input), then rm --yes: the same output, schedule and scan index', async () => {
    // A scan index beside the vault follows every change of the stored keys.
    await both(['scan', '.', '--write-index']);
    const add = ['add', '--platform', 'custom', '--name', 'Added', '--expires', '2026-12-24'];
    const a = await viaAgent(add, { input: `${NEW_SECRET}\n` });
    const b = await normally(add, { input: `${NEW_SECRET}\n` });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stdout.replace(/\([0-9a-f]{8}\)/, '(ID)')).toBe(b.stdout.replace(/\([0-9a-f]{8}\)/, '(ID)'));
    expect(a.stdout).not.toContain(NEW_SECRET);
    expect((await viaAgent(['read', 'Added', '--no-newline'])).stdout).toBe(NEW_SECRET);
    expect(scheduleEntries('a')).toHaveLength((scheduleEntries('b') as unknown[]).length);
    expect(indexShape('a')).toEqual(indexShape('b'));
    expect(indexShape('a').entries).toBe(3);
    const ra = await viaAgent(['rm', 'Added', '--yes']);
    const rb = await normally(['rm', 'Added', '--yes']);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(scheduleEntries('a')).toEqual(scheduleEntries('b'));
    expect(indexShape('a')).toEqual(indexShape('b'));
    expect(indexShape('a').entries).toBe(2);
    expect(JSON.stringify(files('a'), null, 1)).toBe(JSON.stringify(files('b'), null, 1));
    // rm without --yes and without a terminal refuses the same way in the agent.
    await both(['rm', 'Bot']);
  });

  it('a secret that does not come is refused before anything changes, as without the agent', async () => {
    const before = (await viaAgent(['list', '--json'])).stdout;
    const { a } = await both(['add', '--platform', 'custom', '--name', 'Empty']);
    expect(a.code).not.toBe(0);
    expect((await viaAgent(['list', '--json'])).stdout).toBe(before);
  });
});

describe('commands that write files, in the client\u2019s folder', () => {
  it('export --out a relative path: the same file and mode; an existing file, the vault and a link are refused', async () => {
    await both(['export', '--out', 'keys.csv']);
    const fa = join(side.a.work, 'keys.csv');
    expect(existsSync(fa)).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'keys.csv'))).toBe(false);
    expect(readFileSync(fa, 'utf8')).toBe(readFileSync(join(side.b.work, 'keys.csv'), 'utf8'));
    expect(statSync(fa).mode & 0o777).toBe(statSync(join(side.b.work, 'keys.csv')).mode & 0o777);
    const { a } = await both(['export', '--out', 'keys.csv']);
    expect(a.code).not.toBe(0); // an existing file is refused
    const { a: onVault } = await both(['export', '--format', 'json', '--out', '../vault.db', '--force']);
    expect(onVault.code).not.toBe(0);
    for (const s of ['a', 'b'] as const)
      symlinkSync(join(side[s].work, 'elsewhere.json'), join(side[s].work, 'link.json'));
    const { a: link } = await both(['export', '--out', 'link.json']);
    expect(link.code).not.toBe(0);
    expect(JSON.stringify(files('a'), null, 1)).toBe(JSON.stringify(files('b'), null, 1));
  });

  it('calendar --out a relative path', async () => {
    await both(['calendar', '--out', 'due.ics']);
    const strip = (s: Side) => readFileSync(join(side[s].work, 'due.ics'), 'utf8').replace(/^DTSTAMP:.*$/gm, 'DTSTAMP');
    expect(strip('a')).toBe(strip('b'));
    expect(JSON.stringify(files('a'), null, 1)).toBe(JSON.stringify(files('b'), null, 1));
  });

  it('scan of a relative folder finds the planted key and prints no value', async () => {
    for (const s of ['a', 'b'] as const) {
      mkdirSync(join(side[s].work, 'src'));
      writeFileSync(join(side[s].work, 'src', 'config.js'), `const key = "${SECRET}";\n`);
    }
    const { a } = await both(['scan', 'src', '--json']);
    expect(a.code).not.toBe(0); // a stored key was found
    expect(a.stdout).toContain('src/config.js');
    expect(scanText(a.stdout + a.stderr, canaryForms(SECRET))).toEqual([]);
    expect(JSON.stringify(files('a'), null, 1)).toBe(JSON.stringify(files('b'), null, 1));
  });
});

describe('commands that read, through the agent', () => {
  it('verify against a loopback simulator', async () => {
    const { a } = await both(['verify', 'Deploy']);
    expect(a.code, a.stderr).toBe(0);
  });

  it('alerts, checklist templates and list, team', async () => {
    await both(['alerts']);
    await both(['checklist', 'templates']);
    await both(['checklist', 'list']);
    // Each vault makes its own team identity on first use: the same words, another fingerprint.
    const fingerprint = /[0-9a-f]{4}(-[0-9a-f]{4}){3,}/g;
    const a = await viaAgent(['team']);
    const b = await normally(['team']);
    expect(a.code, a.stderr).toBe(b.code);
    expect(a.stdout.replace(fingerprint, 'FP')).toBe(b.stdout.replace(fingerprint, 'FP'));
    expect(JSON.stringify(files('a'), null, 1)).toBe(JSON.stringify(files('b'), null, 1));
  });

  it('a secret crosses only where the command prints one (canary)', async () => {
    const needles = canaryForms(SECRET);
    for (const args of [
      ['list', '--json'],
      ['show', 'Bot', '--json'],
      ['check'],
      ['alerts'],
      ['export', '--out', 'plain.json', '--format', 'json'],
      ['edit', 'Bot', '--notes', 'rotated by hand'],
    ]) {
      const r = await viaAgent(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(scanText(r.stdout + r.stderr, needles), args.join(' ')).toEqual([]);
    }
    expect(readFileSync(join(side.a.work, 'plain.json'), 'utf8')).not.toContain(SECRET);
    const reveal = await viaAgent(['show', 'Bot', '--reveal']);
    expect(reveal.stdout).toContain(SECRET);
  });
});

describe('a command that needs the terminal or the password again', () => {
  it('a request that would read standard input comes back NEEDS_TERMINAL and changes nothing', async () => {
    const before = (await viaAgent(['list', '--json'])).stdout;
    const reply = await agentRequest(socket(), {
      op: 'exec',
      argv: ['--vault', side.a.vault, 'add', '--platform', 'custom', '--name', 'Sneaky'],
      cwd: side.a.work,
    });
    expect(reply).toMatchObject({ ok: false, code: 'NEEDS_TERMINAL' });
    for (const argv of [
      ['export', '--out', 'x.json', '--format', 'json', '--with-secrets', '--i-understand'],
      ['import', '/dev/stdin', '--yes'],
    ]) {
      const r = await agentRequest(socket(), {
        op: 'exec',
        argv: ['--vault', side.a.vault, ...argv],
        cwd: side.a.work,
      });
      expect(r, argv.join(' ')).toMatchObject({ ok: false, code: 'NEEDS_TERMINAL' });
    }
    for (const argv of [['backup', '--out', 'b.kwbak'], ['passwd'], ['restore', 'b.kwbak'], ['unlock'], ['lock']]) {
      const r = await agentRequest(socket(), {
        op: 'exec',
        argv: ['--vault', side.a.vault, ...argv],
        cwd: side.a.work,
      });
      expect(r, argv.join(' ')).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    }
    expect((await viaAgent(['list', '--json'])).stdout).toBe(before);
    expect(existsSync(join(side.a.work, 'x.json'))).toBe(false);
  });

  it('export --with-secrets runs in the client: it asks for the password again, as without the agent', async () => {
    const args = ['export', '--format', 'json', '--with-secrets', '--i-understand', '--out', 'all.json'];
    const noPassword = await viaAgent(args);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/master password re-entered/);
    expect(existsSync(join(side.a.work, 'all.json'))).toBe(false);
    writeFileSync(join(dir.dir, 'pw'), CLI_PASSWORD, { mode: 0o600 });
    const withPassword = await viaAgent([...args, '--password-file', join(dir.dir, 'pw')]);
    expect(withPassword.code, withPassword.stderr).toBe(0);
    expect(statSync(join(side.a.work, 'all.json')).mode & 0o777).toBe(0o600);
  });

  it('rm without --yes on a terminal asks for the password, then to confirm', async () => {
    // A real terminal: script(1) gives the command a pseudo-terminal.
    const env: Record<string, string> = { ...cliChildEnv(), XDG_RUNTIME_DIR: runtime, KEYWARD_VAULT: side.a.vault };
    env.XDG_CONFIG_HOME = join(dir.dir, 'a', '.config');
    const cmd = `${process.execPath} ${join(REPO_ROOT, 'bin/keyward.mjs')} rm Bot`;
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env, cwd: side.a.work });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const until = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(out); i++) await sleep(100);
      expect(out).toMatch(re);
    };
    await until(/Master password:/);
    child.stdin.write(`${CLI_PASSWORD}\r`);
    await until(/\[y\/N\]/);
    child.stdin.write('n\r');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toMatch(/Nothing deleted/);
    expect((await viaAgent(['list'])).stdout).toContain('Bot');
  });

  it('passwd --rotate-vault-key and restore lock the agent, whose keys they leave stale', async () => {
    const rotate = await viaAgent(['passwd', '--rotate-vault-key'], {
      password: CLI_PASSWORD,
      env: { KEYWARD_NEW_PASSWORD: 'another cli password 2' },
    });
    expect(rotate.code, rotate.stderr).toBe(0);
    expect(rotate.stderr).toMatch(/unlocked session .*locked/);
    await sleep(300);
    expect(agentProcesses()).toEqual([]);
    expect(existsSync(socket())).toBe(false);
    const after = await viaAgent(['list']);
    expect(after.code).toBe(2); // no agent: the password is asked for
    // restore --force over the vault an agent holds.
    const pw = { password: 'another cli password 2' };
    expect((await viaAgent(['unlock'], pw)).code).toBe(0);
    const backup = await viaAgent(['backup', '--out', 'b.kwbak'], pw);
    expect(backup.code, backup.stderr).toBe(0);
    const restore = await viaAgent(['restore', 'b.kwbak', '--force'], pw);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stderr).toMatch(/unlocked session .*locked/);
    await sleep(300);
    expect(agentProcesses()).toEqual([]);
  });
});
