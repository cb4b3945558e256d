// docs/VAULT-FORMAT.md lists every column and side file readable without the password.
// A vault made with known secrets, names, hints and notes is walked table by table,
// column by column and file by file: the readable set equals the page's list exactly,
// every other column holds only sealed blobs, and none of the known values is anywhere.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { canaryForms, newCanary, scan } from '../../helpers/canary.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { writeScanIndex } from '../../../src-main/core/scan/scan-index.js';
import { dailyNotification, notifiedPathFor, writeNotified } from '../../../src-main/host/alert-signals.js';
import { newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

const DOC = new URL('../../../docs/VAULT-FORMAT.md', import.meta.url).pathname;

function admitted(): Set<string> {
  const block = /```readable-without-password\n([\s\S]*?)\n```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  if (block === undefined) throw new Error('no readable-without-password block in VAULT-FORMAT.md');
  return new Set(block.split('\n'));
}

/** A sealed blob: version 1, a 24-byte nonce, at least one 32-byte padded block and a 16-byte tag. */
const isSealed = (v: unknown) => v instanceof Uint8Array && v[0] === 1 && v.length >= 1 + 24 + 32 + 16;

describe('what is readable without the password', () => {
  it('is exactly the list in VAULT-FORMAT.md: every table, column and side file walked', async () => {
    const t = tempDir();
    const made = await newTestVault(t.dir);
    cleanup = () => {
      made.vault.lock();
      t.cleanup();
    };
    const session = createSession(made.vault, { clock: made.clock });
    const known = {
      secret: newCanary('knouds_live_CANARY'),
      name: newCanary('name-CANARY'),
      notes: newCanary('notes-CANARY'),
      account: newCanary('account-CANARY'),
      template: newCanary('template-name-CANARY'),
      templateId: newCanary('template-id-CANARY'),
      step: newCanary('step-CANARY'),
    };
    const key = session.inventory.add(
      sampleKey({ name: known.name, notes: known.notes, account: known.account, expiresAt: '2027-03-01' }),
      { value: known.secret },
    );
    session.inventory.reveal(key.id, 'revealed');
    // The template id the user chose is a name too: the file holds only an opaque row id for it.
    session.checklists.editTemplate(known.templateId, {
      name: known.template,
      steps: [{ id: 's1', title: known.step, kind: 'task' }],
    });
    session.team.setName('Ana');
    session.checklists.start(key.id, { templateId: known.templateId, dueDate: '2027-02-01' });
    // A removed key leaves no id behind, even where a checklist run or a rotation run named it.
    const gone = session.inventory.add(sampleKey({ name: 'Removed' }), { value: 'knouds_live_removed_0123456789' });
    session.checklists.start(gone.id, { templateId: known.templateId });
    session.rotations.start(gone.id, 'rotate');
    session.inventory.remove(gone.id);
    session.alerts.writeSchedule();
    // The locked-state scan index (keyward hook install): tags and lengths only, no names by default.
    expect(writeScanIndex(made.path, session.inventory, { create: true }).problem).toBeNull();
    // The desktop app's memory of its last notification, one naming the key (names allowed): none is kept.
    const notified = dailyNotification(
      { keyIds: [key.id], actNow: 1, urgentName: known.name },
      null,
      '2026-11-25',
      true,
    );
    expect(notified?.notification?.body).toContain(known.name);
    expect(writeNotified(notifiedPathFor(made.path), notified!.memory)).toBeNull();
    const hint = session.inventory.get(key.id).hint;
    made.vault.lock(); // checkpointed: what is left on disk is what an attacker gets

    const readable = new Set<string>();
    const sealedOnly: string[] = [];
    withRawDb(made.path, (db) => {
      const tables = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
        .pluck()
        .all() as string[];
      for (const table of tables) {
        const cols = db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as {
          name: string;
          type: string;
        }[];
        const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
        for (const c of cols) {
          const values = rows.map((r) => r[c.name]);
          const sealed = values.length > 0 ? values.every(isSealed) : c.type.toUpperCase() === 'BLOB';
          if (sealed) sealedOnly.push(`${table}.${c.name}`);
          else readable.add(`${table}.${c.name}`);
        }
      }
    });
    const files = readdirSync(dirname(made.path)).filter(
      (f) => f.startsWith(basename(made.path)) && f !== basename(made.path),
    );
    for (const f of files) readable.add(`file:${f}`);

    expect([...readable].sort()).toEqual([...admitted()].sort());
    expect(sealedOnly.length).toBeGreaterThan(0);

    // Neither the template's id nor its name, its steps or any fact of the key is readable.
    const needles = Object.entries(known).flatMap(([label, v]) => canaryForms(v, label));
    const onDisk = [made.path, ...files.map((f) => join(dirname(made.path), f))];
    expect(scan(onDisk, needles)).toEqual([]);
    expect(onDisk.filter((p) => readFileSync(p).includes(Buffer.from(gone.id)))).toEqual([]);
    if (hint.length >= 6) expect(onDisk.some((p) => readFileSync(p).includes(Buffer.from(hint)))).toBe(false);

    // The schedule holds what the page says: key ids, dates, severities and kinds, no names.
    const schedule = JSON.parse(readFileSync(`${made.path}.schedule.json`, 'utf8')) as {
      entries: Record<string, unknown>[];
    };
    expect(Object.keys(schedule).sort()).toEqual(['entries', 'version', 'writtenAt']);
    expect(schedule.entries.length).toBeGreaterThan(0);
    for (const e of schedule.entries) expect(Object.keys(e).sort()).toEqual(['date', 'keyId', 'kind', 'severity']);

    // The notification memory holds what the page says: a day, a count and a hash, no id or name.
    const memory = JSON.parse(readFileSync(notifiedPathFor(made.path), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(memory).sort()).toEqual(['count', 'day', 'fingerprint', 'version']);
    expect(readFileSync(notifiedPathFor(made.path), 'utf8')).not.toContain(key.id);

    // The scan index holds what the page says: its random key, lengths and one tag per findable secret.
    const index = JSON.parse(readFileSync(`${made.path}.scan-index`, 'utf8')) as Record<string, unknown> & {
      entries: Record<string, unknown>[];
    };
    expect(Object.keys(index).sort()).toEqual(['entries', 'format', 'key', 'lengths', 'version', 'withNames']);
    expect(index.withNames).toBe(false);
    expect(index.entries).toHaveLength(1);
    for (const e of index.entries) expect(Object.keys(e)).toEqual(['tag']);
    expect(onDisk.filter((p) => readFileSync(p).includes(Buffer.from(key.id)) && p.endsWith('.scan-index'))).toEqual(
      [],
    );
  });
});
