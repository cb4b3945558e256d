// A client that connects and is gone before the agent has looked at it (killed at once, or a script that
// gave up): the agent refuses it, as it refuses any peer it cannot tell, and must go on serving. Writing
// the refusal to the closed socket used to end the agent with an unhandled EPIPE.
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { agentRequest } from '../../../src-main/core/agent/agent-client.js';
import { socketPathFor } from '../../../src-main/core/agent/agent-paths.js';
import { initCliVault, runCli, type CliOptions } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { agentProcessesOf } from '../../helpers/agent-processes.js';

let dir: ReturnType<typeof tempDir>;
let vault: string;
let runtime: string;
const env = () => ({ XDG_RUNTIME_DIR: runtime });
const cli = (args: string[], o: Partial<CliOptions> = {}) =>
  runCli(args, { vault, password: null, ...o, env: { ...env(), ...(o.env ?? {}) } });

const agentProcesses = () => agentProcessesOf(vault);

beforeEach(async () => {
  dir = tempDir('keyward-agent-hangup-');
  runtime = join(dir.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  vault = join(dir.dir, 'vault.db');
  await initCliVault(vault);
  const u = await cli(['unlock', '--for', '5m'], { password: undefined });
  expect(u.code, u.stderr).toBe(0);
});
afterEach(() => {
  for (const pid of agentProcesses()) process.kill(pid, 'SIGKILL');
  dir.cleanup();
});

it('clients that hang up at once are refused and the agent goes on serving', async () => {
  const path = socketPathFor(env(), vault);
  for (let i = 0; i < 40; i++) {
    const s = connect(path);
    s.on('error', () => undefined);
    if (i % 2 === 0) s.destroy();
    else s.once('connect', () => s.destroy());
  }
  await new Promise((r) => setTimeout(r, 1500));
  expect(agentProcesses()).toHaveLength(1);
  expect(await agentRequest(path, { op: 'ping' }, 3000)).toMatchObject({ ok: true });
  const r = await cli(['list']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/password/i);
});
