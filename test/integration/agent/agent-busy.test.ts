// The agent while a long command runs in it, with real processes, a real socket and a loopback
// platform simulator that stalls (it holds the answer for two minutes; the CLI waits 30 s):
// `keyward lock` locks at once (the running command is stopped, its client told so, the vault
// closed, nothing half-written), and a client killed mid-command has its work stopped in the
// agent, whose next command answers at once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { agentRequest } from '../../../src-main/core/agent/agent-client.js';
import { socketPathFor } from '../../../src-main/core/agent/agent-paths.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { canaryForms, scanText } from '../../helpers/canary.js';
import { addCliKey, copyCliVault, initCliVault, runCli, type CliOptions } from '../../helpers/cli.js';
import { spawnCli } from '../../helpers/cli-spawn.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { agentProcessesOf } from '../../helpers/agent-processes.js';

let sim: SimulatorHandle;
let template: string;
let liveValue: string;
let dir: ReturnType<typeof tempDir>;
let vault: string;
let runtime: string;
/** A tree whose scan takes seconds (8,000 files, 64 MB), with the stored key planted in one file. */
let tree: string;

const env = () => ({ XDG_RUNTIME_DIR: runtime });
const cli = (args: string[], o: Partial<CliOptions> = {}) =>
  runCli(args, { vault, password: null, ...o, env: { ...env(), ...(o.env ?? {}) } });
const socket = () => socketPathFor(env(), vault);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const agentProcesses = () => agentProcessesOf(vault);

/** Open TCP connections to the simulator, as the kernel lists them (not the simulator's word). */
function connectionsToSim(): number {
  const port = new URL(sim.baseUrl).port;
  const out = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.trim() !== '').length;
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The key's history, read with the password (no agent). */
async function history(): Promise<string[]> {
  const r = await cli(['show', 'Deploy', '--json'], { password: undefined, env: { KEYWARD_NO_AGENT: '1' } });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { history: { action: string }[] }).history.map((h) => h.action);
}

beforeAll(async () => {
  sim = await startSimulator('knouds');
  const live = sim.addKey({
    account: 'user-42',
    value: `knouds_live_CANARY${crypto.randomUUID().replaceAll('-', '')}`,
  });
  liveValue = live.value;
  template = join(tempDir('keyward-agent-busy-tpl-').dir, 'vault.db');
  await initCliVault(template);
  await addCliKey(
    template,
    ['--platform', 'knouds', '--name', 'Deploy', '--account', 'user-42', '--base-url', sim.baseUrl],
    live.value,
  );
});
afterAll(async () => {
  await sim.close();
});

