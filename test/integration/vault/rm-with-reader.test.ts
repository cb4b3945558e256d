// keyward rm while another process holds a read snapshot: the checkpoint that takes the
// deleted key's pages out of the WAL cannot finish until the reader is gone. rm retries for
// a bounded time, says plainly that the scrub is pending, records it, and the next open
// finishes it: then neither vault.db nor its WAL holds the key's id or its sealed secret.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { withRawDb, type RawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';
// eslint-disable-next-line no-restricted-imports -- the other process's reader, outside the core
import Database from 'better-sqlite3';

let dir: ReturnType<typeof tempDir>;
beforeAll(() => (dir = tempDir('keyward-rm-reader-')));
afterAll(() => dir.cleanup());

const files = (vault: string) => [vault, `${vault}-wal`].filter(existsSync).map((f) => readFileSync(f));
const holds = (vault: string, needle: Buffer) => files(vault).some((b) => b.includes(needle));

describe('keyward rm with a reader holding a snapshot', () => {
  it('says the scrub is pending, and the next open finishes it', { timeout: 180_000 }, async () => {
    const vault = join(dir.dir, 'vault.db');
    await initCliVault(vault);
    const id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Gone'], 'knouds_live_rm_reader_0001');
    await addCliKey(vault, ['--platform', 'knouds', '--name', 'Kept'], 'knouds_live_rm_reader_0002');
    const sealed = withRawDb(vault, (db) =>
      db.prepare('SELECT secret FROM keys WHERE id = ?').pluck().get(id),
    ) as Buffer;
    const nonce = sealed.subarray(1, 25);

    let reader: RawDb | null = new Database(vault, { readonly: true });
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT count(*) FROM keys').pluck().get()).toBe(2); // the snapshot is now held
    const started = Date.now();
    const r = await runCli(['rm', id, '--yes'], { vault });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stderr).toMatch(/^warning: The scrub is pending/m);
    expect(withRawDb(vault, (db) => db.prepare('SELECT count(*) FROM pending_scrub').pluck().get())).toBe(1);

    // Still held: the next open says so again and keeps the record.
    const list = await runCli(['list'], { vault });
    expect(list.stderr).toMatch(/scrub is still pending/);
    reader.exec('COMMIT');
    reader.close();
    reader = null;

    const next = await runCli(['list'], { vault });
    expect(next.code).toBe(0);
    expect(next.stderr).not.toMatch(/pending/);
    expect(next.stdout).toContain('Kept');
    expect(withRawDb(vault, (db) => db.prepare('SELECT count(*) FROM pending_scrub').pluck().get())).toBe(0);
    expect(holds(vault, Buffer.from(id))).toBe(false);
    expect(holds(vault, nonce)).toBe(false);
  });

  it('without a reader, rm scrubs at once and records nothing', { timeout: 120_000 }, async () => {
    const vault = join(dir.dir, 'alone.db');
    await initCliVault(vault);
    const id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Gone'], 'knouds_live_rm_alone_0001');
    const r = await runCli(['rm', id, '--yes'], { vault });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/pending/);
    expect(holds(vault, Buffer.from(id))).toBe(false);
  });
});
