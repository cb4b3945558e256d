// Two sessions ("Ana" and "Ben") on real vault files with the same key recorded, for
// checklist sharing tests; plus file helpers and the canary needles of a vault.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../../src-main/core/app/session.js';
import type { ExportedFiles } from '../../../src-main/core/checklists/exporter.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { canaryForms, newCanary, type Needle } from '../../helpers/canary.js';
import { newSessionVault } from '../../helpers/session-vault.js';
import { sampleKey } from '../../helpers/temp-vault.js';

export type Member = {
  session: Session;
  path: string;
  clock: ReturnType<typeof fixedClock>;
  keyId: string;
  secret: string;
};

/** A vault whose user is `name`, holding the shared Kognitos key (and a second, unrelated one). */
export async function member(dir: string, name: string, at = '2026-11-25T09:00:00.000Z'): Promise<Member> {
  const clock = fixedClock(at);
  const { session, path } = await newSessionVault(dir, { clock }, `${name}.db`);
  session.team.setName(name);
  const secret = newCanary('kgn_pat_CANARY');
  const key = session.inventory.add(
    sampleKey({
      platform: 'kognitos',
      name: 'Billing automations',
      account: 'acme-org',
      createdAt: '2026-10-01',
      expiresAt: '2027-01-10',
      deployedTo: ['GitHub Actions secret KOGNITOS_PAT in acme/billing', 'Vercel env KOGNITOS_PAT (prod)'],
      notes: `private note of ${name}`,
    }),
    { value: secret },
  );
  session.inventory.add(sampleKey({ name: 'Other key' }), { value: newCanary('knouds_live_CANARY') });
  return { session, path, clock, keyId: key.id, secret };
}

/** Writes an export beside `base` (base.json + base.md) and returns the JSON path. */
export function writeExport(dir: string, base: string, out: ExportedFiles): string {
  writeFileSync(join(dir, `${base}.json`), out.json);
  writeFileSync(join(dir, `${base}.md`), out.md);
  return join(dir, `${base}.json`);
}

/** Every secret and hint of a vault (and its signing secret key), in every form a scan looks for. */
export function vaultNeedles(s: Session): Needle[] {
  const needles: Needle[] = [];
  for (const k of s.inventory.list().keys) {
    const secret = s.inventory.secretFor(k.id);
    needles.push(...canaryForms(secret.value, `secret of ${k.name}`), ...canaryForms(k.hint, `hint of ${k.name}`));
    needles.push(...canaryForms(k.notes, `notes of ${k.name}`));
  }
  const signingKey = s.team.withIdentity((me) => Buffer.from(me.secretKey));
  needles.push({ label: 'signing secret key', bytes: signingKey });
  needles.push(...canaryForms(signingKey.toString('base64'), 'signing secret key'));
  return needles;
}

/** "CODE: message" of the AppError `fn` throws, or "no error". */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}
