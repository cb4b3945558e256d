// A deterministic fuzzer for the importers: seeded generators of plausible files in
// every format, and mutations of them and of the fixtures. Every input must end in a
// preview or a typed BAD_INPUT error, within a time limit; anything else is a finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAppError } from '../../src-main/core/errors.js';
import { makePlan } from '../../src-main/core/transfer/import/import-plan.js';
import {
  IMPORT_FORMATS,
  importText,
  parseImport,
  type ImportFormat,
} from '../../src-main/core/transfer/import/index.js';
import { exportedKey } from './keyward-doc.js';
import { prng } from './prng.js';

export type Finding = { seed: number; format: string; problem: string; input: string };

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const TOKENS = ['knouds_live_', 'ghp_', 'sk_live_', 'AKIA', 'xoxb-', 'kgn_pat_', 'kby_', 'eyJhbGciOiJIUzI1NiJ9.', ''];
const NASTY = [
  '"',
  "'",
  ',',
  '\n',
  '\r\n',
  '<',
  '>',
  '&',
  '=',
  '#',
  '{',
  '}',
  '[',
  ']',
  '\\',
  '\u0000',
  '\uFEFF',
  'é',
  '🔑',
  '&amp;',
  '&#0;',
  '&#x110000;',
  ']]>',
  '<!--',
  '<!DOCTYPE x>',
  'export ',
];
const word = (r: Rand) =>
  pick(r, ['KEY', 'TOKEN', 'api', 'Prod', 'staging', 'kai', 'Kubiya', 'x', 'name', 'password', '']);
const secret = (r: Rand) =>
  pick(r, TOKENS) +
  Math.floor(r() * 1e16)
    .toString(36)
    .repeat(1 + int(r, 3));

const GENERATORS: Record<ImportFormat, (r: Rand) => string> = {
  env: (r) =>
    Array.from({ length: 1 + int(r, 20) }, () =>
      r() < 0.2
        ? '# c'
        : `${r() < 0.3 ? 'export ' : ''}${word(r)}_${word(r)}=${r() < 0.3 ? `"${secret(r)}"` : secret(r)}`,
    ).join('\n'),
  csv: (r) =>
    [
      'name,secret,platform,expires,tags',
      ...Array.from(
        { length: 1 + int(r, 20) },
        () =>
          `${word(r)},${secret(r)},${pick(r, ['knouds', 'kai', 'nope', ''])},${pick(r, ['2027-01-01', 'bad', ''])},"a;b"`,
      ),
    ].join('\n'),
  keyward: (r) =>
    JSON.stringify({
      format: 'keyward.inventory',
      version: 1,
      exportedAt: 'x',
      source: 's',
      containsSecrets: r() < 0.8,
      keys: Array.from({ length: int(r, 5) }, (_, i) => {
        const { secret: _s, ...key } = exportedKey({
          id: `k${i}`,
          platform: pick(r, ['knouds', 'kai', 'custom', 'bad']),
          name: word(r) || 'n',
        });
        return r() < 0.9 ? { ...key, secret: { value: secret(r) } } : key;
      }),
    }),
  'bitwarden-json': (r) =>
    JSON.stringify({
      encrypted: r() < 0.1,
      folders: [{ id: 'f', name: word(r) }],
      items: Array.from({ length: int(r, 6) }, () => ({
        type: pick(r, [1, 2, 3, 4, 'x']),
        name: word(r),
        notes: r() < 0.5 ? secret(r) : null,
        folderId: 'f',
        fields: [{ name: word(r), value: secret(r), type: int(r, 4) }],
        login: {
          username: word(r),
          password: secret(r),
          uris: [{ uri: pick(r, ['https://knouds.ai', 'not a url', null]) }],
        },
      })),
    }),
  'onepassword-csv': (r) =>
    [
      'Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes',
      ...Array.from(
        { length: 1 + int(r, 10) },
        () => `${word(r)},https://knouds.ai,${word(r)},${secret(r)},,false,${pick(r, ['true', 'false'])},a,"n"`,
      ),
    ].join('\n'),
  'keepassxc-csv': (r) =>
    [
      '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"',
      ...Array.from(
        { length: 1 + int(r, 10) },
        () =>
          `"Root/${word(r)}","${word(r)}","u","${secret(r)}","https://x.io","","","0","2026-01-01T00:00:00Z","${pick(r, ['2026-01-01T00:00:00Z', 'nope'])}"`,
      ),
    ].join('\n'),
  'keepass-xml': (r) =>
    `<?xml version="1.0"?><KeePassFile><Root><Group><Name>${word(r)}</Name>${Array.from({ length: 1 + int(r, 5) }, () => `<Entry><Times><ExpiryTime>${pick(r, ['2027-01-01T00:00:00Z', 'AAAAAAAAAAA=', 'x'])}</ExpiryTime><Expires>${pick(r, ['True', 'False'])}</Expires></Times><String><Key>Title</Key><Value>${word(r)}</Value></String><String><Key>Password</Key><Value ProtectInMemory="True">${secret(r)}</Value></String></Entry>`).join('')}</Group></Root></KeePassFile>`,
};

