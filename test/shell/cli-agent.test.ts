// The built shell and the command line's agent, in plain Node with the stand-in for `electron`:
// quitting holds the quit back until the agent of the app's vault has locked (a real `keyward
// unlock` agent on a real socket), and a packaged build says it cannot start the agent itself.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { socketPathFor } from '../../src-main/core/agent/agent-paths.js';
import { runCli } from '../helpers/cli.js';
import { PASSWORD, loadShell, type Envelope, type Shell } from './load-shell.js';

let shell: Shell;
let runtime: string;
let was: string | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const value = <T>(reply: Envelope): T => {
  if (!reply.ok) throw new Error(`call failed: ${reply.error?.code}`);
  return reply.value as T;
};

beforeAll(async () => {
  runtime = mkdtempSync(join(tmpdir(), 'keyward-shell-run-'));
  mkdirSync(join(runtime, 'keyward'), { mode: 0o700 });
  was = process.env.XDG_RUNTIME_DIR;
  process.env.XDG_RUNTIME_DIR = runtime;
  shell = await loadShell();
  await shell.ready();
  value(await shell.invoke('vault.create', { password: PASSWORD }));
});
afterAll(() => {
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmd.includes('agent-serve') && cmd.includes(shell.home)) process.kill(Number(p), 'SIGKILL');
    } catch {
      // gone
    }
  }
  shell.cleanup();
  if (was === undefined) delete process.env.XDG_RUNTIME_DIR;
  else process.env.XDG_RUNTIME_DIR = was;
  rmSync(runtime, { recursive: true, force: true });
});

test('a packaged build cannot start the agent and says why; the setting stays off', async () => {
  const status = value<{ available: boolean; unavailableReason: string }>(await shell.invoke('host.cliAgent'));
  expect(status).toMatchObject({ available: false, on: false, running: false });
  expect(status.unavailableReason).toMatch(/keyward unlock/);
  expect(await shell.invoke('host.setCliAgent', { on: true, password: PASSWORD })).toMatchObject({ ok: false });
});

test('quitting waits for the agent of the app’s vault to lock, then quits', async () => {
  const vault = value<{ path: string }>(await shell.invoke('vault.status')).path;
  const u = await runCli(['unlock'], { vault, password: PASSWORD, env: { XDG_RUNTIME_DIR: runtime } });
  expect(u.code, u.stderr).toBe(0);
  const socket = socketPathFor({ XDG_RUNTIME_DIR: runtime }, vault);
  expect(existsSync(socket)).toBe(true);
  const { record } = shell.electron;
  shell.electron.app.emit('before-quit', { preventDefault: () => undefined }); // stand-in: held back
  record.quits = 0;
  for (let i = 0; i < 100 && record.quits === 0; i++) await sleep(50);
  expect(record.quits).toBe(1); // the shell quit again once the lock had answered
  expect(record.quitsDone).toBe(1);
  expect(existsSync(socket)).toBe(false);
  const list = await runCli(['list'], { vault, password: null, env: { XDG_RUNTIME_DIR: runtime } });
  expect(list.code).toBe(2);
});
