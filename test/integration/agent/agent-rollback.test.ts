// An agent unlocked before a single-row rollback (another process edits the file) checks the
// manifest again once SQLite's data_version says another connection wrote: it warns like the
// CLI, refuses the rolled-back secret, and its reads do not accept the rollback.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyCliVault, runCli, type CliOptions } from '../../helpers/cli.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { OLD, rolledBackVault } from '../../helpers/rollback.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { agentProcessesOf } from '../../helpers/agent-processes.js';

let vault = '';
const agentProcesses = () => agentProcessesOf(vault);
afterEach(() => {
  for (const pid of agentProcesses()) process.kill(pid, 'SIGKILL');
});

describe('the agent and a rollback made while it is unlocked', () => {
  it('warns, refuses the secret, and does not accept it', { timeout: 180_000 }, async () => {
    const dir = tempDir('keyward-agent-rollback-').dir;
    const runtime = join(dir, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    vault = join(dir, 'vault.db');
    const cli = (args: string[], o: Partial<CliOptions> = {}) =>
      runCli(args, { vault, password: null, ...o, env: { XDG_RUNTIME_DIR: runtime, ...(o.env ?? {}) } });
    // The rollback is made first on a copy, then the agent unlocks the clean file, then the rows change under it.
    const staged = join(dir, 'staged.db');
    const id = await rolledBackVault(staged);
    const bad = withRawDb(staged, (db) => db.prepare('SELECT meta, secret FROM keys WHERE id = ?').get(id)) as {
      meta: Buffer;
      secret: Buffer;
    };
    copyCliVault(staged, vault);
    // Give the copy a clean manifest: an edit accepts it, then the agent unlocks a vault that passes.
    expect((await cli(['edit', id, '--owner', 'ana'], { password: undefined })).code).toBe(0);
    const u = await cli(['unlock', '--for', '5m'], { password: undefined, env: { NODE_ENV: 'test' } });
    expect(u.code, u.stderr).toBe(0);
    const clean = await cli(['list']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).not.toMatch(/KEYWARD_TEST_KDF is ignored/); // NODE_ENV reaches the agent's commands
    // The current row is the one the agent accepted; now the old blobs go back under it.
    const now = withRawDb(vault, (db) => db.prepare('SELECT meta FROM keys WHERE id = ?').get(id)) as { meta: Buffer };
    expect(Buffer.compare(now.meta, bad.meta)).not.toBe(0);
    withRawDb(vault, (db) =>
      db.prepare('UPDATE keys SET meta = ?, secret = ? WHERE id = ?').run(bad.meta, bad.secret, id),
    );
    const show = await cli(['show', id, '--reveal']);
    expect(show.code, show.stderr).toBe(4);
    expect(show.stderr).toMatch(/^warning: The vault's records do not match its manifest/m);
    expect(show.stdout).not.toContain(OLD);
    const read = await cli(['read', 'keyward://Deploy']);
    expect(read.code, read.stderr).toBe(4);
    expect(read.stdout).not.toContain(OLD);
    expect((await cli(['--strict', 'list'])).code).toBe(4);
    const direct = await cli(['--strict', 'list'], { password: undefined, env: { KEYWARD_NO_AGENT: '1' } });
    expect(direct.code, direct.stderr).toBe(4);
  });
});
