import { describe, expect, it } from 'vitest';
import type { PlatformLimits } from '../../../src-main/core/alerts/alert.types.js';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { computeAlerts } from '../../../src-main/core/alerts/compute-alerts.js';
import type { KeyRecord, KeyStatus, PlatformId, VerifyResult } from '../../../src-main/core/inventory/key.types.js';
import { byRule, makeKey } from './make-key.js';

const NOW = new Date('2028-02-28T12:00:00.000Z');
const run = (keys: KeyRecord[], extra: { duplicateGroups?: string[][]; platformLimits?: PlatformLimits } = {}) =>
  computeAlerts(keys, { settings: DEFAULT_ALERT_SETTINGS, now: NOW, timeZone: 'UTC', ...extra });

describe('no expiry on a platform that supports one', () => {
  it.each([
    { platform: 'kognitos', expiresAt: null, severity: 'warning' },
    { platform: 'kubiya', expiresAt: null, severity: 'info' },
    { platform: 'kaana', expiresAt: null, severity: null },
    { platform: 'kai', expiresAt: null, severity: null },
    { platform: 'kognitos', expiresAt: '2028-06-01', severity: null },
    { platform: 'kognitos', expiresAt: '2027-02-29', severity: 'warning' }, // not a real date
  ] as const)('$platform with expiry $expiresAt -> $severity', ({ platform, expiresAt, severity }) => {
    const alerts = byRule(run([makeKey({ platform, expiresAt })]), 'no-expiry');
    if (severity === null) return expect(alerts).toEqual([]);
    expect(alerts).toEqual([expect.objectContaining({ severity, action: 'set-expiry' })]);
  });
});

describe('revocation pending for more than a day', () => {
  const at = (msAgo: number) => new Date(NOW.getTime() - msAgo).toISOString();
  const DAY = 86_400_000;
  it.each([
    { since: DAY - 60_000, isAlert: false },
    { since: DAY, isAlert: false },
    { since: DAY + 1, isAlert: true },
    { since: 9 * DAY, isAlert: true },
  ])('pending for $since ms -> $isAlert', ({ since, isAlert }) => {
    const key = makeKey({
      status: 'revocation-pending',
      history: [{ at: at(since), action: 'status', detail: 'active -> revocation-pending' }],
    });
    const alerts = byRule(run([key]), 'revocation-pending');
    expect(alerts).toHaveLength(isAlert ? 1 : 0);
    if (isAlert) expect(alerts[0]).toMatchObject({ severity: 'warning', action: 'revoke' });
  });

  it('falls back to the record update time when history does not say', () => {
    expect(
      byRule(run([makeKey({ status: 'revocation-pending', recordUpdatedAt: at(2 * DAY) })]), 'revocation-pending'),
    ).toHaveLength(1);
    expect(
      byRule(run([makeKey({ status: 'revocation-pending', recordUpdatedAt: at(DAY / 2) })]), 'revocation-pending'),
    ).toHaveLength(0);
  });
});

describe('last verification failed', () => {
  it.each([
    { result: 'invalid', status: 'active', severity: 'critical', action: 'verify' },
    { result: 'revoked', status: 'active', severity: 'critical', action: 'verify' },
    { result: 'retired', status: 'active', severity: 'critical', action: 'rotate' },
    { result: 'forbidden', status: 'active', severity: 'warning', action: 'review' },
    { result: 'wrong-instance', status: 'active', severity: 'warning', action: 'verify' },
    { result: 'valid', status: 'active', severity: null, action: null },
    // Could not finish: housekeeping (verify again), never "refused".
    { result: 'unreachable', status: 'active', severity: 'info', action: 'verify' },
    { result: 'rate-limited', status: 'active', severity: 'info', action: 'verify' },
    { result: 'revoked', status: 'revocation-pending', severity: null, action: null }, // the expected outcome
  ] as const)('$result on a $status key -> $severity', ({ result, status, severity, action }) => {
    const key = makeKey({
      status: status as KeyStatus,
      lastVerification: { at: NOW.toISOString(), result: result as VerifyResult, message: '' },
    });
    const alerts = byRule(run([key]), 'verify-failed');
    if (severity === null) return expect(alerts).toEqual([]);
    expect(alerts).toEqual([
      expect.objectContaining({
        severity,
        action,
        id: `verify-failed:${key.id}:${NOW.toISOString().replace(/\D/g, '').slice(0, 14)}`,
      }),
    ]);
  });

  it('a new failed verification is a new alert: acknowledging one refusal does not hide the next', () => {
    const at = (iso: string) => makeKey({ id: 'k', lastVerification: { at: iso, result: 'invalid', message: '' } });
    const first = byRule(run([at('2028-02-20T10:00:00.000Z')]), 'verify-failed')[0]?.id;
    const again = byRule(run([at('2028-02-28T10:00:00.000Z')]), 'verify-failed')[0]?.id;
    expect(first).toBeDefined();
    expect(again).not.toBe(first);
  });
});

