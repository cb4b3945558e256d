// Rotation checklists in the desktop app, through the bridge into the real core: start a
// run from a key, tick and skip steps, store the new secret, finish and see the key's expiry
// roll forward (and, without a new secret, see it left alone);
// export a signed file, import it into a second vault (a second bridge: its own vault
// folder and core), confirm an untrusted signer's fingerprint, merge a concurrent change
// and settle the conflict, refuse a tampered file, and the team folder in Settings.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startBridge, type Bridge } from './bridge/bridge';
import { expect, test, unlockedVault } from './fixtures';
import { ChecklistsPage } from './pages/checklists.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';

const inDays = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() + n)).toISOString().slice(0, 10);
};
const shown = (iso: string) =>
  new Date(`${iso}T12:00:00`).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
const CANARY = 'sk_live_CANARY-checklist-7f3a9c2e41b8d605';
const NEW_CANARY = 'sk_live_CANARY-checklist-new-0c5d2b9e7a1f';

type Ok<T> = { ok: true; value: T };
async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return (r as Ok<T>).value;
}

async function addBillingKey(bridge: Bridge): Promise<{ id: string; hint: string }> {
  return ok(
    bridge.call('keys.add', {
      fields: {
        platform: 'kaana',
        name: 'Billing export',
        account: 'acme',
        createdAt: inDays(-80),
        expiresAt: inDays(10),
        deployedTo: ['GitHub Actions secret KAANA_KEY in acme/billing'],
      },
      secret: { value: CANARY },
    }),
  );
}

async function checklistsStoreJson(app: Page): Promise<string> {
  return app.evaluate(() => {
    const w = window as unknown as { __keywardStores: () => { checklists: unknown } };
    return JSON.stringify(w.__keywardStores().checklists);
  });
}

