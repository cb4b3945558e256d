// Built-in rotation checklist templates, one per platform, from the platforms' own
// documented steps (docs: /work/shared/PLATFORMS.md). Users edit them or make their own;
// an edited built-in is stored in the vault under the same id and wins over this list.
import type { PlatformId } from '../inventory/key.types.js';
import type { Template, TemplateStep } from './checklist.types.js';

const task = (id: string, title: string, detail?: string): TemplateStep => ({
  id,
  title,
  kind: 'task',
  ...(detail ? { detail } : {}),
});
const DEPLOYMENTS: TemplateStep = {
  id: 'deploy',
  title: 'Update the deployment',
  kind: 'deployments',
  detail: 'One step per place the key is recorded as deployed.',
};
const STORE = task(
  'store-new',
  'Store the new key in Keyward',
  'Whoever holds the new key: keyward edit KEY --replace-secret (or keyward rotate KEY).',
);

const BUILT_IN: Record<Exclude<PlatformId, 'custom'>, Omit<Template, 'id' | 'platform' | 'builtIn' | 'updatedAt'>> = {
  kognitos: {
    name: 'Kognitos personal access token',
    steps: [
      task(
        'create-new',
        'Create the new key with the same scope and an expiry',
        'User menu > API Keys > Create API Key: same workspace scope and permission; expiration 7, 30, 60, 90, 180 days or 1 year. At most 10 keys per organisation.',
      ),
      STORE,
      DEPLOYMENTS,
      task('verify-new', 'Verify the new key', 'keyward verify KEY (GET /api/v1/me/organizations).'),
      task(
        'delete-old',
        'Delete the old key before it expires',
        'User menu > API Keys > the old key > Delete; it is disabled at once.',
      ),
    ],
  },
  kai: {
    name: 'KAI instance API key',
    steps: [
      task(
        'warn-consumers',
        'Warn every consumer',
        'Regenerating revokes the current key immediately: agree the outage window first.',
      ),
      task(
        'regenerate',
        'Regenerate the key (the old key dies at once)',
        'Admin portal > Instances > the instance > Regenerate API key; copy instance_id and api_key.',
      ),
      STORE,
      { ...DEPLOYMENTS, title: 'Update the deployment within the outage window' },
      task('verify-new', 'Verify the new key', 'keyward verify KEY (the read-only document list probe).'),
    ],
  },
  kubiya: {
    name: 'Kubiya API key',
    steps: [
      task(
        'create-new',
        'Create the new key with the same scopes',
        'Settings > API Keys > name, optional expiry, Generate; the key is shown once and inherits your permissions.',
      ),
      STORE,
      DEPLOYMENTS,
      task('verify-new', 'Verify the new key', 'keyward verify KEY (GET /api/v1/users/self).'),
      task('revoke-old', 'Revoke the old key', 'Settings > API Keys > the old key > Revoke; it stops at once.'),
      task(
        'confirm-dead',
        'Confirm the old key is refused',
        'Check with users/self, not the control-plane validate call (it caches for up to 24 h).',
      ),
    ],
  },
  knouds: {
    name: 'Knouds API key',
    steps: [
      task(
        'create-new',
        'Create the new key with the same capability preset',
        'Developer Dashboard > API keys > Create Key: name and the same capabilities (Read-only, Workflow Deploy, Webhook receiver, Full deploy or custom).',
      ),
      STORE,
      DEPLOYMENTS,
      task('verify-new', 'Verify the new key', 'keyward verify KEY (GET /api/whoami with x-api-key).'),
      task('delete-old', 'Delete the old key', 'Developer Dashboard > the old key > Delete; it is revoked at once.'),
      task('confirm-dead', 'Confirm the old key is refused', 'Verifying it must answer 401.'),
    ],
  },
  kaana: {
    name: 'Kaana API key',
    steps: [
      task(
        'create-new',
        'Create the new key',
        'Settings > API Keys > Create API Key (name); shown once. Standard plan: at most 5 active keys.',
      ),
      STORE,
      DEPLOYMENTS,
      task('verify-new', 'Verify the new key', 'keyward verify KEY (GET /api/user).'),
      task(
        'revoke-old',
        'Revoke the old key',
        'Settings > API Keys > the old key > Revoke; immediate and cannot be undone.',
      ),
      task('confirm-dead', 'Confirm the old key is refused', 'Verifying it must answer 401 "Invalid API Key".'),
    ],
  },
};

const GENERIC: Omit<Template, 'updatedAt'> = {
  id: 'custom',
  name: 'Key rotation',
  platform: 'custom',
  builtIn: true,
  steps: [
    task('create-new', 'Create the new key where the old one came from'),
    STORE,
    DEPLOYMENTS,
    task('verify-new', 'Verify the new key'),
    task('revoke-old', 'Revoke or delete the old key'),
  ],
};

/** The built-in templates, in platform order. `at` stamps their updatedAt (a fixed epoch). */
export function builtInTemplates(): Template[] {
  const at = '2026-01-01T00:00:00.000Z';
  const list = Object.entries(BUILT_IN).map(([platform, t]): Template => ({
    ...t,
    id: platform,
    platform: platform as PlatformId,
    builtIn: true,
    updatedAt: at,
  }));
  return [...list, { ...GENERIC, updatedAt: at }];
}
