// `keyward import` as a subprocess on a real vault: preview, dry run, mapping,
// duplicates, refusal of bad files (exit 2, file:line, nothing written), --json,
// progress lines for a large file, and no secret ever printed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyCliVault, initCliVault, runCli } from '../../helpers/cli.js';
import { exportedKey, keywardDocument } from '../../helpers/keyward-doc.js';
import { tempDir } from '../../helpers/temp-vault.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/import');
let dir: ReturnType<typeof tempDir>;
let vault: string;
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

const listCount = async () =>
  (JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as { keys: unknown[] }).keys.length;

describe('keyward import', () => {
  it('previews and imports a .env file, and skips the duplicates on a second run', async () => {
    const file = join(FIXTURES, 'sample.env');
    const dry = await runCli(['import', file, '--dry-run'], { vault });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/sample\.env \(env\): 8 keys, 0 duplicates/);
    expect(dry.stdout).toMatch(/KNOUDS_API_KEY\s+knouds\s+high\s+knouds_live_…3Ka1/);
    expect(dry.stdout).toMatch(/skipped sample\.env:14: PORT does not look like a key/);
    expect(dry.stdout).toMatch(/Dry run: 8 keys would be imported/);
    expect(await listCount()).toBe(0);

    const real = await runCli(['import', file, '--yes'], { vault });
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/Imported 8 keys from sample\.env\./);
    expect(await listCount()).toBe(8);

    const again = await runCli(['import', file, '--yes', '--json'], { vault });
    const out = JSON.parse(again.stdout) as { summary: { added: number; duplicatesSkipped: number } };
    expect(out.summary).toMatchObject({ added: 0, duplicatesSkipped: 8 });
    const secrets = readFileSync(file, 'utf8').match(/(?<==['"]?)[A-Za-z0-9_.-]{16,}/g) ?? [];
    for (const s of secrets) expect(dry.stdout + real.stdout + again.stdout + real.stderr).not.toContain(s);
  });

  it('maps spreadsheet columns and applies the default platform', async () => {
    const file = join(FIXTURES, 'spreadsheet.csv');
    const unmapped = await runCli(['import', file, '--dry-run'], { vault, password: null });
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toMatch(/spreadsheet\.csv:1: no column holds the secret/);
    const r = await runCli(
      [
        'import',
        file,
        '--map',
        'Service=name',
        '--map',
        'Key Value=secret',
        '--map',
        'Who=owner',
        '--map',
        '4=expiresAt',
        '--yes',
        '--json',
      ],
      { vault },
    );
    expect(r.code).toBe(0);
    const keys = (
      JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as {
        keys: { name: string; owner: string; platform: string; extra: Record<string, string> }[];
      }
    ).keys;
    expect(keys.map((k) => [k.name, k.platform, k.owner, k.extra['service']]).sort()).toEqual([
      ['GitHub deploy', 'custom', 'bo@example.com', 'github'],
      ['Knouds CI', 'knouds', 'ana@example.com', undefined],
    ]);
  });

  it('warns as Add key does on a short secret, and refuses by line one Add key refuses, never echoing it', async () => {
    const warned = join(dir.dir, 'short.env');
    writeFileSync(warned, 'KNOUDS_API_KEY=knouds_live_Zq8Wm3Rt\n');
    const w = await runCli(['import', warned, '--dry-run'], { vault });
    expect(w.code).toBe(0);
    expect(w.stdout + w.stderr).toMatch(/shorter than a Knouds key/);
    expect(w.stdout + w.stderr).not.toContain('Zq8Wm3Rt');
    const refused = join(dir.dir, 'tiny.csv');
    writeFileSync(refused, 'name,secret,platform\ntiny,Q7x,custom\n');
    const r = await runCli(['import', refused, '--yes'], { vault });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tiny\.csv:2: Too short/);
    expect(r.stderr + r.stdout).not.toContain('Q7x');
    expect(await listCount()).toBe(0);
  });

  it('refuses a bad file with every problem by line, exit 2, and writes nothing', async () => {
    const file = join(dir.dir, 'bad.csv');
    writeFileSync(
      file,
      'name,secret,platform\nok,knouds_live_Fine1Fine2Fine3Fine4,knouds\nbroken,knouds_live_SECRETVALUE1234\nx,y,martian\n',
    );
    const r = await runCli(['import', file, '--yes'], { vault });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bad\.csv: 2 problems; nothing was imported\.\n {2}bad\.csv:3: has 2 fields; the header has 3\n {2}bad\.csv:4: the platform is not one of/,
    );
    expect(r.stderr + r.stdout).not.toContain('SECRETVALUE');
    expect(await listCount()).toBe(0);
  });

  it('never prints a pasted secret that sits where a name or a tag belongs', async () => {
    const env = join(dir.dir, 'pasted.env');
    writeFileSync(env, 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8=\nsk_live_51HxAbCdEfGhIjKlMnOpQr=production\n');
    const xml = join(dir.dir, 'x8.xml');
    writeFileSync(
      xml,
      '<KeePassFile><Root><Group><Entry><String><Key>Password</Key><Value>p</xP4sSw0rdTail-Secret-1234></Value></String></Entry></Group></Root></KeePassFile>',
    );
    const text = await runCli(['import', env, '--dry-run'], { vault });
    const asJson = await runCli(['import', env, '--dry-run', '--json'], { vault });
    expect(text.stdout).toMatch(/skipped pasted\.env:1: the variable is empty/);
    expect(text.stdout).toMatch(/skipped pasted\.env:2: the variable does not look like a key/);
    const bad = await runCli(['import', xml, '--dry-run'], { vault, password: null });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/x8\.xml:1:\d+: a closing tag that does not match/);
    const all = [text, asJson, bad].map((r) => r.stdout + r.stderr).join('\n');
    for (const part of ['A1b2C3d4', 'Q7r8', '51HxAbCd', 'GhIjKlMn', 'xP4sSw0rd', 'Secret-1234'])
      expect(all).not.toContain(part);
  });

  it('warns about a base URL that is not the platform default, and a Kaana session token', async () => {
    const file = join(dir.dir, 'evil2.json');
    writeFileSync(file, keywardDocument([exportedKey({ baseUrl: 'https://evil.example/api' })]));
    const r = await runCli(['import', file, '--dry-run'], { vault });
    expect(r.stdout).toMatch(
      /warning entry 1 \(Reports\): sets the base URL https:\/\/evil\.example\/api \(not kognitos/,
    );
    const bw = await runCli(['import', join(FIXTURES, 'bitwarden.json'), '--dry-run'], { vault });
    expect(bw.stdout).toMatch(
      /warning entry 2 \(Kaana session \(do not use\)\): This looks like a Kaana login session token/,
    );
  });

  it('--set corrects one row before it is stored: platform, name, include', async () => {
    const file = join(FIXTURES, 'sample.env');
    const dry = await runCli(['import', file, '--dry-run', '--set', '9:platform=kai', '--set', '9:name=Reports'], {
      vault,
    });
    expect(dry.stdout).toMatch(/#4\s+9\s+Reports\s+kai\s+high/);
    const r = await runCli(
      ['import', file, '--yes', '--set', '9:platform=kubiya', '--set', '#5:include=no', '--set', '11:name=AWS deploy'],
      { vault },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Imported 7 keys/);
    const keys = (
      JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as { keys: { name: string; platform: string }[] }
    ).keys;
    expect(keys.find((k) => k.name === 'GITHUB_TOKEN')?.platform).toBe('kubiya');
    expect(keys.find((k) => k.name === 'STRIPE_SECRET_KEY')).toBeUndefined();
    expect(keys.find((k) => k.name === 'AWS deploy')).toBeDefined();
    const bad = await runCli(['import', file, '--dry-run', '--set', '99:platform=kai'], { vault });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set "99" names no row of the preview/);
    const badPlatform = await runCli(['import', file, '--dry-run', '--set', '9:platform=mars'], {
      vault,
      password: null,
    });
    expect(badPlatform.stderr).toMatch(/--set platform must be one of/);
  });

  it('refuses a named pipe at once, says a missing file does not exist, and answers --json refusals on stdout', async () => {
    const fifo = join(dir.dir, 'fifo.env');
    execFileSync('mkfifo', [fifo]);
    const pipe = await runCli(['import', fifo, '--dry-run'], { vault, password: null });
    expect([pipe.code, pipe.stderr]).toEqual([2, expect.stringMatching(/fifo\.env is not a regular file/)]);
    const missing = await runCli(['import', join(dir.dir, 'nope.env'), '--dry-run'], { vault, password: null });
    expect(missing.stderr).toMatch(/nope\.env does not exist\./);
    const bad = join(dir.dir, 'bad.csv');
    writeFileSync(bad, 'name,secret\nok,knouds_live_Fine1Fine2Fine3Fine4\nbroken\n');
    const r = await runCli(['import', bad, '--dry-run', '--json'], { vault });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: { ref: string; message: string }[] };
    expect(out.ok).toBe(false);
    expect(out.problems).toEqual([{ ref: 'bad.csv:3', message: 'has 1 field; the header has 2' }]);
    const one = join(dir.dir, 'one.env');
    writeFileSync(one, 'KNOUDS_API_KEY=knouds_live_7Hq2mV9xLp4Rt8Wz3Ka1\n');
    expect((await runCli(['import', one, '--dry-run'], { vault })).stdout).toMatch(
      /one\.env \(env\): 1 key, 0 duplicates[\s\S]*Dry run: 1 key would be imported/,
    );
  });

  it('needs --yes without a terminal, and checks its flags', async () => {
    const file = join(FIXTURES, 'sample.env');
    expect((await runCli(['import', file], { vault })).stderr).toMatch(/needs --yes/);
    expect((await runCli(['import', file, '--format', 'nope', '--dry-run'], { vault })).code).toBe(2);
    expect((await runCli(['import', file, '--map', 'x=nope', '--dry-run'], { vault })).stderr).toMatch(
      /--map takes COLUMN=FIELD/,
    );
    expect((await runCli(['import', join(dir.dir, 'missing.env'), '--dry-run'], { vault })).code).toBe(2);
  });

  it('prints progress lines on stderr for a large import', async () => {
    const file = join(dir.dir, 'big.env');
    writeFileSync(
      file,
      Array.from({ length: 20_000 }, (_, i) => `K${i}_KEY=knouds_live_${String(i).padStart(24, 'q')}`).join('\n'),
    );
    const r = await runCli(['import', file, '--yes'], { vault });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/import: done 20000\/20000/);
    expect(r.stdout).toMatch(/\.\.\. and 19800 more/);
    expect(await listCount()).toBe(20_000);
  });
});
