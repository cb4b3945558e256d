// The import service on a real vault file: preview (detection, hints, duplicates),
// corrections, all-or-nothing commits, errors that name the place and never the secret,
// the size cap, and a Keyward JSON round trip.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/app/session.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { INVENTORY_FORMAT, INVENTORY_VERSION } from '../../../src-main/core/transfer/inventory-document.js';
import { IMPORT_SIZE_CAP, importText, readImportFile } from '../../../src-main/core/transfer/import/index.js';
import { canaryForms, newCanary, vaultArtefacts } from '../../helpers/canary.js';
import { exportedKey, keywardDocument } from '../../helpers/keyward-doc.js';
import { newTestVault, tempDir } from '../../helpers/temp-vault.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/import');
let dir: ReturnType<typeof tempDir>;
let session: Session;
let vaultPath: string;

beforeEach(async () => {
  dir = tempDir();
  const t = await newTestVault(dir.dir);
  vaultPath = t.path;
  session = createSession(t.vault, { clock: t.clock, writeSchedule: false });
});
afterEach(() => {
  session.lock();
  dir.cleanup();
});

const text = (fileName: string, body: string) => importText(Buffer.from(body), fileName);
const rejection = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected an AppError');
};
const rowCount = () => session.inventory.list().keys.length;

describe('preview', () => {
  it('detects platform, hint and environment, and never returns a secret', () => {
    const input = readImportFile(join(FIXTURES, 'sample.env'));
    const view = session.imports.preview(input);
    expect(view.format).toBe('env');
    const row = (n: string) => view.items.find((i) => i.name === n);
    expect(row('KNOUDS_API_KEY')).toMatchObject({ platform: 'knouds', confidence: 'high', hint: 'knouds_live_…3Ka1' });
    expect(row('GITHUB_TOKEN')).toMatchObject({ platform: 'custom', service: 'github', hint: 'ghp_…Q7r8' });
    expect(row('STRIPE_SECRET_KEY')).toMatchObject({ service: 'stripe', environment: 'production' });
    expect(row('KOGNITOS_TOKEN_STAGING')).toMatchObject({ platform: 'kognitos', environment: 'staging' });
    expect(row('KAI_API_KEY')).toMatchObject({ platform: 'kai', account: 'inst-3f9a', errors: [] });
    const json = JSON.stringify(view);
    for (const secret of ['7Hq2mV9xLp4Rt8Wz3Ka1', 'A1b2C3d4E5f6G7h8I9j0', 'IOSFODNN7EXAMPLE'])
      expect(json).not.toContain(secret);
  });

  it('marks duplicates of vault keys and of earlier rows, and skips them unless asked', async () => {
    const existing = session.inventory.add(
      { platform: 'knouds', name: 'Already here' },
      { value: 'knouds_live_Dup1Dup2Dup3Dup4Dup5' },
    );
    const body =
      'A_KEY=knouds_live_Dup1Dup2Dup3Dup4Dup5\nB_KEY=knouds_live_New1New2New3New4New5\nC_KEY=knouds_live_New1New2New3New4New5\n';
    const view = session.imports.preview(text('d.env', body));
    expect(view.items.map((i) => i.duplicateOf)).toEqual([
      { kind: 'vault', id: existing.id, name: 'Already here' },
      null,
      { kind: 'file', ref: 'd.env:2' },
    ]);
    const summary = await session.imports.commit(view.id);
    expect(summary).toMatchObject({ added: 1, duplicatesSkipped: 2 });
    const again = session.imports.preview(text('d.env', body));
    expect((await session.imports.commit(again.id, { includeDuplicates: true })).added).toBe(3);
    expect(rowCount()).toBe(5);
  });

  it('applies corrections from the preview: platform, name, environment, include', async () => {
    const view = session.imports.preview(
      text('c.env', 'SOME_TOKEN=abcdefghijklmnop1234\nOTHER_TOKEN=zyxwvutsrqponm9876\n'),
    );
    expect(view.items[0]).toMatchObject({ platform: 'custom', confidence: 'none' });
    await session.imports.commit(view.id, {
      corrections: [
        { index: 0, platform: 'kaana', name: 'Kaana reports', environment: 'staging' },
        { index: 1, include: false },
      ],
    });
    const keys = session.inventory.list().keys;
    expect(keys.map((k) => [k.name, k.platform, k.environment])).toEqual([['Kaana reports', 'kaana', 'staging']]);
    expect(keys[0]?.history[0]).toMatchObject({ action: 'created', detail: 'imported from c.env (env)' });
  });

  it('detects the Bitwarden fixture\'s hidden "Kubiya token" as kubiya, not the login URL\'s knouds', () => {
    const view = session.imports.preview(readImportFile(join(FIXTURES, 'bitwarden.json')));
    expect(view.items.find((i) => i.name === 'Knouds deploy / Kubiya token')).toMatchObject({
      platform: 'kubiya',
      confidence: 'high',
    });
    expect(view.items.find((i) => i.name === 'Knouds deploy')).toMatchObject({ platform: 'knouds' });
  });

  it('leaves out passwords that are not API keys unless included: website logins, DB_PASSWORD', async () => {
    const view = session.imports.preview(readImportFile(join(FIXTURES, '1password.csv')));
    const bank = view.items.find((i) => i.name === 'Bank login');
    expect(bank?.offByDefault).toBe('a website login, not an API key');
    expect(view.items.filter((i) => i.offByDefault !== null).map((i) => i.name)).toEqual(['Bank login']);
    const added = await session.imports.commit(view.id);
    expect(added.keys.map((k) => k.name)).not.toContain('Bank login');
    expect(added.excluded).toBe(1);

    const env = session.imports.preview(
      text(
        'app.env',
        'DB_PASSWORD=admin-pass-1\nSTRIPE_PASSWORD_RESET_TOKEN=abcdefghijklmnop\nSMTP_PASSWORD=hunter22\n',
      ),
    );
    expect(env.items.map((i) => [i.name, i.offByDefault])).toEqual([
      ['DB_PASSWORD', 'a password, not an API key'],
      ['STRIPE_PASSWORD_RESET_TOKEN', null], // "token": an API credential after all
      ['SMTP_PASSWORD', 'a password, not an API key'],
    ]);
    const chosen = await session.imports.commit(env.id, { corrections: [{ index: 2, include: true }] });
    expect(chosen.keys.map((k) => k.name)).toEqual(['STRIPE_PASSWORD_RESET_TOKEN', 'SMTP_PASSWORD']);
  });

  it('uses the default platform for keys nothing identifies', () => {
    const view = session.imports.previewParsed('x.env', 'env', { candidates: [], issues: [], skipped: [] });
    expect(view.items).toEqual([]);
    const v2 = session.imports.preview(text('y.env', 'SOME_TOKEN=abcdefghijklmnop1234\n'), {
      defaults: { platform: 'kognitos' },
    });
    expect(v2.items[0]?.platform).toBe('kognitos');
  });
});

