// KAI (Knowledge AI Instance API): one instance-id + api-key pair per instance.
// Verify uses the read-only document listing; never probe with
// /api/orchestrator/differential-indexation (it starts a job).

import { z } from 'zod';
import type { PlatformDefinition } from '../platform.types.js';

// Success is wrapped as {"response": ...}; the inner shape is not documented.
const successSchema = z.looseObject({}).refine((o) => 'response' in o);

export const kai: PlatformDefinition = {
  id: 'kai',
  displayName: 'KAI',
  defaultBaseUrl: 'https://api.kai-studio.ai',
  knownBaseUrls: [],
  accountLabel: 'Instance id',
  auth: { kind: 'instance-pair', instanceHeader: 'instance-id', keyHeader: 'api-key' },
  verify: {
    method: 'POST',
    path: '/api/document/list-docs',
    jsonBody: { offset: 0, limit: 1 },
    identity: (json, { account }) => (successSchema.safeParse(json).success ? `KAI instance ${account}` : null),
    explainError: (status) => {
      if (status === 404) {
        return {
          result: 'wrong-instance',
          message:
            'KAI does not know this instance id. Copy it again from Instances > your instance > API credentials.',
        };
      }
      if (status === 401) {
        return {
          result: 'invalid',
          message: 'KAI refused this instance id and key pair: one of them is wrong, or the key was regenerated.',
        };
      }
      return undefined;
    },
  },
  keyFormat: {
    prefixes: [],
    prefixConfidence: 'low',
    description: 'No documented format. Both the instance id and the api key are needed.',
  },
  limits: {
    maxActiveKeys: { count: 1, per: 'instance', newKeyReplacesCurrent: true },
  },
  portal: {
    menuPath: 'KAI admin portal > Instances > your instance > API credentials',
    create: [
      'Open the KAI admin portal and go to Instances.',
      'Select the instance, then open API credentials.',
      'Copy the instance_id and the api_key into Keyward.',
      'No access to the admin portal? Ask KAI support.',
    ],
    revoke: [
      'Open the KAI admin portal and go to Instances.',
      'Select the instance and choose Regenerate API key.',
      'The previous key stops working at once: update every integration with the new key straight away.',
    ],
    notes: ['There is one key per instance: rotating it means an outage until every integration has the new key.'],
  },
  expiry: { kind: 'none', note: 'KAI keys have no documented expiry.' },
  access: [],
  accessNote: 'A key grants full access to exactly one instance; there are no users and no scopes.',
  capabilities: { verify: 'api', create: 'portal', revoke: 'portal', list: 'portal', lastUsed: 'none' },
};
