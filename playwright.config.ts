// Playwright Test: the built renderer (out/renderer) in Debian's Chromium, against the
// real core through the test bridge (test/e2e/bridge). A fresh vault folder per test;
// screenshots kept on failure. `npm test` builds first; never `playwright install`.
import { defineConfig } from '@playwright/test';

// Vaults made through the bridge use Argon2id's test cost (KDF_TEST_COST), accepted only in a test run.
process.env.NODE_ENV = 'test';
process.env.KEYWARD_TEST_KDF = '1';

const isScreenshots = process.env.KEYWARD_SCREENSHOTS === '1';
const isBench = process.env.KEYWARD_BENCH === '1';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }],
  ],
  // docs/screenshots and the interface benchmark run on demand (`npm run screenshots`, `npm run bench`).
  grep: isScreenshots ? /@screenshots/ : isBench ? /@bench/ : undefined,
  grepInvert: isScreenshots || isBench ? undefined : /@screenshots|@bench/,
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
