// Rows with a problem among good ones (#16): a preview marks each at its row; a commit or a streamed import that
// is told to leave them out stores the others and names each row left out with its problem, never a secret; told
// nothing, it refuses as before. Problems of the file itself (a place the parser could not read as a key) still
// block both. A real failure while storing still rolls the whole streamed import back.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/app/session.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { importText, parseImport } from '../../../src-main/core/transfer/import/index.js';
import { newCanary } from '../../helpers/canary.js';
import { newTestVault, tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let session: Session;
let vaultPath: string;
let canary: string;

beforeEach(async () => {
  dir = tempDir();
  const t = await newTestVault(dir.dir);
  vaultPath = t.path;
  session = createSession(t.vault, { clock: t.clock, writeSchedule: false });
  canary = newCanary('CANARYrows');
});
afterEach(() => {
  session.lock();
  dir.cleanup();
});

/**
 * Four good rows, one filed under Knouds whose secret has a space inside (row 3: refused for Knouds, a warning for a
 * custom platform), one whose expiry cannot be read (row 5).
 */
const rowsFile = () =>
  [
    'name,secret,platform,expires',
    'Billing,knouds_live_Rows1Rows2Rows3Rows4,knouds,',
    `Spaced,${canary} tail,knouds,`,
    'Reports,knouds_live_Rows5Rows6Rows7Rows8,knouds,2031-01-01',
    `Soon,knouds_live_${canary},knouds,soon`,
    'Search,knouds_live_Rows9RowsARowsBRowsC,knouds,',
    'Mailer,knouds_live_RowsDRowsERowsFRowsG,knouds,',
  ].join('\n');
const text = (fileName: string, body: string) => importText(Buffer.from(body), fileName);
const names = () =>
  session.inventory
    .list()
    .keys.map((k) => k.name)
    .sort();
const rejection = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected an AppError');
};
const GOOD = ['Billing', 'Mailer', 'Reports', 'Search'];

describe('a preview with rows that have a problem', () => {
  it('marks each at its row and keeps the file itself free of problems', () => {
    const view = session.imports.preview(text('rows.csv', rowsFile()));
    expect(view.fileErrors).toEqual([]);
    const row = (n: string) => view.items.find((i) => i.name === n);
    expect(row('Spaced')?.errors.join(' ')).toMatch(/space or line break inside it/);
    expect(row('Soon')?.errors.join(' ')).toMatch(/expiry date cannot be read/);
    for (const n of GOOD) expect(row(n)?.errors).toEqual([]);
    expect(view.errors.map((e) => e.ref)).toEqual(['rows.csv:3', 'rows.csv:5']);
    expect(JSON.stringify(view)).not.toContain('CANARYrows');
  });

  it('a row that cannot be read as a key is a problem of the file', () => {
    const view = session.imports.preview(text('cut.csv', `${rowsFile()}\nhalf,row-without-fields\n`));
    expect(view.fileErrors).toEqual([{ ref: 'cut.csv:8', message: 'has 2 fields; the header has 4' }]);
  });

  it('a platform chosen in the preview can clear a problem: a revised row is checked again', () => {
    const view = session.imports.preview(text('rows.csv', rowsFile()));
    const spaced = view.items.find((i) => i.name === 'Spaced')!;
    const revised = session.imports.revise(view.id, [{ index: spaced.index, platform: 'custom' }]);
    expect(revised.items[spaced.index]?.errors).toEqual([]);
    // Still what Add key says of it under the new platform: a warning, not a refusal.
    expect(revised.items[spaced.index]?.warnings.join(' ')).toMatch(/space or line break/);
    // Choosing another platform clears no problem of the file's expiry.
    const soon = view.items.find((i) => i.name === 'Soon')!;
    const still = session.imports.revise(view.id, [{ index: soon.index, platform: 'custom' }]);
    expect(still.items[soon.index]?.errors.join(' ')).toMatch(/expiry date cannot be read/);
  });
});

