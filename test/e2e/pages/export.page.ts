// Page object: the Export inventory and Back up vault dialogs (the host shows the save dialog).
import { expect, type Locator, type Page } from '@playwright/test';

export class ExportPage {
  readonly exportDialog: Locator;
  readonly backupDialog: Locator;
  constructor(readonly page: Page) {
    this.exportDialog = page.getByRole('dialog', { name: 'Export inventory' });
    this.backupDialog = page.getByRole('dialog', { name: 'Back up vault' });
  }

  async openFromToolbar(): Promise<void> {
    await this.page.getByRole('button', { name: 'Export…', exact: true }).click();
    await expect(this.exportDialog).toBeVisible();
  }

  async openFromPalette(words: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
    await this.page.keyboard.press('Control+k');
    await this.page.getByLabel('Command or key').fill(words);
    await this.page.keyboard.press('Enter');
  }

  password(dialog: Locator): Locator {
    return dialog.getByLabel('Master password, typed again');
  }

  /** Chooses a format, types the password and submits; the host then shows its save dialog. */
  async export(format: 'HTML report' | 'Keyward JSON' | 'CSV' | 'Markdown', password: string): Promise<void> {
    await this.exportDialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
    await this.password(this.exportDialog).fill(password);
    await this.exportDialog.page().getByRole('button', { name: 'Choose file and export…' }).click();
  }

  async backup(password: string): Promise<void> {
    await this.password(this.backupDialog).fill(password);
    await this.page.getByRole('button', { name: 'Choose file and back up…' }).click();
  }

  saved(dialog: Locator): Locator {
    return dialog.getByTestId('transfer-saved');
  }
}
