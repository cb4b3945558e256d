// The host domain of the contract: calls the host answers itself (the Electron shell, or the
// e2e test bridge), because they need the operating system (clipboard) or host state
// (preferences), and the API the preload exposes. Imports only zod.
import { z } from 'zod';
import { id, password } from './schemas.js';

export const THEMES = ['system', 'light', 'dark'] as const;
export const PreferencesSchema = z
  .object({
    theme: z.enum(THEMES),
    autoLockMinutes: z.number().int().min(1).max(240),
    clipboardSeconds: z.number().int().min(5).max(300),
    /** The app, while unlocked, serves as the command line's agent (docs/AGENT.md); set by host.setCliAgent only. */
    cliAgent: z.boolean().default(false),
  })
  .strict();
export type Preferences = z.output<typeof PreferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  autoLockMinutes: 5,
  clipboardSeconds: 30,
  cliAgent: false,
};

export const HOST_OWN_CALLS = {
  /** Copies a key's secret to the clipboard in the host; the secret never reaches the renderer. */
  'host.copySecret': z.object({ id }).strict(),
  'host.preferences': z.object({}).strict(),
  // cliAgent is not set here: turning it on needs the master password (host.setCliAgent).
  'host.setPreferences': PreferencesSchema.omit({ cliAgent: true }).partial().strict(),
  'host.cliAgent': z.object({}).strict(),
  /** On: the master password goes to the agent on a pipe and is not kept. Off: the agent locks. */
  'host.setCliAgent': z.discriminatedUnion('on', [
    z.object({ on: z.literal(true), password }).strict(),
    z.object({ on: z.literal(false) }).strict(),
  ]),
} as const;

/** The command line's agent as the app sees it; never a secret. */
export const CliAgentStatusSchema = z.strictObject({
  /** Whether this build can start the agent (a packaged app ships no command line yet). */
  available: z.boolean(),
  /** Why not, when not available. */
  unavailableReason: z.string().nullable(),
  /** The setting. */
  on: z.boolean(),
  /** Whether an agent answers for this vault now (started by the app or by `keyward unlock`). */
  running: z.boolean(),
  /** Why the last start failed, else null. */
  problem: z.string().nullable(),
});
export type CliAgentStatus = z.output<typeof CliAgentStatusSchema>;

/** What a copy answers: that it happened and when the clipboard clears; never the secret. */
export const CopyResultSchema = z.strictObject({ copied: z.literal(true), clearsInSeconds: z.number() });
export type CopyResult = z.output<typeof CopyResultSchema>;

export const HOST_OWN_OUTPUTS = {
  'host.copySecret': CopyResultSchema,
  'host.preferences': PreferencesSchema,
  'host.setPreferences': PreferencesSchema,
  'host.cliAgent': CliAgentStatusSchema,
  'host.setCliAgent': CliAgentStatusSchema,
} as const;

export { SHELL_COMMANDS, type ShellCommand } from './shell-commands.js';
