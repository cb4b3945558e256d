// The HTML inventory report in Chromium, as an auditor opens it: from file://, with
// JavaScript disabled and every request that is not the file itself aborted and
// counted (none may happen). The expiry chart must be visible. With
// KEYWARD_SCREENSHOTS=1 it writes docs/screenshots/report-light.png and report-dark.png.
/// <reference types="node" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Browser } from '@playwright/test';
import { HOSTILE_NAME, writeExports } from './export-files';

const OUT = join(resolve(import.meta.dirname, '../..'), 'docs/screenshots');

async function openOffline(browser: Browser, file: string, colorScheme: 'light' | 'dark') {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    colorScheme,
    viewport: { width: 1280, height: 900 },
  });
  const blocked: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith('file:')) blocked.push(r.url());
  });
  await context.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);
  return { context, page, blocked, cspViolations };
}

let dir = '';
let report = '';
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-report-'));
  report = (await writeExports(dir, 120, ['html'])).html as string;
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the HTML report opens offline without script and shows the expiry chart', async ({ browser }) => {
  const { context, page, blocked, cspViolations } = await openOffline(browser, report, 'light');
  await expect(page.getByRole('heading', { name: 'Keyward inventory' })).toBeVisible();
  const chart = page.locator('svg#expiry-timeline');
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(600);
  expect(box?.height ?? 0).toBeGreaterThan(150);
  expect(await chart.locator('rect.bar').count()).toBe(13);
  // Bars are drawn: the expired bar and at least one month have height.
  const heights = await chart.locator('rect.bar').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
  expect(heights[0]).toBeGreaterThan(0);
  expect(heights.slice(1).some((h) => h > 0)).toBe(true);
  await expect(page.locator('table.keys tbody tr')).toHaveCount(121);
  // The hostile name is text, not markup.
  await expect(page.getByRole('cell', { name: HOSTILE_NAME })).toBeVisible();
  await expect(page.locator('script')).toHaveCount(0);
  expect(blocked).toEqual([]);
  expect(cspViolations).toEqual([]);
  await context.close();
});

test('the HTML report in light and dark @screenshots', async ({ browser }) => {
  for (const scheme of ['light', 'dark'] as const) {
    const { context, page, blocked } = await openOffline(browser, report, scheme);
    await expect(page.locator('svg#expiry-timeline')).toBeVisible();
    await page.screenshot({ path: join(OUT, `report-${scheme}.png`) });
    expect(blocked).toEqual([]);
    await context.close();
  }
});
