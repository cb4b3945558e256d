// A backup cut short anywhere in its 92-byte header, even inside the 8-byte magic, is
// a truncated backup (exit 4) for restore and inspect, as docs/BACKUP-FORMAT.md says;
// a file that does not start like the magic is "not a Keyward backup" (exit 2).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../src-main/core/transfer/backup.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterAll(() => cleanup());

let made: { dir: string; vault: string; bytes: Buffer };
beforeAll(async () => {
  made = await backupFile();
});

async function backupFile() {
  const t = tempDir();
  cleanup = t.cleanup;
  const vault = join(t.dir, 'vault.db');
  await initCliVault(vault);
  await addCliKey(vault, ['--platform', 'custom', '--name', 'Bot'], 'custom-secret-0123456789abcdef');
  const out = join(t.dir, 'vault.kwb');
  const b = await runCli(['backup', '--out', out], { vault });
  expect(b, b.stderr).toMatchObject({ code: 0 });
  return { dir: t.dir, vault, bytes: readFileSync(out) };
}

describe('a backup cut inside its header', () => {
  it('is truncated (exit 4) at every length from 0 to 91 bytes, from the CLI and the core', async () => {
    const v = made;
    const none = join(v.dir, 'none.db');
    const cut = join(v.dir, 'cut.kwb');
    for (const n of [0, 1, 4, 7, 8, 9, 50, 91]) {
      writeFileSync(cut, v.bytes.subarray(0, n));
      const r = await runCli(['restore', cut, '--verify'], { vault: none });
      expect({ n, code: r.code }).toEqual({ n, code: 4 });
      expect(r.stderr).toMatch(/truncated/);
    }
    for (let n = 0; n < 92; n++) {
      writeFileSync(cut, v.bytes.subarray(0, n));
      const e = await restoreBackup(cut, 'unused', none, { verifyOnly: true, clock: systemClock }).then(
        () => null,
        (err: unknown) => err,
      );
      expect({ n, e }).toMatchObject({
        n,
        e: { code: 'INTEGRITY_ERROR', message: expect.stringMatching(/truncated/) },
      });
    }
  });

  it('inspect takes a file holding only the start of the magic for a truncated backup', async () => {
    const v = made;
    const cut = join(v.dir, 'cut.kwb');
    writeFileSync(cut, v.bytes.subarray(0, 4));
    const r = await runCli(['inspect', cut, 'list'], { vault: join(v.dir, 'none.db') });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/truncated/);
  });

  it('a short file that does not start like the magic is not a backup (exit 2)', async () => {
    const v = made;
    const other = join(v.dir, 'other.kwb');
    for (const text of ['KWBX', 'abcd', 'KWBACKUQ']) {
      writeFileSync(other, text);
      const r = await runCli(['restore', other, '--verify'], { vault: join(v.dir, 'none.db') });
      expect({ text, code: r.code }).toEqual({ text, code: 2 });
      expect(r.stderr).toMatch(/not a Keyward backup/);
    }
  });
});
