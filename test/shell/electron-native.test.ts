// scripts/electron-native.mjs, run as npm runs it, against a temp checkout (its node_modules linked
// to this one): the install step never fails offline and says so in one line; the start check
// names what is missing and the one fix, and tells a Node build or a stale build from a good one.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ROOT } from './load-shell.js';

const SCRIPT = join(ROOT, 'scripts/electron-native.mjs');
const require = createRequire(import.meta.url);
const ELECTRON = (require(join(ROOT, 'node_modules/electron/package.json')) as { version: string }).version;
const ABI = String((require('node-abi') as { getAbi: (v: string, r: string) => string }).getAbi(ELECTRON, 'electron'));
const SQLITE = (require(join(ROOT, 'node_modules/better-sqlite3/package.json')) as { version: string }).version;
const hasGcc = spawnSync('gcc', ['--version']).status === 0;

let root: string;
let nativeDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'keyward-native-'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  nativeDir = join(root, 'build', 'native', `electron-${ABI}`);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, KEYWARD_ROOT: root, ...env },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, ms: Date.now() - started };
}
/** A fake Electron runtime folder, for the checks that need one "installed". */
function fakeRuntime(): Record<string, string> {
  const dist = join(root, 'electron-dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'electron'), '');
  writeFileSync(join(dist, 'version'), ELECTRON);
  return { ELECTRON_OVERRIDE_DIST_PATH: dist };
}
function placeBuild(file: string, betterSqlite3 = SQLITE): void {
  mkdirSync(nativeDir, { recursive: true });
  copyFileSync(file, join(nativeDir, 'better_sqlite3.node'));
  writeFileSync(join(nativeDir, 'build-info.json'), JSON.stringify({ betterSqlite3, electron: ELECTRON, abi: ABI }));
}

test('the install step without the internet: one line naming the fix, exit 0, within seconds', () => {
  const r = run(['--install'], { KEYWARD_OFFLINE: '1' });
  expect(r.status).toBe(0);
  expect(r.out.trim().split('\n')).toHaveLength(1);
  expect(r.out).toContain(
    "the desktop app's Electron runtime and its database module for Electron could not be fetched",
  );
  expect(r.out).toContain('the CLI and tests are unaffected; run `npm run rebuild:electron` on a connected machine');
  expect(r.ms).toBeLessThan(15_000);
});

test('the start check names both missing parts and the one command, without a stack trace', () => {
  const r = run(['--check'], { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'no-such-dist') });
  expect(r.status).toBe(1);
  expect(r.out).toContain(`the Electron ${ELECTRON} runtime is not installed`);
  expect(r.out).toContain(
    `the database module for Electron is not built (no build/native/electron-${ABI}/better_sqlite3.node)`,
  );
  expect(r.out).toContain('Fix: run `npm run rebuild:electron`');
  expect(r.out).not.toMatch(/\n\s+at /);
});

test('a Node build copied into place is named as one, with the ABI Electron needs', () => {
  placeBuild(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
  const r = run(['--check'], fakeRuntime());
  expect(r.status).toBe(1);
  expect(r.out).toContain(`is built for ABI ${process.versions.modules} (Node); Electron ${ELECTRON} needs ${ABI}`);
  expect(r.out).not.toContain('runtime is not installed');
});

test('a build for an older better-sqlite3 is stale', () => {
  placeBuild(join(ROOT, 'resources/icon.png'), '11.0.0');
  const r = run(['--check'], fakeRuntime());
  expect(r.status).toBe(1);
  expect(r.out).toContain(`is for better-sqlite3 11.0.0, not the installed ${SQLITE}`);
});

test.skipIf(!hasGcc)('a module built for Electron’s ABI passes the check (a minimal addon compiled with gcc)', () => {
  const source = join(root, 'abi.c');
  writeFileSync(
    source,
    `struct m { int v; unsigned f; void *d; const char *n; void *r; void *c; const char *name; void *p; void *l; };
     extern void node_module_register(void *);
     static struct m mod = { ${ABI}, 0, 0, "abi.c", 0, 0, "abi", 0, 0 };
     __attribute__((constructor)) static void reg(void) { node_module_register(&mod); }`,
  );
  const built = join(root, 'abi.node');
  expect(spawnSync('gcc', ['-shared', '-fPIC', '-o', built, source]).status).toBe(0);
  placeBuild(built);
  const ok = run(['--check'], fakeRuntime());
  expect(ok.out).toBe('');
  expect(ok.status).toBe(0);
});

test('electron-builder packages the build for the pinned Electron’s ABI, outside the asar, and not the Node build', () => {
  const yml = readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8');
  expect(yml).toContain(`from: build/native/electron-${ABI}/better_sqlite3.node`);
  expect(yml).toContain('to: native/better_sqlite3.node');
  expect(yml).toContain("'!node_modules/better-sqlite3/{build,deps,src}/**'");
  expect(yml).toContain('npmRebuild: false');
});

test('an install without dev dependencies (no Electron): the install step still exits 0 in one line', () => {
  rmSync(join(root, 'node_modules'));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(ROOT, 'node_modules/better-sqlite3'), join(root, 'node_modules/better-sqlite3'));
  const install = run(['--install']);
  expect(install.status).toBe(0);
  expect(install.out.trim().split('\n')).toHaveLength(1);
  expect(install.out).toContain('electron is not in node_modules');
  const check = run(['--check']);
  expect(check.status).toBe(1);
  expect(check.out).toContain('Fix: run `npm install`, then `npm run rebuild:electron`');
  expect(check.out).not.toMatch(/\n\s+at /);
});

test('a damaged build-info.json (cut short, empty, a folder) is named by the check, and the install step still exits 0', () => {
  for (const damage of ['{bad', '', 'folder']) {
    rmSync(nativeDir, { recursive: true, force: true });
    placeBuild(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
    const info = join(nativeDir, 'build-info.json');
    rmSync(info);
    if (damage === 'folder') mkdirSync(info);
    else writeFileSync(info, damage);
    const check = run(['--check'], fakeRuntime());
    expect(check.status).toBe(1);
    expect(check.out).toContain('build-info.json is unreadable');
    expect(check.out).not.toMatch(/\n\s+at /);
    rmSync(join(root, 'electron-dist'), { recursive: true, force: true });
    const install = run(['--install'], { KEYWARD_OFFLINE: '1' });
    expect(install.status).toBe(0);
    expect(install.out.trim().split('\n')).toHaveLength(1);
  }
});
