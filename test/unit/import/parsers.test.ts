// Each importer against its fixture (written from the format's public docs), and the
// shared readers' edge cases: what is imported, what is skipped, and where errors point.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-main/core/errors.js';
import { readCsv } from '../../../src-main/core/transfer/csv-records.js';
import { PARSERS, sniffFormat } from '../../../src-main/core/transfer/import/formats.js';
import type { ImportFormat, ParseResult } from '../../../src-main/core/transfer/import/import.types.js';
import { jsonErrorLine } from '../../../src-main/core/transfer/import/json-position.js';
import { keepassDay } from '../../../src-main/core/transfer/import/keepass-xml.parser.js';
import { readXml } from '../../../src-main/core/transfer/import/xml-reader.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/import');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const parse = (format: ImportFormat, fileName: string, text = fixture(fileName), mapping?: Record<string, string>) =>
  PARSERS[format]({ text, fileName, ...(mapping ? { mapping: mapping as never } : {}) });
const names = (r: ParseResult) => r.candidates.map((c) => c.name);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (e) {
    return isAppError(e) ? e.code : 'not an AppError';
  }
};
const messageOf = (fn: () => unknown) => {
  try {
    fn();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('format sniffing', () => {
  it.each([
    ['sample.env', 'env'],
    ['keys.csv', 'csv'],
    ['spreadsheet.csv', 'csv'],
    ['bitwarden.json', 'bitwarden-json'],
    ['1password.csv', 'onepassword-csv'],
    ['keepassxc.csv', 'keepassxc-csv'],
    ['keepass.xml', 'keepass-xml'],
  ])('%s is %s', (file, format) => {
    expect(sniffFormat(file, fixture(file))).toBe(format);
  });
  it('reads content when the name says nothing', () => {
    expect(sniffFormat('secrets', 'A=1\n# c\nexport B="2"\n')).toBe('env');
    expect(sniffFormat('dump', '{"format":"keyward.inventory"}')).toBe('keyward');
    expect(sniffFormat('prod.env', 'X=1')).toBe('env');
  });
  it('refuses what it cannot tell, and XML or JSON of another kind', () => {
    expect(codeOf(() => sniffFormat('notes.txt', 'just some words'))).toBe('BAD_INPUT');
    expect(codeOf(() => sniffFormat('x.xml', '<html></html>'))).toBe('BAD_INPUT');
    expect(codeOf(() => sniffFormat('x.json', '{"a":1}'))).toBe('BAD_INPUT');
  });
});

describe('.env', () => {
  const r = parse('env', 'sample.env');
  it('imports variables that look like keys and skips the rest with reasons', () => {
    expect(names(r)).toEqual([
      'KNOUDS_API_KEY',
      'KUBIYA_API_KEY',
      'KAI_API_KEY',
      'GITHUB_TOKEN',
      'STRIPE_SECRET_KEY',
      'AWS_ACCESS_KEY_ID',
      'SLACK_BOT_TOKEN',
      'KOGNITOS_TOKEN_STAGING',
    ]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'PORT does not look like a key',
      'DEBUG does not look like a key',
      'EMPTY_SECRET is empty',
    ]);
    expect(r.issues).toEqual([]);
  });
  it('skips a value that only refers to another variable', () => {
    const refs = parse(
      'env',
      'r.env',
      'API_KEY=${KNOUDS_KEY}\nTOKEN=$OTHER_TOKEN\nSECRET_KEY=${VAULT_KEY:-x}\nREAL_TOKEN=abc${def}ghijk1234\n',
    );
    expect(refs.candidates.map((c) => c.name)).toEqual(['REAL_TOKEN']);
    expect(refs.skipped.map((s) => s.reason)).toEqual([
      'API_KEY refers to another variable',
      'TOKEN refers to another variable',
      'SECRET_KEY refers to another variable',
    ]);
  });
  it('unquotes, drops inline comments, handles export, and pairs KAI with its instance id', () => {
    const by = (n: string) => r.candidates.find((c) => c.name === n);
    expect(by('KNOUDS_API_KEY')?.secret.value).toBe('knouds_live_7Hq2mV9xLp4Rt8Wz3Ka1');
    expect(by('KAI_API_KEY')?.secret).toEqual({ value: 'kai-9d8c7b6a5f4e3d2c1b0a', instanceId: 'inst-3f9a' });
    expect(by('GITHUB_TOKEN')?.secret.value).toBe('ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8');
    expect(by('KNOUDS_API_KEY')?.ref).toBe('sample.env:5');
  });
  it('reads double quotes as dotenv does (only \\n and \\r expanded), and names the line of a bad one', () => {
    const ok = parse('env', 'a.env', 'A_KEY="x\\"y"\nB_TOKEN="line1\nline2"\nC_KEY=z\n');
    // dotenv keeps \" as written: `"(?:\\"|[^"])*"` lets it through without unescaping it.
    expect(ok.candidates.map((c) => [c.ref, c.secret.value])).toEqual([
      ['a.env:1', 'x\\"y'],
      ['a.env:4', 'z'],
    ]);
    expect(ok.skipped).toEqual([
      { ref: 'a.env:2', reason: 'B_TOKEN spans several lines (a PEM key or certificate?), not an API key' },
    ]);
    const bad = parse('env', 'b.env', 'GOOD_KEY=1\nthis is not a variable\nOPEN_KEY="never closed\n');
    expect(bad.issues).toEqual([{ ref: 'b.env:3', message: 'the double quote of OPEN_KEY is never closed' }]);
    expect(bad.skipped).toContainEqual({ ref: 'b.env:2', reason: 'not a NAME=value line (dotenv ignores it too)' });
  });
});

describe('CSV (RFC 4180) and the column mapping', () => {
  it('reads quotes, doubled quotes, line breaks in fields, CRLF, and the line each record starts on', () => {
    expect(readCsv('a,b\r\n"x, ""y""","1\n2"\r\nlast,\n', 't.csv')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', '1\n2'] },
      { line: 4, cells: ['last', ''] },
    ]);
    expect(messageOf(() => readCsv('a,b\n"open,1\n', 't.csv'))).toMatch(/^t\.csv:2: a quoted field is never closed/);
    expect(messageOf(() => readCsv('a\n"x"y\n', 't.csv'))).toMatch(/^t\.csv:2: text after a closing quote/);
  });
  it('maps known headers without help', () => {
    const r = parse('csv', 'keys.csv');
    expect(names(r)).toEqual(['Nightly deploy', 'Reports', 'Multi-line\nnote key']);
    expect(r.candidates[0]?.fields).toMatchObject({
      platform: 'knouds',
      account: 'ana@example.com',
      environment: 'production',
      tags: ['ci', 'deploy'],
      expiresAt: '2027-03-01',
      notes: 'Used by the nightly deploy, see "runbook"',
    });
    expect(r.candidates[2]?.ref).toBe('keys.csv:4');
  });
  it('asks for a mapping when no column holds the secret, then follows it', () => {
    expect(messageOf(() => parse('csv', 'spreadsheet.csv'))).toMatch(
      /^spreadsheet\.csv:1: no column holds the secret\. Map one by header name or column number/,
    );
    const r = parse('csv', 'spreadsheet.csv', undefined, {
      Service: 'name',
      'key value': 'secret',
      '3': 'owner',
      'When it expires': 'expiresAt',
    });
    expect(r.candidates.map((c) => [c.name, c.fields.owner, c.fields.expiresAt])).toEqual([
      ['Knouds CI', 'ana@example.com', '2027-06-30'],
      ['GitHub deploy', 'bo@example.com', undefined],
    ]);
    expect(codeOf(() => parse('csv', 'spreadsheet.csv', undefined, { Nope: 'secret' }))).toBe('BAD_INPUT');
    expect(codeOf(() => parse('csv', 'spreadsheet.csv', undefined, { Service: 'bogus' }))).toBe('BAD_INPUT');
  });
  it('reports rows with the wrong field count, bad platforms and bad dates by line', () => {
    const r = parse(
      'csv',
      'bad.csv',
      'name,secret,platform,expires\na,k1,knouds,2027-01-01\nb,k2\nc,k3,nope,\nd,k4,,31/12/2027\n',
    );
    expect(r.issues).toEqual([
      { ref: 'bad.csv:3', message: 'has 2 fields; the header has 4' },
      { ref: 'bad.csv:4', message: expect.stringMatching(/^the platform is not one of kai, /) },
      {
        ref: 'bad.csv:5',
        message: 'the expiry date cannot be read (write it YYYY-MM-DD, as an ISO timestamp or as a Unix time)',
      },
    ]);
  });
});

