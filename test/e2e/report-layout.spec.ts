// The HTML report read as an auditor reads it: opened from file:// at 1280 px and printed on
// A4 and Letter portrait. The first table holds what an auditor needs and fits the page
// without wrapping a name or an id character by character; the rest of each key is in a
// second table. With KEYWARD_SCREENSHOTS=1 it writes the 1280 px view and the print preview
// (Chromium's --print-to-pdf, then pdftoppm) to docs/screenshots.
/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { writeExports } from './export-files';

const OUT = join(resolve(import.meta.dirname, '../..'), 'docs/screenshots');
// The printable width of each paper in CSS px (96 per inch) inside the report's @page margins (10 mm each side).
const MM = 96 / 25.4;
const PAPERS = { A4: Math.floor((210 - 20) * MM), Letter: Math.floor((215.9 - 20) * MM) };

// Names as a .env import gives them: long, no space, words joined by underscores.
const ENV_NAMES = [
  'KNOUDS_PROD_DEPLOYMENT_PIPELINE_SERVICE_ACCOUNT_35_API_KEY',
  'KOGNITOS_STAGING_NIGHTLY_REPORT_EXPORTER_PERSONAL_ACCESS_TOKEN',
  'KUBIYA-PRODUCTION-INCIDENT-RESPONDER-AUTOMATION-TOKEN',
];
const ROWS = 41 + ENV_NAMES.length;

// One worker seeds the vault once (Argon2id and 40 keys) and runs the tests in turn.
test.describe.configure({ mode: 'default' });
let dir = '';
let report = '';
test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'keyward-report-layout-'));
  report = (await writeExports(dir, 40, ['html'], ENV_NAMES)).html as string;
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Layout facts of both tables: overflow past the page, and the narrowest name/id boxes. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector('main') as HTMLElement;
    const tables = [...document.querySelectorAll<HTMLTableElement>('table.keys, table.key-details')];
    const lineHeight = (el: Element) => parseFloat(getComputedStyle(el).lineHeight) || 14;
    const lines = (el: Element) => Math.round(el.getBoundingClientRect().height / lineHeight(el));
    const names = [...document.querySelectorAll('table.keys td.name')];
    const ids = [...document.querySelectorAll('table.key-details .id')];
    const header = [...document.querySelectorAll('table.keys th')].map((th) => th.textContent);
    // A word that wraps inside itself: any cell whose longest word is wider than the cell.
    const brokenWords = [...document.querySelectorAll('table.keys td, table.key-details td')].filter((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      // One line per distinct top: a name with break opportunities (<wbr>) is several text nodes on one line.
      const rects = [...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))];
      // An env-style name's words are joined by _ or -, and it may break after one of them.
      const words = (td.textContent ?? '').split(/\s+|(?<=[_-])/).filter((w) => w.length > 0);
      const longest = Math.max(0, ...words.map((w) => w.length));
      // More lines than words (plus one) means words were cut across lines.
      return rects.length > 0 && longest > 3 && rects.length > words.length + 1;
    });
    return {
      mainWidth: main.clientWidth,
      tableWidths: tables.map((t) => t.getBoundingClientRect().width),
      // How far each table runs past the box that holds it (a scrolling box hides what runs past).
      tableOverflow: tables.map((t) => t.getBoundingClientRect().width - (t.parentElement as HTMLElement).clientWidth),
      minNameWidth: Math.min(...names.map((n) => n.getBoundingClientRect().width)),
      nameLines: names.map((n) => [n.textContent ?? '', lines(n)] as const),
      maxIdLines: Math.max(...ids.map(lines)),
      header,
      brokenWords: brokenWords.length,
      brokenText: brokenWords.map((td) => td.textContent),
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

test('at 1280 px the keys table fits, names and ids stay whole, the rest is in a second table', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(report).href);
  await expect(page.locator('table.keys tbody tr')).toHaveCount(ROWS);
  await expect(page.locator('table.key-details tbody tr')).toHaveCount(ROWS);
  const l = await layout(page);
  expect(l.header).toEqual([
    'Name',
    'Platform',
    'Account',
    'Environment',
    'Owner',
    'Status',
    'Expires',
    'Last used',
    'Last verified',
  ]);
  expect(l.pageOverflow).toBeLessThanOrEqual(0);
  for (const w of l.tableWidths) expect(w).toBeLessThanOrEqual(l.mainWidth + 1);
  for (const o of l.tableOverflow) expect(o).toBeLessThanOrEqual(1);
  expect(l.minNameWidth).toBeGreaterThan(120);
  // A name with spaces takes at most 3 lines; one as long as a .env variable's, broken at its underscores, 4.
  for (const [name, n] of l.nameLines) expect(n, name).toBeLessThanOrEqual(ENV_NAMES.includes(name) ? 4 : 3);
  expect(l.maxIdLines).toBe(1);
  expect(l.brokenWords, l.brokenText.join(' | ')).toBe(0);
  await context.close();
});

