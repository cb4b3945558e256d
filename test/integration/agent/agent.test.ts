// keyward unlock | lock and the per-user agent, with real processes and a real Unix socket:
// commands use it without a password, it locks on idle and on `lock`, it refuses a client of
// another uid, a killed agent leaves nothing usable (the CLI falls back to the password), a
// stale socket is replaced, and two unlocks at once give one agent.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentRequest } from '../../../src-main/core/agent/agent-client.js';
import { socketPathFor } from '../../../src-main/core/agent/agent-paths.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { CLI_PASSWORD, addCliKey, copyCliVault, initCliVault, runCli, type CliOptions } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { agentProcessesOf } from '../../helpers/agent-processes.js';

const SECRET = 'custom-agent-secret-0123456789abcdef';
let template: string | null = null;
let dir: ReturnType<typeof tempDir>;
let vault: string;
let runtime: string;
let keyId: string;

const env = () => ({ XDG_RUNTIME_DIR: runtime });
const cli = (args: string[], o: Partial<CliOptions> = {}) =>
  runCli(args, { vault, password: null, ...o, env: { ...env(), ...(o.env ?? {}) } });
const socket = () => socketPathFor({ XDG_RUNTIME_DIR: runtime }, vault);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function agentPid(): Promise<number | null> {
  const r = await agentRequest(socket(), { op: 'ping' }, 5000);
  return r?.ok ? Number(r.pid) : null;
}
const agentProcesses = () => agentProcessesOf(vault);

