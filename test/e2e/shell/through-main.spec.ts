// The core flows (first run, add, reveal, copy, lock, unlock) once with the real main process between
// the page and the core: the BUILT out/main/index.js runs in this Node process with the recording
// stand-in for `electron` (test/shell); the page is served by the shell's own app:// handler and its
// window.keyward is the BUILT preload (out/preload/index.cjs), whose ipcRenderer reaches the shell's
// ipcMain handler with the page's real frame. No test bridge: every call passes the shell's frame check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { PASSWORD, ROOT, loadShell, type Shell } from '../../shell/load-shell';
import { DetailPage } from '../pages/detail.page';
import { InventoryPage } from '../pages/inventory.page';

const ORIGIN = 'http://keyward.test';
const SECRET = 'kby_through-main-secret-5d2e88a1c0';

/** The page's origin stands for app://bundle: only our own pages map onto it, anything else stays foreign. */
const asAppUrl = (url: string) => (url.startsWith(`${ORIGIN}/`) ? `app://bundle/${url.slice(ORIGIN.length + 1)}` : url);

/** Evaluates the built preload in the page with `require('electron')` answering contextBridge and ipcRenderer. */
function preloadScript(): string {
  const preload = readFileSync(join(ROOT, 'out/preload/index.cjs'), 'utf8');
  return `(() => {
    const call = window.__keywardIpc;
    const electron = {
      contextBridge: { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: api }) },
      ipcRenderer: {
        invoke: async (channel, ...args) => JSON.parse(await call(channel, JSON.stringify(args))),
        on: (channel, listener) => {
          (window.__keywardOn ??= []).push([channel, listener]);
        },
      },
    };
    const require = (name) => {
      if (name !== 'electron') throw new Error('the preload may only require electron');
      return electron;
    };
    const module = { exports: {} };
    (function (require, module, exports) {\n${preload}\n})(require, module, module.exports);
  })();`;
}

async function openApp(page: Page, shell: Shell): Promise<void> {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const handler = shell.electron.record.protocols.get('app');
    if (!handler) throw new Error('app:// has no handler');
    const res = await handler(new Request(asAppUrl(route.request().url())));
    await route.fulfill({
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body: Buffer.from(await res.arrayBuffer()),
    });
  });
  await page.exposeBinding('__keywardIpc', async ({ frame }: { frame: Frame }, channel: string, argsJson: string) => {
    const handler = shell.electron.record.handlers.get(channel);
    if (!handler) throw new Error(`no ipcMain handler for ${channel}`);
    const senderFrame = { url: asAppUrl(frame.url()), detached: frame.isDetached(), parent: frame.parentFrame() };
    const event = { sender: shell.window().webContents, senderFrame };
    return JSON.stringify(await handler(event, ...(JSON.parse(argsJson) as unknown[])));
  });
  await page.addInitScript({ content: preloadScript() });
  await page.goto(`${ORIGIN}/index.html`);
}

let shell: Shell;
test.beforeAll(async () => {
  shell = await loadShell();
  await shell.ready();
});
test.afterAll(() => shell.cleanup());

test('first run, add, reveal, copy, lock and unlock go through the shell’s real IPC handlers', async ({ page }) => {
  test.setTimeout(180_000); // the production key derivation (256 MiB) runs three times
  await openApp(page, shell);
  expect(await page.evaluate(() => Object.keys((window as unknown as { keyward: object }).keyward))).toEqual([
    'invoke',
    'onCommand',
  ]);

  // First run: a strong, confirmed password, typed.
  await expect(page.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
  await page.getByLabel('Master password').pressSequentially(PASSWORD);
  await page.getByLabel('Repeat the password').pressSequentially(PASSWORD);
  await page.getByLabel('I understand that Keyward cannot recover this password.').check();
  await page.getByRole('button', { name: 'Create vault' }).click();
  const inventory = new InventoryPage(page);
  await expect(page.getByRole('heading', { name: 'Inventory' })).toBeVisible({ timeout: 60_000 });

  // Add a key, typed into the form.
  await page
    .getByRole('button', { name: /Add (your first )?key/ })
    .first()
    .click();
  const form = page.getByRole('form', { name: 'Add a key' });
  await form.getByLabel('Platform').selectOption('kubiya');
  await form.getByLabel('Name').pressSequentially('Ops bot');
  await form.getByLabel('Secret').pressSequentially(SECRET);
  await form.getByLabel('Owner').pressSequentially('ops@example.com');
  await form.getByRole('button', { name: 'Add key' }).click();
  await expect(form).toBeHidden();
  await expect(inventory.row('Ops bot')).toBeVisible();

  // Reveal shows it; copy puts it on the (stand-in) OS clipboard through the shell.
  await inventory.open('Ops bot');
  const detail = new DetailPage(page);
  await detail.reveal();
  await expect(detail.secret).toHaveText(SECRET);
  await detail.copy();
  await expect(page.getByRole('status').filter({ hasText: 'Copied to the clipboard' })).toBeVisible();
  expect(shell.electron.osClipboard.read()).toBe(SECRET);

  // Lock: the vault closes in the main process and the clipboard is cleared.
  const reloaded = page.waitForEvent('load');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Lock' }).click();
  await reloaded;
  await expect(page.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
  expect(shell.electron.osClipboard.read()).toBe('');

  // Unlock: a wrong password first, then the right one, typed.
  const password = page.getByLabel('Master password');
  await password.pressSequentially('not the password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('Check the password and try again.', { timeout: 60_000 });
  await password.clear();
  await password.pressSequentially(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await inventory.showAll();
  await expect(inventory.row('Ops bot')).toBeVisible({ timeout: 60_000 });
  expect(shell.electron.record.handlers.size).toBe(1);
});

test('a frame on another origin is refused by the shell: FORBIDDEN, and the vault is untouched', async ({ page }) => {
  await page.route('http://elsewhere.test/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<p>elsewhere</p>' }),
  );
  await page.exposeBinding('__keywardIpc', async ({ frame }: { frame: Frame }, channel: string, argsJson: string) => {
    const handler = shell.electron.record.handlers.get(channel);
    const senderFrame = { url: asAppUrl(frame.url()), detached: frame.isDetached(), parent: frame.parentFrame() };
    return JSON.stringify(
      await handler?.({ sender: shell.window().webContents, senderFrame }, ...JSON.parse(argsJson)),
    );
  });
  await page.addInitScript({ content: preloadScript() });
  await page.goto('http://elsewhere.test/');
  const reply = await page.evaluate(() =>
    (window as unknown as { keyward: { invoke: (c: string, i: unknown) => Promise<unknown> } }).keyward.invoke(
      'keys.list',
      {},
    ),
  );
  expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
