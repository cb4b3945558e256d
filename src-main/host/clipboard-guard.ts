// Writes a secret to the clipboard and clears it after a delay, on lock and on quit,
// but only while the clipboard still holds our value (KeePassXC's rule): whatever the
// user copied since is left alone. Keeps a hash of the value, never the value itself.
import { createHash } from 'node:crypto';

/** The OS clipboard. writeSecret marks the data as concealed where the platform allows. */
export type ClipboardPort = {
  writeSecret: (text: string) => Promise<void>;
  readText: () => Promise<string>;
  clear: () => void;
};
export type Timers = {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  sleep: (ms: number) => Promise<void>;
};

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export function createClipboardGuard(clipboard: ClipboardPort, timers: Timers) {
  let ours: string | null = null;
  let timer: unknown = null;

  async function clearIfOurs(): Promise<void> {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    const expected = ours;
    ours = null;
    if (expected !== null && digest(await clipboard.readText()) === expected) clipboard.clear();
  }

  return {
    async write(text: string, clearAfterMs: number): Promise<void> {
      await clearIfOurs();
      await clipboard.writeSecret(text);
      ours = digest(text);
      timer = timers.setTimeout(() => void clearIfOurs(), clearAfterMs);
    },
    clearIfOurs,
    isHolding: () => ours !== null,
  };
}
