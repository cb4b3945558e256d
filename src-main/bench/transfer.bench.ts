// Benchmark of export, backup, restore --verify and inspect on a 10k-key vault with
// the default Argon2id cost. Called by the bench runner; it only measures and returns numbers.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSession } from '../core/app/session.js';
import { KDF_DEFAULT } from '../core/crypto/kdf.js';
import { systemClock } from '../core/ports/clock.port.js';
import { restoreBackup, writeBackup } from '../core/transfer/backup.js';
import { EXPORT_FORMATS, exportInventory, type ExportFormat } from '../core/transfer/export/index.js';
import { readInventoryExport } from '../core/transfer/inspect.js';
import { createVault } from '../core/vault/vault.js';
import { syntheticKey } from './vault.bench.js';

export type TransferBenchResult = {
  keys: number;
  exportMs: Record<ExportFormat, number>;
  exportBytes: Record<ExportFormat, number>;
  inspectJsonMs: number;
  inspectCsvMs: number;
  backupMs: number;
  backupBytes: number;
  verifyMs: number;
};

const PASSWORD = 'bench password that is long enough';

export async function benchTransfer(n: number): Promise<TransferBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-transfer-'));
  const prevTmp = process.env.TMPDIR;
  process.env.TMPDIR = join(dir, 'tmp');
  mkdirSync(process.env.TMPDIR);
  try {
    const vault = await createVault(join(dir, 'vault.db'), PASSWORD, { clock: systemClock, kdf: KDF_DEFAULT });
    const session = createSession(vault, { clock: systemClock, writeSchedule: false });
    for (let i = 0; i < n; i += 10_000)
      session.inventory.addMany(Array.from({ length: Math.min(10_000, n - i) }, (_, j) => syntheticKey(i + j)));
    session.inventory.list();
    const exportMs = {} as Record<ExportFormat, number>;
    const exportBytes = {} as Record<ExportFormat, number>;
    for (const format of EXPORT_FORMATS) {
      const t = performance.now();
      const { text } = exportInventory(session, format);
      exportMs[format] = performance.now() - t;
      writeFileSync(join(dir, `inventory.${format}`), text);
      exportBytes[format] = Buffer.byteLength(text);
    }
    let t = performance.now();
    readInventoryExport(join(dir, 'inventory.json'));
    const inspectJsonMs = performance.now() - t;
    t = performance.now();
    readInventoryExport(join(dir, 'inventory.csv'));
    const inspectCsvMs = performance.now() - t;
    const out = join(dir, 'vault.kwb');
    t = performance.now();
    await writeBackup(vault, PASSWORD, out, systemClock);
    const backupMs = performance.now() - t;
    vault.lock();
    t = performance.now();
    await restoreBackup(out, PASSWORD, join(dir, 'restored.db'), { clock: systemClock, verifyOnly: true });
    const verifyMs = performance.now() - t;
    return {
      keys: n,
      exportMs,
      exportBytes,
      inspectJsonMs,
      inspectCsvMs,
      backupMs,
      backupBytes: statSync(out).size,
      verifyMs,
    };
  } finally {
    if (prevTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = prevTmp;
    rmSync(dir, { recursive: true, force: true });
  }
}
