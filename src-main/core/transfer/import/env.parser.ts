// .env files as dotenv (github.com/motdotla/dotenv, README and its parser) reads them:
// `NAME=value` lines with `export`, comments, blank lines; single and backtick quotes
// (literal), double quotes (`\\n` and `\\r` expanded); any of the three may span lines
// when its closing quote ends a line (or a comment follows it);
// `#` starts a comment anywhere in an unquoted value. A line dotenv would not read is
// skipped with its line number. Variables whose name or value says "key" are imported;
// `X_INSTANCE_ID` pairs with `X_API_KEY` / `X_KEY` only (instance-pairing.ts, KAI); everything
// else is listed as skipped.
import { detect, isShowableName, SECRET_NAME } from './detect-rules.js';
import { instanceIdPrefix, instancePairing } from './instance-pairing.js';
import type { Candidate, ImportIssue, ParseInput, ParseResult, Skipped } from './import.types.js';
import { isOtpField } from './row-candidate.js';

type Variable = { name: string; value: string; line: number };
/** dotenv's names (`[\\w.-]+`), after an optional `export`, then `=` (or dotenv's `NAME: value`). */
const LINE = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*|:\s+)(.*)$/;
const QUOTES: Record<string, string> = { '"': 'double quote', "'": 'single quote', '`': 'backtick' };
/** How many lines one quoted value may span before it counts as never closed. */
const MAX_VALUE_LINES = 1000;

/** ` of NAME` when the name may be shown (see isShowableName), else nothing: the line number says where. */
const of = (name: string) => (isShowableName(name) ? ` of ${name}` : '');
/** The variable as messages may name it. */
const called = (name: string) => (isShowableName(name) ? name : 'the variable');

/** dotenv expands only `\\n` and `\\r` in double quotes; every other backslash stays as written. */
const expandDouble = (body: string) => body.replace(/\\n/g, '\n').replace(/\\r/g, '\r');

/** The first `quote` not escaped by a backslash (dotenv's `"(?:\\"|[^"])*"`), or -1. */
function findClose(body: string, quote: string): number {
  for (let j = 0; j < body.length; j += 1) {
    if (body[j] === '\\' && body[j + 1] === quote) j += 1;
    else if (body[j] === quote) return j;
  }
  return -1;
}

/** Reads variables; a quoted value may continue on the following lines. */
function readVariables(text: string, fileName: string, issues: ImportIssue[], skipped: Skipped[]): Variable[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const vars: Variable[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i] as string;
    if (/^\s*(#|$)/.test(raw)) continue;
    const m = LINE.exec(raw);
    const ref = `${fileName}:${i + 1}`;
    if (!m) {
      // SECURITY: the line may be a pasted token; only its number is shown.
      skipped.push({ ref, reason: 'not a NAME=value line (dotenv ignores it too)' });
      continue;
    }
    const name = m[1] as string;
    const rest = m[2] as string;
    const quote = rest[0] as string;
    if (QUOTES[quote] === undefined) {
      // Unquoted: dotenv's `[^#\r\n]+`, so a `#` starts a comment even with no space before it.
      vars.push({ name, value: rest.replace(/#.*$/, '').trim(), line: i + 1 });
      continue;
    }
    const start = i;
    let body = rest.slice(1);
    let end = findClose(body, quote);
    while (end < 0 && i + 1 < lines.length && i - start < MAX_VALUE_LINES) {
      i += 1;
      body += '\n' + (lines[i] as string);
      end = findClose(body, quote);
    }
    const after = end < 0 ? '' : body.slice(end + 1).trim();
    const closedAtEnd = after === '' || after.startsWith('#');
    // dotenv closes a value on a later line only where the quote ends that line (or a comment
    // follows); otherwise the quote on this line is never closed and the next lines are their own.
    if (end < 0 || (i > start && !closedAtEnd)) {
      issues.push({ ref, message: `the ${QUOTES[quote]}${of(name)} is never closed` });
      i = start;
      continue;
    }
    if (!closedAtEnd) {
      issues.push({ ref, message: `unexpected text after the closing ${QUOTES[quote]}${of(name)}` });
      continue;
    }
    const inner = body.slice(0, end);
    vars.push({ name, value: quote === '"' ? expandDouble(inner) : inner, line: start + 1 });
  }
  return vars;
}

export function parseEnv({ text, fileName }: ParseInput): ParseResult {
  const issues: ImportIssue[] = [];
  const skipped: Skipped[] = [];
  const candidates: Candidate[] = [];
  const vars = readVariables(text, fileName, issues, skipped);
  const pairFor = instancePairing(vars);
  for (const v of vars) {
    const ref = `${fileName}:${v.line}`;
    if (instanceIdPrefix(v.name) !== null) continue;
    if (v.value === '') {
      skipped.push({ ref, reason: `${called(v.name)} is empty` });
      continue;
    }
    if (/[\r\n]/.test(v.value)) {
      // A PEM key or certificate: Keyward keeps one-line API keys; the rest of the file still imports.
      skipped.push({
        ref,
        reason: `${called(v.name)} spans several lines (a PEM key or certificate?), not an API key`,
      });
      continue;
    }
    // `${OTHER}` or `$OTHER`: the value is another variable's, filled in by the shell or the app, not a key here.
    if (/^\$(\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(v.value)) {
      skipped.push({ ref, reason: `${called(v.name)} refers to another variable` });
      continue;
    }
    if (isOtpField(v.name, v.value)) {
      skipped.push({ ref, reason: `${called(v.name)} is a one-time-password (TOTP) seed, not a key: not imported` });
      continue;
    }
    const detected = detect(v.value, [v.name]);
    if (detected.confidence === 'none' && !SECRET_NAME.test(v.name)) {
      skipped.push({ ref, reason: `${called(v.name)} does not look like a key` });
      continue;
    }
    const paired = pairFor(v.name);
    const instanceId = paired?.instanceId;
    candidates.push({
      ref,
      // SECURITY: a name that may be a pasted secret is not kept as the key's name.
      name: isShowableName(v.name) ? v.name : `${fileName} line ${v.line}`,
      secret: instanceId === undefined ? { value: v.value } : { value: v.value, instanceId },
      fields: instanceId === undefined ? {} : { account: instanceId },
      context: [v.name],
      warnings: [],
      ...(paired ? { pairedWith: paired.from } : {}),
    });
  }
  return { candidates, issues, skipped };
}
