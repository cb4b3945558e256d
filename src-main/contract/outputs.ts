// What each call answers, joined from the domains: call -> zod output schema, with the types
// inferred from it. The core and the host produce the answers, the dispatch checks them against
// these schemas (core/app/dispatch.ts), the renderer reads the types. Imports only zod.
import type { z } from 'zod';
import { ALERT_OUTPUTS } from './alerts.js';
import type { Call, CallInput, Channel, Envelope, HostCall } from './channels.js';
export type { Call, CallInput } from './channels.js';
import { CHECKLIST_HOST_OUTPUTS, CHECKLIST_OUTPUTS } from './checklists.js';
import { HOST_OWN_OUTPUTS, type ShellCommand } from './host.js';
import { KEY_OUTPUTS, VAULT_OUTPUTS } from './keys.js';
import { ROTATION_OUTPUTS } from './rotations.js';
import { SCAN_HOST_OUTPUTS, SCAN_OUTPUTS } from './scan.js';
import { SETTINGS_OUTPUTS } from './settings.js';
import { IMPORT_OUTPUTS, TRANSFER_HOST_OUTPUTS } from './transfer.js';

export type { AlertListing } from './alerts.js';
export { SHELL_COMMANDS, type CliAgentStatus, type CopyResult, type ShellCommand } from './host.js';
export type { KeyListing, VaultStatus } from './keys.js';
export type { PlaintextFinding, ScanPlace, ScanResult, ScanStatus } from './scan.js';
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

/** What every core channel answers (core/app/handlers.ts). */
export const CHANNEL_OUTPUTS = {
  ...VAULT_OUTPUTS,
  ...KEY_OUTPUTS,
  ...ALERT_OUTPUTS,
  ...ROTATION_OUTPUTS,
  ...SETTINGS_OUTPUTS,
  ...IMPORT_OUTPUTS,
  ...CHECKLIST_OUTPUTS,
  ...SCAN_OUTPUTS,
} as const satisfies { [C in Channel]: z.ZodType };

/** What every host call answers (host/host.ts). */
export const HOST_OUTPUTS = {
  ...HOST_OWN_OUTPUTS,
  ...CHECKLIST_HOST_OUTPUTS,
  ...TRANSFER_HOST_OUTPUTS,
  ...SCAN_HOST_OUTPUTS,
} as const satisfies { [H in HostCall]: z.ZodType };

/** Every call's answer, core or host: the dispatch checks answers against this table. */
export const CALL_OUTPUTS = { ...CHANNEL_OUTPUTS, ...HOST_OUTPUTS } as const;

// No answer schema without its call: a renamed channel must be renamed in both tables.
const noStrayOutput: Record<Exclude<keyof typeof CALL_OUTPUTS, Call>, never> = {};
void noStrayOutput;

export type CallOutputs = { [C in Call]: z.output<(typeof CALL_OUTPUTS)[C]> };
export type ChannelOutputs = Pick<CallOutputs, Channel>;
export type HostOutputs = Pick<CallOutputs, HostCall>;
export type ChannelOutput<C extends Channel> = CallOutputs[C];
export type HostOutput<H extends HostCall> = CallOutputs[H];
export type CallOutput<C extends Call> = CallOutputs[C];

/** The API the preload exposes as window.keyward. */
export type KeywardApi = {
  invoke: <C extends Call>(channel: C, input: CallInput<C>) => Promise<Envelope<CallOutput<C>>>;
  /** The application menu's commands (Electron only; absent in the test bridge). */
  onCommand?: (listener: (command: ShellCommand) => void) => void;
};
