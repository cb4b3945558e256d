// An edit changes only the fields it names: defaults must never fill the others.
import { afterEach, describe, expect, it } from 'vitest';
import { KeyPatchSchema } from '../../../src-main/core/inventory/key.schemas.js';
import { newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('key edits', () => {
  it('parses a patch without adding fields', () => {
    expect(KeyPatchSchema.parse({ name: 'x' })).toEqual({ name: 'x' });
  });

  it('keeps every field the edit does not name', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { vault, inventory } = await newTestVault(t.dir);
    const before = inventory.add(sampleKey({ rotateEveryDays: 90, createdAt: '2026-01-02' }), {
      value: 'knouds_live_patchpatchpatch0001',
    });
    const after = inventory.edit(before.id, { notes: 'changed' });
    const { notes: _n, history: _h, recordUpdatedAt: _u, ...rest } = after;
    const { notes: _n2, history: _h2, recordUpdatedAt: _u2, ...restBefore } = before;
    expect(after.notes).toBe('changed');
    expect(rest).toEqual(restBefore);
    expect(after.history.at(-1)).toMatchObject({ action: 'edited', detail: 'notes' });
    vault.lock();
  });
});
