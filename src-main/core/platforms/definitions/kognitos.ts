// Kognitos: personal access tokens sent as Bearer. No API reports a key's
// expiry, so Keyward must record the expiry chosen in the portal.

import { z } from 'zod';
import type { PlatformDefinition } from '../platform.types.js';
import { BEARER, safeLabel, OVERLAP_ROTATION } from './common.js';

// The list answer's shape is not documented in detail; the organisation fields are read when present.
const orgSchema = z.looseObject({
  name: z.string().optional(),
  display_name: z.string().optional(),
  id: z.string().optional(),
});
const listSchema = z.looseObject({ organizations: z.array(orgSchema).optional() });

function identity(json: unknown): string | null {
  const parsed = listSchema.safeParse(json);
  if (!parsed.success) return null;
  const org = parsed.data.organizations?.[0];
  const label = safeLabel(org?.display_name) ?? safeLabel(org?.name) ?? safeLabel(org?.id);
  return label === undefined ? 'Kognitos user (no organisation reported)' : `Kognitos organisation ${label}`;
}

export const kognitos: PlatformDefinition = {
  id: 'kognitos',
  displayName: 'Kognitos',
  defaultBaseUrl: 'https://app.us-1.kognitos.com',
  // The vendor's own code documents the EU region; both hosts are offered as base-URL choices.
  knownBaseUrls: ['https://app.eu-1.kognitos.com'],
  accountLabel: 'Organisation',
  auth: BEARER,
  verify: {
    method: 'GET',
    path: '/api/v1/me/organizations',
    query: { page_size: '1' },
    identity,
    explainError: (status) =>
      status === 401
        ? {
            result: 'invalid',
            message: 'Kognitos refused this key: it is wrong, deleted or past its expiry date.',
          }
        : undefined,
  },
  keyFormat: {
    prefixes: ['kgn_pat_'],
    prefixConfidence: 'high',
    description: "Personal access tokens start with kgn_pat_ (documented in the vendor's own code).",
  },
  limits: {
    maxActiveKeys: { count: 10, per: 'organization' },
  },
  portal: {
    menuPath: 'Kognitos > user menu (your name, bottom left) > API Keys',
    create: [
      'In Kognitos, click your name or avatar at the bottom left and choose API Keys.',
      'Click Create API Key and enter a descriptive name.',
      'Choose the expiration (7, 30, 60, 90, 180 days or 1 year) and record the same choice in Keyward.',
      'Choose the scope (All Workspaces or Specific Workspaces) and the permission (All, Read only or Restricted).',
      'Click Create and copy the key at once: it is shown only once.',
    ],
    revoke: [
      'In Kognitos, open the user menu > API Keys.',
      "Open the menu on the key's row and choose Delete.",
      'The key is disabled immediately.',
    ],
    notes: ['At most 10 keys per organisation. The list shows name, key prefix, scope and created date.'],
  },
  rotation: OVERLAP_ROTATION,
  expiry: {
    kind: 'choices',
    days: [7, 30, 60, 90, 180, 365],
    required: true,
    note: 'Mandatory; no API reports it, so Keyward records it.',
  },
  access: [
    {
      id: 'permission',
      label: 'Permissions',
      multiple: false,
      options: [
        { id: 'all', label: 'All' },
        { id: 'read-only', label: 'Read only' },
        { id: 'restricted', label: 'Restricted' },
      ],
    },
    {
      id: 'scope',
      label: 'Workspace scope',
      multiple: false,
      options: [
        { id: 'all-workspaces', label: 'All Workspaces' },
        { id: 'specific-workspaces', label: 'Specific Workspaces' },
      ],
    },
  ],
  accessNote: 'Keys are scoped to the organisation where they were created.',
  capabilities: { verify: 'api', create: 'portal', revoke: 'portal', list: 'portal', lastUsed: 'none' },
};
