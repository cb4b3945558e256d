// `keyward import` on files as other tools write them (dotenv's documented syntax, browsers' and password
// managers' exports, KeePassXC's own `keepassxc-cli export` output), as a subprocess on a real vault: what is
// imported, left out or skipped, that every entry is accounted for, and what the source knew is kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_PASSWORD, copyCliVault, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/import');
const fixture = (name: string) => join(FIXTURES, name);
let dir: ReturnType<typeof tempDir>;
let vault: string;
let exports = 0;
// One empty vault made by `keyward init`; each test imports into its own copy.
let template: ReturnType<typeof tempDir>;
beforeAll(async () => {
  template = tempDir();
  await initCliVault(join(template.dir, 'vault.db'));
});
afterAll(() => template.cleanup());

beforeEach(() => {
  dir = tempDir();
  vault = join(dir.dir, 'vault.db');
  copyCliVault(join(template.dir, 'vault.db'), vault);
});
afterEach(() => dir.cleanup());

type Item = { ref: string; name: string; platform: string; offByDefault: string | null; service?: string };
type Preview = {
  format: string;
  items: Item[];
  skipped: { ref: string; reason: string }[];
  errors: { ref: string; message: string }[];
  counts: {
    items: number;
    keys: number;
    leftOut: number;
    entries: number;
    byEntry: { imported: number; leftOut: number; skipped: number; refused: number };
  };
};
type StoredKey = {
  name: string;
  platform: string;
  account: string;
  notes: string;
  tags: string[];
  baseUrl?: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  secret?: { value: string };
};

/** Secrets of the fixtures: no preview, error or skip line may hold one (nor 8 characters of one). */
const SECRETS = [
  'knouds_live_Bt1Bt2Bt3Bt4Bt5Bt6Bt7B',
  'tok#en-inside-backticks-1234',
  'MIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8AgEAAkEAq7BFUpkGp3',
  'Correct-Horse-Battery-9',
  'Portal-Pass-2026',
  'Knouds-Portal-Pass-1',
  'ghp_Ff1Ff2Ff3Ff4Ff5Ff6Ff7Ff8Ff9Ff0Ff1Ff',
  'knouds_live_Op1Op2Op3Op4Op5Op6Op7O',
  'sk_live_51HqOpSevenMacAbCdEf',
  'sk_live_51HqBwNoteKeyAbCdEfGh',
  'JBSWY3DPEHPK3PXP',
  'knouds_live_Fx7Kp2Qm9Lw4Zr8Vt3Yb',
  'ghp_Zq8Wn3Lk5Rt7Yp2Xv4Bm6Nc9Hd1Jf0Gs2Ka',
  'sk_live_51HqTestOnlyKeyAbCdEfGh',
  'knouds_live_RetA1RetA2RetA3RetA4Re',
];
function expectNoSecret(text: string): void {
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    // A hint shows a documented prefix and the last 4 characters: any 8 characters between them must not appear.
    const middle = secret.replace(/^(knouds_live_|ghp_|sk_live_)/, '').slice(0, -4);
    for (let i = 0; i + 8 <= middle.length; i += 1) expect(text).not.toContain(middle.slice(i, i + 8));
  }
}

async function preview(file: string, ...args: string[]): Promise<Preview> {
  const r = await runCli(['import', file, '--dry-run', '--json', ...args], { vault });
  const text = await runCli(['import', file, '--dry-run', ...args], { vault });
  expectNoSecret(r.stdout + r.stderr + text.stdout + text.stderr);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { preview: Preview }).preview;
}

/** Imports with --yes, then reads every stored key with its secret (a plaintext export to a temp file). */
async function importAndRead(file: string, ...args: string[]): Promise<StoredKey[]> {
  const r = await runCli(['import', file, '--yes', ...args], { vault });
  expectNoSecret(r.stdout + r.stderr);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = join(dir.dir, `all-${(exports += 1)}.json`);
  const pw = join(dir.dir, 'pw.txt');
  writeFileSync(pw, `${CLI_PASSWORD}\n`, { mode: 0o600 });
  const e = await runCli(
    ['export', '--format', 'json', '--with-secrets', '--out', out, '--i-understand', '--password-file', pw],
    { vault },
  );
  expect(e.stderr).not.toMatch(/^keyward:/m);
  expect(e.code).toBe(0);
  return (JSON.parse(readFileSync(out, 'utf8')) as { keys: StoredKey[] }).keys;
}

const byName = (keys: StoredKey[], name: string) => {
  const k = keys.find((x) => x.name === name);
  if (!k) throw new Error(`no key named ${name}: ${keys.map((x) => x.name).join(', ')}`);
  return k;
};

