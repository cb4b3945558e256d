// Where the desktop app keeps its data, computed the way Electron computes
// app.getPath('userData') for an app named "Keyward", so the CLI finds the same vault.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Keyward';
export const VAULT_FILE = 'vault.db';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** --vault, else $KEYWARD_VAULT, else the desktop app's vault. */
export function resolveVaultPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.KEYWARD_VAULT ?? join(defaultDataDir(env), VAULT_FILE);
}