describe('commit', () => {
  it('refuses every problem by row when not told to leave them out, and writes nothing', async () => {
    const view = session.imports.preview(text('rows.csv', rowsFile()));
    const e = await rejection(session.imports.commit(view.id));
    expect(e.message).toMatch(/^rows\.csv: 2 problems; nothing was imported\.\n {2}rows\.csv:3: .*\n {2}rows\.csv:5: /);
    expect(e.message).not.toContain('CANARYrows');
    expect(names()).toEqual([]);
  });

  it('told to leave them out, stores the others and names each row left out with its problem', async () => {
    const view = session.imports.preview(text('rows.csv', rowsFile()));
    const summary = await session.imports.commit(view.id, { leaveOutInvalid: true });
    expect(summary.added).toBe(4);
    expect(names()).toEqual(GOOD);
    expect(summary.invalid.map((r) => [r.ref, r.name])).toEqual([
      ['rows.csv:3', 'Spaced'],
      ['rows.csv:5', 'Soon'],
    ]);
    expect(summary.invalid[0]?.problems.join(' ')).toMatch(/space or line break inside it/);
    expect(summary.invalid[1]?.problems.join(' ')).toMatch(/expiry date cannot be read/);
    expect(JSON.stringify(summary)).not.toContain('CANARYrows');
  });

  it('a row fixed by its platform is stored; a row the user includes with its problem still refuses', async () => {
    const view = session.imports.preview(text('rows.csv', rowsFile()));
    const e = await rejection(
      session.imports.commit(view.id, { leaveOutInvalid: true, corrections: [{ index: 3, include: true }] }),
    );
    expect(e.message).toMatch(/rows\.csv:5: .*expiry date cannot be read/);
    expect(names()).toEqual([]);
    const again = session.imports.preview(text('rows.csv', rowsFile()));
    const summary = await session.imports.commit(again.id, {
      leaveOutInvalid: true,
      corrections: [{ index: 1, platform: 'custom', include: true }],
    });
    expect(summary.added).toBe(5);
    expect(summary.invalid.map((r) => r.name)).toEqual(['Soon']);
    expect(names()).toEqual([...GOOD, 'Spaced'].sort());
  });

  it('a problem of the file itself still blocks, told to leave rows out or not', async () => {
    const view = session.imports.preview(text('cut.csv', `${rowsFile()}\nhalf,row-without-fields\n`));
    const e = await rejection(session.imports.commit(view.id, { leaveOutInvalid: true }));
    expect(e.message).toMatch(/cut\.csv:8: has 2 fields/);
    expect(names()).toEqual([]);
  });
});

describe('a streamed import (--yes)', () => {
  const parsed = (fileName: string, body: string) => parseImport(text(fileName, body)).parsed;

  it('refuses (null, nothing written) when not told to leave rows out', () => {
    const before = readFileSync(vaultPath);
    expect(session.imports.importParsed('rows.csv', 'csv', parsed('rows.csv', rowsFile()))).toBeNull();
    expect(names()).toEqual([]);
    expect(readFileSync(vaultPath).equals(before)).toBe(true);
  });

  it('told to leave them out, counts each as excluded and names it, across batches', () => {
    // Good rows past the first batch of 1,000, and a bad row in the second batch.
    const many = Array.from({ length: 1500 }, (_, i) => `Bulk ${i},knouds_live_${String(i).padStart(20, 'b')},knouds,`);
    many.splice(1200, 0, `Late,${canary} late,knouds,`);
    const body = [rowsFile(), ...many].join('\n');
    const done = session.imports.importParsed('rows.csv', 'csv', parsed('rows.csv', body), { leaveOutInvalid: true });
    expect(done).not.toBeNull();
    expect(done!.summary.added).toBe(1504);
    expect(done!.summary.excluded).toBe(3);
    expect(done!.summary.invalid.map((r) => [r.ref, r.name])).toEqual([
      ['rows.csv:3', 'Spaced'],
      ['rows.csv:5', 'Soon'],
      ['rows.csv:1208', 'Late'],
    ]);
    expect(session.inventory.list().keys).toHaveLength(1504);
    expect(JSON.stringify(done)).not.toContain('CANARYrows');
  });

  it('a row included by the user with its problem still refuses the whole import', () => {
    const done = session.imports.importParsed('rows.csv', 'csv', parsed('rows.csv', rowsFile()), {
      leaveOutInvalid: true,
      corrections: [{ index: 1, include: true }],
    });
    expect(done).toBeNull();
    expect(names()).toEqual([]);
  });

  it('a problem of the file itself still refuses it', () => {
    const body = `${rowsFile()}\nhalf,row-without-fields\n`;
    expect(
      session.imports.importParsed('cut.csv', 'csv', parsed('cut.csv', body), { leaveOutInvalid: true }),
    ).toBeNull();
    expect(names()).toEqual([]);
  });

  it('a failure while storing still rolls every batch back', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => `Bulk ${i},knouds_live_${String(i).padStart(20, 'f')},knouds,`);
    const body = [rowsFile(), ...many].join('\n');
    // The insert of the 2,001st key fails inside the one transaction, after two batches were inserted.
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(vaultPath);
    other.exec(`CREATE TRIGGER fail_late BEFORE INSERT ON keys WHEN (SELECT count(*) FROM keys) >= 2000
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    other.close();
    const e = await rejection(() =>
      session.imports.importParsed('rows.csv', 'csv', parsed('rows.csv', body), { leaveOutInvalid: true }),
    );
    expect(e.code).toBe('INTERNAL');
    expect(e.message).not.toContain('CANARYrows');
    expect(names()).toEqual([]);
  });
});
