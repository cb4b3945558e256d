// Fault-injection mounts for reliability tests: a small tmpfs that can be filled (a full
// disk) and a read-only bind mount (read-only media). Root only; a test skips with a
// clear message where mounting is refused, and every mount is undone in `finally`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';

function run(args: string[]): string | null {
  const r = spawnSync('mount', args, { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || r.error?.message || 'mount failed').trim();
}

/** Why mounts cannot be used here, or null when they can (tries one tiny tmpfs). */
export function mountRefusal(probeDir: string): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  const dir = join(probeDir, 'probe-mount');
  mkdirSync(dir, { recursive: true });
  const why = run(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
  if (why === null) unmount(dir);
  return why;
}

export function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
}

/** Mounts a tmpfs of `size` (e.g. "2m") at `dir`. */
export function mountTmpfs(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  const why = run(['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  if (why !== null) throw new Error(`mount tmpfs: ${why}`);
}

/** Bind-mounts `source` read-only at `dir`. */
export function mountReadOnly(source: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  let why = run(['--bind', source, dir]);
  if (why === null) why = run(['-o', 'remount,ro,bind', dir]);
  if (why !== null) {
    unmount(dir);
    throw new Error(`read-only bind mount: ${why}`);
  }
}

/** Fills the file system holding `dir` with one file until it reports ENOSPC. */
export function fillDisk(dir: string): string {
  const path = join(dir, 'filler.bin');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 7);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  // the last partial block too
  const fd2 = openSync(path, 'a');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(1));
  } catch {
    // full
  } finally {
    closeSync(fd2);
  }
  return path;
}
