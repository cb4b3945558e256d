// Names of Keyward's temporary files and folders, and the sweep that removes the ones a
// killed process left behind. Every temporary file sits beside its target (same folder,
// same file system) and carries the writing process's id, so a stale one is recognisable.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_NAME = /^\..*\.keyward-(\d+)-[0-9a-f]{12}\.tmp$/;
/** Names the code before this rule used (schedule, backup, restore temp files). */
const LEGACY_NAME = /^(.+\.schedule\.json\.tmp|.+\.kwb\.partial-[0-9a-f]{8}\.tmp|.+\.restoring-[0-9a-f]{8}\.tmp)$/;

/** A fresh temporary name beside `target`: hidden, tagged with this process's id. */
export function tempPathBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.keyward-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Removes the temporary files and folders in `folder` whose process is gone (killed
 * midway). `prefix` limits the sweep to one target's names. Returns how many went.
 */
export function sweepStaleTemps(folder: string, prefix = ''): number {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(`.${prefix}`) && !(prefix === '' && LEGACY_NAME.test(name))) continue;
    const m = TEMP_NAME.exec(name);
    const stale = m ? !isAlive(Number(m[1])) : prefix === '' && LEGACY_NAME.test(name);
    if (!stale) continue;
    try {
      rmSync(join(folder, name), { recursive: true, force: true });
      removed++;
    } catch {
      // not ours to remove (permissions): left as it is
    }
  }
  return removed;
}
