// Creating a key through the platform flow (core/lifecycle/create-key.ts, the desktop's
// keys.create and the CLI's create): limits before the portal, a required Kognitos
// expiry, the key stored with its local facts before it is verified. Plus the platform
// accounts setting that prefills it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/app/session.js';
import { createKey, planCreate } from '../../../src-main/core/lifecycle/create-key.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { listPlatformAccounts, savePlatformAccounts } from '../../../src-main/core/settings/platform-accounts.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { newSessionVault, reopenSession } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { fastTime, testDeps, type FastTime } from '../platforms/support.js';

let dir: { dir: string; cleanup: () => void };
let time: FastTime;
let sims: SimulatorHandle[];
let session: Session;
let path: string;
const clock = fixedClock('2026-11-25T09:00:00.000Z');
const now = () => clock.now();
const ports = () => ({ clock, platform: testDeps(time) });

beforeEach(async () => {
  dir = tempDir('keyward-create-');
  time = fastTime(1000);
  sims = [];
  ({ path, session } = await newSessionVault(dir.dir, ports()));
});
afterEach(async () => {
  if (session.vault.isUnlocked) session.lock();
  await Promise.all(sims.map((s) => s.close()));
  dir.cleanup();
});
async function sim(id: Parameters<typeof startSimulator>[0]): Promise<SimulatorHandle> {
  const s = await startSimulator(id, { clock: time.clock });
  sims.push(s);
  return s;
}

describe('createKey', () => {
  it('stores a Kognitos key with the expiry chosen in days, created.via=portal, then verifies it', async () => {
    const kognitos = await sim('kognitos');
    const value = kognitos.addKey({ account: 'org-1' }).value;
    const { record, report, warnings } = await createKey(
      session,
      {
        fields: {
          platform: 'kognitos',
          name: 'Dashboards',
          account: 'org-1',
          baseUrl: kognitos.baseUrl,
        },
        secret: { value },
        expiresInDays: 30,
      },
      now(),
    );
    expect(warnings).toEqual([]);
    expect(report?.outcome.result).toBe('valid');
    expect(record).toMatchObject({
      expiresAt: '2026-12-25',
      status: 'active',
      lastVerification: { result: 'valid' },
    });
    expect(record.extra['created.via']).toBe('portal');
    session = await reopenSession(path, ports());
    expect(session.inventory.reveal(record.id, 'revealed').value).toBe(value);
  });

  it('refuses a Kognitos key without an expiry, or with one the portal does not offer, and stores nothing', async () => {
    const fields = {
      platform: 'kognitos' as const,
      name: 'No expiry',
      account: 'org-1',
    };
    await expect(
      createKey(session, { fields, secret: { value: 'kgn_pat_xxxxxxxxxxxxxxxx' } }, now()),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      createKey(
        session,
        {
          fields,
          secret: { value: 'kgn_pat_xxxxxxxxxxxxxxxx' },
          expiresInDays: 45,
        },
        now(),
      ),
    ).rejects.toThrow(/7, 30, 60, 90, 180, 365/);
    expect(session.inventory.list({}).keys).toEqual([]);
  });

  it('refuses a key about to be made with an expiry already past, at expiresAt, and stores nothing (#16)', async () => {
    const fields = { platform: 'kubiya' as const, name: 'Dated', account: 'org-1', expiresAt: '2026-11-24' };
    await expect(
      createKey(session, { fields, secret: { value: 'kby_0123456789abcdef0123456789' } }, now()),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      subject: 'expiresAt',
      message: expect.stringMatching(/already past/),
    });
    expect(session.inventory.list({}).keys).toEqual([]);
  });

  it('refuses an 11th active Kognitos key in one organisation (LIMIT_REACHED), counting only that account', async () => {
    const seed = (account: string, i: number) => ({
      input: {
        platform: 'kognitos' as const,
        name: `K${account}${i}`,
        account,
        expiresAt: '2027-01-01',
      },
      secret: { value: `kgn_pat_${account}${i}xxxxxxxxxxxx` },
    });
    session.inventory.addMany([...Array.from({ length: 10 }, (_, i) => seed('org-full', i)), seed('org-other', 0)]);
    expect(planCreate(session, 'kognitos', 'org-full').limit).toMatchObject({
      allowed: false,
      message: expect.stringMatching(/at most 10/),
    });
    expect(planCreate(session, 'kognitos', 'org-other').limit).toMatchObject({
      allowed: true,
      remaining: 9,
    });
    await expect(
      createKey(
        session,
        {
          fields: {
            platform: 'kognitos',
            name: 'Too many',
            account: 'org-full',
          },
          secret: { value: 'kgn_pat_yyyyyyyyyyyyyyyy' },
          expiresInDays: 30,
        },
        now(),
      ),
    ).rejects.toMatchObject({ code: 'LIMIT_REACHED' });
    expect(session.inventory.list({}).keys).toHaveLength(11);
  });

  it('keeps a key the platform refuses: stored first, verification reported', async () => {
    const knouds = await sim('knouds');
    const { record, report } = await createKey(
      session,
      {
        fields: {
          platform: 'knouds',
          name: 'Typo',
          account: 'user-1',
          baseUrl: knouds.baseUrl,
          extra: { tier: 'pro' },
        },
        secret: { value: 'knouds_live_not-issued-0000' },
      },
      now(),
    );
    expect(report?.outcome.result).toBe('invalid');
    expect(session.inventory.get(record.id).name).toBe('Typo');
  });
});

describe('platform accounts setting', () => {
  it('is sealed in the vault, refuses duplicates and unknown plans', async () => {
    expect(listPlatformAccounts(session.settings)).toEqual([]);
    savePlatformAccounts(session.settings, [
      { platform: 'knouds', account: 'user-42', label: 'Acme', tier: 'pro' },
      { platform: 'kognitos', account: 'acme' },
    ]);
    expect(() =>
      savePlatformAccounts(session.settings, [
        { platform: 'knouds', account: 'a' },
        { platform: 'knouds', account: 'A' },
      ]),
    ).toThrow(/listed twice/);
    expect(() => savePlatformAccounts(session.settings, [{ platform: 'knouds', account: 'a', tier: 'gold' }])).toThrow(
      /free, pro/,
    );
    expect(() =>
      savePlatformAccounts(session.settings, [{ platform: 'knouds', account: 'a', baseUrl: 'http://example.com' }]),
    ).toThrow(/https/);
    session = await reopenSession(path, ports());
    expect(listPlatformAccounts(session.settings)).toEqual([
      { platform: 'knouds', account: 'user-42', label: 'Acme', tier: 'pro' },
      { platform: 'kognitos', account: 'acme', label: '', tier: '' },
    ]);
  });
});
