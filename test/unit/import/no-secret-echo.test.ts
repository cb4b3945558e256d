// SECURITY: import problems are named by place, never by value. Each bad input puts a canary secret where a
// parser might echo it (an XML tag after a raw "<", a .env name that is a pasted token, a CSV cell, a Bitwarden
// title or field) and the canary, or any 8-character part of it, must not appear in the thrown error, the
// preview's rows, errors or skipped list.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src-main/core/app/session.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { importText } from '../../../src-main/core/transfer/import/index.js';
import { newCanary } from '../../helpers/canary.js';
import { exportedKey, keywardDocument } from '../../helpers/keyward-doc.js';
import { newTestVault, tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let session: Session;
beforeEach(async () => {
  dir = tempDir();
  const t = await newTestVault(dir.dir);
  session = createSession(t.vault, { clock: t.clock, writeSchedule: false });
});
afterEach(() => {
  session.lock();
  dir.cleanup();
});

/** Everything a user could see of an import of `body`: the preview as JSON, or the error's message. */
function shown(fileName: string, body: string): string {
  try {
    return JSON.stringify(session.imports.preview(importText(Buffer.from(body), fileName)));
  } catch (e) {
    if (!isAppError(e)) throw e;
    return `${e.message} ${JSON.stringify(e.subject ?? '')}`;
  }
}

/** Every 8-character window of the canary that `text` contains. */
const leaks = (text: string, canary: string) =>
  Array.from({ length: canary.length - 7 }, (_, i) => canary.slice(i, i + 8)).filter((part) => text.includes(part));

const kp = (entry: string) =>
  `<KeePassFile><Root><Group><Name>Db</Name><Entry>${entry}</Entry></Group></Root></KeePassFile>`;
const kpString = (key: string, value: string) => `<String><Key>${key}</Key><Value>${value}</Value></String>`;
const bw = (items: unknown[]) => JSON.stringify({ encrypted: false, folders: [], items });
const kw = (over: Record<string, unknown>) => keywardDocument([exportedKey(over)]);

const CASES: [string, string, (c: string) => string][] = [
  ['KeePass: a raw "<" before password text', 'x8.xml', (c) => kp(kpString('Password', `ab</${c}>`))],
  ['KeePass: a raw "<" opening a tag', 'x8.xml', (c) => kp(kpString('Password', `ab<${c}>cd`))],
  ['KeePass: a tag never closed', 'x8.xml', (c) => `<KeePassFile><Root><${c}>`],
  ['KeePass: a malformed tag', 'x8.xml', (c) => kp(kpString('Password', `ab<${c} =x>`))],
  ['KeePass: an attribute twice', 'x8.xml', (c) => kp(`<String ${c}="1" ${c}="2"></String>`)],
  ['KeePass: title and custom key', 'x8.xml', (c) => kp(kpString('Title', c) + kpString(c, 'sk_live_51HxAbCdEfGhIj'))],
  ['.env: a pasted token with no value', 'pasted.env', (c) => `${c}=\n`],
  ['.env: a pasted token with a plain value', 'pasted.env', (c) => `${c}=production\n`],
  ['.env: a pasted token as the name of a key', 'pasted.env', (c) => `${c}=ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n`],
  ['.env: an unclosed quote', 'pasted.env', (c) => `${c}="open\n`],
  ['.env: text after a quote', 'pasted.env', (c) => `${c}="a" b\n`],
  ['CSV: cells in every column', 'k.csv', (c) => `name,secret,platform,expires\n${c},${c},${c},${c}\n`],
  ['CSV: a short row', 'k.csv', (c) => `name,secret\n${c}\n`],
  ['CSV: a secret in a header', 'k.csv', (c) => `name,secret,${c},${c}\nn,v,1,2\n`],
  [
    '1Password: a pasted title',
    '1p.csv',
    (c) => `Title,Url,Username,Password,OTPAuth,Favorite,Archived\n${c},,,${c},,,\n`,
  ],
  [
    'KeePassXC: a pasted title and group',
    'kx.csv',
    (c) => `"Group","Title","Username","Password","URL","Notes"\n"${c}","${c}","","${c}","",""\n`,
  ],
  ['Bitwarden: a numeric password', 'bw.json', (c) => bw([{ type: 1, name: c, login: { password: 1234 } }])],
  ['Bitwarden: an object as a field value', 'bw.json', (c) => bw([{ type: 1, name: 'x', fields: [{ value: { c } }] }])],
  ['Bitwarden: a text type', 'bw.json', (c) => bw([{ type: c, name: c }])],
  [
    'Bitwarden: a pasted field name',
    'bw.json',
    (c) => bw([{ type: 1, name: c, fields: [{ name: c, value: c, type: 1 }] }]),
  ],
  ['Keyward: a bad platform', 'k.json', (c) => kw({ platform: c, secret: { value: c } })],
];

describe('no import message, skip reason or preview holds a secret', () => {
  const canaries = () => [newCanary(), `xP4sSw0rdTail-Secret-${randomBytes(4).toString('hex')}`];
  it.each(CASES)('%s', (_label, fileName, body) => {
    for (const canary of canaries()) {
      const out = shown(fileName, body(canary));
      expect(out.length).toBeGreaterThan(0);
      expect(leaks(out, canary), out).toEqual([]);
    }
  });

  it('still names conventional variables and titles', () => {
    expect(shown('ok.env', 'PORT=3000\n')).toContain('PORT does not look like a key');
    expect(shown('ok.xml', kp(kpString('Password', 'ab</Value>')))).toMatch(/ok\.xml:1:\d+: a closing tag/);
    expect(shown('ok.csv', 'name,secret\nDeploy bot,abc\n')).toContain('"name":"Deploy bot"');
  });
});
