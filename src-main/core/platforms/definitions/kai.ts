// KAI (Knowledge AI Instance API): one instance-id + api-key pair per instance.
// Verify uses the read-only document listing; never probe with
// /api/orchestrator/differential-indexation (it starts a job). Rotation is Regenerate: one action, old key dead at once.

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
      'Select the instance and choose Regenerate API key: there is no delete, so this is how a key is revoked.',
      'Do not keep the key it shows: the previous key stops working at once.',
    ],
    regenerate: [
      'Open the KAI admin portal and go to Instances.',
      'Select the instance, open API credentials and choose Regenerate API key once.',
      'This makes the new key and kills the old one in the same action: copy the new api_key into Keyward at once.',
    ],
    notes: [
      'There is one key per instance: rotating it means an outage until every integration has the new key.',
      'A vendor SDK calls POST https://back.kai-studio.ai/studio/instance/generate-apikey with a user login token. It is undocumented, so Keyward never calls it.',
    ],
  },
  rotation: {
    sequence: 'replace-at-once',
    steps: [
      'Outage window and deployments',
      'Regenerate in the portal and paste',
      'Verify new key',
      'Deployments (outage running)',
      'Old key answers 401',
      'New key verified again',
    ],
    revokeSteps: ['What depends on it', 'Regenerate in the portal', 'Confirm it is dead'],
  },
  expiry: { kind: 'none', note: 'KAI keys have no documented expiry.' },
  access: [],
  accessNote: 'A key grants full access to exactly one instance; there are no users and no scopes.',
  capabilities: { verify: 'api', create: 'portal', revoke: 'portal', list: 'portal', lastUsed: 'none' },
};
