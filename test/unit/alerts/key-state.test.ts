import { describe, expect, it } from 'vitest';
import { KeyAttentionSchema } from '../../../src-main/contract/attention.js';
import type { Alert, AlertState, ComputeAlertsInput } from '../../../src-main/core/alerts/alert.types.js';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { computeAlerts } from '../../../src-main/core/alerts/compute-alerts.js';
import type { KeyAttention } from '../../../src-main/core/alerts/key-state.js';
import {
  attentionByKey,
  attentionOf,
  countAttention,
  neverVerifiedId,
  statusTruth,
} from '../../../src-main/core/alerts/key-state.js';
import type { KeyRecord, VerifyResult } from '../../../src-main/core/inventory/key.types.js';
import { makeKey, shift } from './make-key.js';

const TODAY = '2028-03-01';
const NOW = new Date(`${TODAY}T12:00:00.000Z`);
const ZONE = 'UTC';
// Verified long ago: a valid verification counts as a use, so "unused" cases stay unused.
const verified = (result: VerifyResult = 'valid') => ({ at: '2027-06-01T10:00:00.000Z', result, message: 'ok' });
/** A fine key: active, used two days ago, verified, no expiry, no policy. */
const key = (over: Partial<KeyRecord> = {}): KeyRecord => makeKey({ lastVerification: verified(), ...over });

const input = (over: Partial<ComputeAlertsInput> = {}): ComputeAlertsInput => ({
  settings: DEFAULT_ALERT_SETTINGS,
  now: NOW,
  timeZone: ZONE,
  ...over,
});
/** The real rules' output for the key, then its attention. */
function attention(k: KeyRecord, over: Partial<ComputeAlertsInput> = {}, alertState?: AlertState): KeyAttention {
  const alerts = computeAlerts([k], input(over));
  const a = attentionOf(alerts, k, NOW, { timeZone: ZONE, ...(alertState ? { alertState } : {}) });
  expect(KeyAttentionSchema.parse(a)).toEqual(a);
  return a;
}
const kinds = (a: KeyAttention) => a.reasons.map((r) => r.kind);

