// Sharing checklists without a server: import of signed files (verify, then merge by
// step), and the team folder, synced with the system git when it is a repository.
// A git conflict on a run is settled by merging steps, never by taking one side's file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Sodium } from '../crypto/sodium.js';
import { AppError, isAppError } from '../errors.js';
import type { ImportResult, NotShared, Refused, SyncReport } from '../../contract/checklists.js';
import type { RunBody, Template } from './checklist.types.js';
import type { Checklists } from './checklist.service.js';
import { git, gitMessage, gitOk } from './git.js';
import { canonicalJson, parseFile, verifyFile, type SignedFile, type TrustedSigner } from './signed-file.js';
import type { TeamIdentity } from './team-identity.js';
import { NotShareableError } from './shareable.js';
import {
  CHECKLIST_DIR,
  ensureFolder,
  ensureGitAttributes,
  readRunFiles,
  runFileName,
  writeIfChanged,
} from './team-folder.js';

export type { ImportResult, NotShared, Refused, SyncReport };

export function createSharing(deps: { sodium: Sodium; checklists: Checklists; identity: TeamIdentity }) {
  const { sodium, checklists, identity } = deps;

  function verified(text: string, source: string) {
    return verifyFile(sodium, parseFile(text, source), source, identity.trusted(), identity.own());
  }

  function importText(text: string, source: string): ImportResult {
    const { file, signer } = verified(text, source);
    if (file.kind === 'template') {
      const t = file.body as Template;
      const r = checklists.storeTemplate(t);
      return { kind: 'template', id: t.id, title: t.name, isNew: r.isNew, changes: [], signer };
    }
    const r = checklists.absorb(file.body as RunBody);
    return { kind: 'run', id: r.run.id, title: r.run.title, isNew: r.isNew, changes: r.changes, signer };
  }

  /** Who signed a file, whether we trust them already: for `team trust`. Checks the signature first. */
  function inspect(text: string, source: string): { file: SignedFile; fingerprint: string; isTrusted: boolean } {
    const file = parseFile(text, source);
    try {
      verifyFile(sodium, file, source, [], identity.own());
      return { file, fingerprint: identity.fingerprintOf(file.signer.publicKey), isTrusted: true };
    } catch (e) {
      if (!isAppError(e, 'UNTRUSTED_SIGNER')) throw e;
    }
    const fingerprint = identity.fingerprintOf(file.signer.publicKey);
    return {
      file,
      fingerprint,
      isTrusted: identity.trusted().some((t: TrustedSigner) => t.publicKey === file.signer.publicKey),
    };
  }

  function folderOrThrow(): string {
    const folder = identity.folder();
    if (folder === null)
      throw new AppError('BAD_INPUT', 'No team folder yet: run keyward team init --folder DIR --name "Your name".');
    if (!existsSync(folder))
      throw new AppError('NOT_FOUND', `The team folder ${folder} does not exist (moved or not mounted?).`);
    return folder;
  }

  const isGitRepo = async (folder: string) =>
    (await git(folder, ['rev-parse', '--is-inside-work-tree'])).stdout.trim() === 'true';

  /** Reads every teammate file in the folder into the vault; a file that fails is reported, not fatal. */
  function importFolder(folder: string, report: SyncReport): void {
    for (const [rel, text] of readRunFiles(folder)) {
      try {
        const r = importText(text, join(folder, rel));
        if (r.isNew || r.changes.length > 0) report.imported.push(r);
      } catch (e) {
        if (!isAppError(e)) throw e;
        // A sync reads the folder twice (before and after the pull): one entry per file, the latest reason.
        report.refused = report.refused.filter((r) => r.file !== rel);
        report.refused.push({ file: rel, code: e.code, message: e.message });
      }
    }
  }

  /**
   * What `path` holds compared with `body`: the same verified body (whoever signed it), a
   * teammate's file we cannot verify yet (an untrusted signer: kept, never overwritten, or
   * their step states would be lost), or anything else (absent, damaged: ours replaces it).
   */
  function existing(path: string, body: unknown): 'same' | 'untrusted' | 'replace' {
    if (!existsSync(path)) return 'replace';
    try {
      const current = verified(readFileSync(path, 'utf8'), path).file;
      return canonicalJson(current.body) === canonicalJson(body) ? 'same' : 'replace';
    } catch (e) {
      return isAppError(e, 'UNTRUSTED_SIGNER') ? 'untrusted' : 'replace';
    }
  }

  /**
   * Writes every run of the vault as signed JSON + Markdown; returns the paths written.
   * A run that would carry a secret or hint is left out and reported in `notShared`.
   * A file whose content already matches is left alone, so two members do not re-sign
   * the same state back and forth; a file signed by someone not yet trusted is left alone
   * too (its run is reported as refused until they are trusted and it can be merged).
   */
  function writeFolder(folder: string, report: SyncReport): string[] {
    const written: string[] = [];
    for (const run of checklists.runs()) {
      const json = runFileName(run.id);
      let out;
      try {
        out = checklists.exportRun(run.id);
      } catch (e) {
        if (!(e instanceof NotShareableError)) throw e;
        // One run holding a secret by mistake: that run stays out, the others are shared.
        if (!report.notShared.some((n) => n.runId === run.id))
          report.notShared.push({
            file: json,
            runId: run.id,
            step: e.place.step,
            field: e.place.field,
            keyName: e.keyName,
            message: e.message,
          });
        continue;
      }
      const md = json.replace(/\.json$/, '.md');
      const state = existing(join(folder, json), out.file.body);
      if (state === 'untrusted' || (state === 'same' && existsSync(join(folder, md)))) continue;
      if (writeIfChanged(join(folder, json), out.json)) written.push(json);
      if (writeIfChanged(join(folder, md), out.md)) written.push(md);
    }
    return written;
  }

  /** Commits carry the user's git identity; without one, the Keyward display name. */
  async function committer(folder: string): Promise<string[]> {
    if ((await git(folder, ['config', 'user.email'])).stdout.trim()) return [];
    return ['-c', `user.name=${identity.me().name}`, '-c', 'user.email=keyward@localhost'];
  }

  async function commitAll(folder: string, message: string): Promise<boolean> {
    await gitOk(folder, ['add', '-A', '--', CHECKLIST_DIR, '.gitattributes'], 'stage the checklists');
    if ((await git(folder, ['diff', '--cached', '--quiet'])).code === 0) return false;
    const who = await committer(folder);
    await gitOk(folder, [...who, 'commit', '--no-verify', '-q', '-m', message], 'commit');
    return true;
  }

  /** Settles a merge conflict on run files: both sides verified, merged step by step into the vault, rewritten. */
  async function settleConflicts(folder: string, report: SyncReport): Promise<void> {
    const paths = (await gitOk(folder, ['diff', '--name-only', '--diff-filter=U'], 'list conflicts'))
      .split('\n')
      .filter(Boolean);
    const foreign = paths.filter((p) => !p.startsWith(`${CHECKLIST_DIR}/`) || !/\.(json|md)$/.test(p));
    if (foreign.length > 0 || paths.length === 0) {
      await git(folder, ['merge', '--abort']);
      throw new AppError(
        'BAD_INPUT',
        `git could not merge the team folder (${foreign.join(', ') || 'not a checklist conflict'}); nothing was lost, the merge was undone. Resolve it with git, then sync again.`,
      );
    }
    try {
      for (const p of paths.filter((x) => x.endsWith('.json'))) {
        for (const stage of [2, 3]) {
          const side = await git(folder, ['show', `:${stage}:${p}`]);
          if (side.code !== 0) continue; // deleted on that side: the other side's steps are kept
          checklists.absorb(verified(side.stdout, `${p} (${stage === 2 ? 'ours' : 'theirs'})`).file.body as RunBody);
        }
        report.mergedConflicts.push(p);
      }
    } catch (e) {
      await git(folder, ['merge', '--abort']); // a side we cannot verify: undo the merge, keep both commits
      throw e;
    }
    writeFolder(folder, report);
    await gitOk(folder, ['add', '-A', '--', CHECKLIST_DIR], 'stage the merged checklists');
    const who = await committer(folder);
    await gitOk(folder, [...who, 'commit', '--no-verify', '-q', '--no-edit'], 'commit the merge');
  }

  /** " (URL)" of a remote for messages, without any user:password@. */
  async function remoteUrl(folder: string, name: string): Promise<string> {
    const url = (await git(folder, ['remote', 'get-url', name])).stdout.trim().replace(/\/\/[^/@\s]+@/g, '//');
    return url ? ` (${url})` : '';
  }

  /** Pulls (merging run conflicts by step) and pushes; one retry when the push lost a race. */
  async function exchange(folder: string, report: SyncReport): Promise<void> {
    const remote = (await git(folder, ['remote'])).stdout.split('\n').filter(Boolean);
    const name = remote.includes('origin') ? 'origin' : remote[0];
    if (name === undefined) return;
    const branch = (await gitOk(folder, ['rev-parse', '--abbrev-ref', 'HEAD'], 'read the branch')).trim();
    const where = `the team remote "${name}"${await remoteUrl(folder, name)}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      // --exit-code: 0 the branch is there, 2 the remote answered without it; anything else: no answer.
      const ls = await git(folder, ['ls-remote', '--exit-code', '--heads', name, branch]);
      if (ls.code !== 0 && ls.code !== 2)
        throw new AppError(
          'PLATFORM_UNREACHABLE',
          `Could not reach ${where}: ${gitMessage(ls)}. Your checklists are committed in ${folder}; sync again when the remote is reachable.`,
          { subject: name },
        );
      const hasBranch = ls.code === 0;
      if (hasBranch) {
        const who = await committer(folder);
        const pull = await git(folder, [
          ...who,
          'pull',
          '--no-rebase',
          '--no-edit',
          '--allow-unrelated-histories',
          '-q',
          name,
          branch,
        ]);
        if (pull.code !== 0) {
          if ((await git(folder, ['diff', '--name-only', '--diff-filter=U'])).stdout.trim() === '')
            throw new AppError('BAD_INPUT', `git could not pull into ${folder}: ${gitMessage(pull)}`);
          await settleConflicts(folder, report);
        }
        importFolder(folder, report);
        writeFolder(folder, report);
        await commitAll(folder, `Keyward: checklists merged by ${identity.me().name}`);
      }
      const push = await git(folder, ['push', '-q', name, `HEAD:${branch}`]);
      if (push.code === 0) {
        report.pushed = true;
        return;
      }
      if (attempt === 1)
        throw new AppError('PLATFORM_ERROR', `git could not push from ${folder} to ${where}: ${gitMessage(push)}`, {
          subject: name,
        });
    }
  }

  return {
    importText,
    inspect,
    trust: (text: string, source: string) => identity.trust(inspect(text, source).file),

    /** Sets the team folder (which must exist unless `create`: a typo must not make a new, unshared folder). */
    async init(
      folderPath: string,
      name: string | undefined,
      opts: { create?: boolean } = {},
    ): Promise<{ folder: string; isGit: boolean }> {
      const folder = resolve(folderPath);
      if (name !== undefined) identity.setName(name); // refused names change nothing on disk
      identity.me(); // and without a name set, NAME_REQUIRED before any folder is made
      if (!existsSync(folder)) {
        if (opts.create !== true)
          throw new AppError(
            'NOT_FOUND',
            `The folder ${folder} does not exist; check the path, or add --create to make a new team folder there.`,
            { subject: folder },
          );
      } else if (!statSync(folder).isDirectory()) throw new AppError('BAD_INPUT', `${folder} is not a folder.`);
      ensureFolder(folder);
      identity.setFolder(folder);
      const isGit = await isGitRepo(folder);
      if (isGit) ensureGitAttributes(folder);
      return { folder, isGit };
    },

    /** Imports teammates' files, writes ours; with git: commit, pull (merging by step), push. */
    async sync(): Promise<SyncReport> {
      const folder = folderOrThrow();
      ensureFolder(folder);
      const isGit = await isGitRepo(folder);
      const report: SyncReport = {
        folder,
        isGit,
        imported: [],
        written: [],
        mergedConflicts: [],
        refused: [],
        notShared: [],
        pushed: false,
      };
      if (isGit) {
        const merging = await git(folder, ['rev-parse', '-q', '--verify', 'MERGE_HEAD']);
        if (merging.code === 0)
          throw new AppError('BAD_INPUT', `${folder} is in the middle of a git merge; finish or abort it first.`);
        ensureGitAttributes(folder);
      }
      importFolder(folder, report);
      report.written = writeFolder(folder, report);
      if (!isGit) return report;
      await commitAll(folder, `Keyward: checklists updated by ${identity.me().name}`);
      await exchange(folder, report);
      return report;
    },
  };
}
export type Sharing = ReturnType<typeof createSharing>;
