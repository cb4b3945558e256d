// The Electron shell: thin by design. Windows, the app:// protocol, IPC wiring and
// the hardening switches; every decision about keys lives in the core.
// SECURITY: the first thing it does is refuse debugging switches.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, ipcMain, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { createCore } from '../core/app/create-core.js';
import { createDispatch } from '../core/app/dispatch.js';
import { defaultDataDir, VAULT_FILE } from '../core/app/paths.js';
import { systemClock } from '../core/ports/clock.port.js';
import { CONTENT_SECURITY_POLICY, bundlePath, isSafeExternal, refusedSwitch } from './security.js';

const refused = refusedSwitch(process.argv);
if (refused !== null) {
  process.stderr.write(`Keyward refuses to run with --${refused}.\n`);
  app.exit(1);
}

app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD = join(here, '../preload/index.cjs');
const APP_URL = 'app://bundle/index.html';
const MIME: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css', svg: 'image/svg+xml', png: 'image/png', woff2: 'font/woff2' };

if (!app.requestSingleInstanceLock()) app.exit(0);

const core = createCore({ clock: systemClock, vaultPath: join(defaultDataDir(), VAULT_FILE) });
const dispatch = createDispatch(core);
let mainWindow: BrowserWindow | null = null;

async function serveBundle(request: Request): Promise<Response> {
  const rel = bundlePath(request.url);
  if (rel === null) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(join(RENDERER_DIR, rel));
    const type = MIME[rel.split('.').pop() ?? ''] ?? 'application/octet-stream';
    return new Response(body, { headers: { 'content-type': type, 'content-security-policy': CONTENT_SECURITY_POLICY } });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

/** SECURITY: every IPC call passes here; only our own top frame on app://bundle may call. */
async function onInvoke(event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<unknown> {
  const frame = event.senderFrame;
  if (!mainWindow || event.sender !== mainWindow.webContents || !frame || frame.parent !== null || !frame.url.startsWith('app://bundle/')) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from Keyward’s own window.' } };
  }
  return dispatch(channel, input);
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Keyward',
    webPreferences: {
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      devTools: !app.isPackaged,
      spellcheck: false,
    },
  });
  const wc = mainWindow.webContents;
  wc.setWindowOpenHandler(({ url }) => {
    if (isSafeExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayHome = (e: { preventDefault: () => void }, url: string) => {
    if (!url.startsWith('app://bundle/')) e.preventDefault();
  };
  wc.on('will-navigate', stayHome);
  wc.on('will-redirect', stayHome);
  wc.on('will-attach-webview', (e) => e.preventDefault());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
    core.lock();
  });
  void mainWindow.loadURL(APP_URL);
}

void app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // SECURITY: the renderer makes no network request; only app:// is served.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('app://') && !details.url.startsWith('devtools://') }));
  protocol.handle('app', serveBundle);
  ipcMain.handle('keyward:invoke', onInvoke);
  createWindow();
});

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});
app.on('window-all-closed', () => {
  core.lock();
  app.quit();
});
