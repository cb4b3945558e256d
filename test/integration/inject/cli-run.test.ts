// keyward run and read as real processes against a real vault: keys reach the child's
// environment, never its output (masked, across chunk boundaries too) nor the disk;
// exit codes and signals pass through; each injection is recorded in the key's history.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, filesUnder, newCanary, scan, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { spawnCli, waitFor } from '../../helpers/cli-spawn.js';
import { tempDir } from '../../helpers/temp-vault.js';

const SECRET = newCanary('kby_CANARY');
const KAI_SECRET = newCanary('kai-CANARY');
const needles = [...canaryForms(SECRET, 'secret'), ...canaryForms(KAI_SECRET, 'kai')];
const NODE = process.execPath;
let dir: string;
let vault: string;
let cleanup = () => {};
let deployId: string;

/** A child script: node -e CODE. */
const node = (code: string) => [NODE, '-e', code];

beforeAll(async () => {
  const t = tempDir('keyward-run-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  deployId = await addCliKey(vault, ['--platform', 'kubiya', '--name', 'Deploy bot'], SECRET);
  await addCliKey(vault, ['--platform', 'kai', '--name', 'kai-prod', '--instance-id', 'inst-4711'], KAI_SECRET);
});
afterAll(() => cleanup());

describe('keyward run', () => {
  it('injects --env and --env-file values (plain and references) and masks both output streams', async () => {
    const envFile = join(dir, '.env.keyward');
    writeFileSync(
      envFile,
      '# committed instead of .env\nexport PLAIN="just a value"\nKAI_KEY=keyward://kai-prod\nKAI_INSTANCE=keyward://kai-prod/instance-id\n',
    );
    const code = `console.log(JSON.stringify({ tok: process.env.TOK, plain: process.env.PLAIN, len: (process.env.KAI_KEY||'').length,
      inst: process.env.KAI_INSTANCE, pw: process.env.KEYWARD_PASSWORD ?? null }));
      console.log('out', process.env.TOK); console.error('err', process.env.KAI_KEY); process.exit(7)`;
    const r = await runCli(['run', '--env', 'TOK=keyward://Deploy%20bot', '--env-file', envFile, '--', ...node(code)], {
      vault,
    });
    expect(r.code).toBe(7);
    const seen = JSON.parse(r.stdout.split('\n')[0] as string) as Record<string, unknown>;
    expect(seen).toMatchObject({ tok: '<concealed by keyward>', plain: 'just a value', len: KAI_SECRET.length });
    expect(seen.pw).toBeNull(); // the master password is not handed on
    expect(r.stdout).toContain('out <concealed by keyward>');
    expect(r.stderr).toContain('err <concealed by keyward>');
    expect(scanText(r.stdout + r.stderr, needles)).toEqual([]);
  });

  it('the child really gets the secret: it can hash it, and --no-masking shows it', async () => {
    const code = `const c=require('crypto');console.log(c.createHash('sha1').update(process.env.TOK).digest('hex'))`;
    const r = await runCli(['run', '--env', `TOK=keyward://${deployId}`, '--', ...node(code)], { vault });
    const { createHash } = await import('node:crypto');
    expect(r.stdout.trim()).toBe(createHash('sha1').update(SECRET).digest('hex'));
    const raw = await runCli(
      ['run', '--no-masking', '--env', 'TOK=keyward://Deploy%20bot', '--', ...node('console.log(process.env.TOK)')],
      { vault },
    );
    expect(raw.stdout.trim()).toBe(SECRET);
  });

  it('masks a secret written in pieces, across chunk boundaries, and at the very end without a newline', async () => {
    const code = `const s=process.env.TOK; const w=(t)=>new Promise(r=>process.stdout.write(t,()=>setTimeout(r,40)));
      (async()=>{ await w('a'+s.slice(0,5)); await w(s.slice(5,9)); await w(s.slice(9)+'b\\n');
        for (const ch of s) await new Promise(r=>process.stderr.write(ch,()=>setTimeout(r,2)));
        await w('almost '+s.slice(0,-1)+'\\n'); await w('tail '+s); })()`;
    const r = await runCli(['run', '--env', 'TOK=keyward://Deploy%20bot', '--', ...node(code)], { vault });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`a<concealed by keyward>b\nalmost ${SECRET.slice(0, -1)}\ntail <concealed by keyward>`);
    expect(r.stderr).toBe('<concealed by keyward>');
  });

  it('--no-inherit-env gives the child only the listed variables', async () => {
    const code = `console.log(Object.keys(process.env).sort().join(','))`;
    const r = await runCli(
      ['run', '--no-inherit-env', '--env', 'A=1', '--env', 'TOK=keyward://Deploy%20bot', '--', ...node(code)],
      {
        vault,
        env: { SOMETHING_ELSE: 'x' },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('A,TOK');
    const inherit = await runCli(['run', '--env', 'A=1', '--', ...node(code)], { vault, env: { SOMETHING_ELSE: 'x' } });
    expect(inherit.stdout).toContain('SOMETHING_ELSE');
    expect(inherit.stdout).not.toContain('KEYWARD_PASSWORD');
  });

  it('a child killed by a signal kills keyward with the same signal', async () => {
    const s = spawnCli(
      ['run', '--env', 'TOK=keyward://Deploy%20bot', '--', ...node(`process.kill(process.pid,'SIGTERM')`)],
      {
        vault,
      },
    );
    const end = await s.done;
    expect(end.signal).toBe('SIGTERM');
  });

  it('signals sent to keyward reach the child, whose exit status comes back', async () => {
    const code = `process.on('SIGTERM',()=>{console.log('child got TERM');process.exit(42)});console.log('ready');setInterval(()=>{},1000)`;
    const s = spawnCli(['run', '--env', 'TOK=keyward://Deploy%20bot', '--', ...node(code)], { vault });
    await waitFor(s.stdout, 'ready');
    s.proc.kill('SIGTERM');
    const end = await s.done;
    expect(end.code).toBe(42);
    expect(end.stdout).toContain('child got TERM');
  });

  it('records the use in the key history ("run in DIR") and writes no copy of the secret to disk', async () => {
    const cwd = join(dir);
    const s = spawnCli(['run', '--env', 'TOK=keyward://Deploy%20bot', '--', ...node('console.log(1)')], { vault, cwd });
    expect((await s.done).code).toBe(0);
    const show = await runCli(['show', deployId, '--json'], { vault });
    const history = (JSON.parse(show.stdout) as { history: { action: string; detail?: string }[] }).history;
    expect(history).toContainEqual(expect.objectContaining({ action: 'used', detail: `run in ${cwd}` }));
    expect(scan(filesUnder(dir), needles)).toEqual([]);
  });

  it('a bad reference starts nothing and records nothing; a missing command exits 127', async () => {
    const marker = join(dir, 'started');
    const before = await runCli(['show', deployId, '--json'], { vault });
    for (const ref of ['keyward://no-such-key', 'keyward://Deploy%20bot/instance-id', 'keyward://Deploy%20bot/nope']) {
      const r = await runCli(
        [
          'run',
          '--env',
          'OK=keyward://Deploy%20bot',
          '--env',
          `X=${ref}`,
          '--',
          ...node(`require('fs').writeFileSync(${JSON.stringify(marker)},'x')`),
        ],
        { vault },
      );
      expect(r.code, ref).toBe(2);
      expect(r.stderr).toMatch(/^keyward: /);
    }
    expect(existsSync(marker)).toBe(false);
    const after = await runCli(['show', deployId, '--json'], { vault });
    expect(JSON.parse(after.stdout).history).toEqual(JSON.parse(before.stdout).history);
    const bad = await runCli(['run', '--env', 'not a name=1', '--', 'true'], { vault });
    expect(bad.code).toBe(2);
    // A line that is not NAME=VALUE is named by its number, never echoed: it may be a secret.
    const header = 'Authorization: Basic dXNlcjpzdXBlcnNlY3JldHBhc3N3b3Jk==';
    const envBad = join(dir, 'bad.env');
    writeFileSync(envBad, `OK=1\n${header}\n`);
    const echoed = await runCli(['run', '--env-file', envBad, '--', 'true'], { vault });
    expect(echoed.code).toBe(2);
    expect(echoed.stderr).toContain('bad.env:2');
    expect(echoed.stdout + echoed.stderr).not.toContain('dXNlcj');
    const flag = await runCli(['run', '--env', 'sk_live_notanameeither0123456789', '--', 'true'], { vault });
    expect(flag.code).toBe(2);
    expect(flag.stderr).not.toContain('notanameeither');
    const missing = await runCli(['run', '--', 'keyward-no-such-command-here'], { vault });
    expect(missing.code).toBe(127);
    const none = await runCli(['run'], { vault });
    expect(none.code).toBe(2);
  });
});

describe('keyward read', () => {
  it('prints only the secret (or a field), with --no-newline for scripts', async () => {
    const r = await runCli(['read', 'keyward://Deploy%20bot'], { vault });
    expect(r).toMatchObject({ code: 0, stdout: `${SECRET}\n`, stderr: '' });
    const bare = await runCli(['read', deployId.slice(0, 8), '--no-newline'], { vault });
    expect(bare.stdout).toBe(SECRET);
    const inst = await runCli(['read', 'keyward://kai-prod/instance-id'], { vault });
    expect(inst.stdout).toBe('inst-4711\n');
    const missing = await runCli(['read', 'keyward://nothing-here'], { vault });
    expect(missing.code).toBe(2);
    expect(scanText(missing.stdout + missing.stderr, needles)).toEqual([]);
    const wrong = await runCli(['read', 'keyward://Deploy%20bot'], { vault, password: 'wrong password 1' });
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toBe('');
  });
});
