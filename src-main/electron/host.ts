// The host side of the renderer's calls, shared by the Electron shell and the e2e test
// bridge: the core's dispatch behind unlock throttling, plus the calls a host answers
// itself (copy to clipboard, preferences). No `electron` import: the OS comes in as ports.
// SECURITY: a secret leaves this module only towards the clipboard port, never in a reply.
import {
  HOST_CALLS,
  PreferencesSchema,
  isHostCall,
  type Envelope,
  type HostCall,
  type Preferences,
} from '../contract/channels.js';
import type { CopyResult, OpenedInventory, StagedImportFile } from '../contract/outputs.js';
import type { Core } from '../core/app/create-core.js';
import { openInventoryView } from '../core/transfer/inspect.js';
import { createChecklistFiles, isChecklistCall } from './checklist-files.js';
import { NO_DIALOGS, type FileDialogs } from './file-dialogs.js';
import { createClipboardGuard, type ClipboardPort, type Timers } from './clipboard-guard.js';
import { createTransferFiles, isTransferCall } from './transfer-files.js';
import { createUnlockThrottle } from './unlock-throttle.js';

export type PreferencesStore = { load: () => Preferences; save: (p: Preferences) => void };
type AnyDispatch = (channel: unknown, input: unknown) => Promise<Envelope<unknown>>;
type HostDeps = {
  core: Core;
  dispatch: AnyDispatch;
  clipboard: ClipboardPort;
  preferences: PreferencesStore;
  timers: Timers;
  /** Native open/save dialogs (inventory exports, imports, backups, checklist files); absent: every pick is cancelled. */
  dialogs?: FileDialogs;
};

const fail = (code: string, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

export function createHost({ core, dispatch, clipboard, preferences, timers, dialogs = NO_DIALOGS }: HostDeps) {
  const checklistFiles = createChecklistFiles(core, dialogs);
  const guard = createClipboardGuard(clipboard, timers);
  const throttle = createUnlockThrottle(timers);
  // Exports and backups re-check the master password through the same throttle as unlocking.
  const transferFiles = createTransferFiles(core, dialogs, (check) => throttle.attempt(check));
  let prefs = preferences.load();

  async function lock(): Promise<void> {
    core.lock();
    checklistFiles.forget();
    await guard.clearIfOurs();
  }

  async function invoke(channel: unknown, input: unknown): Promise<Envelope<unknown>> {
    if (channel === 'vault.unlock') return throttle.attempt(() => dispatch(channel, input));
    const reply = await dispatch(channel, input);
    if (channel === 'vault.lock') {
      checklistFiles.forget();
      await guard.clearIfOurs();
    }
    return reply;
  }

  async function copySecret(id: string): Promise<Envelope<CopyResult>> {
    const secret = core.inventory().reveal(id, 'copied');
    await guard.write(secret.value, prefs.clipboardSeconds * 1000);
    return { ok: true, value: { copied: true, clearsInSeconds: prefs.clipboardSeconds } };
  }

  /** Works with no vault at all: an auditor may only have an export. */
  async function openInventory(): Promise<Envelope<OpenedInventory>> {
    const path = await dialogs.openFile({ title: 'Open an inventory export', kind: 'inventory' });
    if (path === null) return { ok: true, value: { cancelled: true } };
    return { ok: true, value: { cancelled: false, ...openInventoryView(path, core.clock.now()) } };
  }

  /** SECURITY: the file is read here, in the host's core; the renderer gets an id and a name, never the content. */
  async function pickImportFile(): Promise<Envelope<StagedImportFile | null>> {
    const imports = core.session().imports;
    const path = await dialogs.openFile({ title: 'Import keys', kind: 'import' });
    return { ok: true, value: path === null ? null : imports.stage(path) };
  }

  async function answer(call: HostCall, input: unknown): Promise<Envelope<unknown>> {
    const parsed = HOST_CALLS[call].safeParse(input ?? {});
    if (!parsed.success) return fail('BAD_INPUT', `Invalid input for ${call}.`);
    if (isChecklistCall(call)) return { ok: true, value: await checklistFiles.answer(call, parsed.data) };
    if (isTransferCall(call)) return { ok: true, value: await transferFiles.answer(call, parsed.data) };
    switch (call) {
      case 'host.copySecret':
        return copySecret((parsed.data as { id: string }).id);
      case 'host.preferences':
        return { ok: true, value: prefs };
      case 'host.setPreferences':
        prefs = PreferencesSchema.parse({ ...prefs, ...(parsed.data as Partial<Preferences>) });
        preferences.save(prefs);
        return { ok: true, value: prefs };
      case 'host.openInventory':
        return openInventory();
      case 'host.pickImportFile':
        return pickImportFile();
    }
  }

  /** Host calls go through the same error envelope as dispatch: core errors keep their code. */
  async function host(call: unknown, input: unknown): Promise<Envelope<unknown>> {
    if (!isHostCall(call)) return fail('BAD_INPUT', 'Unknown host call.');
    try {
      return await answer(call, input);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const message = (e as { message?: unknown }).message;
      if (e instanceof Error && e.name === 'AppError' && typeof code === 'string' && typeof message === 'string')
        return fail(code, message);
      return fail('INTERNAL', 'Something went wrong inside Keyward; nothing further was changed.');
    }
  }

  return {
    invoke,
    host,
    lock,
    preferences: () => prefs,
  };
}
export type Host = ReturnType<typeof createHost>;
