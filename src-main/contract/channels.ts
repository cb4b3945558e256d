// Every call the renderer (or the test bridge) may make into the core, declared
// once: channel -> zod input. Main validates every input at run time; the renderer
// imports types only. No Node and no DOM here.
import { z } from 'zod';
import { CHECKLIST_CHANNELS, CHECKLIST_HOST_CALLS } from './checklists.js';
import { TRANSFER_HOST_CALLS } from './transfer.js';

const id = z.string().min(1).max(200);
const password = z.string().min(1).max(1024);
const keyFields = z.record(z.string(), z.unknown());
const secret = z.object({ value: z.string(), instanceId: z.string().optional() });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' });
/** An expiry chosen in a platform's portal as a number of days (Kognitos: 7, 30, 60, 90, 180 or 365). */
const expiresInDays = z.number().int().min(1).max(3650);

export const CHANNELS = {
  'vault.status': z.object({}).strict(),
  'vault.create': z.object({ password }).strict(),
  'vault.unlock': z.object({ password }).strict(),
  'vault.lock': z.object({}).strict(),
  'vault.changePassword': z
    .object({ oldPassword: password, newPassword: password, rotateVaultKey: z.boolean().optional() })
    .strict(),
  'keys.list': z
    .object({
      platform: z.string().optional(),
      status: z.string().optional(),
      search: z.string().max(500).optional(),
      tag: z.string().optional(),
      owner: z.string().optional(),
    })
    .strict(),
  'keys.get': z.object({ id }).strict(),
  'keys.add': z.object({ fields: keyFields, secret }).strict(),
  'keys.edit': z.object({ id, patch: keyFields, secret: secret.optional() }).strict(),
  'keys.remove': z.object({ id }).strict(),
  'keys.reveal': z.object({ id }).strict(),
  'alerts.list': z.object({}).strict(),
  'alerts.snooze': z.object({ alertId: id, until: day }).strict(),
  'alerts.acknowledge': z.object({ alertId: id }).strict(),
  'alerts.settings': z.object({}).strict(),
  'alerts.saveSettings': z
    .object({
      expiryThresholdsDays: z.array(z.number().int().min(0).max(3650)).min(1).max(10),
      unusedDays: z.number().int().min(1).max(3650),
    })
    .strict(),
  'keys.verify': z.object({ id }).strict(),
  'keys.createPlan': z
    .object({
      platform: z.string().min(1).max(50),
      account: z.string().max(500).optional(),
      tier: z.string().max(100).optional(),
    })
    .strict(),
  'keys.create': z.object({ fields: keyFields, secret, expiresInDays: expiresInDays.optional() }).strict(),
  'platforms.accounts': z.object({}).strict(),
  'platforms.saveAccounts': z
    .object({
      accounts: z
        .array(
          z
            .object({
              platform: z.string(),
              account: z.string(),
              label: z.string().optional(),
              tier: z.string().optional(),
              baseUrl: z.string().optional(),
            })
            .strict(),
        )
        .max(200),
    })
    .strict(),
  'rotations.plan': z.object({ keyId: id, kind: z.enum(['rotate', 'revoke']) }).strict(),
  'rotations.start': z
    .object({
      keyId: id,
      kind: z.enum(['rotate', 'revoke']),
      confirmName: z.string().max(500).optional(),
      sequence: z.enum(['overlap', 'replace-at-once', 'revoke-first']).optional(),
    })
    .strict(),
  'rotations.open': z.object({ keyId: id }).strict(),
  'rotations.storeNewKey': z
    .object({ runId: id, secret, expiresAt: day.nullable().optional(), expiresInDays: expiresInDays.optional() })
    .strict(),
  'rotations.verifyNewKey': z.object({ runId: id }).strict(),
  'rotations.tickDeployment': z
    .object({ runId: id, place: z.string().min(1).max(500), state: z.enum(['done', 'skipped']) })
    .strict(),
  'rotations.beginRevocation': z.object({ runId: id }).strict(),
  'rotations.confirmOldKeyDead': z.object({ runId: id }).strict(),
  'rotations.reverifyNewKey': z.object({ runId: id }).strict(),
  'rotations.cancel': z.object({ runId: id }).strict(),
  'rotations.markOutageStarted': z.object({ runId: id }).strict(),
  // Import: the file is picked and read by the host (host.pickImportFile); only its id crosses.
  'import.preview': z
    .object({
      fileId: id,
      format: z.string().max(40).optional(),
      mapping: z.record(z.string().max(200), z.string().max(40)).optional(),
      defaultPlatform: z.string().max(50).optional(),
    })
    .strict(),
  'import.commit': z
    .object({
      previewId: id,
      includeDuplicates: z.boolean().optional(),
      corrections: z
        .array(
          z
            .object({
              index: z.number().int().min(0),
              platform: z.string().max(50).optional(),
              name: z.string().max(200).optional(),
              environment: z.string().max(100).optional(),
              include: z.boolean().optional(),
            })
            .strict(),
        )
        .max(1_000_000)
        .optional(),
    })
    .strict(),
  'import.progress': z.object({}).strict(),
  ...CHECKLIST_CHANNELS,
} as const;

export type Channel = keyof typeof CHANNELS;
export type ChannelInput<C extends Channel> = z.input<(typeof CHANNELS)[C]>;

export type ErrorEnvelope = { ok: false; error: { code: string; message: string; subject?: string } };
export type Envelope<T> = { ok: true; value: T } | ErrorEnvelope;

export const isChannel = (c: unknown): c is Channel => typeof c === 'string' && Object.hasOwn(CHANNELS, c);

// Host calls: answered by the host itself (the Electron shell, or the e2e test bridge),
// because they need the operating system (clipboard) or host state (preferences).
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

export const HOST_CALLS = {
  /** Copies a key's secret to the clipboard in the host; the secret never reaches the renderer. */
  'host.copySecret': z.object({ id }).strict(),
  'host.preferences': z.object({}).strict(),
  'host.setPreferences': PreferencesSchema.partial().strict(),
  /** Asks the user for an inventory export (a native open dialog) and returns it read-only. */
  'host.openInventory': z.object({}).strict(),
  /** Opens the native file dialog and stages the chosen file in the core; answers its id, or null when cancelled. */
  'host.pickImportFile': z.object({}).strict(),
  ...CHECKLIST_HOST_CALLS,
  ...TRANSFER_HOST_CALLS,
} as const;

export type HostCall = keyof typeof HOST_CALLS;
export type HostCallInput<H extends HostCall> = z.input<(typeof HOST_CALLS)[H]>;
export const isHostCall = (c: unknown): c is HostCall => typeof c === 'string' && Object.hasOwn(HOST_CALLS, c);