/** The counts add up: each place of the file once, and as many as the test knows the file has. */
function expectAccounted(p: Preview, entries: number): void {
  const b = p.counts.byEntry;
  expect(b.imported + b.leftOut + b.skipped + b.refused).toBe(p.counts.entries);
  expect(p.counts.entries).toBe(entries);
  expect(p.counts.keys + p.counts.leftOut).toBeLessThanOrEqual(p.counts.items);
}

describe('1. dotenv as its README documents it', () => {
  it('reads backticks (one line and several), keeps # inside quotes, ends an unquoted value at #, skips what dotenv skips', async () => {
    const file = fixture('dotenv-syntax.env');
    const p = await preview(file);
    expect(p.errors).toEqual([]);
    // 14 variables and one line that is none; nothing refuses the file.
    expectAccounted(p, 15);
    expect(p.skipped).toContainEqual({
      ref: 'dotenv-syntax.env:19',
      reason: 'not a NAME=value line (dotenv ignores it too)',
    });
    const keys = await importAndRead(file);
    const value = (n: string) => byName(keys, n).secret?.value;
    expect(value('BACKTICK_KEY')).toBe('knouds_live_Bt1Bt2Bt3Bt4Bt5Bt6Bt7B');
    expect(value('BACKTICK_HASH_TOKEN')).toBe('tok#en-inside-backticks-1234');
    expect(value('DOUBLE_HASH_TOKEN')).toBe('dq#hash-token-5678901234');
    expect(value('SINGLE_HASH_TOKEN')).toBe('sq#hash-token-5678901234');
    expect(value('NOSPACE_API_KEY')).toBe('kai-nospace1234567890');
    expect(value('QUOTES_INSIDE_BACKTICKS_SECRET')).toBe(`it's "both" 9876543210`);
    expect(value('DONT_EXPAND_SQ_TOKEN')).toBe('sq\\nliteral-token-12345');
    expect(value('SPACED_KEY')).toBe('knouds_live_Sp1Sp2Sp3Sp4Sp5Sp6Sp7S');
    expect(value('AFTER_ALL_KEY')).toBe('knouds_live_Af1Af2Af3Af4Af5Af6Af7A');
  });

  it('a PEM key in quotes spanning lines is left out with its reason; the rest of the file imports', async () => {
    const file = join(dir.dir, 'pem.env');
    writeFileSync(
      file,
      'A_KEY=knouds_live_Pem1Pem2Pem3Pem4Pem5P\nPRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkq\n-----END PRIVATE KEY-----"\nB_TOKEN=`ghp_Pm1Pm2Pm3Pm4Pm5Pm6Pm7Pm8Pm9Pm0Pm1Pm`\n',
    );
    const p = await preview(file);
    expect(p.errors).toEqual([]);
    expect(p.items.map((i) => i.name)).toEqual(['A_KEY', 'B_TOKEN']);
    expect(p.skipped).toEqual([
      { ref: 'pem.env:2', reason: 'PRIVATE_KEY spans several lines (a PEM key or certificate?), not an API key' },
    ]);
    expectAccounted(p, 3);
  });

  it.each([
    ['utf-16le', Buffer.from([0xff, 0xfe])],
    ['utf-16be', Buffer.from([0xfe, 0xff])],
  ])('reads a %s .env with its byte-order mark', async (encoding, bom) => {
    const file = join(dir.dir, 'wide.env');
    const body = Buffer.from('KNOUDS_API_KEY=knouds_live_Wd1Wd2Wd3Wd4Wd5Wd6Wd7W\r\nPORT=3000\r\n', 'utf16le');
    if (encoding === 'utf-16be') body.swap16();
    writeFileSync(file, Buffer.concat([bom, body]));
    const keys = await importAndRead(file);
    expect(keys.map((k) => [k.name, k.platform, k.secret?.value])).toEqual([
      ['KNOUDS_API_KEY', 'knouds', 'knouds_live_Wd1Wd2Wd3Wd4Wd5Wd6Wd7W'],
    ]);
  });

  it('names UTF-16 without a byte-order mark exactly', async () => {
    const file = join(dir.dir, 'nobom.env');
    writeFileSync(file, Buffer.from('A_KEY=knouds_live_Nb1Nb2Nb3Nb4Nb5Nb6Nb7N\n', 'utf16le'));
    const r = await runCli(['import', file, '--dry-run'], { vault });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nobom\.env: UTF-16 LE text without a byte-order mark; save it as UTF-8/);
  });
});

