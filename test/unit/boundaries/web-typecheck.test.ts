// The renderer cannot see the core: tsconfig.web.json compiles the renderer and the contract
// only, without @types/node, so a renderer file importing a core module or using a Node
// global fails the web type-check, and one importing the contract passes.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const typecheck = (fixture: string) =>
  spawnSync(process.execPath, [TSC, '-p', join(ROOT, 'test/fixtures/web-boundary', fixture), '--noEmit'], {
    encoding: 'utf8',
  });

describe('the web type-check', () => {
  test('lists no core file and no @types/node', () => {
    const files = execFileSync(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.web.json'), '--listFilesOnly'], {
      encoding: 'utf8',
    });
    expect(files).toContain('src-main/contract/channels.ts');
    expect(files).not.toContain('src-main/core/');
    expect(files).not.toContain('@types/node');
  });

  test('refuses a renderer file that imports a core module', () => {
    const r = typecheck('imports-core');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/src-main\/core\/.*error TS/);
  }, 60_000);

  // TypeScript alone compiles a core module that uses no Node type; `npm run typecheck` runs
  // scripts/web-boundary.mjs after the web type-check, which refuses any such file.
  test('refuses a renderer file that imports core modules using no Node type (the boundary check)', () => {
    const project = join(ROOT, 'test/fixtures/web-boundary/imports-core-types/tsconfig.json');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/web-boundary.mjs'), project], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('src-main/core/errors.ts');
    expect(r.stderr).toContain('src-main/core/inventory/key.types.ts');
    const ok = spawnSync(process.execPath, [join(ROOT, 'scripts/web-boundary.mjs')], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  }, 60_000);

  test('npm run typecheck runs the boundary check after the web type-check', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { typecheck: string } };
    expect(pkg.scripts.typecheck).toMatch(/tsconfig\.web\.json --noEmit && node scripts\/web-boundary\.mjs/);
  });

  test('refuses a renderer file that uses Buffer', () => {
    const r = typecheck('uses-buffer');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/uses-buffer\/view.ts.*error TS/);
  }, 60_000);

  test('accepts a renderer file that imports the contract only', () => {
    const r = typecheck('contract-only');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});
