// Knouds: keys sent in `x-api-key` (never Bearer). Key management is
// browser-session only by design, so create and revoke stay in the portal.

import { z } from 'zod';
import type { ErrorVerdict, PlatformDefinition } from '../platform.types.js';
import { safeCode, safeLabel, OVERLAP_ROTATION } from './common.js';

const whoamiSchema = z.object({
  user: z.looseObject({
    id: z.union([z.string(), z.number()]).optional(),
    email: z.string().optional(),
    role: z.string().optional(),
    tier: z.string().optional(),
    approved: z.boolean().optional(),
  }),
});
const errorSchema = z.looseObject({
  error: z.string().optional(),
  code: z.string().optional(),
  required: z.unknown().optional(),
});

function identity(json: unknown): string | null {
  const parsed = whoamiSchema.safeParse(json);
  if (!parsed.success) return null;
  const { user } = parsed.data;
  const who = safeLabel(user.email) ?? safeLabel(user.id);
  if (who === undefined) return null;
  const tier = safeLabel(user.tier);
  const notApproved = user.approved === false ? ', account not approved yet' : '';
  return tier === undefined ? `${who}${notApproved}` : `${who} (${tier} tier${notApproved})`;
}

function explainError(status: number, json: unknown): ErrorVerdict | undefined {
  const body = errorSchema.safeParse(json);
  const code = body.success ? body.data.code : undefined;
  if (status === 401 && code === 'LEGACY_KEY_RETIRED') {
    return {
      result: 'retired',
      message:
        'Knouds retired this key in its May 2026 key migration. Regenerate it in the Developer Dashboard and store the new one.',
    };
  }
  if (status === 401) return { result: 'invalid', message: 'Knouds refused this key: it is wrong or was deleted.' };
  if (status === 403 && code === 'CAPABILITY_DENIED') {
    const required = body.success ? [body.data.required].flat().map(safeCode).filter(Boolean) : [];
    const needs = required.length > 0 ? ` (needs ${required.join(', ')})` : '';
    return {
      result: 'forbidden',
      message: `The key works but lacks the capability this check needs${needs}. Create a key with a wider preset.`,
    };
  }
  if (status === 403 && code === 'API_KEY_ACCESS_DENIED') {
    return {
      result: 'forbidden',
      message: 'Knouds does not allow API keys on the free tier. Upgrade the account to use this key.',
    };
  }
  return undefined;
}

/** The capability grammar; `workflow:<slug>:run` and `model:<id>:run` are recorded with the real slug or id. */
export const KNOUDS_CAPABILITIES = [
  '*',
  'workflow:*',
  'workflow:<slug>:run',
  'model:*',
  'model:run',
  'model:<id>:run',
  'execution:*',
  'execution:read',
  'execution:cancel',
  'agent:*',
  'agent:invoke',
] as const;
/** The tier scope of a key made before the capability model (knouds-api-keys.md). */
export const LEGACY_SCOPES = ['admin', 'deployment', 'free'] as const;

export const knouds: PlatformDefinition = {
  id: 'knouds',
  displayName: 'Knouds',
  defaultBaseUrl: 'https://knouds.ai',
  knownBaseUrls: [],
  accountLabel: 'Account email',
  auth: { kind: 'header', header: 'x-api-key', prefix: '' },
  verify: { method: 'GET', path: '/api/whoami', identity, explainError },
  keyFormat: {
    prefixes: ['knouds_live_'],
    prefixConfidence: 'high',
    description: 'Keys start with knouds_live_.',
  },
  limits: {
    tiers: ['free', 'pro', 'business', 'enterprise'],
    usableTiers: ['pro', 'business', 'enterprise'],
    rateLimit: {
      limit: 100,
      windowMs: 60_000,
      sendsHeaders: true,
      note: 'Per user and route per minute: Pro 100, Business 1,000, Enterprise unlimited; X-RateLimit-* headers.',
    },
  },
  portal: {
    url: 'https://knouds.ai/app/api/keys',
    menuPath: 'Knouds Developer Dashboard > API Keys (older docs: Settings > API Keys)',
    create: [
      'Sign in to knouds.ai and open the Developer Dashboard API keys page.',
      'Click Create Key and enter a name that says where it will be used.',
      'Choose a capability preset (Read-only, Workflow Deploy, Webhook receiver, Full deploy) or custom capabilities.',
      'Copy the key (it starts with knouds_live_) at once: it is shown only once.',
    ],
    revoke: [
      'Open the Developer Dashboard API keys page.',
      'Find the key and click Delete.',
      'The key is invalidated immediately (requests get 401). Keys cannot be paused.',
    ],
    notes: [
      'Free-tier accounts cannot create usable keys.',
      'The list shows name, created, last used and capabilities.',
    ],
  },
  rotation: OVERLAP_ROTATION,
  expiry: { kind: 'none', note: 'Knouds keys do not expire; delete them to revoke.' },
  access: [
    {
      id: 'preset',
      label: 'Capability preset',
      multiple: false,
      options: [
        { id: 'read-only', label: 'Read-only', grants: ['execution:read'] },
        { id: 'workflow-deploy', label: 'Workflow Deploy', grants: ['workflow:*', 'execution:read'] },
        { id: 'webhook-receiver', label: 'Webhook receiver', grants: ['agent:invoke'] },
        {
          id: 'full-deploy',
          label: 'Full deploy',
          grants: ['workflow:*', 'model:run', 'execution:read', 'execution:cancel', 'agent:invoke'],
        },
        { id: 'custom', label: 'Custom' },
      ],
    },
    {
      id: 'capabilities',
      label: 'Capabilities',
      multiple: true,
      options: KNOUDS_CAPABILITIES.map((c) => ({ id: c, label: c, grants: [c] })),
    },
    {
      id: 'legacy-scope',
      label: 'Tier scope (keys made before capabilities)',
      multiple: false,
      options: LEGACY_SCOPES.map((c) => ({ id: c, label: c, grants: [c] })),
    },
  ],
  accessNote:
    'Capabilities are chosen per key: workflow:<slug>:run, model:run, model:<id>:run, execution:read, execution:cancel, agent:invoke, plus * and <resource>:*. Keys made before the capability model carry a tier scope (admin, deployment, free): record whichever the key has.',
  capabilities: { verify: 'api', create: 'portal', revoke: 'portal', list: 'portal', lastUsed: 'portal' },
};
