// `keyward scan` and the app's "Scan a folder…": files, staged changes or every commit -> hits.
// A hit names a place and a key (or an unknown key's detected platform), never a value.
import { basename, join, resolve, sep } from 'node:path';
import { isShowableName, showableLabel } from '../transfer/import/detect-rules.js';
import type { PlatformId } from '../inventory/key.types.js';
import { AppError } from '../errors.js';
import { historyDiff, repoRoot, stagedDiff, stagedFiles } from './scan-git.js';
import { pathRedactor, percentDecoded, scanLine, storedAcross, storedAnywhere } from './scan-line.js';
import type { Matcher, StoredRef } from './scan-matcher.js';
import { DEFAULT_MAX_BYTES, readText, resolveRoots, walkFiles, type Skipped } from './scan-walk.js';
import type { AddedLine } from './git-diff.js';

/** Characters of an unknown key's ref shown and accepted by `--import-ref`. */
export const REF_CHARS = 12;

export type ScanSource = 'file' | 'staged' | 'history';
export type ScanHit = {
  kind: 'stored' | 'unknown';
  source: ScanSource;
  path: string;
  /** 1 and up; 0 for a key in the name of the file or folder at `path` (`inName`). */
  line: number;
  /** The stored key is in this file's or folder's own name, not in its lines. */
  inName?: 'file' | 'folder';
  commit?: string;
  keyId?: string;
  keyName?: string;
  /** Unknown keys: what the catalog says it is, its platform (and service), the name it was assigned to. */
  label?: string;
  platform?: PlatformId;
  service?: string;
  assignedTo?: string;
  /**
   * Unknown keys: an opaque tag of the value, the same in every scan of one vault (`refOf`), so a
   * later `--import-ref REF` can name it; and the name `--import-unknown` stores it under.
   */
  ref?: string;
  importName?: string;
};

export type ScanOptions = {
  roots: readonly string[];
  staged?: boolean;
  gitHistory?: boolean;
  matcher: Matcher;
  /** Unlocked: also report key-shaped values that are not stored. */
  withCatalog: boolean;
  maxBytes?: number;
  signal?: AbortSignal;
  /** After each file read and each commit of history: counts so far (`found`: hits of either kind). */
  onProgress?: (p: { files: number; bytes: number; path: string; found: number; commits: number }) => void;
  /**
   * The vault's path: the vault and the files Keyward keeps beside it (VAULT.scan-index,
   * VAULT.schedule.json, VAULT-wal…) are passed over, not reported as unknown keys.
   */
  vaultPath?: string;
  /** SECURITY: only `--import-unknown` asks for the values of unknown keys, kept in memory to store them. */
  onUnknownValue?: (ref: string, value: string) => void;
  /** A keyed hash of an unknown value under a per-vault key (see unknownRefs); default: per scan. */
  refOf?: (value: string) => string;
};

export type ScanReport = {
  hits: ScanHit[];
  files: number;
  bytes: number;
  skipped: Skipped[];
  /** Absolute paths of the files actually read: only these can clear a recorded finding. */
  covered: string[];
  /** Per repository, the commits whose changes were read (history mode). */
  commits: { repo: string; commits: string[] }[];
  stagedFiles: number | null;
  followedLinks: { given: string; path: string }[];
  /** What was scanned: a recorded finding under one of these that the scan no longer sees is cleared. */
  roots: { path: string; isFile: boolean }[];
  /** Repositories whose whole history was read (`--git-history`). */
  historyRepos: string[];
};

/** `shown`: the path as the report shows it (pathRedactor), for the name an unknown key is imported under. */
function hitsOf(
  text: string,
  o: ScanOptions & { shown: (path: string) => string },
  at: Omit<ScanHit, 'kind' | 'line'>,
  line: number,
  out: ScanHit[],
) {
  const short = (v: string) => (o.refOf ?? o.matcher.tagOf)(v).slice(0, REF_CHARS);
  const r = scanLine(text, o.matcher, o.withCatalog, o.onUnknownValue, short);
  for (const s of r.stored)
    out.push({
      ...at,
      kind: 'stored',
      line,
      ...(s.keyId ? { keyId: s.keyId } : {}),
      ...(s.name ? { keyName: s.name } : {}),
    });
  for (const u of r.unknown) {
    const named = u.name && isShowableName(u.name) ? u.name : null;
    const importName =
      named ?? showableLabel(`Found in ${basename(o.shown(at.path))}:${line}`, `Found by scan (${u.ref})`);
    out.push({
      ...at,
      kind: 'unknown',
      line,
      label: u.label,
      platform: u.platform,
      ...(u.service ? { service: u.service } : {}),
      ...(u.name ? { assignedTo: u.name } : {}),
      ref: u.ref,
      importName,
    });
  }
}

