// Kubiya platform API simulator: GET /api/v1/users/self and POST /api/v1/auth/keys,
// both requiring exactly `Authorization: UserKey <key>` (Bearer is refused).
// Keys are JWT-shaped (organization, email, token_name, exp), as Kubiya's server code treats them.

import { fakeJwt, isJsonContentType, liveKey, maybeEcho, randomToken, schemeToken } from './sim-helpers.js';
import type { PlatformBehaviour, SimReply, SimRequest, SimState } from './sim.types.js';

// Written from Kubiya's docs again, not imported from the core's definition: the simulator is an
// independent double, so a mistake in the definition shows up as a test failure instead of agreeing with itself.
const SCOPES = new Set([
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
]);

const unauthorized = (state: SimState, presented: string | undefined): SimReply => ({
  status: 401,
  body: { error: 'Unauthorized', message: maybeEcho(state, 'Invalid API key', presented) },
});
const forbidden: SimReply = {
  status: 403,
  body: { error: { code: 'FORBIDDEN', message: 'Insufficient permissions' } },
};

function createKey(req: SimRequest, state: SimState): SimReply {
  if (state.options.createSupported === false) return { status: 404, body: { detail: 'Not Found' } };
  if (req.method !== 'POST') return { status: 405, body: { detail: 'Method Not Allowed' } };
  const presented = schemeToken(req.headers, 'UserKey');
  const owner = liveKey(state, presented);
  if (owner === undefined) return unauthorized(state, presented);
  if (!owner.canCreateKeys) return forbidden;
  const body = req.json as { name?: unknown; description?: unknown; scopes?: unknown } | undefined;
  const scopes = Array.isArray(body?.scopes) ? body.scopes : null;
  if (
    !isJsonContentType(req.headers) ||
    typeof body?.name !== 'string' ||
    body.name.trim() === '' ||
    (body.description !== undefined && typeof body.description !== 'string') ||
    scopes === null ||
    !scopes.every((s) => typeof s === 'string' && SCOPES.has(s))
  ) {
    return { status: 422, body: { detail: [{ loc: ['body'], msg: 'name, description and known scopes required' }] } };
  }
  const created = state.addKey({
    account: owner.account,
    email: owner.email,
    name: owner.name,
    scopes: scopes as string[],
    value: fakeJwt({ organization: owner.account, email: owner.email, token_name: body.name }),
  });
  const id = randomToken(9);
  return {
    status: 201,
    body: { uuid: id, name: body.name, key: created.value, scopes, created_at: created.createdAt.toISOString() },
  };
}

export const kubiyaSim: PlatformBehaviour = {
  id: 'kubiya',
  rateLimit: { limit: 100, windowMs: 60_000 },
  rateLimitHeaders: 'limit-remaining',
  newKeyValue: (spec) =>
    fakeJwt({
      organization: spec.account ?? 'acct-1',
      email: spec.email ?? 'dev@example.test',
      token_name: 'demo',
      ...(spec.expiresAt ? { exp: Math.floor(spec.expiresAt.getTime() / 1000) } : {}),
    }),
  errorBody: (status) =>
    status === 429
      ? { error: 'Too Many Requests', message: 'Rate limit exceeded' }
      : { error: 'Internal Server Error', message: `HTTP ${status}` },
  handle: (req, state) => {
    if (req.path === '/api/v1/auth/keys') return createKey(req, state);
    if (req.path !== '/api/v1/users/self') return { status: 404, body: { detail: 'Not Found' } };
    if (req.method !== 'GET') return { status: 405, body: { detail: 'Method Not Allowed' } };
    const presented = schemeToken(req.headers, 'UserKey');
    const key = liveKey(state, presented);
    if (key === undefined) return unauthorized(state, presented);
    if (!key.active) return forbidden;
    return {
      status: 200,
      body: { uuid: `user-${key.account}`, name: key.name, email: key.email, org: key.account, status: 'active' },
    };
  },
};
