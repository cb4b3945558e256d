import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/shell/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // The shell tests' loader and stand-in run in Node itself, with the built out/main/index.js.
    server: { deps: { external: [/\/test\/shell\/[^/]+\.mjs$/] } },
    // The test cost for Argon2id (KDF_TEST_COST): vitest sets NODE_ENV=test, and the CLI helpers pass
    // this on to their children. Tests about the KDF itself create vaults at the floor or the default.
    env: { KEYWARD_TEST_KDF: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Compiles out/cli once per run when stale: CLI tests and child-process writers run it.
    globalSetup: ['test/helpers/build-cli.global.ts'],
  },
});