/**
 * Stored keys in file and folder names: each name is searched anywhere (glued to letters too) and
 * percent-decoded, once per scan, and the whole path for a secret spelt out across names (one
 * holding `/`), reported at the file or folder whose name it ends in. A place is reported once per
 * key (and commit).
 */
function nameChecker(o: ScanOptions, out: ScanHit[]) {
  const cache = new Map<string, StoredRef[]>();
  const minLen = o.matcher.lengths[0] ?? Infinity;
  const seen = new Set<string>();
  const refsIn = (name: string): StoredRef[] => {
    if (name.length < minLen) return [];
    let refs = cache.get(name);
    if (refs === undefined) {
      const found = new Set(storedAnywhere(name, o.matcher, minLen).map((x) => x.ref));
      const decoded = percentDecoded(name);
      if (decoded !== null) for (const x of storedAnywhere(decoded, o.matcher, minLen)) found.add(x.ref);
      refs = [...found];
      cache.set(name, refs);
    }
    return refs;
  };
  /** The file or folder at `path`: its own name. */
  const across = storedAcross(o.matcher);
  const one = (path: string, kind: 'file' | 'folder', at: { source: ScanSource; commit?: string }) => {
    const refs = new Set(refsIn(basename(path)));
    const last = path.lastIndexOf(sep);
    for (const s of across(path)) if (s.end > last) refs.add(s.ref);
    for (const ref of refs) {
      const place = `${at.commit ?? ''}\u0000${path}\u0000${ref.keyId ?? ref.name ?? ''}`;
      if (seen.has(place)) continue;
      seen.add(place);
      out.push({
        ...at,
        kind: 'stored',
        path,
        line: 0,
        inName: kind,
        ...(ref.keyId ? { keyId: ref.keyId } : {}),
        ...(ref.name ? { keyName: ref.name } : {}),
      });
    }
  };
  return {
    one,
    /** A file of a repository given by its path there: the file's name and each folder's above it. */
    inRepo(repo: string, rel: string, at: { source: ScanSource; commit?: string }) {
      const parts = rel.split('/');
      for (let i = 1; i <= parts.length; i++)
        one(join(repo, ...parts.slice(0, i)), i === parts.length ? 'file' : 'folder', at);
    },
  };
}

/** The vault file itself or one Keyward keeps beside it (its name is the vault's, then `.` or `-`). */
function isOwnFile(path: string, vaultPath: string | undefined): boolean {
  if (vaultPath === undefined) return false;
  const vault = resolve(vaultPath);
  return (
    path === vault ||
    ((path.startsWith(`${vault}.`) || path.startsWith(`${vault}-`)) && !path.includes('/', vault.length))
  );
}

/**
 * SECURITY: every path of the report with a stored key (or key-shaped value) in a file or folder
 * name replaced by a placeholder naming the key, so no output, finding or app reply prints it. The
 * same replacement on every path keeps them comparable (findings are matched by path).
 */
function withheld(r: ScanReport, p: (path: string) => string): ScanReport {
  return {
    ...r,
    hits: r.hits.map((h) => ({ ...h, path: p(h.path) })),
    skipped: r.skipped.map((s) => ({ ...s, path: p(s.path) })),
    // A finding recorded under the raw path (before paths were withheld) is cleared when its file
    // is read again (and recorded under the placeholder). Memory only: `covered` is never printed.
    covered: [...r.covered.map(p), ...r.covered.filter((c) => p(c) !== c)],
    commits: r.commits.map((c) => ({ ...c, repo: p(c.repo) })),
    followedLinks: r.followedLinks.map((l) => ({ given: p(l.given), path: p(l.path) })),
    roots: r.roots.map((x) => ({ ...x, path: p(x.path) })),
    historyRepos: r.historyRepos.map(p),
  };
}

export async function runScan(o: ScanOptions): Promise<ScanReport> {
  const shown = pathRedactor(o.matcher);
  let report: ScanReport;
  try {
    report = await scanAll({ ...o, shown });
  } catch (e) {
    throw withheldError(e, shown);
  }
  return withheld(report, shown);
}

/**
 * SECURITY: an error of the scan names a path (a root that does not exist, a folder outside any
 * repository): a stored key in one of its names is withheld there as in the report.
 */
