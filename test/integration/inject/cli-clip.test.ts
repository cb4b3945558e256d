// keyward clip as a real process: through xclip on a real X server (Xvfb) where the
// machine has one, through a recording stand-in for pbcopy otherwise, and with no tool at all.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, newCanary, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { spawnCli, waitFor } from '../../helpers/cli-spawn.js';
import { tempDir } from '../../helpers/temp-vault.js';

const SECRET = newCanary('kby_CLIP');
let dir: string;
let vault: string;
let cleanup = () => {};
let keyId: string;

const which = (cmd: string) => {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
};

beforeAll(async () => {
  const t = tempDir('keyward-clip-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  keyId = await addCliKey(vault, ['--platform', 'kubiya', '--name', 'Clip me'], SECRET);
});
afterAll(() => cleanup());

describe('keyward clip without any clipboard tool', () => {
  it('says so, exits 2 and asks for no password', async () => {
    const empty = join(dir, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    const r = await runCli(['clip', keyId], { vault, password: null, env: { PATH: empty, DISPLAY: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No clipboard tool found/);
  });
});

describe('keyward clip through a recording stand-in (pbcopy/pbpaste)', () => {
  it('copies the value through stdin, clears it after --seconds, and records the copy', async () => {
    const bin = join(dir, 'fake-bin');
    const board = join(dir, 'board');
    const log = join(dir, 'argv.log');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'pbcopy'), `#!/bin/sh\necho "pbcopy $*" >> "${log}"\ncat > "${board}"\n`);
    writeFileSync(join(bin, 'pbpaste'), `#!/bin/sh\ncat "${board}"\n`);
    for (const f of ['pbcopy', 'pbpaste']) chmodSync(join(bin, f), 0o755);
    const env = { PATH: `${bin}:/usr/bin:/bin`, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const s = spawnCli(['clip', keyId, '--seconds', '2'], { vault, env });
    await waitFor(s.stderr, 'clearing it in 2 s');
    expect(readFileSync(board, 'utf8')).toBe(SECRET);
    const end = await s.done;
    expect(end.code).toBe(0);
    expect(readFileSync(board, 'utf8')).toBe('');
    expect(scanText(readFileSync(log, 'utf8') + end.stdout + end.stderr, canaryForms(SECRET))).toEqual([]);
    const show = await runCli(['show', keyId, '--json'], { vault });
    expect(JSON.parse(show.stdout).history).toContainEqual(
      expect.objectContaining({ action: 'copied', detail: 'clip' }),
    );
  });
});

const XVFB = which('Xvfb');
const XCLIP = which('xclip');
describe.skipIf(!XVFB || !XCLIP)('keyward clip with xclip on a real X server (Xvfb)', () => {
  let xvfb: ChildProcess | null = null;
  const display = `:${90 + (process.pid % 400)}`;
  const env = { DISPLAY: display, WAYLAND_DISPLAY: '' };
  const xenv = { ...process.env, ...env };
  const setBoard = (text: string) =>
    new Promise<void>((resolve) => {
      const c = spawn('xclip', ['-selection', 'clipboard', '-in'], { env: xenv, stdio: ['pipe', 'ignore', 'ignore'] });
      c.on('exit', () => resolve());
      c.stdin.end(text);
    });
  const board = () => {
    try {
      return execFileSync('xclip', ['-selection', 'clipboard', '-out'], {
        env: xenv,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return ''; // nothing on the clipboard
    }
  };

  beforeAll(async () => {
    xvfb = spawn(XVFB as string, [display, '-nolisten', 'tcp'], { stdio: 'ignore' });
    // Ready once a value set through the server reads back.
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      await setBoard('probe');
      if (board() === 'probe') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Xvfb ${display} did not start`);
  });
  afterAll(() => {
    xvfb?.kill('SIGTERM');
  });

  it('holds the secret while waiting, then clears it', async () => {
    await setBoard('before');
    const s = spawnCli(['clip', 'Clip me', '--seconds', '2'], { vault, env });
    await waitFor(s.stderr, 'clearing it in 2 s');
    expect(board()).toBe(SECRET);
    expect((await s.done).code).toBe(0);
    expect(board()).toBe('');
  });

  it('leaves alone what the user copied meanwhile', async () => {
    const s = spawnCli(['clip', 'Clip me', '--seconds', '2'], { vault, env });
    await waitFor(s.stderr, 'clearing it in 2 s');
    await setBoard('something the user copied');
    const end = await s.done;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(/left as it is/);
    expect(board()).toBe('something the user copied');
  });

  it('clears at once on Ctrl-C (SIGINT)', async () => {
    const s = spawnCli(['clip', 'Clip me', '--seconds', '600'], { vault, env });
    await waitFor(s.stderr, 'clearing it in 600 s');
    expect(board()).toBe(SECRET);
    s.proc.kill('SIGINT');
    expect((await s.done).code).toBe(0);
    expect(board()).toBe('');
  });
});

describe('keyward clip through an unlocked agent', () => {
  it('copies without the password, and the copy is in the key history', async () => {
    const runtime = join(dir, 'run');
    mkdirSync(runtime, { recursive: true, mode: 0o700 });
    const bin = join(dir, 'agent-bin');
    const board = join(dir, 'agent-board');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'pbcopy'), `#!/bin/sh\ncat > "${board}"\n`);
    writeFileSync(join(bin, 'pbpaste'), `#!/bin/sh\ncat "${board}"\n`);
    for (const f of ['pbcopy', 'pbpaste']) chmodSync(join(bin, f), 0o755);
    const env = { PATH: `${bin}:/usr/bin:/bin`, DISPLAY: '', WAYLAND_DISPLAY: '', XDG_RUNTIME_DIR: runtime };
    expect((await runCli(['unlock', '--for', '1m'], { vault, env: { XDG_RUNTIME_DIR: runtime } })).code).toBe(0);
    try {
      const r = await runCli(['clip', keyId, '--seconds', '0'], { vault, password: null, env });
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(board, 'utf8')).toBe(SECRET);
      expect(scanText(r.stdout + r.stderr, canaryForms(SECRET, 'secret'))).toEqual([]);
      const show = await runCli(['show', keyId, '--json'], { vault, password: null, env });
      const history = (JSON.parse(show.stdout) as { history: { action: string; detail?: string }[] }).history;
      expect(history.filter((h) => h.action === 'copied').length).toBeGreaterThan(0);
    } finally {
      await runCli(['lock'], { vault, env: { XDG_RUNTIME_DIR: runtime } });
    }
  });
});