describe('password managers', () => {
  it('Bitwarden: login passwords, hidden fields and key-shaped notes; cards and plain notes skipped', () => {
    const r = parse('bitwarden-json', 'bitwarden.json');
    expect(names(r)).toEqual(['Knouds deploy', 'Knouds deploy / Kubiya token', 'Kaana session (do not use)']);
    expect(r.candidates[0]?.fields).toMatchObject({
      account: 'ana@example.com',
      tags: ['Production'],
      createdAt: '2026-09-01',
    });
    expect(r.candidates[0]?.context).toContain('https://knouds.ai/app/api/keys');
    expect(r.skipped.map((s) => s.ref)).toEqual([
      'bitwarden.json: entry 3 (Meeting notes)',
      'bitwarden.json: entry 4 (Company card)',
    ]);
  });
  it('Bitwarden: an encrypted export and a file without items are refused', () => {
    expect(messageOf(() => parse('bitwarden-json', 'e.json', '{"encrypted":true,"items":[]}'))).toMatch(/encrypted/);
    expect(codeOf(() => parse('bitwarden-json', 'e.json', '{"folders":[]}'))).toBe('BAD_INPUT');
    expect(messageOf(() => parse('bitwarden-json', 'e.json', '{\n"items": [\n}'))).toMatch(
      /^e\.json(:3)?: not valid JSON\.$/,
    );
  });
  it('1Password CSV: archived items and rows without a password are skipped', () => {
    const r = parse('onepassword-csv', '1password.csv');
    expect(names(r)).toEqual(['Knouds production', 'Kubiya runner', 'Bank login']);
    expect(r.skipped).toEqual([{ ref: '1password.csv:4', reason: 'archived in 1Password' }]);
    expect(r.candidates[0]?.fields).toMatchObject({ account: 'ana@example.com', tags: ['api', 'prod'] });
    expect(codeOf(() => parse('onepassword-csv', 'x.csv', 'a,b\n1,2\n'))).toBe('BAD_INPUT');
  });
  it('KeePassXC CSV: groups become tags, created dates are kept', () => {
    const r = parse('keepassxc-csv', 'keepassxc.csv');
    expect(names(r)).toEqual(['Kognitos reports', 'Kaana tenant 42']);
    expect(r.candidates[0]?.fields).toMatchObject({
      tags: ['Production'],
      createdAt: '2026-09-01',
      account: 'acme-org',
    });
    expect(r.skipped).toEqual([{ ref: 'keepassxc.csv:4', reason: 'no password in this entry' }]);
  });
  it('KeePass XML: entries, protected custom strings, expiry; never history or the recycle bin', () => {
    const r = parse('keepass-xml', 'keepass.xml');
    expect(names(r)).toEqual(['Kognitos & reports', 'Kognitos & reports / Webhook secret', 'Knouds']);
    expect(r.candidates[0]?.fields).toMatchObject({
      expiresAt: '2027-02-28',
      createdAt: '2026-05-04',
      tags: ['Production'],
    });
    expect(r.candidates[1]?.secret.value).toBe('whsec_Cdata1Cdata2Cdata3');
    expect(r.candidates[2]?.fields.expiresAt).toBeUndefined();
    expect(r.skipped.map((s) => s.reason)).toEqual(['in the recycle bin']);
    expect(JSON.stringify(r)).not.toContain('History1');
  });
  it('KeePass XML: an encrypted inner value is an entry error; base64 KDBX 4 times are read', () => {
    const xml =
      '<KeePassFile><Root><Group><Name>R</Name><Entry><String><Key>Password</Key><Value Protected="True">AAAA</Value></String></Entry></Group></Root></KeePassFile>';
    expect(parse('keepass-xml', 'p.xml', xml).issues[0]?.message).toMatch(/Protected/);
    // 2027-01-01T00:00:00Z as seconds since 0001-01-01, little-endian, base64.
    const seconds = BigInt(Date.UTC(2027, 0, 1) / 1000) + 62135596800n;
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(seconds);
    expect(keepassDay(b.toString('base64'))).toBe('2027-01-01');
  });
});

