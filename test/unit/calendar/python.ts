// Finds a Python interpreter that can import a module, for parsing our output with
// an independent implementation. Debian's python3-icalendar lives in /usr/bin/python3.
import { spawnSync } from 'node:child_process';

export function findPython(module: string): string | null {
  for (const exe of ['python3', '/usr/bin/python3', 'python']) {
    const r = spawnSync(exe, ['-c', `import ${module}`], { encoding: 'utf8' });
    if (r.status === 0) return exe;
  }
  return null;
}

/** Runs a Python script with `input` on stdin; returns stdout, throws with stderr on failure. */
export function runPython(exe: string, script: string, input: string): string {
  const r = spawnSync(exe, ['-c', script], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed (${String(r.status)}): ${r.stderr}`);
  return r.stdout;
}
