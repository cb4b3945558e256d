// The lost-commit detector (vault.db.commits beside the vault) must not mistake a write that
// never committed, or one another process is committing, for a lost one. A write nested in
// another (a rotation storing its new key adds a record inside its own transaction) used to
// record its count beside the vault before the outer transaction had committed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { newSessionVault } from '../../helpers/session-vault.js';
import { sampleKey, tempDir, TEST_PASSWORD } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
const clock = fixedClock('2026-11-25T09:00:00.000Z');
beforeEach(() => {
  dir = tempDir('keyward-commit-nested-');
});
afterEach(() => dir.cleanup());

describe('commit counter and nested writes', () => {
  it('a write rolled back after a nested write leaves no "behind its commit counter" warning', async () => {
    const { path, session } = await newSessionVault(dir.dir, { clock });
    session.inventory.add(sampleKey({ name: 'Before' }), { value: 'before-secret-value-1' });
    expect(() =>
      session.vault.write(() => {
        session.inventory.add(sampleKey({ name: 'Rolled back' }), { value: 'rolled-back-secret-2' });
        throw new Error('the outer write fails after the nested one');
      }),
    ).toThrow(/outer write fails/);
    session.lock();
    const again = await unlockVault(path, TEST_PASSWORD);
    try {
      expect(again.commitWarning).toBeNull();
    } finally {
      again.lock();
    }
  });
});
