// How `keyward scan` prints its report: text, JSON or SARIF 2.1.0. Places and key names only;
// there is no value in a report to print.
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeName } from '../terminal.js';
import type { ScanHit, ScanReport } from '../../core/scan/scan.service.js';
import { KEYWARD_INFORMATION_URI } from '../../core/alerts/report-formats.js';

export type ScanFormat = 'text' | 'json' | 'sarif';
export type ScanSummary = {
  mode: 'locked' | 'unlocked';
  recorded: number | null;
  cleared: number | null;
  imported: number;
};

/** Folder-internal skipped files listed in text output; the rest are counted. Named ones: all. */
export const SKIPPED_LISTED = 20;

const shown = (p: string) => {
  const r = relative(process.cwd(), p);
  return escapeName(r === '' || r.startsWith('..') ? p : r);
};

function describe(h: ScanHit, withNames: boolean): string {
  const at = h.line > 0 ? `:${h.line}` : ` (in the ${h.inName ?? 'file'} name)`;
  const where = `${shown(h.path)}${at}${h.commit ? ` (commit ${h.commit.slice(0, 12)})` : h.source === 'staged' ? ' (staged)' : ''}`;
  if (h.kind === 'stored') {
    if (h.keyName !== undefined) return `${where}: stored key "${escapeName(h.keyName)}"`;
    return withNames
      ? `${where}: a stored key`
      : `${where}: a key stored in Keyward (unlock, or install the hook with --with-names, to see which)`;
  }
  const svc = h.service ? `${h.platform}/${h.service}` : (h.platform ?? 'custom');
  const assigned = h.assignedTo ? `, assigned to ${escapeName(h.assignedTo)}` : '';
  const as = h.importName ? `, import as "${escapeName(h.importName)}"` : '';
  return `${where}: unknown key (${h.label ?? 'key'}, platform ${svc}${assigned}${as}) [ref ${h.ref ?? ''}]`;
}

function commitsOf(r: ScanReport): string {
  const n = r.commits.reduce((sum, c) => sum + c.commits.length, 0);
  return `${n} commit${n === 1 ? '' : 's'}`;
}

export function scanText(r: ScanReport, s: ScanSummary, withNames: boolean): string[] {
  const lines = r.followedLinks.map((l) => `note: ${escapeName(l.given)} is a symlink; scanned ${shown(l.path)}`);
  for (const h of r.hits) lines.push(describe(h, withNames));
  lines.push(...skippedLines(r));
  const stored = r.hits.filter((h) => h.kind === 'stored').length;
  const unknown = new Set(r.hits.filter((h) => h.kind === 'unknown').map((h) => h.ref)).size;
  const skipped = r.skipped.length > 0 ? ` (${r.skipped.length} skipped: ${skipReasons(r)})` : '';
  const what =
    r.stagedFiles !== null
      ? `Scanned ${r.stagedFiles} staged file${r.stagedFiles === 1 ? '' : 's'}${skipped}`
      : `Scanned ${r.files} file${r.files === 1 ? '' : 's'}, ${(r.bytes / 1e6).toFixed(1)} MB${skipped}${r.commits.length > 0 ? `, ${commitsOf(r)}` : ''}`;
  const found = `${stored} cop${stored === 1 ? 'y' : 'ies'} of stored keys${s.mode === 'unlocked' ? `, ${unknown} unknown key${unknown === 1 ? '' : 's'}` : ' (locked: stored keys only)'}`;
  const rec = s.recorded !== null ? `; findings recorded ${s.recorded}, cleared ${s.cleared}` : '';
  lines.push(`${what}: ${found}${rec}${s.imported > 0 ? `; imported ${s.imported}` : ''}.`);
  return lines;
}

/** Every skipped file given by name, and the first SKIPPED_LISTED met inside folders. */
function skippedLines(r: ScanReport): string[] {
  const named = r.skipped.filter((s) => s.named);
  const inside = r.skipped.filter((s) => !s.named);
  const out = [...named, ...inside.slice(0, SKIPPED_LISTED)].map(
    (s) => `skipped ${shown(s.path)} (${s.reason})${s.named ? ': named, so the scan fails' : ''}`,
  );
  if (inside.length > SKIPPED_LISTED)
    out.push(`skipped ${inside.length - SKIPPED_LISTED} more (--format json lists all)`);
  return out;
}

/** Exit status: 2 when a file named on the command line could not be scanned, else 1 on a hit, 0 clean. */
export function scanExit(r: ScanReport): 0 | 1 | 2 {
  if (r.skipped.some((s) => s.named)) return 2;
  return r.hits.length > 0 ? 1 : 0;
}

function skipReasons(r: ScanReport): string {
  const counts = new Map<string, number>();
  for (const s of r.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

export function scanJson(r: ScanReport, s: ScanSummary): string {
  return JSON.stringify({
    version: 1,
    mode: s.mode,
    files: r.files,
    bytes: r.bytes,
    stagedFiles: r.stagedFiles,
    commits: r.commits.reduce((n, c) => n + c.commits.length, 0),
    skipped: r.skipped,
    hits: r.hits,
    recorded: s.recorded,
    cleared: s.cleared,
    imported: s.imported,
  });
}

export function scanSarif(r: ScanReport): string {
  const rules = [
    {
      id: 'stored-key-in-plaintext',
      name: 'StoredKeyInPlaintext',
      shortDescription: { text: 'A plaintext copy of a key stored in Keyward.' },
    },
    {
      id: 'unknown-key-in-plaintext',
      name: 'UnknownKeyInPlaintext',
      shortDescription: { text: 'A key-shaped value that is not stored in Keyward.' },
    },
  ];
  const results = r.hits.map((h) => ({
    ruleId: rules[h.kind === 'stored' ? 0 : 1]?.id,
    level: h.kind === 'stored' ? 'error' : 'warning',
    message: { text: describe(h, true) },
    // A key in a file's or folder's name has no line: the location is the artifact alone (SARIF
    // lines start at 1).
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToFileURL(h.path).href },
          ...(h.line > 0 ? { region: { startLine: h.line } } : {}),
        },
      },
    ],
    ...(h.commit ? { properties: { commit: h.commit } } : {}),
  }));
  const toolExecutionNotifications = r.skipped.map((s) => ({
    level: s.named ? 'error' : 'warning',
    descriptor: { id: `skipped-${s.reason}` },
    message: { text: `Skipped (${s.reason}): ${s.path}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(s.path).href } } }],
  }));
  const invocations = [{ executionSuccessful: scanExit(r) !== 2, toolExecutionNotifications }];
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'keyward scan', informationUri: KEYWARD_INFORMATION_URI, rules } },
        invocations,
        results,
      },
    ],
  });
}
