// Fixed-window request counting for a simulator, with the platform's documented
// rate-limit headers. Counts every request the simulator handles in one window.

import type { PlatformBehaviour, RateLimitConfig, SimClock } from './sim.types.js';

export type WindowDecision = { allowed: boolean; headers: Record<string, string> };

export type RateWindow = { take: () => WindowDecision };

export function createRateWindow(
  config: RateLimitConfig | null,
  style: PlatformBehaviour['rateLimitHeaders'],
  clock: SimClock,
): RateWindow {
  let windowStart = Number.NaN;
  let count = 0;
  return {
    take: () => {
      if (config === null) return { allowed: true, headers: {} };
      const now = clock.now().getTime();
      const start = Math.floor(now / config.windowMs) * config.windowMs;
      if (start !== windowStart) {
        windowStart = start;
        count = 0;
      }
      const allowed = count < config.limit;
      if (allowed) count++;
      const resetAt = start + config.windowMs;
      const headers: Record<string, string> = {};
      if (style !== 'none') {
        headers['X-RateLimit-Limit'] = String(config.limit);
        headers['X-RateLimit-Remaining'] = String(config.limit - count);
      }
      if (style === 'limit-remaining-reset') headers['X-RateLimit-Reset'] = String(Math.ceil(resetAt / 1000));
      if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
      return { allowed, headers };
    },
  };
}
