// The verification service over real loopback simulators: every outcome class is
// stored as the key's last verification with a 'verified' history entry, survives a
// lock and re-unlock, never changes anything else about the key, and never carries
// the secret (the simulators echo presented keys in their error bodies here).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/app/session.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { canaryForms, scan, scanText, vaultArtefacts } from '../../helpers/canary.js';
import { newSessionVault, reopenSession } from '../../helpers/session-vault.js';
import { sampleKey, tempDir } from '../../helpers/temp-vault.js';
import { fastTime, testDeps, type FastTime } from '../platforms/support.js';

let dir: { dir: string; cleanup: () => void };
let time: FastTime;
let knouds: SimulatorHandle;
let kognitos: SimulatorHandle;
let session: Session;
let path: string;
// Short per-request timeouts keep the slow-platform case quick (real milliseconds).
const deps = () =>
  testDeps(time, {
    retry: {
      timeoutMs: 500,
      connectTimeoutMs: 500,
      baseDelayMs: 200,
      maxDelayMs: 2_000,
    },
  });

// Canary secrets in each platform's format, unique per run.
const canarySecret = (prefix: string) => `${prefix}CANARY${crypto.randomUUID().replaceAll('-', '')}`;

beforeEach(async () => {
  dir = tempDir('keyward-verify-');
  time = fastTime(1000);
  knouds = await startSimulator('knouds', {
    clock: time.clock,
    echoKeyInErrors: true,
  });
  kognitos = await startSimulator('kognitos', {
    clock: time.clock,
    echoKeyInErrors: true,
  });
  ({ path, session } = await newSessionVault(dir.dir, {
    clock: time.clock,
    platform: deps(),
  }));
});

afterEach(async () => {
  if (session.vault.isUnlocked) session.lock();
  await Promise.all([knouds.close(), kognitos.close()]);
  dir.cleanup();
});

function addKnouds(secret: string, name = 'Deploy bot'): KeyRecord {
  knouds.addKey({ value: secret, account: 'user-42' });
  return session.inventory.add(
    sampleKey({
      platform: 'knouds',
      name,
      account: 'user-42',
      baseUrl: knouds.baseUrl,
    }),
    { value: secret },
  );
}

/** Everything of the record other than what a verification may change. */
const untouched = (r: KeyRecord) => {
  const { lastVerification: _v, history: _h, recordUpdatedAt: _u, ...rest } = r;
  return rest;
};

