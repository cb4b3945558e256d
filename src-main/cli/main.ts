// The `keyward` command: argv -> command -> core. Errors become one line on
// stderr and an exit status (exit-codes.ts); never a stack trace, never a secret.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveVaultPath } from '../core/app/paths.js';
import { testKdfCostAllowed } from '../core/crypto/kdf.js';
import { AppError, isAppError } from '../core/errors.js';
import { systemClock, type Clock } from '../core/ports/clock.port.js';
import type { CheckFlags } from './commands/alerts.command.js';
import type { LifecycleFlags } from './commands/lifecycle.command.js';
import type { ExportFlags, InspectFlags } from './commands/transfer.command.js';
import type { ChecklistFlags } from './commands/checklist.command.js';
import type { TeamFlags } from './commands/team.command.js';
import type { ImportFlags } from './commands/import.command.js';
import type { RunFlags } from './commands/run.command.js';
import type { ScanFlags } from './commands/scan.command.js';

type HookFlags = { repo?: string; force?: boolean; 'with-names'?: boolean };
import type { Ctx } from './context.js';
import { agentRequest } from '../core/agent/agent-client.js';
import { socketPathFor } from '../core/agent/agent-paths.js';
import { resolve } from 'node:path';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { USAGE, commandUsage } from './usage.js';
import { KEY_FLAG_OPTIONS, type KeyFlagValues } from './key-flags.js';
import { isInteractive, terminalSafe, type Io } from './terminal.js';
import { AGENT_COMMANDS, agentRoute, hasGitEnv, type Route } from './agent/agent-route.js';
import { keywardVersion } from './version.js';
import { looksLikeSecret } from '../core/scan/key-catalog.js';
import { ensureAuthor } from './author.js';

// Each command's module (and the core it pulls in: sqlite, libsodium, zod) is loaded only when
// that command runs, so `--version` and `--help` start about as fast as Node itself.
const keys = () => import('./commands/keys.command.js');
const alerts = () => import('./commands/alerts.command.js');
const lifecycle = () => import('./commands/lifecycle.command.js');
const transfer = () => import('./commands/transfer.command.js');
const vaultCmds = () => import('./commands/vault.command.js');

