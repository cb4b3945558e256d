// The name a command records as its author (a checklist started, ticked or signed): set once
// with `keyward team name`, asked for on a terminal, never the OS account's name.
import { AppError } from '../core/errors.js';
import type { Ctx } from './context.js';
import { isInteractive, promptLine } from './terminal.js';

/** How `command` learns the current name and saves a typed one (the session, or the dispatch). */
type NameStore = { current: () => Promise<string | null> | string | null; save: (name: string) => unknown };

/**
 * Makes sure a name is set before `command` records an author: asks once on a terminal,
 * otherwise NAME_REQUIRED (exit 2) naming the command and how to set the name.
 */
export async function ensureAuthor(ctx: Ctx, command: string, store: NameStore): Promise<void> {
  if ((await store.current()) !== null) return;
  const how = 'set it once with: keyward team name "Your name"';
  if (!isInteractive(ctx.io)) {
    // In the agent for a client on a terminal: the client asks, saves the name and sends the command again.
    ctx.io.askInClient?.({ kind: 'name', command });
    throw new AppError(
      'NAME_REQUIRED',
      `${command} records you as the author, and no name is set yet (teammates see it on your checklists and ticks): ${how}.`,
    );
  }
  ctx.warn(`${command} records you as the author; no name is set yet (asked once, kept in Team settings).`);
  const typed = (await promptLine(ctx.io, 'Your name as your team sees it: ')).trim();
  if (typed === '') throw new AppError('CANCELLED', `No name given: nothing was done; ${how}.`);
  await store.save(typed);
}
