// Every call a host may pass to the core or answer itself, declared once: call -> zod input,
// joined from the domains (keys, alerts, rotations, checklists, transfer, settings, host).
// The dispatch validates every input at run time; the renderer imports types only.
// Imports only zod: no Node, no DOM and no core module here.
import type { z } from 'zod';
import { ALERT_CHANNELS } from './alerts.js';
import { CHECKLIST_CHANNELS, CHECKLIST_HOST_CALLS } from './checklists.js';
import { HOST_OWN_CALLS } from './host.js';
import { KEY_CHANNELS, VAULT_CHANNELS, type SecretHolder } from './keys.js';
import { ROTATION_CHANNELS } from './rotations.js';
import { SCAN_CHANNELS, SCAN_HOST_CALLS } from './scan.js';
import { SETTINGS_CHANNELS } from './settings.js';
import { IMPORT_CHANNELS, TRANSFER_HOST_CALLS } from './transfer.js';

export { DEFAULT_PREFERENCES, PreferencesSchema, THEMES, type Preferences } from './host.js';

/** The calls the core answers (core/app/handlers.ts). */
export const CHANNELS = {
  ...VAULT_CHANNELS,
  ...KEY_CHANNELS,
  ...ALERT_CHANNELS,
  ...ROTATION_CHANNELS,
  ...SETTINGS_CHANNELS,
  ...IMPORT_CHANNELS,
  ...CHECKLIST_CHANNELS,
  ...SCAN_CHANNELS,
} as const;

/** The calls a host answers itself (host/host-handlers.ts): the clipboard, preferences, native file dialogs. */
export const HOST_CALLS = {
  ...HOST_OWN_CALLS,
  ...CHECKLIST_HOST_CALLS,
  ...TRANSFER_HOST_CALLS,
  ...SCAN_HOST_CALLS,
} as const;

/** Every call, core or host: one dispatch validates against this table. */
export const CALLS = { ...CHANNELS, ...HOST_CALLS } as const;

export type Channel = keyof typeof CHANNELS;
export type HostCall = keyof typeof HOST_CALLS;
export type Call = keyof typeof CALLS;
/** What a call's caller passes. */
export type CallInput<C extends Call> = z.input<(typeof CALLS)[C]>;
/** What a call's handler receives: the input after validation (defaults filled in). */
export type CallArgs<C extends Call> = z.output<(typeof CALLS)[C]>;

/**
 * What an error is about, as data, for a host that words it itself (the app: messages.ts) rather
 * than show the core's message, which is written for the CLI. `newKey`: the secret was given as a
 * new key (a rotation, a created key), which can never be one already stored; otherwise storing
 * it twice is the user's choice.
 */
export type ErrorDetail = { reason: 'duplicate-secret'; holder: SecretHolder; newKey: boolean };

export type ErrorEnvelope = {
  ok: false;
  error: { code: string; message: string; subject?: string; detail?: ErrorDetail };
};
export type Envelope<T> = { ok: true; value: T } | ErrorEnvelope;

export const isCall = (c: unknown): c is Call => typeof c === 'string' && Object.hasOwn(CALLS, c);

/** A call that only reads (a listing or a status): the shell refreshes its tray after any other. */
export const isQuery = (c: unknown): boolean =>
  typeof c === 'string' && isCall(c) && (c.endsWith('.list') || c.endsWith('.status'));
