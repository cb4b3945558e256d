// Every call the renderer (or the test bridge) may make into the core, declared
// once: channel -> zod input. Main validates every input at run time; the renderer
// imports types only. No Node and no DOM here.
import { z } from 'zod';

const id = z.string().min(1).max(200);
const password = z.string().min(1).max(1024);
const keyFields = z.record(z.string(), z.unknown());
const secret = z.object({ value: z.string(), instanceId: z.string().optional() });

export const CHANNELS = {
  'vault.status': z.object({}).strict(),
  'vault.create': z.object({ password }).strict(),
  'vault.unlock': z.object({ password }).strict(),
  'vault.lock': z.object({}).strict(),
  'vault.changePassword': z.object({ oldPassword: password, newPassword: password }).strict(),
  'keys.list': z
    .object({
      platform: z.string().optional(),
      status: z.string().optional(),
      search: z.string().max(500).optional(),
      tag: z.string().optional(),
      owner: z.string().optional(),
    })
    .strict(),
  'keys.get': z.object({ id }).strict(),
  'keys.add': z.object({ fields: keyFields, secret }).strict(),
  'keys.edit': z.object({ id, patch: keyFields, secret: secret.optional() }).strict(),
  'keys.remove': z.object({ id }).strict(),
  'keys.reveal': z.object({ id }).strict(),
} as const;

export type Channel = keyof typeof CHANNELS;
export type ChannelInput<C extends Channel> = z.input<(typeof CHANNELS)[C]>;

export type ErrorEnvelope = { ok: false; error: { code: string; message: string; subject?: string } };
export type Envelope<T> = { ok: true; value: T } | ErrorEnvelope;

export const isChannel = (c: unknown): c is Channel => typeof c === 'string' && Object.hasOwn(CHANNELS, c);
