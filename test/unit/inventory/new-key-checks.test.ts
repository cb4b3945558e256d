// The checks of a key added by hand (keys.checkNew) and the bulk edit of a selection
// (keys.bulkEdit), through the real host's dispatch over a real vault (SQLite, libsodium):
// what is refused is refused by keys.add too, what is doubtful is said, nothing is dropped.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call, Envelope } from '../../../src-main/contract/channels.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { quietHost } from '../../helpers/quiet-host.js';
import { TEST_PASSWORD, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const tmp = tempDir('keyward-checknew-');
const host = quietHost(
  createCore({
    clock: fixedClock('2026-11-25T09:00:00Z'),
    vaultPath: join(tmp.dir, 'vault.db'),
    kdf: KDF_TEST_COST,
  }),
);
const reply = async <T>(c: Call, input: unknown) => (await host.dispatch(c, input)) as Envelope<T>;
async function call<T>(c: Call, input: unknown): Promise<T> {
  const r = await reply<T>(c, input);
  if (!r.ok) throw new Error(`${c}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
type Issue = { field: string; level: string; code: string; message: string };
const check = async (platform: string, value: string, expiresAt?: string) =>
  (await call<{ issues: Issue[] }>('keys.checkNew', { fields: { platform, expiresAt }, secret: { value } })).issues;

const STORED = 'knouds_live_StoredAlready0000000042';
beforeAll(async () => {
  await call('vault.create', { password: TEST_PASSWORD });
  await call('keys.add', { fields: sampleKey({ name: 'Stored' }), secret: { value: STORED } });
});
afterAll(() => tmp.cleanup());

describe('keys.checkNew', () => {
  it('refuses a secret with white space inside it, and keys.add and a custom key say so too (#16)', async () => {
    const spaced = 'knouds_live_Brand NewSecret000000000004';
    const issues = await check('knouds', spaced);
    expect(issues).toEqual([expect.objectContaining({ field: 'secret', level: 'refuse', code: 'refused-secret' })]);
    expect(issues[0]!.message).toMatch(/space/);
    expect(JSON.stringify(issues)).not.toContain('Brand');
    const added = await reply('keys.add', { fields: sampleKey({ name: 'Spaced' }), secret: { value: spaced } });
    expect(added.ok).toBe(false);
    if (!added.ok) expect(added.error).toMatchObject({ code: 'BAD_INPUT', subject: 'secret' });
    for (const inner of ['knouds_live_Brand\tNewSecret00000000004', 'knouds_live_Brand\u00a0NewSecret0000000004'])
      expect(await check('knouds', inner)).toEqual([expect.objectContaining({ level: 'refuse' })]);
    // A secret of an undocumented format (a custom platform's) may be a phrase: warned, addable when the user says so.
    expect(await check('custom', 'correct horse battery staple')).toEqual([
      expect.objectContaining({ field: 'secret', level: 'warn', code: 'inner-space' }),
    ]);
  });

  it('has nothing to say about a well-formed new Knouds key', async () => {
    expect(await check('knouds', 'knouds_live_BrandNew00000000000001', '2027-01-31')).toEqual([]);
  });

  it('refuses a 3-character Knouds secret, does not echo it, and keys.add refuses it too (#16)', async () => {
    const issues = await check('knouds', 'abc');
    expect(issues).toEqual([expect.objectContaining({ field: 'secret', level: 'refuse', code: 'too-short' })]);
    expect(issues[0]!.message).toMatch(/^Too short: 3 characters/);
    expect(JSON.stringify(issues)).not.toContain('abc');
    const added = await reply('keys.add', { fields: sampleKey({ name: 'Short' }), secret: { value: 'abc' } });
    expect(added.ok).toBe(false);
    if (!added.ok) expect(added.error).toMatchObject({ code: 'BAD_INPUT', subject: 'secret' });
    const { keys } = await call<{ keys: { name: string }[] }>('keys.list', {});
    expect(keys.map((k) => k.name)).not.toContain('Short');
  });

  it('refuses a Knouds secret that is its prefix and barely more, but only warns about a shorter-than-usual one', async () => {
    expect(await check('knouds', 'knouds_live_ab')).toEqual([
      expect.objectContaining({ level: 'refuse', code: 'too-short' }),
    ]);
    expect(await check('custom', 'abcdefg')).toEqual([expect.objectContaining({ level: 'refuse', code: 'too-short' })]);
    expect(await check('custom', 'abcdefgh')).toEqual([
      expect.objectContaining({ level: 'warn', code: 'short-secret' }),
    ]);
  });

  it('warns about a Knouds secret without its prefix', async () => {
    const issues = await check('knouds', 'abcdefghijklmnopqrstuvwxyz');
    expect(issues).toEqual([expect.objectContaining({ field: 'secret', level: 'warn', code: 'format' })]);
    expect(issues[0]!.message).toContain('knouds_live_');
  });

  it('warns about a Knouds key cut short after its prefix', async () => {
    const issues = await check('knouds', 'knouds_live_abcdefgh');
    expect(issues).toEqual([expect.objectContaining({ code: 'short-secret', level: 'warn' })]);
    expect(issues[0]!.message).toMatch(/^20 characters is shorter than a Knouds key/);
  });

  it('warns about a short secret for a platform without a documented format', async () => {
    expect(await check('custom', 'abcdefghij')).toEqual([expect.objectContaining({ code: 'short-secret' })]);
  });

  it('warns about an expiry already past for a new key', async () => {
    const issues = await check('knouds', 'knouds_live_BrandNew00000000000002', '2020-06-01');
    expect(issues).toEqual([expect.objectContaining({ field: 'expiresAt', level: 'warn', code: 'past-expiry' })]);
    expect(issues[0]!.message).toContain('2020-06-01');
  });

  it('refuses a Kubiya kby_ key filed under Knouds, and keys.add refuses it too', async () => {
    const value = 'kby_0123456789abcdef0123456789';
    const issues = await check('knouds', value);
    expect(issues).toEqual([expect.objectContaining({ field: 'secret', level: 'refuse', code: 'refused-secret' })]);
    expect(issues[0]!.message).toContain('Kubiya');
    const added = await reply('keys.add', { fields: sampleKey({ name: 'Wrong' }), secret: { value } });
    expect(added.ok).toBe(false);
    if (!added.ok) expect(added.error).toMatchObject({ code: 'BAD_INPUT', subject: 'secret' });
    const { keys } = await call<{ keys: { name: string }[] }>('keys.list', {});
    expect(keys.map((k) => k.name)).not.toContain('Wrong');
  });

  it('warns about an exact duplicate of a stored secret, naming the key that holds it', async () => {
    const issues = await check('knouds', `  "${STORED}" `);
    expect(issues).toEqual([expect.objectContaining({ code: 'duplicate', level: 'warn' })]);
    expect(issues[0]!.message).toContain('"Stored"');
  });
});

describe('keys.bulkEdit', () => {
  it('sets owner, account, environment, tags and names of a selection in one call', async () => {
    const ids: string[] = [];
    for (const [i, name] of ['KNOUDS_API_KEY', 'KNOUDS_API_KEY_2'].entries()) {
      const r = await call<{ id: string }>('keys.add', {
        fields: { platform: 'knouds', name, tags: ['imported'] },
        secret: { value: `knouds_live_Bulk000000000000000000${i}` },
      });
      ids.push(r.id);
    }
    const { keys } = await call<{
      keys: {
        name: string;
        owner: string;
        account: string;
        environment: string;
        tags: string[];
        history: { detail?: string }[];
      }[];
    }>('keys.bulkEdit', {
      ids,
      change: {
        owner: 'ana@example.com',
        account: 'acme-org',
        environment: 'production',
        addTags: ['billing'],
        removeTags: ['imported'],
        namePattern: 'Billing {environment} {n}',
      },
    });
    expect(keys.map((k) => k.name)).toEqual(['Billing production 1', 'Billing production 2']);
    for (const k of keys) {
      expect(k).toMatchObject({
        owner: 'ana@example.com',
        account: 'acme-org',
        environment: 'production',
        tags: ['billing'],
      });
      expect(k.history.at(-1)?.detail).toContain('bulk edit');
    }
    const listed = await call<{ keys: { name: string; owner: string }[] }>('keys.list', { owner: 'ana@example.com' });
    expect(listed.keys.map((k) => k.name)).toEqual(
      expect.arrayContaining(['Billing production 1', 'Billing production 2']),
    );
  });

  it('changes none when one key of the selection is missing or one field is bad', async () => {
    const a = await call<{ id: string; owner: string }>('keys.add', {
      fields: { platform: 'custom', name: 'Keep me', owner: 'before' },
      secret: { value: 'custom-secret-value-0000000001' },
    });
    const missing = await reply('keys.bulkEdit', { ids: [a.id, 'no-such-key'], change: { owner: 'after' } });
    expect(missing.ok).toBe(false);
    const bad = await reply('keys.bulkEdit', { ids: [a.id], change: { owner: 'x\u001b[31m' } });
    expect(bad.ok).toBe(false);
    expect((await call<{ owner: string }>('keys.get', { id: a.id })).owner).toBe('before');
  });
  it('refuses a name pattern that gives two keys one name, or a name another key has, and changes none (#16)', async () => {
    const ids: string[] = [];
    for (const [i, name] of ['Rename A', 'Rename B'].entries()) {
      const r = await call<{ id: string }>('keys.add', {
        fields: { platform: 'custom', name },
        secret: { value: `custom-rename-secret-000000${i}` },
      });
      ids.push(r.id);
    }
    const same = await reply('keys.bulkEdit', { ids, change: { namePattern: 'Same', owner: 'x@example.com' } });
    expect(same.ok).toBe(false);
    if (!same.ok) {
      expect(same.error).toMatchObject({ code: 'BAD_INPUT', subject: 'namePattern' });
      expect(same.error.message).toMatch(/gives 2 keys the same name "Same": add \{n\}/);
    }
    const taken = await reply('keys.bulkEdit', { ids: [ids[0]], change: { namePattern: 'stored' } });
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.error.message).toMatch(/Another key is already named "stored"/);
    const { keys } = await call<{ keys: { name: string; owner: string }[] }>('keys.list', {});
    expect(keys.filter((k) => k.name.startsWith('Rename ')).map((k) => [k.name, k.owner])).toEqual([
      ['Rename A', ''],
      ['Rename B', ''],
    ]);
    // Its own name again, or numbered names, are fine.
    const own = await call<{ keys: { name: string }[] }>('keys.bulkEdit', { ids, change: { namePattern: '{name}' } });
    expect(own.keys.map((k) => k.name)).toEqual(['Rename A', 'Rename B']);
    const numbered = await call<{ keys: { name: string }[] }>('keys.bulkEdit', {
      ids,
      change: { namePattern: 'Same {n}' },
    });
    expect(numbered.keys.map((k) => k.name)).toEqual(['Same 1', 'Same 2']);
  });
});

describe('a secret already stored, as data for the app (#16)', () => {
  it('names its holder, and says when another key has the same name', async () => {
    const [dup] = await call<{ issues: (Issue & { holder?: unknown })[] }>('keys.checkNew', {
      fields: { platform: 'knouds' },
      secret: { value: STORED },
    }).then((r) => r.issues.filter((i) => i.code === 'duplicate'));
    expect(dup?.holder).toEqual({ name: 'Stored', platform: 'knouds', account: expect.any(String), nameShared: false });
    await call('keys.add', {
      fields: sampleKey({ name: 'Stored', platform: 'kaana' }),
      secret: { value: 'kaana_Twin000000000000000000042' },
    });
    const again = await call<{ issues: (Issue & { holder?: { nameShared: boolean } })[] }>('keys.checkNew', {
      fields: { platform: 'knouds' },
      secret: { value: STORED },
    });
    expect(again.issues.find((i) => i.code === 'duplicate')?.holder?.nameShared).toBe(true);
  });

  it('a created "new" key that is already stored is refused with a detail that holds no id', async () => {
    const r = await reply('keys.create', { fields: sampleKey({ name: 'Again' }), secret: { value: STORED } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.detail).toEqual({
      reason: 'duplicate-secret',
      newKey: true,
      holder: expect.objectContaining({ name: 'Stored', platform: 'knouds' }),
    });
    const { keys } = await call<{ keys: { id: string; name: string }[] }>('keys.list', {});
    const id = keys.find((k) => k.name === 'Stored')?.id ?? '';
    expect(JSON.stringify(r.error.detail)).not.toContain(id.slice(0, 8));
    expect(JSON.stringify(r.error.detail)).not.toContain(STORED);
  });
});
