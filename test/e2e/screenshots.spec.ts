// The README's screenshots (docs/screenshots/), made on demand: `npm run screenshots`.
// 200 realistic keys; inventory (Needs action) and alerts at 1280×800 and 1024×640, key
// detail, a rotation wizard step, in light and dark.
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type Bridge } from './bridge/bridge';
import { startSimulator } from './bridge/simulators';
import { expect, test, unlockedVault } from './fixtures';
import { ChecklistsPage } from './pages/checklists.page';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { WizardPage } from './pages/wizard.page';
import { plantRepo } from './scan-folder';
import { seedKeys } from './seed';

const OUT = 'docs/screenshots';
const inDays = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() + n)).toISOString().slice(0, 10);
};
const ACCOUNT = { account: 'user-42', email: 'deploy@acme.dev', tier: 'pro' };

async function setTheme(app: Page, theme: 'light' | 'dark') {
  await app.evaluate((t) => window.keyward.invoke('host.setPreferences', { theme: t }), theme);
}

type Listed = {
  keys: { id: string; name: string; platform: string; account: string; status: string; expiresAt: string | null }[];
};
async function value<T>(reply: Promise<{ ok: boolean }>): Promise<T> {
  const r = (await reply) as { ok: boolean; value?: T; error?: unknown };
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}
/** A team: our vault (Ana) and a teammate's (Bruno), each trusting the other. */
async function team(bridge: Bridge, teammate: Bridge) {
  for (const [b, name] of [
    [bridge, 'Ana Souza'],
    [teammate, 'Bruno Lima'],
  ] as const) {
    b.dialogAnswers.push(join(b.dataDir, 'team'));
    await value(b.call('host.chooseTeamFolder', { name }));
  }
}

