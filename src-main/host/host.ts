// The host side of the renderer's calls, shared by the Electron shell and the e2e test
// bridge: one dispatch over one handler map, the core's channels joined with the calls a
// host answers itself (copy to clipboard, preferences, native file dialogs), unlocking behind
// the throttle. No `electron` import: the OS comes in as ports.
// SECURITY: a secret leaves this module only towards the clipboard port, never in a reply.
import { PreferencesSchema, type Channel, type Preferences } from '../contract/channels.js';
import type { HOST_OWN_CALLS } from '../contract/host.js';
import type { VaultStatus } from '../contract/keys.js';
import type { SCAN_HOST_CALLS } from '../contract/scan.js';
import type { TRANSFER_HOST_CALLS } from '../contract/transfer.js';
import type { Core } from '../core/app/create-core.js';
import { createDispatch, type Dispatch, type HandlerMap } from '../core/app/dispatch.js';
import { coreHandlers } from '../core/app/handlers.js';
import { AppError, isAppError, type ErrorCode } from '../core/errors.js';
import { openInventoryView } from '../core/transfer/inspect.js';
import type { CliAgentStatus } from '../contract/host.js';
import { createChecklistFiles } from './checklist-files.js';
import { createCliAgent, type AgentLauncherChoice, type AgentStart } from './cli-agent.js';
import { NO_DIALOGS, type FileDialogs } from './file-dialogs.js';
import { createClipboardGuard, type ClipboardPort, type Timers } from './clipboard-guard.js';
import { createTransferFiles } from './transfer-files.js';
import { createUnlockThrottle } from './unlock-throttle.js';

export type PreferencesStore = { load: () => Preferences; save: (p: Preferences) => void };

/** What the Electron shell does around calls (idle lock, schedule file, tray); the bridge needs none. */
export type HostEvents = {
  /** Before the vault locks on request, while it is still open. */
  beforeLock?: () => void;
  /** After the vault locked on request. */
  locked?: () => void;
  /** After a vault was created or unlocked. */
  opened?: () => void;
  /** After the preferences changed. */
  preferencesChanged?: (p: Preferences) => void;
};

type HostDeps = {
  core: Core;
  clipboard: ClipboardPort;
  preferences: PreferencesStore;
  timers: Timers;
  /** Native open/save dialogs (inventory exports, imports, backups, checklist files); absent: every pick is cancelled. */
  dialogs?: FileDialogs;
  events?: HostEvents;
  /** How this host runs `keyward` to serve the command line while unlocked (docs/AGENT.md); absent: it cannot. */
  agentLauncher?: AgentLauncherChoice;
};

const NO_LAUNCHER: AgentLauncherChoice = { unavailable: 'This host cannot start the command line.' };

type OwnCall =
  | keyof typeof HOST_OWN_CALLS
  | keyof typeof SCAN_HOST_CALLS
  | keyof Pick<typeof TRANSFER_HOST_CALLS, 'host.openInventory' | 'host.pickImportFile'>;

