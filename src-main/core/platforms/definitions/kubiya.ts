// Kubiya: verify on the platform API (users/self, `UserKey`). Never confirm a
// revocation with the control plane's /auth/validate: it was seen to cache
// results for up to 24 h and to call a revoked key valid.

import { z } from 'zod';
import { claimExpiry, claimText, decodeJwtPayload } from '../jwt.js';
import type { LocalKeyFacts, PlatformDefinition } from '../platform.types.js';
import { safeLabel, ymd, OVERLAP_ROTATION } from './common.js';

const selfSchema = z.looseObject({
  uuid: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  org: z.string().optional(),
  status: z.string().optional(),
});

function identity(json: unknown): string | null {
  const parsed = selfSchema.safeParse(json);
  if (!parsed.success) return null;
  const who = safeLabel(parsed.data.email) ?? safeLabel(parsed.data.name) ?? safeLabel(parsed.data.uuid);
  if (who === undefined) return null;
  const org = safeLabel(parsed.data.org);
  return org === undefined ? who : `${who} (org ${org})`;
}

function localFacts(value: string, now: Date): LocalKeyFacts {
  const claims = decodeJwtPayload(value);
  if (claims === null) return { facts: {}, warnings: [] };
  const facts: Record<string, string> = {};
  const org = claimText(claims, 'organization', 'org');
  const email = claimText(claims, 'email');
  const tokenName = claimText(claims, 'token_name');
  if (org !== undefined) facts['organization'] = org;
  if (email !== undefined) facts['email'] = email;
  if (tokenName !== undefined) facts['tokenName'] = tokenName;
  const exp = claimExpiry(claims);
  const warnings = exp !== undefined && exp <= now ? ['The expiry date written in this key has passed.'] : [];
  return exp === undefined ? { facts, warnings } : { facts, warnings, expiresAt: ymd(exp) };
}

const SCOPES = [
  'agents:read',
  'agents:write',
  'tasks:read',
  'tasks:execute',
  'workflows:read',
  'workflows:manage',
  'knowledge:read',
  'knowledge:write',
  'runners:read',
  'runners:manage',
  'integrations:read',
  'integrations:write',
  'webhooks:manage',
  'admin',
] as const;

export const kubiya: PlatformDefinition = {
  id: 'kubiya',
  displayName: 'Kubiya',
  defaultBaseUrl: 'https://api.kubiya.ai',
  knownBaseUrls: [],
  accountLabel: 'Organisation',
  auth: { kind: 'header', header: 'Authorization', prefix: 'UserKey ' },
  verify: {
    method: 'GET',
    path: '/api/v1/users/self',
    identity,
    explainError: (status) =>
      status === 401
        ? { result: 'invalid', message: 'Kubiya refused this key: it is wrong, revoked or expired.' }
        : undefined,
  },
  keyFormat: {
    prefixes: ['kby_', 'k1_'],
    prefixConfidence: 'low',
    looksLike: (value) => {
      const claims = decodeJwtPayload(value);
      return claims !== null && ('token_name' in claims || 'organization' in claims);
    },
    description: 'The docs disagree (kby_…, k1_…); server code treats keys as JWTs. Any format is accepted.',
  },
  limits: {
    rateLimit: {
      limit: 100,
      windowMs: 60_000,
      sendsHeaders: true,
      note: '100 requests/min on the standard tier, with X-RateLimit-Limit / X-RateLimit-Remaining headers.',
    },
  },
  portal: {
    url: 'https://compose.kubiya.ai/settings#apiKeys',
    menuPath: 'Kubiya Compose > Settings > API Keys',
    create: [
      'In Kubiya, open Settings > API Keys.',
      'Click + Generate New Key and enter a descriptive name.',
      'Optionally set an expiration date (record it in Keyward too).',
      'Click Generate and copy the key at once: it is shown only once.',
    ],
    revoke: [
      'In Kubiya, open Settings > API Keys.',
      'Find the key in the list and click Revoke.',
      'Confirm: the key stops working immediately.',
    ],
    notes: ['The key list shows name, created, last used, expires and status.'],
  },
  rotation: OVERLAP_ROTATION,
  expiry: { kind: 'optional-date', note: 'Optional expiration date chosen at creation.' },
  access: [
    { id: 'scopes', label: 'Scopes', multiple: true, options: SCOPES.map((s) => ({ id: s, label: s, grants: [s] })) },
  ],
  accessNote: "Keys inherit the creating user's permissions; use a service account for narrower access.",
  capabilities: { verify: 'api', create: 'api-experimental', revoke: 'portal', list: 'portal', lastUsed: 'portal' },
  createApi: {
    method: 'POST',
    path: '/api/v1/auth/keys',
    note: 'Documented inconsistently (a control-plane variant takes ttl) and without a response schema: experimental.',
  },
  localFacts,
};
