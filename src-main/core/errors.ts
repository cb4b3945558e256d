// The one error type the core throws. Its message is fit for a user and never
// holds a secret; the code is what callers and the CLI's exit status act on.
import type { ErrorDetail } from '../contract/channels.js';

export const ERROR_CODES = [
  'BAD_INPUT',
  'NOT_FOUND',
  'AMBIGUOUS',
  'VAULT_LOCKED',
  'VAULT_EXISTS',
  'VAULT_MISSING',
  'NOT_A_VAULT',
  'VAULT_TOO_NEW',
  'VAULT_DAMAGED',
  'VAULT_READ_ONLY',
  /** The file at the vault's path is not the one this process opened (a restore replaced it). */
  'VAULT_REPLACED',
  'WRONG_PASSWORD',
  /** A privileged operation (export, backup) was asked for without the master password typed again (I-5). */
  'REAUTH_REQUIRED',
  'INTEGRITY_ERROR',
  'UNTRUSTED_SIGNER',
  /** Something that records an author (a checklist started, ticked, signed) before the user set their name. */
  'NAME_REQUIRED',
  'KDF_PARAMS_REFUSED',
  'CRYPTO_UNAVAILABLE',
  'DISK_FULL',
  /** Read-only media or an I/O error while writing a file the user asked for. */
  'DISK_ERROR',
  'PLATFORM_ERROR',
  'PLATFORM_RATE_LIMITED',
  'PLATFORM_UNREACHABLE',
  'LIMIT_REACHED',
  'CANCELLED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Which record, field or line the error is about (never a secret). */
  readonly subject: string | undefined;
  /** What the error is about as data (never a secret or an id), for the app to word it. */
  readonly detail: ErrorDetail | undefined;

  constructor(
    code: ErrorCode,
    safeMessage: string,
    options?: { cause?: unknown; subject?: string; detail?: ErrorDetail },
  ) {
    super(safeMessage, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.subject = options?.subject;
    this.detail = options?.detail;
  }
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

export function assertNever(x: never): never {
  throw new AppError('INTERNAL', `Unexpected value: ${String(x)}`);
}
