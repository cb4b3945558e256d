// found-in-plaintext: a key keyward scan found in a file or commit is an act-now (critical) alert
// naming the place, never a value; a revoked key's old copies raise nothing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { alertExitCode, computeAlerts } from '../../../src-main/core/alerts/compute-alerts.js';
import { byRule, makeKey } from './make-key.js';

const NOW = new Date('2028-02-28T12:00:00.000Z');

describe('found in plaintext', () => {
  it('is critical with a rotate action and names the first place and how many more', () => {
    const key = makeKey({});
    const alerts = computeAlerts([key], {
      settings: DEFAULT_ALERT_SETTINGS,
      now: NOW,
      timeZone: 'UTC',
      plaintext: new Map([[key.id, { count: 3, first: '/repo/.env:2' }]]),
    });
    const hit = byRule(alerts, 'found-in-plaintext');
    expect(hit).toEqual([expect.objectContaining({ severity: 'critical', action: 'rotate', keyId: key.id })]);
    expect(hit[0]?.reason).toContain('/repo/.env:2 and 2 more places');
    expect(alertExitCode(hit)).toBe(1);
  });
  it('stays silent for a revoked key and for keys without findings', () => {
    const revoked = makeKey({ status: 'revoked' });
    const other = makeKey({});
    const alerts = computeAlerts([revoked, other], {
      settings: DEFAULT_ALERT_SETTINGS,
      now: NOW,
      timeZone: 'UTC',
      plaintext: new Map([[revoked.id, { count: 1, first: '/a:1' }]]),
    });
    expect(byRule(alerts, 'found-in-plaintext')).toEqual([]);
  });
});
