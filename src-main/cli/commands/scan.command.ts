// keyward scan: plaintext copies of stored keys (and, unlocked, unknown key-shaped values) in files,
// staged changes or git history. Exit 0 nothing found, 1 found, 2 usage or error. Never prints a value.
import { AppError } from '../../core/errors.js';
import { recordFindings } from '../../core/scan/findings.js';
import { lockedMatcher, unlockedMatcher, writeScanIndex } from '../../core/scan/scan-index.js';
import { importFoundKey } from '../../core/scan/scan-import.js';
import { runScan, type ScanHit, type ScanReport } from '../../core/scan/scan.service.js';
import { unknownRefs } from '../../core/scan/unknown-ref.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { scanExit, scanJson, scanSarif, scanText, type ScanFormat, type ScanSummary } from './scan-output.js';

export type ScanFlags = {
  'git-history'?: boolean;
  staged?: boolean;
  format?: string;
  locked?: boolean;
  'import-unknown'?: boolean;
  'import-ref'?: string[];
  'write-index'?: boolean;
  'with-names'?: boolean;
};

function formatOf(f: string | undefined): ScanFormat {
  const v = f ?? 'text';
  if (v !== 'text' && v !== 'json' && v !== 'sarif')
    throw new AppError('BAD_INPUT', '--format takes text, json or sarif.', { subject: 'format' });
  return v;
}

function print(ctx: Ctx, format: ScanFormat, r: ScanReport, s: ScanSummary, withNames: boolean): number {
  const fmt = ctx.json ? 'json' : format;
  if (fmt === 'json') ctx.io.stdout.write(scanJson(r, s) + '\n');
  else if (fmt === 'sarif') ctx.io.stdout.write(scanSarif(r) + '\n');
  else for (const l of scanText(r, s, withNames)) ctx.out(l);
  const code = scanExit(r);
  return code === 2 ? EXIT.usage : code === 1 ? EXIT.alerts : EXIT.ok;
}

export async function scanCommand(ctx: Ctx, paths: string[], f: ScanFlags): Promise<number> {
  const format = formatOf(f.format);
  if (f.staged && f['git-history']) throw new AppError('BAD_INPUT', 'Give --staged or --git-history, not both.');
  const refs = new Set(f['import-ref'] ?? []);
  const importing = f['import-unknown'] === true || refs.size > 0;
  if (f.locked && (importing || f['write-index']))
    throw new AppError('BAD_INPUT', '--import-unknown, --import-ref and --write-index need the unlocked vault.');
  const base = {
    roots: paths,
    staged: f.staged === true,
    gitHistory: f['git-history'] === true,
    vaultPath: ctx.vaultPath,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}), // in the agent: the client went away, or it locks
  };
  // --write-index alone writes the index and scans nothing (a PATH, --staged or --git-history scans too).
  if (f['write-index'] && paths.length === 0 && !f.staged && !f['git-history'])
    return ctx.withVault((s) => {
      const w = writeScanIndex(ctx.vaultPath, s.inventory, {
        create: true,
        ...(f['with-names'] ? { withNames: true } : {}),
      });
      if (w.problem) throw new AppError('DISK_ERROR', `The scan index was not written (${w.problem}).`);
      const keys = `${w.entries} key${w.entries === 1 ? '' : 's'}`;
      ctx.out(`${w.written ? 'Wrote' : 'Kept'} the scan index beside the vault (${keys}); nothing was scanned.`);
      return EXIT.ok;
    });
  if (f.locked) {
    const { matcher, withNames } = lockedMatcher(ctx.vaultPath);
    const r = await runScan({ ...base, matcher, withCatalog: false });
    return print(ctx, format, r, { mode: 'locked', recorded: null, cleared: null, imported: 0 }, withNames);
  }
  return ctx.withVault(async (s) => {
    const { matcher } = unlockedMatcher(s.inventory);
    const values = new Map<string, string>();
    const r = await runScan({
      ...base,
      matcher,
      withCatalog: true,
      refOf: unknownRefs(s.settings, s.vault.readOnly),
      ...(importing ? { onUnknownValue: (ref: string, v: string) => void values.set(ref, v) } : {}),
    });
    const scannedAt = ctx.clock.now();
    const rec = s.vault.readOnly ? null : recordFindings(s.settings, r, scannedAt);
    let imported = 0;
    if (importing) imported = importUnknown(s, r.hits, values, f['import-unknown'] === true ? null : refs, scannedAt);
    const missing = [...refs].filter((ref) => !r.hits.some((h) => h.ref === ref));
    if (missing.length > 0) ctx.warn(`warning: no unknown key with ref ${missing.join(', ')} in this scan.`);
    values.clear();
    if (f['write-index'] || imported > 0) {
      const w = writeScanIndex(ctx.vaultPath, s.inventory, {
        create: f['write-index'] === true,
        ...(f['with-names'] ? { withNames: true } : {}),
      });
      if (w.problem) ctx.warn(`warning: the scan index was not written (${w.problem}).`);
    }
    return print(
      ctx,
      format,
      r,
      { mode: 'unlocked', recorded: rec?.recorded ?? null, cleared: rec?.cleared ?? null, imported },
      true,
    );
  });
}

type S = Parameters<Parameters<Ctx['withVault']>[0]>[0];

/**
 * Stores each distinct unknown key once (all, or those of `only`), under the name the scan showed
 * on its first place ("import as"): the variable it was assigned to, else "Found in FILE:LINE".
 * A secret already stored is passed over; each new key carries the places it was found.
 */
function importUnknown(
  s: S,
  hits: readonly ScanHit[],
  values: Map<string, string>,
  only: ReadonlySet<string> | null,
  scannedAt: Date,
): number {
  let n = 0;
  const byRef = new Map<string, ScanHit[]>();
  for (const h of hits) {
    if (h.kind !== 'unknown' || h.ref === undefined) continue;
    if (only !== null && !only.has(h.ref)) continue;
    byRef.set(h.ref, [...(byRef.get(h.ref) ?? []), h]);
  }
  for (const [ref, places] of byRef) {
    const value = values.get(ref);
    const first = places[0];
    if (value === undefined || first === undefined) continue;
    const platform = first.platform ?? 'custom';
    const found = {
      value,
      hits: places,
      detectedPlatform: platform,
      ...(first.service ? { service: first.service } : {}),
    };
    const name = first.importName ?? `Found by scan (${ref})`;
    const r = importFoundKey(s, found, { name, platform }, scannedAt, 'keyward scan');
    if (r.outcome === 'imported') n++;
  }
  return n;
}
