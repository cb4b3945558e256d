// The desktop app serving as the command line's agent (docs/AGENT.md), with the real host code,
// the real `keyward` processes and a real socket: with the setting on, one unlock in the app
// serves `keyward list` (no password, no terminal); the app's lock ends it and the CLI falls back;
// with the setting off no agent starts; turning it on asks the password again (through the
// throttle); an agent already running is reused; the password never reaches an agent's argv,
// environment or any file.
import { existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, Preferences } from '../../../src-main/contract/channels.js';
import type { CliAgentStatus } from '../../../src-main/contract/host.js';
import { socketPathFor } from '../../../src-main/core/agent/agent-paths.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { systemTimers } from '../../../src-main/host/clipboard-guard.js';
import { createHost } from '../../../src-main/host/host.js';
import { canaryForms, filesUnder, newCanary, scan } from '../../helpers/canary.js';
import { REPO_ROOT, addCliKey, cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { agentProcessesOf } from '../../helpers/agent-processes.js';

const SECRET = 'custom-app-agent-secret-0123456789abcdef';
let dir: ReturnType<typeof tempDir>;
let vault: string;
let runtime: string;
let password: string;
let savedPrefs: string[];
let hosts: ReturnType<typeof createHost>[];
let was: string | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const socket = () => socketPathFor({ XDG_RUNTIME_DIR: runtime }, vault);
const cli = (args: string[], pw: string | null = null) =>
  runCli(args, { vault, password: pw, env: { XDG_RUNTIME_DIR: runtime } });

const agentProcesses = () => agentProcessesOf(vault);

function appHost(cliAgent: boolean) {
  let prefs: Preferences = { theme: 'system', autoLockMinutes: 5, clipboardSeconds: 30, cliAgent };
  const host = createHost({
    core: createCore({ clock: systemClock, vaultPath: vault }),
    clipboard: { writeSecret: async () => {}, readText: async () => '', clear: () => {} },
    preferences: {
      load: () => prefs,
      save: (p) => {
        prefs = p;
        savedPrefs.push(JSON.stringify(p));
      },
    },
    timers: systemTimers,
    // What the shell passes under plain Node: this runtime running the checkout's `keyward` entry.
    agentLauncher: {
      command: process.execPath,
      args: [join(REPO_ROOT, 'bin/keyward.mjs')],
      env: cliChildEnv({ XDG_RUNTIME_DIR: runtime }),
    },
  });
  hosts.push(host);
  return {
    host,
    call: async <T>(channel: string, input: unknown = {}): Promise<Envelope<T>> =>
      (await host.dispatch(channel, input)) as Envelope<T>,
    status: async () => {
      const r = (await host.dispatch('host.cliAgent', {})) as Envelope<CliAgentStatus>;
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
  };
}

beforeEach(async () => {
  dir = tempDir('keyward-app-agent-');
  runtime = join(dir.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  vault = join(dir.dir, 'vault.db');
  password = newCanary('pw-CANARY');
  await initCliVault(vault, password);
  await addCliKey(vault, ['--platform', 'custom', '--name', 'Bot'], SECRET, password);
  savedPrefs = [];
  hosts = [];
  // The core's own lock message goes where this process's environment says (as in the app).
  was = process.env.XDG_RUNTIME_DIR;
  process.env.XDG_RUNTIME_DIR = runtime;
});
afterEach(async () => {
  for (const h of hosts) await h.lock();
  for (const pid of agentProcesses()) process.kill(pid, 'SIGKILL');
  if (was === undefined) delete process.env.XDG_RUNTIME_DIR;
  else process.env.XDG_RUNTIME_DIR = was;
  dir.cleanup();
});

describe('the desktop app as the agent', () => {
  it('setting on: one unlock in the app serves `keyward list`; the app locking ends it (exit 2 without a password)', async () => {
    expect((await cli(['list'])).code).toBe(2); // no agent, no password, no terminal
    const app = appHost(true);
    const unlocked = await app.call('vault.unlock', { password });
    expect(unlocked.ok).toBe(true);
    expect(await app.status()).toEqual({
      available: true,
      unavailableReason: null,
      on: true,
      running: true,
      problem: null,
    });
    expect(agentProcesses()).toHaveLength(1);
    const list = await cli(['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('Bot');
    expect(list.stdout).not.toContain(SECRET);
    const read = await cli(['read', 'Bot', '--no-newline']);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toBe(SECRET);

    // SECURITY: the password is in no agent's arguments or environment, and in no file.
    const needles = canaryForms(password, 'password');
    for (const pid of agentProcesses()) {
      const seen = [readFileSync(`/proc/${pid}/cmdline`), readFileSync(`/proc/${pid}/environ`)];
      for (const n of needles) for (const b of seen) expect(b.includes(n.bytes), `${pid}: ${n.label}`).toBe(false);
    }
    const files = filesUnder(dir.dir).filter((f) => lstatSync(f).isFile()); // the socket is no file to read
    expect(files.length).toBeGreaterThan(1);
    expect(scan(files, needles)).toEqual([]);
    expect(savedPrefs.join('\n')).not.toContain(password);

    const locked = await app.call('vault.lock');
    expect(locked.ok).toBe(true);
    // The lock has reached the agent when vault.lock answers: no waiting.
    expect(existsSync(socket())).toBe(false);
    await sleep(300);
    expect(agentProcesses()).toEqual([]);
    const fallback = await cli(['list']);
    expect(fallback.code).toBe(2);
    expect(fallback.stderr).toMatch(/password/i);
    expect((await cli(['list'], password)).code).toBe(0); // the password still works
  });

  it('setting off (the default): unlocking the app starts no agent', async () => {
    const app = appHost(false);
    expect((await app.call('vault.unlock', { password })).ok).toBe(true);
    expect(await app.status()).toMatchObject({ on: false, running: false });
    await sleep(300);
    expect(agentProcesses()).toEqual([]);
    expect(existsSync(socket())).toBe(false);
    expect((await cli(['list'])).code).toBe(2);
  });

  it('turning it on asks the password again (a wrong one starts nothing); off locks the agent', async () => {
    const app = appHost(false);
    expect((await app.call('vault.unlock', { password })).ok).toBe(true);
    const wrong = await app.call('host.setCliAgent', { on: true, password: 'not the password' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(await app.status()).toMatchObject({ on: false, running: false });
    expect(agentProcesses()).toEqual([]);

    const on = await app.call<CliAgentStatus>('host.setCliAgent', { on: true, password });
    expect(on).toMatchObject({ ok: true, value: { on: true, running: true } });
    expect(JSON.parse(savedPrefs.at(-1) ?? '{}')).toMatchObject({ cliAgent: true });
    expect((await cli(['list'])).code).toBe(0);

    const off = await app.call<CliAgentStatus>('host.setCliAgent', { on: false });
    expect(off).toMatchObject({ ok: true, value: { on: false, running: false } });
    expect(JSON.parse(savedPrefs.at(-1) ?? '{}')).toMatchObject({ cliAgent: false });
    expect(existsSync(socket())).toBe(false);
    expect((await cli(['list'])).code).toBe(2);
  });

  it('turning it on needs an unlocked app', async () => {
    const app = appHost(false);
    const r = await app.call('host.setCliAgent', { on: true, password });
    expect(r).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(agentProcesses()).toEqual([]);
  });

  it('reuses an agent `keyward unlock` started: one agent, not two', async () => {
    const u = await cli(['unlock'], password);
    expect(u.code, u.stderr).toBe(0);
    const before = agentProcesses();
    expect(before).toHaveLength(1);
    const app = appHost(true);
    expect((await app.call('vault.unlock', { password })).ok).toBe(true);
    expect(await app.status()).toMatchObject({ running: true, problem: null });
    await sleep(300);
    expect(agentProcesses()).toEqual(before);
  });

  it('a host that cannot start the command line says why and starts nothing', async () => {
    const host = createHost({
      core: createCore({ clock: systemClock, vaultPath: vault }),
      clipboard: { writeSecret: async () => {}, readText: async () => '', clear: () => {} },
      preferences: {
        load: () => ({ theme: 'system', autoLockMinutes: 5, clipboardSeconds: 30, cliAgent: true }),
        save: () => {},
      },
      timers: systemTimers,
    });
    hosts.push(host);
    expect((await host.dispatch('vault.unlock', { password })).ok).toBe(true);
    const status = (await host.dispatch('host.cliAgent', {})) as Envelope<CliAgentStatus>;
    expect(status).toMatchObject({ ok: true, value: { available: false, running: false } });
    expect(await host.dispatch('host.setCliAgent', { on: true, password })).toMatchObject({ ok: false });
    expect(agentProcesses()).toEqual([]);
  });
});
