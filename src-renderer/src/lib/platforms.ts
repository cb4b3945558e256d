// What the interface shows about each platform: label, colour and where its keys are
// managed (deep links open in the browser through the shell's https allow-list).
import type { KeyStatus, PlatformId } from '../../../src-main/contract/keys.js';

export const PLATFORMS: readonly PlatformId[] = ['kai', 'kubiya', 'kognitos', 'knouds', 'kaana', 'custom'];
export const STATUSES: readonly KeyStatus[] = ['active', 'expired', 'revoked', 'revocation-pending'];

export const PLATFORM_LABEL: Record<PlatformId, string> = {
  kai: 'KAI',
  kubiya: 'Kubiya',
  kognitos: 'Kognitos',
  knouds: 'Knouds',
  kaana: 'Kaana',
  custom: 'Custom',
};

export const STATUS_LABEL: Record<KeyStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
  'revocation-pending': 'Revoking',
};

/** Where a platform's keys are created and revoked by hand. */
export const PORTAL_URL: Partial<Record<PlatformId, string>> = {
  kai: 'https://app.kai-studio.ai/',
  kubiya: 'https://compose.kubiya.ai/settings#apiKeys',
  kognitos: 'https://app.us-1.kognitos.com/',
  knouds: 'https://knouds.ai/',
  kaana: 'https://app.kaana.com/',
};
