// A command asks for every key's attention (its output) and then for the schedule's standing reasons
// from the same alerts, so the alerts of every key are computed once and kept for the moment. What is
// kept must never answer for a changed vault, setting, time zone or day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { setTimeZone } from '../../../src-main/core/alerts/calendar-date.js';
import type { Session } from '../../../src-main/core/app/session.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { newSessionVault } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

const clock = fixedClock('2027-03-01T12:00:00.000Z');
let dir: { dir: string; cleanup: () => void };
let session: Session;
let keyId: string;
const zone = process.env.TZ;

beforeEach(async () => {
  dir = tempDir('keyward-alerts-reuse-');
  clock.set('2027-03-01T12:00:00.000Z');
  ({ session } = await newSessionVault(dir.dir, { clock }));
  keyId = session.inventory.add(
    { platform: 'knouds', name: 'Billing', expiresAt: '2027-03-20' },
    { value: 'knouds_live_Reuse1Reuse2Reuse3Reuse4' },
  ).id;
});
afterEach(() => {
  setTimeZone(zone);
  session.vault.lock();
  dir.cleanup();
});

const expiring = () =>
  session.alerts
    .list({ includeHidden: true })
    .filter((a) => a.rule === 'expiring')
    .map((a) => a.id);

describe('the alerts kept for a moment', () => {
  it('are computed once for the attention and the schedule of the same moment', () => {
    // The same Alert objects back both answers: computed anew, they would be equal but not the same.
    const first = session.alerts.attention({ includeHidden: true }).alerts;
    const second = session.alerts.attention({ includeHidden: true }).alerts;
    expect(first.length).toBeGreaterThan(0);
    expect(second[0]).toBe(first[0]);
  });

  it('are computed again when a key changes', () => {
    expect(expiring()).toEqual([`expiring:${keyId}:30`]);
    session.inventory.edit(keyId, { expiresAt: '2027-03-05' });
    expect(expiring()).toEqual([`expiring:${keyId}:7`]);
  });

  it('are computed again when a threshold setting changes', () => {
    expect(expiring()).toEqual([`expiring:${keyId}:30`]);
    session.alerts.saveSettings({ ...DEFAULT_ALERT_SETTINGS, expiryThresholdsDays: [20] });
    expect(expiring()).toEqual([`expiring:${keyId}:20`]);
  });

  it('are computed again when the clock moves on by more than a moment', () => {
    expect(expiring()).toEqual([`expiring:${keyId}:30`]);
    clock.set('2027-03-15T12:00:00.000Z');
    expect(expiring()).toEqual([`expiring:${keyId}:7`]);
  });

  it('are computed again across midnight, even a moment later', () => {
    session.inventory.edit(keyId, { expiresAt: '2027-03-08' });
    clock.set('2027-03-01T23:59:59.500Z');
    expect(expiring()).toEqual([`expiring:${keyId}:7`]);
    clock.set('2027-03-02T00:00:00.500Z');
    const reason = session.alerts.list({ includeHidden: true }).find((a) => a.rule === 'expiring')?.reason;
    expect(reason).toMatch(/in 6 days/);
  });

  it('are computed again in another time zone, a moment later', () => {
    setTimeZone('UTC');
    session.inventory.edit(keyId, { expiresAt: '2027-03-02' });
    clock.set('2027-03-01T12:00:00.000Z');
    expect(session.alerts.list({ includeHidden: true }).find((a) => a.rule === 'expiring')?.reason).toMatch(/tomorrow/);
    setTimeZone('Pacific/Kiritimati'); // UTC+14: already 2 March there
    expect(session.alerts.list({ includeHidden: true }).find((a) => a.rule === 'expiring')?.reason).toMatch(/today/);
  });
});
