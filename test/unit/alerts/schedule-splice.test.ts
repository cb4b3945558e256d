// A CLI command about one key updates the schedule for that key alone: a read of one key
// writes nothing, and a change gives exactly the file a whole rebuild would.
import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { schedulePathFor } from '../../../src-main/core/alerts/alerts.service.js';
import { newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('incremental schedule', () => {
  it('a one-key read writes nothing; a one-key change splices exactly what a rebuild writes', async () => {
    const t = tempDir('keyward-splice-');
    const made = await newTestVault(t.dir);
    cleanup = () => {
      made.vault.lock();
      t.cleanup();
    };
    const first = createSession(made.vault, { clock: made.clock });
    const keys = first.inventory.addMany(
      Array.from({ length: 8 }, (_, i) => ({
        input: sampleKey({ name: `k${i}`, expiresAt: `2027-0${(i % 8) + 1}-15` }),
        secret: { value: `knouds_live_splice_${i}_0123456789abcdef` },
      })),
    );
    first.alerts.writeSchedule();
    const path = schedulePathFor(made.path);
    const before = { text: readFileSync(path, 'utf8'), mtime: statSync(path).mtimeMs };

    const read = createSession(made.vault, { clock: made.clock });
    read.inventory.get('k3');
    expect(read.alerts.refreshSchedule({ incremental: true }).written).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(before.text);
    expect(statSync(path).mtimeMs).toBe(before.mtime);

    const change = createSession(made.vault, { clock: made.clock });
    change.inventory.edit('k2', { expiresAt: '2026-12-20' });
    change.inventory.remove('k5');
    change.inventory.add(sampleKey({ name: 'new', expiresAt: '2027-01-02' }), {
      value: 'knouds_live_splice_new_0123456789abcdef',
    });
    expect(change.inventory.isComplete()).toBe(false);
    expect(change.alerts.refreshSchedule({ incremental: true }).written).toBe(true);
    const spliced = JSON.parse(readFileSync(path, 'utf8')) as { entries: unknown[] };
    expect(JSON.stringify(spliced.entries)).not.toBe(JSON.stringify(JSON.parse(before.text).entries));
    expect(JSON.stringify(spliced)).not.toContain(keys[5]?.id);

    const whole = createSession(made.vault, { clock: made.clock });
    whole.inventory.list();
    expect(whole.alerts.refreshSchedule().written).toBe(false); // the rebuild finds the same entries
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(spliced);
  });
});
