// Lint: TypeScript rules plus the boundaries of ARCHITECTURE.md — `electron` only in
// the shell and the preload, libsodium only in core/crypto, better-sqlite3 only in core/db.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const electronOnlyInShell = {
  group: ['electron'],
  message: 'Import electron only in src-main/electron and src-main/preload.',
};
const sodiumOnlyInCrypto = {
  group: ['libsodium-wrappers*'],
  message: 'Only src-main/core/crypto may import libsodium.',
};
const sqliteOnlyInDb = { group: ['better-sqlite3'], message: 'Only src-main/core/db may import better-sqlite3.' };
const noHostsInCore = {
  group: ['**/electron/**', '**/cli/**', '**/preload/**', '**/src-renderer/**'],
  message: 'The core must not import a host.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        URL: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/crypto/**', 'src-main/core/db/**'],
    rules: {
      ...restrict([electronOnlyInShell, sodiumOnlyInCrypto, sqliteOnlyInDb, noHostsInCore]),
      'no-console': 'error',
    },
  },
  {
    files: ['src-main/core/crypto/**/*.ts'],
    rules: { ...restrict([electronOnlyInShell, sqliteOnlyInDb, noHostsInCore]), 'no-console': 'error' },
  },
  {
    files: ['src-main/core/db/**/*.ts'],
    rules: { ...restrict([electronOnlyInShell, sodiumOnlyInCrypto, noHostsInCore]), 'no-console': 'error' },
  },
  {
    files: [
      'src-main/cli/**/*.ts',
      'src-main/contract/**/*.ts',
      'src-main/bench/**/*.ts',
      'src-renderer/**/*.{ts,tsx}',
      'test/**/*.ts',
      'scripts/**/*.{js,mjs,ts}',
    ],
    ignores: ['test/electron/**'],
    rules: restrict([electronOnlyInShell, sodiumOnlyInCrypto, sqliteOnlyInDb]),
  },
);
