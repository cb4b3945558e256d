// `keyward checklist start` through an unlocked agent with no team name set: on a real terminal
// (tmux) the client asks for the name once, as without the agent, and carries on, no password
// asked; without a terminal it says how to set the name and exits 2. Real processes, socket, vault.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { REPO_ROOT, addCliKey, copyCliVault, initCliVault, runCli, type CliOptions } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { agentProcessesOf } from '../../helpers/agent-processes.js';

let template: string;
let dir: ReturnType<typeof tempDir>;
let vault: string;
let runtime: string;
const TMUX = `keyward-agent-name-${process.pid}`;

const env = () => ({ XDG_RUNTIME_DIR: runtime });
const cli = (args: string[], o: Partial<CliOptions> = {}) =>
  runCli(args, { vault, password: null, ...o, env: { ...env(), ...(o.env ?? {}) } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', TMUX, ...args], { encoding: 'utf8' });
const pane = () => tmux('capture-pane', '-p', '-J', '-t', 'k');

async function paneShows(text: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const p = pane();
    if (p.includes(text)) return p;
    if (Date.now() > end) throw new Error(`timed out waiting for "${text}" in the terminal:\n${p}`);
    await sleep(100);
  }
}

const agentProcesses = () => agentProcessesOf(vault);

beforeAll(async () => {
  template = join(tempDir('keyward-agent-name-tpl-').dir, 'vault.db');
  await initCliVault(template);
  await addCliKey(template, ['--platform', 'custom', '--name', 'Bot'], 'custom-name-secret-0123456789abcdef');
  await addCliKey(template, ['--platform', 'custom', '--name', 'Other'], 'custom-other-secret-0123456789abcdef');
});
beforeEach(async () => {
  dir = tempDir('keyward-agent-name-');
  runtime = join(dir.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  vault = join(dir.dir, 'vault.db');
  copyCliVault(template, vault);
  const u = await cli(['unlock', '--for', '5m'], { password: undefined });
  expect(u.code, u.stderr).toBe(0);
});
afterEach(() => {
  try {
    execFileSync('tmux', ['-L', TMUX, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no terminal was opened
  }
  for (const pid of agentProcesses()) process.kill(pid, 'SIGKILL');
  dir.cleanup();
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('skipped: the terminal test needs tmux (apt-get install tmux); .ci/run installs it');

it.skipIf(!hasTmux)(
  'on a terminal, through the agent: asks for the team name once, then starts the checklist; no password',
  async () => {
    // The command runs in a real terminal with no password anywhere: only the agent can answer.
    const script = join(dir.dir, 'start.sh');
    writeFileSync(
      script,
      [
        'unset KEYWARD_PASSWORD KEYWARD_PASSWORD_FILE KEYWARD_NO_AGENT',
        `export KEYWARD_VAULT='${vault}' XDG_RUNTIME_DIR='${runtime}' XDG_CONFIG_HOME='${join(dir.dir, '.config')}'`,
        'export KEYWARD_TEST_KDF=1',
        `cd '${dir.dir}'`,
        `'${process.execPath}' '${join(REPO_ROOT, 'bin/keyward.mjs')}' checklist start Bot`,
        'echo "EXIT=$?"',
        'sleep 60',
      ].join('\n'),
    );
    tmux('new-session', '-d', '-s', 'k', '-x', '200', '-y', '50', `sh '${script}'`);
    const asked = await paneShows('Your name as your team sees it:');
    expect(asked).toMatch(/checklist start records you as the author; no name is set yet/);
    expect(asked).not.toMatch(/password/i);
    tmux('send-keys', '-t', 'k', '-l', 'Ana Lima');
    tmux('send-keys', '-t', 'k', 'Enter');
    const after = await paneShows('EXIT=');
    expect(after, after).toContain('EXIT=0');
    expect(after).toMatch(/Started checklist/);
    expect(after).not.toMatch(/password/i);
    expect(after.match(/Your name as your team sees it:/g)).toHaveLength(1); // asked once
    // The name is kept in the vault the agent holds: the next start (another key) asks nothing.
    const show = await cli(['team', 'show', '--json']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Ana Lima');
    const again = await cli(['checklist', 'start', 'Other']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Started checklist/);
    expect(again.stderr).not.toMatch(/no name is set/);
  },
);

it('without a terminal, through the agent: says how to set the name and exits 2; nothing started', async () => {
  const r = await cli(['checklist', 'start', 'Bot']);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/no name is set yet/);
  expect(r.stderr).toContain('keyward team name "Your name"');
  expect(r.stderr).not.toMatch(/password/i);
  const list = await cli(['checklist', 'list', '--json']);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).not.toContain('Bot');
});