function makeTree(): string {
  const root = join(tempDir('keyward-agent-busy-tree-').dir, 'tree');
  const filler = Array.from({ length: 256 }, (_, i) => `SETTING_${i}=plain-value-${i}-${'x'.repeat(12)}`).join('\n');
  for (let d = 0; d < 80; d++) {
    mkdirSync(join(root, `d${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(root, `d${d}`, `f${f}.env`), filler);
  }
  writeFileSync(join(root, 'd40', 'planted.env'), `DEPLOY_KEY=${liveValue}\n`);
  return root;
}
/** The places the stored key was recorded as found in plaintext, read with the password. */
async function findings(): Promise<unknown[]> {
  const r = await cli(['show', 'Deploy', '--json'], { password: undefined, env: { KEYWARD_NO_AGENT: '1' } });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { findings: unknown[] }).findings;
}
beforeEach(async () => {
  dir = tempDir('keyward-agent-busy-');
  runtime = join(dir.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  vault = join(dir.dir, 'vault.db');
  copyCliVault(template, vault);
  sim.setFault({ kind: 'slow', delayMs: 120_000 }); // the platform stalls
  const u = await cli(['unlock', '--for', '5m'], { password: undefined });
  expect(u.code, u.stderr).toBe(0);
});
afterEach(() => {
  sim.setFault(null);
  for (const pid of agentProcesses()) process.kill(pid, 'SIGKILL');
  dir.cleanup();
});

it('`keyward lock` during a long verify locks at once: the verify is stopped and told so, nothing half-written', async () => {
  const before = await history();
  const busy = spawnCli(['verify', 'Deploy'], { vault, password: null, env: env() });
  await until('the verify to reach the platform', () => connectionsToSim() > 0);
  await sleep(300);
  const started = Date.now();
  const lock = await cli(['lock']);
  const took = Date.now() - started;
  expect(lock.code, lock.stderr).toBe(0);
  expect(lock.stdout).toMatch(/Locked/);
  expect(took).toBeLessThan(5000); // not after the platform's 30 s timeout
  const b = await busy.done;
  expect(b.code).not.toBe(0);
  expect(b.stderr).toMatch(/locked \(keyward lock\) while this command ran/);
  expect(b.stderr).not.toMatch(/internal error|password/i);
  // The vault is closed: the agent is gone, its socket too, and its platform connection dropped.
  await until('the agent to exit', () => agentProcesses().length === 0, 5000);
  expect(existsSync(socket())).toBe(false);
  await until('the platform connection to close', () => connectionsToSim() === 0, 5000);
  expect(await agentRequest(socket(), { op: 'ping' }, 2000)).toBeNull();
  // Nothing half-written: the key and its history are as before (the stopped check recorded nothing).
  expect(await history()).toEqual(before);
  const check = await cli(['list'], { password: undefined });
  expect(check.code, check.stderr).toBe(0);
  expect(check.stdout).toContain('Deploy');
  for (const out of [lock.stdout, lock.stderr, b.stdout, b.stderr])
    expect(scanText(out, canaryForms(liveValue))).toEqual([]);
});

it('a client killed during a long verify: the agent stops the verify, stays up, and the next command answers at once', async () => {
  const before = await history();
  const busy = spawnCli(['verify', 'Deploy'], { vault, password: null, env: env() });
  await until('the verify to reach the platform', () => connectionsToSim() > 0);
  await sleep(300);
  busy.proc.kill('SIGKILL');
  await busy.done;
  // The agent drops the platform call of the client that left (it would otherwise wait 30 s).
  await until('the agent to drop the platform call', () => connectionsToSim() === 0, 3000);
  const started = Date.now();
  const list = await cli(['list']);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toContain('Deploy');
  expect(Date.now() - started).toBeLessThan(3000);
  expect(agentProcesses()).toHaveLength(1); // the same agent, still serving
  // Another verify runs through it once the platform answers again.
  sim.setFault(null);
  const again = await cli(['verify', 'Deploy']);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toMatch(/valid/);
  // The stopped verify recorded nothing; the second one its answer.
  const lock = await cli(['lock']);
  expect(lock.code, lock.stderr).toBe(0);
  expect(await history()).toEqual([...before, 'verified']);
});

it('`keyward lock` and a killed client during a long scan: the scan stops, records nothing, the agent answers', async () => {
  tree ??= makeTree();
  // A killed client: its scan stops in the agent, and the next command does not wait for it.
  const killed = spawnCli(['scan', tree], { vault, password: null, env: env() });
  await sleep(1500);
  killed.proc.kill('SIGKILL');
  await killed.done;
  const started = Date.now();
  const list = await cli(['list']);
  expect(list.code, list.stderr).toBe(0);
  expect(Date.now() - started).toBeLessThan(3000);
  // A lock during a scan: at once, and the scan's client is told.
  const busy = spawnCli(['scan', tree], { vault, password: null, env: env() });
  await sleep(1500);
  const lockStarted = Date.now();
  const lock = await cli(['lock']);
  expect(lock.code, lock.stderr).toBe(0);
  expect(Date.now() - lockStarted).toBeLessThan(5000);
  const b = await busy.done;
  expect(b.code).toBe(3);
  expect(b.stderr).toMatch(/locked \(keyward lock\) while this command ran/);
  expect(b.stdout).toBe('');
  await until('the agent to exit', () => agentProcesses().length === 0, 5000);
  // Neither stopped scan recorded the planted key; a whole scan does (so the two above did stop).
  expect(await findings()).toEqual([]);
  const whole = await cli(['scan', tree], { password: undefined });
  expect(whole.code, whole.stderr).toBe(1);
  expect(await findings()).toHaveLength(1);
  for (const out of [killed.stdout(), killed.stderr(), lock.stdout, b.stdout, b.stderr, whole.stdout, whole.stderr])
    expect(scanText(out, canaryForms(liveValue))).toEqual([]);
}, 120_000);
