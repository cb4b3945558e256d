// vitest globalSetup: compiles the CLI (and the core it runs on) to out/cli once per
// run when it is missing or older than any source file, so tests that spawn
// `node bin/keyward.mjs` or child scripts importing out/cli/core run current code.
import { existsSync } from 'node:fs';
import { CLI_ENTRY, buildCli, isCliStale } from '../../scripts/cli-build.mjs';

export default function setup(): void {
  if (!isCliStale()) return;
  try {
    buildCli();
  } catch (e) {
    // tsc still emits on type errors (someone's work in progress elsewhere); only a missing entry is fatal.
    const out = (e as { stdout?: Buffer }).stdout?.toString() ?? '';
    if (!existsSync(CLI_ENTRY)) throw new Error(`Building the CLI failed:\n${out}`);
    process.stderr.write(`build-cli: tsc reported errors, running the emitted build anyway:\n${out}\n`);
  }
}
