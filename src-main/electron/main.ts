// The Electron shell: thin by design. Windows, the app:// protocol, IPC wiring, the
// hardening switches and the OS events that lock the vault; every decision about
// keys lives in the core. SECURITY: the first thing it does is refuse debugging switches.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Menu,
  app,
  clipboard,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { DEFAULT_PREFERENCES, PreferencesSchema, isQuery, type Preferences } from '../contract/channels.js';
import type { ShellCommand } from '../contract/outputs.js';
import { createCore } from '../core/app/create-core.js';
import { defaultDataDir, VAULT_FILE } from '../core/app/paths.js';
import { nativeBindingProblem, useNativeBinding } from '../core/db/connection.js';
import { systemClock } from '../core/ports/clock.port.js';
import { OPEN_FILTERS, SAVE_FILTERS, type FileDialogs } from '../host/file-dialogs.js';
import { systemTimers } from '../host/clipboard-guard.js';
import { readBundleFile } from '../host/bundle.js';
import type { AgentLauncherChoice } from '../host/cli-agent.js';
import { createHost, type PreferencesStore } from '../host/host.js';
import { createIdleLock } from '../host/idle-lock.js';
import { nativeBindingMessage, nativeBindingPath, resourcesDir, type RuntimeLayout } from '../host/runtime-files.js';
import { createAlertTray } from './tray.js';
import { isAppUrl, safeExternalUrl, isTrustedSender, refusedSwitch } from '../host/security.js';

const refused = refusedSwitch(process.argv);
if (refused !== null) {
  process.stderr.write(`Keyward refuses to run with --${refused}.\n`);
  app.exit(1);
}
if (!app.requestSingleInstanceLock()) app.exit(0);

app.enableSandbox();
// SECURITY: standard + secure only; no bypassCSP, no file-like privileges.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD = join(here, '../preload/index.cjs');
const layout: RuntimeLayout = {
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  appRoot: join(here, '../..'),
  abi: process.versions.modules,
};
const RESOURCES = resourcesDir(layout);
// The core opens vaults with the Electron-ABI build; node_modules keeps the Node build for the CLI.
const NATIVE_BINDING = nativeBindingPath(layout);
useNativeBinding(NATIVE_BINDING);
const APP_URL = 'app://bundle/index.html';
const LINUX_LOCK_POLL_MS = 15_000;

const dataDir = defaultDataDir();
const vaultPath = join(dataDir, VAULT_FILE);
const core = createCore({ clock: systemClock, vaultPath });

const preferencesFile = join(dataDir, 'preferences.json');
const preferencesStore: PreferencesStore = {
  load(): Preferences {
    try {
      const parsed = PreferencesSchema.safeParse(JSON.parse(readFileSync(preferencesFile, 'utf8')));
      return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
    } catch {
      return DEFAULT_PREFERENCES;
    }
  },
  save(p: Preferences): void {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(preferencesFile, JSON.stringify(p, null, 2), { mode: 0o600 });
  },
};