describe('JSON error lines', () => {
  it('finds the line of the first syntax error, and null for valid JSON', () => {
    const valid = ['{}', '[]', '{"a":[1,-2.5e3,true,null,"x\\n"]}', ' "s" ', '0', '{"a":{"b":[]}}'];
    for (const v of valid) expect([v, jsonErrorLine(v)]).toEqual([v, null]);
    expect(jsonErrorLine('{\n"a": 1,\n}')).toBe(3);
    expect(jsonErrorLine('[1,\n2\n3]')).toBe(3);
    expect(jsonErrorLine('{"a"\n 1}')).toBe(2);
    expect(jsonErrorLine('{"a": "open')).toBe(1);
    expect(jsonErrorLine('[')).toBe(1);
    expect(jsonErrorLine('{} x')).toBe(1);
    expect(jsonErrorLine('{"a":01}')).toBe(1);
  });
});

describe('the XML reader', () => {
  it('refuses any DTD, so entities are never expanded and nothing external is fetched', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><KeePassFile>&lol;</KeePassFile>';
    expect(messageOf(() => readXml(laughs, 'l.xml'))).toMatch(/^l\.xml:1:22: a DOCTYPE/);
    const xxe = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    expect(codeOf(() => readXml(xxe, 'x.xml'))).toBe('BAD_INPUT');
    expect(messageOf(() => readXml('<x>&secretish;</x>', 'x.xml'))).toMatch(/^x\.xml:1:\d+: an unknown entity/);
    expect(messageOf(() => readXml('<x>&secretish;</x>', 'x.xml'))).not.toContain('secretish');
  });
  it('names the line of a structural error and caps nesting', () => {
    expect(messageOf(() => readXml('<a>\n<b>\n</a>', 'm.xml'))).toBe(
      'm.xml:3:1: a closing tag that does not match the element opened on line 2.',
    );
    expect(messageOf(() => readXml('<a>\n<b>', 'm.xml'))).toMatch(/the element opened on line 2 is never closed/);
    expect(messageOf(() => readXml('<a>'.repeat(300) + '</a>'.repeat(300), 'd.xml'))).toMatch(/nested deeper than 256/);
    expect(readXml('<a x="1&amp;2">t&#x41;&#66;<![CDATA[<raw>]]></a>', 'ok.xml')).toMatchObject({
      attrs: { x: '1&2' },
      text: 'tAB<raw>',
    });
  });
});