const GLOBAL_OPTIONS = {
  vault: { type: 'string' },
  'password-file': { type: 'string' },
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

const LIST_OPTIONS = {
  platform: { type: 'string' },
  status: { type: 'string' },
  search: { type: 'string' },
  tag: { type: 'string' },
  owner: { type: 'string' },
} as const;
const CHECK_OPTIONS = {
  within: { type: 'string' },
  'unused-for': { type: 'string' },
  format: { type: 'string' },
  all: { type: 'boolean' },
  by: { type: 'string' },
} as const;

const COMMAND_OPTIONS: Record<string, ParseArgsConfig['options']> = {
  init: { 'kdf-memory': { type: 'string' }, 'kdf-passes': { type: 'string' } },
  passwd: {
    'kdf-memory': { type: 'string' },
    'kdf-passes': { type: 'string' },
    'rotate-vault-key': { type: 'boolean' },
  },
  add: { ...KEY_FLAG_OPTIONS, 'allow-duplicate': { type: 'boolean' } },
  edit: { ...KEY_FLAG_OPTIONS, 'replace-secret': { type: 'boolean' }, 'allow-duplicate': { type: 'boolean' } },
  list: {
    ...LIST_OPTIONS,
    sort: { type: 'string' },
    fields: { type: 'string' },
    format: { type: 'string' },
    'needs-action': { type: 'boolean' },
  },
  show: { reveal: { type: 'boolean' } },
  rm: { yes: { type: 'boolean', short: 'y' } },
  check: CHECK_OPTIONS,
  calendar: { out: { type: 'string' }, force: { type: 'boolean' } },
  alerts: { until: { type: 'string' } },
  verify: { all: { type: 'boolean' } },
  sandbox: {},
  create: {
    ...KEY_FLAG_OPTIONS,
    'expires-in': { type: 'string' },
    'experimental-api': { type: 'boolean' },
    'management-key': { type: 'string' },
  },
  rotate: {
    'expires-in': { type: 'string' },
    expires: { type: 'string' },
    'instance-id': { type: 'string' },
    'experimental-api': { type: 'boolean' },
    'management-key': { type: 'string' },
    deployed: { type: 'boolean' },
    revoked: { type: 'boolean' },
    resume: { type: 'boolean' },
    cancel: { type: 'boolean' },
    'revoke-first': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
  revoke: {
    revoked: { type: 'boolean' },
    resume: { type: 'boolean' },
    cancel: { type: 'boolean' },
    'confirm-name': { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
  },
  checklist: {
    template: { type: 'string' },
    due: { type: 'string' },
    state: { type: 'string' },
    reason: { type: 'string' },
    note: { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string' },
    force: { type: 'boolean' },
  },
  team: {
    folder: { type: 'string' },
    name: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    create: { type: 'boolean' },
  },
  export: {
    format: { type: 'string' },
    out: { type: 'string' },
    'with-secrets': { type: 'boolean' },
    'i-understand': { type: 'boolean' },
    force: { type: 'boolean' },
  },
  backup: { out: { type: 'string' } },
  restore: { verify: { type: 'boolean' }, force: { type: 'boolean' } },
  // inspect FILE list|check|calendar takes the flags of the command it answers for.
  inspect: {
    ...LIST_OPTIONS,
    ...CHECK_OPTIONS,
    'needs-action': { type: 'boolean' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  import: {
    format: { type: 'string' },
    'dry-run': { type: 'boolean' },
    map: { type: 'string', multiple: true },
    platform: { type: 'string' },
    'include-duplicates': { type: 'boolean' },
    'leave-out-invalid': { type: 'boolean' },
    set: { type: 'string', multiple: true },
    yes: { type: 'boolean', short: 'y' },
  },
  run: {
    env: { type: 'string', multiple: true },
    'env-file': { type: 'string', multiple: true },
    // The same as --env-file, for `node bin/keyward.mjs run ...`, where Node 20 takes --env-file itself.
    'env-from': { type: 'string', multiple: true },
    'no-inherit-env': { type: 'boolean' },
    'no-masking': { type: 'boolean' },
  },
  read: { 'no-newline': { type: 'boolean' } },
  clip: { seconds: { type: 'string' } },
  completion: {},
  unlock: { for: { type: 'string' } },
  lock: {},
  scan: {
    'git-history': { type: 'boolean' },
    staged: { type: 'boolean' },
    format: { type: 'string' },
    locked: { type: 'boolean' },
    'import-unknown': { type: 'boolean' },
    'import-ref': { type: 'string', multiple: true },
    'write-index': { type: 'boolean' },
    'with-names': { type: 'boolean' },
  },
  hook: { repo: { type: 'string' }, force: { type: 'boolean' }, 'with-names': { type: 'boolean' } },
};
/** The agent process (started by `keyward unlock`); not a command people type. */
const AGENT_SERVE_OPTIONS: ParseArgsConfig['options'] = {
  for: { type: 'string' },
  // The desktop app starting this agent with its own runtime passes its build of the database module.
  'native-binding': { type: 'string' },
};

const CLIENT_ENV = /^(KEYWARD_TEST_KDF|NODE_ENV|NO_COLOR|COLUMNS|LANG|LC_ALL|TZ|XDG_CONFIG_HOME|HOME)$/;
/** No idle limit on a command the agent runs (verify, scan can take minutes); the socket still closes. */
const EXEC_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs a command in the unlocked agent of this vault, if one answers (agent-route.ts says which
 * and when): its output and exit status are this process's. null: no agent, or it sent the
 * command back (NEEDS_TERMINAL) or refused us, so the caller unlocks itself with the password.
 */
async function viaAgent(ctx: Ctx, argv: string[], route: Route): Promise<number | null> {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--vault') i++;
    else if (!a.startsWith('--vault=')) rest.push(a);
  }
  const socketPath = socketPathFor(ctx.io.env, ctx.vaultPath);
  const request: Record<string, unknown> = {
    op: 'exec',
    argv: ['--vault', resolve(ctx.vaultPath), ...rest],
    env: Object.fromEntries(Object.entries(ctx.io.env).filter(([k]) => CLIENT_ENV.test(k))),
    cwd: process.cwd(),
    terminal: isInteractive(ctx.io),
  };
  if (route.via === 'agent' && route.secret) {
    // The secret is read here, once: ask first whether an agent answers, so that without one
    // the normal path still finds standard input unread.
    if (!(await agentRequest(socketPath, { op: 'ping' }, 5000))?.ok) return null;
    request.stdin = await readSecretFirst(ctx, argv);
  }
  const send = async () => {
    try {
      return await agentRequest(socketPath, request, EXEC_TIMEOUT_MS);
    } catch (cause) {
      if (isAppError(cause)) throw cause; // it ended before it answered: said as such
      // Sent, and no reply in time: the command may still finish in the agent, so it is not run again here.
      throw new AppError(
        'INTERNAL',
        'The unlocked session did not answer in time; the command may still finish there.',
        { cause },
      );
    }
  };
  let reply = await send();
  const ask = reply !== null && !reply.ok && reply.code === 'ASK_IN_CLIENT' ? (reply as { ask?: unknown }).ask : null;
  if (typeof ask === 'object' && ask !== null && (ask as { kind?: unknown }).kind === 'name') {
    // The agent has no terminal: the author's name is asked here, as without it, saved in the agent, and the
    // command sent again (it stopped before changing anything).
    await ensureAuthor(ctx, String((ask as { command?: unknown }).command), {
      current: () => null,
      save: (name) => saveNameInAgent(ctx, socketPath, name),
    });
    reply = await send();
  }
  if (reply !== null && !reply.ok && reply.code === 'LOCKED') {
    // Stopped in the agent by a lock: not run again here (it may have changed something). Not started: run here.
    if ((reply as { ran?: unknown }).ran === true) throw new AppError('VAULT_LOCKED', reply.message);
    if (request.stdin === undefined) return null;
  }
  if (reply?.ok) {
    ctx.io.stdout.write(String(reply.stdout ?? ''));
    ctx.io.stderr.write(String(reply.stderr ?? ''));
    return Number(reply.code);
  }
  if (request.stdin !== undefined)
    // SECURITY: the secret was read and is not kept for a second try.
    throw new AppError(
      'VAULT_LOCKED',
      `The unlocked session ${reply === null ? 'stopped answering' : `did not take the command (${reply.message})`}; nothing was changed. Run the command again.`,
    );
  if (reply === null || reply.code === 'NEEDS_TERMINAL') return null;
  ctx.warn(`warning: the unlocked session refused this process (${reply.message}); asking for the password.`);
  return null;
}

/** `team name NAME` in the agent, for a name asked here; its refusal (a name that looks like a key) is this command's. */
async function saveNameInAgent(ctx: Ctx, socketPath: string, name: string): Promise<void> {
  const r = await agentRequest(
    socketPath,
    {
      op: 'exec',
      argv: ['--vault', resolve(ctx.vaultPath), 'team', 'name', '--', name],
      env: Object.fromEntries(Object.entries(ctx.io.env).filter(([k]) => CLIENT_ENV.test(k))),
      cwd: process.cwd(),
    },
    60_000,
  );
  if (r?.ok && Number(r.code) === EXIT.ok) return;
  if (r?.ok) {
    ctx.io.stderr.write(String(r.stderr ?? ''));
    throw new AppError('CANCELLED', 'The name was not saved: nothing was done.');
  }
  throw new AppError(
    'VAULT_LOCKED',
    'The unlocked session stopped answering; nothing was done. Run the command again.',
  );
}

/** add, edit --replace-secret: the flags checked (a typo costs no paste), then the secret read as the command would. */
async function readSecretFirst(ctx: Ctx, argv: string[]): Promise<string> {
  const { command, values } = splitArgv(argv);
  const k = await keys();
  if (command === 'add') k.addFieldsOf(values as KeyFlagValues);
  else k.editPatchOf(values as KeyFlagValues, values['replace-secret'] === true);
  return k.readSecretText(ctx);
}

/** Where a command line runs as the agent sees it (no terminal), for the agent's own check; null: it does not parse. */
export const routeInAgent = (argv: string[], cwd: string): Route | null => {
  try {
    const { command, positionals, values } = splitArgv(argv);
    return agentRoute(command, positionals, values, { interactive: false, cwd });
  } catch {
    return null;
  }
};

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(argv: string[]): { command: string; positionals: string[]; values: Values } {
  // The command is the first word that is neither an option nor the value of a global option taking one.
  const takesValue = new Set(['--vault', '--password-file']);
  const command = argv.find((a, i) => !a.startsWith('-') && !takesValue.has(argv[i - 1] ?? '')) ?? '';
  const options = {
    ...GLOBAL_OPTIONS,
    ...((command === 'agent-serve' ? AGENT_SERVE_OPTIONS : COMMAND_OPTIONS[command]) ?? {}),
  };
  // `checklist export ID --template`: a bare --template (last, or before another option)
  // says ID is a template id; it reaches the command as an empty value.
  const args =
    command === 'checklist'
      ? argv.map((a, i) => (a === '--template' && (argv[i + 1] ?? '-').startsWith('-') ? '--template=' : a))
      : argv;
  try {
    const { values, positionals, tokens } = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    refuseRepeatedOptions(tokens, options);
    return {
      command,
      positionals: positionals.filter((p, i) => p !== command || i !== positionals.indexOf(command)),
      values: values as Values,
    };
  } catch (cause) {
    const first = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : 'bad arguments';
    // A value starting with a dash reads as an option: say how to pass it.
    const option = /^Option '(--[a-z-]+)[^']*' argument is ambiguous/.exec(first)?.[1];
    const msg = option
      ? `${first.replace(/\.$/, '')}: to give a value starting with a dash, write ${option}=VALUE`
      : first.replace(/\.$/, '');
    throw new AppError('BAD_INPUT', `${msg}. See "keyward ${command || '--help'}${command ? ' --help' : ''}".`, {
      cause,
    });
  }
}

/**
 * A single-valued option given twice with different values (`--template kognitos --template kai`)
 * is refused: parseArgs keeps the last one, which would silently act on the other.
 */
function refuseRepeatedOptions(
  tokens: { kind: string; name?: string; value?: string | undefined }[],
  options: Record<string, { type: string; multiple?: boolean }>,
): void {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined) continue;
    const o = options[t.name];
    if (!o || o.type !== 'string' || o.multiple) continue;
    if (seen.has(t.name) && seen.get(t.name) !== t.value)
      throw new AppError(
        'BAD_INPUT',
        `--${t.name} was given twice (${JSON.stringify(seen.get(t.name) ?? '')} and ${JSON.stringify(t.value ?? '')}): give it once.`,
        { subject: t.name },
      );
    seen.set(t.name, t.value);
  }
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new AppError('BAD_INPUT', `Give exactly one ${what}.`);
  return positionals[0] as string;
}

/** The command, its positionals and its options; words after `--` are positionals, for `run` its child's command line. */
function splitArgv(argv: string[]): { command: string; positionals: string[]; rest: string[]; values: Values } {
  const dashes = argv.indexOf('--');
  const rest = dashes === -1 ? [] : argv.slice(dashes + 1);
  const parsed = parse(dashes === -1 ? argv : argv.slice(0, dashes));
  const { command, values } = parsed;
  const positionals = command === 'run' ? parsed.positionals : [...parsed.positionals, ...rest];
  return { command, positionals, rest, values };
}

/** `--version` and `--help` (or no command) answer without a vault: the exit code, or null when neither is asked. */
function answerWithoutVault(command: string, values: Values, io: Io): number | null {
  if (values.version === true && command === '') {
    io.stdout.write(`keyward ${keywardVersion()} (Node.js ${process.versions.node})\n`);
    return EXIT.ok;
  }
  if (values.help || command === '' || command === 'help') {
    io.stdout.write(values.help && command !== '' && command !== 'help' ? commandUsage(command) : USAGE);
    return command === '' && !values.help ? EXIT.usage : EXIT.ok;
  }
  return null;
}

/** What every command runs with: the vault path, how the password is read, the output mode. */
async function contextFor(values: Values, io: Io, clock: Clock): Promise<Ctx> {
  const ctx = (await import('./context.js')).makeCtx(
    {
      vaultPath: resolveVaultPath(values.vault as string | undefined, io.env),
      passwordFile: values['password-file'] as string | undefined,
      json: values.json === true,
      strict: values.strict === true,
    },
    io,
    clock,
  );
  if (io.env.KEYWARD_TEST_KDF === '1' && !testKdfCostAllowed(io.env)) {
    ctx.warn('warning: KEYWARD_TEST_KDF is ignored outside the test suite; the Argon2id floor applies.');
  }
  return ctx;
}

/** Runs one command with its arguments; its exit code. */
async function route(
  ctx: Ctx,
  command: string,
  positionals: string[],
  rest: string[],
  values: Values,
): Promise<number> {
  const s = (k: string) => values[k] as string | undefined;
  switch (command) {
    case 'init':
      return (await vaultCmds()).initCommand(
        ctx,
        (await vaultCmds()).kdfCostFromFlags(s('kdf-memory'), s('kdf-passes')),
      );
    case 'passwd':
      return (await vaultCmds()).passwdCommand(
        ctx,
        (await vaultCmds()).kdfCostFromFlags(s('kdf-memory'), s('kdf-passes')),
        {
          rotateVaultKey: values['rotate-vault-key'] === true,
        },
      );
    case 'add':
      if (positionals.length > 0)
        throw new AppError('BAD_INPUT', 'add takes no positional arguments; the secret is read from standard input.');
      return (await keys()).addCommand(ctx, values as KeyFlagValues, values['allow-duplicate'] === true);
    case 'list':
      return (await keys()).listCommand(ctx, {
        platform: s('platform'),
        status: s('status'),
        search: s('search'),
        tag: s('tag'),
        owner: s('owner'),
        sort: s('sort'),
        fields: s('fields'),
        format: s('format'),
        needsAction: values['needs-action'] === true,
      });
    case 'show':
      return (await keys()).showCommand(ctx, one(positionals, 'key id or name'), values.reveal === true);
    case 'edit':
      return (await keys()).editCommand(
        ctx,
        one(positionals, 'key id or name'),
        values as KeyFlagValues,
        values['replace-secret'] === true,
        values['allow-duplicate'] === true,
      );
    case 'rm':
      return (await keys()).rmCommand(ctx, one(positionals, 'key id or name'), values.yes === true);
    case 'verify':
      return (await import('./commands/verify.command.js')).verifyCommand(ctx, positionals[0], values.all === true);
    case 'create':
      return (await lifecycle()).createCommand(ctx, values as LifecycleFlags);
    case 'rotate':
    case 'revoke':
      return (await lifecycle()).rotateCommand(
        ctx,
        one(positionals, 'key id or name'),
        values as LifecycleFlags,
        command,
      );
    case 'sandbox':
      return (await import('./commands/sandbox.command.js')).sandboxCommand(ctx, values.vault as string | undefined);
    case 'check':
      return (await alerts()).checkCommand(ctx, values as CheckFlags);
    case 'calendar':
      return (await alerts()).calendarCommand(ctx, s('out'), values.force === true);
    case 'alerts':
      return (await alerts()).alertsCommand(ctx, positionals[0], positionals[1], s('until'));
    case 'checklist':
      return (await import('./commands/checklist.command.js')).checklistCommand(
        ctx,
        positionals,
        values as ChecklistFlags,
      );
    case 'team':
      return (await import('./commands/team.command.js')).teamCommand(ctx, positionals, values as TeamFlags);
    case 'export':
      return (await transfer()).exportCommand(ctx, values as ExportFlags);
    case 'backup':
      return (await transfer()).backupCommand(ctx, s('out'));
    case 'restore':
      return (await transfer()).restoreCommand(
        ctx,
        one(positionals, 'backup file'),
        values as { verify?: boolean; force?: boolean },
      );
    case 'inspect':
      return (await transfer()).inspectCommand(ctx, positionals, values as InspectFlags);
    case 'import':
      return (await import('./commands/import.command.js')).importCommand(
        ctx,
        one(positionals, 'file to import'),
        values as ImportFlags,
      );
    case 'run':
      if (positionals.length > 0 && rest.length > 0)
        throw new AppError('BAD_INPUT', 'Give the command after --: keyward run [options] -- CMD [ARGS...]');
      return (await import('./commands/run.command.js')).runCommand(
        ctx,
        values as RunFlags,
        rest.length > 0 ? rest : positionals,
      );
    case 'read':
      return (await import('./commands/run.command.js')).readCommand(
        ctx,
        one(positionals, 'keyward:// reference'),
        values['no-newline'] === true,
      );
    case 'completion':
      return (await import('./commands/completion.command.js')).completionCommand(ctx, positionals[0], {
        commands: Object.fromEntries(Object.entries(COMMAND_OPTIONS).map(([c, o]) => [c, Object.keys(o ?? {})])),
        globals: Object.keys(GLOBAL_OPTIONS),
      });
    case 'unlock':
      return await (await import('./commands/agent.command.js')).unlockCommand(ctx, s('for'));
    case 'lock':
      return await (await import('./commands/agent.command.js')).lockCommand(ctx);
    case 'scan':
      return (await import('./commands/scan.command.js')).scanCommand(ctx, positionals, values as ScanFlags);
    case 'hook':
      return (await import('./commands/hook.command.js')).hookCommand(ctx, positionals, values as HookFlags);
    case 'clip':
      return (await import('./commands/clip.command.js')).clipCommand(
        ctx,
        one(positionals, 'key id or name'),
        s('seconds'),
      );
    default:
      throw new AppError('BAD_INPUT', `Unknown command "${command}". See "keyward --help".`);
  }
}

/**
 * SECURITY, a last guard: a word of the command line that looks like a key (a key pasted where a
 * name, a flag or an id belongs) is not repeated by an error about it, which terminals and CI logs keep.
 */
function withheld(message: string, argv: string[]): string {
  let out = message;
  for (const arg of argv)
    for (const part of arg.split(/[=/]/))
      if (part.length >= 16 && out.includes(part) && looksLikeSecret(part))
        out = out.split(part).join('[a value that looks like a key]');
  return out;
}

/** An error as one line on stderr and its exit code. */
function reportFailure(e: unknown, io: Io, argv: string[] = []): number {
  if (isAppError(e)) {
    io.stderr.write(`keyward: ${terminalSafe(withheld(e.message, argv))}\n`);
    return exitCodeFor(e.code);
  }
  // SECURITY: unknown errors are reported by type only; their text could hold anything.
  io.stderr.write(
    `keyward: internal error (${e instanceof Error ? e.name : typeof e}). Nothing further was changed.\n`,
  );
  return EXIT.internal;
}

export async function run(argv: string[], io: Io, clock: Clock = systemClock): Promise<number> {
  try {
    const { command, positionals, rest, values } = splitArgv(argv);
    const early = answerWithoutVault(command, values, io);
    if (early !== null) return early;
    const ctx = await contextFor(values, io, clock);
    if (AGENT_COMMANDS.has(command) && (await import('./context.js')).mayUseAgent(io.env)) {
      const route = agentRoute(command, positionals, values, {
        interactive: isInteractive(io),
        cwd: process.cwd(),
        gitEnv: hasGitEnv(io.env),
      });
      if (route.via === 'agent') {
        const viaSession = await viaAgent(ctx, argv, route);
        if (viaSession !== null) return viaSession;
      }
    }
    if (command === 'agent-serve')
      return await (
        await import('./commands/agent.command.js')
      ).agentServeCommand(
        ctx,
        values.for as string | undefined,
        (args, agentIo) => run(args, agentIo, clock),
        routeInAgent,
        values['native-binding'] as string | undefined,
      );
    return await route(ctx, command, positionals, rest, values);
  } catch (e) {
    return reportFailure(e, io, argv);
  }
}