test('start a checklist from a key, tick and skip steps, finish and see the expiry rolled forward', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const key = await addBillingKey(bridge);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Billing export');
  await app.getByTestId('key-detail').getByRole('button', { name: 'Start checklist…' }).click();

  const page = new ChecklistsPage(app);
  const start = page.dialog('Start a checklist for Billing export');
  await expect(start.getByLabel('Template', { exact: true })).toHaveValue('kaana'); // the platform's template by default
  await expect(start.getByText('6 steps from “Kaana API key”')).toBeVisible();
  // No name is set (never the OS account's): starting asks for it once, in a small dialog over this one (#16).
  const startButton = start.getByRole('button', { name: 'Start checklist' });
  await startButton.focus();
  await app.keyboard.press('Enter');
  const ask = page.dialog('Your name as your team sees it');
  const nameField = ask.getByLabel('Your name', { exact: true });
  await expect(nameField).toBeFocused();
  // Esc cancels the start and changes nothing: the start dialog stays, focus back on its button.
  await app.keyboard.type('Ana');
  await app.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(start).toBeVisible();
  await expect(startButton).toBeFocused();
  expect((await ok<{ runs: unknown[] }>(bridge.call('checklists.list'))).runs).toHaveLength(0);
  expect(await ok<{ name: string | null }>(bridge.call('team.status'))).toMatchObject({
    name: null,
    fingerprint: null,
  });
  // Again: an empty name is refused in place; typed and Enter, it is saved and the checklist starts.
  await app.keyboard.press('Enter');
  await expect(nameField).toBeFocused();
  await expect(nameField).toHaveValue('');
  await app.keyboard.press('Enter');
  await expect(ask.getByRole('alert')).toContainText('Type your name');
  await expect(nameField).toBeFocused();
  await app.keyboard.type('Ana Lima');
  await app.keyboard.press('Enter');
  await expect(ask).toBeHidden();
  await expect(app.getByRole('heading', { level: 1, name: 'Checklists' })).toBeVisible();
  await expect(page.run.getByRole('heading', { name: 'Rotate Billing export' })).toBeVisible();
  await expect(page.run.getByText('0/6 steps')).toBeVisible();
  await expect(page.step('deploy-1')).toContainText('GitHub Actions secret KAANA_KEY in acme/billing');

  await page.setState('create-new', 'Doing');
  await page.setState('create-new', 'Done');
  await expect(page.step('create-new').locator('.step-meta')).toContainText(/Done · .+/);
  await expect(page.step('create-new').locator('.step-meta')).toContainText('Ana Lima');
  // Asked once: ticking with the name set asks nothing, and Settings shows it.
  await expect(page.dialog('Your name as your team sees it')).toBeHidden();
  const team = await ok(bridge.call<{ name: string | null }>('team.status', {}));
  expect(team).toMatchObject({ name: 'Ana Lima' });

  // Skipping needs a reason: without one, nothing is ticked.
  const store = page.step('store-new');
  await store.getByRole('radio', { name: 'Skip…' }).click();
  await store.getByRole('button', { name: 'Skip step' }).click();
  await expect(store.getByText('A skipped step needs a reason.')).toBeVisible();
  await expect(store.getByRole('radio', { name: 'To do' })).toHaveAttribute('aria-checked', 'true');
  await page.skip('store-new', 'Ops stored it in the shared vault');
  await page.note('deploy-1', 'Updated in the billing repo, PR #412');

  for (const id of ['deploy-1', 'verify-new', 'revoke-old']) await page.setState(id, 'Done');
  await expect(page.list.getByText('5/6 steps')).toBeVisible();
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Checklists/ })).toHaveText(
    /Checklists\s*1/,
  );
  // The new key is stored in this vault (as `keyward edit KEY --replace-secret` does): finishing may roll the dates.
  await ok(bridge.call('keys.edit', { id: key.id, patch: {}, secret: { value: NEW_CANARY } }));
  await page.setState('confirm-dead', 'Done');

  // Finished: the key's creation date is today and its expiry moved by its lifetime (90 days).
  const finished = app.getByTestId('run-finished');
  await expect(finished).toContainText('The key’s dates were rolled forward');
  await expect(finished.locator('.rolled-from')).toHaveText(shown(inDays(10)));
  await expect(finished.locator('.rolled-to')).toHaveText(shown(inDays(90)));
  const after = await ok<{ expiresAt: string; createdAt: string; history: { action: string }[] }>(
    bridge.call('keys.get', { id: key.id }),
  );
  expect(after.expiresAt).toBe(inDays(90));
  expect(after.createdAt).toBe(inDays(0));
  expect(after.history.some((h) => h.action === 'rotated')).toBe(true);
  await expect(page.list.getByRole('heading', { name: /Finished/ })).toBeVisible();

  await page.run.getByRole('button', { name: 'Open the key' }).click();
  await expect(app.getByTestId('key-detail')).toContainText(shown(inDays(90)));

  // No secret and no hint ever reached the checklists' store.
  await new ShellPage(app).go('Checklists');
  const json = await checklistsStoreJson(app);
  expect(json).toContain('Billing export');
  expect(json).not.toContain(CANARY);
  expect(json).not.toContain(NEW_CANARY);
  expect(json).not.toContain(key.hint);
});

test('finishing a checklist without a new secret leaves the expiry alone and says why', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  const key = await addBillingKey(bridge);
  await ok(bridge.call('team.setName', { name: 'Ana Lima' }));
  const run = await ok<{ id: string; steps: { id: string }[] }>(bridge.call('checklists.start', { keyId: key.id }));
  for (const step of run.steps.slice(0, -1))
    await ok(bridge.call('checklists.tick', { runId: run.id, stepId: step.id, state: 'done' }));
  await app.goto(bridge.url);
  const page = new ChecklistsPage(app);
  await new ShellPage(app).go('Checklists');
  await page.setState(run.steps.at(-1)!.id, 'Done');
  await expect(app.getByTestId('run-not-rolled')).toContainText('its secret was not replaced in this vault');
  const after = await ok<{ expiresAt: string; history: { action: string }[] }>(bridge.call('keys.get', { id: key.id }));
  expect(after.expiresAt).toBe(inDays(10));
  expect(after.history.some((h) => h.action === 'rotated')).toBe(false);
});

