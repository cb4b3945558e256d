// Kaana simulator: GET /api/user with `Authorization: Bearer <key>`; 401 "Invalid
// API Key" for wrong or revoked keys, 401 "Unauthorized" for an inactive account;
// 5 active keys per account on the Standard plan; 100 requests/min, no rate headers.

import { liveKey, maybeEcho, randomToken, schemeToken } from './sim-helpers.js';
import { SimRefusal, type PlatformBehaviour } from './sim.types.js';

const MAX_ACTIVE_STANDARD = 5;

export const kaanaSim: PlatformBehaviour = {
  id: 'kaana',
  rateLimit: { limit: 100, windowMs: 60_000 },
  rateLimitHeaders: 'none',
  // Kaana documents no key format: demo keys are opaque.
  newKeyValue: () => randomToken(32),
  errorBody: (status) =>
    status === 429
      ? { error: 'Too Many Requests', message: 'Rate limit exceeded' }
      : { error: 'Internal Server Error', message: 'Something went wrong' },
  checkAdd: (spec, state) => {
    if (state.options.plan === 'enterprise') return;
    const tenant = spec.account ?? 'acct-1';
    const live = [...state.keys.values()].filter((k) => k.account === tenant && !k.revoked).length;
    if (live >= MAX_ACTIVE_STANDARD)
      throw new SimRefusal(
        `Kaana Standard allows at most ${MAX_ACTIVE_STANDARD} active keys: revoke one before creating another`,
      );
  },
  handle: (req, state) => {
    if (req.path !== '/api/user') return { status: 404, body: { error: 'Not Found', message: 'Not Found' } };
    if (req.method !== 'GET')
      return { status: 405, body: { error: 'Method Not Allowed', message: 'Method Not Allowed' } };
    const presented = schemeToken(req.headers, 'Bearer');
    const key = liveKey(state, presented);
    if (key === undefined) {
      return { status: 401, body: { error: 'Unauthorized', message: maybeEcho(state, 'Invalid API Key', presented) } };
    }
    if (!key.active) return { status: 401, body: { error: 'Unauthorized', message: 'Unauthorized' } };
    return {
      status: 200,
      body: { id: `user-${key.email}`, username: key.name, role: key.role, tenantId: key.account },
    };
  },
};
