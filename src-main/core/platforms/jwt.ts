// Reads the payload of a JWT-shaped value for display. It never verifies a
// signature, so nothing read here may grant trust or decide a security outcome.

import { z } from 'zod';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/;
const payloadSchema = z.record(z.string(), z.unknown());

/** The decoded payload claims, or null when the value is not a JWT with a JSON object payload. */
export function decodeJwtPayload(value: string): Record<string, unknown> | null {
  const match = JWT_SHAPE.exec(value.trim());
  if (!match?.[1]) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A claim as display text, only when it is a short plain string. */
export function claimText(claims: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = claims[name];
    if (typeof v === 'string' && v.length > 0 && v.length <= 200) return v;
  }
  return undefined;
}

/** The `exp` claim as a Date, when it is a plausible epoch-seconds number. */
export function claimExpiry(claims: Record<string, unknown>): Date | undefined {
  const exp = claims['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0 || exp > 1e11) return undefined;
  return new Date(exp * 1000);
}
