// C-5's limit, tested: two processes adding keys to the same vault at once (SQLite
// locking, IMMEDIATE transactions, busy timeout). Every acknowledged key is there,
// with its own secret, and the file passes integrity_check.
import { afterEach, describe, expect, it } from 'vitest';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { spawnChild } from '../../helpers/child.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('two writer processes', () => {
  it('both acknowledge every key they add, and every acknowledged key is stored intact', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, clock } = await newTestVault(t.dir);
    vault.lock();
    const PER_CHILD = 60;
    const children = ['left', 'right'].map((label) => ({
      label,
      child: spawnChild('key-writer.mjs', [path, TEST_PASSWORD, label, String(PER_CHILD)], { waitForGo: true }),
    }));
    await Promise.all(children.map((c) => c.child.ready));
    for (const c of children) c.child.proc.stdin?.end('go\n'); // both start writing together
    const results = await Promise.all(children.map((c) => c.child.done));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const acked = children.flatMap((c) => c.child.lines.map((id, i) => ({ id, label: c.label, i })));
    expect(acked).toHaveLength(2 * PER_CHILD);

    expect(withRawDb(path, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
    const again = await unlockVault(path, TEST_PASSWORD);
    const inventory = createInventory(again, clock);
    const { keys, damaged } = inventory.list();
    expect(damaged).toEqual([]);
    // The two writers really did overlap in time (otherwise this tests nothing).
    const span = (label: string) =>
      keys
        .filter((k) => k.name.startsWith(label))
        .map((k) => k.recordCreatedAt)
        .sort();
    const [left, right] = [span('left'), span('right')];
    expect((left[0] ?? '') < (right.at(-1) ?? '') && (right[0] ?? '') < (left.at(-1) ?? '')).toBe(true);
    expect(keys.map((k) => k.id).sort()).toEqual(acked.map((a) => a.id).sort());
    for (const a of acked) {
      expect(inventory.get(a.id).name).toBe(`${a.label} ${a.i}`);
      expect(inventory.reveal(a.id, 'revealed').value).toBe(`secret-${a.label}-${a.i}-0123456789`);
    }
    again.lock();
  });
});
