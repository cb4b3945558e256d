// The preload: exposes exactly one typed function, window.keyward.invoke, to the
// renderer. SECURITY: never expose ipcRenderer or any Electron object itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { KeywardApi } from '../contract/outputs.js';
import { SHELL_COMMANDS, type ShellCommand } from '../contract/shell-commands.js';

const api: KeywardApi = {
  invoke: (channel, input) => ipcRenderer.invoke('keyward:invoke', channel, input),
  // Only the named menu commands pass; the event object never reaches the renderer.
  onCommand: (listener) => {
    ipcRenderer.on('keyward:command', (_event, command: unknown) => {
      if ((SHELL_COMMANDS as readonly unknown[]).includes(command)) listener(command as ShellCommand);
    });
  },
};

contextBridge.exposeInMainWorld('keyward', Object.freeze(api));
