// What the plaintext columns of a vault tell whoever holds the file without the
// password (docs/VAULT-FORMAT.md, "What is readable without the password"): a reveal
// changes none of them (it would date every look at a secret), and a removed key's id
// leaves the checklist runs that were linked to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

async function cliVault() {
  const t = tempDir();
  cleanup = t.cleanup;
  const vault = join(t.dir, 'vault.db');
  await initCliVault(vault);
  const id = await addCliKey(vault, ['--platform', 'custom', '--name', 'Bot'], 'custom-secret-0123456789abcdef');
  return { dir: t.dir, vault, id };
}

/** Every plaintext column of every row, the sealed blobs left out. */
function plaintext(vault: string) {
  return withRawDb(vault, (db) => ({
    keys: db.prepare('SELECT id, created_at, updated_at, revision FROM keys ORDER BY id').all(),
    settings: db.prepare('SELECT name, updated_at FROM settings ORDER BY name').all(),
    manifest: db.prepare('SELECT updated_at FROM manifest').all(),
    runs: db.prepare('SELECT id, key_id, created_at, updated_at, revision FROM checklist_runs ORDER BY id').all(),
  }));
}

describe('a reveal', () => {
  it('changes no plaintext column (no revision, no time), and is still in the key history', async () => {
    const v = await cliVault();
    const before = plaintext(v.vault);
    await new Promise((r) => setTimeout(r, 20)); // a later millisecond, so a written time would differ
    for (const args of [
      ['show', v.id, '--reveal'],
      ['show', 'Bot', '--reveal', '--json'],
    ]) {
      const r = await runCli(args, { vault: v.vault });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('custom-secret-0123456789abcdef');
    }
    expect(plaintext(v.vault)).toEqual(before);
    const shown = await runCli(['show', v.id, '--json'], { vault: v.vault });
    const history = (JSON.parse(shown.stdout) as { history: { action: string }[] }).history;
    expect(history.filter((h) => h.action === 'revealed')).toHaveLength(2);
    // A real edit still dates itself.
    expect((await runCli(['edit', v.id, '--notes', 'rotated by hand'], { vault: v.vault })).code).toBe(0);
    expect(plaintext(v.vault).keys).not.toEqual(before.keys);
  });
});

describe('rm', () => {
  it("blanks the removed key's id in the checklist runs linked to it, and the id is gone from the file", async () => {
    const v = await cliVault();
    expect((await runCli(['team', 'name', 'Ana'], { vault: v.vault })).code).toBe(0);
    const start = await runCli(['checklist', 'start', v.id, '--json'], { vault: v.vault });
    expect(start.code, start.stderr).toBe(0);
    const runId = (JSON.parse(start.stdout) as { id: string }).id;
    expect(plaintext(v.vault).runs).toMatchObject([{ id: runId, key_id: v.id }]);
    const rm = await runCli(['rm', v.id, '--yes'], { vault: v.vault });
    expect(rm.code, rm.stderr).toBe(0);
    expect(plaintext(v.vault).runs).toMatchObject([{ id: runId, key_id: null }]);
    const bytes = Buffer.concat(
      ['', '-wal'].flatMap((s) => {
        try {
          return [readFileSync(v.vault + s)];
        } catch {
          return [];
        }
      }),
    );
    expect(bytes.includes(Buffer.from(v.id))).toBe(false);
    // The run stays, unlinked; a later change to it does not write the id back.
    const tick = await runCli(['checklist', 'tick', runId, '1'], { vault: v.vault });
    expect(tick.code, tick.stderr).toBe(0);
    expect(plaintext(v.vault).runs).toMatchObject([{ id: runId, key_id: null }]);
  });
});
