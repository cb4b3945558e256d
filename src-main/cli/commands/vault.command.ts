// keyward init | passwd: creating a vault and changing its master password.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  KDF_CEILING,
  KDF_DEFAULT,
  KDF_FLOOR,
  isTestKdfCost,
  testKdfCostAllowed,
  type KdfCost,
} from '../../core/crypto/kdf.js';
import { AppError } from '../../core/errors.js';
import { changePassword, checkNewPassword, createVault } from '../../core/vault/vault.js';
import { lockStaleAgent, type Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json } from '../format.js';
import { masterPassword, newPassword } from '../password.js';
import { terminalSafe } from '../terminal.js';

const MiB = 1024 * 1024;

/** --kdf-memory MiB and --kdf-passes, checked against the floor by the core. */
export function kdfCostFromFlags(memory: string | undefined, passes: string | undefined): KdfCost | undefined {
  if (memory === undefined && passes === undefined) return undefined;
  const whole = (v: string, name: string) => {
    if (!/^\d+$/.test(v)) throw new AppError('BAD_INPUT', `${name} takes a whole number.`, { subject: name });
    return Number(v);
  };
  const cost = {
    memLimitBytes: memory === undefined ? KDF_DEFAULT.memLimitBytes : whole(memory, '--kdf-memory') * MiB,
    opsLimit: passes === undefined ? KDF_DEFAULT.opsLimit : whole(passes, '--kdf-passes'),
  };
  // The test suite's cost, in a test run only (see KDF_TEST_COST); refused below like any other.
  if (isTestKdfCost(cost) && testKdfCostAllowed()) return cost;
  // Out-of-range flags are bad usage (exit 2), not a tampered vault (KDF_PARAMS_REFUSED, exit 4).
  const inRange = (v: number, lo: number, hi: number) => v >= lo && v <= hi;
  if (!inRange(cost.memLimitBytes, KDF_FLOOR.memLimitBytes, KDF_CEILING.memLimitBytes)) {
    throw new AppError(
      'BAD_INPUT',
      `--kdf-memory must be ${KDF_FLOOR.memLimitBytes / MiB} to ${KDF_CEILING.memLimitBytes / MiB} (MiB).`,
      { subject: '--kdf-memory' },
    );
  }
  if (!inRange(cost.opsLimit, KDF_FLOOR.opsLimit, KDF_CEILING.opsLimit)) {
    throw new AppError('BAD_INPUT', `--kdf-passes must be ${KDF_FLOOR.opsLimit} to ${KDF_CEILING.opsLimit}.`, {
      subject: '--kdf-passes',
    });
  }
  return cost;
}

export async function initCommand(ctx: Ctx, cost: KdfCost | undefined): Promise<number> {
  const password = await newPassword(ctx.io, 'KEYWARD_PASSWORD', ctx.passwordFile);
  // One message per problem: a refused password is not also called short.
  checkNewPassword(password);
  if (password.length < 8) {
    ctx.warn('warning: this master password is short; anyone holding the vault file can guess it faster.');
  }
  mkdirSync(dirname(ctx.vaultPath), { recursive: true, mode: 0o700 });
  const vault = await createVault(ctx.vaultPath, password, { clock: ctx.clock, kdf: cost });
  vault.lock();
  const c = cost ?? KDF_DEFAULT;
  if (ctx.json) ctx.out(json({ vault: ctx.vaultPath, kdf: { memoryMiB: c.memLimitBytes / MiB, passes: c.opsLimit } }));
  else {
    ctx.out(`Created an empty vault at ${ctx.vaultPath}`);
    ctx.out(
      `Argon2id: ${c.memLimitBytes / MiB} MiB, ${c.opsLimit} passes (floor ${KDF_FLOOR.memLimitBytes / MiB} MiB, ${KDF_FLOOR.opsLimit} passes).`,
    );
    ctx.out('Keep the master password safe: it cannot be recovered, and without it the vault cannot be opened.');
  }
  return EXIT.ok;
}

export async function passwdCommand(
  ctx: Ctx,
  cost: KdfCost | undefined,
  opts: { rotateVaultKey: boolean },
): Promise<number> {
  const oldPassword = await masterPassword(ctx.io, ctx.passwordFile);
  const next = await newPassword(ctx.io, 'KEYWARD_NEW_PASSWORD');
  checkNewPassword(next, 'new master');
  if (next.length < 8) {
    ctx.warn('warning: this master password is short; anyone holding the vault file can guess it faster.');
  }
  const r = await changePassword(ctx.vaultPath, oldPassword, next, ctx.clock, cost, opts);
  if (r.integrityWarning !== null) ctx.io.stderr.write(`warning: ${terminalSafe(r.integrityWarning)}\n`);
  // A new password alone leaves the vault key, and so an agent's session, as it was.
  if (r.rotated) await lockStaleAgent(ctx, 'it held the old vault key');
  if (ctx.json) ctx.out(json(r.rotated ? { changed: true, rotated: true, records: r.records } : { changed: true }));
  else if (r.rotated)
    ctx.out(
      `Master password changed and the vault key rotated: ${r.records} record(s) re-encrypted. An old copy of the file opens with the old password only what it already held.`,
    );
  else
    ctx.out(
      'Master password changed. The old one no longer opens this file, but it still opens any older copy or backup, and with such a copy\u2019s header this file too; if it may have leaked, run keyward passwd --rotate-vault-key.',
    );
  return EXIT.ok;
}