export function createHost({
  core,
  clipboard,
  preferences,
  timers,
  dialogs = NO_DIALOGS,
  events = {},
  agentLauncher = NO_LAUNCHER,
}: HostDeps) {
  const checklistFiles = createChecklistFiles(core, dialogs);
  const guard = createClipboardGuard(clipboard, timers);
  const throttle = createUnlockThrottle(timers);
  // Exports and backups re-check the master password through the same throttle as unlocking.
  const transferFiles = createTransferFiles(core, dialogs, (check) => throttle.attempt(check));
  let prefs = preferences.load();
  const fromCore = coreHandlers(core);
  const cliAgent = createCliAgent(agentLauncher, core.status().path);
  let agentStarting: Promise<unknown> = Promise.resolve();
  let agentProblem: string | null = null;

  /** Starts the command line's agent with the password just typed; the password is not kept. */
  function startAgent(password: string): Promise<AgentStart> {
    const started = cliAgent.start(password, prefs.autoLockMinutes).then((r) => {
      agentProblem = r.ok ? null : r.message;
      return r;
    });
    agentStarting = started;
    return started;
  }
  /** After an unlock or a create in the app: the agent starts in the background when the setting is on. */
  function opened(password: string): void {
    if (prefs.cliAgent && cliAgent.available) void startAgent(password);
  }
  async function agentStatus(): Promise<CliAgentStatus> {
    await agentStarting;
    return {
      available: cliAgent.available,
      unavailableReason: cliAgent.unavailableReason,
      on: prefs.cliAgent,
      running: await cliAgent.running(),
      problem: prefs.cliAgent ? agentProblem : null,
    };
  }

  async function lock(): Promise<void> {
    core.lock();
    checklistFiles.forget();
    await Promise.all([guard.clearIfOurs(), agentStarting.then(() => cliAgent.lock())]);
  }

  /** The core's vault calls, with what a host adds: the unlock throttle, forgetting on lock. */
  const vault: Pick<HandlerMap<Channel>, 'vault.unlock' | 'vault.create' | 'vault.lock'> = {
    'vault.unlock': async (input) => {
      const reply = await throttle.attempt(async () => {
        try {
          return { ok: true, value: await fromCore['vault.unlock'](input) };
        } catch (e) {
          if (!isAppError(e)) throw e;
          return { ok: false, error: { code: e.code, message: e.message } };
        }
      });
      if (!reply.ok) throw new AppError(reply.error.code as ErrorCode, reply.error.message);
      opened(input.password);
      events.opened?.();
      return reply.value as VaultStatus;
    },
    'vault.create': async (input) => {
      const status = await fromCore['vault.create'](input);
      opened(input.password);
      events.opened?.();
      return status;
    },
    'vault.lock': async () => {
      events.beforeLock?.();
      await lock();
      events.locked?.();
      return core.status();
    },
  };

  const own: HandlerMap<OwnCall> = {
    'host.copySecret': async ({ id }) => {
      const secret = core.inventory().reveal(id, 'copied');
      await guard.write(secret.value, prefs.clipboardSeconds * 1000);
      return { copied: true, clearsInSeconds: prefs.clipboardSeconds };
    },
    'host.preferences': () => prefs,
    'host.setPreferences': (patch) => {
      prefs = PreferencesSchema.parse({ ...prefs, ...patch });
      preferences.save(prefs);
      events.preferencesChanged?.(prefs);
      return prefs;
    },
    'host.cliAgent': () => agentStatus(),
    /** On needs the master password again (the app never keeps it), checked through the unlock throttle. */
    'host.setCliAgent': async (input) => {
      if (input.on) {
        core.session(); // VAULT_LOCKED when locked: the agent starts only beside an unlocked app
        if (!cliAgent.available) throw new AppError('BAD_INPUT', cliAgent.unavailableReason ?? 'Not available.');
        const password = input.password;
        const reply = await throttle.attempt(async () => {
          const r = await startAgent(password);
          return r.ok ? { ok: true, value: r } : { ok: false, error: { code: r.code, message: r.message } };
        });
        if (!reply.ok) throw new AppError(reply.error.code as ErrorCode, reply.error.message);
        prefs = PreferencesSchema.parse({ ...prefs, cliAgent: true });
      } else {
        prefs = PreferencesSchema.parse({ ...prefs, cliAgent: false });
        await agentStarting;
        await cliAgent.lock();
      }
      preferences.save(prefs);
      events.preferencesChanged?.(prefs);
      return agentStatus();
    },
    /** Works with no vault at all: an auditor may only have an export. */
    'host.openInventory': async () => {
      const path = await dialogs.openFile({ title: 'Open an inventory export', kind: 'inventory' });
      if (path === null) return { cancelled: true };
      return { cancelled: false, ...openInventoryView(path, core.clock.now()) };
    },
    /** SECURITY: the file is read here, in the host's core; the renderer gets an id and a name, never the content. */
    'host.pickImportFile': async () => {
      const imports = core.session().imports;
      const path = await dialogs.openFile({ title: 'Import keys', kind: 'import' });
      return path === null ? null : imports.stage(path);
    },
    /** SECURITY: the folder comes from the native dialog and is scanned here, in the host; the renderer polls counts. */
    'host.scanFolder': async ({ gitHistory }) => {
      core.session(); // VAULT_LOCKED before any dialog
      const folder = await dialogs.openFolder({ title: 'Scan a folder for plaintext keys', kind: 'scan' });
      if (folder === null) return { status: 'cancelled' as const };
      return { status: 'started' as const, scan: core.session().scans.start(folder, gitHistory) };
    },
  };

  const dispatch: Dispatch = createDispatch({
    ...fromCore,
    ...vault,
    ...own,
    ...checklistFiles.handlers,
    ...transferFiles.handlers,
  });

  return {
    /** Every call the renderer may make, core or host, through one validation and one error mapping. */
    dispatch,
    lock,
    preferences: () => prefs,
  };
}
export type Host = ReturnType<typeof createHost>;
