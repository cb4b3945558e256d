// The app speaks to a person using the app: no screen tells them to run a CLI command or pass a
// CLI flag. The one card about the command line (Settings → Command line) is the exception, and
// api/messages.ts holds the patterns that turn core messages naming commands into the app's words.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../../src-renderer/src');
const ABOUT_THE_CLI = new Set(['features/settings/CommandLineCard.tsx', 'api/messages.ts']);
const COMMAND = /\bkeyward\s+(?:[a-z][a-z-]*)\b/g;
const FLAG =
  /(?<![\w(-])--(?:format|from|yes|replace-secret|allow-duplicate|reveal|json|out|vault|password-file|verify)\b/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|css)$/.test(name) ? [p] : [];
  });
}

/** The file's text without its comments (line and block), which speak to developers. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('the app never shows CLI commands as instructions', () => {
  const sources = files(ROOT)
    .map((p) => ({ path: relative(ROOT, p).split('\\').join('/'), text: withoutComments(readFileSync(p, 'utf8')) }))
    .filter((f) => !ABOUT_THE_CLI.has(f.path));

  it('finds the renderer sources', () => {
    expect(sources.length).toBeGreaterThan(30);
  });

  it('no screen names a keyward command or a CLI flag', () => {
    const found = sources.flatMap((f) =>
      [...f.text.matchAll(COMMAND), ...f.text.matchAll(FLAG)].map((m) => `${f.path}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });
});
