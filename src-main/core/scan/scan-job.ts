// The app's "Scan a folder…": one scan at a time over the unlocked vault, run in the host's process,
// polled for progress, cancellable, its result grouped by key. Records findings as `keyward scan` does.
// SECURITY: nothing here keeps or answers a value; unknown keys are grouped by an opaque tag in memory only.
import type { ScanResult, ScanStatus } from '../../contract/scan.js';
import { isAppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { Clock } from '../ports/clock.port.js';
import type { Settings } from '../settings/settings.service.js';
import { recordFindings } from './findings.js';
import { repoRoot } from './scan-git.js';
import { unlockedMatcher } from './scan-index.js';
import { pathRedactor } from './scan-line.js';
import type { Matcher } from './scan-matcher.js';
import { runScan, type ScanHit, type ScanReport } from './scan.service.js';

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

/** The report's hits as the app shows them: one group per stored key, one per distinct unknown value. */
export function groupHits(
  report: ScanReport,
  inventory: Inventory,
): Pick<ScanResult, 'keys' | 'unknown' | 'placesLeftOut'> {
  const keys = new Map<string, ScanResult['keys'][number]>();
  const unknown = new Map<string, ScanResult['unknown'][number]>();
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
      const g = {
        label: h.label ?? 'Key-shaped value',
        platform: h.platform ?? 'custom',
        ...(h.service ? { service: h.service } : {}),
        ...(h.assignedTo ? { assignedTo: h.assignedTo } : {}),
        places: [],
      };
      unknown.set(groupId, g);
      group = g;
    }
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
  };
}

export function createScanJobs(deps: Deps) {
  let status: ScanStatus = IDLE;
  let controller: AbortController | null = null;
  let running: Promise<void> = Promise.resolve();

  async function run(folder: string, gitHistory: boolean, signal: AbortSignal, matcher: Matcher): Promise<ScanResult> {
    if (gitHistory) {
      try {
        await repoRoot(folder);
      } catch {
        throw new Error(`${folder} is not in a git repository: scan it without its history.`);
      }
    }
    const report = await runScan({
      roots: [folder],
      gitHistory,
      vaultPath: deps.vaultPath,
      matcher,
      withCatalog: true,
      signal,
      onProgress: (p) => {
        if (status.phase === 'running')
          status = { ...status, files: p.files, bytes: p.bytes, commits: p.commits, found: p.found };
      },
    });
    const rec = deps.readOnly ? null : recordFindings(deps.settings, report, deps.clock.now());
    return {
      ...groupHits(report, deps.inventory),
      files: report.files,
      bytes: report.bytes,
      commits: report.commits.reduce((n, c) => n + c.commits.length, 0),
      skipped: report.skipped.length,
      recorded: rec?.recorded ?? null,
      cleared: rec?.cleared ?? null,
    };
  }

  return {
    status: (): ScanStatus => status,
    /** Starts a scan of `folder` (a path the host's dialog answered); one at a time. */
    start(folder: string, gitHistory: boolean): ScanStatus {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      const { matcher } = unlockedMatcher(deps.inventory);
      // SECURITY: a folder named after a stored key is shown with the key's placeholder, as its places are.
      const shown = pathRedactor(matcher)(folder);
      status = { ...IDLE, phase: 'running', folder: shown, gitHistory, startedAt: deps.clock.now().toISOString() };
      const previous = running;
      running = previous.then(async () => {
        if (mine.signal.aborted) return;
        let next: Partial<ScanStatus>;
        try {
          const result = await run(folder, gitHistory, mine.signal, matcher);
          next = { phase: 'done', result, files: result.files, bytes: result.bytes, commits: result.commits };
          next.found = result.keys.length + result.unknown.length;
        } catch (e) {
          const cancelled = mine.signal.aborted || (isAppError(e) && e.code === 'CANCELLED');
          // SECURITY: the scan's own errors name paths and git, never a value; anything else is not shown.
          const known = isAppError(e) || (e instanceof Error && e.message.endsWith('without its history.'));
          const problem = known ? (e as Error).message : 'The scan stopped on an unexpected error.';
          next = cancelled ? { phase: 'cancelled' } : { phase: 'failed', problem };
        }
        if (controller === mine) status = { ...status, ...next, finishedAt: deps.clock.now().toISOString() };
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
    /** Resolves when the current scan has finished (tests, lock). */
    settled: (): Promise<void> => running,
    /** On lock: stops a running scan and forgets the last result. */
    clear(): void {
      controller?.abort();
      controller = null;
      status = IDLE;
    },
  };
}
export type ScanJobs = ReturnType<typeof createScanJobs>;
