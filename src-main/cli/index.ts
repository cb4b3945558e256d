// Process entry of the `keyward` command.
import { disableCoreDumps } from './core-dumps.js';
import { tryAgentFirst } from './agent/fast-path.js';
import { deriveOnCallingThread } from '../core/crypto/kdf-worker.js';

const INFO_FLAGS = new Set(['--version', '-V', '--help', '-h', 'help']);

const argv = process.argv.slice(2);
// `--version` and `--help` read nothing (no prompt, no stdin, no vault): they skip the prlimit
// child, which costs more than the rest of their start-up.
const readsNothing = argv.length === 0 || (argv.length === 1 && INFO_FLAGS.has(argv[0] ?? ''));
// SECURITY: before anything is read: no core file may hold a typed password or a pasted key.
if (!readsNothing) disableCoreDumps();
// A command unlocks, works and exits: Argon2id runs on this thread. The agent, which stays up
// holding the vault, keeps the worker (kdf-worker.ts).
if (argv[0] !== 'agent-serve') deriveOnCallingThread();

// A reader that stops early (`keyward list | head`) closes the pipe: that ends the output
// quietly, as in any Unix tool, rather than with a stack trace. Writes in flight have
// committed already or not at all: every command's change is one transaction.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

// An unlocked agent answers a read command before the rest of the CLI is even loaded.
async function main(): Promise<number> {
  if (!readsNothing) {
    const fast = await tryAgentFirst(argv, process.env);
    if (fast !== null) return fast;
  }
  const { run } = await import('./main.js');
  return run(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
}
process.exitCode = await main();
