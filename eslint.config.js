// Lint: TypeScript rules (type-aware where it pays: floating and misused promises, exhaustive
// switches), React hooks, and the boundaries of docs/ARCHITECTURE.md as one zone per folder:
// what each folder may not import. `electron` only in the shell and the preload, libsodium only
// in core/crypto, better-sqlite3 only in core/db, the core never imports a host, lower core
// layers never reach up, the contract imports only zod, the renderer only the contract.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const group = (patterns, message, extra = {}) => ({ group: patterns, message, ...extra });
const ELECTRON = group(['electron', 'electron/*'], 'Import electron only in src-main/electron and src-main/preload.');
const SODIUM = group(['libsodium-wrappers*'], 'Only src-main/core/crypto may import libsodium.');
const SQLITE = group(['better-sqlite3'], 'Only src-main/core/db may import better-sqlite3.');
const NODE = group(['node:*', ...builtinModules], 'No Node built-ins here: this code runs in the renderer too.');
const folder = (name) => [`**/${name}`, `**/${name}/**`];
const HOSTS = [
  ...folder('electron'),
  ...folder('cli'),
  ...folder('preload'),
  ...folder('host'),
  ...folder('src-renderer'),
];
const noHosts = (who) => group(HOSTS, `${who} must not import a host.`);
const CORE = group(folder('core'), 'Only the contract crosses to here, not the core.');
const SANDBOX = group(folder('sandbox'), 'The simulators are the sandbox command’s, not this folder’s.');
const BENCH = group(folder('bench'), 'Nothing ships the benchmarks.');
/** Core folders a lower layer may not reach up to (type-only imports of a service's shape are allowed). */
const above = (names, who) =>
  group(names.flatMap(folder), `${who} must not import a higher layer of the core.`, { allowTypeImports: true });
const zone = (files, patterns, extra = {}, rule = '@typescript-eslint/no-restricted-imports') => ({
  files,
  ...extra,
  rules: { [rule]: ['error', { patterns }], ...(extra.rules ?? {}) },
});
const coreRules = { 'no-console': 'error' };
/** `import(...)` is not an import declaration: the zones' rule does not see it, so these folders refuse it by syntax. */
const noDynamicImport = (who) => ({
  'no-restricted-syntax': [
    'error',
    { selector: 'ImportExpression', message: `${who} loads nothing at run time: import declarations only.` },
  ],
});
/** The contract imports zod and its own files: any other package or folder is refused. */
const ONLY_ZOD = {
  regex: '^(?!zod$|\\./[^/]+$).*',
  message: 'The contract imports only zod and its own files.',
};
const BROWSER_GLOBALS = ['document', 'window', 'navigator', 'localStorage'];
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global'];
const UPPER = ['app', 'lifecycle', 'transfer', 'checklists', 'calendar', 'inject', 'alerts', 'settings'];

