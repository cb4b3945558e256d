// The backup description's one exact form and the Argon2 range a backup header may
// name, at their edges (docs/BACKUP-FORMAT.md): both ends of the range are included.
import { describe, expect, it } from 'vitest';
import { KDF_ALG, KDF_VERSION, checkKdfParams } from '../../../src-main/core/crypto/kdf.js';
import {
  backupSource,
  encodeBackupMeta,
  isBackupCreatedAt,
  parseBackupMeta,
} from '../../../src-main/core/transfer/backup-description.js';

const MiB = 1024 * 1024;
const params = (opsLimit: number, memLimitBytes: number) => ({
  alg: KDF_ALG,
  kdfVersion: KDF_VERSION,
  opsLimit,
  memLimitBytes,
  salt: new Uint8Array(16),
});
const refused = (ops: number, mem: number) => {
  try {
    checkKdfParams(params(ops, mem), "The backup's");
    return null;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('the Argon2 range of a backup header', () => {
  it('includes 3 and 16 passes, 64 MiB and 2 GiB, and only whole KiB', () => {
    expect([refused(3, 64 * MiB), refused(16, 2048 * MiB), refused(16, 64 * MiB + 1024)]).toEqual([null, null, null]);
    for (const [ops, mem] of [
      [2, 64 * MiB],
      [17, 64 * MiB],
      [3, 64 * MiB - 1024],
      [3, 2048 * MiB + 1024],
      [3, 64 * MiB + 512],
    ] as const)
      expect({ ops, mem, code: refused(ops, mem) }).toEqual({ ops, mem, code: 'KDF_PARAMS_REFUSED' });
  });
});

describe('the description', () => {
  const meta = {
    format: 'keyward.backup' as const,
    version: 1 as const,
    createdAt: '2026-11-25T09:00:00.000Z',
    source: 'vault.db',
    vaultId: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
    databaseBytes: 126976,
  };

  it('is written in the form the doc shows and read back', () => {
    const bytes = encodeBackupMeta(meta);
    expect(new TextDecoder().decode(bytes)).toBe(
      '{"format":"keyward.backup","version":1,"createdAt":"2026-11-25T09:00:00.000Z","source":"vault.db","vaultId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","databaseBytes":126976}',
    );
    expect(parseBackupMeta(bytes)).toEqual(meta);
  });

  it('refuses a byte-order mark and escapes where none is needed', () => {
    const text = new TextDecoder().decode(encodeBackupMeta(meta));
    for (const bad of ['\uFEFF' + text, text.replace('vault.db', 'vault\\u002edb')])
      expect(() => parseBackupMeta(new TextEncoder().encode(bad))).toThrow(/documented form/);
  });

  it('createdAt: only the 24-character UTC form of a real instant, 1970 to 9999', () => {
    expect(isBackupCreatedAt('1970-01-01T00:00:00.000Z')).toBe(true);
    expect(isBackupCreatedAt('9999-12-31T23:59:59.999Z')).toBe(true);
    for (const v of [
      '2026-11-25T24:00:00.000Z',
      '2026-11-25T09:00:60.000Z',
      '2026-11-25 09:00:00.000Z',
      '٢٠٢٦-11-25T09:00:00.000Z',
    ])
      expect({ v, ok: isBackupCreatedAt(v) }).toEqual({ v, ok: false });
  });

  it('source: the base name, with a separator or control character written as _ and at most 200 characters', () => {
    expect(backupSource('/home/ana/keys/team.db')).toBe('team.db');
    expect(backupSource('/tmp/a\\b\n.db')).toBe('a_b_.db');
    expect(backupSource('/tmp/a\ud800.db')).toBe('a_.db');
    expect(Array.from(backupSource(`/tmp/${'é'.repeat(250)}`))).toHaveLength(200);
  });
});
