// Findings of plaintext copies, sealed in the vault as one setting (`scan.findings`), per key:
// "found in plaintext: PATH:LINE, first seen, last seen". A later scan that read the file and no
// longer finds the key there clears it, as does a scan of a folder holding it once the file is gone;
// a file the scan skipped or never reads (inside `.git`), and anything outside the scanned paths,
// keeps its findings. A history finding is
// cleared by a --git-history scan of its repository that no longer sees the copy in any commit.
import { PlaintextFindingsSchema, type PlaintextFinding } from '../../contract/scan.js';
import type { Settings } from '../settings/settings.service.js';
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { ScanHit, ScanReport } from './scan.service.js';

const SETTING = 'scan.findings';
const EMPTY = { version: 1 as const, findings: [] as PlaintextFinding[] };

export function readFindings(settings: Settings): PlaintextFinding[] {
  return settings.get(SETTING, PlaintextFindingsSchema, EMPTY).findings;
}

const placeOf = (f: { keyId: string; path: string; commit?: string | undefined }) =>
  `${f.keyId}\u0000${f.path}\u0000${f.commit ?? ''}`;

type Merged = { recorded: number; cleared: number; findings: PlaintextFinding[]; changed: boolean };

/** One scan's stored-key hits merged into `old`: what changed. */
function merge(old: readonly PlaintextFinding[], report: ScanReport, now: Date): Merged {
  const at = now.toISOString();
  const byPlace = new Map(old.map((f) => [placeOf(f), f]));
  const seen = new Set<string>();
  let recorded = 0;
  for (const h of report.hits) {
    if (h.kind !== 'stored' || h.keyId === undefined || h.source === 'staged') continue;
    const f = { keyId: h.keyId, path: h.path, ...(h.commit ? { commit: h.commit } : {}) };
    const place = placeOf(f);
    if (seen.has(place)) continue;
    seen.add(place);
    const prev = byPlace.get(place);
    if (!prev) recorded++;
    byPlace.set(place, { ...f, line: h.line, firstSeen: prev?.firstSeen ?? at, lastSeen: at });
  }
  const skipped = new Set(report.skipped.map((s) => s.path));
  const under = (path: string, root: { path: string; isFile: boolean }) =>
    root.isFile ? path === root.path : path.startsWith(root.path.endsWith(sep) ? root.path : root.path + sep);
  // Skipped inside a skipped folder (unreadable, or a symlink to one) keeps its findings too.
  const inSkipped = (path: string) => [...skipped].some((s) => path === s || path.startsWith(s + sep));
  const read = new Set(report.covered);
  // A file the walk never enters (a `.git` folder below the root) keeps its findings; one under a
  // walked folder that is gone (deleted or moved out) is cleared.
  const walkedPast = (path: string, root: { path: string; isFile: boolean }) =>
    !root.isFile && under(path, root) && !relative(root.path, path).split(sep).includes('.git') && !existsSync(path);
  const fileCleared = (path: string) =>
    read.has(path) || (report.roots.some((r) => walkedPast(path, r)) && !inSkipped(path));
  let cleared = 0;
  for (const [place, f] of byPlace) {
    if (seen.has(place)) continue;
    const covered =
      f.commit === undefined
        ? report.stagedFiles === null && fileCleared(f.path)
        : report.historyRepos.some((repo) => under(f.path, { path: repo, isFile: false }));
    if (covered) {
      byPlace.delete(place);
      cleared++;
    }
  }
  const findings = [...byPlace.values()].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return { recorded, cleared, findings, changed: recorded > 0 || cleared > 0 || seen.size > 0 };
}

/**
 * Merges one scan's stored-key hits into the recorded findings; returns what changed. The setting
 * is re-read and rewritten inside one write transaction: scans running at the same time (other
 * CLI processes, the app) each add their findings, none overwrites another's.
 */
export function recordFindings(
  settings: Settings,
  report: ScanReport,
  now: Date,
): { recorded: number; cleared: number; findings: PlaintextFinding[] } {
  // Nothing to record or clear against what is there now: no write (and no commit counted).
  const first = merge(readFindings(settings), report, now);
  if (!first.changed) return { recorded: 0, cleared: 0, findings: first.findings };
  return settings.transaction(() => {
    const m = merge(readFindings(settings), report, now);
    if (m.changed) settings.put(SETTING, PlaintextFindingsSchema, { version: 1, findings: m.findings });
    return { recorded: m.recorded, cleared: m.cleared, findings: m.findings };
  });
}

/**
 * Records `hits` (a scan's places of one value) as findings of `keyId`: a key just stored from what
 * the scan found carries them as if it had been stored before that scan. Staged hits are not recorded.
 */
export function addFindings(settings: Settings, keyId: string, hits: readonly ScanHit[], seenAt: Date): number {
  const at = seenAt.toISOString();
  const byPlace = new Map(readFindings(settings).map((f) => [placeOf(f), f]));
  let added = 0;
  for (const h of hits) {
    if (h.source === 'staged') continue;
    const f = { keyId, path: h.path, ...(h.commit ? { commit: h.commit } : {}) };
    const place = placeOf(f);
    if (byPlace.has(place)) continue;
    byPlace.set(place, { ...f, line: h.line, firstSeen: at, lastSeen: at });
    added++;
  }
  if (added > 0) {
    const findings = [...byPlace.values()].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
    settings.put(SETTING, PlaintextFindingsSchema, { version: 1, findings });
  }
  return added;
}

/** Findings of keys that no longer exist are dropped when read for alerts. */
export function findingsByKey(findings: readonly PlaintextFinding[]): Map<string, PlaintextFinding[]> {
  const m = new Map<string, PlaintextFinding[]>();
  for (const f of findings) m.set(f.keyId, [...(m.get(f.keyId) ?? []), f]);
  return m;
}
