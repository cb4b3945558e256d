// An expiry already past is said as it is typed wherever one is typed (#16): the rotation
// wizard's new key refuses it (a key just made in the portal has not expired), the key
// detail's Expires edit warns and saves it only when asked twice. The rotation wizard also
// refuses the old key and a secret stored on another key, at the secret field, with focus
// kept there and nothing changed. Typed with the keyboard, never fill().
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { startSimulator, type SimulatorHandle } from './bridge/simulators';
import type { Bridge } from './bridge/bridge';
import { expect, test, unlockedVault } from './fixtures';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { WizardPage } from './pages/wizard.page';

const ACCOUNT = { account: 'user-42', email: 'deploy@demo.test', tier: 'pro' };
const SMALL = { width: 1024, height: 640 };
const SHOTS = 'test-results/expiry-rotation-checks';
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let sim: SimulatorHandle;
test.beforeEach(async () => {
  sim = await startSimulator('knouds');
});
test.afterEach(async () => {
  await sim.close();
});

type Listed = { keys: { id: string; name: string; expiresAt: string | null }[] };
type Open = { run: { phase: string; newKeyId?: string | null } } | null;

async function ok<T>(bridge: Bridge, channel: string, input: unknown): Promise<T> {
  const r = await bridge.call<T>(channel, input);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}`);
  return r.value;
}

/** "Deploy bot" (to rotate) and "Billing bot" (another key) stored; the wizard open at its new-key step. */
async function atNewKeyStep(app: Page, bridge: Bridge) {
  await unlockedVault(bridge);
  const old = sim.addKey(ACCOUNT);
  const other = sim.addKey(ACCOUNT);
  const add = (name: string, value: string) =>
    ok<{ id: string }>(bridge, 'keys.add', {
      fields: { platform: 'knouds', name, account: ACCOUNT.account, baseUrl: sim.baseUrl, expiresAt: inDays(20) },
      secret: { value },
    });
  const deploy = await add('Deploy bot', old.value);
  await add('Billing bot', other.value);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Deploy bot');
  await new DetailPage(app).panel.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = new WizardPage(app);
  await wizard.start('Start the rotation');
  await wizard.expectStep('capture-new-key');
  /** Nothing stored: the same two keys, the run still waiting for its new key. */
  const expectNothingChanged = async () => {
    await wizard.expectStep('capture-new-key');
    const listed = await ok<Listed>(bridge, 'keys.list', {});
    expect(listed.keys.map((k) => k.name).sort()).toEqual(['Billing bot', 'Deploy bot']);
    const open = await ok<Open>(bridge, 'rotations.open', { keyId: deploy.id });
    expect(open?.run.phase).toBe('started');
    expect(open?.run.newKeyId ?? null).toBeNull();
  };
  return { old, other, wizard, expectNothingChanged };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: V[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const viewport of [{ width: 1280, height: 800 }, SMALL]) {
  const size = `${viewport.width}×${viewport.height}`;
  const small = viewport.width === SMALL.width;

  test(`rotation at ${size}: a past expiry for the new key is refused at its field as it is typed; nothing is stored`, async ({
    app,
    bridge,
  }) => {
    await app.setViewportSize(viewport);
    const { wizard, expectNothingChanged } = await atNewKeyStep(app, bridge);
    const fresh = sim.addKey(ACCOUNT);
    const dialog = wizard.dialog;
    await dialog.getByLabel('New secret').click();
    await app.keyboard.type(fresh.value);
    await app.keyboard.press('Tab');
    const expires = dialog.getByLabel('Expires', { exact: true });
    await expect(expires).toBeFocused();
    await app.keyboard.type('06012020');
    // Said before any submit, at the field, and the field is marked.
    await expect(expires).toHaveAccessibleDescription(/That date \(2020-06-01\) is already past/);
    await expect(expires).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByRole('button', { name: /anyway/i })).toHaveCount(0);
    if (small) {
      await app.screenshot({ path: `${SHOTS}/rotation-past-expiry-1024.png` });
      expect(await seriousViolations(app), 'rotation, past expiry').toEqual([]);
    }
    // Enter does not store it: the refusal stays, focus stays on the date.
    await app.keyboard.press('Enter');
    await expectNothingChanged();
    await expect(expires).toBeFocused();
    await expect(expires).toHaveAccessibleDescription(/already past/);

    // The year retyped: the refusal goes as the date becomes a future one, and the key is stored.
    await app.keyboard.type(String(new Date().getFullYear() + 1));
    await expect(expires).toHaveAttribute('aria-invalid', 'false');
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await app.keyboard.press('Enter');
    await wizard.expectStep('verify-new-key');
  });

  test(`rotation at ${size}: the old key and another key's secret are refused at the secret field; focus stays, nothing changes`, async ({
    app,
    bridge,
  }) => {
    await app.setViewportSize(viewport);
    const { old, other, wizard, expectNothingChanged } = await atNewKeyStep(app, bridge);
    const dialog = wizard.dialog;
    const secret = dialog.getByLabel('New secret');
    await secret.click();
    await app.keyboard.type(old.value);
    await app.keyboard.press('Enter');
    await expect(secret).toHaveAccessibleDescription(/That is the current key, not a new one: nothing was stored/);
    await expect(secret).toHaveAttribute('aria-invalid', 'true');
    await expect(secret).toBeFocused();
    await expectNothingChanged();

    await app.keyboard.press('Control+a');
    await app.keyboard.type(other.value);
    await app.keyboard.press('Enter');
    await expect(secret).toHaveAccessibleDescription(/already stored as “Billing bot”, so it is not a new key/);
    await expect(secret).toHaveAttribute('aria-invalid', 'true');
    await expect(secret).toBeFocused();
    await expectNothingChanged();
    // Said once, at the field, in the app's words: no id prefix, flag or command.
    await expect(dialog.getByText(/already stored as/)).toHaveCount(1);
    const said = (await dialog.getByTestId('wizard-step').innerText()) ?? '';
    expect(said).not.toMatch(/\b[0-9a-f]{8}\b|--|keyward |Correct the highlighted/);
    expect(said).not.toContain(other.value);
    if (small) {
      await app.screenshot({ path: `${SHOTS}/rotation-stored-secret-1024.png` });
      expect(await seriousViolations(app), 'rotation, stored secret').toEqual([]);
    }

    // Typing again clears the mark; the key made in the portal is stored.
    await app.keyboard.press('Control+a');
    await app.keyboard.type(sim.addKey(ACCOUNT).value);
    await expect(secret).toHaveAttribute('aria-invalid', 'false');
    await app.keyboard.press('Enter');
    await wizard.expectStep('verify-new-key');
  });

  test(`key detail at ${size}: a past expiry is warned as it is typed and saved only on a second Enter`, async ({
    app,
    bridge,
  }) => {
    await app.setViewportSize(viewport);
    await unlockedVault(bridge);
    const key = await ok<{ id: string }>(bridge, 'keys.add', {
      fields: { platform: 'custom', name: 'Reporting key', expiresAt: inDays(40) },
      secret: { value: 'reporting-key-0123456789abcdef' },
    });
    await app.goto(bridge.url);
    const inventory = new InventoryPage(app);
    await inventory.showAll();
    await inventory.open('Reporting key');
    const detail = new DetailPage(app);
    await detail.field('Expires').focus();
    await app.keyboard.press('Enter');
    const input = detail.panel.getByLabel('Expires', { exact: true });
    await expect(input).toBeFocused();
    await app.keyboard.type('06012020');
    await expect(input).toHaveAccessibleDescription(/That date \(2020-06-01\) is already past/);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    if (small) {
      await app.screenshot({ path: `${SHOTS}/detail-past-expiry-1024.png` });
      expect(await seriousViolations(app), 'key detail, past expiry').toEqual([]);
    }
    // The first Enter saves nothing and says how to go on.
    await app.keyboard.press('Enter');
    await expect(input).toBeFocused();
    await expect(input).toHaveAccessibleDescription(/Press Enter again/);
    const before = await ok<{ expiresAt: string | null }>(bridge, 'keys.get', { id: key.id });
    expect(before.expiresAt).toBe(inDays(40));
    // The second saves it: the key's real expiry may well be past.
    await app.keyboard.press('Enter');
    await expect(detail.field('Expires')).toBeVisible();
    const after = await ok<{ expiresAt: string | null }>(bridge, 'keys.get', { id: key.id });
    expect(after.expiresAt).toBe('2020-06-01');
  });
}

test('Create key: a past expiry for the key about to be made is refused at its field as it is typed, and Next does not go on', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  await app.goto(bridge.url);
  await app.getByRole('button', { name: 'Create key', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Create key' });
  const form = dialog.getByRole('form', { name: 'New key details' });
  await form.getByLabel('Platform').selectOption('kubiya');
  await form.getByLabel('Name').click();
  await app.keyboard.type('Dated bot');
  const expires = form.getByLabel('Expires (optional)', { exact: true });
  await expires.click();
  await app.keyboard.type('06012020');
  await expect(expires).toHaveAccessibleDescription(/That date \(2020-06-01\) is already past/);
  await expect(expires).toHaveAttribute('aria-invalid', 'true');
  await app.keyboard.press('Enter');
  await expect(dialog.getByTestId('wizard-step')).toHaveAttribute('data-step', 'details');
  await expect(expires).toBeFocused();
  const listed = await ok<Listed>(bridge, 'keys.list', {});
  expect(listed.keys).toEqual([]);
});
