// Accessibility of the main screens with axe-core: no serious or critical violation.
// axe is evaluated through the DevTools protocol, so the page's CSP stays as shipped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, unlockedVault } from './fixtures';
import { startSimulator } from './bridge/simulators';
import { startBridge } from './bridge/bridge';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { plantRepo } from './scan-folder';
import { seedKeys } from './seed';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}

for (const theme of ['light', 'dark'] as const) {
  test(`main screens have no serious accessibility violation (${theme})`, async ({ app, bridge }) => {
    test.setTimeout(90_000); // axe runs on fourteen screens
    await app.emulateMedia({ colorScheme: theme });
    await app.goto(bridge.url);
    await expect(app.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
    expect(await seriousViolations(app), 'first run').toEqual([]);

    await unlockedVault(bridge);
    for (const k of seedKeys(40, { profile: 'every-rule' })) await bridge.call('keys.add', k);
    await app.reload();
    const inventory = new InventoryPage(app);
    await inventory.showAll();
    await expect(inventory.count).toHaveText('40 keys');
    expect(await seriousViolations(app), 'inventory').toEqual([]);
    await inventory.open((await inventory.names())[0] ?? '');
    expect(await seriousViolations(app), 'key detail').toEqual([]);
    const shell = new ShellPage(app);
    await shell.go('Alerts');
    expect(await seriousViolations(app), 'alerts').toEqual([]);
    await shell.go('Checklists');
    expect(await seriousViolations(app), 'checklists, empty').toEqual([]);
    const listed = await bridge.call<{ keys: { id: string }[] }>('keys.list', {});
    if (!listed.ok) throw new Error('keys.list failed');
    const keyId = listed.value.keys[0]?.id ?? '';
    await bridge.call('team.setName', { name: 'Ana Souza' }); // the author a run records has no default
    const started = await bridge.call<{ id: string }>('checklists.start', { keyId });
    if (!started.ok) throw new Error('checklists.start failed');
    await bridge.call('checklists.tick', {
      runId: started.value.id,
      stepId: '1',
      state: 'skipped',
      reason: 'Not needed',
    });
    await shell.go('Alerts');
    await shell.go('Checklists');
    await expect(app.getByTestId('run-view')).toBeVisible();
    expect(await seriousViolations(app), 'checklists, a run').toEqual([]);
    await app.getByRole('button', { name: 'Templates' }).click();
    expect(await seriousViolations(app), 'checklist templates').toEqual([]);
    await app.keyboard.press('Escape');
    await shell.go('Settings');
    expect(await seriousViolations(app), 'settings').toEqual([]);
    await app
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Inventory/ })
      .click();
    await app.getByRole('button', { name: 'Close details' }).click();
    await app.getByRole('button', { name: 'Add key' }).click();
    expect(await seriousViolations(app), 'add key').toEqual([]);
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: 'Export…', exact: true }).click();
    await expect(app.getByRole('dialog', { name: 'Export inventory' })).toBeVisible();
    expect(await seriousViolations(app), 'export').toEqual([]);
    await app.getByText('Need the secrets too?').click();
    await app.getByRole('button', { name: 'Back up vault…' }).click();
    await expect(app.getByRole('dialog', { name: 'Back up vault' })).toBeVisible();
    expect(await seriousViolations(app), 'backup').toEqual([]);
    await app.keyboard.press('Escape');
    await shell.lock();
    expect(await seriousViolations(app), 'unlock').toEqual([]);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`dialogs, wizards and a selected row have no serious accessibility violation (${theme})`, async ({
    app,
    bridge,
  }) => {
    test.setTimeout(90_000);
    await app.emulateMedia({ colorScheme: theme });
    await unlockedVault(bridge);
    for (const k of seedKeys(30, { profile: 'every-rule' })) await bridge.call('keys.add', k);
    await bridge.call('keys.add', {
      fields: { platform: 'custom', name: 'Never used key', lastUsedAt: null },
      secret: { value: 'never-used-key-000000000000' },
    });
    await app.goto(bridge.url);
    const inventory = new InventoryPage(app);
    await inventory.showAll();
    await expect(inventory.count).toHaveText('31 keys');

    // The palette, with more results than fit: its list scrolls from the keyboard.
    await app.keyboard.press('Control+k');
    await expect(app.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
    expect(await seriousViolations(app), 'command palette').toEqual([]);
    await app.keyboard.press('Escape');

    // A selected row whose Last used is "Never".
    await inventory.search.focus();
    await app.keyboard.type('never used');
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('ArrowDown');
    await expect(inventory.row('Never used key')).toHaveAttribute('aria-selected', 'true');
    expect(await seriousViolations(app), 'selected row').toEqual([]);
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('key-detail')).toBeVisible();
    expect(await seriousViolations(app), 'selected and open row, key detail').toEqual([]);

    const detail = app.getByTestId('key-detail');
    await detail.getByRole('button', { name: 'Rotate…' }).click();
    await expect(app.getByRole('dialog', { name: 'Rotate key' }).getByTestId('wizard-step')).toHaveAttribute(
      'data-step',
      'plan',
    );
    expect(await seriousViolations(app), 'rotate wizard').toEqual([]);
    await app.keyboard.press('Escape');
    await detail.getByRole('button', { name: 'Delete from vault' }).click();
    expect(await seriousViolations(app), 'delete confirmation').toEqual([]);
    await app.keyboard.press('Escape');
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: 'Create key', exact: true }).click();
    expect(await seriousViolations(app), 'create key').toEqual([]);
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: 'Import', exact: true }).click();
    expect(await seriousViolations(app), 'import').toEqual([]);
    await app.keyboard.press('Escape');

    // Scan a folder…: its start, its results grouped by key, and a finding on the key's detail.
    const dir = mkdtempSync(join(tmpdir(), 'keyward-a11y-scan-'));
    try {
      const planted = plantRepo(dir);
      bridge.seed(planted.keys);
      bridge.setScanFolder(planted.repo);
      await app.keyboard.press('Control+k');
      await app.keyboard.type('scan a folder');
      await app.keyboard.press('Enter');
      const scan = app.getByRole('dialog', { name: 'Scan a folder for keys' });
      await expect(scan.getByRole('checkbox', { name: /git history/ })).toBeVisible();
      expect(await seriousViolations(app), 'scan a folder').toEqual([]);
      await scan.getByRole('checkbox', { name: /git history/ }).check();
      await scan.getByRole('button', { name: 'Choose a folder and scan…' }).click();
      await expect(scan.getByTestId('scan-unknown')).toBeVisible();
      expect(await seriousViolations(app), 'scan results').toEqual([]);
      // Import… on the unknown key: its form open, then the row saying what it was imported as.
      await scan.getByRole('button', { name: /^Import GitHub token/ }).click();
      await expect(scan.getByRole('form', { name: 'Import GitHub token' })).toBeVisible();
      expect(await seriousViolations(app), 'scan import form').toEqual([]);
      await scan.getByRole('button', { name: 'Import key' }).click();
      await expect(scan.getByTestId('scan-unknown')).toContainText('Imported as GITHUB_TOKEN');
      expect(await seriousViolations(app), 'scan result with an imported key').toEqual([]);
      await scan.getByRole('button', { name: 'Deploy bot – acme-api' }).focus();
      await app.keyboard.press('Enter');
      await expect(app.getByTestId('key-findings')).toBeVisible();
      expect(await seriousViolations(app), 'key detail with a finding').toEqual([]);
      // A row under the pointer (not the selected one): its faint text ("Never", "—") on the hover tint.
      await inventory.row('Kognitos CI token').hover();
      expect(await seriousViolations(app), 'a hovered row').toEqual([]);
      await app.keyboard.press('Escape');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await new ShellPage(app).lock();
    await app.getByRole('button', { name: 'Change the master password…' }).click();
    expect(await seriousViolations(app), 'change password').toEqual([]);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`the empty inventory, import steps, bulk edit, rotate and revoke steps, verify and checklist start have no serious accessibility violation (${theme})`, async ({
    app,
    bridge,
  }) => {
    test.setTimeout(90_000);
    await app.emulateMedia({ colorScheme: theme });
    await unlockedVault(bridge);
    const dir = mkdtempSync(join(tmpdir(), 'keyward-a11y-'));
    const file = join(dir, 'service.env');
    writeFileSync(
      file,
      [
        'KNOUDS_API_KEY=knouds_live_AxeCheck000000000000001',
        'KNOUDS_API_KEY_2=knouds_live_AxeCheck000000000000002',
      ].join('\n'),
    );
    bridge.setImportFile(file);
    try {
      await app.goto(bridge.url);
      await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
      expect(await seriousViolations(app), 'inventory, empty').toEqual([]);

      await app.getByRole('button', { name: 'Import your keys' }).click();
      const importDialog = app.getByRole('dialog', { name: 'Import keys' });
      await importDialog.getByRole('button', { name: 'Choose a file…' }).click();
      await expect(importDialog.getByTestId('import-row')).toHaveCount(2);
      expect(await seriousViolations(app), 'import, preview').toEqual([]);
      await importDialog.getByRole('button', { name: 'Import 2 keys' }).click();
      await expect(app.getByTestId('import-summary')).toBeVisible();
      expect(await seriousViolations(app), 'import, done').toEqual([]);
      await app.getByRole('button', { name: /Edit the 2 imported keys/ }).click();
      const bulk = app.getByTestId('bulk-edit');
      await expect(bulk).toBeVisible();
      expect(await seriousViolations(app), 'bulk edit').toEqual([]);
      await app.keyboard.type('ana@example.com'); // the owner field has focus
      await bulk.getByRole('button', { name: 'Change 2 keys' }).click();
      await expect(bulk).toBeHidden();

      await app.getByRole('button', { name: 'Verify listed' }).click();
      await expect(app.getByRole('dialog', { name: 'Verify keys' })).toBeVisible();
      expect(await seriousViolations(app), 'bulk verify').toEqual([]);
      await app.keyboard.press('Escape');

      await app.getByTestId('key-table').locator('[role="row"][data-key-name]').first().click();
      const detail = app.getByTestId('key-detail');
      await detail.getByRole('button', { name: 'Rotate…' }).click();
      const wizard = app.getByRole('dialog', { name: 'Rotate key' });
      await wizard.getByRole('button', { name: 'Start the rotation' }).click();
      await expect(wizard.getByTestId('wizard-step')).toHaveAttribute('data-step', 'capture-new-key');
      expect(await seriousViolations(app), 'rotate wizard, new key').toEqual([]);
      await wizard.getByLabel('New secret').focus();
      await app.keyboard.type('knouds_live_AxeCheckRotated0000000001');
      await wizard.getByRole('button', { name: 'Save the new key' }).click();
      await expect(wizard.getByTestId('wizard-step')).toHaveAttribute('data-step', 'verify-new-key');
      expect(await seriousViolations(app), 'rotate wizard, verify').toEqual([]);
      await app.keyboard.press('Escape');
      await expect(wizard).toBeHidden();

      await app.getByTestId('key-table').locator('[role="row"][data-key-name]').last().click();
      await detail.getByRole('button', { name: 'Revoke…' }).click();
      await expect(app.getByRole('dialog', { name: 'Revoke key' })).toBeVisible();
      expect(await seriousViolations(app), 'revoke confirmation').toEqual([]);
      await app.keyboard.press('Escape');
      await app.keyboard.press('Escape');

      await app
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: /^Checklists/ })
        .click();
      await app.getByRole('button', { name: 'Start checklist', exact: true }).first().click();
      await expect(app.getByRole('dialog', { name: /^Start a/ })).toBeVisible();
      expect(await seriousViolations(app), 'start checklist').toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`"Nothing needs action" and Create key's portal and store steps have no serious accessibility violation (${theme})`, async ({
    app,
    bridge,
  }) => {
    test.setTimeout(60_000);
    await app.emulateMedia({ colorScheme: theme });
    await unlockedVault(bridge);
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await bridge.call('keys.add', {
      fields: { platform: 'custom', name: 'Quiet key', expiresAt: inDays(200) },
      secret: { value: 'quiet-key-a11y-0123456789abcdef' },
    });
    await app.goto(bridge.url);
    await expect(app.getByRole('heading', { name: 'Nothing needs action' })).toBeVisible();
    expect(await seriousViolations(app), 'inventory, nothing needs action').toEqual([]);

    const knouds = await startSimulator('knouds');
    try {
      await app.getByRole('button', { name: 'Create key', exact: true }).click();
      const dialog = app.getByRole('dialog', { name: 'Create key' });
      const form = dialog.getByRole('form', { name: 'New key details' });
      await form.getByLabel('Platform').selectOption('knouds');
      await form.getByLabel('Name').pressSequentially('A11y bot');
      await form.getByLabel('Account').pressSequentially('user-42');
      await form.getByLabel('Plan').selectOption('pro');
      await form.getByLabel(/Scopes/).pressSequentially('workflow:run');
      await form.getByLabel(/Base URL/).pressSequentially(knouds.baseUrl);
      await form.getByRole('button', { name: 'Next' }).click();
      await expect(dialog.getByTestId('wizard-step')).toHaveAttribute('data-step', 'portal');
      expect(await seriousViolations(app), 'create key, portal step').toEqual([]);
      const fresh = knouds.addKey({ account: 'user-42', email: 'a11y@demo.test', tier: 'pro' });
      await dialog.getByLabel('New secret').pressSequentially(fresh.value);
      await dialog.getByRole('button', { name: 'Save and verify' }).click();
      await expect(dialog.getByTestId('wizard-step')).toHaveAttribute('data-step', 'result');
      await expect(dialog.getByRole('heading', { name: 'Key created and verified' })).toBeVisible();
      expect(await seriousViolations(app), 'create key, stored and verified').toEqual([]);
    } finally {
      await knouds.close();
    }
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`the author name dialog, and a key pasted as the name said at the field, have no serious accessibility violation (${theme})`, async ({
    app,
    bridge,
  }) => {
    await app.emulateMedia({ colorScheme: theme });
    await unlockedVault(bridge);
    await app.goto(bridge.url);
    await new ShellPage(app).go('Settings');
    const card = app.getByTestId('team-card');
    await card.getByRole('button', { name: 'Choose folder…' }).focus();
    await app.keyboard.press('Enter');
    const ask = app.getByRole('dialog', { name: 'Your name as your team sees it' });
    const field = ask.getByLabel('Your name', { exact: true });
    await expect(field).toBeFocused();
    expect(await seriousViolations(app), 'author name dialog').toEqual([]);
    // A key pasted as the name: refused under the field (it would go on every signed file), text selected.
    const pasted = 'kby_AuthorPasted0123456789abcdefXYZ';
    await app.keyboard.type(pasted);
    await app.keyboard.press('Enter');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(/key/i);
    await expect(field).toBeFocused();
    expect(await field.evaluate((el: HTMLInputElement) => el.selectionEnd! - el.selectionStart!)).toBe(pasted.length);
    await expect(ask.locator('.error-note')).toHaveCount(0);
    expect(await ask.textContent()).not.toContain(pasted.slice(4));
    expect(await seriousViolations(app), 'author name dialog, a key refused as the name').toEqual([]);
    await app.screenshot({ path: test.info().outputPath(`author-name-refused-${theme}.png`) });
    // Emptied and sent: one note, that the name is empty, not the earlier refusal beside it.
    await app.keyboard.press('Backspace');
    await app.keyboard.press('Enter');
    await expect(ask.getByRole('alert')).toHaveCount(1);
    await expect(ask.getByText(/looks like a key/)).toHaveCount(0);
    await app.keyboard.type('Ana');
    await app.keyboard.press('Enter');
    await expect(ask).toBeHidden();
    await expect(card.getByTestId('my-name')).toHaveText('Ana');
  });

  test(`an import preview with rows left out for a problem, and its summary, have no serious accessibility violation (${theme})`, async ({
    app,
    bridge,
  }) => {
    await app.emulateMedia({ colorScheme: theme });
    await unlockedVault(bridge);
    const dir = mkdtempSync(join(tmpdir(), 'keyward-a11y-rows-'));
    const file = join(dir, 'rows.csv');
    writeFileSync(
      file,
      [
        'name,secret,platform,expires',
        'Billing,knouds_live_AxeRows0000000000000001,knouds,',
        'Spaced,AxeRows spaced secret 0002,knouds,',
        'Soon,knouds_live_AxeRows0000000000000003,knouds,soon',
      ].join('\n'),
    );
    bridge.setImportFile(file);
    try {
      await app.goto(bridge.url);
      await app.getByRole('button', { name: 'Import your keys' }).click();
      const importDialog = app.getByRole('dialog', { name: 'Import keys' });
      await importDialog.getByRole('button', { name: 'Choose a file…' }).click();
      await expect(importDialog.getByTestId('import-problem')).toHaveCount(2);
      expect(await seriousViolations(app), 'import, rows with a problem').toEqual([]);
      await importDialog.getByRole('button', { name: 'Import 1 key' }).click();
      await expect(app.getByTestId('import-invalid').getByRole('listitem')).toHaveCount(2);
      expect(await seriousViolations(app), 'import, rows left out in the summary').toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`the checklist import's trust dialog has no serious accessibility violation (${theme})`, async ({
    app,
    bridge,
  }) => {
    test.setTimeout(60_000);
    await app.emulateMedia({ colorScheme: theme });
    const teammate = await startBridge();
    try {
      await unlockedVault(bridge);
      await unlockedVault(teammate);
      for (const [b, name] of [
        [bridge, 'Ana'],
        [teammate, 'Bruno'],
      ] as const) {
        b.dialogAnswers.push(join(b.dataDir, 'team'));
        expect((await b.call('host.chooseTeamFolder', { name })).ok).toBe(true);
      }
      const added = await teammate.call<{ id: string }>('keys.add', {
        fields: { platform: 'custom', name: 'Shared key' },
        secret: { value: 'shared-key-a11y-0123456789abcdef' },
      });
      if (!added.ok) throw new Error('keys.add');
      const run = await teammate.call<{ id: string }>('checklists.start', { keyId: added.value.id });
      if (!run.ok) throw new Error('checklists.start');
      const file = join(teammate.dataDir, 'from-bruno.json');
      teammate.dialogAnswers.push(file);
      expect((await teammate.call('host.exportChecklist', { runId: run.value.id })).ok).toBe(true);

      await app.goto(bridge.url);
      await new ShellPage(app).go('Checklists');
      bridge.dialogAnswers.push(file);
      await app.getByRole('button', { name: 'Import…' }).click();
      const trust = app.getByRole('dialog', { name: 'Trust this teammate?' });
      await expect(trust.getByTestId('signer-fingerprint')).toBeVisible();
      expect(await seriousViolations(app), 'checklist import, trust a signer').toEqual([]);
    } finally {
      await teammate.close();
    }
  });
}
