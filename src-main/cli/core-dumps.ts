// Turns core dumps off for the running CLI, so a crash (or a signal) at a prompt does not
// write the typed master password or a pasted key to disk. Node has no setrlimit or prctl;
// on Linux util-linux's prlimit sets this process's RLIMIT_CORE to 0 (soft and hard).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// SECURITY: absolute paths only, so a PATH entry cannot put another program here.
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'];

export type CoreDumps = 'off' | 'unavailable' | 'not-applicable';

/**
 * 'off' when the limit is now 0; 'unavailable' on Linux without prlimit (the README says
 * so); 'not-applicable' elsewhere (macOS writes no core files unless `ulimit -c` is raised
 * and /cores is writable; Windows writes no core dumps by default).
 */
export function disableCoreDumps(platform: NodeJS.Platform = process.platform): CoreDumps {
  if (platform !== 'linux') return 'not-applicable';
  const bin = PRLIMIT.find((p) => existsSync(p));
  if (bin === undefined) return 'unavailable';
  try {
    execFileSync(bin, ['--pid', String(process.pid), '--core=0:0'], { stdio: 'ignore', timeout: 5_000 });
    return 'off';
  } catch {
    return 'unavailable';
  }
}
