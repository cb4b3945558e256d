// A key's old meta and secret blobs put back under its current revision fail the manifest
// check. Reads append to the key's history (re-sealing its meta) and rewrite the manifest:
// that must not accept the rollback. The rolled-back secret is not handed out, the check keeps
// failing after any number of reads, and a vault key rotation does not re-seal it as accepted.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { OLD, rolledBackVault } from '../../helpers/rollback.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('keyward-rollback-read-').dir;
});

describe('a single-row rollback after a read', () => {
  it('read, show --reveal and run refuse the rolled-back key and do not accept it', { timeout: 120_000 }, async () => {
    const vault = join(dir, 'reads.db');
    const id = await rolledBackVault(vault);
    expect((await runCli(['--strict', 'list'], { vault })).code).toBe(4);
    for (const args of [
      ['read', 'keyward://Deploy'],
      ['show', id, '--reveal'],
      ['run', '--env', 'K=keyward://Deploy', '--', process.execPath, '-e', 'process.stdout.write(process.env.K ?? "")'],
      ['read', 'keyward://Other'], // the check is per table: no key of a table that fails is revealed
    ]) {
      const r = await runCli(args, { vault });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(4);
      expect(r.stdout + r.stderr).not.toContain(OLD);
      expect(r.stderr).toMatch(/INTEGRITY|do not match its manifest/);
    }
    const strict = await runCli(['--strict', 'list'], { vault });
    expect(strict.code, strict.stderr).toBe(4);
    const plain = await runCli(['list'], { vault });
    expect(plain.stderr).toMatch(/^warning: The vault's records do not match its manifest/m);
    // An edit of a key is a real change to the table: it accepts the vault as it is.
    expect((await runCli(['edit', id, '--owner', 'ana'], { vault })).code).toBe(0);
    expect((await runCli(['--strict', 'list'], { vault })).code).toBe(0);
    const after = await runCli(['read', 'keyward://Deploy', '--no-newline'], { vault });
    expect(after.code, after.stderr).toBe(0);
  });

  it(
    'passwd --rotate-vault-key stops on a vault that fails its checks; nothing is written',
    { timeout: 120_000 },
    async () => {
      const vault = join(dir, 'rotate.db');
      await rolledBackVault(vault);
      const header = () => withRawDb(vault, (db) => db.prepare('SELECT * FROM vault_header').get());
      const keys = () => withRawDb(vault, (db) => db.prepare('SELECT * FROM keys ORDER BY id').all());
      const [h0, k0] = [header(), keys()];
      const env = { KEYWARD_NEW_PASSWORD: 'a new master password after the leak' };
      const strict = await runCli(['--strict', 'passwd', '--rotate-vault-key'], { vault, env });
      expect(strict.code, strict.stderr).toBe(4);
      const plain = await runCli(['passwd', '--rotate-vault-key'], { vault, env });
      expect(plain.code, plain.stderr).toBe(4);
      expect(plain.stderr).toMatch(/key record/);
      expect(plain.stderr).toMatch(/not rotated/);
      expect(header()).toEqual(h0);
      expect(keys()).toEqual(k0);
      expect((await runCli(['--strict', 'list'], { vault })).code).toBe(4);
    },
  );
});
