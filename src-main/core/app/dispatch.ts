// The single entry of every host into the core: validates the input against the
// contract, runs the handler, and turns any exception into an error envelope.
// SECURITY: unknown errors become INTERNAL with a fixed message; their text could hold anything.
import { CHANNELS, isChannel, type Channel, type Envelope } from '../../contract/channels.js';
import type { ChannelOutput } from '../../contract/outputs.js';
import { isAppError } from '../errors.js';
import { parseOrThrow } from '../parse-input.js';
import type { Core } from './create-core.js';
import { handlers } from './handlers.js';

export type Dispatch = <C extends Channel>(channel: C, input: unknown) => Promise<Envelope<ChannelOutput<C>>>;

export function createDispatch(core: Core): (channel: unknown, input: unknown) => Promise<Envelope<unknown>> {
  return async (channel, input) => {
    try {
      if (!isChannel(channel)) return { ok: false, error: { code: 'BAD_INPUT', message: 'Unknown channel.' } };
      const parsed = parseOrThrow(CHANNELS[channel], input ?? {}, channel);
      const handler = handlers[channel] as (core: Core, input: unknown) => unknown;
      return { ok: true, value: await handler(core, parsed) };
    } catch (e) {
      if (isAppError(e)) {
        return { ok: false, error: { code: e.code, message: e.message, ...(e.subject ? { subject: e.subject } : {}) } };
      }
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong inside Keyward; nothing further was changed.' },
      };
    }
  };
}