test('export, import into a second vault, trust a signer, settle a conflict, refuse a tampered file', async ({
  app,
  bridge,
}) => {
  test.setTimeout(60_000);
  const teammate = await startBridge();
  try {
    await unlockedVault(bridge);
    await unlockedVault(teammate);
    const key = await addBillingKey(bridge);
    await app.goto(bridge.url);
    const shell = new ShellPage(app);
    const page = new ChecklistsPage(app);

    // Team folder in Settings: our name, fingerprint, and Sync now once a folder is set.
    await shell.go('Settings');
    const card = app.getByTestId('team-card');
    await expect(card.getByRole('button', { name: 'Sync now' })).toBeHidden();
    await expect(card.getByTestId('my-name')).toContainText('Not set yet');
    await expect(card.getByTestId('my-fingerprint')).toBeHidden();
    // Joining the team folder signs files with our name: asked first, then the folder dialog opens.
    bridge.dialogAnswers.push(join(bridge.dataDir, 'team'));
    const chooseFolder = card.getByRole('button', { name: 'Choose folder…' });
    await chooseFolder.focus();
    await app.keyboard.press('Enter');
    const ask = page.dialog('Your name as your team sees it');
    await expect(ask.getByLabel('Your name', { exact: true })).toBeFocused();
    await app.keyboard.type('Ana');
    await app.keyboard.press('Enter');
    await expect(ask).toBeHidden();
    await expect(card.getByText(join(bridge.dataDir, 'team'))).toBeVisible();
    await expect(card.getByTestId('my-name')).toHaveText('Ana');
    await expect(chooseFolder.or(card.getByRole('button', { name: 'Change…' }))).toBeFocused();
    const ana = await ok<{ name: string; fingerprint: string }>(bridge.call('team.status'));
    await expect(card.getByTestId('my-fingerprint')).toHaveText(ana.fingerprint);

    const run = await ok<{ id: string }>(bridge.call('checklists.start', { keyId: key.id }));
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect(app.getByText(/Wrote 2 files, imported 0 changes/).first()).toBeVisible();
    expect(existsSync(join(bridge.dataDir, 'team', 'checklists', `${run.id}.json`))).toBe(true);

    // Export through the (answered) save dialog: signed JSON and Markdown, no secret in either.
    await shell.go('Checklists');
    const exported = join(bridge.dataDir, 'from-ana.json');
    bridge.dialogAnswers.push(exported);
    await page.run.getByRole('button', { name: 'Export signed file…' }).click();
    await expect(app.getByText('Signed checklist exported')).toBeVisible();
    const text = readFileSync(exported, 'utf8') + readFileSync(exported.replace(/json$/, 'md'), 'utf8');
    expect(text).toContain('Billing export');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(key.hint);

    // The teammate's vault: an untrusted signer is refused until its fingerprint is confirmed.
    teammate.dialogAnswers.push(join(teammate.dataDir, 'team'));
    await ok(teammate.call('host.chooseTeamFolder', { name: 'Bruno' }));
    teammate.dialogAnswers.push(exported);
    const seen = await ok<{ status: string; token: string; signer: { fingerprint: string } }>(
      teammate.call('host.importChecklist'),
    );
    expect(seen.status).toBe('untrusted');
    expect(seen.signer.fingerprint).toBe(ana.fingerprint);
    const wrong = await teammate.call('host.trustChecklistSigner', {
      token: seen.token,
      fingerprint: '0000-0000-0000-0000-0000-0000-0000-0000',
    });
    expect(wrong.ok).toBe(false);
    expect((await ok<{ runs: unknown[] }>(teammate.call('checklists.list'))).runs).toHaveLength(0);
    const taken = await ok<{ isNew: boolean }>(
      teammate.call('host.trustChecklistSigner', { token: seen.token, fingerprint: ana.fingerprint }),
    );
    expect(taken.isNew).toBe(true);

    // Both change the same step without seeing each other; the teammate's later change wins.
    await page.skip('create-new', 'Ana: the old key is still needed');
    await new Promise((r) => setTimeout(r, 20));
    await ok(
      teammate.call('checklists.tick', { runId: run.id, stepId: 'create-new', state: 'done', note: 'Bruno made it' }),
    );
    await ok(teammate.call('checklists.tick', { runId: run.id, stepId: 'store-new', state: 'done' }));
    const fromBruno = join(teammate.dataDir, 'from-bruno.json');
    teammate.dialogAnswers.push(fromBruno);
    await ok(teammate.call('host.exportChecklist', { runId: run.id }));
    const bruno = await ok<{ fingerprint: string }>(teammate.call('team.status'));

    // Import into our vault: confirm Bruno's fingerprint (Cancel first: nothing imported).
    bridge.dialogAnswers.push(fromBruno);
    await app.getByRole('button', { name: 'Import…' }).click();
    let trust = page.dialog('Trust this teammate?');
    await expect(trust.getByTestId('signer-fingerprint')).toHaveText(bruno.fingerprint);
    await expect(trust).toContainText('signed by Bruno');
    await trust.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.step('store-new').getByRole('radio', { name: 'To do' })).toHaveAttribute('aria-checked', 'true');
    bridge.dialogAnswers.push(fromBruno);
    await app.getByRole('button', { name: 'Import…' }).click();
    trust = page.dialog('Trust this teammate?');
    await trust.getByRole('button', { name: 'The fingerprints match: trust Bruno' }).click();
    const merged = page.dialog('Merged “Rotate Billing export”');
    await expect(merged).toContainText(bruno.fingerprint);
    await expect(merged.locator('.change-list li')).toHaveCount(2);
    await expect(merged.locator('li.is-conflict')).toContainText('conflict');
    await merged.getByRole('button', { name: 'Open checklist' }).click();

    // Both versions are shown; keeping ours settles it (a new tick that saw both).
    await expect(page.list.getByText('1 conflict')).toBeVisible();
    const conflict = page.step('create-new').getByRole('group', { name: 'Conflict on step 1' });
    await expect(conflict).toContainText('Bruno made it');
    await expect(conflict).toContainText('Because: Ana: the old key is still needed');
    await conflict.locator('li', { hasText: 'Ana: the old key' }).getByRole('button', { name: 'Keep this' }).click();
    await expect(conflict).toBeHidden();
    await expect(page.step('create-new')).toContainText('Skipped because: Ana: the old key is still needed');
    await expect(page.step('store-new').getByRole('radio', { name: 'Done' })).toHaveAttribute('aria-checked', 'true');
    await expect(page.list.getByText('1 conflict')).toBeHidden();

    // A tampered file (one state changed after signing) is refused with a clear error.
    const tampered = join(bridge.dataDir, 'tampered.json');
    writeFileSync(tampered, readFileSync(fromBruno, 'utf8').replace('"state": "done"', '"state": "skipped"'));
    expect(readFileSync(tampered, 'utf8')).not.toBe(readFileSync(fromBruno, 'utf8'));
    bridge.dialogAnswers.push(tampered);
    await app.getByRole('button', { name: 'Import…' }).click();
    const refused = page.dialog('This file was not imported');
    await expect(refused.getByRole('alert')).toContainText('changed after it was signed');
    await expect(refused).toContainText('the signature does not match the content');
    await refused.getByRole('button', { name: 'OK' }).click();
    await expect(refused).toBeHidden();

    // Bruno is now trusted: Settings lists him.
    await shell.go('Settings');
    await expect(app.getByTestId('team-card').locator('.trusted-list')).toContainText('Bruno');
  } finally {
    await teammate.close();
  }
});

