#!/usr/bin/env node
// The desktop app's second native build: better-sqlite3 for Electron's ABI, in build/native/electron-<abi>/
// (git-ignored), beside node_modules' Node build that the CLI and the tests use. Never fails an install
// and never waits long without the internet. Usage (docs/DESKTOP.md):
//   node scripts/electron-native.mjs            fetch the runtime and the build (npm run rebuild:electron)
//   node scripts/electron-native.mjs --install  the same, but a miss is one line and exit 0 (postinstall)
//   node scripts/electron-native.mjs --check    says what is missing and the fix, exit 1 (before npm start)
/* global fetch, AbortSignal -- Node 20 has both */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.KEYWARD_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const FIX = 'npm run rebuild:electron';
const NETWORK_PROBE_MS = 5_000;
const STEP_TIMEOUT_MS = { runtime: 5 * 60_000, prebuilt: 2 * 60_000, compile: 10 * 60_000 };

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const modules = join(ROOT, 'node_modules');
const rel = (p) => relative(ROOT, p) || '.';

/** What is pinned and where its build goes; throws a one-line reason (e.g. `npm install --omit=dev` has no Electron). */
function pinned() {
  const version = (name) => {
    try {
      return readJson(join(modules, name, 'package.json')).version;
    } catch {
      throw new Error(`${name} is not in node_modules`);
    }
  };
  const electron = version('electron');
  const sqlite = version('better-sqlite3');
  let abi;
  try {
    abi = String(createRequire(join(ROOT, 'package.json'))('node-abi').getAbi(electron, 'electron'));
  } catch {
    throw new Error(`node-abi does not know Electron ${electron}'s ABI (update node-abi)`);
  }
  const dir = join(ROOT, 'build', 'native', `electron-${abi}`);
  return { electron, sqlite, abi, dir, file: join(dir, 'better_sqlite3.node'), info: join(dir, 'build-info.json') };
}
let electronVersion, sqliteVersion, abi, nativeDir, nativeFile, infoFile;

/** Electron's runtime, found the way node_modules/electron/index.js finds it, without its download-on-require. */
function runtimeProblem() {
  const pathTxt = join(modules, 'electron', 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : override ? 'electron' : null;
  if (executable === null) return `the Electron ${electronVersion} runtime is not installed (no ${rel(pathTxt)})`;
  const dist = override ?? join(modules, 'electron', 'dist');
  const binary = join(dist, executable);
  if (!existsSync(binary)) return `the Electron ${electronVersion} runtime is not installed (no ${rel(binary)})`;
  const versionFile = join(dist, 'version');
  const installed = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') : null;
  if (installed !== null && installed !== electronVersion)
    return `the installed Electron runtime is ${installed}, not the pinned ${electronVersion}`;
  return null;
}

/** The ABI a .node file was built for, read by asking plain Node to load it in a child process. */
function abiOf(file) {
  const r = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status === 0) return process.versions.modules; // Node itself loaded it: a Node build
  const m = /NODE_MODULE_VERSION (\d+)/.exec(r.stderr ?? '');
  return m ? m[1] : null;
}

