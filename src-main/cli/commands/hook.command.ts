// keyward hook install: a git pre-commit hook that runs `keyward scan --staged --locked`, so a commit
// holding a stored key is refused while the vault stays locked (it reads the scan index, which this
// command writes). Idempotent; a hook that is not ours is kept unless --force.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../../core/errors.js';
import { gitOutput } from '../../core/scan/scan-git.js';
import { writeScanIndex } from '../../core/scan/scan-index.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';

const keysOf = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

export const HOOK_MARK = '# keyward pre-commit hook';

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function hookScript(node: string, bin: string, vault: string): string {
  return [
    '#!/bin/sh',
    `${HOOK_MARK} (keyward hook install): refuses a commit that holds a key stored in Keyward.`,
    '# It reads only the scan index beside the vault, so it works while the vault is locked.',
    `exec ${sq(node)} ${sq(bin)} --vault ${sq(vault)} scan --staged --locked`,
    '',
  ].join('\n');
}

export async function hookCommand(
  ctx: Ctx,
  positionals: string[],
  f: { repo?: string; force?: boolean; 'with-names'?: boolean },
): Promise<number> {
  if (positionals[0] !== 'install' || positionals.length !== 1)
    throw new AppError('BAD_INPUT', 'Usage: keyward hook install [--repo DIR] [--force] [--with-names]');
  const repo = resolve(f.repo ?? '.');
  const rel = (await gitOutput(repo, ['rev-parse', '--git-path', 'hooks'])).trim();
  const hooks = isAbsolute(rel) ? rel : join(repo, rel);
  const path = join(hooks, 'pre-commit');
  const bin = resolve(process.argv[1] ?? '');
  const script = hookScript(process.execPath, bin, resolve(ctx.vaultPath));
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (existing !== null && !existing.includes(HOOK_MARK) && !f.force)
    throw new AppError(
      'BAD_INPUT',
      `${path} is another pre-commit hook: Keyward left it alone. Run it from yours, or give --force to replace it (it is kept as pre-commit.before-keyward).`,
    );
  // The index first: a hook without one would refuse every commit.
  const idx = await ctx.withVault((s) =>
    writeScanIndex(ctx.vaultPath, s.inventory, { create: true, ...(f['with-names'] ? { withNames: true } : {}) }),
  );
  if (idx.problem !== null) throw new AppError('DISK_ERROR', `The scan index was not written (${idx.problem}).`);
  if (existing === script) {
    ctx.out(
      `The Keyward pre-commit hook is already installed in ${path}; scan index refreshed (${keysOf(idx.entries)}).`,
    );
    return EXIT.ok;
  }
  mkdirSync(hooks, { recursive: true });
  if (existing !== null && !existing.includes(HOOK_MARK)) renameSync(path, `${path}.before-keyward`);
  const temp = `${path}.keyward-tmp`;
  writeFileSync(temp, script, { mode: 0o755 });
  chmodSync(temp, 0o755);
  renameSync(temp, path);
  ctx.out(`Installed the Keyward pre-commit hook in ${path}; scan index written (${keysOf(idx.entries)}).`);
  return EXIT.ok;
}