describe('attentionOf: one state per key from the rules', () => {
  const cases: {
    name: string;
    key: () => KeyRecord;
    state: KeyAttention['state'];
    first: string | null;
    action: KeyAttention['action'];
    truth: ReturnType<typeof statusTruth>;
  }[] = [
    {
      name: 'expired but still active',
      key: () => key({ expiresAt: shift(TODAY, -12) }),
      state: 'act-now',
      first: 'expired-active',
      action: 'rotate',
      truth: 'expired',
    },
    {
      name: 'expired and still deployed',
      key: () => key({ status: 'expired', expiresAt: shift(TODAY, -3), deployedTo: ['ci'] }),
      state: 'act-now',
      first: 'expired-deployed',
      action: 'rotate',
      truth: 'expired',
    },
    {
      name: 'refused by its platform (401)',
      key: () => key({ lastVerification: verified('invalid') }),
      state: 'act-now',
      first: 'verify-failed',
      action: 'verify',
      truth: 'refused',
    },
    {
      name: 'retired by its platform',
      key: () => key({ lastVerification: verified('retired') }),
      state: 'act-now',
      first: 'verify-failed',
      action: 'rotate',
      truth: 'refused',
    },
    {
      name: 'revocation stuck for days',
      key: () =>
        key({ status: 'revocation-pending', recordUpdatedAt: '2028-02-20T00:00:00.000Z', lastVerification: null }),
      state: 'act-now',
      first: 'revocation-pending',
      action: 'revoke',
      truth: 'revoking',
    },
    {
      name: 'leaked (found in plain text)',
      key: () => key({ extra: { 'security.leakedAt': '2028-02-29 in a CI log' } }),
      state: 'act-now',
      first: 'leaked',
      action: 'rotate',
      truth: 'leaked',
    },
    {
      name: 'expires in 7 days (the first threshold)',
      key: () => key({ expiresAt: shift(TODAY, 7) }),
      state: 'due-soon',
      first: 'expiring',
      action: 'rotate',
      truth: 'active',
    },
    {
      name: 'expires today',
      key: () => key({ expiresAt: TODAY }),
      state: 'due-soon',
      first: 'expiring',
      action: 'rotate',
      truth: 'active',
    },
    {
      name: 'forbidden (403): works but lacks a permission',
      key: () => key({ lastVerification: verified('forbidden') }),
      state: 'due-soon',
      first: 'verify-failed',
      action: 'verify',
      truth: 'active',
    },
    {
      name: 'rotation came due 3 days ago',
      key: () => key({ createdAt: shift(TODAY, -33), rotateEveryDays: 30 }),
      state: 'due-soon',
      first: 'rotation-due',
      action: 'rotate',
      truth: 'active',
    },
    {
      name: 'rotation overdue by policy for months but not expiring',
      key: () => key({ createdAt: shift(TODAY, -200), rotateEveryDays: 90 }),
      state: 'housekeeping',
      first: 'rotation-due',
      action: 'rotate',
      truth: 'active',
    },
    {
      name: 'expires in 20 days (beyond the due-soon window)',
      key: () => key({ expiresAt: shift(TODAY, 20) }),
      state: 'housekeeping',
      first: 'expiring',
      action: 'rotate',
      truth: 'active',
    },
    {
      name: 'unused for 120 days',
      key: () => key({ lastUsedAt: shift(TODAY, -120) }),
      state: 'housekeeping',
      first: 'unused',
      action: 'revoke',
      truth: 'active',
    },
    {
      name: 'no expiry recorded on a platform that sets one',
      key: () => key({ platform: 'kognitos', account: 'acct-no-expiry' }),
      state: 'housekeeping',
      first: 'no-expiry',
      action: 'record-expiry',
      truth: 'active',
    },
    {
      name: 'never verified',
      key: () => key({ lastVerification: null }),
      state: 'housekeeping',
      first: 'never-verified',
      action: 'verify',
      truth: 'active',
    },
    {
      name: 'fine: verified, used, far from expiry',
      key: () => key({ expiresAt: shift(TODAY, 200) }),
      state: 'fine',
      first: null,
      action: 'none',
      truth: 'active',
    },
    {
      name: 'revoked key with an old expiry and deployments is fine',
      key: () => key({ status: 'revoked', expiresAt: shift(TODAY, -40), deployedTo: ['ci'], lastVerification: null }),
      state: 'fine',
      first: null,
      action: 'none',
      truth: 'revoked',
    },
  ];

  it.each(cases)('$name -> $state ($first, $action)', ({ key: make, state, first, action, truth }) => {
    const k = make();
    const a = attention(k);
    expect(a.state).toBe(state);
    expect(a.reasons[0]?.kind ?? null).toBe(first);
    expect(a.reasons[0]?.state ?? 'fine').toBe(state);
    expect(a.action).toBe(action);
    expect(statusTruth(k, a, NOW, ZONE)).toBe(truth);
  });

  it('orders several reasons most urgent first, the action from the first', () => {
    const k = key({
      expiresAt: shift(TODAY, -2),
      deployedTo: ['prod-api'],
      lastUsedAt: shift(TODAY, -150),
      createdAt: shift(TODAY, -400),
      rotateEveryDays: 90,
      lastVerification: null,
    });
    const a = attention(k);
    expect(kinds(a)).toEqual(['expired-active', 'expired-deployed', 'rotation-due', 'unused', 'never-verified']);
    expect(a.reasons.map((r) => r.state)).toEqual([
      'act-now',
      'act-now',
      'housekeeping',
      'housekeeping',
      'housekeeping',
    ]);
    expect(a.state).toBe('act-now');
    expect(a.action).toBe('rotate');
    for (const r of a.reasons) expect(r.alertId).toMatch(new RegExp(`^${r.kind}:${k.id}`));
  });

  it('a refusal outranks an expiry due soon, which outranks housekeeping', () => {
    const k = key({
      expiresAt: shift(TODAY, 3),
      lastVerification: verified('revoked'),
      lastUsedAt: shift(TODAY, -100),
    });
    const a = attention(k);
    expect(kinds(a)).toEqual(['verify-failed', 'expiring', 'unused']);
    expect(a.reasons.map((r) => r.state)).toEqual(['act-now', 'due-soon', 'housekeeping']);
    expect(a.action).toBe('verify');
  });

  it('snoozed and acknowledged alerts do not count; the next reason decides', () => {
    const k = key({ expiresAt: shift(TODAY, -5), lastUsedAt: shift(TODAY, -100) });
    const alerts = computeAlerts([k], input());
    const expired = alerts.find((a) => a.rule === 'expired-active');
    const unused = alerts.find((a) => a.rule === 'unused');
    expect(expired && unused).toBeTruthy();
    const snoozed = attention(k, {}, { snoozes: { [expired!.id]: shift(TODAY, 7) }, acks: [] });
    expect(snoozed.state).toBe('housekeeping');
    expect(kinds(snoozed)).toEqual(['unused']);
    // The truth is not snoozed: the badge still says expired.
    expect(statusTruth(k, snoozed, NOW, ZONE)).toBe('expired');
    const both = attention(k, {}, { snoozes: { [expired!.id]: shift(TODAY, 7) }, acks: [unused!.id] });
    expect(both).toEqual({ state: 'fine', reasons: [], action: 'none' });
    // A snooze that has run out counts again.
    const over = attention(k, {}, { snoozes: { [expired!.id]: TODAY }, acks: [] });
    expect(over.state).toBe('act-now');
  });

  it('a never-verified key can be snoozed by its reason id', () => {
    const k = key({ lastVerification: null });
    const a = attention(k, {}, { snoozes: {}, acks: [neverVerifiedId(k.id)] });
    expect(a.state).toBe('fine');
  });

  it('ignores alerts of other keys', () => {
    const k = key();
    const other = key({ expiresAt: shift(TODAY, -1) });
    const alerts = computeAlerts([k, other], input());
    expect(alerts.some((a) => a.keyId === other.id)).toBe(true);
    expect(attentionOf(alerts, k, NOW, { timeZone: ZONE }).state).toBe('fine');
  });

  it('the due-soon window follows the option', () => {
    const k = key({ expiresAt: shift(TODAY, 20) });
    const alerts = computeAlerts([k], input());
    expect(attentionOf(alerts, k, NOW, { timeZone: ZONE, dueSoonDays: 30 }).state).toBe('due-soon');
    expect(attentionOf(alerts, k, NOW, { timeZone: ZONE, dueSoonDays: 14 }).state).toBe('housekeeping');
  });

  it('a full platform account makes its least used key due soon, a nearly full one housekeeping', () => {
    const full = Array.from({ length: 5 }, (_, i) =>
      key({
        platform: 'kaana',
        account: 'a',
        lastUsedAt: shift(TODAY, -i),
        recordCreatedAt: `2027-01-0${i + 1}T00:00:00.000Z`,
      }),
    );
    const alerts = computeAlerts(full, input());
    const byKey = attentionByKey(full, alerts, NOW, { timeZone: ZONE });
    expect(countAttention(byKey.values())).toMatchObject({ dueSoon: 1, fine: 4 });
    const near = full.slice(0, 4);
    const nearBy = attentionByKey(near, computeAlerts(near, input()), NOW, { timeZone: ZONE });
    expect(countAttention(nearBy.values())).toMatchObject({ housekeeping: 1, fine: 3 });
  });

  it('a duplicate secret is housekeeping, its action a snooze (no wizard deletes a record)', () => {
    const a = key();
    const b = key();
    const alerts = computeAlerts([a, b], input({ duplicateGroups: [[a.id, b.id]] }));
    const att = attentionOf(alerts, b, NOW, { timeZone: ZONE });
    expect(att).toMatchObject({ state: 'housekeeping', action: 'snooze' });
    expect(kinds(att)).toEqual(['duplicate-secret']);
  });

  it('an open checklist escalates to due soon within the window', () => {
    const k = key();
    const run = (dueDate: string) =>
      computeAlerts(
        [k],
        input({ checklists: [{ runId: 'r1', keyId: k.id, keyName: k.name, platform: 'custom', dueDate, open: 2 }] }),
      );
    expect(attentionOf(run(shift(TODAY, 5)), k, NOW, { timeZone: ZONE }).state).toBe('due-soon');
    expect(attentionOf(run(shift(TODAY, 25)), k, NOW, { timeZone: ZONE }).state).toBe('housekeeping');
  });
});