test('start a checklist from the command palette with another template', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  await addBillingKey(bridge);
  bridge.seed([
    { fields: { platform: 'knouds', name: 'Deploy bot' }, secret: { value: 'knouds_live_PickerOther000000000001' } },
  ]);
  await app.goto(bridge.url);
  await new InventoryPage(app).expectShown();
  await app.keyboard.press('Control+K');
  await app.getByLabel('Command or key').fill('rotation checklist');
  await app.keyboard.press('Enter');
  const page = new ChecklistsPage(app);
  const start = page.dialog('Start a rotation checklist');
  await expect(start.getByRole('button', { name: 'Start checklist' })).toBeDisabled();
  // The key picker searches: typing filters, the arrow keys and Enter choose.
  const picker = start.getByRole('combobox', { name: 'Key', exact: true });
  await picker.pressSequentially('billing');
  await expect(start.getByRole('listbox', { name: 'Matching keys' }).getByRole('option')).toHaveText([
    'Billing export · Kaana · acme',
  ]);
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  await expect(picker).toHaveValue('Billing export · Kaana · acme');
  await expect(start.getByLabel('Template', { exact: true })).toHaveValue('kaana');
  await start.getByLabel('Template', { exact: true }).selectOption('custom');
  await start.getByLabel('Due date (optional)').fill(inDays(3));
  await start.getByRole('button', { name: 'Start checklist' }).click();
  const ask = page.dialog('Your name as your team sees it');
  await expect(ask.getByLabel('Your name', { exact: true })).toBeFocused();
  await app.keyboard.type('Ana Lima');
  await app.keyboard.press('Enter');
  await expect(page.run.getByText('0/5 steps')).toBeVisible();
  await expect(page.run.locator('.run-facts .urgency-warning')).toContainText(shown(inDays(3)));
  // One open run per key: a second start is refused with the core's reason.
  await app.keyboard.press('Control+K');
  await app.getByLabel('Command or key').fill('Billing');
  await app.getByRole('option', { name: /Start a checklist for Billing export/ }).click();
  await page.dialog('Start a checklist for Billing export').getByRole('button', { name: 'Start checklist' }).click();
  await expect(page.dialog('Start a checklist for Billing export').getByRole('alert')).toContainText(
    'already has an open checklist',
  );
});

