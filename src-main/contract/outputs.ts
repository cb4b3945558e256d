// What each call answers, joined from the domains. Types only: the core and the host produce
// them, the renderer reads them.
import type { AlertOutputs } from './alerts.js';
import type { Call, CallInput, Channel, Envelope, HostCall } from './channels.js';
export type { Call, CallInput } from './channels.js';
import type { ChecklistHostOutputs, ChecklistOutputs } from './checklists.js';
import type { HostOwnOutputs, ShellCommand } from './host.js';
import type { KeyOutputs, VaultOutputs } from './keys.js';
import type { RotationOutputs } from './rotations.js';
import type { SettingsOutputs } from './settings.js';
import type { ImportOutputs, TransferHostOutputs } from './transfer.js';

export type { AlertListing } from './alerts.js';
export { SHELL_COMMANDS, type CopyResult, type ShellCommand } from './host.js';
export type { KeyListing, VaultStatus } from './keys.js';
export type { CreatePlan, CreatedKeyView, RunPlan, RunSteps, RunView } from './rotations.js';
export type { PlatformAccount, PlatformAccountListing } from './settings.js';
export type {
  ImportPreview,
  ImportProgress,
  ImportSummary,
  InventoryView,
  OpenedInventory,
  StagedImportFile,
} from './transfer.js';

export type ChannelOutputs = VaultOutputs &
  KeyOutputs &
  AlertOutputs &
  RotationOutputs &
  SettingsOutputs &
  ImportOutputs &
  ChecklistOutputs;
export type HostOutputs = HostOwnOutputs & ChecklistHostOutputs & TransferHostOutputs;
export type CallOutputs = ChannelOutputs & HostOutputs;

export type ChannelOutput<C extends Channel> = ChannelOutputs[C];
export type HostOutput<H extends HostCall> = HostOutputs[H];
export type CallOutput<C extends Call> = CallOutputs[C];

/** The API the preload exposes as window.keyward. */
export type KeywardApi = {
  invoke: <C extends Call>(channel: C, input: CallInput<C>) => Promise<Envelope<CallOutput<C>>>;
  /** The application menu's commands (Electron only; absent in the test bridge). */
  onCommand?: (listener: (command: ShellCommand) => void) => void;
};
