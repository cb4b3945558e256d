// vitest globalSetup: compiles the CLI (and the core it runs on) to out/cli once per
// run when it is missing or older than any source file, so tests that spawn
// `node bin/keyward.mjs` or child scripts importing out/cli/core run current code.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = join(ROOT, 'out/cli/cli/index.js');
const SOURCES = [
  'src-main/core',
  'src-main/cli',
  'src-main/contract',
  'src-main/bench',
  'tsconfig.cli.json',
  'tsconfig.base.json',
];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), st.mtimeMs);
}

export function isCliStale(): boolean {
  if (!existsSync(ENTRY)) return true;
  const built = statSync(ENTRY).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestMtime(join(ROOT, s)) > built);
}

export default function setup(): void {
  if (!isCliStale()) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (e) {
    // tsc still emits on type errors (someone's work in progress elsewhere); only a missing entry is fatal.
    const out = (e as { stdout?: Buffer }).stdout?.toString() ?? '';
    if (!existsSync(ENTRY)) throw new Error(`Building the CLI failed:\n${out}`);
    process.stderr.write(`build-cli: tsc reported errors, running the emitted build anyway:\n${out}\n`);
  }
}
