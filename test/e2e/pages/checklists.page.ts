// Page object: the Checklists screen (run list, run view and its steps) and its dialogs.
import { expect, type Locator, type Page } from '@playwright/test';

export class ChecklistsPage {
  readonly list: Locator;
  readonly run: Locator;
  constructor(readonly page: Page) {
    this.list = page.getByTestId('run-list');
    this.run = page.getByTestId('run-view');
  }

  step(id: string): Locator {
    return this.run.locator(`li.step[data-step="${id}"]`);
  }

  async setState(id: string, label: 'To do' | 'Doing' | 'Done'): Promise<void> {
    const step = this.step(id);
    await step.getByRole('radio', { name: label }).click();
    await expect(step.getByRole('radio', { name: label })).toHaveAttribute('aria-checked', 'true');
  }

  async skip(id: string, reason: string): Promise<void> {
    const step = this.step(id);
    await step.getByRole('radio', { name: 'Skip…' }).click();
    await step.getByLabel(/Why skip this step/).fill(reason);
    await step.getByRole('button', { name: 'Skip step' }).click();
    await expect(step.getByText(`Skipped because: ${reason}`)).toBeVisible();
  }

  async note(id: string, text: string): Promise<void> {
    const step = this.step(id);
    await step.getByRole('button', { name: /(Add a|Edit the) note/ }).click();
    await step.getByLabel(/^Note on step/).fill(text);
    await step.getByRole('button', { name: 'Save note' }).click();
    await expect(step.locator('.step-note')).toHaveText(text);
  }

  dialog(title: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name: title });
  }
}
