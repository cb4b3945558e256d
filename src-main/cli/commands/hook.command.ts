// keyward hook install: a git pre-commit hook that runs `keyward scan --staged --locked`, so a commit
// holding a stored key is refused while the vault stays locked (it reads the scan index, which this
// command writes). Idempotent; a hook that is not ours is kept unless --force.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
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

/** The repository's hooks folder; refused where a hook cannot work or would be committed. */
async function hooksFolder(repo: string): Promise<string> {
  if (!existsSync(repo) || !statSync(repo).isDirectory())
    throw new AppError('BAD_INPUT', `No folder ${repo}: give --repo the folder of a git repository.`);
  let top: string;
  let gitDir: string;
  try {
    top = (await gitOutput(repo, ['rev-parse', '--show-toplevel'])).trim();
    gitDir = (await gitOutput(repo, ['rev-parse', '--absolute-git-dir'])).trim();
  } catch {
    throw new AppError(
      'BAD_INPUT',
      `${repo} is not in a git repository with a working tree (a pre-commit hook needs one; git init makes one).`,
    );
  }
  const rel = (await gitOutput(repo, ['rev-parse', '--git-path', 'hooks'])).trim();
  const hooks = isAbsolute(rel) ? rel : join(repo, rel);
  // SECURITY and the team: the hook holds this machine's paths to node, keyward and the vault. In a
  // folder of the working tree (a relative core.hooksPath such as .githooks) it would be committed,
  // and every teammate's commit would run it and fail.
  const real = (p: string) => {
    let at = resolve(p);
    const rest: string[] = [];
    while (!existsSync(at) && dirname(at) !== at) {
      rest.unshift(basename(at));
      at = dirname(at);
    }
    return join(realpathSync(at), ...rest);
  };
  const inside = (child: string, parent: string) => {
    const r = relative(parent, child);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  const at = real(hooks);
  if (inside(at, real(top)) && !inside(at, real(gitDir)))
    throw new AppError(
      'BAD_INPUT',
      `The repository's hooks folder (${relative(top, hooks) || hooks}, set by core.hooksPath) is in its working tree, where Keyward's hook, which holds this machine's paths, would be committed for everyone. Nothing was installed: point core.hooksPath outside the repository, or run "keyward scan --staged --locked" from the hook you share.`,
    );
  return hooks;
}

export async function hookCommand(
  ctx: Ctx,
  positionals: string[],
  f: { repo?: string; force?: boolean; 'with-names'?: boolean },
): Promise<number> {
  if (positionals[0] !== 'install' || positionals.length !== 1)
    throw new AppError('BAD_INPUT', 'Usage: keyward hook install [--repo DIR] [--force] [--with-names]');
  const repo = resolve(f.repo ?? '.');
  const hooks = await hooksFolder(repo);
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