/** Native dialogs, modal to Keyward's window: inventory exports, imports, checklist files, the team folder. */
const dialogs: FileDialogs = {
  // The OS asks before replacing a file (Linux: showOverwriteConfirmation; macOS and Windows always ask).
  async saveFile({ title, defaultName, kind }) {
    const opts = {
      title,
      defaultPath: join(app.getPath('documents'), defaultName),
      filters: SAVE_FILTERS[kind],
      properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
    };
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, opts) : await dialog.showSaveDialog(opts);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
  async openFile({ title, kind }) {
    const opts = { title, properties: ['openFile' as const], filters: OPEN_FILTERS[kind] };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  async openFolder({ title, kind }) {
    // A folder to scan must already exist; a team folder may be made here.
    const properties =
      kind === 'scan' ? ['openDirectory' as const] : ['openDirectory' as const, 'createDirectory' as const];
    const opts = { title, properties };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
};

/**
 * How the app starts the command line's agent (docs/AGENT.md): the checkout's `keyward` entry run by
 * this very runtime (Electron as Node, with the app's Electron-ABI database module). A packaged app
 * ships no command line and its runAsNode fuse is off, so there it says so instead.
 */
const agentLauncher: AgentLauncherChoice = app.isPackaged
  ? { unavailable: 'This packaged build has no command line inside; install keyward and run "keyward unlock".' }
  : {
      command: process.execPath,
      args: [join(layout.appRoot, 'bin', 'keyward.mjs')],
      ...(process.versions.electron
        ? { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, nativeBinding: NATIVE_BINDING }
        : { env: process.env }),
    };

const host = createHost({
  core,
  dialogs,
  agentLauncher,
  clipboard: {
    writeSecret: (text) => clipboard.writeText(text),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  },
  preferences: preferencesStore,
  timers: systemTimers,
  events: {
    beforeLock: saveSchedule,
    locked: () => idle.arm(false),
    opened: () => {
      idle.arm(true);
      saveSchedule();
    },
    preferencesChanged: (p) => idle.setMinutes(p.autoLockMinutes),
  },
});
let mainWindow: BrowserWindow | null = null;
let tray: ReturnType<typeof createAlertTray> | null = null;
let trayTimer: ReturnType<typeof setTimeout> | null = null;

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The locked-state schedule (no secrets, no names unless opted in) feeds notifications while locked. */
function saveSchedule(): void {
  try {
    if (core.status().unlocked) core.session().alerts.writeSchedule();
  } catch {
    // A read-only (damaged) vault or a full disk: notifications keep the previous schedule.
  }
}

/** Coalesces tray updates after bursts of calls. */
function refreshTraySoon(): void {
  if (trayTimer) return;
  trayTimer = setTimeout(() => {
    trayTimer = null;
    tray?.refresh();
  }, 1000);
}

function showWindow(): void {
  if (!mainWindow) return createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** SECURITY: locks, forgets the clipboard value, and reloads the renderer so its memory holds nothing. */
function lockNow(): void {
  const wasUnlocked = core.status().unlocked;
  saveSchedule();
  void host.lock();
  idle.arm(false);
  if (wasUnlocked && mainWindow) mainWindow.webContents.reload();
  tray?.refresh();
}
const idle = createIdleLock(systemTimers, lockNow);
idle.setMinutes(host.preferences().autoLockMinutes);

async function serveBundle(request: Request): Promise<Response> {
  const file = await readBundleFile(RENDERER_DIR, request.url);
  if (file === null) return new Response('Not found', { status: 404 });
  return new Response(file.body, { headers: file.headers });
}

const FORBIDDEN = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Calls are accepted only from Keyward’s own window.' },
} as const;

/** SECURITY: the one wrapper of every IPC handler: only our own top frame on app://bundle may call. */
function secureHandle(name: string, handler: (...args: unknown[]) => Promise<unknown>): void {
  ipcMain.handle(name, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const frame = event.senderFrame;
    const isOurs = mainWindow !== null && event.sender === mainWindow.webContents;
    if (
      !isOurs ||
      !frame ||
      !isTrustedSender({ url: frame.url, isDetached: frame.detached, isTopFrame: frame.parent === null })
    ) {
      return FORBIDDEN;
    }
    return handler(...args);
  });
}

async function onInvoke(call: unknown, input: unknown): Promise<unknown> {
  const reply = await host.dispatch(call, input);
  if (!isQuery(call)) refreshTraySoon();
  return reply;
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 620,
    show: false,
    title: 'Keyward',
    icon: join(RESOURCES, 'icon.png'),
    webPreferences: {
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      devTools: !app.isPackaged,
      spellcheck: false,
      // SECURITY: middle-click must not open links in new windows (electronegativity AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const wc = mainWindow.webContents;
  wc.setWindowOpenHandler(({ url }) => {
    // SECURITY: only https links to the platforms' portals and docs, parsed and compared by host.
    const safe = safeExternalUrl(url);
    if (safe !== null)
      void shell.openExternal(
        safe,
      ); /* eng-disable OPEN_EXTERNAL_JS_CHECK -- the normalised URL passed the https host allow-list */
    return { action: 'deny' };
  });
  const stayHome = (e: { preventDefault: () => void }, url: string) => {
    if (!isAppUrl(url)) e.preventDefault();
  };
  wc.on('will-navigate', stayHome);
  wc.on('will-frame-navigate', (e) => stayHome(e, e.url));
  wc.on('will-redirect', stayHome);
  wc.on('will-attach-webview', (e) => e.preventDefault());
  // Inactivity is time since the user last touched Keyward, not system idle time.
  wc.on('input-event', () => idle.touch());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
    lockNow();
  });
  void mainWindow.loadURL(APP_URL);
}

