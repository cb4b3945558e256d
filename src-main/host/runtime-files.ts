// Where the shell finds its run-time files: its own better-sqlite3 build for Electron's ABI and
// the icons in resources/. Pure (no `electron`): the shell passes in what Electron reports.
import { join } from 'node:path';

export type RuntimeLayout = {
  /** app.isPackaged */
  isPackaged: boolean;
  /** process.resourcesPath of a packaged app (electron-builder's extraResources land there). */
  resourcesPath: string | undefined;
  /** The checkout's root, two folders above out/main. */
  appRoot: string;
  /** process.versions.modules of the running Electron. */
  abi: string;
};

/** The command that builds the native module in a checkout (scripts/electron-native.mjs). */
export const REBUILD_COMMAND = 'npm run rebuild:electron';

/** Packaged: resources/native/better_sqlite3.node; a checkout: build/native/electron-<abi>/better_sqlite3.node. */
export function nativeBindingPath(layout: RuntimeLayout): string {
  return layout.isPackaged
    ? join(layout.resourcesPath ?? '', 'native', 'better_sqlite3.node')
    : join(layout.appRoot, 'build', 'native', `electron-${layout.abi}`, 'better_sqlite3.node');
}

/** The icons and other assets the shell loads (resources/ in a checkout, a copy beside app.asar when packaged). */
export function resourcesDir(layout: RuntimeLayout): string {
  return layout.isPackaged ? join(layout.resourcesPath ?? '', 'resources') : join(layout.appRoot, 'resources');
}

/** What the start-up dialog says when the database module cannot load: what is missing and the one fix. */
export function nativeBindingMessage(layout: RuntimeLayout, path: string, reason: string): string {
  const abiMismatch = /NODE_MODULE_VERSION (\d+)/.exec(reason);
  const what = abiMismatch
    ? `was built for another runtime (ABI ${abiMismatch[1]}; this Electron needs ${layout.abi})`
    : /cannot find|no such file|ENOENT|not found/i.test(reason)
      ? 'is missing'
      : 'could not be loaded';
  const fix = layout.isPackaged
    ? 'Reinstall Keyward.'
    : `Run \`${REBUILD_COMMAND}\` in the Keyward folder on a machine with internet access, then start Keyward again.`;
  return `Keyward's database module for Electron (${path}) ${what}. ${fix}`;
}
