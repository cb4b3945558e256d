// A real host over a real core with inert OS ports (no clipboard, no dialogs, no timers), for
// tests that drive calls through the one dispatch and need nothing from the desktop.
import type { Core } from '../../src-main/core/app/create-core.js';
import { createHost } from '../../src-main/host/host.js';

export function quietHost(core: Core) {
  return createHost({
    core,
    clipboard: { writeSecret: async () => {}, readText: async () => '', clear: () => {} },
    preferences: {
      load: () => ({ theme: 'system', autoLockMinutes: 5, clipboardSeconds: 30, cliAgent: false }),
      save: () => {},
    },
    timers: { setTimeout: () => null, clearTimeout: () => {}, sleep: async () => {} },
    dialogs: { saveFile: async () => null, openFile: async () => null, openFolder: async () => null },
  });
}
