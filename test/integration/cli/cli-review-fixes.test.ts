// User-visible checks on the CLI as a subprocess on a real vault: files an export must never replace,
// what an import preview may show, and the checks every secret-changing command applies.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let vault: string;

beforeEach(async () => {
  dir = tempDir();
  vault = join(dir.dir, 'vault.kw');
  await initCliVault(vault);
});
afterEach(() => dir.cleanup());

describe('export never replaces a companion file of the vault', () => {
  it('refuses the commit counter and the schedule, even with --force, and keeps them intact', async () => {
    await addCliKey(vault, ['--name', 'k1', '--platform', 'custom'], 'custom-secret-value-1234');
    const commits = `${vault}.commits`;
    const schedule = `${vault}.schedule.json`;
    writeFileSync(schedule, '{"format":"keyward.schedule"}'); // as the app leaves it
    expect(existsSync(commits)).toBe(true);
    const before = readFileSync(commits, 'utf8');
    for (const [target, args] of [
      [commits, ['--format', 'csv']],
      [schedule, ['--format', 'md']],
      [`${vault}-journal`, ['--format', 'csv']],
    ] as const) {
      const r = await runCli(['export', ...args, '--out', target, '--force'], { vault });
      expect(r.code, `${target}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toMatch(/companion file of a vault/);
    }
    expect(readFileSync(commits, 'utf8')).toBe(before);
    const s = await runCli(['list', '--strict'], { vault });
    expect(s.stderr).not.toMatch(/commit counter/);
    expect(s.code).toBe(0);
  });

  it('names the real commit-counter file when it does not open', async () => {
    await addCliKey(vault, ['--name', 'k1', '--platform', 'custom'], 'custom-secret-value-1234');
    writeFileSync(`${vault}.commits`, '{"format":"keyward.commits","version":1,"sealed":"AAAA"}');
    const r = await runCli(['list'], { vault });
    expect(r.stderr).toContain('vault.kw.commits');
    expect(r.stderr).not.toContain('vault.db.commits');
  });
});

const FIXTURES = join(import.meta.dirname, '../../fixtures/import');

describe('import preview of rows left out as passwords', () => {
  it('shows no hint of a website password, in the table or in --json', async () => {
    const file = join(FIXTURES, 'firefox-passwords.csv');
    const table = await runCli(['import', file, '--dry-run'], { vault });
    expect(table.code).toBe(0);
    for (const tail of ['ry-9', 'y-9', '-9', '2026', '26']) expect(table.stdout).not.toContain(`\u2026${tail}`);
    const json = await runCli(['import', file, '--dry-run', '--json'], { vault });
    const items = (JSON.parse(json.stdout) as { preview: { items: { offByDefault: string | null; hint: string }[] } })
      .preview.items;
    const leftOut = items.filter((i) => i.offByDefault !== null);
    expect(leftOut.length).toBe(2);
    for (const i of leftOut) expect(i.hint).toBe('');
    expect(items.find((i) => i.offByDefault === null)?.hint).toMatch(/^ghp_/);
  });
});

type PreviewJson = {
  preview: {
    items: { ref: string; name: string; offByDefault: string | null }[];
    skipped: { ref: string; reason: string }[];
    errors: { ref: string; message: string }[];
  };
};
const preview = async (file: string, extra: string[] = []) => {
  const r = await runCli(['import', file, '--dry-run', '--json', ...extra], { vault });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as PreviewJson).preview;
};

describe('one-time-password seeds are never imported as keys', () => {
  it('skips .env variables named for a TOTP/MFA/2FA seed or holding an otpauth URI, keeps a base32-shaped key', async () => {
    const file = join(dir.dir, 'otp.env');
    writeFileSync(
      file,
      [
        'GITHUB_TOTP_SECRET=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        'MFA_SECRET=JBSWY3DPEHPK3PXP',
        'Login2faSeed=JBSWY3DPEHPK3PXQ',
        'OTP_URL=otpauth://totp/x?secret=JBSWY3DPEHPK3PXP',
        'AUTHENTICATOR_KEY=jbsw y3dp ehpk 3pxp',
        'STORAGE_API_KEY=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
        'MOTPROXY_TOKEN=a1b2c3d4e5f6a7b8c9d0',
        '',
      ].join('\n'),
    );
    const p = await preview(file);
    expect(p.items.map((i) => i.name).sort()).toEqual(['MOTPROXY_TOKEN', 'STORAGE_API_KEY']);
    const seeds = p.skipped.filter((s) => /one-time-password \(TOTP\) seed/.test(s.reason)).map((s) => s.ref);
    expect(seeds).toEqual(['otp.env:1', 'otp.env:2', 'otp.env:3', 'otp.env:4', 'otp.env:5']);
  });

  it('skips Bitwarden hidden fields called "MFA secret" or "Authenticator key"', async () => {
    const file = join(dir.dir, 'bw.json');
    writeFileSync(
      file,
      JSON.stringify({
        encrypted: false,
        folders: [],
        items: [
          {
            id: 'a',
            type: 2,
            name: 'GitHub',
            secureNote: { type: 0 },
            notes: null,
            fields: [
              { name: 'MFA secret', value: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', type: 1 },
              { name: 'Authenticator key', value: 'jbswy3dpehpk3pxp', type: 1 },
              { name: 'api key', value: 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', type: 1 },
            ],
          },
        ],
      }),
    );
    const p = await preview(file);
    expect(p.items.map((i) => i.name)).toEqual(['GitHub / api key']);
    expect(p.skipped.map((s) => s.reason).join('\n')).toMatch(/one-time-password \(TOTP\) seed/);
  });
});

describe('a KAI key has one account: its instance id', () => {
  it('refuses a CSV row whose account and instance id differ, and imports one where they agree', async () => {
    const file = join(dir.dir, 'kai.csv');
    writeFileSync(
      file,
      'name,platform,account,instance id,secret\n' +
        'K1,kai,acct-1,inst-A,kaisecretvalue1234567890abc\n' +
        'K2,kai,,inst-B,kaisecretvalue2234567890abc\n' +
        'K3,kai,inst-C,inst-C,kaisecretvalue3234567890abc\n',
    );
    const r = await runCli(['import', file, '--dry-run', '--json'], { vault });
    const errors = (JSON.parse(r.stdout) as PreviewJson).preview.errors;
    expect(errors.map((e) => e.ref)).toEqual(['kai.csv:2']);
    expect(errors[0]?.message).toMatch(/account and the instance id differ/);
    const commit = await runCli(['import', file, '--yes'], { vault });
    expect(commit.code).not.toBe(0);
  });
});

describe('--map', () => {
  it('refuses one column mapped twice (exit 2) instead of dropping the first mapping', async () => {
    const file = join(dir.dir, 'map.csv');
    writeFileSync(
      file,
      'Label,Key Value,Token\nsvc,custom-secret-value-9876,ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n',
    );
    const r = await runCli(['import', file, '--dry-run', '--map', 'Key Value=secret', '--map', 'Key Value=name'], {
      vault,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Key Value.*mapped twice/);
  });
});

describe('alerts snooze --until', () => {
  it('refuses a day that does not exist in the calendar and stores nothing', async () => {
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const id = await addCliKey(
      vault,
      ['--platform', 'knouds', '--name', 'Soon', '--expires', soon],
      'knouds_live_review_soon_0000000000',
    );
    const list = JSON.parse((await runCli(['alerts', '--json'], { vault })).stdout) as { id: string }[];
    const alertId = list.find((a) => a.id.includes(id))?.id ?? '';
    expect(alertId).toMatch(/^expiring:/);
    for (const day of ['2027-04-31', '2027-02-30', '2027-13-01']) {
      const r = await runCli(['alerts', 'snooze', alertId, '--until', day], { vault });
      expect(r.code, day).toBe(2);
      expect(r.stderr, day).toMatch(/not a real calendar date|a date written YYYY-MM-DD/);
    }
    const after = JSON.parse((await runCli(['alerts', '--json'], { vault })).stdout) as {
      id: string;
      snoozedUntil: string | null;
    }[];
    expect(after.find((a) => a.id === alertId)?.snoozedUntil).toBeNull();
  });
});

describe('a new master password of invisible characters only', () => {
  it('is refused by init like white space', async () => {
    for (const pw of ['\u200b\u200b', '\u2800\u2800\u2800', '\u3164\u115f', '\ufeff\u00a0\u2060']) {
      const fresh = join(dir.dir, `inv-${pw.codePointAt(0)}.kw`);
      const r = await runCli(['init', '--kdf-memory', '64', '--kdf-passes', '3'], { vault: fresh, password: pw });
      expect(r.code, JSON.stringify(pw)).toBe(2);
      expect(r.stderr).toMatch(/must not be only spaces or other white space/);
      expect(existsSync(fresh)).toBe(false);
    }
  });
});

describe('edit --replace-secret applies the checks add and rotate apply', () => {
  const showSecret = async (id: string) => {
    const r = await runCli(['show', id, '--reveal', '--json'], { vault });
    return (JSON.parse(r.stdout) as { secret: { value: string } }).secret.value;
  };

  it('refuses the current secret, another key\u2019s secret (unless --allow-duplicate) and another platform\u2019s key', async () => {
    const a = await addCliKey(vault, ['--platform', 'knouds', '--name', 'A'], 'knouds_live_review_edit_aaaa0000');
    const b = await addCliKey(vault, ['--platform', 'knouds', '--name', 'B'], 'knouds_live_review_edit_bbbb0000');

    const same = await runCli(['edit', a, '--replace-secret'], { vault, input: 'knouds_live_review_edit_aaaa0000\n' });
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/That is the current key/);
    expect(same.stdout).not.toMatch(/Updated/);

    const other = await runCli(['edit', a, '--replace-secret'], {
      vault,
      input: 'knouds_live_review_edit_bbbb0000\n',
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/already stored as "B"/);
    expect(other.stderr).toMatch(/--allow-duplicate/);
    expect(await showSecret(a)).toBe('knouds_live_review_edit_aaaa0000');

    const foreign = await runCli(['edit', a, '--replace-secret'], {
      vault,
      input: 'kgn_pat_review_edit_cccc000000000000\n',
    });
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/looks like a Kognitos key/);
    expect(await showSecret(a)).toBe('knouds_live_review_edit_aaaa0000');

    const allowed = await runCli(['edit', a, '--replace-secret', '--allow-duplicate'], {
      vault,
      input: 'knouds_live_review_edit_bbbb0000\n',
    });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(await showSecret(a)).toBe(await showSecret(b));

    const fresh = await runCli(['edit', a, '--replace-secret'], {
      vault,
      input: '"knouds_live_review_edit_dddd0000"\n',
    });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(await showSecret(a)).toBe('knouds_live_review_edit_dddd0000');
  });
});

describe('.env with a double quote never closed', () => {
  it('names the line of the open quote and still accounts for every variable after it', async () => {
    const file = join(dir.dir, 'crlf.env');
    writeFileSync(
      file,
      [
        '# keys',
        'A_KEY=kgn_pat_review_aaaaaaaaaaaaaaaa',
        'B_KEY="kgn_pat_review_bbbbbbbbbbbbbbbb"',
        "C_KEY='kgn_pat_review_cccccccccccccccc'",
        'D_KEY="kgn_pat_review_dddddddddddddddd',
        'E_KEY=kgn_pat_review_good_eeeeeeeeeeee',
        'F_KEY="kgn_pat_review_ffffffffffffffff" trailing',
        'G_PEM="-----BEGIN KEY-----',
        'abc',
        '-----END KEY-----" # a legitimately multi-line value',
        'H_KEY=kgn_pat_review_hhhhhhhhhhhhhhhh',
        '',
      ].join('\r\n'),
    );
    const r = await runCli(['import', file, '--dry-run', '--json'], { vault });
    const p = (JSON.parse(r.stdout) as PreviewJson).preview;
    expect(p.errors).toEqual([
      { ref: 'crlf.env:5', message: expect.stringMatching(/double quote of D_KEY is never closed/) as string },
      {
        ref: 'crlf.env:7',
        message: expect.stringMatching(/unexpected text after the closing double quote of F_KEY/) as string,
      },
    ]);
    expect(p.items.map((i) => i.name)).toEqual(['A_KEY', 'B_KEY', 'C_KEY', 'E_KEY', 'H_KEY']);
    expect(p.skipped.map((s) => s.ref)).toEqual(['crlf.env:8']);
    const table = await runCli(['import', file, '--dry-run'], { vault });
    expect(table.stdout + table.stderr).toMatch(/crlf\.env:5.*never closed/);
  });
});

describe('a spreadsheet of API keys in a column called Password', () => {
  it('gives the column as the reason, and an explicit --map Password=secret includes the rows', async () => {
    const file = join(dir.dir, 'keys.csv');
    writeFileSync(file, 'Service,Password\nAcme billing,acme7f3k29dkq0r8x1zq\nWeather feed,wthr9x8c7v6b5n4m3l2k\n');
    const auto = await preview(file);
    expect(auto.items.length).toBe(2);
    for (const i of auto.items) {
      expect(i.offByDefault).toMatch(/a column called Password/);
      expect(i.offByDefault).not.toMatch(/website login/);
    }
    const table = await runCli(['import', file, '--dry-run'], { vault });
    expect(table.stdout).toMatch(/a column called Password/);
    const mapped = await preview(file, ['--map', 'Password=secret']);
    expect(mapped.items.map((i) => [i.ref, i.offByDefault])).toEqual([
      ['keys.csv:2', null],
      ['keys.csv:3', null],
    ]);
    const commit = await runCli(['import', file, '--yes', '--map', 'Password=secret'], { vault });
    expect(commit.code, commit.stderr).toBe(0);
    const list = JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as { keys: unknown[] };
    expect(list.keys.length).toBe(2);
  });
});

describe('add refuses a secret far too short to be a key (#16)', () => {
  it('stores nothing for a 3-character Knouds secret and says so without echoing it', async () => {
    const r = await runCli(['add', '--platform', 'knouds', '--name', 'short'], { vault, input: 'abc\n' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/Too short: 3 characters/);
    expect(r.stdout + r.stderr).not.toMatch(/\babc\b/);
    const list = await runCli(['list', '--format', 'json'], { vault });
    expect(list.stdout).not.toContain('"short"');
  });
});