describe('review polish', () => {
  it('CSV: trims headers, refuses a repeated header by column, reads semicolons, says "1 field"', () => {
    expect(names(parse('csv', 's.csv', 'Name ,Secret \nA,knouds_live_abcdefghijklmnop12\n'))).toEqual(['A']);
    expect(messageOf(() => parse('csv', 'd.csv', 'name,secret,Secret\nA,b,c\n'))).toBe(
      'd.csv:1: columns 2 and 3 have the same header "Secret"; rename one.',
    );
    const semi = parse('csv', 'semi.csv', 'name;secret;platform\nA;knouds_live_abcdefghijklmnop12;knouds\n');
    expect([names(semi), semi.issues]).toEqual([['A'], []]);
    expect(parse('csv', 'f.csv', 'name,secret\nA\n').issues[0]?.message).toBe('has 1 field; the header has 2');
  });

  it('CSV: a mapping takes the documented names expires and created, and the camelCase', () => {
    const text = 'n,s,e,c\nA,knouds_live_abcdefghijklmnop12,2027-01-01,2026-01-01\n';
    for (const [e, c] of [
      ['expires', 'created'],
      ['expiresAt', 'createdAt'],
    ]) {
      const r = parse('csv', 'm.csv', text, { n: 'name', s: 'secret', e: e as string, c: c as string });
      expect(r.candidates[0]?.fields).toMatchObject({ expiresAt: '2027-01-01', createdAt: '2026-01-01' });
    }
  });

  it('Bitwarden: names the real problem and the title; items in the trash are skipped', () => {
    const bw = (items: unknown[]) => JSON.stringify({ encrypted: false, items });
    const r = parse(
      'bitwarden-json',
      'bw.json',
      bw([
        { type: 1, name: 'Deploy', login: { password: 1234 } },
        { type: 1, name: 'Bot', fields: [{ name: 'x', value: 5, type: 1 }] },
        { name: 'Typeless' },
        {
          type: 1,
          name: 'Old',
          deletedDate: '2026-01-01T00:00:00Z',
          login: { password: 'knouds_live_abcdefghijklmnop12' },
        },
      ]),
    );
    expect(r.issues).toEqual([
      { ref: 'bw.json: entry 1 (Deploy)', message: 'login.password must be text' },
      { ref: 'bw.json: entry 2 (Bot)', message: 'fields.1.value must be text' },
      { ref: 'bw.json: entry 3 (Typeless)', message: 'is not a Bitwarden item (needs a numeric "type")' },
    ]);
    expect(r.skipped).toEqual([{ ref: 'bw.json: entry 4 (Old)', reason: 'in the trash' }]);
  });
});

describe('1Password 7 custom-field columns', () => {
  it('a custom column holding a key-shaped value becomes a key, never a line of the notes', () => {
    const text =
      '"title","password","username","urls","notesPlain","uuid","deploy","region"\n' +
      '"CI","","","","runner","u1","ghp_Cu1Cu2Cu3Cu4Cu5Cu6Cu7Cu8Cu9Cu0Cu1Cu","eu-west-1"\n';
    const r = parse('onepassword-csv', 'op7.csv', text);
    expect(r.candidates.map((c) => [c.name, c.secret.value, c.fields.notes])).toEqual([
      ['CI / deploy', 'ghp_Cu1Cu2Cu3Cu4Cu5Cu6Cu7Cu8Cu9Cu0Cu1Cu', 'runner\nregion: eu-west-1'],
    ]);
  });
});
