// Imported rows get the same new-key checks as Add key: a secret shorter than its platform's
// format is flagged on the row (a warning the user can confirm), and no message echoes the secret.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/app/session.js';
import { importText } from '../../../src-main/core/transfer/import/index.js';
import { newTestVault, tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let session: Session;
beforeEach(async () => {
  dir = tempDir();
  const t = await newTestVault(dir.dir);
  session = createSession(t.vault, { clock: t.clock, writeSchedule: false });
});
afterEach(() => {
  session.lock();
  dir.cleanup();
});

it('warns on an imported secret shorter than its platform format, without echoing it', () => {
  const secret = 'knouds_live_Zq8Wm3Rt';
  const view = session.imports.preview(importText(Buffer.from(`KNOUDS_API_KEY=${secret}\n`), 'keys.env'));
  const row = view.items[0];
  expect(row?.platform).toBe('knouds');
  expect(row?.warnings.join(' ')).toMatch(/shorter than a Knouds key/);
  expect(JSON.stringify(view)).not.toContain('Zq8Wm3Rt');
});

it('refuses a row Add key refuses (too short to be a key), naming the row, never the secret', () => {
  const view = session.imports.preview(importText(Buffer.from('KNOUDS_API_KEY=knouds_live_Q7\n'), 'keys.env'));
  expect(view.errors.map((e) => e.message).join(' ')).toMatch(/Too short/);
  expect(JSON.stringify(view)).not.toContain('knouds_live_Q7');
});

it('warns on a past expiry in the file, as Add key does', () => {
  const csv = 'name,platform,secret,expires\nOld,custom,sk_custom_0123456789abcdefghij,2020-01-01\n';
  const view = session.imports.preview(importText(Buffer.from(csv), 'keys.csv'));
  expect(view.items[0]?.warnings.join(' ')).toMatch(/already past/);
});
