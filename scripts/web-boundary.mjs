// The web type-check's boundary: the renderer sees the contract and nothing else of src-main.
// TypeScript type-checks whatever a renderer file imports, and a core module that happens to
// use no Node type compiles in the web project too, so after `tsc -p tsconfig.web.json` this
// lists the files of that program and fails, naming each, if any lies in src-main outside
// src-main/contract, or is @types/node. Usage: node scripts/web-boundary.mjs [TSCONFIG]
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const project = resolve(process.argv[2] ?? join(root, 'tsconfig.web.json'));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const listed = execFileSync(process.execPath, [tsc, '-p', project, '--listFilesOnly'], { encoding: 'utf8' })
  .split('\n')
  .map((f) => f.trim())
  .filter(Boolean);
const outside = listed.filter((file) => {
  const rel = relative(root, file).split('\\').join('/');
  if (rel.startsWith('node_modules/@types/node/')) return true;
  return rel.startsWith('src-main/') && !rel.startsWith('src-main/contract/');
});
if (outside.length > 0) {
  process.stderr.write(
    `The web type-check reaches beyond the contract (the renderer imports only src-main/contract):\n${outside
      .map((f) => `  ${relative(root, f)}`)
      .join('\n')}\n`,
  );
  process.exit(1);
}