describe('2. website passwords are logins, not API keys', () => {
  it.each([
    ['firefox-passwords.csv', 3, ['github.com']],
    ['chrome-passwords.csv', 2, []],
    ['safari-passwords.csv', 2, []],
    ['keepassx-2.0.csv', 2, ['Deploy key']],
  ])('%s: its logins are left out unless included; a known key shape still imports', async (file, rows, kept) => {
    const p = await preview(fixture(file));
    expectAccounted(p, rows);
    expect(p.items.filter((i) => i.offByDefault === null).map((i) => i.name)).toEqual(kept);
    for (const i of p.items.filter((x) => x.offByDefault !== null))
      expect(i.offByDefault).toBe('a website login, not an API key');
    expect(p.counts.byEntry.leftOut).toBe(rows - kept.length);
  });

  it('the preview header counts left-out logins apart from the keys', async () => {
    const r = await runCli(['import', fixture('chrome-passwords.csv'), '--dry-run'], { vault });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/chrome-passwords\.csv \(csv\): 0 keys, 2 left out \(not API keys\), 0 duplicates/);
    expect(r.stdout).toMatch(/Dry run: 0 keys would be imported/);
  });

  it('a login included by hand keeps its username, its URL (in the notes) and its date', async () => {
    const keys = await importAndRead(fixture('firefox-passwords.csv'), '--set', '#1:include=yes');
    const shop = byName(keys, 'shop.example.com');
    expect(shop).toMatchObject({ account: 'ana@example.com', createdAt: '2023-11-14' });
    expect(shop.notes).toContain('URL: https://shop.example.com');
  });
});

describe('3. Bitwarden encrypted exports are named', () => {
  it.each([
    ['bitwarden-password-protected.json', /a password-protected Bitwarden export/],
    ['bitwarden-account-encrypted.json', /an account-encrypted Bitwarden export/],
  ])('%s', async (file, why) => {
    const r = await runCli(['import', fixture(file), '--dry-run'], { vault });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/Export again choosing "\.json" \(not encrypted\)/);
    expect(r.stderr).not.toMatch(/no "items" list/);
  });
});

describe('4. --map COLUMN=secret wins over a column recognised by its name', () => {
  it('takes the secret from the mapped column, not from the earlier "token" column', async () => {
    const file = join(dir.dir, 'sheet.csv');
    writeFileSync(file, 'name,token,real\nDeploy,not-this-one,knouds_live_Mp1Mp2Mp3Mp4Mp5Mp6Mp7M\n');
    const keys = await importAndRead(file, '--map', 'real=secret');
    expect(keys.map((k) => [k.name, k.platform, k.secret?.value])).toEqual([
      ['Deploy', 'knouds', 'knouds_live_Mp1Mp2Mp3Mp4Mp5Mp6Mp7M'],
    ]);
  });
});

describe('5. notes stay with keys taken from hidden or custom fields', () => {
  it('Bitwarden: a secure note whose key is a hidden field keeps its text and its other fields', async () => {
    const keys = await importAndRead(fixture('bitwarden-fields.json'));
    const k = byName(keys, 'Billing service / API key');
    expect(k.notes).toBe('Rotated every quarter by the billing team.\nRegion: eu-west-1\nSandbox: false');
    expect(k.tags).toEqual(['Work', 'CI']);
    expect(k.createdAt).toBe('2025-04-01');
  });

  it('KeePassXC XML: a key in a custom attribute keeps the entry notes and its other attributes', async () => {
    const keys = await importAndRead(fixture('keepassxc-2.7-export.xml'));
    const k = byName(keys, 'Stripe billing / API key');
    expect(k.notes).toBe('Billing service key\nRegion: eu-west-1');
    expect(k.tags).toEqual(['Work', 'CI']);
  });
});

describe('6. TOTP seeds are never keys', () => {
  it('KeePassXC otp attribute and a Bitwarden TOTP field are skipped with a reason', async () => {
    const kx = await preview(fixture('keepassxc-2.7-export.xml'));
    expect(kx.items.map((i) => i.name)).not.toContain('GitHub bot / otp');
    expect(kx.skipped).toContainEqual({
      ref: 'keepassxc-2.7-export.xml:127: entry 2 (GitHub bot)',
      reason: 'a one-time-password (TOTP) seed, not a key: not imported',
    });
    const bw = await preview(fixture('bitwarden-fields.json'));
    expect(bw.items.map((i) => i.name)).toEqual(['Billing service / API key', 'Shop']);
    expect(bw.skipped.map((s) => s.reason)).toContain('a one-time-password (TOTP) seed, not a key: not imported');
  });
});