describe('verification service', () => {
  it('stores valid, revoked (401), rate-limited and unreachable outcomes with a history entry each', async () => {
    const secret = canarySecret('knouds_live_');
    const rec = addKnouds(secret);
    const before = untouched(rec);

    const valid = await session.verifier.verify(rec.id);
    expect(valid.outcome).toMatchObject({ result: 'valid', httpStatus: 200 });
    let stored = session.inventory.get(rec.id);
    expect(stored.lastVerification).toMatchObject({
      result: 'valid',
      message: valid.outcome.message,
      identity: expect.stringContaining('@example.test'),
    });
    expect(stored.history.at(-1)).toMatchObject({
      action: 'verified',
      detail: 'valid',
    });

    knouds.setFault({ kind: 'rate-limited', retryAfter: '120' }, { times: 1 }); // beyond the 60 s cap: reported, not slept through
    const limited = await session.verifier.verify(rec.id);
    expect(limited.outcome).toMatchObject({
      result: 'rate-limited',
      httpStatus: 429,
    });
    expect(limited.outcome.retryAt).toBeDefined();
    stored = session.inventory.get(rec.id);
    expect(stored.lastVerification?.result).toBe('rate-limited');
    expect(stored.history.at(-1)).toMatchObject({
      action: 'verified',
      detail: 'rate-limited',
    });
    // Every later check of this platform honours the Retry-After: held back, nothing sent.
    const sent = knouds.requests.length;
    const held = await session.verifier.verify(rec.id);
    expect(held.outcome).toMatchObject({ result: 'rate-limited', attempts: 0 });
    expect(knouds.requests).toHaveLength(sent);
    time.advance(121_000);

    knouds.revokeKey(secret);
    const revoked = await session.verifier.verify(rec.id);
    // It verified valid before (the rate-limited checks since said nothing about the key),
    // so a 401 now reads "revoked" rather than "invalid".
    expect(revoked.outcome).toMatchObject({
      result: 'revoked',
      httpStatus: 401,
    });
    stored = session.inventory.get(rec.id);
    expect(stored.lastVerification?.result).toBe('revoked');
    expect(stored.history.at(-1)).toMatchObject({
      action: 'verified',
      detail: 'revoked',
    });
    expect((await session.verifier.verify(rec.id)).outcome.result).toBe('revoked'); // and still so on a re-check

    await knouds.close(); // connection refused
    const down = await session.verifier.verify(rec.id);
    expect(down.outcome.result).toBe('unreachable');
    stored = session.inventory.get(rec.id);
    expect(stored.lastVerification?.result).toBe('unreachable');
    expect(stored.history.filter((h) => h.action === 'verified').map((h) => h.detail)).toEqual([
      'valid',
      'rate-limited',
      'rate-limited',
      'revoked',
      'revoked',
      'unreachable',
    ]);

    // Nothing but the verification changed; the secret is intact; all of it survives a lock.
    expect(untouched(stored)).toEqual(before);
    expect(stored.status).toBe('active');
    session.lock();
    session = await reopenSession(path, {
      clock: time.clock,
      platform: deps(),
    });
    const again = session.inventory.get(rec.id);
    expect(again.lastVerification).toEqual(stored.lastVerification);
    expect(again.history).toEqual(stored.history);
    expect(session.inventory.secretFor(rec.id).value).toBe(secret);
    knouds = await startSimulator('knouds'); // for afterEach
  });

  it('reads a 401 on a key never seen valid as invalid, and a slow platform as unreachable', async () => {
    const secret = canarySecret('kgn_pat_');
    const rec = session.inventory.add(
      sampleKey({
        platform: 'kognitos',
        name: 'Reports',
        account: 'org-1',
        baseUrl: kognitos.baseUrl,
      }),
      { value: secret },
    );
    const invalid = await session.verifier.verify(rec.id); // the simulator never issued it
    expect(invalid.outcome).toMatchObject({
      result: 'invalid',
      httpStatus: 401,
    });
    expect(session.inventory.get(rec.id).lastVerification?.result).toBe('invalid');

    kognitos.addKey({ value: secret, account: 'org-1' });
    kognitos.setFault({ kind: 'slow', delayMs: 2_000 }); // past the 500 ms timeout
    const slow = await session.verifier.verify(rec.id);
    expect(slow.outcome.result).toBe('unreachable');
    kognitos.setFault({ kind: 'unavailable', retryAfter: '3600' });
    const err = await session.verifier.verify(rec.id);
    expect(err.outcome).toMatchObject({
      result: 'platform-error',
      httpStatus: 503,
    });
    expect(
      session.inventory
        .get(rec.id)
        .history.filter((h) => h.action === 'verified')
        .map((h) => h.detail),
    ).toEqual(['invalid', 'unreachable', 'platform-error']);
  });

  it('never puts the secret into a report, the stored metadata or the vault file (canary)', async () => {
    const secrets = [canarySecret('knouds_live_'), canarySecret('kgn_pat_')];
    const knoudsKey = addKnouds(secrets[0]!, 'Canary knouds');
    const kognitosKey = session.inventory.add(
      sampleKey({
        platform: 'kognitos',
        name: 'Canary kognitos',
        account: 'org-1',
        baseUrl: kognitos.baseUrl,
      }),
      { value: secrets[1]! },
    );
    kognitos.addKey({ value: secrets[1]!, account: 'org-1' });
    const reports: unknown[] = [];
    reports.push(await session.verifier.verify(knoudsKey.id), await session.verifier.verify(kognitosKey.id));
    // 401s whose bodies echo the presented key (echoKeyInErrors).
    knouds.revokeKey(secrets[0]!);
    kognitos.revokeKey(secrets[1]!);
    reports.push(
      ...(await session.verifier.verifyMany([
        session.inventory.get(knoudsKey.id),
        session.inventory.get(kognitosKey.id),
      ])),
    );
    knouds.setFault({ kind: 'status', status: 500 }, { times: 10 });
    reports.push(await session.verifier.verify(knoudsKey.id));
    expect(reports.map((r) => (r as { outcome: { result: string } }).outcome.result)).toEqual([
      'valid',
      'valid',
      'revoked',
      'revoked',
      'platform-error',
    ]);
    // Sanity: the simulator really echoed the key, so the check below is not vacuous.
    expect(knouds.requests.some((r) => r.status === 401)).toBe(true);

    const needles = secrets.flatMap((s, i) => canaryForms(s, `secret${i}`));
    const stored = session.inventory.list().keys;
    expect(scanText(JSON.stringify(reports), needles)).toEqual([]);
    expect(scanText(JSON.stringify(stored), needles)).toEqual([]);
    for (const k of stored) {
      expect(k.hint).not.toContain(secrets[0]!.slice(12, -4));
      for (const h of k.history) expect(h.detail ?? '').not.toMatch(/CANARY/);
      expect(k.lastVerification?.message).not.toMatch(/CANARY/);
    }
    expect(scan(vaultArtefacts(path), needles)).toEqual([]);
    session.lock();
    expect(scan(vaultArtefacts(path), needles)).toEqual([]);
  });

  it('refuses a custom key (no API to ask) without touching it', async () => {
    const rec = session.inventory.add(sampleKey({ platform: 'custom', name: 'Homegrown' }), {
      value: 'homegrown-secret-value-1234',
    });
    await expect(session.verifier.verify(rec.id)).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(session.inventory.get(rec.id).lastVerification).toBeNull();
    expect(session.inventory.get(rec.id).history.map((h) => h.action)).toEqual(['created']);
  });
});
