import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/shell/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one file at a time on a 2-core CI machine,
    // where a file waiting on its CLI subprocesses leaves a core idle. Two files at a time there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
