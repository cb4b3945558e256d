// keyward clip: a key's secret on the clipboard for N seconds, then cleared, but only if
// the clipboard still holds it (what the user copied since is left alone).
import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { shortId } from '../format.js';
import { clearClipboard, copyTo, findClipboardTool, pasteFrom } from '../system-clipboard.js';

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export function secondsOf(flag: string | undefined): number {
  if (flag === undefined) return 30;
  if (!/^\d{1,5}$/.test(flag))
    throw new AppError('BAD_INPUT', '--seconds takes a whole number of seconds (0 keeps the value until replaced).');
  return Number(flag);
}

export async function clipCommand(ctx: Ctx, ref: string, secondsFlag: string | undefined): Promise<number> {
  const seconds = secondsOf(secondsFlag);
  const env = ctx.io.env;
  const tool = findClipboardTool(env);
  if (tool === null) {
    throw new AppError(
      'BAD_INPUT',
      'No clipboard tool found: install wl-clipboard (Wayland), xclip or xsel (X11, with $DISPLAY set); macOS has pbcopy, WSL clip.exe. Nothing was copied. "keyward read" prints the secret instead.',
    );
  }
  const { secret, name, id } = await ctx.copySecret(ref);
  if (!(await copyTo(tool, env, secret))) throw new AppError('INTERNAL', `${tool.name} could not set the clipboard.`);
  if (seconds === 0) {
    ctx.warn(`Copied ${name} (${shortId(id)}) with ${tool.name}; it stays until replaced.`);
    return EXIT.ok;
  }
  ctx.warn(`Copied ${name} (${shortId(id)}) with ${tool.name}; clearing it in ${seconds} s (Ctrl-C clears now).`);
  const ours = digest(secret);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, seconds * 1000);
    function done() {
      clearTimeout(timer);
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, done);
      resolve();
    }
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, done);
  });
  const now = await pasteFrom(tool, env);
  // SECURITY: compared by hash; without a way to read the clipboard back it is cleared anyway.
  if (now === null ? tool.paste === null : digest(now) === ours) {
    await clearClipboard(tool, env);
    ctx.warn('Clipboard cleared.');
  } else {
    ctx.warn('The clipboard holds something else now; left as it is.');
  }
  return EXIT.ok;
}
