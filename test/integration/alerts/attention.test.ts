// Issue 15: one attention state per key, counted in keys. A real vault (SQLite, libsodium)
// answers keys.list rows with their state and the truthful status, alerts.attention counts
// keys not alerts, and alerts.bulk snoozes or acknowledges a selection in one write.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-main/contract/channels.js';
import type { AttentionSummary } from '../../../src-main/contract/attention.js';
import type { KeyListing, KeyRow } from '../../../src-main/contract/keys.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { quietHost } from '../../helpers/quiet-host.js';
import { TEST_PASSWORD, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const tmp = tempDir('keyward-attention-');
const vaultPath = join(tmp.dir, 'vault.db');
const core = createCore({ clock: fixedClock('2028-03-01T09:00:00Z'), vaultPath, kdf: KDF_TEST_COST });
const host = quietHost(core);
const ids: Record<string, string> = {};
const VERIFIED = { at: '2027-12-01T00:00:00.000Z', result: 'valid' as const, message: 'ok' };

async function call<T>(c: string, input: unknown = {}): Promise<T> {
  const reply = (await host.dispatch(c as never, input)) as Envelope<T>;
  if (!reply.ok) throw new Error(`${c}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}
async function callError(c: string, input: unknown): Promise<string> {
  const reply = (await host.dispatch(c as never, input)) as Envelope<unknown>;
  return reply.ok ? 'no error' : `${reply.error.code} ${reply.error.message}`;
}

beforeAll(async () => {
  await call('vault.create', { password: TEST_PASSWORD });
  const add = async (name: string, over: Record<string, unknown>) => {
    const k = await call<{ id: string }>('keys.add', {
      fields: sampleKey({ platform: 'custom', name, lastUsedAt: '2028-02-28', ...over }),
      secret: { value: `secret-of-${name}-0123456789` },
    });
    // A verification on record so that only the intended rule speaks.
    core.inventory().annotate(k.id, { lastVerification: VERIFIED }, { action: 'verified' });
    ids[name] = k.id;
  };
  await add('Expired', { expiresAt: '2028-02-18', deployedTo: ['ci'], lastUsedAt: '2027-10-01' }); // 3 alerts
  await add('Soon', { expiresAt: '2028-03-05' });
  await add('Stale', { lastUsedAt: '2027-10-01', expiresAt: '2029-01-01' });
  await add('Fine', { expiresAt: '2029-01-01' });
  await add('Gone', { status: 'revoked', expiresAt: '2028-01-01', deployedTo: ['ci'] });
});
afterAll(async () => {
  await host.lock();
  tmp.cleanup();
});

const rows = async () => new Map((await call<KeyListing>('keys.list')).keys.map((k) => [k.name, k]));

describe('attention through the contract', () => {
  it('keys.list rows carry the state, reasons most urgent first, the next action and the truthful status', async () => {
    const r = await rows();
    const expired = r.get('Expired')!;
    expect(expired.status).toBe('active');
    expect(expired.statusTruth).toBe('expired');
    expect(expired.attention.state).toBe('act-now');
    expect(expired.attention.action).toBe('rotate');
    expect(expired.attention.reasons.map((x) => x.kind).slice(0, 2)).toEqual(['expired-active', 'expired-deployed']);
    expect(r.get('Soon')!.attention.state).toBe('due-soon');
    expect(r.get('Gone')!).toMatchObject({ statusTruth: 'revoked', attention: { state: 'fine', action: 'none' } });
    const one = await call<KeyRow>('keys.get', { id: ids.Expired });
    expect(one.attention).toEqual(expired.attention);
  });

  it('keys.list filters its status on the status the badge shows: an expired active key is expired, not active', async () => {
    const names = async (status: string) => (await call<KeyListing>('keys.list', { status })).keys.map((k) => k.name);
    expect(await names('expired')).toContain('Expired');
    expect(await names('active')).not.toContain('Expired');
    expect(await names('revoked')).toContain('Gone');
  });

  it('alerts.attention counts keys, not alerts, with the same numbers as the rows', async () => {
    const { alerts } = await call<{ alerts: { keyId: string }[] }>('alerts.list');
    expect(alerts.filter((a) => a.keyId === ids.Expired).length).toBeGreaterThanOrEqual(3);
    const summary = await call<AttentionSummary>('alerts.attention');
    const states = [...(await rows()).values()].map((k) => k.attention.state);
    const n = (s: string) => states.filter((x) => x === s).length;
    expect(summary).toEqual({
      needsAction: n('act-now') + n('due-soon'),
      actNow: n('act-now'),
      dueSoon: n('due-soon'),
      housekeeping: n('housekeeping'),
      fine: n('fine'),
    });
    expect(summary.actNow + summary.dueSoon + summary.housekeeping + summary.fine).toBe(5);
    expect(summary.needsAction).toBe(2);
  });

  it('alerts.bulk drops ids that no longer exist, acts on the rest and answers which were skipped', async () => {
    const before = await call<AttentionSummary>('alerts.attention');
    const gone = '6a24c0de-0000-4000-8000-000000000000';
    const out = await call<{ alertIds: string[]; skipped: string[] }>('alerts.bulk', {
      ids: [ids.Soon, gone],
      of: 'keys',
      op: 'acknowledge',
    });
    expect(out.skipped).toEqual([gone]);
    expect(out.alertIds.length).toBeGreaterThan(0);
    expect((await call<AttentionSummary>('alerts.attention')).needsAction).toBe(before.needsAction - 1);
    const none = await call<{ alertIds: string[]; skipped: string[] }>('alerts.bulk', {
      ids: ['expiring:nope:7'],
      of: 'alerts',
      op: 'acknowledge',
    });
    expect(none).toMatchObject({ alertIds: [], skipped: ['expiring:nope:7'] });
    expect(await callError('alerts.bulk', { ids: [ids.Soon], of: 'keys', op: 'acknowledge', days: 3 })).toMatch(
      /^BAD_INPUT/,
    );
  });

  it('alerts.bulk snoozes a selection of keys in one write; the badge number drops by the keys', async () => {
    const out = await call<{ alertIds: string[]; state: { snoozes: Record<string, string> } }>('alerts.bulk', {
      ids: [ids.Expired, ids.Soon],
      of: 'keys',
      op: 'snooze',
      days: 3,
    });
    expect(out.alertIds.length).toBeGreaterThanOrEqual(3); // Soon's were acknowledged above
    for (const id of out.alertIds) expect(out.state.snoozes[id]).toBe('2028-03-04');
    expect(await call<AttentionSummary>('alerts.attention')).toMatchObject({ needsAction: 0, actNow: 0, dueSoon: 0 });
    // The truth is not snoozed.
    expect((await rows()).get('Expired')!.statusTruth).toBe('expired');
  });

  it('alerts.bulk acknowledges alert ids as given', async () => {
    const stale = (await rows()).get('Stale')!;
    const alertIds = stale.attention.reasons.flatMap((r) => (r.alertId ? [r.alertId] : []));
    expect(alertIds.length).toBeGreaterThan(0);
    await call('alerts.bulk', { ids: alertIds, of: 'alerts', op: 'acknowledge' });
    expect((await rows()).get('Stale')!.attention).toEqual({ state: 'fine', reasons: [], action: 'none' });
  });
});
