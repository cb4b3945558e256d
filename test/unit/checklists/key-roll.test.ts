// Finishing a checklist run rolls its key's dates forward once, only when the key's
// secret was replaced during the run, and keeps any date someone already recorded.
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../../src-main/core/alerts/calendar-date.js';
import { NOT_REPLACED, rollFor } from '../../../src-main/core/checklists/key-roll.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';

const today = parseDay('2026-11-25') as number;
const run = { id: 'run-1', createdAt: '2026-11-20T09:00:00.000Z' };

function key(over: Partial<KeyRecord>): KeyRecord {
  return {
    id: 'k1',
    platform: 'kognitos',
    name: 'Billing bot',
    account: '',
    hint: 'kgn_pat_…1234',
    scopes: [],
    environment: '',
    owner: '',
    purpose: '',
    deployedTo: [],
    tags: [],
    notes: '',
    createdAt: '2026-09-01',
    expiresAt: '2026-11-30',
    lastUsedAt: null,
    status: 'active',
    rotateEveryDays: null,
    lastVerification: null,
    history: [
      { at: '2026-09-01T00:00:00.000Z', action: 'created' },
      { at: '2026-11-21T09:00:00.000Z', action: 'secret-changed', detail: 'secret' }, // during the run
    ],
    extra: {},
    recordCreatedAt: '2026-09-01T00:00:00.000Z',
    recordUpdatedAt: '2026-09-01T00:00:00.000Z',
    ...over,
  };
}

describe('rolling a key forward when its checklist finishes', () => {
  it('moves the expiry by the old key lifetime from today', () => {
    const roll = rollFor(key({}), null, today, run);
    expect(roll.patch).toEqual({ createdAt: '2026-11-25', expiresAt: '2027-02-23' }); // 90 days
    expect(roll.detail).toContain('2026-11-30 -> 2027-02-23');
  });

  it('falls back to the rotation policy when the lifetime is unknown', () => {
    const roll = rollFor(key({ createdAt: null }), 30, today, run);
    expect(roll.patch.expiresAt).toBe('2026-12-25');
    expect(roll.detail).toContain('next rotation 2026-12-25');
  });

  it('leaves the expiry and asks for it when nothing tells the new lifetime', () => {
    const roll = rollFor(key({ createdAt: null }), null, today, run);
    expect(roll.patch).toEqual({ createdAt: '2026-11-25' });
    expect(roll.detail).toContain("record the new key's expiry");
  });

  it('keeps dates recorded during the run (new key stored with its expiry) instead of rolling them again', () => {
    const stored = key({
      createdAt: '2026-11-24',
      expiresAt: '2027-05-24',
      history: [
        { at: '2026-09-01T00:00:00.000Z', action: 'created' },
        { at: '2026-11-24T10:00:00.000Z', action: 'secret-changed', detail: 'createdAt, expiresAt, secret' },
      ],
    });
    const roll = rollFor(stored, null, today, run);
    expect(roll.patch).toEqual({});
    expect(roll.detail).toContain('2027-05-24 as recorded during the run');
  });

  it('ignores edits made before the run started', () => {
    const older = key({
      history: [
        { at: '2026-10-01T00:00:00.000Z', action: 'edited', detail: 'expiresAt' },
        { at: '2026-11-21T09:00:00.000Z', action: 'secret-changed', detail: 'secret' },
      ],
    });
    expect(rollFor(older, null, today, run).patch.expiresAt).toBe('2027-02-23');
  });

  it('changes nothing, and says why, when the secret was not replaced during the run', () => {
    const never = key({ history: [{ at: '2026-09-01T00:00:00.000Z', action: 'created' }] });
    const roll = rollFor(never, 30, today, run);
    expect(roll).toEqual({ rolled: false, patch: {}, detail: `checklist run-1 finished; ${NOT_REPLACED}` });
    expect(roll.detail).toContain('keyward edit KEY --replace-secret');
    // Only dates typed during the run (no new secret): still nothing rolled.
    const datesOnly = key({
      history: [{ at: '2026-11-21T09:00:00.000Z', action: 'edited', detail: 'expiresAt' }],
    });
    expect(rollFor(datesOnly, null, today, run).rolled).toBe(false);
    // A secret replaced before the run started does not count.
    const before = key({
      history: [{ at: '2026-11-19T09:00:00.000Z', action: 'secret-changed', detail: 'secret' }],
    });
    expect(rollFor(before, null, today, run)).toMatchObject({ rolled: false, patch: {} });
  });

  it('rolls after the rotation wizard stored the new secret during the run (history "rotated")', () => {
    const wizard = key({ history: [{ at: run.createdAt, action: 'rotated', detail: 'rotation r-1 completed' }] });
    expect(rollFor(wizard, null, today, run)).toMatchObject({ rolled: true, patch: { expiresAt: '2027-02-23' } });
  });
});