for (const theme of ['light', 'dark'] as const) {
  test(`checklist screenshots, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    test.setTimeout(120_000);
    const teammate = await startBridge();
    try {
      await unlockedVault(bridge);
      await unlockedVault(teammate);
      bridge.seed(seedKeys(60, { profile: 'every-rule' }));
      await team(bridge, teammate);
      const long = await value<{ id: string }>(
        bridge.call('keys.add', {
          fields: {
            platform: 'kognitos',
            name: 'Invoice parser – payments production workspace (EU data residency, shared with finance)',
            account: 'acme-finance',
            createdAt: inDays(-86),
            expiresAt: inDays(4),
            deployedTo: ['GitHub Actions secret KOGNITOS_PAT in acme/invoices', 'AWS Secrets Manager prod/invoices'],
          },
          secret: { value: 'kgn_pat_screenshot-only-0000000000000000' },
        }),
      );
      const { keys } = await value<Listed>(bridge.call('keys.list', {}));
      const pick = (platform: string, n = 0) => keys.filter((k) => k.platform === platform)[n]?.id ?? '';
      const start = (keyId: string, dueDate?: string) =>
        value<{ id: string }>(bridge.call('checklists.start', { keyId, ...(dueDate ? { dueDate } : {}) }));
      const tick = (b: Bridge, runId: string, stepId: string, state: string, more: object = {}) =>
        value(b.call('checklists.tick', { runId, stepId, state, ...more }));

      // The run shown: Ana and Bruno both worked on it; one step is in conflict.
      const main = await start(long.id);
      await tick(bridge, main.id, 'create-new', 'done', { note: '90-day expiry, same workspace scope.' });
      await tick(bridge, main.id, 'store-new', 'done');
      const fromAna = join(bridge.dataDir, 'ana.json');
      bridge.dialogAnswers.push(fromAna);
      await value(bridge.call('host.exportChecklist', { runId: main.id }));
      teammate.dialogAnswers.push(fromAna);
      const seen = await value<{ token: string; signer: { fingerprint: string } }>(
        teammate.call('host.importChecklist', {}),
      );
      await value(
        teammate.call('host.trustChecklistSigner', { token: seen.token, fingerprint: seen.signer.fingerprint }),
      );
      await tick(bridge, main.id, 'deploy-1', 'doing', { note: 'PR #412 open, waiting for review.' });
      await tick(teammate, main.id, 'deploy-1', 'done', { note: 'Merged the secret change myself.' });
      await tick(teammate, main.id, 'deploy-2', 'skipped', { reason: 'That secret was retired last sprint.' });
      const fromBruno = join(teammate.dataDir, 'bruno.json');
      teammate.dialogAnswers.push(fromBruno);
      await value(teammate.call('host.exportChecklist', { runId: main.id }));

      // Other runs: open ones of several urgencies, and a finished one.
      const a = await start(pick('kaana'), inDays(-2));
      await tick(bridge, a.id, 'create-new', 'done');
      const b = await start(pick('kubiya'), inDays(12));
      await tick(bridge, b.id, '1', 'doing');
      await start(pick('knouds'), inDays(30));
      // The finished one: a KAI key still in use, its new secret stored during the run, so its dates roll forward.
      const kai =
        keys.find((k) => k.platform === 'kai' && k.status === 'active' && (k.expiresAt ?? '') > inDays(20)) ??
        keys.find((k) => k.platform === 'kai');
      const done = await start(kai?.id ?? pick('kai'));
      const run = await value<{ steps: { id: string }[] }>(bridge.call('checklists.get', { runId: done.id }));
      await value(
        bridge.call('keys.edit', {
          id: kai?.id ?? pick('kai'),
          patch: {},
          secret: { value: 'k1_screenshot-rotated-0000000000000', instanceId: kai?.account || 'inst-screenshot' },
        }),
      );
      for (const s of run.steps) await tick(bridge, done.id, s.id, 'done');

      await app.setViewportSize({ width: 1360, height: 860 });
      await app.goto(bridge.url);
      await setTheme(app, theme);
      await app.reload();
      const shell = new ShellPage(app);
      const page = new ChecklistsPage(app);

      // Importing Bruno's file: first his fingerprint to compare.
      await shell.go('Checklists');
      bridge.dialogAnswers.push(fromBruno);
      await app.getByRole('button', { name: 'Import…' }).click();
      const trust = page.dialog('Trust this teammate?');
      await expect(trust.getByTestId('signer-fingerprint')).toBeVisible();
      await app.screenshot({ path: `${OUT}/checklists-trust-${theme}.png` });
      await trust.getByRole('button', { name: /The fingerprints match/ }).click();
      await page
        .dialog(/^Merged/)
        .getByRole('button', { name: 'Open checklist' })
        .click();
      await expect(page.run.getByRole('group', { name: /Conflict on step/ })).toBeVisible();
      await app.mouse.move(5, 700);
      await app.screenshot({ path: `${OUT}/checklists-${theme}.png` });

      await page.list
        .getByRole('button', { name: /Kai|KAI/ })
        .first()
        .click();
      await expect(app.getByTestId('run-finished')).toBeVisible();
      await app.screenshot({ path: `${OUT}/checklists-finished-${theme}.png` });
    } finally {
      await teammate.close();
    }
  });

  test(`screenshots, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    test.setTimeout(120_000);
    const sim = await startSimulator('knouds');
    await unlockedVault(bridge);
    bridge.seed(seedKeys(199));
    const old = sim.addKey(ACCOUNT);
    await bridge.call('keys.add', {
      fields: {
        platform: 'knouds',
        name: 'Release pipeline – platform',
        account: ACCOUNT.account,
        baseUrl: sim.baseUrl,
        owner: 'ana.souza@acme.dev',
        environment: 'production',
        tags: ['platform', 'ci'],
        scopes: ['workflow:run', 'workflow:read'],
        rotateEveryDays: 90,
        purpose: 'Deploys the API and the web app on merge to main',
        createdAt: inDays(-74),
        expiresAt: inDays(18),
        lastUsedAt: inDays(-1),
        deployedTo: [
          'GitHub Actions secret KNOUDS_KEY in acme/api',
          'Vercel env var in acme/web',
          'Kubernetes secret in cluster eu-1',
        ],
      },
      secret: { value: old.value },
    });
    const { value: summary } = (await bridge.call('alerts.attention')) as { value: { needsAction: number } };
    await app.setViewportSize({ width: 1280, height: 800 });
    await app.goto(bridge.url);
    await setTheme(app, theme);
    await app.reload();
    const inventory = new InventoryPage(app);
    // What a user sees first: the keys that need action, at both window sizes.
    await expect(inventory.count).toHaveText(`${summary.needsAction} need action`);
    await app.mouse.move(5, 780);
    await app.screenshot({ path: `${OUT}/inventory-${theme}.png` });
    await app.setViewportSize({ width: 1024, height: 640 });
    await app.screenshot({ path: `${OUT}/inventory-${theme}-1024.png` });
    await app.setViewportSize({ width: 1360, height: 820 });

    await inventory.showAll();
    await expect(inventory.count).toHaveText('200 keys');
    await inventory.search.click();
    await app.keyboard.type('release pipeline');
    await inventory.open('Release pipeline – platform');
    await new DetailPage(app).reveal();
    await app.mouse.move(5, 600);
    await app.screenshot({ path: `${OUT}/key-detail-${theme}.png` });

    await app.getByTestId('key-detail').getByRole('button', { name: 'Rotate…' }).click();
    const wizard = new WizardPage(app);
    await wizard.start('Start the rotation');
    await wizard.captureNewKey(sim.addKey(ACCOUNT).value);
    await wizard.click('Verify the new key');
    await wizard.expectStep('update-deployments');
    await wizard.dialog.getByRole('button', { name: 'Updated' }).first().click();
    await expect(wizard.dialog.locator('.checklist li.done')).toHaveCount(1);
    await app.screenshot({ path: `${OUT}/rotation-step-${theme}.png` });
    await wizard.close();
    await app.getByRole('button', { name: 'Close details' }).click();

    const shell = new ShellPage(app);
    await app.setViewportSize({ width: 1280, height: 800 });
    await shell.go('Alerts');
    await expect(app.getByTestId('alerts-needs-action')).toHaveText(`${summary.needsAction} keys need action`);
    await expect(app.getByTestId('attention-list')).toBeVisible();
    await app.mouse.move(5, 780);
    await app.screenshot({ path: `${OUT}/alerts-${theme}.png` });
    await app.setViewportSize({ width: 1024, height: 640 });
    await app.screenshot({ path: `${OUT}/alerts-${theme}-1024.png` });
    await app.setViewportSize({ width: 1360, height: 820 });
    await shell.go('Settings');
    await expect(app.getByLabel('Warn before expiry (days)')).toHaveValue('30, 7, 1');
    await app.screenshot({ path: `${OUT}/settings-${theme}.png` });
    await sim.close();
  });

  test(`first-run screenshot, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    await bridge.call('host.setPreferences', { theme });
    await app.goto(bridge.url);
    await app.getByLabel('Master password').focus();
    await app.keyboard.type('correct-horse-battery');
    await app.screenshot({ path: `${OUT}/first-run-${theme}.png` });
  });
}

test('export dialog screenshot, light theme @screenshots', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  bridge.seed(seedKeys(120, { profile: 'every-rule' }));
  await app.setViewportSize({ width: 1360, height: 860 });
  await app.goto(bridge.url);
  await setTheme(app, 'light');
  await app.reload();
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.count).toHaveText('120 keys');
  await app.getByRole('button', { name: 'Export…', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Export inventory' });
  await dialog.getByLabel('Master password, typed again').fill('correct horse battery');
  await app.mouse.move(5, 700);
  await app.screenshot({ path: `${OUT}/export-light.png` });
});

// Scan a folder…: the results of a repository scanned with its history, grouped by key.
for (const theme of ['light', 'dark'] as const) {
  test(`scan results screenshot, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-scan-shot-'));
    try {
      const planted = plantRepo(dir);
      await unlockedVault(bridge);
      bridge.seed([...seedKeys(60), ...planted.keys]);
      bridge.setScanFolder(planted.repo);
      await app.setViewportSize({ width: 1280, height: 800 });
      await app.goto(bridge.url);
      await setTheme(app, theme);
      await app.reload();
      await new InventoryPage(app).expectShown();
      await app.keyboard.press('Control+k');
      await app.keyboard.type('scan a folder');
      await app.keyboard.press('Enter');
      const dialog = app.getByRole('dialog', { name: 'Scan a folder for keys' });
      await app.keyboard.press('Space');
      await dialog.getByRole('button', { name: 'Choose a folder and scan…' }).focus();
      await app.keyboard.press('Enter');
      await expect(dialog.getByTestId('scan-unknown')).toBeVisible();
      await app.mouse.move(5, 780);
      await app.screenshot({ path: `${OUT}/scan-results-${theme}.png` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

// A small window (1024×640): the inventory with its columns that fit, a key's detail, a wizard, a checklist run.
for (const theme of ['light', 'dark'] as const) {
  test(`1024×640 screenshots, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    test.setTimeout(120_000);
    await unlockedVault(bridge);
    bridge.seed(seedKeys(120, { profile: 'every-rule' }));
    const { keys } = await value<Listed>(bridge.call('keys.list', {}));
    await value(bridge.call('team.setName', { name: 'Ana Souza' })); // the author shown on the run: never the OS user
    const run = await value<{ id: string }>(bridge.call('checklists.start', { keyId: keys[3]?.id ?? '' }));
    await value(bridge.call('checklists.tick', { runId: run.id, stepId: 'create-new', state: 'done' }));
    await app.setViewportSize({ width: 1024, height: 640 });
    await app.goto(bridge.url);
    await setTheme(app, theme);
    await app.reload();
    const inventory = new InventoryPage(app);
    await inventory.showAll();
    await expect(inventory.count).toHaveText('120 keys');
    await app.mouse.move(5, 630);
    await app.screenshot({ path: `${OUT}/small-inventory-${theme}.png` });

    const name = (await inventory.names())[2] ?? '';
    await inventory.open(name);
    await app.mouse.move(5, 630);
    await app.screenshot({ path: `${OUT}/small-key-detail-${theme}.png` });
    await app.getByTestId('key-detail').getByRole('button', { name: 'Rotate…' }).click();
    await new WizardPage(app).expectStep('plan');
    await app.screenshot({ path: `${OUT}/small-rotate-wizard-${theme}.png` });
    await app.keyboard.press('Escape');
    await app.keyboard.press('Escape');

    const shell = new ShellPage(app);
    await shell.go('Checklists');
    await expect(app.getByTestId('run-view')).toBeVisible();
    await app.screenshot({ path: `${OUT}/small-checklists-${theme}.png` });

    await shell.go('Alerts');
    await expect(app.getByTestId('attention-list')).toBeVisible();
    await app.mouse.move(5, 630);
    await app.screenshot({ path: `${OUT}/small-alerts-${theme}.png` });

    // The import preview of a small .env file, as a new user's first import shows it.
    const file = join(bridge.dataDir, 'old-box.env');
    writeFileSync(
      file,
      [
        'KNOUDS_API_KEY=knouds_live_Screenshot0000000000000001',
        'KUBIYA_TOKEN=kby_screenshot-0123456789abcdef01234567',
        'KOGNITOS_PAT=kgn_pat_screenshot-000000000000000000',
        'DATABASE_URL=postgres://localhost/app',
      ].join('\n'),
    );
    bridge.setImportFile(file);
    await shell.go('Inventory');
    await app.getByRole('button', { name: 'Import', exact: true }).click();
    const importDialog = app.getByRole('dialog', { name: 'Import keys' });
    await importDialog.getByRole('button', { name: 'Choose a file…' }).click();
    await expect(importDialog.getByTestId('import-row').first()).toBeVisible();
    await app.mouse.move(5, 630);
    await app.screenshot({ path: `${OUT}/small-import-${theme}.png` });
  });
}