function withheldError(e: unknown, p: (path: string) => string): unknown {
  if (!(e instanceof AppError)) return e;
  const message = p(e.message);
  const subject = e.subject === undefined ? undefined : p(e.subject);
  if (message === e.message && subject === e.subject) return e;
  return new AppError(e.code, message, {
    ...(subject !== undefined ? { subject } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  });
}

async function scanAll(o: ScanOptions & { shown: (path: string) => string }): Promise<ScanReport> {
  const report: ScanReport = {
    hits: [],
    files: 0,
    bytes: 0,
    skipped: [],
    covered: [],
    commits: [],
    stagedFiles: null,
    followedLinks: [],
    roots: [],
    historyRepos: [],
  };
  const roots = await resolveRoots(o.roots.length > 0 ? o.roots : ['.']);
  report.roots = roots.map((r) => ({ path: r.path, isFile: r.isFile }));
  for (const r of roots) if (r.followedLink) report.followedLinks.push({ given: r.given, path: r.path });
  const cancelled = () => {
    if (o.signal?.aborted) throw new AppError('CANCELLED', 'The scan was cancelled.');
  };
  const names = nameChecker(o, report.hits);
  if (o.staged) {
    for (const r of roots) {
      const repo = await repoRoot(r.isFile ? join(r.path, '..') : r.path);
      const staged = await stagedFiles(repo);
      report.stagedFiles = (report.stagedFiles ?? 0) + staged.length;
      for (const f of staged) names.inRepo(repo, f, { source: 'staged' });
      await stagedDiff(repo, {
        section: (s) => {
          if (s.binary) report.skipped.push({ path: join(repo, s.path), reason: 'binary' });
        },
        added: (a: AddedLine) => hitsOf(a.text, o, { source: 'staged', path: join(repo, a.path) }, a.line, report.hits),
      });
    }
    return report;
  }
  for (const r of roots) {
    if (!r.isFile) names.one(r.path, 'folder', { source: 'file' });
    const folder = (path: string) => names.one(path, 'folder', { source: 'file' });
    const skip = (s: Skipped) => {
      report.skipped.push(s);
      // A symlink is not followed, but its name is a copy like any other.
      if (s.reason === 'symlink') names.one(s.path, 'file', { source: 'file' });
    };
    for await (const f of walkFiles(r, skip, o.signal, folder)) {
      cancelled();
      if (isOwnFile(f.path, o.vaultPath)) continue;
      const read = await readText(f.path, o.maxBytes ?? DEFAULT_MAX_BYTES);
      // After its lines: a finding of a key both in a file's name and in it gives the line.
      if ('skipped' in read) names.one(f.path, 'file', { source: 'file' });
      if ('skipped' in read) {
        report.skipped.push({ path: f.path, reason: read.skipped, ...(r.isFile ? { named: true } : {}) });
        continue;
      }
      report.files++;
      report.bytes += read.bytes;
      report.covered.push(f.path);
      const lines = read.text.split('\n');
      for (let i = 0; i < lines.length; i++)
        hitsOf(lines[i] as string, o, { source: 'file', path: f.path }, i + 1, report.hits);
      names.one(f.path, 'file', { source: 'file' });
      o.onProgress?.({ files: report.files, bytes: report.bytes, path: f.path, found: report.hits.length, commits: 0 });
    }
  }
  if (o.gitHistory) {
    const repos = new Set<string>();
    for (const r of roots) repos.add(await repoRoot(r.isFile ? join(r.path, '..') : r.path));
    let seenCommits = 0;
    for (const repo of repos) {
      const commits = new Set<string>();
      const commitSeen = (c: string) => {
        if (commits.has(c)) return;
        commits.add(c);
        seenCommits++;
        const progress = { files: report.files, bytes: report.bytes, path: repo, found: report.hits.length };
        o.onProgress?.({ ...progress, commits: seenCommits });
      };
      await historyDiff(
        repo,
        {
          commit: commitSeen,
          section: (sec) =>
            names.inRepo(repo, sec.path, { source: 'history', ...(sec.commit ? { commit: sec.commit } : {}) }),
          added: (a) => {
            hitsOf(
              a.text,
              o,
              { source: 'history', path: join(repo, a.path), ...(a.commit ? { commit: a.commit } : {}) },
              a.line,
              report.hits,
            );
          },
        },
        o.signal,
      );
      report.commits.push({ repo, commits: [...commits] });
      report.historyRepos.push(repo);
    }
  }
  return report;
}