describe('commit is all or nothing', () => {
  it('a bad row refuses the whole import, lists every problem by place, and writes nothing', async () => {
    const canary = newCanary('knouds_live_CANARY');
    const body = `GOOD_KEY=knouds_live_Good1Good2Good3Good4\nODD_KEY="x" y\nBAD_KEY="${canary}\nALSO_KEY=ok-value-1234567890\n`;
    const before = readFileSync(vaultPath);
    const view = session.imports.preview(text('bad.env', body));
    expect(view.errors.map((e) => e.ref)).toEqual(['bad.env:2', 'bad.env:3']);
    const e = await rejection(session.imports.commit(view.id));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(
      /^bad\.env: 2 problems; nothing was imported\.\n {2}bad\.env:2: unexpected text after the closing double quote of ODD_KEY\n {2}bad\.env:3: /,
    );
    expect(e.message).not.toContain('CANARY');
    expect(rowCount()).toBe(0);
    expect(readFileSync(vaultPath).equals(before)).toBe(true);
  });

  it('a failure while storing rolls the transaction back: no row of the import is in the file', async () => {
    const view = session.imports.preview(
      text('ok.env', 'A_KEY=knouds_live_Roll1Roll2Roll3Roll4\nB_KEY=knouds_live_Roll5Roll6Roll7Roll8\n'),
    );
    // The second insert fails inside the one transaction (a trigger added from another connection): the first must roll back.
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(vaultPath);
    other.exec(`CREATE TRIGGER fail_second BEFORE INSERT ON keys WHEN (SELECT count(*) FROM keys) >= 1
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    other.close();
    const e = await rejection(session.imports.commit(view.id));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).not.toMatch(/Roll/);
    expect(rowCount()).toBe(0);
    expect(session.imports.progress().phase).toBe('failed');
  });

  it('the canary secret of an imported key reaches no artefact in the clear', async () => {
    const canary = newCanary('knouds_live_CANARY');
    const view = session.imports.preview(text('c.env', `CANARY_KEY=${canary}\n`));
    await session.imports.commit(view.id);
    session.vault.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of vaultArtefacts(vaultPath)) {
      const bytes = readFileSync(file);
      for (const needle of canaryForms(canary))
        expect(bytes.includes(needle.bytes), `${needle.label} in ${file}`).toBe(false);
    }
  });

  it('reports progress in chunks up to done', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `K${i}_KEY=knouds_live_${String(i).padStart(20, 'x')}`).join(
      '\n',
    );
    const view = session.imports.preview(text('many.env', lines));
    const seen: number[] = [];
    const timer = setInterval(() => seen.push(session.imports.progress().done), 0);
    const summary = await session.imports.commit(view.id);
    clearInterval(timer);
    expect(summary.added).toBe(1200);
    expect(session.imports.progress()).toEqual({ phase: 'done', done: 1200, total: 1200 });
    expect(seen.some((n) => n > 0 && n < 1200)).toBe(true);
    const e = await rejection(session.imports.commit(view.id));
    expect(e.code).toBe('NOT_FOUND');
  });
});

describe('limits and refusals', () => {
  it('refuses a file over the size cap before reading it', () => {
    const big = join(dir.dir, 'big.env');
    writeFileSync(big, 'A_KEY=1\n');
    // A sparse file just over the cap: the size is checked on the open file before any byte is read.
    truncateSync(big, IMPORT_SIZE_CAP + 1);
    const e = (() => {
      try {
        readImportFile(big);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(isAppError(e, 'BAD_INPUT') && /over the import limit of 64\.0 MiB/.test(e.message)).toBe(true);
  });

  it('refuses binary and non-UTF-8 files', async () => {
    expect((await rejection(() => importText(Buffer.from([0x4b, 0, 0x44]), 'db.kdbx'))).message).toMatch(/binary/);
    expect((await rejection(() => importText(Buffer.from([0x41, 0xff, 0x42]), 'l.csv'))).message).toMatch(/UTF-8/);
  });

  it('an inventory export without secrets points to keyward inspect', async () => {
    const doc = {
      format: INVENTORY_FORMAT,
      version: INVENTORY_VERSION,
      exportedAt: '2026-11-25T09:00:00Z',
      source: 'vault',
      containsSecrets: false,
      keys: [],
    };
    const e = await rejection(() => session.imports.preview(text('inv.json', JSON.stringify(doc))));
    expect(e.message).toMatch(/holds no secrets.*keyward inspect inv\.json/);
  });
});

const keywardDoc = (over: Record<string, unknown>) => keywardDocument([exportedKey(over)]);

describe('preview warnings', () => {
  it('shows a base URL that is not the platform default, as a warning on its row', () => {
    const evil = session.imports.preview(
      text('evil2.json', keywardDoc({ baseUrl: 'https://u:p@evil.example/api?x=1' })),
    );
    expect(evil.items[0]).toMatchObject({ baseUrl: 'https://evil.example/api' });
    expect(evil.items[0]?.warnings).toEqual([
      "sets the base URL https://evil.example/api (not kognitos's default): verifying sends the key there",
    ]);
    const plain = session.imports.preview(text('plain.json', keywardDoc({})));
    expect(plain.items[0]?.warnings).toEqual([]);
    expect(plain.items[0]?.baseUrl).toBeUndefined();
  });

  it('warns that a Kaana login JWT is a session token, not an API key', () => {
    const view = session.imports.preview(readImportFile(join(FIXTURES, 'bitwarden.json')));
    const kaana = view.items.find((i) => i.platform === 'kaana');
    expect(kaana?.warnings.join(' ')).toMatch(/Kaana login session token/);
  });
});

describe('Keyward JSON round trip', () => {
  it('a hand-built document with secrets imports to the same inventory', async () => {
    const key = {
      id: 'old-id-1',
      platform: 'kognitos',
      name: 'Reports',
      account: 'acme-org',
      scopes: ['read'],
      environment: 'staging',
      owner: 'bo@example.com',
      purpose: 'weekly reports',
      deployedTo: ['reports-cron'],
      tags: ['reports'],
      notes: 'n',
      createdAt: '2026-01-02',
      expiresAt: '2027-01-02',
      lastUsedAt: null,
      status: 'active',
      rotateEveryDays: 90,
      lastVerification: null,
      extra: { permission: 'read-only' },
      recordCreatedAt: '2026-01-02T00:00:00Z',
      recordUpdatedAt: '2026-01-02T00:00:00Z',
      secret: { value: 'kgn_pat_Round1Round2Round3Ro' },
    };
    const kai = {
      ...key,
      id: 'old-id-2',
      platform: 'kai',
      name: 'KAI',
      extra: {},
      secret: { value: 'kai-secret-0123456789', instanceId: 'inst-1' },
    };
    const doc = {
      format: INVENTORY_FORMAT,
      version: INVENTORY_VERSION,
      exportedAt: 'now',
      source: 'vault',
      containsSecrets: true,
      keys: [key, kai],
    };
    const view = session.imports.preview(text('backup.json', JSON.stringify(doc)));
    expect(view.format).toBe('keyward');
    await session.imports.commit(view.id);
    const [a, b] = session.inventory.list().keys;
    const { id: _i, recordCreatedAt: _c, recordUpdatedAt: _u, secret, lastVerification: _v, ...fields } = key;
    expect(a).toMatchObject(fields);
    expect(session.inventory.secretFor(a?.id ?? '')).toEqual(secret);
    expect(session.inventory.secretFor(b?.id ?? '')).toEqual({ value: 'kai-secret-0123456789', instanceId: 'inst-1' });
  });
});
