#!/usr/bin/env -S node --
// Launches the compiled CLI (built by `npm install` through the prepare script).
// The `--` in the shebang: Node 20 otherwise takes a `--env-file` anywhere on the command line
// as its own (and stops with exit 9 when the file is missing) before Keyward's parser sees it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
// `keyward --version` answers here, before any module loads: it reads nothing but package.json.
// The same words as src-main/cli/main.ts prints (cli-first-use.test.ts checks both spellings).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`keyward ${pkg.version} (Node.js ${process.versions.node})\n`);
  process.exit(0);
}

// The compiled CLI as one bundle (scripts/bundle-cli.mjs): fewer files to load at start-up.
const entry = new URL('../out/cli-bundle/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('keyward: the CLI is not built yet. Run "npm run build:cli" in the Keyward folder.\n');
  process.exit(6);
}
await import(entry.href);
