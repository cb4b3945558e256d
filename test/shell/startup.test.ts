// The built shell's start-up, in plain Node with the recording stand-in for `electron`: debugging
// switches refused, one instance, the sandbox, one hardened window, the native module checked first.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ROOT, loadShell, type Shell } from './load-shell.js';

let shell: Shell | null = null;
afterEach(() => {
  shell?.cleanup();
  shell = null;
  vi.restoreAllMocks();
});

describe('debugging switches', () => {
  test.each(['--remote-debugging-port=9222', '--inspect', '--no-sandbox', '--js-flags=--expose-gc'])(
    '%s: the app exits with 1 before it opens a window or accepts a call',
    async (flag) => {
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      shell = await loadShell({ argv: [flag] });
      await shell.ready();
      const { record } = shell.electron;
      expect(record.exits[0]).toBe(1);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/refuses to run with --/);
      expect(record.windows).toHaveLength(0);
      expect(record.handlers.size).toBe(0);
      expect(record.protocols.size).toBe(0);
    },
  );

  test('ordinary arguments start the app', async () => {
    shell = await loadShell({ argv: ['--enable-logging'] });
    await shell.ready();
    expect(shell.electron.record.exits).toEqual([]);
    expect(shell.electron.record.windows).toHaveLength(1);
  });
});

test('a second instance exits with 0; the first shows its window when one is started', async () => {
  shell = await loadShell({ hasSingleInstanceLock: false });
  await shell.ready();
  expect(shell.electron.record.exits).toEqual([0]);
  expect(shell.electron.record.windows).toHaveLength(0);
  shell.cleanup();

  shell = await loadShell();
  await shell.ready();
  const win = shell.window();
  win.isShown = false;
  shell.electron.app.emit('second-instance');
  expect(win.isShown).toBe(true);
  expect(shell.electron.record.windows).toHaveLength(1);
});

test('the sandbox is on for every renderer and app:// is standard and secure only', async () => {
  shell = await loadShell();
  const { record } = shell.electron;
  expect(record.sandboxEnabled).toBe(true);
  expect(record.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
});

test('one window: sandboxed, isolated, no Node, web security on, the built preload, the icon from resources/', async () => {
  shell = await loadShell();
  await shell.ready();
  const { record } = shell.electron;
  expect(record.windows).toHaveLength(1);
  const { webPreferences: prefs, icon } = shell.window().options;
  expect(prefs).toMatchObject({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
  });
  // webSecurity is on unless switched off; the shell never switches it off.
  expect(prefs.webSecurity ?? true).toBe(true);
  expect(prefs.allowRunningInsecureContent ?? false).toBe(false);
  expect(prefs.preload).toBe(`${ROOT}/out/preload/index.cjs`);
  expect(existsSync(String(prefs.preload))).toBe(true);
  // A sandboxed preload can require `electron` and nothing from node_modules: a bundled import
  // of zod (or any package) would leave window.keyward undefined in the real app.
  const required = [...readFileSync(String(prefs.preload), 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map(
    (m) => m[1],
  );
  expect(new Set(required)).toEqual(new Set(['electron']));
  expect(icon).toBe(`${shell.resourcesPath}/resources/icon.png`);
  expect(existsSync(String(icon))).toBe(true);
  expect(shell.window().webContents.url).toBe('app://bundle/index.html');
  shell.window().emit('ready-to-show');
  expect(shell.window().isShown).toBe(true);
});

test('a checkout without the Electron build of the database module: a native error dialog naming the fix, exit 1, no window', async () => {
  // In plain Node the ABI is Node's (115): build/native/electron-115 does not exist in a checkout.
  expect(existsSync(`${ROOT}/build/native/electron-${process.versions.modules}`)).toBe(false);
  shell = await loadShell({ isPackaged: false });
  await shell.ready();
  const { record } = shell.electron;
  expect(record.errorBoxes).toHaveLength(1);
  const [box] = record.errorBoxes;
  expect(box?.title).toBe('Keyward cannot start');
  expect(box?.content).toContain(`build/native/electron-${process.versions.modules}/better_sqlite3.node`);
  expect(box?.content).toContain('is missing');
  expect(box?.content).toContain('npm run rebuild:electron');
  expect(box?.content).not.toMatch(/\n\s+at /);
  expect(record.exits).toEqual([1]);
  expect(record.windows).toHaveLength(0);
  expect(record.handlers.size).toBe(0);
});

test('a packaged app whose native module is the wrong build says so and asks for a reinstall', async () => {
  shell = await loadShell();
  const { copyFileSync } = await import('node:fs');
  // A file that is not a loadable module for this runtime stands in for another ABI's build.
  copyFileSync(`${ROOT}/resources/icon.png`, `${shell.resourcesPath}/native/better_sqlite3.node`);
  await shell.ready();
  const [box] = shell.electron.record.errorBoxes;
  expect(box?.content).toContain('could not be loaded');
  expect(box?.content).toContain('Reinstall Keyward.');
  expect(shell.electron.record.exits).toEqual([1]);
});
