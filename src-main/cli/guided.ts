// Guided portal steps on a terminal: print what to click, then take the new key
// (hidden prompt on a terminal, one line of standard input otherwise).
import type { PortalInstructions } from '../core/lifecycle/rotation.types.js';
import { AppError } from '../core/errors.js';
import type { KeySecret } from '../core/inventory/key.types.js';
import { normalisePastedSecret } from '../core/inventory/pasted-secret.js';
import type { Ctx } from './context.js';
import { isInteractive, promptHidden, readStdin, terminalSafe } from './terminal.js';

export function printPortal(ctx: Ctx, title: string, p: PortalInstructions, warning?: string): void {
  ctx.warn(`\n${title} (${p.platform})`);
  if (warning) ctx.warn(`  WARNING: ${warning}`);
  ctx.warn(`  Where: ${p.url ?? p.menuPath}`);
  p.steps.forEach((s, i) => ctx.warn(`  ${i + 1}. ${s}`));
  for (const n of p.notes) ctx.warn(`  Note: ${n}`);
}

/** SECURITY: the key never comes from a flag; it is trimmed (a paste often carries a newline). */
export async function captureKey(ctx: Ctx, kaiInstanceId?: string): Promise<KeySecret> {
  // A line copied from a .env file (quotes, NAME= or export NAME=) is the key it holds.
  const value = normalisePastedSecret(
    isInteractive(ctx.io) ? await promptHidden(ctx.io, 'Paste the new key (input hidden): ') : await readStdin(ctx.io),
  );
  if (value === '') throw new AppError('BAD_INPUT', 'No key was given: nothing was changed.', { subject: 'secret' });
  if (/\s/.test(value))
    throw new AppError(
      'BAD_INPUT',
      'That does not look like a key (it contains spaces or line breaks): nothing was changed.',
      { subject: 'secret' },
    );
  return kaiInstanceId ? { value, instanceId: kaiInstanceId } : { value };
}

/** Reads one visible line typed on the terminal (a name typed to confirm); null without a terminal. */
export async function askLine(ctx: Ctx, question: string): Promise<string | null> {
  if (!isInteractive(ctx.io)) return null;
  const stdin = ctx.io.stdin;
  ctx.io.stderr.write(terminalSafe(question));
  return new Promise<string>((resolve) => {
    stdin.resume();
    stdin.setEncoding('utf8');
    stdin.once('data', (d: string) => {
      stdin.pause();
      resolve(d.replace(/\r?\n$/, ''));
    });
  });
}

/** Asks a yes/no question on a terminal; without one, `flag` is the answer. */
export async function confirmStep(ctx: Ctx, question: string, flag: boolean): Promise<boolean> {
  if (flag || !isInteractive(ctx.io)) return flag;
  const stdin = ctx.io.stdin;
  ctx.io.stderr.write(`${terminalSafe(question)} [y/N] `);
  const answer = await new Promise<string>((resolve) => {
    stdin.resume();
    stdin.setEncoding('utf8');
    stdin.once('data', (d: string) => {
      stdin.pause();
      resolve(d.trim());
    });
  });
  return /^y(es)?$/i.test(answer);
}