describe('near a platform key cap (Kognitos 10, Kaana 5 per account)', () => {
  const group = (platform: PlatformId, n: number, account = 'org-1') =>
    Array.from({ length: n }, (_, i) =>
      makeKey({ platform, account, expiresAt: '2029-01-01', lastUsedAt: `2028-02-${String(10 + i).padStart(2, '0')}` }),
    );
  it.each([
    { platform: 'kognitos', n: 8, severity: null, threshold: null },
    { platform: 'kognitos', n: 9, severity: 'info', threshold: 9 },
    { platform: 'kognitos', n: 10, severity: 'warning', threshold: 10 },
    { platform: 'kognitos', n: 11, severity: 'warning', threshold: 10 },
    { platform: 'kaana', n: 3, severity: null, threshold: null },
    { platform: 'kaana', n: 4, severity: 'info', threshold: 4 },
    { platform: 'kaana', n: 5, severity: 'warning', threshold: 5 },
    { platform: 'kubiya', n: 50, severity: null, threshold: null },
  ] as const)('$n $platform keys -> $severity', ({ platform, n, severity, threshold }) => {
    const keys = group(platform, n);
    const alerts = byRule(run(keys), 'near-key-cap');
    if (severity === null) return expect(alerts).toEqual([]);
    // One alert per account, on the least recently used key (the first one here).
    expect(alerts).toEqual([expect.objectContaining({ severity, threshold, keyId: keys[0]?.id, action: 'revoke' })]);
  });

  it('counts per account, skips revoked and expired keys, and prefers a never-used key', () => {
    const keys = [...group('kaana', 4, 'a'), ...group('kaana', 4, 'b')];
    keys.push(
      makeKey({ platform: 'kaana', account: 'a', status: 'revoked' }),
      makeKey({ platform: 'kaana', account: 'a', status: 'expired' }),
    );
    const never = makeKey({ platform: 'kaana', account: 'b', lastUsedAt: null });
    keys.push(never);
    const alerts = byRule(run(keys), 'near-key-cap');
    expect(alerts.map((a) => [a.keyId, a.severity])).toEqual([
      [keys[0]?.id, 'info'],
      [never.id, 'warning'],
    ]);
  });

  it('uses the given limits (an Enterprise plan has none)', () => {
    expect(byRule(run(group('kaana', 6), { platformLimits: {} }), 'near-key-cap')).toEqual([]);
    expect(byRule(run(group('kubiya', 3), { platformLimits: { kubiya: 3 } }), 'near-key-cap')).toHaveLength(1);
  });
});

describe('the same secret stored twice', () => {
  it('flags every record but the oldest in each group, ignoring unknown ids', () => {
    const first = makeKey({ name: 'original', recordCreatedAt: '2027-01-01T00:00:00.000Z' });
    const copy = makeKey({ recordCreatedAt: '2027-06-01T00:00:00.000Z' });
    const alone = makeKey();
    const alerts = run([copy, first, alone], {
      duplicateGroups: [
        [copy.id, first.id],
        [alone.id, 'deleted-key'],
      ],
    });
    expect(byRule(alerts, 'duplicate-secret')).toEqual([
      expect.objectContaining({
        id: `duplicate-secret:${copy.id}`,
        keyId: copy.id,
        severity: 'warning',
        action: 'review',
      }),
    ]);
    expect(byRule(alerts, 'duplicate-secret')[0]?.reason).toContain('original');
  });
});

describe('what an alert may carry', () => {
  it('never holds the hint, account, owner, purpose or notes', () => {
    const keys = [
      makeKey({
        platform: 'kognitos',
        expiresAt: null,
        lastUsedAt: null,
        createdAt: '2020-01-01',
        rotateEveryDays: 10,
      }),
      makeKey({
        expiresAt: '2028-02-01',
        deployedTo: ['SERVER-SENTINEL'],
        lastVerification: { at: NOW.toISOString(), result: 'invalid', message: 'm' },
      }),
      ...Array.from({ length: 5 }, () => makeKey({ platform: 'kaana' })),
    ];
    const text = JSON.stringify(run(keys, { duplicateGroups: [[keys[0]?.id ?? '', keys[1]?.id ?? '']] }));
    expect(text).not.toMatch(
      /HINT-SENTINEL|ACCOUNT-SENTINEL|OWNER-SENTINEL|PURPOSE-SENTINEL|NOTES-SENTINEL|SERVER-SENTINEL/,
    );
  });
});
