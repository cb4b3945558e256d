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
import type { createSession as CreateSession } from '../../src-main/core/app/session';
import type { KDF_FLOOR as KdfFloor } from '../../src-main/core/crypto/kdf';
import type { systemClock as SystemClock } from '../../src-main/core/ports/clock.port';
import type { exportInventory as ExportInventory } from '../../src-main/core/transfer/export/index';
import type { createVault as CreateVault } from '../../src-main/core/vault/vault';
import { seedKeys } from './seed';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'docs/screenshots');

// The compiled core (out/cli), as the bridge uses it.
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'out/cli', rel)).href)) as T;

/** A vault of `count` seeded keys exported as the HTML report; returns the report's path. */
async function makeReport(dir: string, count: number): Promise<string> {
  const { createVault } = await load<{ createVault: typeof CreateVault }>('core/vault/vault.js');
  const { createSession } = await load<{ createSession: typeof CreateSession }>('core/app/session.js');
  const { KDF_FLOOR } = await load<{ KDF_FLOOR: typeof KdfFloor }>('core/crypto/kdf.js');
  const { systemClock } = await load<{ systemClock: typeof SystemClock }>('core/ports/clock.port.js');
  const { exportInventory } = await load<{ exportInventory: typeof ExportInventory }>('core/transfer/export/index.js');
  const { writeFileSync } = await import('node:fs');
  const vault = await createVault(join(dir, 'team-vault.db'), 'report test password', {
    clock: systemClock,
    kdf: KDF_FLOOR,
  });
  try {
    const session = createSession(vault, { clock: systemClock, writeSchedule: false });
    session.inventory.addMany(seedKeys(count).map((k) => ({ input: k.fields as never, secret: k.secret })));
    session.inventory.add(
      { platform: 'custom', name: '<script>alert("pwned")</script> & "quotes"', owner: "o'brien@acme.dev" },
      { value: 'hostile-name-secret-0123456789' },
    );
    const path = join(dir, 'inventory.html');
    writeFileSync(path, exportInventory(session, 'html').text);
    return path;
  } finally {
    vault.lock();
  }
}

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
  report = await makeReport(dir, 120);
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
  await expect(page.getByRole('cell', { name: '<script>alert("pwned")</script> & "quotes"' })).toBeVisible();
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
