// keyward team: your identity and fingerprint, trusted teammates, the team folder
// and its sync (with git when the folder is a repository).
import { readChecklistFile } from '../../core/checklists/checklist-file.js';
import type { SyncReport } from '../../core/checklists/sharing.service.js';
import { AppError } from '../../core/errors.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, table } from '../format.js';
import { confirm, isInteractive } from '../terminal.js';
import { ensureAuthor } from '../author.js';
import { withCalls } from '../calls.js';
import { importText } from './checklist.command.js';

export type TeamFlags = { folder?: string; name?: string; yes?: boolean; create?: boolean };

function syncText(r: SyncReport): string {
  const lines = [
    `Team folder ${r.folder}${r.isGit ? ' (git)' : ''}: wrote ${r.written.length} file(s), imported ${r.imported.length} change(s).`,
  ];
  for (const i of r.imported) lines.push(importText(i));
  for (const p of r.mergedConflicts) lines.push(`Merged a git conflict on ${p} step by step.`);
  for (const x of r.refused) lines.push(`Not imported: ${x.message}`);
  for (const x of r.notShared) lines.push(`Not shared: ${x.message}`);
  if (r.isGit) lines.push(r.pushed ? 'Pushed.' : 'No remote: committed locally only.');
  return lines.join('\n');
}

export async function teamCommand(ctx: Ctx, positionals: string[], f: TeamFlags): Promise<number> {
  const [action = 'show', file] = positionals;
  if (action === 'trust') {
    if (!file) throw new AppError('BAD_INPUT', 'team trust needs the FILE a teammate signed.');
    const text = readChecklistFile(file);
    return ctx.withVault(async ({ sharing, team }) => {
      const seen = sharing.inspect(text, file);
      const name = seen.file.signer.name;
      if (seen.isTrusted) {
        ctx.out(
          ctx.json
            ? json({ name, fingerprint: seen.fingerprint, trusted: true })
            : `${name} (${seen.fingerprint}) is already trusted.`,
        );
        return EXIT.ok;
      }
      ctx.warn(
        `${file} is signed by "${name}" with key fingerprint\n  ${seen.fingerprint}\nCompare it with ${name} in person or on a call before trusting it.`,
      );
      if (f.yes !== true) {
        if (!isInteractive(ctx.io))
          throw new AppError('BAD_INPUT', 'Confirm the fingerprint with --yes (no terminal to ask on).');
        if (!(await confirm(ctx.io, `Trust ${name}?`))) throw new AppError('CANCELLED', 'Not trusted.');
      }
      const t = sharing.trust(text, file);
      ctx.out(
        ctx.json ? json({ ...t, trusted: true, all: team.trusted().length }) : `Trusted ${t.name} (${t.fingerprint}).`,
      );
      return EXIT.ok;
    });
  }
  if (action === 'name') {
    if (!file) throw new AppError('BAD_INPUT', 'team name needs the NAME teammates see, e.g. keyward team name "Ana".');
    const name = positionals.slice(1).join(' '); // team name Ana Lima, unquoted, is one name
    return withCalls(ctx, async (call) => {
      const t = await call('team.setName', { name });
      ctx.out(
        ctx.json
          ? json({ me: { name: t.name, fingerprint: t.fingerprint } })
          : `Your name is now ${t.name ?? ''}; your fingerprint is ${t.fingerprint ?? ''}.`,
      );
      return EXIT.ok;
    });
  }
  if (action === 'show')
    return withCalls(ctx, async (call) => {
      const { name, fingerprint, folder, trusted } = await call('team.status', {});
      if (ctx.json) ctx.out(json({ me: { name, fingerprint }, folder, trusted }));
      else
        ctx.out(
          [
            name === null
              ? 'You: no name set yet (keyward team name "Your name"; asked the first time you start or tick a checklist)'
              : `You: ${name} (${fingerprint ?? ''})`,
            `Team folder: ${folder ?? 'none (keyward team init --folder DIR --name "Your name")'}`,
            trusted.length === 0
              ? 'Trusted teammates: none yet (keyward team trust FILE)'
              : table(
                  ['NAME', 'FINGERPRINT', 'SINCE'],
                  trusted.map((t) => [t.name, t.fingerprint, t.addedAt.slice(0, 10)]),
                ),
          ].join('\n'),
        );
      return EXIT.ok;
    });
  return ctx.withVault(async ({ sharing, team }) => {
    const author = { current: () => team.status().name, save: (name: string) => team.setName(name) };
    switch (action) {
      case 'init': {
        if (!f.folder)
          throw new AppError('BAD_INPUT', 'team init needs --folder DIR (a git working copy or a synced folder).');
        if (f.name === undefined) await ensureAuthor(ctx, 'team init', author); // or --name NAME
        const r = await sharing.init(f.folder, f.name, { create: f.create === true });
        const me = team.me();
        ctx.out(
          ctx.json
            ? json({ ...r, me: { name: me.name, fingerprint: me.fingerprint } })
            : `Team folder ${r.folder}${r.isGit ? ' (a git repository: team sync commits, pulls and pushes)' : ''}.\nYou are ${me.name}; your fingerprint is ${me.fingerprint}.`,
        );
        break;
      }
      case 'sync': {
        await ensureAuthor(ctx, 'team sync', author); // the files it writes are signed with your name
        const r = await sharing.sync();
        ctx.out(ctx.json ? json(r) : syncText(r));
        break;
      }
      default:
        throw new AppError('BAD_INPUT', `Unknown team action "${action}". See "keyward --help".`);
    }
    return EXIT.ok;
  });
}
