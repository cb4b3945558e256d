// Every lint zone of eslint.config.js refuses its violation: each fixture in
// test/fixtures/lint holds one forbidden import (or global) and is linted with the project's
// own config as if it lived in the folder named here. An allowed import passes, so the
// zones are not refusing everything.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/lint');

// The fixtures are not in any tsconfig: lint them without the type-aware rules (their own test
// is that `npm run lint` passes with them on).
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
});

async function lintAs(fixture: string, path: string) {
  const [result] = await eslint.lintText(readFileSync(join(FIXTURES, fixture), 'utf8'), {
    filePath: join(ROOT, path),
  });
  return result?.messages ?? [];
}

const RESTRICTED = /no-restricted-(imports|globals|syntax)$/;

const CASES: [zone: string, fixture: string, linted: string][] = [
  ['contract -> Node built-in', 'contract-node.ts', 'src-main/contract/fixture.ts'],
  ['contract -> core', 'contract-core.ts', 'src-main/contract/fixture.ts'],
  ['contract -> document', 'contract-document.ts', 'src-main/contract/fixture.ts'],
  ['contract -> a package other than zod', 'contract-package.ts', 'src-main/contract/fixture.ts'],
  ['contract -> a path out of its folder', 'contract-outside.ts', 'src-main/contract/fixture.ts'],
  ['core -> host', 'core-host.ts', 'src-main/core/alerts/fixture.ts'],
  ['core -> electron', 'core-electron.ts', 'src-main/core/app/fixture.ts'],
  ['core -> better-sqlite3 outside core/db', 'core-sqlite.ts', 'src-main/core/inventory/fixture.ts'],
  ['core -> libsodium outside core/crypto', 'core-sodium.ts', 'src-main/core/vault/fixture.ts'],
  ['core/db -> a higher layer', 'db-reaches-up.ts', 'src-main/core/db/fixture.ts'],
  ['core/crypto -> a higher layer', 'crypto-reaches-up.ts', 'src-main/core/crypto/fixture.ts'],
  ['core/inventory -> a service', 'inventory-reaches-up.ts', 'src-main/core/inventory/fixture.ts'],
  ['core/vault -> the inventory', 'vault-inventory.ts', 'src-main/core/vault/fixture.ts'],
  ['a core service -> core/app', 'service-reaches-app.ts', 'src-main/core/lifecycle/fixture.ts'],
  ['host -> electron', 'host-electron.ts', 'src-main/host/fixture.ts'],
  ['host -> cli', 'host-cli.ts', 'src-main/host/fixture.ts'],
  ['electron -> better-sqlite3', 'electron-sqlite.ts', 'src-main/electron/fixture.ts'],
  ['electron -> libsodium', 'electron-sodium.ts', 'src-main/electron/fixture.ts'],
  ['electron -> cli', 'electron-cli.ts', 'src-main/electron/fixture.ts'],
  ['preload -> core', 'preload-core.ts', 'src-main/preload/fixture.ts'],
  ['preload -> better-sqlite3', 'preload-sqlite.ts', 'src-main/preload/fixture.ts'],
  ['preload -> Node built-in', 'preload-node.ts', 'src-main/preload/fixture.ts'],
  ['cli -> electron', 'cli-electron.ts', 'src-main/cli/fixture.ts'],
  ['cli -> host', 'cli-host.ts', 'src-main/cli/fixture.ts'],
  ['sandbox -> core', 'sandbox-core.ts', 'src-main/sandbox/platform-sim/fixture.ts'],
  ['renderer -> core runtime code', 'renderer-core.ts', 'src-renderer/src/stores/fixture.ts'],
  ['renderer -> Node built-in', 'renderer-node.ts', 'src-renderer/src/stores/fixture.ts'],
  ['renderer -> process', 'renderer-process.ts', 'src-renderer/src/stores/fixture.ts'],
  ['renderer -> core by import()', 'renderer-dynamic-core.ts', 'src-renderer/src/stores/fixture.ts'],
];

describe('lint zones', () => {
  test.each(CASES)('%s is refused', async (_zone, fixture, linted) => {
    const messages = await lintAs(fixture, linted);
    expect(messages.filter((m) => RESTRICTED.test(m.ruleId ?? '')).length, JSON.stringify(messages)).toBeGreaterThan(0);
  });

  test('an allowed import passes: the renderer importing a type from the contract', async () => {
    expect(await lintAs('allowed.ts', 'src-renderer/src/stores/fixture.ts')).toEqual([]);
  });

  test('the preload may import electron, the core its own lower layers', async () => {
    expect(await lintAs('core-electron.ts', 'src-main/preload/fixture.ts')).toEqual([]);
    expect(await lintAs('crypto-reaches-up.ts', 'src-main/core/vault/fixture.ts')).toEqual([]);
  });
});

// The type-aware rules run with the project's types: the text is linted as if it were a real
// file of the core (the project service reads the given text in place of the file's own).
describe('type-aware rules', () => {
  const typed = new ESLint({ cwd: ROOT });
  const asCoreFile = async (text: string) => {
    const [r] = await typed.lintText(text, { filePath: join(ROOT, 'src-main/core/alerts/calendar-date.ts') });
    return (r?.messages ?? []).map((m) => m.ruleId);
  };

  test('a floating promise, a misused promise and a non-exhaustive switch in the core are refused', async () => {
    const text = readFileSync(join(FIXTURES, 'typed-promises.ts'), 'utf8');
    const rules = await asCoreFile(text);
    expect(rules).toContain('@typescript-eslint/no-floating-promises');
    expect(rules).toContain('@typescript-eslint/no-misused-promises');
    expect(rules).toContain('@typescript-eslint/switch-exhaustiveness-check');
  }, 120_000);

  test('the same code with the promise handled and every case covered passes them', async () => {
    const text = readFileSync(join(FIXTURES, 'typed-promises-ok.ts'), 'utf8');
    const rules = await asCoreFile(text);
    expect(rules.filter((r) => /no-floating|no-misused|switch-exhaustive/.test(r ?? ''))).toEqual([]);
  }, 120_000);
});
