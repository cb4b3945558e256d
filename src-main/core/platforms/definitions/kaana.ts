// Kaana: keys sent as Bearer. The same header also accepts short-lived login
// JWTs, so a pasted JWT with `exp` is flagged as a session token, never stored as a key silently.

import { z } from 'zod';
import { claimExpiry, decodeJwtPayload } from '../jwt.js';
import type { ErrorVerdict, LocalKeyFacts, PlatformDefinition } from '../platform.types.js';
import { BEARER, safeLabel, ymd, OVERLAP_ROTATION } from './common.js';

const userSchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  username: z.string().optional(),
  role: z.string().optional(),
  tenantId: z.union([z.string(), z.number()]).optional(),
});
const errorSchema = z.looseObject({ error: z.string().optional(), message: z.string().optional() });

function identity(json: unknown): string | null {
  const parsed = userSchema.safeParse(json);
  if (!parsed.success) return null;
  const who = safeLabel(parsed.data.username) ?? `user ${safeLabel(parsed.data.id) ?? '?'}`;
  const tenant = safeLabel(parsed.data.tenantId);
  return tenant === undefined ? who : `${who} (tenant ${tenant})`;
}

function explainError(status: number, json: unknown): ErrorVerdict | undefined {
  if (status !== 401) return undefined;
  const body = errorSchema.safeParse(json);
  const message = body.success ? body.data.message?.trim().toLowerCase() : undefined;
  if (message === 'unauthorized') {
    return {
      result: 'forbidden',
      message: 'Kaana knows this key but refused it: the account is inactive or lacks permission.',
    };
  }
  return { result: 'invalid', message: 'Kaana refused this key: it is wrong or was revoked.' };
}

function localFacts(value: string): LocalKeyFacts {
  const claims = decodeJwtPayload(value);
  const exp = claims === null ? undefined : claimExpiry(claims);
  if (exp === undefined) return { facts: {}, warnings: [] };
  return {
    facts: { valueKind: 'session-token' },
    expiresAt: ymd(exp),
    warnings: [
      'This looks like a Kaana login session token (it expires soon), not an API key. Create an API key in Settings > API Keys instead.',
    ],
  };
}

export const kaana: PlatformDefinition = {
  id: 'kaana',
  displayName: 'Kaana',
  defaultBaseUrl: 'https://app.kaana.com',
  knownBaseUrls: ['https://sandbox.kaana.com'],
  accountLabel: 'Tenant',
  auth: BEARER,
  verify: { method: 'GET', path: '/api/user', identity, explainError },
  keyFormat: { prefixes: [], prefixConfidence: 'low', description: 'No documented format.' },
  limits: {
    maxActiveKeys: { count: 5, per: 'account', onlyOnTiers: ['standard'] },
    tiers: ['standard', 'enterprise'],
    assumedTier: 'standard',
    rateLimit: {
      limit: 100,
      windowMs: 60_000,
      sendsHeaders: false,
      note: '100 requests/min on Standard, shared by every key of the account; higher on Enterprise.',
    },
  },
  portal: {
    menuPath: 'Kaana > Settings > API Keys',
    create: [
      'In Kaana, open Settings and select API Keys (this needs the right permissions).',
      'Click + Create API Key and enter a descriptive name.',
      'Click Create and copy the key at once: it is shown only once.',
    ],
    revoke: [
      'In Kaana, open Settings > API Keys and find the key.',
      'Click Revoke and confirm.',
      'The key stops working immediately; this cannot be undone.',
    ],
    notes: ['Standard plan: at most 5 active keys. The list shows name, created, last used and status.'],
  },
  rotation: OVERLAP_ROTATION,
  expiry: { kind: 'none', note: 'Kaana API keys do not expire; revoke them when done.' },
  access: [],
  accessNote: "Keys inherit the creating user's permissions; tenant isolation is enforced.",
  capabilities: { verify: 'api', create: 'portal', revoke: 'portal', list: 'portal', lastUsed: 'portal' },
  localFacts,
};
