// The key model: everything Keyward knows about one API key. Types only; the
// runtime schema lives in key.schemas.ts. Never put secret material in KeyMeta.

export const PLATFORM_IDS = ['kai', 'kubiya', 'kognitos', 'knouds', 'kaana', 'custom'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

export const KEY_STATUSES = ['active', 'expired', 'revoked', 'revocation-pending'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const VERIFY_RESULTS = [
  'valid',
  'invalid',
  'revoked',
  'retired',
  'forbidden',
  'wrong-instance',
  'rate-limited',
  'unreachable',
  'platform-error',
] as const;
export type VerifyResult = (typeof VERIFY_RESULTS)[number];

export type Verification = {
  at: string; // ISO timestamp
  result: VerifyResult;
  message: string; // safe for display, never holds the secret
  identity?: string; // who/what the key belongs to, as the platform told us
};

export type HistoryEntry = {
  at: string; // ISO timestamp
  action: string; // created, edited, secret-changed, verified, status, revealed, copied ...
  detail?: string; // safe text: field names, never values of the secret
};

/** Non-secret metadata of a key. Encrypted at rest as one blob (field "meta"). */
export type KeyMeta = {
  platform: PlatformId;
  name: string;
  account: string; // instance id, organisation or workspace
  baseUrl?: string; // API base override (sandbox, region, simulator)
  hint: string; // known prefix + last 4 characters; never the whole secret
  scopes: string[];
  environment: string;
  owner: string;
  purpose: string;
  deployedTo: string[];
  tags: string[];
  notes: string;
  createdAt: string | null; // YYYY-MM-DD, the platform's creation date
  expiresAt: string | null; // YYYY-MM-DD
  lastUsedAt: string | null; // YYYY-MM-DD
  status: KeyStatus;
  rotateEveryDays: number | null;
  lastVerification: Verification | null;
  history: HistoryEntry[];
  /** Platform-specific local facts (Kognitos permission level, Knouds preset ...). */
  extra: Record<string, string>;
};

/** A key as listed: its id, timestamps of the record, and decrypted metadata. */
export type KeyRecord = KeyMeta & {
  id: string;
  recordCreatedAt: string; // ISO timestamp of the vault record
  recordUpdatedAt: string;
};

/** The secret. For KAI it is the instance-id + api-key pair. */
export type KeySecret = { value: string; instanceId?: string };
