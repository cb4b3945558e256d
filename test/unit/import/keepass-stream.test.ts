// The streaming KeePass XML reader gives exactly what the whole-tree reader gives (candidates, skipped rows,
// issues and their order, or the same error), on the fixtures, on layouts it hands to the tree reader, on
// thousands of mutated files; and it keeps no entry in the tree it returns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-main/core/errors.js';
import { parseKeePassXml, parseKeePassXmlTree } from '../../../src-main/core/transfer/import/keepass-xml.parser.js';
import { streamKeePassXml } from '../../../src-main/core/transfer/import/keepass-xml.stream.js';
import { scanXml } from '../../../src-main/core/transfer/import/xml-reader.js';
import { mutate } from '../../helpers/import-fuzz.js';
import { prng } from '../../helpers/prng.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/import');
const KEEPASS = ['keepass.xml', 'keepassxc-2.7-export.xml', 'keepassxc-otp-recycle.xml'];
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const outcome = (fn: () => unknown) => {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: isAppError(e) ? `${e.code} ${e.message}` : String(e) };
  }
};
const both = (text: string, fileName = 'f.xml') => ({
  stream: outcome(() => parseKeePassXml({ text, fileName })),
  tree: outcome(() => parseKeePassXmlTree({ text, fileName })),
});

const entry = (title: string, value: string) =>
  `<Entry><String><Key>Title</Key><Value>${title}</Value></String><String><Key>Password</Key><Value>${value}</Value></String></Entry>`;
const group = (name: string, body: string, uuid = '') =>
  `<Group>${uuid ? `<UUID>${uuid}</UUID>` : ''}<Name>${name}</Name>${body}</Group>`;
const file = (root: string, meta = '<Meta><Generator>t</Generator></Meta>', after = '') =>
  `<?xml version="1.0"?><KeePassFile>${meta}<Root>${root}</Root>${after}</KeePassFile>`;
const BIN = 'Q0NDQ0NDQ0NDQ0NDQ0NDQw==';
const binMeta = `<Meta><RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>${BIN}</RecycleBinUUID></Meta>`;

describe('KeePass XML read as a stream', () => {
  it.each(KEEPASS)('%s: streamed, the same result as the whole tree', (name) => {
    const text = fixture(name);
    expect(streamKeePassXml({ text, fileName: name })).toBeDefined();
    const { stream, tree } = both(text, name);
    expect(stream).toEqual(tree);
    expect((tree.value as { candidates: unknown[] }).candidates.length).toBeGreaterThan(0);
  });

  const nested = group(
    'Top',
    entry('a', 'ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') +
      group(
        'Bin',
        entry('gone', 'ghp_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB') + group('Deep', entry('gone too', 'x')),
        BIN,
      ) +
      group(
        'Dev',
        entry('b', 'ghp_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC') +
          group('Inner', entry('c', 'sk_live_DDDDDDDDDDDDDDDDDDDDDDDD')),
      ),
  );
  it.each([
    ['groups, a bin with a subgroup, history and entries', file(nested, binMeta), true],
    [
      'a bin found by its name',
      file(
        group(
          'T',
          group('Recycle Bin', entry('x', 'ghp_EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE')) +
            entry('y', 'ghp_FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'),
        ),
      ),
      false,
    ],
    ['Meta after Root', file(nested, '', binMeta), false],
    [
      'two top groups',
      file(
        group('One', entry('a', 'ghp_GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG')) +
          group('Two', entry('b', 'ghp_HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH')),
      ),
      false,
    ],
    [
      'an entry after a subgroup',
      file(
        group(
          'T',
          group('S', entry('a', 'ghp_IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII')) +
            entry('b', 'ghp_JJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJ'),
        ),
      ),
      false,
    ],
    [
      'a group named after its entries',
      file(group('T', `<Group>${entry('a', 'ghp_KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK')}<Name>Late</Name></Group>`)),
      false,
    ],
    [
      'a bin UUID after its entries',
      file(
        group(
          'T',
          `<Group><Name>B</Name>${entry('a', 'ghp_LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL')}<UUID>${BIN}</UUID></Group>`,
        ),
        binMeta,
      ),
      false,
    ],
    ['self-closed entries and groups', file(group('T', '<Entry/><Group/>' + group('S', '<Entry/>'))), true],
    [
      'entries outside any group',
      file(`${entry('loose', 'ghp_MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM')}${group('T', '')}`),
      true,
    ],
    ['no Root', '<KeePassFile><Meta/></KeePassFile>', true],
    ['another root element', '<Other><Root/></Other>', true],
    [
      'a tag left open after the entries',
      file(group('T', entry('a', 'ghp_NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN'))).replace('</KeePassFile>', ''),
      true,
    ],
  ])('%s: the same as the whole tree', (_, text, streamed) => {
    const { stream, tree } = both(text);
    expect(stream).toEqual(tree);
    const s = outcome(() => streamKeePassXml({ text, fileName: 'f.xml' }));
    expect(s.error !== undefined || s.value !== undefined).toBe(streamed);
  });

  it('3,000 mutated KeePass files: the same result or the same error as the whole tree', () => {
    const r = prng(20261204);
    const corpus = [...KEEPASS.map(fixture), file(nested, binMeta)];
    for (let i = 0; i < 3000; i += 1) {
      const base = corpus[i % corpus.length] as string;
      const text = mutate(r, base, corpus);
      const { stream, tree } = both(text);
      if (JSON.stringify(stream) !== JSON.stringify(tree)) expect({ i, stream }).toEqual({ i, stream: tree });
    }
  });

  it('drops each closed element the visitor lets go of: no entry is left in the tree', () => {
    const text = fixture('keepass.xml');
    const doc = scanXml(text, 'keepass.xml', { close: (el) => el.name === 'Entry' });
    const names: string[] = [];
    const walk = [doc];
    while (walk.length > 0) {
      const el = walk.pop();
      if (!el) break;
      names.push(el.name);
      walk.push(...el.children);
    }
    expect(names).toContain('Group');
    expect(names).not.toContain('Entry');
  });
});
