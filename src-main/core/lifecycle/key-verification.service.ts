// Checks keys against their platform's API and records each answer as the key's
// last verification. Expected outcomes (revoked, rate limited, down) are values;
// nothing here ever puts the secret anywhere but the platform call.
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { KeyRecord, Verification, VerifyResult } from '../inventory/key.types.js';
import { findPlatform } from '../platforms/definitions/index.js';
import type { PlatformCallDeps } from '../platforms/platform-call.js';
import { verifyKey, type VerifyOutcome } from '../platforms/verify.service.js';

export type VerifyReport = { keyId: string; name: string; platform: string; outcome: VerifyOutcome };
export type Progress = (done: number, total: number) => void;

/** Results that mean the key itself is bad, as opposed to the platform being unreachable. */
export const KEY_REFUSED: readonly VerifyResult[] = ['invalid', 'revoked', 'retired', 'forbidden', 'wrong-instance'];
export const PLATFORM_TROUBLE: readonly VerifyResult[] = ['rate-limited', 'unreachable', 'platform-error'];

/**
 * Whether this secret ever verified valid (since it was stored or last replaced), so a
 * 401 reads "revoked", not "invalid". Only the last verification is not enough: a rate
 * limit or an outage since, or the first "revoked" itself, would turn it back to "invalid".
 */
function everVerifiedValid(rec: KeyRecord): boolean {
  for (let i = rec.history.length - 1; i >= 0; i--) {
    const h = rec.history[i] as KeyRecord['history'][number];
    if (h.action === 'secret-changed' || h.action === 'created') return false;
    if (h.action === 'verified' && h.detail === 'valid') return true;
  }
  return false;
}

export function createVerifier(deps: { inventory: Inventory; platform: PlatformCallDeps }) {
  const { inventory } = deps;

  /** `signal`: aborting it stops the platform call, and nothing is recorded for the key. */
  async function verify(
    ref: string,
    opts: { previouslyValid?: boolean; signal?: AbortSignal } = {},
  ): Promise<VerifyReport> {
    const rec = inventory.get(ref);
    const def = findPlatform(rec.platform);
    if (!def)
      throw new AppError('BAD_INPUT', `${rec.name} is a custom key: Keyward knows no API to check it with.`, {
        subject: rec.id,
      });
    const outcome = await verifyKey(
      def,
      {
        secret: inventory.secretFor(rec.id),
        account: rec.account,
        ...(rec.baseUrl ? { baseUrl: rec.baseUrl } : {}),
        previouslyValid: opts.previouslyValid ?? (rec.lastVerification?.result === 'valid' || everVerifiedValid(rec)),
      },
      opts.signal ? { ...deps.platform, signal: opts.signal } : deps.platform,
    );
    const stored: Verification = {
      at: outcome.at,
      result: outcome.result,
      message: outcome.message,
      ...(outcome.identity ? { identity: outcome.identity } : {}),
    };
    inventory.annotate(rec.id, { lastVerification: stored }, { action: 'verified', detail: outcome.result });
    return { keyId: rec.id, name: rec.name, platform: rec.platform, outcome };
  }

  /** Verifies many keys a few at a time; the platform layer keeps each platform within its rate limit. */
  async function verifyMany(
    keys: KeyRecord[],
    opts: { concurrency?: number; onProgress?: Progress; signal?: AbortSignal } = {},
  ): Promise<VerifyReport[]> {
    const queue = keys.filter((k) => findPlatform(k.platform));
    const reports: VerifyReport[] = [];
    let next = 0;
    const worker = async () => {
      while (next < queue.length && !opts.signal?.aborted) {
        const key = queue[next++] as KeyRecord;
        reports.push(await verify(key.id, opts.signal ? { signal: opts.signal } : {}));
        opts.onProgress?.(reports.length, queue.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 6, queue.length) }, worker));
    if (opts.signal?.aborted)
      throw new AppError('CANCELLED', `Verification cancelled after ${reports.length} of ${queue.length} keys.`);
    return reports;
  }

  return { verify, verifyMany };
}
export type Verifier = ReturnType<typeof createVerifier>;
