// Findings of plaintext copies, sealed in the vault as one setting (`scan.findings`), per key:
// "found in plaintext: PATH:LINE, first seen, last seen". A later scan that READ a path and no longer
// finds the key there clears it; a path the scan skipped or did not reach keeps its findings.
import { PlaintextFindingsSchema, type PlaintextFinding } from '../../contract/scan.js';
import type { Settings } from '../settings/settings.service.js';
import type { ScanReport } from './scan.service.js';

const SETTING = 'scan.findings';
const EMPTY = { version: 1 as const, findings: [] as PlaintextFinding[] };

export function readFindings(settings: Settings): PlaintextFinding[] {
  return settings.get(SETTING, PlaintextFindingsSchema, EMPTY).findings;
}

const placeOf = (f: { keyId: string; path: string; commit?: string | undefined }) =>
  `${f.keyId}\u0000${f.path}\u0000${f.commit ?? ''}`;

/** Merges one scan's stored-key hits into the recorded findings; returns what changed. */
export function recordFindings(
  settings: Settings,
  report: ScanReport,
  now: Date,
): { recorded: number; cleared: number; findings: PlaintextFinding[] } {
  const at = now.toISOString();
  const old = readFindings(settings);
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
  const files = new Set(report.covered);
  const commits = new Set(report.commits.flatMap((c) => c.commits));
  let cleared = 0;
  for (const [place, f] of byPlace) {
    if (seen.has(place)) continue;
    const covered = f.commit === undefined ? files.has(f.path) : commits.has(f.commit);
    if (covered) {
      byPlace.delete(place);
      cleared++;
    }
  }
  const findings = [...byPlace.values()].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  if (recorded > 0 || cleared > 0 || seen.size > 0)
    settings.put(SETTING, PlaintextFindingsSchema, { version: 1, findings });
  return { recorded, cleared, findings };
}

/** Findings of keys that no longer exist are dropped when read for alerts. */
export function findingsByKey(findings: readonly PlaintextFinding[]): Map<string, PlaintextFinding[]> {
  const m = new Map<string, PlaintextFinding[]>();
  for (const f of findings) m.set(f.keyId, [...(m.get(f.keyId) ?? []), f]);
  return m;
}
