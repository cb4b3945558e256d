#!/usr/bin/env node
// Launches the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/cli/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('keyward: the CLI is not built yet. Run "npm run build:cli" in the Keyward folder.\n');
  process.exit(6);
}
await import(entry.href);
