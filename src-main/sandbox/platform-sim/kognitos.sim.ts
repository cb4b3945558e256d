// Kognitos simulator: GET /api/v1/me/organizations?page_size=N with `Authorization:
// Bearer <PAT>`; errors {"code","message","details"}; at most 10 keys per organisation;
// expired keys answer 401 like deleted ones.

import { liveKey, maybeEcho, randomToken, schemeToken } from './sim-helpers.js';
import { SimRefusal, type PlatformBehaviour, type SimReply } from './sim.types.js';

const PATH = '/api/v1/me/organizations';
const MAX_KEYS_PER_ORG = 10;

const error = (status: number, code: number, message: string): SimReply => ({
  status,
  body: { code, message, details: [] },
});

export const kognitosSim: PlatformBehaviour = {
  id: 'kognitos',
  rateLimit: null,
  rateLimitHeaders: 'none',
  newKeyValue: () => `kgn_pat_${randomToken(24)}`,
  errorBody: (status) =>
    status === 429
      ? { code: 8, message: 'resource exhausted', details: [] }
      : { code: 14, message: 'unavailable', details: [] },
  checkAdd: (spec, state) => {
    const org = spec.account ?? 'acct-1';
    const live = [...state.keys.values()].filter((k) => k.account === org && !k.revoked).length;
    if (live >= MAX_KEYS_PER_ORG)
      throw new SimRefusal(
        `Kognitos allows at most ${MAX_KEYS_PER_ORG} keys per organization: revoke one before creating another`,
      );
  },
  handle: (req, state) => {
    if (req.path !== PATH) return error(404, 5, 'not found');
    if (req.method !== 'GET') return error(405, 12, 'method not allowed');
    const presented = schemeToken(req.headers, 'Bearer');
    const key = liveKey(state, presented);
    if (key === undefined) return error(401, 16, maybeEcho(state, 'invalid or expired token', presented));
    const pageSize = req.query.get('page_size');
    if (pageSize !== null && !(/^\d+$/.test(pageSize) && Number(pageSize) >= 1 && Number(pageSize) <= 1000)) {
      return error(400, 3, 'page_size must be between 1 and 1000');
    }
    return {
      status: 200,
      body: {
        organizations: [{ name: `organizations/${key.account}`, display_name: key.account }],
        next_page_token: '',
      },
    };
  },
};
