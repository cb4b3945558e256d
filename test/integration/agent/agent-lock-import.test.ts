// `keyward lock` while the agent runs work that cannot stop midway: `import FILE --yes` writes every row in one
// transaction, and while it does the agent answers nothing, not even `ping`. Waiting would not lock it; lock
// ends the agent (its keys go with the process) and the import's unfinished transaction is not kept. Real
// processes, a real socket, a real vault.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeKeePassXml } from '../../../src-main/bench/keepass-import.bench.js';
import { agentRequest } from '../../../src-main/core/agent/agent-client.js';
import { agentPidPath, socketPathFor } from '../../../src-main/core/agent/agent-paths.js';
import { initCliVault, runCli, type CliOptions } from '../../helpers/cli.js';
import { spawnCli } from '../../helpers/cli-spawn.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { agentProcessesOf } from '../../helpers/agent-processes.js';

let dir: ReturnType<typeof tempDir>;
let vault: string;
let runtime: string;
const env = () => ({ XDG_RUNTIME_DIR: runtime });
const cli = (args: string[], o: Partial<CliOptions> = {}) =>
  runCli(args, { vault, password: null, ...o, env: { ...env(), ...(o.env ?? {}) } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const agentProcesses = () => agentProcessesOf(vault);

beforeEach(async () => {
  dir = tempDir('keyward-agent-lock-import-');
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

it('lock during a long `import --yes` ends the agent at once; the import keeps nothing and is not run again', async () => {
  // A KeePass export of 60,000 entries: parsed, checked and sealed in the agent for many seconds.
  const file = join(dir.dir, 'many.xml');
  writeKeePassXml(file, 60_000);
  const socket = socketPathFor(env(), vault);
  expect(readFileSync(agentPidPath(socket), 'utf8')).toBe(String(agentProcesses()[0]));
  const busy = spawnCli(['import', file, '--format', 'keepass-xml', '--yes'], { vault, password: null, env: env() });
  // Wait until the import holds the agent: a ping is no longer answered (work that cannot stop is running).
  const end = Date.now() + 20_000;
  for (;;) {
    const answered = await agentRequest(socket, { op: 'ping' }, 400).then(
      () => true,
      () => false,
    );
    if (!answered) break;
    if (Date.now() > end) throw new Error('the import never held the agent');
    await sleep(100);
  }
  const started = Date.now();
  const lock = await cli(['lock']);
  const took = Date.now() - started;
  expect(lock.code, lock.stderr).toBe(0);
  expect(lock.stdout).toMatch(/^Locked: .*cannot stop midway/);
  expect(took).toBeLessThan(8000); // not after the whole import
  const b = await busy.done;
  expect(b.code, b.stderr).toBe(3);
  expect(b.stderr).toMatch(/ended before it answered/);
  expect(b.stderr).not.toMatch(/password/i);
  expect(agentProcesses()).toEqual([]);
  expect(existsSync(socket)).toBe(false);
  expect(existsSync(agentPidPath(socket))).toBe(false);
  // Nothing of the import was kept, and the vault is whole.
  const listed = await cli(['list', '--json'], { password: undefined, env: { KEYWARD_NO_AGENT: '1' } });
  expect(listed.code, listed.stderr).toBe(0);
  expect((JSON.parse(listed.stdout) as { keys: unknown[] }).keys).toEqual([]);
  expect(withRawDb(vault, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
});
