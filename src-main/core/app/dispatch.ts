// The single entry of every host into the core and into the host's own calls: validates the
// input against the contract, runs the call's handler from one typed map, checks the answer
// against the call's output schema, and turns any exception into an error envelope. One error
// mapping for every call, core or host.
// SECURITY: unknown errors become INTERNAL with a fixed message; their text could hold anything.
// An answer with a field its schema does not name (a secret where the call promises none) is
// refused, never passed on: the schemas are strict objects.
import { z } from 'zod';
import { CALLS, isCall, type Call, type CallArgs, type CallInput, type Envelope } from '../../contract/channels.js';
import { CALL_OUTPUTS, type CallOutput } from '../../contract/outputs.js';
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

/**
 * Whether answers are checked against their output schemas: in a test run (NODE_ENV=test), so
 * every unit and e2e test checks every answer it gets; not while the interface benchmark runs
 * (KEYWARD_BENCH=1), which measures what ships. Not in the shipped app: see "Answers checked at
 * the boundary" in docs/ARCHITECTURE.md for the cost and why.
 */
export const checksOutputs = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.NODE_ENV === 'test' && env.KEYWARD_BENCH !== '1';

/**
 * Checks `value` against the output schema of `call`, or throws INTERNAL naming the call and
 * the first field that differs (a key or a type, never a value).
 */
export function checkOutput(call: Call, value: unknown): void {
  const result = (CALL_OUTPUTS[call] as z.ZodType).safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0];
  const at = (issue?.path ?? []).map(String).join('.') || '(the answer)';
  throw new AppError('INTERNAL', `The answer to ${call} does not match the contract at ${at}: ${issue?.message}.`);
}

export type DispatchOptions = { checkOutputs?: boolean };

export function createDispatch<K extends Call>(
  handlers: HandlerMap<K>,
  { checkOutputs = checksOutputs() }: DispatchOptions = {},
): Dispatch {
  const has = (c: unknown): c is K => isCall(c) && Object.hasOwn(handlers, c);
  async function dispatch(call: unknown, input: unknown): Promise<Envelope<unknown>> {
    try {
      if (!has(call)) return { ok: false, error: { code: 'BAD_INPUT', message: 'Unknown channel.' } };
      const handler = handlers[call] as (input: unknown) => unknown;
      const value = await handler(parseInput(call, input));
      if (checkOutputs) checkOutput(call, value);
      return { ok: true, value };
    } catch (e) {
      if (isAppError(e)) {
        const { code, message, subject, detail } = e;
        return { ok: false, error: { code, message, ...(subject ? { subject } : {}), ...(detail ? { detail } : {}) } };
      }
      return { ok: false, error: INTERNAL };
    }
  }
  return dispatch as Dispatch;
}
