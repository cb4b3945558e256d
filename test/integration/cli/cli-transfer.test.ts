// keyward export | backup | restore | inspect, run as a user would: files private,
// no secret in an export, inspect of an export answers list/check/calendar like the
// vault does, offline; restore's exit statuses; the plaintext export's guard rails.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { canaryForms, newCanary, scan } from '../../helpers/canary.js';
import { CLI_PASSWORD, addCliKey, copyCliVault, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

const NO_NETWORK = new URL('../../helpers/children/no-network.mjs', import.meta.url).pathname;

/** The vault every test starts from, made once through the CLI (init, three adds, list). */
let seeded: Promise<{ vault: string; secret: string; hint: string }> | undefined;
let cleanupSeeded = () => {};
afterAll(() => cleanupSeeded());

/** A copy of the seeded vault in a fresh folder. */
async function cliVault() {
  const base = await (seeded ??= seedVault());
  const t = tempDir();
  cleanup = t.cleanup;
  const vault = join(t.dir, 'vault.db');
  copyCliVault(base.vault, vault);
  return { dir: t.dir, vault, secret: base.secret, hint: base.hint };
}

async function seedVault() {
  const t = tempDir();
  cleanupSeeded = t.cleanup;
  const vault = join(t.dir, 'vault.db');
  await initCliVault(vault);
  const secret = newCanary('knouds_live_CANARY');
  await addCliKey(
    vault,
    ['--platform', 'knouds', '--name', 'Deploy bot', '--owner', 'ana', '--expires', '2026-12-01', '--tag', 'ci'],
    secret,
  );
  await addCliKey(
    vault,
    ['--platform', 'kognitos', '--name', 'Old', '--owner', 'bo', '--expires', '2025-01-01'],
    'kgn_pat_old_secret_0123456789',
  );
  await addCliKey(
    vault,
    ['--platform', 'custom', '--name', '=1+1 |x|', '--owner', 'ana', '--rotate-every', '30'],
    'custom-secret-0123456789',
  );
  const hint =
    (JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as { keys: { hint: string }[] }).keys[0]?.hint ??
    '';
  return { vault, secret, hint };
}

const withoutStamp = (ics: string) => ics.replace(/^DTSTAMP:.*$/gm, '');

describe('keyward export and inspect', () => {
  it('writes private files without secrets or hints, and never over an existing file', async () => {
    const v = await cliVault();
    const needles = [...canaryForms(v.secret, 'secret'), ...canaryForms(v.hint, 'hint')];
    const files: string[] = [];
    for (const format of ['json', 'csv', 'md', 'html']) {
      const out = join(v.dir, `inventory.${format}`);
      const r = await runCli(['export', '--format', format, '--out', out], { vault: v.vault });
      expect(r, r.stderr).toMatchObject({ code: 0 });
      expect(statSync(out).mode & 0o777).toBe(0o600);
      files.push(out);
    }
    expect(scan(files, needles)).toEqual([]);
    const again = await runCli(['export', '--format', 'csv', '--out', files[1] as string], { vault: v.vault });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect((await runCli(['export', '--format', 'xml', '--out', 'x'], { vault: v.vault })).code).toBe(2);
  });

  it('inspect of a JSON or CSV export lists, checks and makes the calendar like the vault, offline', async () => {
    const v = await cliVault();
    const env = { NODE_OPTIONS: `--import=${NO_NETWORK}` };
    const vaultList = JSON.parse((await runCli(['list', '--json'], { vault: v.vault })).stdout) as {
      keys: Record<string, unknown>[];
    };
    // Keyward's own last use of a key (run, read, clip) is read from the vault's sealed history, which an export
    // does not carry; `list --json` of the vault says it, an export's inspect does not.
    const expected = vaultList.keys.map(({ hint: _h, history: _hi, lastUsedInKeyward: _l, ...k }) => k);
    const check = await runCli(['check', '--format', 'json'], { vault: v.vault });
    const cal = join(v.dir, 'vault.ics');
    await runCli(['calendar', '--out', cal], { vault: v.vault });

    for (const format of ['json', 'csv']) {
      const out = join(v.dir, `inventory.${format}`);
      await runCli(['export', '--format', format, '--out', out], { vault: v.vault });
      // No vault and no password: inspect needs neither for an export.
      const opts = { vault: join(v.dir, 'absent.db'), password: null, env };
      const list = await runCli(['inspect', out, 'list', '--json'], opts);
      expect(list, list.stderr).toMatchObject({ code: 0, stderr: '' });
      // The export's activity (the dates of the history the rules read) stands in for the vault's history.
      const listed = (JSON.parse(list.stdout) as { keys: Record<string, unknown>[] }).keys;
      expect(listed.map(({ activity: _a, ...k }) => k)).toEqual(expected);
      const filtered = await runCli(['inspect', out, 'list', '--owner', 'ana'], opts);
      expect(filtered.stdout).toContain('Deploy bot');
      expect(filtered.stdout).not.toContain('Old');

      const insCheck = await runCli(['inspect', out, 'check', '--format', 'json'], opts);
      expect(insCheck.code).toBe(check.code);
      expect(insCheck.code).toBe(1);
      expect(JSON.parse(insCheck.stdout)).toEqual(JSON.parse(check.stdout));
      const sarif = await runCli(['inspect', out, 'check', '--format', 'sarif', '--within', '400'], opts);
      expect(sarif.stdout).toContain('"version": "2.1.0"');

      const insCal = join(v.dir, `inspect-${format}.ics`);
      const c = await runCli(['inspect', out, 'calendar', '--out', insCal], opts);
      expect(c, c.stderr).toMatchObject({ code: 0 });
      expect(withoutStamp(readFileSync(insCal, 'utf8'))).toBe(withoutStamp(readFileSync(cal, 'utf8')));
    }
    // A calendar is regenerated on a schedule: it replaces the file (private again), and a bad folder is named.
    chmodSync(cal, 0o644);
    expect((await runCli(['calendar', '--out', cal], { vault: v.vault })).code).toBe(0);
    expect(statSync(cal).mode & 0o777).toBe(0o600);
    const nowhere = await runCli(['calendar', '--out', join(v.dir, 'no', 'x.ics')], { vault: v.vault });
    expect(nowhere).toMatchObject({ code: 2, stderr: expect.stringMatching(/Cannot write .*x\.ics \(ENOENT\)/) });
  });

  it('the offline proof can fail: the preload does refuse a connection', () => {
    const r = spawnSync(
      process.execPath,
      [`--import=${NO_NETWORK}`, '-e', "fetch('http://127.0.0.1:9/').catch(()=>{})"],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toContain('NETWORK ATTEMPT: fetch');
  });

  it('inspect refuses what is not an export, naming why', async () => {
    const v = await cliVault();
    const junk = join(v.dir, 'junk.txt');
    writeFileSync(junk, 'hello');
    const r = await runCli(['inspect', junk], { vault: v.vault });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/neither a Keyward inventory export/);
    writeFileSync(junk, '{"format":"keyward.inventory","version":1}');
    expect((await runCli(['inspect', junk], { vault: v.vault })).stderr).toMatch(/exportedAt/);
  });
});

describe('keyward backup, restore and inspect of a backup', () => {
  it('backs up, verifies, inspects with the password, and restores with the right exit statuses', async () => {
    const v = await cliVault();
    const out = join(v.dir, 'vault.kwb');
    const b = await runCli(['backup', '--out', out], { vault: v.vault });
    expect(b, b.stderr).toMatchObject({ code: 0 });
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const verify = await runCli(['restore', out, '--verify', '--json'], { vault: join(v.dir, 'none.db') });
    expect(verify, verify.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(verify.stdout)).toMatchObject({ keys: 3, restoredTo: null });
    expect(existsSync(join(v.dir, 'none.db'))).toBe(false);

    const list = await runCli(['inspect', out, 'list'], {
      vault: join(v.dir, 'none.db'),
      env: { NODE_OPTIONS: `--import=${NO_NETWORK}` },
    });
    expect(list, list.stderr).toMatchObject({ code: 0 });
    expect(list.stdout).toContain('Deploy bot');
    expect(list.stdout).not.toContain(v.hint);
    const check = await runCli(['inspect', out, 'check'], { vault: join(v.dir, 'none.db') });
    expect(check.code).toBe(1);

    expect((await runCli(['restore', out, '--verify'], { vault: v.vault, password: 'wrong' })).code).toBe(3);
    const bytes = readFileSync(out);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0x10;
    const tampered = join(v.dir, 'tampered.kwb');
    writeFileSync(tampered, bytes);
    const t = await runCli(['restore', tampered, '--verify'], { vault: v.vault });
    expect(t.code).toBe(4);
    expect(t.stderr).toMatch(/integrity check/);
    const exists = await runCli(['restore', out], { vault: v.vault });
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/--force/);
    const forced = await runCli(['restore', out, '--force'], { vault: v.vault });
    expect(forced, forced.stderr).toMatchObject({ code: 0 });
    expect(forced.stdout).toMatch(/kept at .*vault\.db\.replaced-/);
    expect((await runCli(['list'], { vault: v.vault })).stdout).toContain('Deploy bot');
  });

  it('exports secrets in the clear only with --i-understand and the password re-entered from a file', async () => {
    const v = await cliVault();
    const out = join(v.dir, 'secrets.json');
    const pwFile = join(v.dir, 'pw.txt');
    writeFileSync(pwFile, CLI_PASSWORD + '\n', { mode: 0o600 });
    const args = ['export', '--format', 'json', '--with-secrets', '--out', out];
    const noFlag = await runCli([...args, '--password-file', pwFile], { vault: v.vault });
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toMatch(/WARNING: .*IN THE CLEAR/);
    expect(noFlag.stderr).toMatch(/--i-understand/);
    // The environment's password does not count as re-entering it.
    const noFile = await runCli([...args, '--i-understand'], { vault: v.vault });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/re-entered/);
    writeFileSync(join(v.dir, 'bad.txt'), 'wrong password\n');
    const wrong = await runCli([...args, '--i-understand', '--password-file', join(v.dir, 'bad.txt')], {
      vault: v.vault,
    });
    expect(wrong.code).toBe(3);
    expect(existsSync(out)).toBe(false);
    expect(
      (await runCli([...args.slice(0, 2), 'csv', ...args.slice(3), '--i-understand'], { vault: v.vault })).code,
    ).toBe(2);

    const ok = await runCli([...args, '--i-understand', '--password-file', pwFile], { vault: v.vault, password: null });
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      containsSecrets: boolean;
      keys: { secret?: { value: string } }[];
    };
    expect(doc.containsSecrets).toBe(true);
    expect(doc.keys.map((k) => k.secret?.value)).toContain(v.secret);
    expect(ok.stdout + ok.stderr).not.toContain(v.secret);
  });
});