const FILE_NAMES: Record<ImportFormat, string> = {
  env: 'f.env',
  csv: 'f.csv',
  keyward: 'f.json',
  'bitwarden-json': 'f.json',
  'onepassword-csv': 'f.csv',
  'keepassxc-csv': 'f.csv',
  'keepass-xml': 'f.xml',
};

export function mutate(r: Rand, input: string, others: readonly string[]): string {
  let s = input;
  for (let n = 1 + int(r, 4); n > 0; n -= 1) {
    const at = int(r, s.length + 1);
    switch (int(r, 8)) {
      case 0:
        s = s.slice(0, at) + pick(r, NASTY) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + int(r, 20));
        break;
      case 2:
        s = s.slice(0, at);
        break;
      case 3: {
        const len = int(r, 40);
        s = s.slice(0, at) + s.slice(at, at + len).repeat(2 + int(r, 5)) + s.slice(at);
        break;
      }
      case 4: {
        const other = pick(r, others);
        const from = int(r, other.length);
        s = s.slice(0, at) + other.slice(from, from + int(r, 200)) + s.slice(at);
        break;
      }
      case 5:
        s =
          s.slice(0, at) +
          pick(r, ['"', '<a>', '[', '{"a":', '&amp;', ',', '\n']).repeat(100 + int(r, 5000)) +
          s.slice(at);
        break;
      case 6:
        s = s.slice(0, at) + String.fromCharCode(int(r, 0x3000)) + s.slice(at + 1);
        break;
      default:
        s = s.toUpperCase();
    }
  }
  return s;
}

/** Runs one input through every parser (and sniffing) and the planning step; returns what went wrong, if anything. */
type Outcomes = { previews: number; refusals: number };

function check(
  text: string,
  format: ImportFormat | undefined,
  fileName: string,
  limitMs: number,
  seen: Outcomes,
): string | null {
  const started = performance.now();
  try {
    const input = importText(Buffer.from(text, 'utf8'), fileName);
    const { format: f, parsed } = parseImport(input, format ? { format } : {});
    makePlan('p', fileName, f, parsed, (s) => `${s.instanceId ?? ''}:${s.value}`, new Map());
    seen.previews += 1;
  } catch (e) {
    seen.refusals += 1;
    if (!isAppError(e, 'BAD_INPUT'))
      return `threw ${isAppError(e) ? e.code : e instanceof Error ? `${e.name}: ${e.message}` : typeof e}`;
  }
  const ms = performance.now() - started;
  return ms > limitMs ? `took ${ms.toFixed(0)} ms` : null;
}

/** Generates and mutates `count` inputs from `seed`; each is tried with every format and with sniffing. */
export function fuzzImporters(opts: { seed: number; count: number; limitMs: number; fixtures: string }): {
  inputs: number;
  findings: Finding[];
  outcomes: Outcomes;
} {
  const r = prng(opts.seed);
  const corpus = readdirSync(opts.fixtures)
    .filter((f) => !f.endsWith('.md'))
    .map((f) => readFileSync(join(opts.fixtures, f), 'utf8'));
  const findings: Finding[] = [];
  const outcomes: Outcomes = { previews: 0, refusals: 0 };
  for (let i = 0; i < opts.count; i += 1) {
    const gen = pick(r, IMPORT_FORMATS);
    const base = r() < 0.3 ? pick(r, corpus) : GENERATORS[gen](r);
    const text = r() < 0.15 ? base : mutate(r, base, corpus);
    for (const format of [undefined, ...IMPORT_FORMATS]) {
      const problem = check(
        text,
        format,
        format ? FILE_NAMES[format] : pick(r, ['f.env', 'f.csv', 'f.json', 'f.xml', 'f']),
        opts.limitMs,
        outcomes,
      );
      if (problem) findings.push({ seed: opts.seed, format: format ?? 'sniffed', problem, input: text.slice(0, 300) });
    }
  }
  return { inputs: opts.count, findings, outcomes };
}
