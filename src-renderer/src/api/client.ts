// The renderer's only way out: window.keyward, typed by the contract. Turns error
// envelopes into UiError (code + a message fit for the user) and reports a locked
// vault to one listener, which sends the app back to the unlock screen.
import type { Call, CallInput, CallOutput } from '../../../src-main/contract/outputs';

export class UiError extends Error {
  readonly code: string;
  readonly subject: string | undefined;
  constructor(code: string, message: string, subject?: string) {
    super(message);
    this.name = 'UiError';
    this.code = code;
    this.subject = subject;
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
  const { code, message, subject } = reply.error;
  if (code === 'VAULT_LOCKED' && channel !== 'vault.unlock') onLocked();
  throw new UiError(code, message, subject);
}

/** What to do next, per error code: shown under the core's own message. */
const NEXT_STEP: Record<string, string> = {
  WRONG_PASSWORD: 'Check the password and try again.',
  REAUTH_REQUIRED: 'Type the master password in the field and try again.',
  VAULT_LOCKED: 'Unlock the vault to continue.',
  VAULT_READ_ONLY: 'Restore the vault from a backup; you can still read and copy keys.',
  INTEGRITY_ERROR: 'That record is damaged. Restore the vault from a backup if you need it.',
  NOT_FOUND: 'It may have been removed; the list has been refreshed.',
  DISK_FULL: 'Free some disk space and try again.',
  DISK_ERROR: 'Choose a folder on a writable disk and try again.',
  BAD_INPUT: 'Correct the highlighted field and try again.',
  INTERNAL: 'Try again; if it keeps happening, restart Keyward.',
};

export function nextStep(e: unknown): string {
  return e instanceof UiError ? (NEXT_STEP[e.code] ?? '') : (NEXT_STEP.INTERNAL ?? '');
}

/** A message fit for a person: never a stack trace. */
export function messageOf(e: unknown): string {
  return e instanceof UiError ? e.message : 'Something went wrong inside Keyward; nothing further was changed.';
}
