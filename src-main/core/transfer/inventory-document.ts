// The Keyward JSON document: one format for the inventory export (no secrets, no
// hints: offline inspection and audits), for the plaintext export of secrets
// (behind the master password and a warning) and for the "keyward" importer.
// `containsSecrets` says which it is; a document that says false never holds a
// `secret` or `hint` field anywhere, and the parser refuses one that does.
import { z } from 'zod';
import { ATTENTION_STATES, STATUS_TRUTHS } from '../../contract/attention.js';
import { KEY_STATUSES, PLATFORM_IDS, VERIFY_RESULTS } from '../inventory/key.types.js';

export const INVENTORY_FORMAT = 'keyward.inventory';
export const INVENTORY_VERSION = 1;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .nullable();

/** One key as exported: the record's id and everything known about it except its secret and hint. */
export const ExportedKeySchema = z
  .object({
    id: z.string().min(1).max(200),
    platform: z.enum(PLATFORM_IDS),
    name: z.string().min(1).max(200),
    account: z.string().max(500),
    baseUrl: z.string().max(2000).optional(),
    scopes: z.array(z.string().max(500)).max(200),
    environment: z.string().max(100),
    owner: z.string().max(200),
    purpose: z.string().max(1000),
    deployedTo: z.array(z.string().max(500)).max(200),
    tags: z.array(z.string().max(500)).max(200),
    notes: z.string().max(20_000),
    createdAt: day,
    expiresAt: day,
    lastUsedAt: day,
    status: z.enum(KEY_STATUSES),
    rotateEveryDays: z.number().int().min(1).max(3650).nullable(),
    lastVerification: z
      .object({
        at: z.string().max(40),
        result: z.enum(VERIFY_RESULTS),
        message: z.string().max(2000),
        identity: z.string().max(500).optional(),
      })
      .nullable(),
    extra: z.record(z.string(), z.string().max(1000)),
    /**
     * What the key's history says, reduced to the dates the alert rules read: the last time
     * Keyward used the secret (reveal, copy), the last time it was replaced, and when its
     * revocation started. ISO instants. The history itself is not exported.
     */
    activity: z
      .object({
        lastUsedInKeyward: z.string().max(40).nullable(),
        secretChangedAt: z.string().max(40).nullable(),
        revocationStartedAt: z.string().max(40).nullable(),
      })
      .strict()
      .optional(),
    recordCreatedAt: z.string().max(40),
    recordUpdatedAt: z.string().max(40),
    /** Only in a document with containsSecrets: true. */
    secret: z.object({ value: z.string().min(1).max(16_384), instanceId: z.string().max(500).optional() }).optional(),
    // What the app showed of the key when it was exported (as `keyward list --json` prints it):
    // the status it tells (an expired key still recorded active shows expired), its attention
    // state and reasons. Informative only: reading an export back computes them again.
    statusShown: z.enum(STATUS_TRUTHS).optional(),
    state: z.enum(ATTENTION_STATES).optional(),
    reasons: z
      .array(
        z
          .object({ kind: z.string().max(100), state: z.enum(ATTENTION_STATES), message: z.string().max(2000) })
          .strict(),
      )
      .max(50)
      .optional(),
  })
  .strict();
export type ExportedKey = z.output<typeof ExportedKeySchema>;

export const InventoryDocumentSchema = z
  .object({
    format: z.literal(INVENTORY_FORMAT),
    version: z.literal(INVENTORY_VERSION),
    exportedAt: z.string().max(40),
    /** A label for the report (the vault file's base name); never a path. */
    source: z.string().max(200),
    containsSecrets: z.boolean(),
    keys: z.array(ExportedKeySchema).max(1_000_000),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (doc.containsSecrets) return;
    const at = doc.keys.findIndex((k) => k.secret !== undefined);
    if (at >= 0) ctx.addIssue({ code: 'custom', path: ['keys', at, 'secret'], message: 'must not be present' });
  });
export type InventoryDocument = z.output<typeof InventoryDocumentSchema>;
