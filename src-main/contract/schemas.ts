// The small schemas every domain of the contract shares. Imports only zod.
import { z } from 'zod';

export const id = z.string().min(1).max(200);
export const password = z.string().min(1).max(1024);
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' });
/** An expiry chosen in a platform's portal as a number of days (Kognitos: 7, 30, 60, 90, 180 or 365). */
export const expiresInDays = z.number().int().min(1).max(3650);
/** A secret as a host passes it in; the inventory checks it fully (SecretSchema). */
export const secretIn = z.object({ value: z.string(), instanceId: z.string().optional() });
