// Loads the BUILT shell (out/main/index.js) in plain Node with `electron` resolved to the recording
// stand-in (electron-hook.mjs), a fresh copy per call, with its data folder in a temp home and, for
// the packaged layout, a resources folder holding the native module and the icons.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// Node's own loader runs the bundle (not the test runner's), so the hook resolves its `electron`.
import type * as StandInModule from './electron-stand-in.mjs';
import { nativeImport } from './native-import.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MAIN = join(ROOT, 'out/main/index.js');
const STAND_IN = pathToFileURL(join(import.meta.dirname, 'electron-stand-in.mjs')).href;
export const PASSWORD = 'Lantern-orbit-47-quietly';

export type StandIn = typeof StandInModule;
export type Envelope = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

let registered = false;
let loads = 0;

export async function standIn(): Promise<StandIn> {
  if (!registered) {
    register(pathToFileURL(join(import.meta.dirname, 'electron-hook.mjs')).href);
    registered = true;
  }
  return (await nativeImport(STAND_IN)) as StandIn;
}

export type ShellOptions = {
  argv?: string[];
  /** A checkout's layout (build/native/electron-<abi>) or a packaged one (resources/native). */
  isPackaged?: boolean;
  hasSingleInstanceLock?: boolean;
  /** An existing home to load again (a second start of the app); default a new temp folder. */
  home?: string;
};

export type Shell = {
  electron: StandIn;
  home: string;
  resourcesPath: string;
  /** Resolves what the module's top level and its whenReady handler did. */
  ready: () => Promise<void>;
  window: () => InstanceType<StandIn['BrowserWindow']>;
  /** Calls the shell's keyward:invoke handler as the app's own top frame would. */
  invoke: (channel: string, input?: unknown) => Promise<Envelope>;
  cleanup: () => void;
};

/** Flushes pending promise jobs and immediate callbacks. */
export const settle = () => new Promise((r) => setImmediate(r));

export async function loadShell(options: ShellOptions = {}): Promise<Shell> {
  if (!existsSync(MAIN)) throw new Error('out/main/index.js is missing: run `npx electron-vite build` first.');
  const electron = await standIn();
  electron.reset();
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'keyward-shell-'));
  // The packaged layout electron-builder.yml makes: resources/native and resources/resources.
  const resourcesPath = mkdtempSync(join(tmpdir(), 'keyward-shell-res-'));
  mkdirSync(join(resourcesPath, 'native'));
  copyFileSync(
    join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    join(resourcesPath, 'native', 'better_sqlite3.node'),
  );
  cpSync(join(ROOT, 'resources'), join(resourcesPath, 'resources'), { recursive: true });
  electron.control.isPackaged = options.isPackaged ?? true;
  electron.control.hasSingleInstanceLock = options.hasSingleInstanceLock ?? true;
  electron.control.home = home;

  const saved = { argv: process.argv, xdg: process.env.XDG_CONFIG_HOME };
  const proc = process as NodeJS.Process & { resourcesPath?: string };
  proc.resourcesPath = resourcesPath;
  process.env.XDG_CONFIG_HOME = home;
  process.argv = [process.argv[0] ?? 'electron', MAIN, ...(options.argv ?? [])];
  try {
    loads += 1;
    await nativeImport(`${pathToFileURL(MAIN).href}?load=${loads}`);
  } finally {
    process.argv = saved.argv;
  }

  const shell: Shell = {
    electron,
    home,
    resourcesPath,
    async ready() {
      electron.fireReady();
      await settle();
    },
    window() {
      const w = electron.record.windows.at(-1);
      if (!w) throw new Error('the shell opened no window');
      return w;
    },
    async invoke(channel, input = {}) {
      const handler = electron.record.handlers.get('keyward:invoke');
      if (!handler) throw new Error('no keyward:invoke handler');
      const wc = shell.window().webContents;
      const event = { sender: wc, senderFrame: { url: 'app://bundle/index.html', detached: false, parent: null } };
      return (await handler(event, channel, input)) as Envelope;
    },
    cleanup() {
      if (saved.xdg === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved.xdg;
      rmSync(resourcesPath, { recursive: true, force: true });
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
  return shell;
}