describe('7. the KeePass recycle bin, by its UUID and in sub-folders', () => {
  it('keepassxc-cli XML: a translated bin and its sub-group are skipped entry by entry; 10 entries add up', async () => {
    const p = await preview(fixture('keepassxc-2.7-export.xml'));
    expect(p.errors).toEqual([]);
    expectAccounted(p, 10);
    expect(
      p.skipped.filter((s) => s.reason === 'in the recycle bin').map((s) => s.ref.replace(/^.*entry /, '')),
    ).toEqual(['7 (Old Knouds key)', '8 (Old token)', '9 (Retired A)', '10 (Retired B)']);
    expect(p.counts.byEntry).toEqual({ imported: 3, leftOut: 2, skipped: 5, refused: 0 });
  });

  it('keepassxc-cli CSV: rows in the bin are skipped, not imported tagged with its name', async () => {
    const p = await preview(fixture('keepassxc-2.7-export.csv'));
    expectAccounted(p, 10);
    expect(p.skipped.filter((s) => s.reason === 'in the recycle bin')).toHaveLength(4);
    expect(p.items.map((i) => i.name)).toEqual(['Knouds deploy', 'GitHub bot', 'Example shop', 'Kubiya portal']);
  });
});

describe('8. the root group is no tag, in KeePassXC CSV as in XML', () => {
  it('both exports of one database give the same tags', async () => {
    const fromCsv = await importAndRead(fixture('keepassxc-2.7-export.csv'));
    expect(byName(fromCsv, 'Knouds deploy').tags).toEqual([]);
    expect(byName(fromCsv, 'GitHub bot').tags).toEqual(['Work']);
    const other = tempDir();
    try {
      vault = join(other.dir, 'vault.db');
      await initCliVault(vault);
      const fromXml = await importAndRead(fixture('keepassxc-2.7-export.xml'));
      expect(byName(fromXml, 'Knouds deploy').tags).toEqual([]);
      expect(byName(fromXml, 'GitHub bot').tags).toEqual(['Work']);
      // The XML knows more: the expiry and the login URL (the platform's own address: the base URL).
      expect(byName(fromXml, 'Knouds deploy')).toMatchObject({ expiresAt: '2027-03-01', baseUrl: 'https://knouds.ai' });
    } finally {
      other.cleanup();
    }
  });
});

describe('9. 1Password 7 for Mac CSV', () => {
  it('reads its \\" escapes, its custom-field columns and dates; cards are skipped', async () => {
    const file = fixture('1password7-mac.csv');
    const p = await preview(file);
    expect(p.format).toBe('onepassword-csv');
    expect(p.errors).toEqual([]);
    expectAccounted(p, 4);
    expect(p.skipped).toEqual([{ ref: '1password7-mac.csv:6', reason: 'a card, not a key' }]);
    const keys = await importAndRead(file, '--set', '3:include=yes');
    expect(byName(keys, 'Shop').secret?.value).toBe('Correct-Horse "Battery" 9');
    expect(byName(keys, 'Knouds deploy')).toMatchObject({
      notes: 'Deploy bot, see "runbook"\nregion: eu-west-1',
      tags: ['ci'],
      createdAt: '2023-11-14',
    });
    expect(byName(keys, 'Stripe / api key').secret?.value).toBe('sk_live_51HqOpSevenMacAbCdEf');
  });
});

describe('also noticed', () => {
  it('a Safari CSV is reported as a CSV, not as 1Password', async () => {
    expect((await preview(fixture('safari-passwords.csv'))).format).toBe('csv');
  });

  it('a generic CSV keeps the username and the login URL; an epoch created column imports', async () => {
    const file = join(dir.dir, 'keys.csv');
    writeFileSync(
      file,
      'name,key,username,url,created\nCI,knouds_live_Gc1Gc2Gc3Gc4Gc5Gc6Gc7G,ci-bot,https://ci.example.com,1700000000\n',
    );
    const keys = await importAndRead(file);
    expect(byName(keys, 'CI')).toMatchObject({ account: 'ci-bot', createdAt: '2023-11-14' });
    expect(byName(keys, 'CI').notes).toBe('URL: https://ci.example.com');
    const mapped = join(dir.dir, 'mapped.csv');
    writeFileSync(mapped, 'label,secret,when\nOther,knouds_live_Ep1Ep2Ep3Ep4Ep5Ep6Ep7E,1700000000000\n');
    const r = await runCli(['import', mapped, '--yes', '--map', 'when=created'], { vault });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
