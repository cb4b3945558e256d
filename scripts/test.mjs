#!/usr/bin/env node
// `npm test`: builds what the tests run (the CLI and the app bundle), runs the unit,
// integration and shell suites (vitest; test/shell loads the built out/main/index.js) and the
// browser suite (Playwright, when present), then prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isCliStale } from './cli-build.mjs';

const results = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

/** CPU seconds (user + system) of the finished children, where Linux tells (/proc). */
function childCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks
  } catch {
    return null;
  }
}

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const cpuBefore = childCpuSeconds();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const cpuAfter = childCpuSeconds();
  // The step's cost, for keeping CI within its time: wall and CPU, which other load does not inflate.
  const cpu = cpuBefore === null || cpuAfter === null ? '' : `, ${(cpuAfter - cpuBefore).toFixed(1)} s CPU`;
  process.stdout.write(`== ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s wall${cpu}\n`);
  if (r.status !== 0) {
    process.stdout.write(`== ${name} failed (exit ${r.status ?? r.signal})\n`);
    ok = false;
  }
  return r.status === 0;
}

function addCounts(file, pick) {
  if (!existsSync(file)) return false;
  const c = pick(JSON.parse(readFileSync(file, 'utf8')));
  results.passed += c.passed;
  results.failed += c.failed;
  results.skipped += c.skipped;
  return true;
}

mkdirSync('test-results', { recursive: true });
// `npm run build` is the app bundle, then the CLI; the CLI is compiled only when older than its
// sources (after `npm ci` its prepare script has just built it).
const cliCurrent = !isCliStale();
if (cliCurrent) process.stdout.write('\n== CLI build: out/cli is newer than its sources, not rebuilt\n');
const built =
  step('build', 'npx', ['electron-vite', 'build']) &&
  (cliCurrent || step('CLI build', 'npm', ['run', 'build:cli'])) &&
  // The bundles must parse before test/shell runs the main process with its stand-in for electron.
  step('main bundle parses', process.execPath, ['--check', 'out/main/index.js']) &&
  step('preload parses', process.execPath, ['--check', 'out/preload/index.cjs']);

step('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/vitest.json',
]);
if (
  !addCounts('test-results/vitest.json', (j) => ({
    passed: j.numPassedTests,
    failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0),
    skipped: j.numPendingTests + j.numTodoTests,
  }))
) {
  results.failed += 1;
}

if (existsSync('playwright.config.ts')) {
  if (built)
    step('browser tests', 'npx', ['playwright', 'test'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
    });
  if (
    !addCounts('test-results/playwright.json', (j) => ({
      passed: j.stats.expected,
      failed: j.stats.unexpected + (j.errors?.length ?? 0),
      skipped: j.stats.skipped,
    }))
  ) {
    results.failed += 1;
  }
}

if (!ok && results.failed === 0) results.failed = 1; // a failed build or a crashed runner counts
process.stdout.write(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped\n`);
process.exit(results.failed === 0 && ok ? 0 : 1);
