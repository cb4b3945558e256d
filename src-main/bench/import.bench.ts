// The import benchmark: a 100k-line .env file (every line a key, mixed formats)
// imported into a fresh vault: read, parse, detect, find duplicates, seal, and write
// in one transaction. KDF excluded (the vault is made at the floor cost).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession } from '../core/app/session.js';
import { KDF_FLOOR } from '../core/crypto/kdf.js';
import { systemClock } from '../core/ports/clock.port.js';
import { readImportFile } from '../core/transfer/import/index.js';
import { createVault } from '../core/vault/vault.js';

export type ImportBenchResult = { lines: number; added: number; previewMs: number; commitMs: number; totalMs: number };

const PREFIXES = ['knouds_live_', 'ghp_', 'sk_live_', 'kgn_pat_', 'xoxb-', ''];
const NAMES = [
  'KNOUDS_API_KEY',
  'GITHUB_TOKEN',
  'STRIPE_SECRET_KEY_PROD',
  'KOGNITOS_TOKEN',
  'SLACK_BOT_TOKEN',
  'KAANA_API_KEY',
];

export async function benchImport(lines: number): Promise<ImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-import-bench-'));
  try {
    const file = join(dir, 'big.env');
    const body = Array.from({ length: lines }, (_, i) => {
      const k = i % PREFIXES.length;
      return `${NAMES[k]}_${i}=${PREFIXES[k]}${i.toString(36).padStart(8, '0')}${'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8'.slice(0, 20 + (i % 5))}`;
    }).join('\n');
    writeFileSync(file, `# generated for the import benchmark\n${body}\n`);
    const vault = await createVault(join(dir, 'vault.db'), 'bench password', { clock: systemClock, kdf: KDF_FLOOR });
    const session = createSession(vault, { clock: systemClock, writeSchedule: false });
    try {
      const t0 = performance.now();
      const view = session.imports.preview(readImportFile(file));
      const t1 = performance.now();
      const summary = await session.imports.commit(view.id);
      const t2 = performance.now();
      if (summary.added !== lines) throw new Error(`imported ${summary.added} of ${lines}`);
      return { lines, added: summary.added, previewMs: t1 - t0, commitMs: t2 - t1, totalMs: t2 - t0 };
    } finally {
      session.lock();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
