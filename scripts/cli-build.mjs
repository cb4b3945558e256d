// The CLI build (out/cli, `tsc -p tsconfig.cli.json`, then out/cli-bundle, scripts/bundle-cli.mjs)
// and whether it is older than its sources.
// `npm test` and the vitest globalSetup build only when stale, so a run after `npm ci` (whose
// prepare script builds the CLI) does not compile it a second time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// The bundle is written last: when it is newer than every source, so is out/cli.
export const CLI_ENTRY = join(ROOT, 'out/cli-bundle/index.js');
const SOURCES = [
  'src-main/core',
  'src-main/cli',
  'src-main/contract',
  'src-main/bench',
  'src-main/sandbox',
  'tsconfig.cli.json',
  'tsconfig.base.json',
];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), st.mtimeMs);
}

/** True when out/cli is missing or older than any source file. */
export function isCliStale() {
  if (!existsSync(CLI_ENTRY)) return true;
  const built = statSync(CLI_ENTRY).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestMtime(join(ROOT, s)) > built);
}

/** Runs tsc, then the bundler; throws with its output when either fails. */
export function buildCli() {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  execFileSync(process.execPath, [join(ROOT, 'scripts/bundle-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
}
