// The CLI's way into the one dispatch: a command that wraps one channel and prints its answer
// opens the vault as every command does (ctx.withVault), then calls the channel through the
// same dispatch the desktop shell and the test bridge use (input checked against the contract,
// the same handler, answers checked against the output schemas in a test run, one error
// mapping). Only the channels the CLI calls are in its map: no vault.* channel, so a command
// can never lock, create or re-key through it.
import type { CallInput } from '../contract/channels.js';
import type { CallOutput } from '../contract/outputs.js';
import { createCore } from '../core/app/create-core.js';
import { createDispatch, type HandlerMap } from '../core/app/dispatch.js';
import { coreHandlers } from '../core/app/handlers.js';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { Ctx } from './context.js';

/** The channels a CLI command calls through the dispatch (docs/ARCHITECTURE.md "The CLI and the dispatch"). */
export const CLI_CHANNELS = [
  'checklists.list',
  'checklists.get',
  'checklists.templates',
  'checklists.tick',
  'team.status',
  'team.setName',
] as const;
export type CliChannel = (typeof CLI_CHANNELS)[number];

export type CliCall = <C extends CliChannel>(call: C, input: CallInput<C>) => Promise<CallOutput<C>>;

/** Unlocks the vault, runs `fn` with a call into the dispatch over that session, and locks again. */
export function withCalls<T>(ctx: Ctx, fn: (call: CliCall) => Promise<T> | T): Promise<T> {
  return ctx.withVault(async (session) => {
    const all = coreHandlers(createCore({ clock: ctx.clock, vaultPath: ctx.vaultPath }, session));
    const map = Object.fromEntries(CLI_CHANNELS.map((c) => [c, all[c]])) as HandlerMap<CliChannel>;
    const dispatch = createDispatch(map);
    const call: CliCall = async (c, input) => {
      const reply = await dispatch(c, input);
      if (!reply.ok)
        throw new AppError(reply.error.code as ErrorCode, reply.error.message, {
          ...(reply.error.subject ? { subject: reply.error.subject } : {}),
        });
      return reply.value as CallOutput<typeof c>;
    };
    return fn(call);
  });
}
