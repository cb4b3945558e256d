// The renderer's only way out: window.keyward, typed by the contract. Turns error
// envelopes into UiError (code + a message fit for the user) and reports a locked
// vault to one listener, which sends the app back to the unlock screen.
import type { ErrorDetail } from '../../../src-main/contract/channels';
import type { Call, CallInput, CallOutput } from '../../../src-main/contract/outputs';
import { forPerson, nextStepFor } from './messages';

export class UiError extends Error {
  readonly code: string;
  readonly subject: string | undefined;
  readonly detail: ErrorDetail | undefined;
  constructor(code: string, message: string, subject?: string, detail?: ErrorDetail) {
    super(message);
    this.name = 'UiError';
    this.code = code;
    this.subject = subject;
    this.detail = detail;
  }
}

let onLocked: () => void = () => undefined;
export function whenVaultLocked(listener: () => void): void {
  onLocked = listener;
}

export async function call<C extends Call>(channel: C, input: CallInput<C>): Promise<CallOutput<C>> {
  let reply;
  try {
    reply = await window.keyward.invoke(channel, input);
  } catch {
    throw new UiError('INTERNAL', 'Keyward could not reach its vault process. Restart the app; nothing was changed.');
  }
  if (reply.ok) return reply.value;
  const { code, message, subject, detail } = reply.error;
  if (code === 'VAULT_LOCKED' && channel !== 'vault.unlock') onLocked();
  throw new UiError(code, message, subject, detail);
}

/**
 * What to do next: shown under the message. `highlighted`: whether a field on screen is marked
 * as the one at fault (only then does it say "the highlighted field").
 */
export function nextStep(e: unknown, highlighted = false): string {
  return e instanceof UiError ? nextStepFor(e.code, highlighted, e.subject) : nextStepFor('INTERNAL', false);
}

/** A message fit for a person: never a stack trace, a zod path or a CLI flag (see messages.ts). */
export function messageOf(e: unknown): string {
  return e instanceof UiError
    ? forPerson(e.code, e.message, e.subject, e.detail)
    : 'Something went wrong inside Keyward; nothing further was changed.';
}
