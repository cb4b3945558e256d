// .env files: `NAME=value` lines with `export`, comments, blank lines, single
// quotes (literal), double quotes (escapes, may span lines) and inline comments
// after unquoted values. Variables whose name or value says "key" are imported;
// `X_INSTANCE_ID` pairs with `X_API_KEY` / `X_KEY` only (instance-pairing.ts); everything else is skipped.
import { detect, isShowableName, SECRET_NAME } from './detect-rules.js';
import { instanceIdPrefix, instancePairing } from './instance-pairing.js';
import type { Candidate, ImportIssue, ParseInput, ParseResult, Skipped } from './import.types.js';

type Variable = { name: string; value: string; line: number };
const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/** ` of NAME` when the name may be shown (see isShowableName), else nothing: the line number says where. */
const of = (name: string) => (isShowableName(name) ? ` of ${name}` : '');
/** The variable as messages may name it. */
const called = (name: string) => (isShowableName(name) ? name : 'the variable');

function unescapeDouble(body: string): string {
  return body.replace(/\\(.)/g, (m, c: string) => ESCAPES[c] ?? m);
}

/** Reads variables; a quoted value may continue on the following lines. */
function readVariables(text: string, fileName: string, issues: ImportIssue[]): Variable[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const vars: Variable[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i] as string;
    if (/^\s*(#|$)/.test(raw)) continue;
    const m = LINE.exec(raw);
    const ref = `${fileName}:${i + 1}`;
    if (!m) {
      issues.push({ ref, message: 'not a NAME=value line' });
      continue;
    }
    const name = m[1] as string;
    let rest = m[2] as string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      const start = i;
      let body = rest.slice(1);
      let end = findClose(body, quote);
      while (end < 0 && i + 1 < lines.length && i - start < 1000) {
        i += 1;
        body += '\n' + (lines[i] as string);
        end = findClose(body, quote);
      }
      if (end < 0) {
        issues.push({ ref, message: `the ${quote === '"' ? 'double' : 'single'} quote${of(name)} is never closed` });
        continue;
      }
      const after = body.slice(end + 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        issues.push({ ref, message: `unexpected text after the closing quote${of(name)}` });
        continue;
      }
      const inner = body.slice(0, end);
      vars.push({ name, value: quote === '"' ? unescapeDouble(inner) : inner, line: start + 1 });
      continue;
    }
    rest = rest.replace(/\s+#.*$/, '').trim();
    vars.push({ name, value: rest, line: i + 1 });
  }
  return vars;
}

function findClose(body: string, quote: string): number {
  for (let j = 0; j < body.length; j += 1) {
    if (quote === '"' && body[j] === '\\') j += 1;
    else if (body[j] === quote) return j;
  }
  return -1;
}

export function parseEnv({ text, fileName }: ParseInput): ParseResult {
  const issues: ImportIssue[] = [];
  const skipped: Skipped[] = [];
  const candidates: Candidate[] = [];
  const vars = readVariables(text, fileName, issues);
  const pairFor = instancePairing(vars);
  for (const v of vars) {
    const ref = `${fileName}:${v.line}`;
    if (instanceIdPrefix(v.name) !== null) continue;
    if (v.value === '') {
      skipped.push({ ref, reason: `${called(v.name)} is empty` });
      continue;
    }
    // `${OTHER}` or `$OTHER`: the value is another variable's, filled in by the shell or the app, not a key here.
    if (/^\$(\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(v.value)) {
      skipped.push({ ref, reason: `${called(v.name)} refers to another variable` });
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
