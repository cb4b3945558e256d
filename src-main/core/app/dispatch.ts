// The single entry of every host into the core and into the host's own calls: validates the
// input against the contract, runs the call's handler from one typed map, and turns any
// exception into an error envelope. One error mapping for every call, core or host.
// SECURITY: unknown errors become INTERNAL with a fixed message; their text could hold anything.
import { z } from 'zod';
import { CALLS, isCall, type Call, type CallArgs, type CallInput, type Envelope } from '../../contract/channels.js';
import type { CallOutput } from '../../contract/outputs.js';
import { AppError, isAppError } from '../errors.js';

/** The handler of one call: receives the input already validated against the contract. */
export type Handler<C extends Call> = (input: CallArgs<C>) => Promise<CallOutput<C>> | CallOutput<C>;
/** One handler per call of `K`; a host joins the core's map and its own into one (see host/host.ts). */
export type HandlerMap<K extends Call = Call> = { [C in K]: Handler<C> };

/** Typed for a caller that names its call; untyped for one that passes what arrived over IPC or HTTP. */
export type Dispatch = {
  <C extends Call>(call: C, input: CallInput<C>): Promise<Envelope<CallOutput<C>>>;
  (call: unknown, input: unknown): Promise<Envelope<unknown>>;
};

const INTERNAL = { code: 'INTERNAL', message: 'Something went wrong inside Keyward; nothing further was changed.' };

/** A property schema named with .describe() reports its fields under that name ("Invalid key: name ..."). */
function describedPart(schema: z.ZodType, part: PropertyKey | undefined): string | undefined {
  if (!(schema instanceof z.ZodObject) || typeof part !== 'string') return undefined;
  let inner: unknown = (schema.shape as Record<string, unknown>)[part];
  if (inner instanceof z.ZodOptional) inner = inner.unwrap();
  return inner instanceof z.ZodType ? inner.description : undefined;
}

/** Parses `input` for `call` or throws BAD_INPUT naming the first bad field (never echoing values). */
function parseInput<C extends Call>(call: C, input: unknown): CallArgs<C> {
  const schema: z.ZodType = CALLS[call];
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data as CallArgs<C>;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const what = describedPart(schema, path[0]);
  const rest = (what === undefined ? path : path.slice(1)).map(String).join('.');
  const field = rest || what || call;
  throw new AppError('BAD_INPUT', `Invalid ${what ?? call}: ${field} ${issue?.message ?? 'is invalid'}.`, {
    subject: field,
  });
}

export function createDispatch<K extends Call>(handlers: HandlerMap<K>): Dispatch {
  const has = (c: unknown): c is K => isCall(c) && Object.hasOwn(handlers, c);
  async function dispatch(call: unknown, input: unknown): Promise<Envelope<unknown>> {
    try {
      if (!has(call)) return { ok: false, error: { code: 'BAD_INPUT', message: 'Unknown channel.' } };
      const handler = handlers[call] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parseInput(call, input)) };
    } catch (e) {
      if (isAppError(e)) {
        return { ok: false, error: { code: e.code, message: e.message, ...(e.subject ? { subject: e.subject } : {}) } };
      }
      return { ok: false, error: INTERNAL };
    }
  }
  return dispatch as Dispatch;
}
