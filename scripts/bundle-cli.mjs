// Bundles the compiled CLI (out/cli/cli/index.js, from tsc) into a few files under out/cli-bundle,
// which bin/keyward.mjs runs. Node resolves and translates each ES module it loads; ~250 small
// files cost a command about 60 ms of its start-up, a bundle a fraction of that. The lazily
// loaded command modules stay separate chunks. Native code stays outside: better-sqlite3 (a
// compiled addon) and libsodium (WebAssembly, loaded through require, path handed to the KDF worker).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BUNDLE_DIR = join(ROOT, 'out/cli-bundle');

export async function bundleCli() {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    input: join(ROOT, 'out/cli/cli/index.js'),
    platform: 'node',
    external: ['better-sqlite3', 'libsodium-wrappers-sumo', /^node:/],
    logLevel: 'warn',
    output: { dir: BUNDLE_DIR, format: 'esm', entryFileNames: 'index.js' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
