// Turns what happened on the wire into a VerifyResult and plain words.
// It never copies platform free text or the secret into a message.

import type { VerifyResult } from '../inventory/key.types.js';
import type { SendResult } from './platform-call.js';
import type { ErrorVerdict, PlatformDefinition } from './platform.types.js';

export type Verdict = { result: VerifyResult; message: string; identity?: string; retryAt?: Date; httpStatus?: number };

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function when(retryAt: Date | undefined, now: Date): string {
  if (retryAt === undefined) return 'Try again in a minute.';
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return seconds <= 120 ? `Try again in ${seconds} s.` : `Try again after ${retryAt.toISOString()}.`;
}

function genericVerdict(def: PlatformDefinition, status: number, attempts: number): ErrorVerdict {
  const name = def.displayName;
  if (status >= 300 && status < 400) {
    return {
      result: 'platform-error',
      message: `${name} answered with a redirect, which Keyward never follows with a key. Check the API address.`,
    };
  }
  if (status === 401)
    return { result: 'invalid', message: `${name} refused this key: it is wrong, revoked or expired.` };
  if (status === 403) {
    return { result: 'forbidden', message: `${name} recognised this key but refused access: it lacks permission.` };
  }
  if (status === 404) {
    return {
      result: 'platform-error',
      message: `${name} has no such verify address: its API may have changed or the API address is wrong.`,
    };
  }
  if (status >= 500) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return {
      result: 'platform-error',
      message: `${name} had a server error (HTTP ${status})${tries}. Try again later.`,
    };
  }
  return { result: 'platform-error', message: `${name} answered HTTP ${status}, which Keyward did not expect.` };
}

/** The verdict for one verify call. `previouslyValid` turns a 401 into 'revoked' instead of 'invalid'. */
export function interpretVerify(
  def: PlatformDefinition,
  sent: SendResult,
  ctx: { account: string; previouslyValid: boolean; now: Date },
): Verdict {
  const name = def.displayName;
  if (sent.kind === 'held-back') {
    return {
      result: 'rate-limited',
      message: `Keyward held this check back to stay within ${name}'s rate limit. ${when(sent.retryAt, ctx.now)}`,
      retryAt: sent.retryAt,
    };
  }
  if (sent.kind === 'transport') {
    const result: VerifyResult = sent.error.failure === 'too-large' ? 'platform-error' : 'unreachable';
    return { result, message: sent.error.message };
  }
  const { status, bodyText } = sent.response;
  const json = safeJson(bodyText);
  if (status >= 200 && status < 300) {
    const identity = def.verify.identity(json, { account: ctx.account });
    if (identity === null) {
      return {
        result: 'platform-error',
        message: `${name} answered in a format Keyward does not recognise, so the key could not be confirmed.`,
        httpStatus: status,
      };
    }
    return { result: 'valid', message: `${name} accepted this key.`, identity, httpStatus: status };
  }
  if (status === 429) {
    return {
      result: 'rate-limited',
      message: `${name} is limiting requests right now. ${when(sent.retryAt, ctx.now)}`,
      httpStatus: status,
      ...(sent.retryAt && { retryAt: sent.retryAt }),
    };
  }
  const verdict = def.verify.explainError?.(status, json) ?? genericVerdict(def, status, sent.attempts);
  const result = verdict.result === 'invalid' && ctx.previouslyValid ? 'revoked' : verdict.result;
  return { result, message: verdict.message, httpStatus: status };
}
