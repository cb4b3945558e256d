// Test-only stand-in for the `electron` module: records what the shell asks of Electron (windows,
// webPreferences, session and protocol handlers, ipcMain handlers, menus, tray, notifications,
// clipboard, dialogs, app and powerMonitor events) and lets a test fire events. Plain ESM, so the
// BUILT out/main/index.js loads it in plain Node through electron-hook.mjs. Never used by the app.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What a test sets before loading the shell. */
export const control = {
  isPackaged: false,
  hasSingleInstanceLock: true,
  systemIdleState: 'active',
  notificationsSupported: true,
  /** Answers of the next open/save dialogs, in order: a path, or null (cancelled). */
  dialogAnswers: [],
  home: '/nonexistent',
};

function freshRecord() {
  return {
    exits: [],
    quits: 0,
    /** Quits no before-quit handler held back. */
    quitsDone: 0,
    sandboxEnabled: false,
    privilegedSchemes: [],
    protocols: new Map(),
    handlers: new Map(),
    windows: [],
    applicationMenu: null,
    trays: [],
    notifications: [],
    errorBoxes: [],
    dialogs: [],
    openedExternal: [],
    clipboardWrites: 0,
    clipboardClears: 0,
    permissionRequest: null,
    permissionCheck: null,
    beforeRequest: null,
    safeStorageCalls: [],
  };
}
export let record = freshRecord();
let clipboardText = '';
let readyResolve = () => {};
let readyPromise = new Promise((r) => (readyResolve = r));

class StandInApp extends EventEmitter {
  get isPackaged() {
    return control.isPackaged;
  }
  exit(code = 0) {
    record.exits.push(code);
  }
  quit() {
    record.quits += 1;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) record.quitsDone += 1;
  }
  requestSingleInstanceLock() {
    return control.hasSingleInstanceLock;
  }
  enableSandbox() {
    record.sandboxEnabled = true;
  }
  whenReady() {
    return readyPromise;
  }
  getPath(name) {
    return join(control.home, name);
  }
}
export const app = new StandInApp();

let nextId = 1;
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.url = '';
    this.sent = [];
    this.reloads = 0;
    this.windowOpenHandler = null;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, ...args) {
    this.sent.push([channel, ...args]);
  }
  reload() {
    this.reloads += 1;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.isShown = false;
    this.focused = 0;
    this.isDestroyed = false;
    record.windows.push(this);
  }
  loadURL(url) {
    this.webContents.url = url;
    return Promise.resolve();
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.isShown = true;
  }
  focus() {
    this.focused += 1;
  }
  close() {
    this.isDestroyed = true;
    this.emit('closed');
  }
  static getAllWindows() {
    return record.windows.filter((w) => !w.isDestroyed);
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => {
    record.applicationMenu = menu;
  },
};

export const nativeImage = {
  createFromPath: (path) => ({ path, isEmpty: () => !existsSync(path) }),
  createFromBitmap: (buffer, options) => ({ bitmap: buffer, options, isEmpty: () => buffer.length === 0 }),
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.images = [image];
    this.toolTip = '';
    this.title = '';
    this.contextMenu = null;
    this.isDestroyed = false;
    record.trays.push(this);
  }
  setImage(image) {
    this.image = image;
    this.images.push(image);
  }
  setToolTip(text) {
    this.toolTip = text;
  }
  setTitle(text) {
    this.title = text;
  }
  setContextMenu(menu) {
    this.contextMenu = menu;
  }
  destroy() {
    this.isDestroyed = true;
  }
}

export class Notification extends EventEmitter {
  static isSupported() {
    return control.notificationsSupported;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record.notifications.push(this);
  }
}

export const clipboard = {
  writeText: (text) => {
    clipboardText = text;
    record.clipboardWrites += 1;
  },
  readText: () => clipboardText,
  clear: () => {
    clipboardText = '';
    record.clipboardClears += 1;
  },
};

const answerDialog = (kind, args) => {
  record.dialogs.push({ kind, options: args.at(-1) });
  return control.dialogAnswers.shift() ?? null;
};
export const dialog = {
  showSaveDialog: async (...args) => {
    const path = answerDialog('save', args);
    return { canceled: path === null, filePath: path ?? undefined };
  },
  showOpenDialog: async (...args) => {
    const path = answerDialog('open', args);
    return { canceled: path === null, filePaths: path === null ? [] : [path] };
  },
  showErrorBox: (title, content) => {
    record.errorBoxes.push({ title, content });
  },
};

export const ipcMain = {
  handle: (channel, handler) => {
    if (record.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    record.handlers.set(channel, handler);
  },
  removeHandler: (channel) => record.handlers.delete(channel),
};

class PowerMonitor extends EventEmitter {
  getSystemIdleState() {
    return control.systemIdleState;
  }
}
export const powerMonitor = new PowerMonitor();

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record.privilegedSchemes.push(...schemes),
  handle: (scheme, handler) => record.protocols.set(scheme, handler),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (record.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => (record.permissionCheck = handler),
    webRequest: { onBeforeRequest: (handler) => (record.beforeRequest = handler) },
  },
};

export const shell = {
  openExternal: async (url) => {
    record.openedExternal.push(url);
  },
};

export const safeStorage = {
  isEncryptionAvailable: () => {
    record.safeStorageCalls.push('isEncryptionAvailable');
    return false;
  },
};

/** The test's side: fire 'ready' (as Electron does once, unless the app already exited). */
export function fireReady() {
  if (record.exits.length === 0) readyResolve();
}

/** What the OS clipboard holds now; a test may also put the user's own text there. */
export const osClipboard = {
  read: () => clipboardText,
  write: (text) => {
    clipboardText = text;
  },
};

/** Before each load of the shell: nothing recorded, nothing ready, every listener gone. */
export function reset() {
  record = freshRecord();
  clipboardText = '';
  readyPromise = new Promise((r) => (readyResolve = r));
  app.removeAllListeners();
  powerMonitor.removeAllListeners();
  Object.assign(control, {
    isPackaged: false,
    hasSingleInstanceLock: true,
    systemIdleState: 'active',
    notificationsSupported: true,
    dialogAnswers: [],
  });
}

export default {
  app,
  BrowserWindow,
  Menu,
  nativeImage,
  Tray,
  Notification,
  clipboard,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  session,
  shell,
  safeStorage,
};
