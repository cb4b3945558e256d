// The keyward CLI end to end, as a subprocess against a real vault file: init, add
// (secret on stdin), list and its filters, show, reveal, --json, edit, rm, passwd
// and --password-file. Exit codes, not message text, are what is asserted.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pastExpiryMessage } from '../../../src-main/contract/expiry.js';
import { CLI_PASSWORD, addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

type Key = {
  id: string;
  name: string;
  platform: string;
  status: string;
  hint: string;
  expiresAt: string | null;
  tags: string[];
};
let dir: string;
let vault: string;
let cleanup = () => {};
const ids: Record<string, string> = {};
const SECRETS = {
  deploy: 'knouds_live_cli_deploy_0123456789',
  kai: 'kai-cli-secret-abcdef012345',
  old: 'kby_cli_revoked_key_9876543210',
};

beforeAll(async () => {
  const t = tempDir('keyward-cli-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  ids.deploy = await addCliKey(
    vault,
    [
      '--platform',
      'knouds',
      '--name',
      'Deploy bot',
      '--tag',
      'ci',
      '--expires',
      '2027-03-01',
      '--owner',
      'ana@example.com',
    ],
    SECRETS.deploy,
  );
  ids.kai = await addCliKey(
    vault,
    ['--platform', 'kai', '--name', 'KAI prod', '--instance-id', 'inst-42', '--env', 'production'],
    SECRETS.kai,
  );
  ids.old = await addCliKey(
    vault,
    ['--platform', 'kubiya', '--name', 'Old kubiya', '--status', 'revoked', '--notes', 'rotated in May'],
    SECRETS.old,
  );
});
afterAll(() => cleanup());

const listJson = async (...args: string[]) => {
  const r = await runCli(['list', '--json', ...args], { vault });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { keys: Key[]; damaged: unknown[] };
};

describe('init', () => {
  it('created an owner-only vault file, and refuses to overwrite it (exit 2)', async () => {
    expect(statSync(vault).mode & 0o777).toBe(0o600);
    const again = await runCli(['init', '--kdf-memory', '64'], { vault });
    expect(again.code).toBe(2);
  });

  it('reports the KDF cost as JSON', async () => {
    const r = await runCli(['init', '--kdf-memory', '64', '--json'], { vault: join(dir, 'second.db') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kdf: { memoryMiB: 64, passes: 3 } });
  });
});

describe('add and list', () => {
  it('lists every key, in a table and as JSON', async () => {
    const r = await runCli(['list'], { vault });
    expect(r.code).toBe(0);
    for (const name of ['Deploy bot', 'KAI prod', 'Old kubiya']) expect(r.stdout).toContain(name);
    const { keys, damaged } = await listJson();
    expect(keys.map((k) => k.id).sort()).toEqual(Object.values(ids).sort());
    expect(damaged).toEqual([]);
  });

  it('filters by --platform, --status and --search', async () => {
    expect((await listJson('--platform', 'kai')).keys.map((k) => k.id)).toEqual([ids.kai]);
    expect((await listJson('--status', 'revoked')).keys.map((k) => k.id)).toEqual([ids.old]);
    expect((await listJson('--search', 'ROTATED in')).keys.map((k) => k.id)).toEqual([ids.old]);
    expect((await listJson('--platform', 'kaana')).keys).toEqual([]);
    const human = await runCli(['list', '--platform', 'kaana'], { vault });
    expect(human.code).toBe(0);
  });

  it('adds with the secret on stdin; an empty stdin is refused (exit 2)', async () => {
    const r = await runCli(['add', '--platform', 'custom', '--name', 'No secret'], { vault, input: '' });
    expect(r.code).toBe(2);
    const kai = await runCli(['add', '--platform', 'kai', '--name', 'KAI without instance'], {
      vault,
      input: 'x-secret\n',
    });
    expect(kai.code).toBe(2);
  });
});

describe('show', () => {
  it('shows metadata by name, id and id prefix, without the secret', async () => {
    for (const ref of ['Deploy bot', ids.deploy as string, (ids.deploy as string).slice(0, 8)]) {
      const r = await runCli(['show', ref, '--json'], { vault });
      expect(r.code).toBe(0);
      const k = JSON.parse(r.stdout) as Key & { secret?: unknown };
      expect(k).toMatchObject({ id: ids.deploy, name: 'Deploy bot', expiresAt: '2027-03-01', tags: ['ci'] });
      expect(k.secret).toBeUndefined();
    }
  });

  it('--reveal prints the secret; --reveal --json holds it (and the KAI instance id)', async () => {
    const human = await runCli(['show', 'Deploy bot', '--reveal'], { vault });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(SECRETS.deploy);
    const j = await runCli(['show', ids.kai as string, '--reveal', '--json'], { vault });
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ id: ids.kai, secret: { value: SECRETS.kai, instanceId: 'inst-42' } });
  });

  it('an unknown key exits 2', async () => {
    expect((await runCli(['show', 'no such key'], { vault })).code).toBe(2);
  });
});

