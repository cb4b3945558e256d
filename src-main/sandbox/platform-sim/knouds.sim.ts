// Knouds simulator: GET /api/whoami with `x-api-key` only (Bearer is refused);
// errors {"error","code"}: LEGACY_KEY_RETIRED, CAPABILITY_DENIED, API_KEY_ACCESS_DENIED,
// RATE_LIMIT_EXCEEDED with X-RateLimit-Limit/Remaining/Reset on every answer.
// Which capability whoami needs is not documented: here any capability will do.

import { header, liveKey, maybeEcho, randomToken } from './sim-helpers.js';
import type { PlatformBehaviour, SimReply } from './sim.types.js';

const err = (status: number, error: string, code: string, extra: Record<string, unknown> = {}): SimReply => ({
  status,
  body: { error, code, ...extra },
});

export const knoudsSim: PlatformBehaviour = {
  id: 'knouds',
  rateLimit: { limit: 100, windowMs: 60_000 },
  rateLimitHeaders: 'limit-remaining-reset',
  newKeyValue: () => `knouds_live_${randomToken(24)}`,
  errorBody: (status) =>
    status === 429
      ? { error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' }
      : { error: 'Internal error', code: status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR' },
  handle: (req, state) => {
    if (req.path !== '/api/whoami') return err(404, 'Not found', 'NOT_FOUND');
    if (req.method !== 'GET') return err(405, 'Method not allowed', 'METHOD_NOT_ALLOWED');
    const presented = header(req.headers, 'x-api-key');
    if (presented === undefined) return err(401, 'Missing API key: send it in the x-api-key header', 'UNAUTHORIZED');
    const known = state.keys.get(presented);
    if (known !== undefined && !known.revoked && known.legacy) {
      return err(401, 'This key predates the key migration; regenerate it in the dashboard', 'LEGACY_KEY_RETIRED');
    }
    const key = liveKey(state, presented);
    if (key === undefined) return err(401, maybeEcho(state, 'Invalid API key', presented), 'INVALID_API_KEY');
    if (key.tier === 'free') return err(403, 'API keys require a paid plan', 'API_KEY_ACCESS_DENIED');
    if (key.capabilities.length === 0) {
      return err(403, 'Missing capability', 'CAPABILITY_DENIED', { required: 'workflow:read' });
    }
    return {
      status: 200,
      body: { user: { id: key.account, email: key.email, role: key.role, tier: key.tier, approved: true } },
    };
  },
};
