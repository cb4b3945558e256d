// keyward verify ID | --all: asks each platform whether a key works and records the answer.
import { AppError } from '../../core/errors.js';
import { KEY_REFUSED, PLATFORM_TROUBLE, type VerifyReport } from '../../core/lifecycle/key-verification.service.js';
import { PLATFORM_GUESS } from '../../core/transfer/import/import-plan.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, shortId, table } from '../format.js';

/** 0 every key valid, 1 any key refused (invalid, revoked, retired...), 5 a platform could not answer. */
export function verifyExitCode(reports: VerifyReport[]): number {
  if (reports.some((r) => KEY_REFUSED.includes(r.outcome.result))) return EXIT.alerts;
  if (reports.some((r) => PLATFORM_TROUBLE.includes(r.outcome.result))) return EXIT.platform;
  return EXIT.ok;
}

export async function verifyCommand(ctx: Ctx, ref: string | undefined, all: boolean): Promise<number> {
  if (!ref === !all) throw new AppError('BAD_INPUT', 'Give one key id or name, or --all.');
  return ctx.withVault(async ({ inventory, verifier }) => {
    let reports: VerifyReport[];
    const signal = ctx.io.signal; // in the agent: the client went away, or the agent locks
    if (ref) reports = [await verifier.verify(ref, signal ? { signal } : {})];
    else {
      const all = inventory.list().keys.filter((k) => k.status !== 'revoked' && k.platform !== 'custom');
      // A platform import only guessed is not trusted with the key: it would send it to that platform's API.
      const guessed = all.filter((k) => k.extra[PLATFORM_GUESS] !== undefined);
      for (const k of guessed)
        ctx.warn(
          `skipped ${shortId(k.id)} ${k.name}: its platform (${k.platform}) is only a guess; confirm it with keyward edit ${shortId(k.id)} --platform ${k.platform}`,
        );
      const keys = all.filter((k) => k.extra[PLATFORM_GUESS] === undefined);
      const step = Math.max(1, Math.floor(keys.length / 20));
      reports = await verifier.verifyMany(keys, {
        ...(signal ? { signal } : {}),
        onProgress: (done, total) => {
          if (done % step === 0 || done === total) ctx.warn(`verified ${done}/${total}`);
        },
      });
    }
    if (ctx.json)
      ctx.out(json(reports.map((r) => ({ id: r.keyId, name: r.name, platform: r.platform, ...r.outcome }))));
    else
      ctx.out(
        table(
          ['ID', 'NAME', 'PLATFORM', 'RESULT', 'MESSAGE'],
          reports.map((r) => [shortId(r.keyId), r.name, r.platform, r.outcome.result, r.outcome.message]),
          90,
        ),
      );
    return verifyExitCode(reports);
  });
}
