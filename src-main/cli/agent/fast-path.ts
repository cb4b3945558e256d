// Before the CLI loads its commands: a command that an unlocked agent can answer whatever the
// terminal (agent-route.ts TERMINAL_FREE: list, show, check, calendar, alerts, verify, checklist,
// scan, export) is sent to it at once, so the process loads only this module and the socket
// client. Anything else, no agent, or one that sends it back, goes the full way.
import { resolve } from 'node:path';
import { agentRequest } from '../../core/agent/agent-client.js';
import { isAppError } from '../../core/errors.js';
import { socketPathFor } from '../../core/agent/agent-paths.js';
import { resolveVaultPath } from '../../core/app/paths.js';
import { EXIT } from '../exit-codes.js';
import { TERMINAL_FREE, hasGitEnv } from './agent-route.js';

const CLIENT_ENV = /^(KEYWARD_TEST_KDF|NODE_ENV|NO_COLOR|COLUMNS|LANG|LC_ALL|TZ|XDG_CONFIG_HOME|HOME)$/;

/** The exit status when the agent answered, else null. */
export async function tryAgentFirst(argv: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  if (env.KEYWARD_NO_AGENT === '1' || argv.includes('--') || argv.some((a) => /^(-h|--help|-V|--version)$/.test(a)))
    return null;
  const takesValue = new Set(['--vault', '--password-file']);
  const command = argv.find((a, i) => !a.startsWith('-') && !takesValue.has(argv[i - 1] ?? ''));
  if (command === undefined || !TERMINAL_FREE.has(command)) return null;
  // A locked scan needs no vault, and a scan under git's environment (a hook) reads this process's files.
  if (command === 'scan' && (argv.includes('--locked') || hasGitEnv(env))) return null;
  let flag: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--vault') flag = argv[++i];
    else if (a.startsWith('--vault=')) flag = a.slice('--vault='.length);
    else rest.push(a);
  }
  const vaultPath = resolve(resolveVaultPath(flag, env));
  let reply;
  try {
    reply = await agentRequest(
      socketPathFor(env, vaultPath),
      {
        op: 'exec',
        argv: ['--vault', vaultPath, ...rest],
        env: Object.fromEntries(Object.entries(env).filter(([k]) => CLIENT_ENV.test(k))),
        cwd: process.cwd(),
        // On a terminal, a question the command asks (the author's name) sends it the full way, which asks it.
        terminal: process.stdin.isTTY === true,
      },
      30 * 60_000,
    );
  } catch (e) {
    if (isAppError(e)) {
      // It took the command and ended before it answered: not run again here (it may have changed something).
      process.stderr.write(`keyward: ${e.message}\n`);
      return EXIT.wrongPassword; // exit 3, as a command stopped by a lock
    }
    // Sent, and no reply in time: the command may still finish in the agent, so it is not run again here.
    process.stderr.write('keyward: the unlocked session did not answer in time; the command may still finish there.\n');
    return EXIT.internal;
  }
  if (reply !== null && !reply.ok && reply.code === 'LOCKED' && (reply as { ran?: unknown }).ran === true) {
    // Stopped in the agent by a lock: not run again with the password (it may have changed something).
    process.stderr.write(`keyward: ${reply.message}\n`);
    return EXIT.wrongPassword;
  }
  if (!reply?.ok) return null; // no agent, or it refused: the full CLI says so and asks for the password
  process.stdout.write(String(reply.stdout ?? ''));
  process.stderr.write(String(reply.stderr ?? ''));
  return Number(reply.code);
}