describe('countAttention counts keys, not alerts', () => {
  it('one key with three alerts counts once, in its most urgent state', () => {
    const keys = [
      key({ expiresAt: shift(TODAY, -1), deployedTo: ['x'], lastUsedAt: shift(TODAY, -200) }), // 3 alerts, act now
      key({ expiresAt: shift(TODAY, 2) }), // due soon
      key({ lastUsedAt: shift(TODAY, -100) }), // housekeeping
      key(), // fine
      key({ status: 'revoked', expiresAt: shift(TODAY, -9), deployedTo: ['x'] }), // revoked: fine
    ];
    const alerts = computeAlerts(keys, input());
    expect(alerts.filter((a) => a.keyId === keys[0]!.id)).toHaveLength(3);
    const summary = countAttention(attentionByKey(keys, alerts, NOW, { timeZone: ZONE }).values());
    expect(summary).toEqual({ needsAction: 2, actNow: 1, dueSoon: 1, housekeeping: 1, fine: 2 });
  });

  it('empty vault: all zero', () => {
    expect(countAttention([])).toEqual({ needsAction: 0, actNow: 0, dueSoon: 0, housekeeping: 0, fine: 0 });
  });
});

describe('statusTruth', () => {
  const fine: KeyAttention = { state: 'fine', reasons: [], action: 'none' };
  it.each([
    { over: {}, truth: 'active' },
    { over: { expiresAt: shift(TODAY, -1) }, truth: 'expired' },
    { over: { expiresAt: TODAY }, truth: 'active' },
    { over: { status: 'expired' as const }, truth: 'expired' },
    { over: { lastVerification: verified('revoked') }, truth: 'refused' },
    { over: { lastVerification: verified('unreachable') }, truth: 'active' },
    { over: { status: 'revocation-pending' as const }, truth: 'revoking' },
    { over: { status: 'revoked' as const, expiresAt: shift(TODAY, -1) }, truth: 'revoked' },
  ])('$over -> $truth', ({ over, truth }) => {
    expect(statusTruth(key(over), fine, NOW, ZONE)).toBe(truth);
  });

  it('without a clock, an expired-active reason still says expired', () => {
    const reason: Alert['rule'] = 'expired-active';
    const att: KeyAttention = {
      state: 'act-now',
      reasons: [{ kind: reason, state: 'act-now', message: 'm' }],
      action: 'rotate',
    };
    expect(statusTruth(key({ expiresAt: shift(TODAY, -1) }), att)).toBe('expired');
  });
});