describe('edit and rm', () => {
  it('edits fields and replaces the secret from stdin', async () => {
    const r = await runCli(['edit', 'Deploy bot', '--expires', '2027-06-30', '--tag', 'prod', '--json'], { vault });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: ids.deploy, expiresAt: '2027-06-30', tags: ['prod'] });
    const newSecret = 'knouds_live_cli_deploy_rotated_42';
    const s = await runCli(['edit', ids.deploy as string, '--replace-secret'], { vault, input: `${newSecret}\n` });
    expect(s.code).toBe(0);
    const shown = await runCli(['show', ids.deploy as string, '--reveal', '--json'], { vault });
    expect(JSON.parse(shown.stdout)).toMatchObject({ secret: { value: newSecret }, hint: 'knouds_live_…d_42' });
    expect((await runCli(['edit', 'Deploy bot'], { vault })).code).toBe(2); // nothing to change
  });

  it('edit saves an expiry already past and warns in the words the app shows as it is typed (#16)', async () => {
    const r = await runCli(['edit', 'KAI prod', '--expires', '2020-06-01', '--json'], { vault });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: ids.kai, expiresAt: '2020-06-01' });
    expect(r.stderr).toContain(pastExpiryMessage('2020-06-01', 'edit'));
    const future = await runCli(['edit', 'KAI prod', '--expires', '2099-01-01'], { vault });
    expect(future.stderr).not.toMatch(/already past/);
  });

  it('rm needs --yes without a terminal, then deletes', async () => {
    expect((await runCli(['rm', 'Old kubiya'], { vault })).code).toBe(2);
    const r = await runCli(['rm', 'Old kubiya', '--yes', '--json'], { vault });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ removed: ids.old });
    expect((await listJson()).keys.map((k) => k.id).sort()).toEqual([ids.deploy, ids.kai].sort());
    expect((await runCli(['show', ids.old as string], { vault })).code).toBe(2);
  });
});

describe('passwords', () => {
  it('--password-file works without KEYWARD_PASSWORD; a wrong one exits 3, a missing file 2', async () => {
    const good = join(dir, 'pw.txt');
    const bad = join(dir, 'bad-pw.txt');
    writeFileSync(good, `${CLI_PASSWORD}\n`, { mode: 0o600 });
    writeFileSync(bad, 'not the password\n', { mode: 0o600 });
    expect((await runCli(['list', '--password-file', good], { vault, password: null })).code).toBe(0);
    expect((await runCli(['list', '--password-file', bad], { vault, password: null })).code).toBe(3);
    expect((await runCli(['list', '--password-file', join(dir, 'missing.txt')], { vault, password: null })).code).toBe(
      2,
    );
    expect((await runCli(['list'], { vault, password: null })).code).toBe(2); // no password source, no terminal
  });

  it('passwd: the new password (KEYWARD_NEW_PASSWORD) works, the old one exits 3', async () => {
    const next = 'the new cli password 2';
    const r = await runCli(['passwd', '--json'], { vault, env: { KEYWARD_NEW_PASSWORD: next } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ changed: true });
    expect((await runCli(['list'], { vault })).code).toBe(3);
    const after = await runCli(['list', '--json'], { vault, password: next });
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as { keys: Key[] }).keys).toHaveLength(2);
    expect((await runCli(['passwd'], { vault, password: 'wrong', env: { KEYWARD_NEW_PASSWORD: 'x' } })).code).toBe(3);
  });
});