test('at 1024 px with long .env-style names the keys table fits and Status and Expires are on screen', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(report).href);
  const l = await layout(page);
  expect(l.pageOverflow).toBeLessThanOrEqual(0);
  for (const w of l.tableWidths) expect(w).toBeLessThanOrEqual(l.mainWidth + 1);
  for (const o of l.tableOverflow) expect(o).toBeLessThanOrEqual(1);
  expect(l.brokenWords, l.brokenText.join(' | ')).toBe(0);
  for (const column of ['Status', 'Expires', 'Last verified']) {
    const box = await page.locator('table.keys th', { hasText: column }).boundingBox();
    expect(box, column).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0), column).toBeLessThanOrEqual(1024);
  }
  const name = page.locator('table.keys td.name', { hasText: ENV_NAMES[0] as string });
  await expect(name).toHaveText(ENV_NAMES[0] as string);
  await context.close();
});

for (const [paper, width] of Object.entries(PAPERS)) {
  test(`printed on ${paper} portrait the tables fit the page width`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 1000 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(report).href);
    await page.emulateMedia({ media: 'print' });
    const l = await layout(page);
    expect(l.pageOverflow, `${paper}: ${width}px`).toBeLessThanOrEqual(0);
    for (const w of l.tableWidths) expect(w).toBeLessThanOrEqual(width + 1);
    for (const o of l.tableOverflow) expect(o).toBeLessThanOrEqual(1);
    expect(l.minNameWidth).toBeGreaterThan(70);
    expect(l.maxIdLines).toBe(1);
    expect(l.brokenWords, l.brokenText.join(' | ')).toBe(0);
    // And the printed PDF has the paper's size in portrait.
    const pdf = await page.pdf({ format: paper as 'A4' | 'Letter' });
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(Number(box?.[1])).toBeLessThan(Number(box?.[2]));
    await context.close();
  });
}

test('the report at 1280 px and its print preview @screenshots', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(report).href);
  await page.locator('h2', { hasText: 'All keys' }).evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: join(OUT, 'report-keys-1280.png') });
  // The rows with names as a .env import gives them (long, no space), wrapped at their underscores.
  await page
    .locator('table.keys td.name', { hasText: ENV_NAMES[0] as string })
    .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(OUT, 'report-keys-1280-env-names.png') });
  await context.close();
  // The print preview as Chromium prints it (Letter, its default paper), one PNG per page.
  if (!existsSync('/usr/bin/pdftoppm')) test.skip(true, 'pdftoppm (poppler-utils) is not installed');
  const pdf = join(dir, 'report.pdf');
  execFileSync('/usr/bin/chromium', [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(report).href,
  ]);
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', pdf, join(dir, 'print')]);
  const pages = readdirSync(dir)
    .filter((f) => f.startsWith('print-') && f.endsWith('.png'))
    .sort();
  // The first page (summary, chart), the page where the keys table starts and the one where the details start.
  const textOf = (page: number) =>
    execFileSync('/usr/bin/pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
  const pageWith = (heading: string) => pages.findIndex((_, i) => textOf(i + 1).includes(heading));
  const wanted = [0, pageWith('All keys ('), pageWith('Key details (')];
  expect(wanted).not.toContain(-1);
  wanted.forEach((p, i) => renameSync(join(dir, pages[p] as string), join(OUT, `report-print-page${i + 1}.png`)));
  expect(pages.length).toBeGreaterThan(1);
});
