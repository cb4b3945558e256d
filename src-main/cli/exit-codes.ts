// The CLI's exit status for each error code, documented in the README.
import { assertNever, type ErrorCode } from '../core/errors.js';

export const EXIT = { ok: 0, alerts: 1, usage: 2, wrongPassword: 3, damaged: 4, platform: 5, internal: 6 } as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_INPUT':
    case 'NOT_FOUND':
    case 'AMBIGUOUS':
    case 'VAULT_EXISTS':
    case 'VAULT_MISSING':
    case 'NOT_A_VAULT':
    case 'VAULT_TOO_NEW':
    case 'LIMIT_REACHED':
    case 'CANCELLED':
    case 'NAME_REQUIRED':
      return EXIT.usage;
    case 'WRONG_PASSWORD':
    case 'REAUTH_REQUIRED':
    case 'VAULT_LOCKED':
      return EXIT.wrongPassword;
    case 'INTEGRITY_ERROR':
    case 'UNTRUSTED_SIGNER':
    case 'VAULT_DAMAGED':
    case 'VAULT_READ_ONLY':
    case 'VAULT_REPLACED':
    case 'KDF_PARAMS_REFUSED':
      return EXIT.damaged;
    case 'PLATFORM_ERROR':
    case 'PLATFORM_RATE_LIMITED':
    case 'PLATFORM_UNREACHABLE':
      return EXIT.platform;
    case 'DISK_FULL':
    case 'DISK_ERROR':
    case 'CRYPTO_UNAVAILABLE':
    case 'INTERNAL':
      return EXIT.internal;
    default:
      return assertNever(code);
  }
}
