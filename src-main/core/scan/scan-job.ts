// The app's "Scan a folder…": one scan at a time over the unlocked vault, run in the host's process,
// polled for progress, cancellable, its result grouped by key. Records findings as `keyward scan` does.
// SECURITY: no answer carries a value; unknown keys are grouped by an opaque tag in memory only, and their
// values are held (held-unknown.ts) only until the vault locks or another scan starts, for "Import…".
import { randomBytes } from 'node:crypto';
import type { ScanImportItem, ScanImportOutcome, ScanResult, ScanStatus } from '../../contract/scan.js';
import { isAppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { Clock } from '../ports/clock.port.js';
import type { Settings } from '../settings/settings.service.js';
import { recordFindings } from './findings.js';
import { repoRoot } from './scan-git.js';
import { unlockedMatcher } from './scan-index.js';
import type { PlatformId } from '../inventory/key.types.js';
import { forgotten, holdValues, importHeld, type HeldResult } from './held-unknown.js';
import { pathRedactor } from './scan-line.js';
import type { Matcher } from './scan-matcher.js';
import { runScan, type ScanHit, type ScanReport } from './scan.service.js';
import { unknownRefs } from './unknown-ref.js';

/** A group lists at most this many places; the rest are counted. */
export const PLACES_PER_GROUP = 50;

type Deps = { inventory: Inventory; settings: Settings; clock: Clock; readOnly: boolean; vaultPath?: string };

const IDLE: ScanStatus = {
  phase: 'idle',
  folder: null,
  gitHistory: false,
  files: 0,
  bytes: 0,
  commits: 0,
  found: 0,
  startedAt: null,
  finishedAt: null,
  problem: null,
  result: null,
};

const placeOf = (h: ScanHit) => ({
  source: h.source === 'history' ? ('history' as const) : ('file' as const),
  path: h.path,
  line: h.line,
  ...(h.commit ? { commit: h.commit } : {}),
});

/** An unknown key of the last result as main holds it: its places, and (imports) its value. */
export type HeldUnknown = { ref: string; hits: ScanHit[]; platform: PlatformId; service?: string };

/**
 * The report's hits as the app shows them: one group per stored key, one per distinct unknown value.
 * `held`: each unknown group's random id -> its ref and every place (more than the 50 listed).
 */
export function groupHits(
  report: ScanReport,
  inventory: Inventory,
): Pick<ScanResult, 'keys' | 'unknown' | 'placesLeftOut'> & { held: Map<string, HeldUnknown> } {
  const keys = new Map<string, ScanResult['keys'][number]>();
  const unknown = new Map<string, ScanResult['unknown'][number]>();
  const held = new Map<string, HeldUnknown>();
  const heldByRef = new Map<string, HeldUnknown>();
  const seen = new Set<string>();
  let placesLeftOut = 0;
  for (const h of report.hits) {
    const groupId = h.kind === 'stored' ? `k:${h.keyId ?? h.keyName ?? ''}` : `u:${h.ref ?? h.label ?? ''}`;
    const placeId = `${groupId}\u0000${h.path}\u0000${h.line}\u0000${h.commit ?? ''}`;
    if (seen.has(placeId)) continue;
    seen.add(placeId);
    let group: { places: ScanResult['keys'][number]['places'] } | undefined =
      h.kind === 'stored' ? keys.get(groupId) : unknown.get(groupId);
    if (!group && h.kind === 'stored') {
      const record = h.keyId ? inventory.existing([h.keyId])[0] : undefined;
      const g = {
        keyId: h.keyId ?? '',
        keyName: record?.name ?? h.keyName ?? 'A stored key',
        platform: record?.platform ?? 'custom',
        places: [],
      };
      keys.set(groupId, g);
      group = g;
    } else if (!group) {
      // SECURITY: the id is random, not the ref: it says nothing of the value and dies with this result.
      const id = randomBytes(9).toString('base64url');
      const platform = h.platform ?? 'custom';
      const g = {
        id,
        label: h.label ?? 'Key-shaped value',
        platform,
        ...(h.service ? { service: h.service } : {}),
        ...(h.assignedTo ? { assignedTo: h.assignedTo } : {}),
        importName: h.importName ?? 'Found by scan',
        places: [],
      };
      unknown.set(groupId, g);
      const entry = { ref: h.ref ?? '', hits: [], platform, ...(h.service ? { service: h.service } : {}) };
      held.set(id, entry);
      heldByRef.set(groupId, entry);
      group = g;
    }
    if (h.kind === 'unknown') heldByRef.get(groupId)?.hits.push(h);
    if (group.places.length < PLACES_PER_GROUP) group.places.push(placeOf(h));
    else placesLeftOut++;
  }
  const byName =
    <T extends { places: unknown[] }>(name: (t: T) => string) =>
    (a: T, b: T) =>
      b.places.length - a.places.length || name(a).localeCompare(name(b));
  return {
    keys: [...keys.values()].sort(byName((g) => g.keyName)),
    unknown: [...unknown.values()].sort(byName((g) => g.label)),
    placesLeftOut,
    held,
  };
}

export function createScanJobs(deps: Deps) {
  let status: ScanStatus = IDLE;
  let controller: AbortController | null = null;
  let running: Promise<void> = Promise.resolve();

  /** The last result's unknown keys with their values, for imports; dropped on lock and on a new scan. */
  let kept: HeldResult | null = null;

  async function run(folder: string, gitHistory: boolean, signal: AbortSignal, matcher: Matcher) {
    if (gitHistory) {
      try {
        await repoRoot(folder);
      } catch {
        // SECURITY: the folder as the status shows it, a stored key in its name withheld.
        throw new Error(`${pathRedactor(matcher)(folder)} is not in a git repository: scan it without its history.`);
      }
    }
    // SECURITY: the values of unknown keys stay in this process, beside the result, so "Import…" can store them.
    const values = new Map<string, string>();
    const report = await runScan({
      roots: [folder],
      gitHistory,
      vaultPath: deps.vaultPath,
      matcher,
      withCatalog: true,
      signal,
      // The vault's refs, as `keyward scan` gives them: an unknown key is named as the CLI would name it.
      refOf: unknownRefs(deps.settings, deps.readOnly),
      onUnknownValue: (ref, value) => void values.set(ref, value),
      onProgress: (p) => {
        if (status.phase === 'running')
          status = { ...status, files: p.files, bytes: p.bytes, commits: p.commits, found: p.found };
      },
    });
    const scannedAt = deps.clock.now();
    const rec = deps.readOnly ? null : recordFindings(deps.settings, report, scannedAt);
    const { held, ...groups } = groupHits(report, deps.inventory);
    const result: ScanResult = {
      ...groups,
      files: report.files,
      bytes: report.bytes,
      commits: report.commits.reduce((n, c) => n + c.commits.length, 0),
      skipped: report.skipped.length,
      recorded: rec?.recorded ?? null,
      cleared: rec?.cleared ?? null,
    };
    return { result, held: holdValues(held, values, scannedAt) };
  }

  return {
    status: (): ScanStatus => status,
    /** Starts a scan of `folder` (a path the host's dialog answered); one at a time. */
    start(folder: string, gitHistory: boolean): ScanStatus {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      kept = null;
      const { matcher } = unlockedMatcher(deps.inventory);
      // SECURITY: a folder named after a stored key is shown with the key's placeholder, as its places are.
      const shown = pathRedactor(matcher)(folder);
      status = { ...IDLE, phase: 'running', folder: shown, gitHistory, startedAt: deps.clock.now().toISOString() };
      const previous = running;
      running = previous.then(async () => {
        if (mine.signal.aborted) return;
        let next: Partial<ScanStatus>;
        let held: HeldResult | null = null;
        try {
          const { result, held: values } = await run(folder, gitHistory, mine.signal, matcher);
          held = values;
          next = { phase: 'done', result, files: result.files, bytes: result.bytes, commits: result.commits };
          next.found = result.keys.length + result.unknown.length;
        } catch (e) {
          const cancelled = mine.signal.aborted || (isAppError(e) && e.code === 'CANCELLED');
          // SECURITY: the scan's own errors name paths and git, never a value; anything else is not shown.
          const known = isAppError(e) || (e instanceof Error && e.message.endsWith('without its history.'));
          const problem = known ? (e as Error).message : 'The scan stopped on an unexpected error.';
          next = cancelled ? { phase: 'cancelled' } : { phase: 'failed', problem };
        }
        if (controller !== mine) return;
        status = { ...status, ...next, finishedAt: deps.clock.now().toISOString() };
        kept = held;
      });
      return status;
    },
    cancel(): ScanStatus {
      if (status.phase === 'running') {
        controller?.abort();
        status = { ...status, phase: 'cancelled', finishedAt: deps.clock.now().toISOString() };
      }
      return status;
    },
    /** Stores unknown keys of the last result (by group id) as new keys; see scan-import.ts. */
    importUnknown(items: readonly ScanImportItem[]): { outcomes: ScanImportOutcome[]; scan: ScanStatus } {
      if (status.phase !== 'done' || status.result === null || kept === null) throw forgotten();
      const r = importHeld(deps, kept, status.result, items);
      status = { ...status, result: r.result };
      return { outcomes: r.outcomes, scan: status };
    },
    /** Resolves when the current scan has finished (tests, lock). */
    settled: (): Promise<void> => running,
    /** On lock: stops a running scan and forgets the last result. */
    clear(): void {
      controller?.abort();
      controller = null;
      kept = null;
      status = IDLE;
    },
  };
}
export type ScanJobs = ReturnType<typeof createScanJobs>;
