// The agent's second guard: a command running in it that reads standard input (a question, a
// piped secret) ends the request with NEEDS_TERMINAL before it goes on, so the client runs it
// with the password. A real agent (startAgent) on a real socket and vault; the commands here are
// stand-ins that read, since agent-route.ts keeps every real one that would read out of the agent.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { agentRequest } from '../../../src-main/core/agent/agent-client.js';
import { socketPathFor } from '../../../src-main/core/agent/agent-paths.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { startAgent } from '../../../src-main/cli/agent/agent-server.js';
import { confirm, readStdin, type Io } from '../../../src-main/cli/terminal.js';
import { CLI_PASSWORD, initCliVault } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let vault: string;
let socketPath: string;
let done: Promise<void> | null = null;
const ran: string[] = [];

beforeEach(async () => {
  dir = tempDir('keyward-agent-stdin-');
  const runtime = join(dir.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  vault = join(dir.dir, 'vault.db');
  await initCliVault(vault);
  socketPath = socketPathFor({ XDG_RUNTIME_DIR: runtime }, vault);
  const exec = async (argv: string[], io: Io) => {
    const command = argv[argv.length - 1] as string;
    if (command === 'asks') await confirm(io, 'Sure?');
    if (command === 'pipes') await readStdin(io);
    ran.push(`${command} finished in ${process.cwd()}`);
    io.stdout.write('done\n');
    return 0;
  };
  const started = await startAgent({
    vaultPath: vault,
    socketPath,
    idleMs: 60_000,
    password: CLI_PASSWORD,
    clock: systemClock,
    exec,
    routeOf: () => ({ via: 'agent', secret: false }),
  });
  done = started.done;
});
afterEach(async () => {
  await agentRequest(socketPath, { op: 'lock' }, 5000);
  await done;
  dir.cleanup();
});

it('a question or a read of standard input in the agent comes back NEEDS_TERMINAL; the command goes no further', async () => {
  const home = process.cwd();
  for (const command of ['asks', 'pipes']) {
    const reply = await agentRequest(socketPath, {
      op: 'exec',
      argv: ['--vault', vault, 'list', command],
      cwd: dir.dir,
    });
    expect(reply, command).toMatchObject({ ok: false, code: 'NEEDS_TERMINAL' });
    expect(process.cwd()).toBe(home); // the agent went back to its own folder
  }
  // One that reads nothing runs, in the folder the client named.
  const reply = await agentRequest(socketPath, { op: 'exec', argv: ['--vault', vault, 'list', 'quiet'], cwd: dir.dir });
  expect(reply).toMatchObject({ ok: true, code: 0, stdout: 'done\n' });
  expect(ran).toEqual([`quiet finished in ${dir.dir}`]);
  // A request naming no absolute folder is refused.
  const noCwd = await agentRequest(socketPath, { op: 'exec', argv: ['--vault', vault, 'list'], cwd: 'relative' });
  expect(noCwd).toMatchObject({ ok: false, code: 'BAD_INPUT' });
});