test("ticking a teammate's checklist asks for our name once; Esc ticks nothing", async ({ app, bridge }) => {
  test.setTimeout(60_000);
  const teammate = await startBridge();
  try {
    await unlockedVault(bridge);
    await unlockedVault(teammate);
    await addBillingKey(bridge);
    const theirs = await addBillingKey(teammate);
    await ok(teammate.call('team.setName', { name: 'Bruno' }));
    const run = await ok<{ id: string }>(teammate.call('checklists.start', { keyId: theirs.id }));
    const file = join(teammate.dataDir, 'from-bruno.json');
    teammate.dialogAnswers.push(file);
    await ok(teammate.call('host.exportChecklist', { runId: run.id }));

    // Importing and trusting a teammate records no author of ours: no name asked.
    await app.goto(bridge.url);
    await new ShellPage(app).go('Checklists');
    const page = new ChecklistsPage(app);
    bridge.dialogAnswers.push(file);
    await app.getByRole('button', { name: 'Import…' }).click();
    await page
      .dialog('Trust this teammate?')
      .getByRole('button', { name: 'The fingerprints match: trust Bruno' })
      .click();
    await page.dialog('Added “Rotate Billing export”').getByRole('button', { name: 'Open checklist' }).click();
    await expect(page.run.getByText('Bruno ·')).toBeVisible();

    // Ticking does record us: asked first. Esc: the step stays To do, no name is saved, focus is back on the radio.
    const done = page.step('create-new').getByRole('radio', { name: 'Done' });
    await done.focus();
    await app.keyboard.press('Space');
    const ask = page.dialog('Your name as your team sees it');
    await expect(ask.getByLabel('Your name', { exact: true })).toBeFocused();
    await app.keyboard.press('Escape');
    await expect(ask).toBeHidden();
    await expect(done).toBeFocused();
    await expect(page.step('create-new').getByRole('radio', { name: 'To do' })).toHaveAttribute('aria-checked', 'true');
    expect(await ok<{ name: string | null }>(bridge.call('team.status'))).toMatchObject({ name: null });
    const untouched = await ok<{ steps: { state: string }[] }>(bridge.call('checklists.get', { runId: run.id }));
    expect(untouched.steps[0]?.state).toBe('todo');

    // Again, typing the name: saved, then the tick goes on under it.
    await app.keyboard.press('Space');
    await expect(ask.getByLabel('Your name', { exact: true })).toBeFocused();
    await app.keyboard.type('Ana Lima');
    await app.keyboard.press('Enter');
    await expect(ask).toBeHidden();
    await expect(done).toHaveAttribute('aria-checked', 'true');
    await expect(page.step('create-new').locator('.step-meta')).toContainText('Ana Lima');
    // Settings shows the name and edits it.
    await new ShellPage(app).go('Settings');
    const card = app.getByTestId('team-card');
    await expect(card.getByTestId('my-name')).toHaveText('Ana Lima');
    const field = card.getByLabel('Your name on checklists');
    await field.focus();
    await app.keyboard.press('Control+A');
    await app.keyboard.type('Ana L.');
    await app.keyboard.press('Enter');
    await expect(card.getByTestId('my-name')).toHaveText('Ana L.');
    expect(await ok<{ name: string | null }>(bridge.call('team.status'))).toMatchObject({ name: 'Ana L.' });
  } finally {
    await teammate.close();
  }
});
