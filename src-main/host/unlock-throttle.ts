// Slows down password guessing through the app: after FREE_ATTEMPTS wrong passwords in a
// row, each further attempt waits 1, 2, 4 ... up to 30 s before it is tried. Attempts run
// one at a time, so parallel calls cannot skip the wait. No lockout ever destroys data;
// the KDF is the real defence against someone holding the file (O-5).
import type { Envelope } from '../contract/channels.js';
import type { Timers } from './clipboard-guard.js';

export const FREE_ATTEMPTS = 5;
export const MAX_DELAY_MS = 30_000;

/** The wait before the next attempt after `failures` wrong passwords in a row. */
export function unlockDelayMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
}

export function createUnlockThrottle(timers: Timers) {
  let failures = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function run(tryUnlock: () => Promise<Envelope<unknown>>): Promise<Envelope<unknown>> {
    const wait = unlockDelayMs(failures);
    if (wait > 0) await timers.sleep(wait);
    const reply = await tryUnlock();
    if (reply.ok) failures = 0;
    else if (reply.error.code === 'WRONG_PASSWORD') {
      failures += 1;
      const next = unlockDelayMs(failures);
      if (next > 0) {
        const message = `${reply.error.message} After ${failures} wrong attempts, the next one waits ${next / 1000} s.`;
        return { ok: false, error: { ...reply.error, message } };
      }
    }
    return reply;
  }

  return {
    attempt(tryUnlock: () => Promise<Envelope<unknown>>): Promise<Envelope<unknown>> {
      const result = queue.then(() => run(tryUnlock));
      queue = result.catch(() => undefined);
      return result;
    },
    failures: () => failures,
  };
}
