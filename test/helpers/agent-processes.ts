// The agent processes serving a vault, as /proc lists them (not as the agent says): tests of the CLI agent
// count them, wait for them to exit and kill what a failed test left.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of `keyward agent-serve` processes whose command line names `vault`. */
export function agentProcessesOf(vault: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        return cmd.includes('agent-serve') && cmd.includes(vault);
      } catch {
        return false;
      }
    })
    .map(Number);
}
