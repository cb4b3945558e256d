// The team identity has no default name: until the user sets one, status() answers nulls
// (and creates nothing), and everything that records an author is refused with NAME_REQUIRED.
// A vault whose identity was made with the OS account's name keeps it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Session } from '../../../src-main/core/app/session.js';
import { newSigningKeypair, toBase64 } from '../../../src-main/core/crypto/signing.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { newCanary } from '../../helpers/canary.js';
import { newSessionVault } from '../../helpers/session-vault.js';
import { sampleKey, tempDir } from '../../helpers/temp-vault.js';

let dir: string;
let cleanup = () => {};
beforeAll(() => {
  const t = tempDir('keyward-team-name-');
  dir = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup());

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return isAppError(e) ? e.code : 'not an AppError';
  }
};
const asyncCodeOf = async (fn: () => Promise<unknown>): Promise<string> => {
  try {
    await fn();
    return 'ok';
  } catch (e) {
    return isAppError(e) ? e.code : 'not an AppError';
  }
};

const clock = fixedClock('2026-11-25T09:00:00.000Z');
const AnyIdentity = z.unknown();

async function vaultWithKey(name: string): Promise<{ session: Session; keyId: string }> {
  const { session } = await newSessionVault(dir, { clock }, `${name}.db`);
  const key = session.inventory.add(sampleKey({ platform: 'kognitos', name: 'Billing', expiresAt: '2027-01-10' }), {
    value: newCanary('kgn_pat_CANARY'),
  });
  return { session, keyId: key.id };
}

describe('a new vault has no team name until the user sets one', () => {
  it('status() answers nulls and creates no identity, however often it is read', async () => {
    const { session } = await vaultWithKey('fresh');
    expect(session.team.status()).toEqual({ name: null, fingerprint: null });
    expect(session.team.status()).toEqual({ name: null, fingerprint: null });
    expect(session.settings.get('team.identity', AnyIdentity, null)).toBeNull();
    expect(session.team.own()).toBeNull();
  });

  it('starting, ticking, exporting and setting up a team folder are refused with NAME_REQUIRED, changing nothing', async () => {
    const { session, keyId } = await vaultWithKey('refused');
    expect(codeOf(() => session.checklists.start(keyId))).toBe('NAME_REQUIRED');
    expect(session.checklists.list()).toEqual([]);
    expect(codeOf(() => session.checklists.exportTemplate('kognitos'))).toBe('NAME_REQUIRED');
    const folder = join(dir, 'team-folder-never-made');
    expect(await asyncCodeOf(() => session.sharing.init(folder, undefined, { create: true }))).toBe('NAME_REQUIRED');
    expect(existsSync(folder)).toBe(false);
    expect(session.team.folder()).toBeNull();
    expect(session.settings.get('team.identity', AnyIdentity, null)).toBeNull();
  });

  it("a teammate's imported run cannot be ticked here without a name", async () => {
    const ana = await vaultWithKey('ana-source');
    ana.session.team.setName('Ana');
    const run = ana.session.checklists.start(ana.keyId);
    const file = ana.session.checklists.exportRun(run.id);
    const { session } = await vaultWithKey('imports');
    session.sharing.trust(file.json, 'run.json');
    session.sharing.importText(file.json, 'run.json');
    expect(codeOf(() => session.checklists.tick(run.id, 'create-new', { state: 'done' }))).toBe('NAME_REQUIRED');
    expect(session.checklists.get(run.id).steps[0]?.state).toBe('todo');
  });

  it('once set, the name is the author of what follows, with a fingerprint', async () => {
    const { session, keyId } = await vaultWithKey('named');
    session.team.setName('Ana Lima');
    const status = session.team.status();
    expect(status.name).toBe('Ana Lima');
    expect(status.fingerprint).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/);
    const run = session.checklists.start(keyId);
    expect(run.createdBy).toEqual({ name: 'Ana Lima', fingerprint: status.fingerprint });
    const ticked = session.checklists.tick(run.id, 'create-new', { state: 'done' });
    expect(ticked.steps[0]?.by?.name).toBe('Ana Lima');
    // Renaming keeps the keypair: the fingerprint teammates trust does not change.
    session.team.setName('Ana L.');
    expect(session.team.status()).toEqual({ name: 'Ana L.', fingerprint: status.fingerprint });
  });
});

describe('a vault whose identity was made with the OS account name', () => {
  it('keeps that name and fingerprint: recorded authors do not change', async () => {
    const { session, keyId } = await vaultWithKey('os-named');
    const kp = newSigningKeypair(session.vault.sodium);
    // What earlier versions stored on first use: the OS account's name, no "chosen" mark.
    session.settings.put('team.identity', AnyIdentity, {
      name: 'root',
      publicKey: toBase64(session.vault.sodium, kp.publicKey),
      secretKey: toBase64(session.vault.sodium, kp.secretKey),
    });
    const before = session.team.status();
    expect(before.name).toBe('root');
    expect(before.fingerprint).not.toBeNull();
    const run = session.checklists.start(keyId);
    expect(run.createdBy).toEqual({ name: 'root', fingerprint: before.fingerprint });
    expect(session.team.status()).toEqual(before);
  });
});