/**
 * File → Open inventory… asks the interface to open an export read-only (it calls host.openInventory);
 * File → Export inventory… and Back up vault… open the interface's dialogs (host.exportInventory, host.backupVault);
 * File → Scan a folder for keys… opens the scan dialog, which asks for the folder (host.scanFolder).
 */
function applicationMenu(): Menu {
  const openInventory = {
    label: 'Open inventory…',
    accelerator: 'CmdOrCtrl+O',
    click: () => {
      showWindow();
      mainWindow?.webContents.send('keyward:command', 'open-inventory');
    },
  };
  // Export and backup open their dialog in the interface, which asks for the master password again.
  const command = (label: string, name: ShellCommand) => ({
    label,
    click: () => {
      showWindow();
      mainWindow?.webContents.send('keyward:command', name);
    },
  });
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        openInventory,
        { type: 'separator' },
        command('Export inventory…', 'export-inventory'),
        command('Back up vault…', 'backup-vault'),
        { type: 'separator' },
        command('Scan a folder for keys…', 'scan-folder'),
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]);
}

function watchPower(): void {
  powerMonitor.on('suspend', lockNow);
  powerMonitor.on('lock-screen', lockNow);
  // Linux has no lock-screen event: poll the session's idle state instead.
  if (process.platform === 'linux') {
    setInterval(() => {
      if (powerMonitor.getSystemIdleState(60) === 'locked') lockNow();
    }, LINUX_LOCK_POLL_MS).unref();
  }
}

void app.whenReady().then(() => {
  // A missing or wrong-ABI database module: a native dialog naming the fix, not a crash on first unlock.
  const problem = nativeBindingProblem();
  if (problem !== null) {
    dialog.showErrorBox('Keyward cannot start', nativeBindingMessage(layout, NATIVE_BINDING, problem));
    app.exit(1);
    return;
  }
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // SECURITY: the renderer makes no network request; only app:// is served.
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !details.url.startsWith('app://') && !details.url.startsWith('devtools://') }),
  );
  protocol.handle('app', serveBundle);
  secureHandle('keyward:invoke', (channel, input) => onInvoke(channel, input));
  watchPower();
  Menu.setApplicationMenu(applicationMenu());
  createWindow();
  tray = createAlertTray({
    core,
    vaultPath,
    iconsDir: join(RESOURCES, 'tray'),
    show: showWindow,
    lock: lockNow,
    today,
  });
});

app.on('second-instance', showWindow);
// Quitting waits (at most 3 s) for the lock to reach the command line's agent, then quits for real.
let lockedForQuit = false;
app.on('before-quit', (event: { preventDefault: () => void }) => {
  if (lockedForQuit) return;
  event.preventDefault();
  lockedForQuit = true;
  saveSchedule();
  tray?.dispose();
  const atMost = new Promise((r) => setTimeout(r, 3000).unref());
  void Promise.race([host.lock(), atMost]).finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
