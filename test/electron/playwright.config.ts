// Playwright for the real Electron app (`npm run test:electron`). Needs Electron's runtime
// binary, which `npm install` downloads on a connected machine; where it is missing the
// specs skip and say so. Not part of `npm test`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: { screenshot: 'only-on-failure' },
});