function nativeProblem() {
  if (!existsSync(nativeFile)) return `the database module for Electron is not built (no ${rel(nativeFile)})`;
  let info = {};
  try {
    if (existsSync(infoFile)) info = readJson(infoFile) ?? {};
  } catch {
    return `${rel(infoFile)} is unreadable (cut short or not a file)`;
  }
  if (info.betterSqlite3 !== sqliteVersion)
    return `${rel(nativeFile)} is for better-sqlite3 ${info.betterSqlite3 ?? '(unknown)'}, not the installed ${sqliteVersion}`;
  const built = abiOf(nativeFile);
  if (built === null) return `${rel(nativeFile)} is not a loadable native module`;
  if (built !== abi)
    return `${rel(nativeFile)} is built for ABI ${built}${built === process.versions.modules ? ' (Node)' : ''}; Electron ${electronVersion} needs ${abi}`;
  return null;
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** Is the download host reachable at all? A short probe, so an offline machine is told at once. */
async function isOnline() {
  if (process.env.KEYWARD_OFFLINE === '1') return false;
  try {
    await fetch('https://github.com', { method: 'HEAD', signal: AbortSignal.timeout(NETWORK_PROBE_MS) });
    return true;
  } catch {
    return false;
  }
}

function fetchRuntime() {
  if (runtimeProblem() === null) return null;
  const r = run(process.execPath, [join(modules, 'electron', 'install.js')], {
    cwd: join(modules, 'electron'),
    timeout: STEP_TIMEOUT_MS.runtime,
  });
  return r.ok && runtimeProblem() === null ? null : `Electron's download failed: ${r.output.trim().split('\n').pop()}`;
}

/** better-sqlite3's published prebuilt binary for this Electron, else a compile with @electron/rebuild. */
function fetchNative() {
  const work = mkdtempSync(join(tmpdir(), 'keyward-native-'));
  try {
    const pkgDir = join(work, 'prebuilt');
    mkdirSync(pkgDir);
    copyFileSync(join(modules, 'better-sqlite3', 'package.json'), join(pkgDir, 'package.json'));
    const args = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch];
    const prebuilt = run(process.execPath, [join(modules, 'prebuild-install', 'bin.js'), ...args], {
      cwd: pkgDir,
      timeout: STEP_TIMEOUT_MS.prebuilt,
    });
    let built = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
    let source = 'prebuild-install';
    if (!prebuilt.ok || !existsSync(built)) {
      // No prebuilt for this Electron: compile a copy, so node_modules' Node build is left alone.
      const app = join(work, 'compile');
      cpSync(join(modules, 'better-sqlite3'), join(app, 'node_modules', 'better-sqlite3'), {
        recursive: true,
        filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`),
      });
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'k', dependencies: { 'better-sqlite3': '*' } }));
      const cli = join(modules, '@electron', 'rebuild', 'lib', 'cli.js');
      const rebuilt = run(process.execPath, [cli, '-v', electronVersion, '-f', '-m', app, '-o', 'better-sqlite3'], {
        cwd: app,
        timeout: STEP_TIMEOUT_MS.compile,
      });
      built = join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      source = '@electron/rebuild';
      if (!rebuilt.ok || !existsSync(built))
        return `no prebuilt binary and the compile failed: ${rebuilt.output.trim().split('\n').pop()}`;
    }
    mkdirSync(nativeDir, { recursive: true });
    // Through a temp name and a rename: a start at the same moment never loads half a file.
    copyFileSync(built, `${nativeFile}.${process.pid}.tmp`);
    renameSync(`${nativeFile}.${process.pid}.tmp`, nativeFile);
    writeFileSync(
      `${infoFile}.${process.pid}.tmp`,
      `${JSON.stringify({ betterSqlite3: sqliteVersion, electron: electronVersion, abi, source }, null, 2)}\n`,
    );
    renameSync(`${infoFile}.${process.pid}.tmp`, infoFile);
    return nativeProblem();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(mode) {
  try {
    ({
      electron: electronVersion,
      sqlite: sqliteVersion,
      abi,
      dir: nativeDir,
      file: nativeFile,
      info: infoFile,
    } = pinned());
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (mode === '--install') {
      process.stdout.write(
        `keyward: the desktop app's Electron build was not prepared (${why}): the CLI and tests are unaffected.\n`,
      );
      return 0;
    }
    process.stderr.write(`Keyward cannot check the desktop app: ${why}. Fix: run \`npm install\`, then \`${FIX}\`.\n`);
    return 1;
  }
  const missing = [runtimeProblem(), nativeProblem()].filter((p) => p !== null);
  if (mode === '--check') {
    if (missing.length === 0) return 0;
    process.stderr.write(
      `Keyward cannot start the desktop app: ${missing.join('; and ')}.\nFix: run \`${FIX}\` (needs the internet).\n`,
    );
    return 1;
  }
  if (missing.length === 0) {
    process.stdout.write(`keyward: Electron ${electronVersion} and its database module (ABI ${abi}) are in place.\n`);
    return 0;
  }
  const offline = !(await isOnline());
  const failures = offline ? ['no internet connection'] : [fetchRuntime(), fetchNative()].filter((p) => p !== null);
  if (failures.length === 0) {
    process.stdout.write(
      `keyward: fetched Electron ${electronVersion} and its database module (${rel(nativeFile)}).\n`,
    );
    return 0;
  }
  if (mode === '--install') {
    process.stdout.write(
      `keyward: the desktop app's Electron runtime and its database module for Electron could not be fetched (${failures.join('; ')}): the CLI and tests are unaffected; run \`${FIX}\` on a connected machine.\n`,
    );
    return 0;
  }
  process.stderr.write(
    `keyward: ${failures.join('; ')}. Still missing: ${[runtimeProblem(), nativeProblem()].filter(Boolean).join('; ')}.\n`,
  );
  return 1;
}

async function guarded(mode) {
  try {
    return await main(mode);
  } catch (e) {
    // Whatever went wrong (a full disk, a read-only build/ folder), npm install must still pass.
    const why = e instanceof Error ? e.message : String(e);
    if (mode === '--install') {
      process.stdout.write(
        `keyward: the desktop app's Electron build was not prepared (${why}): the CLI and tests are unaffected; run \`${FIX}\` on a connected machine.\n`,
      );
      return 0;
    }
    process.stderr.write(`Keyward cannot prepare the desktop app: ${why}. Fix: run \`${FIX}\`.\n`);
    return 1;
  }
}

process.exitCode = await guarded(process.argv[2]);
