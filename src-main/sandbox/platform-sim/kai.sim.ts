// KAI Instance API simulator: POST /api/document/list-docs with `instance-id`,
// `api-key` and `Content-Type: application/json`; FastAPI-style {"detail"} errors.
// Regenerate (the handle's regenerateKey) kills the old key at once.

import { header, isJsonContentType, liveKey, maybeEcho, randomToken } from './sim-helpers.js';
import type { PlatformBehaviour, SimReply } from './sim.types.js';

const LIST_DOCS = '/api/document/list-docs';

const detail = (status: number, text: unknown): SimReply => ({ status, body: { detail: text } });

export const kaiSim: PlatformBehaviour = {
  id: 'kai',
  rateLimit: null,
  rateLimitHeaders: 'none',
  newKeyValue: () => randomToken(24),
  errorBody: (status) =>
    ({ 429: { detail: 'Too Many Requests' }, 503: { detail: 'Service Unavailable' } })[status] ?? {
      detail: 'Internal Server Error',
    },
  handle: (req, state) => {
    if (req.path !== LIST_DOCS) return detail(404, 'Not Found');
    if (req.method !== 'POST') return detail(405, 'Method Not Allowed');
    const instanceId = header(req.headers, 'instance-id');
    const apiKey = header(req.headers, 'api-key');
    if (instanceId === undefined || apiKey === undefined) return detail(401, 'Missing instance-id or api-key');
    const instanceKnown = [...state.keys.values()].some((k) => k.account === instanceId);
    if (!instanceKnown) return detail(404, 'Instance not found');
    const key = liveKey(state, apiKey);
    if (key === undefined || key.account !== instanceId) {
      return detail(401, maybeEcho(state, 'Invalid instance-id or api-key', apiKey));
    }
    if (!isJsonContentType(req.headers)) {
      return detail(422, [{ loc: ['header', 'content-type'], msg: 'Content-Type must be application/json' }]);
    }
    const body = req.json as { offset?: unknown; limit?: unknown } | undefined;
    const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (typeof body !== 'object' || body === null || !isInt(body.offset) || !isInt(body.limit) || body.limit < 1) {
      return detail(422, [{ loc: ['body'], msg: 'offset and limit must be integers (limit >= 1)' }]);
    }
    return { status: 200, body: { response: { documents: [], total: 0, offset: body.offset, limit: body.limit } } };
  },
};
