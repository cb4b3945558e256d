// Page object: the import dialog (pick a file through the host, preview, import).
import { expect, type Locator, type Page } from '@playwright/test';

export class ImportPage {
  readonly dialog: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('import-dialog');
  }

  async openFromToolbar(): Promise<void> {
    await this.page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(this.dialog).toBeVisible();
  }

  async chooseFile(): Promise<void> {
    await this.dialog.getByRole('button', { name: /Choose (a|another) file/ }).click();
  }

  rows(): Locator {
    return this.dialog.getByTestId('import-row');
  }

  row(name: string): Locator {
    return this.rows().filter({ has: this.page.getByRole('checkbox', { name: `Import ${name}`, exact: true }) });
  }

  importButton(): Locator {
    return this.page.getByRole('button', { name: /^Import [\d,]+ keys?$/ });
  }
}
