// What each channel answers. Types only: the core produces them, the renderer reads them.
import type { Alert, AlertSettings, AlertState } from '../core/alerts/alert.types.js';
import type { KeyRecord, KeySecret, Verification } from '../core/inventory/key.types.js';
import type { CreatePlan } from '../core/lifecycle/create-key.js';
import type { PlatformAccount } from '../core/settings/platform-accounts.js';
import type { InventoryView } from '../core/transfer/inspect.js';
import type { ImportPreview } from '../core/transfer/import/import-plan.js';
import type { ImportProgress, ImportSummary } from '../core/transfer/import/import.service.js';
import type { NextStep, RotationRun, RunPlan, RunSteps } from '../core/lifecycle/rotation.types.js';
import type { ChecklistHostOutputs, ChecklistOutputs } from './checklists.js';
import type { TransferHostOutputs } from './transfer.js';
import type { Channel, ChannelInput, Envelope, HostCall, HostCallInput, Preferences } from './channels.js';

export type VaultStatus = {
  exists: boolean;
  unlocked: boolean;
  path: string;
  readOnly: boolean;
  damage: string | null;
  /** The key rows do not match the vault's manifest (edited outside Keyward); null when they do. */
  integrityWarning: string | null;
  /** The vault is behind its commit counter: acknowledged writes are missing; null when not. */
  commitWarning: string | null;
  /** Why a sound vault is open read-only (read-only media or file, a full disk); null when writable. */
  readOnlyReason: string | null;
};
export type KeyListing = { keys: KeyRecord[]; damaged: { id: string; message: string }[] };

export type ChannelOutputs = ChecklistOutputs & {
  'vault.status': VaultStatus;
  'vault.create': VaultStatus;
  'vault.unlock': VaultStatus;
  'vault.lock': VaultStatus;
  'vault.changePassword': { changed: true; rotated: boolean };
  'keys.list': KeyListing;
  'keys.get': KeyRecord;
  'keys.add': KeyRecord;
  'keys.edit': KeyRecord;
  'keys.remove': { removed: string };
  'keys.reveal': KeySecret;
  'alerts.list': AlertListing;
  'alerts.snooze': AlertState;
  'alerts.acknowledge': AlertState;
  'alerts.settings': AlertSettings;
  'alerts.saveSettings': AlertSettings;
  'keys.verify': Verification;
  'keys.createPlan': CreatePlan;
  'keys.create': CreatedKeyView;
  'platforms.accounts': PlatformAccountListing;
  'platforms.saveAccounts': PlatformAccountListing;
  'rotations.plan': RunPlan;
  'rotations.start': RunView;
  'rotations.open': RunView | null;
  'rotations.storeNewKey': RunView;
  'rotations.verifyNewKey': RunView & { verification: Verification };
  'rotations.tickDeployment': RunView;
  'rotations.beginRevocation': RunView;
  'rotations.confirmOldKeyDead': RunView & {
    verification: Verification;
    confirmed: boolean;
    newKeyVerification: Verification | null;
  };
  'rotations.reverifyNewKey': RunView & { verification: Verification };
  'rotations.cancel': RunView;
  'rotations.markOutageStarted': RunView;
  'import.preview': ImportPreview;
  'import.commit': ImportSummary;
  'import.progress': ImportProgress;
};
export type { ImportPreview, ImportProgress, ImportSummary };
export type { RunPlan, RunSteps };

/** A file the host read for import: only its id and name reach the renderer, never its content. */
export type StagedImportFile = { fileId: string; fileName: string; size: number };

/** A key just created through its platform's flow: stored first, then verified (null for a custom key). */
export type CreatedKeyView = { key: KeyRecord; verification: Verification | null; warnings: string[] };
export type { CreatePlan, PlatformAccount };

/** The user's platform accounts (Settings), used to prefill a new key's account. */
export type PlatformAccountListing = { accounts: PlatformAccount[] };

/** A rotation or revocation run and what the user is asked to do next. */
export type RunView = { run: RotationRun; next: NextStep; steps: RunSteps };

/** The alerts that stand now, snoozed and acknowledged ones left out, most urgent first. */
export type AlertListing = { alerts: Alert[] };

export type CopyResult = { copied: true; clearsInSeconds: number };
export type HostOutputs = ChecklistHostOutputs &
  TransferHostOutputs & {
    'host.copySecret': CopyResult;
    'host.preferences': Preferences;
    'host.setPreferences': Preferences;
    'host.openInventory': OpenedInventory;
    'host.pickImportFile': StagedImportFile | null;
  };

/** An inventory export shown read-only, or nothing when the user cancelled the dialog. */
export type OpenedInventory = { cancelled: true } | ({ cancelled: false } & InventoryView);
export type HostOutput<H extends HostCall> = HostOutputs[H];

export type ChannelOutput<C extends Channel> = ChannelOutputs[C];

/** Any call the renderer may make: a core channel, or a host call (see HOST_CALLS) the host answers itself. */
export type Call = Channel | HostCall;
export type CallInput<C extends Call> = C extends Channel
  ? ChannelInput<C>
  : C extends HostCall
    ? HostCallInput<C>
    : never;
export type CallOutput<C extends Call> = C extends Channel
  ? ChannelOutput<C>
  : C extends HostCall
    ? HostOutput<C>
    : never;

/** The API the preload exposes as window.keyward. */
/** Commands the shell's application menu sends to the interface. */
export const SHELL_COMMANDS = ['open-inventory', 'export-inventory', 'backup-vault'] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

export type KeywardApi = {
  invoke: <C extends Call>(channel: C, input: CallInput<C>) => Promise<Envelope<CallOutput<C>>>;
  /** The application menu's commands (Electron only; absent in the test bridge). */
  onCommand?: (listener: (command: ShellCommand) => void) => void;
};
