// Both CSV readers of Keyward (the inventory export read back, and the CSV importer)
// read RFC 4180 the same way: doubled quotes and line breaks inside quotes are kept,
// text after a closing quote is refused, and an error names the physical line.
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { formatCsv, parseCsv } from '../../../src-main/core/transfer/export/csv.js';
import { inventoryDocument } from '../../../src-main/core/transfer/export/inventory-records.js';
import { PARSERS } from '../../../src-main/core/transfer/import/formats.js';
import { newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

async function exportedCsv() {
  const t = tempDir();
  const { vault, clock } = await newTestVault(t.dir);
  cleanup = () => {
    vault.lock();
    t.cleanup();
  };
  const session = createSession(vault, { clock, writeSchedule: false });
  session.inventory.add(sampleKey({ name: 'First', notes: 'a "quoted" word\r\nand a second line' }), {
    value: 'knouds_live_FIRSTSECRET',
  });
  // Added at the same instant (the clock is fixed): the export keeps the order they were added in.
  session.inventory.add(sampleKey({ name: 'Second' }), { value: 'knouds_live_SECONDSECRET' });
  const doc = inventoryDocument(session.inventory.list().keys, { now: clock.now(), source: 'vault.db' });
  return { doc, csv: formatCsv(doc) };
}

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return isAppError(e) ? { code: e.code, message: e.message } : { code: 'not an AppError', message: String(e) };
  }
  return { code: 'none', message: '' };
};
const readBack = (csv: string) => parseCsv(csv, { source: 'vault.db', exportedAt: '2026-11-01T00:00:00.000Z' });
const importCsv = (text: string) => PARSERS.csv({ text, fileName: 'keys.csv' });

describe('one CSV reading for the export and the importer', () => {
  it('the export reads back quoted quotes and line breaks, with or without a byte-order mark', async () => {
    const { doc, csv } = await exportedCsv();
    expect(readBack(csv).keys).toEqual(doc.keys);
    expect(readBack('\uFEFF' + csv).keys).toEqual(doc.keys);
  });

  it('the export refuses text after a closing quote, as the importer does, naming the line', async () => {
    const { csv } = await exportedCsv();
    // The first record's notes cell is quoted (it holds a line break); put text after its closing quote.
    const broken = csv.replace('second line"', 'second line"x');
    expect(broken).not.toBe(csv);
    const exported = failure(() => readBack(broken));
    expect(exported.code).toBe('BAD_INPUT');
    expect(exported.message).toMatch(/line 4: text after a closing quote/);

    const imported = failure(() => importCsv('name,secret\n"x"y,knouds_live_ABCDEFGH\n'));
    expect(imported.code).toBe('BAD_INPUT');
    expect(imported.message).toMatch(/^keys\.csv:2: text after a closing quote/);
  });

  it('an error after a blank line names the physical line in both', async () => {
    const { csv } = await exportedCsv();
    const lines = csv.split('\r\n');
    // The header, the first record (lines 2 to 4), the second (5 and 6), a blank line, a short record on line 8.
    const withBlank = [...lines.slice(0, 4), '', 'a,b', ''].join('\r\n');
    expect(failure(() => readBack(withBlank)).message).toMatch(/line 8: 2 cells/);

    const imported = importCsv('name,secret\n\nfirst,knouds_live_ABCDEFGH\n\nshort\n');
    expect(imported.candidates.map((c) => c.name)).toEqual(['first']);
    expect(imported.issues.map((i) => i.ref)).toEqual(['keys.csv:5']);
  });

  it('a quote that never closes names the line it opened on in both', async () => {
    const { csv } = await exportedCsv();
    expect(failure(() => readBack(csv + '"open,1\r\n')).message).toMatch(
      /line 7: a quoted (cell|field) is never closed/,
    );
    expect(failure(() => importCsv('name,secret\n"open,1\n')).message).toMatch(
      /^keys\.csv:2: a quoted field is never closed/,
    );
  });
});
