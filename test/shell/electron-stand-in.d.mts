// Types of the recording stand-in for `electron` (electron-stand-in.mjs), for the shell tests.
import type { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;
export type StandInWindow = EventEmitter & {
  options: { icon?: string; webPreferences: Record<string, unknown> } & Record<string, unknown>;
  webContents: EventEmitter & {
    id: number;
    url: string;
    sent: unknown[][];
    reloads: number;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null;
  };
  isShown: boolean;
  close: () => void;
};
export type StandInTray = EventEmitter & {
  image: { path: string; isEmpty: () => boolean };
  images: { path: string }[];
  toolTip: string;
  contextMenu: { template: { label?: string; enabled?: boolean; click?: () => void }[] } | null;
  isDestroyed: boolean;
};
export type MenuItem = { label?: string; role?: string; type?: string; click?: () => void; submenu?: MenuItem[] };

export const control: {
  isPackaged: boolean;
  hasSingleInstanceLock: boolean;
  systemIdleState: string;
  notificationsSupported: boolean;
  dialogAnswers: (string | null)[];
  home: string;
};
export const record: {
  exits: number[];
  quits: number;
  quitsDone: number;
  sandboxEnabled: boolean;
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  protocols: Map<string, (request: Request) => Promise<Response>>;
  handlers: Map<string, Handler>;
  windows: StandInWindow[];
  applicationMenu: { template: MenuItem[] } | null;
  trays: StandInTray[];
  notifications: (EventEmitter & { options: { title: string; body: string; urgency?: string } })[];
  errorBoxes: { title: string; content: string }[];
  dialogs: { kind: string; options: unknown }[];
  openedExternal: string[];
  clipboardWrites: number;
  clipboardClears: number;
  permissionRequest: Handler | null;
  permissionCheck: Handler | null;
  beforeRequest: Handler | null;
  safeStorageCalls: string[];
};
export const app: EventEmitter;
export const powerMonitor: EventEmitter;
export const BrowserWindow: new (options: unknown) => StandInWindow;
export function fireReady(): void;
export function reset(): void;
export const osClipboard: { read: () => string; write: (text: string) => void };
