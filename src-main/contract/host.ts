// The host domain of the contract: calls the host answers itself (the Electron shell, or the
// e2e test bridge), because they need the operating system (clipboard) or host state
// (preferences), and the API the preload exposes. Imports only zod.
import { z } from 'zod';
import { id } from './schemas.js';

export const THEMES = ['system', 'light', 'dark'] as const;
export const PreferencesSchema = z
  .object({
    theme: z.enum(THEMES),
    autoLockMinutes: z.number().int().min(1).max(240),
    clipboardSeconds: z.number().int().min(5).max(300),
  })
  .strict();
export type Preferences = z.output<typeof PreferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = { theme: 'system', autoLockMinutes: 5, clipboardSeconds: 30 };

export const HOST_OWN_CALLS = {
  /** Copies a key's secret to the clipboard in the host; the secret never reaches the renderer. */
  'host.copySecret': z.object({ id }).strict(),
  'host.preferences': z.object({}).strict(),
  'host.setPreferences': PreferencesSchema.partial().strict(),
} as const;

/** What a copy answers: that it happened and when the clipboard clears; never the secret. */
export const CopyResultSchema = z.strictObject({ copied: z.literal(true), clearsInSeconds: z.number() });
export type CopyResult = z.output<typeof CopyResultSchema>;

export const HOST_OWN_OUTPUTS = {
  'host.copySecret': CopyResultSchema,
  'host.preferences': PreferencesSchema,
  'host.setPreferences': PreferencesSchema,
} as const;

export { SHELL_COMMANDS, type ShellCommand } from './shell-commands.js';