const TYPED = ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'docs/**',
      'test/fixtures/lint/**',
      'test/fixtures/web-boundary/**',
    ],
  },
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
  // Type-aware rules, on the shipped code only (the project service reuses the tsconfig files).
  {
    files: TYPED,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },

  // ---- Zones: one per folder. ----
  zone(
    ['src-main/contract/**/*.ts'],
    [ELECTRON, SODIUM, SQLITE, NODE, CORE, SANDBOX, BENCH, noHosts('The contract'), ONLY_ZOD],
    {
      rules: {
        'no-restricted-globals': ['error', ...BROWSER_GLOBALS, ...NODE_GLOBALS],
        ...noDynamicImport('The contract'),
      },
    },
  ),
  zone(['src-main/core/**/*.ts'], [ELECTRON, SODIUM, SQLITE, SANDBOX, BENCH, noHosts('The core')], {
    ignores: [
      'src-main/core/crypto/**',
      'src-main/core/db/**',
      'src-main/core/ports/**',
      'src-main/core/files/**',
      'src-main/core/vault/**',
      'src-main/core/platforms/**',
      'src-main/core/inventory/**',
      ...UPPER.filter((u) => u !== 'app').map((u) => `src-main/core/${u}/**`),
    ],
    rules: coreRules,
  }),
  zone(
    ['src-main/core/crypto/**/*.ts', 'src-main/core/ports/**/*.ts', 'src-main/core/files/**/*.ts'],
    [
      ELECTRON,
      SQLITE,
      SANDBOX,
      BENCH,
      noHosts('The core'),
      above(['db', 'vault', 'inventory', 'platforms', ...UPPER], 'A base layer (crypto, ports, files)'),
    ],
    { ignores: ['src-main/core/crypto/**'], rules: coreRules },
  ),
  zone(
    ['src-main/core/crypto/**/*.ts'],
    [
      ELECTRON,
      SQLITE,
      SANDBOX,
      BENCH,
      noHosts('The core'),
      above(['db', 'vault', 'inventory', 'platforms', ...UPPER], 'core/crypto'),
    ],
    { rules: coreRules },
  ),
  zone(
    ['src-main/core/db/**/*.ts'],
    [
      ELECTRON,
      SODIUM,
      SANDBOX,
      BENCH,
      noHosts('The core'),
      above(['vault', 'inventory', 'platforms', ...UPPER], 'core/db'),
    ],
    { rules: coreRules },
  ),
  zone(
    ['src-main/core/{vault,inventory,platforms}/**/*.ts'],
    [
      ELECTRON,
      SODIUM,
      SQLITE,
      SANDBOX,
      BENCH,
      noHosts('The core'),
      above(UPPER, 'A model layer (vault, inventory, platforms)'),
    ],
    { rules: coreRules, ignores: ['src-main/core/vault/**'] },
  ),
  zone(
    ['src-main/core/vault/**/*.ts'],
    [
      ELECTRON,
      SODIUM,
      SQLITE,
      SANDBOX,
      BENCH,
      noHosts('The core'),
      above(['inventory', 'platforms', ...UPPER], 'core/vault (below the inventory and the platforms)'),
    ],
    { rules: coreRules },
  ),
  zone(
    UPPER.filter((u) => u !== 'app').map((u) => `src-main/core/${u}/**/*.ts`),
    [ELECTRON, SODIUM, SQLITE, SANDBOX, BENCH, noHosts('The core'), above(['app'], 'A service of the core')],
    { rules: coreRules },
  ),
  zone(
    ['src-main/host/**/*.ts'],
    [
      ELECTRON,
      SODIUM,
      SQLITE,
      SANDBOX,
      BENCH,
      group(
        [...folder('cli'), ...folder('preload'), ...folder('src-renderer'), ...folder('electron')],
        'The host’s plain-Node half imports the core and the contract, no other host.',
      ),
    ],
  ),
  zone(
    ['src-main/electron/**/*.ts'],
    [
      SODIUM,
      SQLITE,
      SANDBOX,
      BENCH,
      group(
        [...folder('cli'), ...folder('preload'), ...folder('src-renderer')],
        'The shell imports the host, the core and the contract, no other host.',
      ),
    ],
  ),
  zone(
    ['src-main/preload/**/*.ts'],
    [
      SODIUM,
      SQLITE,
      NODE,
      CORE,
      SANDBOX,
      BENCH,
      group(
        [...folder('cli'), ...folder('host'), ...folder('src-renderer'), '../electron/**'],
        'The preload imports electron and the contract only.',
      ),
    ],
  ),
  zone(
    ['src-main/cli/**/*.ts'],
    [
      ELECTRON,
      SODIUM,
      SQLITE,
      BENCH,
      group(
        [...folder('preload'), ...folder('host'), ...folder('src-renderer'), ...folder('electron')],
        'The CLI imports the core, the contract and the sandbox, no other host.',
      ),
    ],
  ),
  zone(
    ['src-main/sandbox/**/*.ts'],
    [
      ELECTRON,
      SODIUM,
      SQLITE,
      CORE,
      BENCH,
      group([...HOSTS, ...folder('contract')], 'The simulators import only Node built-ins.'),
    ],
  ),
  zone(['src-main/bench/**/*.ts'], [ELECTRON, SODIUM, SQLITE, noHosts('The benchmarks')]),
  zone(
    ['src-renderer/**/*.{ts,tsx}'],
    [
      ELECTRON,
      SODIUM,
      SQLITE,
      NODE,
      CORE,
      SANDBOX,
      BENCH,
      group(
        [...folder('cli'), ...folder('preload'), ...folder('host'), ...folder('electron')],
        'The renderer reaches the host only through window.keyward.',
      ),
    ],
    { rules: { 'no-restricted-globals': ['error', ...NODE_GLOBALS], ...noDynamicImport('The renderer') } },
  ),
  zone(
    ['test/**/*.ts', 'scripts/**/*.{js,mjs,ts}'],
    [ELECTRON, SODIUM, SQLITE],
    { ignores: ['test/electron/**'] },
    'no-restricted-imports',
  ),
);
