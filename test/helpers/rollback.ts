// A CLI vault whose key "Deploy" had its revoked, pre-rotation blobs put back (a single-row rollback).
import { expect } from 'vitest';
import { addCliKey, initCliVault, runCli } from './cli.js';
import { withRawDb } from './raw-db.js';

export const OLD = 'knouds_live_OLD_leaked_rollback_0001';
const NEW = 'knouds_live_NEW_secret_rollback_0002';

/** A vault whose key "Deploy" had its revoked, pre-rotation blobs put back (revision left as is). */
export async function rolledBackVault(vault: string): Promise<string> {
  await initCliVault(vault);
  const id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy'], OLD);
  await addCliKey(vault, ['--platform', 'knouds', '--name', 'Other'], 'knouds_live_other_rollback_0003');
  const old = withRawDb(vault, (db) => db.prepare('SELECT meta, secret FROM keys WHERE id = ?').get(id)) as {
    meta: Buffer;
    secret: Buffer;
  };
  expect((await runCli(['edit', id, '--replace-secret'], { vault, input: `${NEW}\n` })).code).toBe(0);
  expect((await runCli(['edit', id, '--status', 'revoked'], { vault })).code).toBe(0);
  withRawDb(vault, (db) =>
    db.prepare('UPDATE keys SET meta = ?, secret = ? WHERE id = ?').run(old.meta, old.secret, id),
  );
  return id;
}
