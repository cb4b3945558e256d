// Which commands an unlocked agent runs, decided in the client before anything is sent, and
// checked again in the agent (docs/AGENT.md "Which commands use it"). The agent has no terminal
// and no standard input: a command that would ask a question, read standard input or a file
// that is this process's own (/dev/stdin, /proc/self/...) runs in the client, with the password.
import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** The commands the agent runs whole (their output comes back over the socket). */
export const AGENT_COMMANDS: ReadonlySet<string> = new Set([
  'list',
  'show',
  'check',
  'add',
  'edit',
  'rm',
  'calendar',
  'alerts',
  'verify',
  'checklist',
  'team',
  'export',
  'import',
  'scan',
]);

/**
 * The commands whose way never depends on the client's terminal or input: the fast path
 * (fast-path.ts) sends them before the CLI loads; the agent still refuses what it must not run.
 */
export const TERMINAL_FREE: ReadonlySet<string> = new Set([
  'list',
  'show',
  'check',
  'calendar',
  'alerts',
  'verify',
  'checklist',
  'scan',
  'export',
]);

export type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * SECURITY: git's own environment for this process (a hook runs with a temporary index in
 * GIT_INDEX_FILE, or GIT_DIR / GIT_WORK_TREE): the agent's git would read other files, so a scan
 * with it set runs here.
 */
export const hasGitEnv = (env: NodeJS.ProcessEnv): boolean => Object.keys(env).some((k) => GIT_PLACES.test(k));
/** The variables that move where git reads a repository, its index or its objects from. */
const GIT_PLACES =
  /^GIT_(DIR|INDEX_FILE|WORK_TREE|COMMON_DIR|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|QUARANTINE_PATH)$/;

export type Route =
  /** Runs in the agent; `secret`: the client reads the key's secret first (add, edit --replace-secret). */
  | { via: 'agent'; secret: boolean }
  /** Runs here, unlocking with the password: `why` is for the docs and tests, never printed as an error. */
  | { via: 'password'; why: string };

const password = (why: string): Route => ({ via: 'password', why });

/** A path that names this process's own input, output or files: in the agent it would be the agent's. */
function ownFile(p: string | undefined, cwd: string): boolean {
  if (p === undefined) return false;
  if (p === '-') return true;
  const abs = isAbsolute(p) ? p : resolve(cwd, p);
  let real = abs;
  try {
    real = realpathSync(abs); // a link to /dev/stdin is /dev/stdin
  } catch {
    // not there (yet): the path as given
  }
  return [abs, real].some((x) => /^\/(dev|proc)(\/|$)/.test(x));
}

/**
 * Where `command` runs when an agent answers. `interactive`: the client's standard input is a
 * terminal (in the agent it never is, so a command that would ask there runs here instead).
 */
export function agentRoute(
  command: string,
  positionals: string[],
  values: Values,
  client: { interactive: boolean; cwd: string; gitEnv?: boolean },
): Route {
  if (!AGENT_COMMANDS.has(command)) return password('not an agent command');
  // An explicit password is the user's choice of this path.
  if (values['password-file'] !== undefined) return password('--password-file given');
  const yes = values.yes === true;
  const paths = [values.out, values.from, ...positionals].filter((p): p is string => typeof p === 'string');
  if (paths.some((p) => ownFile(p, client.cwd))) return password('a file of this process');
  switch (command) {
    case 'add':
      return { via: 'agent', secret: true };
    case 'edit':
      return { via: 'agent', secret: values['replace-secret'] === true };
    case 'rm':
      // Without --yes, a terminal is asked to confirm; without one, rm refuses the same way in the agent.
      return client.interactive && !yes ? password('asks to confirm') : { via: 'agent', secret: false };
    case 'team':
      return client.interactive && !yes && positionals[0] === 'trust'
        ? password('asks to confirm')
        : { via: 'agent', secret: false };
    case 'import':
      return client.interactive && !yes && values['dry-run'] !== true
        ? password('asks to confirm')
        : { via: 'agent', secret: false };
    case 'scan':
      // A locked scan reads only the scan index (no vault, no password); git's environment is this process's.
      if (values.locked === true) return password('reads only the scan index');
      return client.gitEnv === true
        ? password('git runs with this process’s environment')
        : { via: 'agent', secret: false };
    case 'export':
      // SECURITY: secrets in the clear need the master password typed again, by design.
      return values['with-secrets'] === true ? password('asks the password again') : { via: 'agent', secret: false };
    default:
      return { via: 'agent', secret: false };
  }
}