beforeEach(async () => {
  dir = tempDir('keyward-agent-');
  runtime = join(dir.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  vault = join(dir.dir, 'vault.db');
  if (template === null) {
    const t = join(tempDir('keyward-agent-tpl-').dir, 'vault.db');
    await initCliVault(t);
    keyId = await addCliKey(t, ['--platform', 'custom', '--name', 'Bot'], SECRET);
    template = t;
  }
  copyCliVault(template, vault);
});
afterEach(async () => {
  for (const pid of agentProcesses()) process.kill(pid, 'SIGKILL');
  dir.cleanup();
});

describe('keyward unlock', () => {
  it('starts an agent that list, show and read use without the password; 0700 folder, 0600 socket', async () => {
    expect((await cli(['list'])).code).not.toBe(0); // no agent, no password: refused
    const u = await cli(['unlock', '--for', '5m'], { password: undefined });
    expect(u.code, u.stderr).toBe(0);
    expect(statSync(join(runtime, 'keyward')).mode & 0o777).toBe(0o700);
    expect(statSync(socket()).mode & 0o777).toBe(0o600);
    const list = await cli(['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('Bot');
    expect(list.stdout).not.toContain(SECRET); // a list sends no secret over the socket
    const read = await cli(['read', 'Bot', '--no-newline']);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toBe(SECRET);
    const show = await cli(['show', keyId, '--reveal']);
    expect(show.stdout).toContain(SECRET);
    // A command that unlocks with the password again (backup seals with it) never runs in the agent.
    const backup = await agentRequest(socket(), {
      op: 'exec',
      argv: ['--vault', vault, 'backup', '--out', join(dir.dir, 'b.kwbak')],
      cwd: dir.dir,
    });
    expect(backup).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(existsSync(join(dir.dir, 'b.kwbak'))).toBe(false);
    expect((await cli(['list'])).stdout).toContain('Bot');
    // A second unlock finds the agent and asks for nothing.
    const again = await cli(['unlock']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already unlocked/);
    expect(agentProcesses()).toHaveLength(1);
  });

  it('locks on `keyward lock`: the socket is gone and commands need the password again', async () => {
    expect((await cli(['unlock'], { password: undefined })).code).toBe(0);
    const pid = await agentPid();
    expect(pid).not.toBeNull();
    const lock = await cli(['lock']);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toMatch(/Locked/);
    await sleep(300);
    expect(existsSync(socket())).toBe(false);
    expect(agentProcesses()).toEqual([]);
    expect((await cli(['list'])).code).not.toBe(0);
    expect((await cli(['list'], { password: undefined })).code).toBe(0); // the password still works
  });

  it('locks itself when the vault file is replaced (a restore): no answer comes from the old file', async () => {
    expect((await cli(['unlock'], { password: undefined })).code).toBe(0);
    // Another vault put in its place, as `restore --force` does (a new file, a new inode).
    const other = join(dir.dir, 'other.db');
    await initCliVault(other);
    await addCliKey(other, ['--platform', 'custom', '--name', 'Restored'], 'custom-restored-secret-0123456789');
    const { renameSync } = await import('node:fs');
    renameSync(other, vault);
    // Through the agent nothing answers from the file it had open; with the password, the new file answers.
    const noPassword = await cli(['list']);
    expect(noPassword.stdout).not.toContain('Bot');
    expect(noPassword.code).not.toBe(0);
    await sleep(300);
    expect(agentProcesses()).toEqual([]);
    const withPassword = await cli(['list'], { password: undefined });
    expect(withPassword.code, withPassword.stderr).toBe(0);
    expect(withPassword.stdout).toContain('Restored');
    expect(withPassword.stdout).not.toContain('Bot');
  });

  it('locks after its idle time', async () => {
    expect((await cli(['unlock', '--for', '2s'], { password: undefined })).code).toBe(0);
    expect((await cli(['list'])).code).toBe(0); // used: the idle time starts again
    await sleep(3500);
    expect(existsSync(socket())).toBe(false);
    expect(agentProcesses()).toEqual([]);
    expect((await cli(['list'])).code).not.toBe(0);
  });

  it('a second unlock --for sets the running agent\u2019s idle time; without --for it keeps it and says so', async () => {
    expect((await cli(['unlock', '--for', '1h'], { password: undefined })).code).toBe(0);
    const pid = await agentPid();
    const keep = await cli(['unlock']);
    expect(keep.code, keep.stderr).toBe(0);
    expect(keep.stdout).toMatch(/60 min/);
    expect(((await agentRequest(socket(), { op: 'ping' }, 5000)) as { idleMs?: number } | null)?.idleMs).toBe(
      3_600_000,
    );
    const shorter = await cli(['unlock', '--for', '2s']);
    expect(shorter.code, shorter.stderr).toBe(0);
    expect(shorter.stdout).toMatch(/2 s/);
    expect(await agentPid()).toBe(pid); // the same agent, no password asked
    await sleep(3500);
    expect(existsSync(socket())).toBe(false);
    expect(agentProcesses()).toEqual([]);
  });

  it('a killed agent leaves no usable socket: the CLI falls back to the password; unlock replaces it', async () => {
    expect((await cli(['unlock'], { password: undefined })).code).toBe(0);
    const pid = await agentPid();
    process.kill(pid as number, 'SIGKILL');
    await sleep(300);
    expect(existsSync(socket())).toBe(true); // the file stays, nobody answers on it
    expect(await agentRequest(socket(), { op: 'ping' }, 2000)).toBeNull();
    const fallback = await cli(['list'], { password: undefined });
    expect(fallback.code, fallback.stderr).toBe(0);
    expect(fallback.stdout).toContain('Bot');
    expect((await cli(['list'])).code).not.toBe(0);
    const u = await cli(['unlock'], { password: undefined });
    expect(u.code, u.stderr).toBe(0);
    expect(await agentPid()).not.toBe(pid);
    expect((await cli(['list'])).code).toBe(0);
  });

  it('replaces a stale file at the socket path, and refuses a folder others can enter', async () => {
    mkdirSync(join(runtime, 'keyward'), { mode: 0o700 });
    writeFileSync(socket(), 'not a socket');
    const u = await cli(['unlock'], { password: undefined });
    expect(u.code, u.stderr).toBe(0);
    expect((await cli(['list'])).code).toBe(0);
    expect((await cli(['lock'])).code).toBe(0);
    await sleep(300);
    chmodSync(join(runtime, 'keyward'), 0o755);
    const refused = await cli(['unlock'], { password: undefined });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not a private folder/);
    await sleep(300);
    expect(agentProcesses()).toEqual([]);
  });

  it('locks when the desktop app locks the same vault', async () => {
    expect((await cli(['unlock'], { password: undefined })).code).toBe(0);
    const was = process.env.XDG_RUNTIME_DIR;
    process.env.XDG_RUNTIME_DIR = runtime;
    try {
      const core = createCore({ clock: systemClock, vaultPath: vault, kdf: KDF_TEST_COST });
      await core.unlock(CLI_PASSWORD);
      expect(existsSync(socket())).toBe(true);
      core.lock();
      for (let i = 0; i < 50 && existsSync(socket()); i++) await sleep(100);
    } finally {
      if (was === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = was;
    }
    expect(existsSync(socket())).toBe(false);
    expect((await cli(['list'])).code).not.toBe(0);
  });

  it('two unlocks at once give one agent', async () => {
    const [a, b] = await Promise.all([
      cli(['unlock'], { password: undefined }),
      cli(['unlock'], { password: undefined }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    await sleep(300);
    expect(agentProcesses()).toHaveLength(1);
    expect((await cli(['list'])).code).toBe(0);
  });
});

// A client of another uid, run with setpriv as nobody. The folder is 0700, so such a client
// cannot even reach the socket; the test opens folder and socket to everyone to reach the peer check.
const canSwitchUser =
  process.getuid?.() === 0 &&
  spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;

describe.skipIf(!canSwitchUser)('the peer check (as uid 65534 through setpriv)', () => {
  it('refuses a client of another uid even when it can reach the socket', async () => {
    expect((await cli(['unlock'], { password: undefined })).code).toBe(0);
    chmodSync(dir.dir, 0o755);
    chmodSync(runtime, 0o755);
    chmodSync(join(runtime, 'keyward'), 0o755);
    chmodSync(socket(), 0o666);
    const script = `const s=require('net').connect(process.argv[1]);let b='';s.on('connect',()=>s.end(JSON.stringify({op:'exec',argv:['list','--json']})+'\\n'));s.on('data',d=>b+=d);s.on('close',()=>process.stdout.write(b));s.on('error',e=>process.stdout.write('error '+e.code))`;
    const r = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script, socket()],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.stdout).toContain('PEER_REFUSED');
    expect(r.stdout).not.toContain('Bot');
    // This user is still served.
    expect((await cli(['list'])).code).toBe(0);
  });
});
if (!canSwitchUser) console.warn('skipped: the peer-uid test needs root and setpriv to run a client as uid 65534');
