// A Keyward JSON document with secrets, as `keyward export --with-secrets` writes it, for import tests.
import { INVENTORY_FORMAT, INVENTORY_VERSION } from '../../src-main/core/transfer/inventory-document.js';

/** One exported key with every field the schema needs; `over` replaces any of them. */
export const exportedKey = (over: Record<string, unknown> = {}) => ({
  id: 'k1',
  platform: 'kognitos',
  name: 'Reports',
  account: '',
  scopes: [],
  environment: '',
  owner: '',
  purpose: '',
  deployedTo: [],
  tags: [],
  notes: '',
  createdAt: null,
  expiresAt: null,
  lastUsedAt: null,
  status: 'active',
  rotateEveryDays: null,
  lastVerification: null,
  extra: {},
  recordCreatedAt: 'now',
  recordUpdatedAt: 'now',
  secret: { value: 'kgn_pat_Round1Round2Round3Ro' },
  ...over,
});

/** The document text holding `keys`. */
export const keywardDocument = (keys: object[]) =>
  JSON.stringify({
    format: INVENTORY_FORMAT,
    version: INVENTORY_VERSION,
    exportedAt: 'now',
    source: 'vault',
    containsSecrets: true,
    keys,
  });
