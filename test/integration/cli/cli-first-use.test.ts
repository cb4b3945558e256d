// What a new user trips over in the CLI (issue 20), each as the real `keyward` subprocess
// with its standard input piped: passwords, duplicates, ambiguous names, KAI instance ids,
// past snoozes, list order and alignment, alert id prefixes, --version and core dumps.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_PASSWORD,
  REPO_ROOT,
  addCliKey,
  cliChildEnv,
  copyCliVault,
  initCliVault,
  runCli,
} from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: string;
let cleanup = () => {};
beforeAll(async () => {
  const t = tempDir('keyward-first-use-');
  dir = t.dir;
  cleanup = t.cleanup;
  await initCliVault(join(dir, 'template', 'vault.db'));
});
afterAll(() => cleanup());

let n = 0;
/** A copy of the empty vault `keyward init` made once for this file. */
async function freshVault(): Promise<string> {
  n += 1;
  const vault = join(dir, `v${n}`, 'vault.db');
  copyCliVault(join(dir, 'template', 'vault.db'), vault);
  return vault;
}

const dayFromToday = (days: number) => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('master password sources and rules', { timeout: 300_000 }, () => {
  it('an explicit --password-file wins over $KEYWARD_PASSWORD', async () => {
    const vault = await freshVault();
    const file = join(dir, 'right-pw.txt');
    writeFileSync(file, `${CLI_PASSWORD}\n`, { mode: 0o600 });
    const r = await runCli(['list', '--password-file', file], { vault, password: 'a wrong password in the env' });
    expect(r.code, r.stderr).toBe(0);
    const wrongFile = join(dir, 'wrong-pw.txt');
    writeFileSync(wrongFile, 'not it\n', { mode: 0o600 });
    expect((await runCli(['list', '--password-file', wrongFile], { vault })).code).toBe(3);
  });

  it('an empty password gets one message (not also "short"); white space only is refused', async () => {
    const vault = join(dir, 'pw-rules', 'vault.db');
    const empty = await runCli(['init', '--kdf-memory', '64'], { vault, password: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).not.toMatch(/short/);
    for (const blank of [' ', '   ', '\t \t']) {
      const r = await runCli(['init', '--kdf-memory', '64'], { vault, password: blank });
      expect(r.code, JSON.stringify(blank)).toBe(2);
      expect(r.stderr).toMatch(/white space/);
      expect(r.stderr).not.toMatch(/short/);
    }
    // Nothing was created: a good password still makes the vault.
    const ok = await runCli(['init', '--kdf-memory', '64'], { vault, password: 'a fine password' });
    expect(ok.code, ok.stderr).toBe(0);
    const passwd = await runCli(['passwd'], {
      vault,
      password: 'a fine password',
      env: { KEYWARD_NEW_PASSWORD: '  ' },
    });
    expect(passwd.code).toBe(2);
    expect((await runCli(['list'], { vault, password: 'a fine password' })).code).toBe(0);
  });
});

describe('add with a name or secret already stored', { timeout: 300_000 }, () => {
  it('refuses the same secret twice (naming the key that has it) unless --allow-duplicate', async () => {
    const vault = await freshVault();
    const secret = 'knouds_live_first_use_dup_0123456789';
    const first = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], secret);
    const again = await runCli(['add', '--platform', 'knouds', '--name', 'Deploy bot'], { vault, input: secret });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(first.slice(0, 8));
    expect(again.stderr).not.toContain(secret);
    const other = await runCli(['add', '--platform', 'knouds', '--name', 'Other name'], { vault, input: secret });
    expect(other.code).toBe(2);
    const list = await runCli(['list', '--json'], { vault });
    expect((JSON.parse(list.stdout) as { keys: unknown[] }).keys).toHaveLength(1);
    const forced = await runCli(['add', '--platform', 'knouds', '--name', 'Copy', '--allow-duplicate'], {
      vault,
      input: secret,
    });
    expect(forced.code, forced.stderr).toBe(0);
  });

  it('warns about the same name, and the ambiguity error says a unique prefix works', async () => {
    const vault = await freshVault();
    const a = await addCliKey(vault, ['--platform', 'knouds', '--name', 'CI key'], 'knouds_live_first_aaaaaaaaaaaa');
    const r = await runCli(['add', '--platform', 'kubiya', '--name', 'ci KEY', '--json'], {
      vault,
      input: 'kby_first_use_bbbbbbbbbbbbbbbb',
    });
    expect(r.code, r.stderr).toBe(0);
    const b = (JSON.parse(r.stdout) as { id: string }).id;
    expect(r.stderr).toMatch(/warning: .*name/);
    expect(r.stderr).toContain(a.slice(0, 8));

    const show = await runCli(['show', 'CI key'], { vault });
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/unique prefix/);
    expect(show.stderr).not.toMatch(/full id/);
    // And a prefix does work: the shortest one that tells the two apart, at least 4 characters.
    let len = 4;
    while (a.slice(0, len) === b.slice(0, len)) len += 1;
    const byPrefix = await runCli(['show', a.slice(0, len), '--json'], { vault });
    expect(byPrefix.code, byPrefix.stderr).toBe(0);
    expect((JSON.parse(byPrefix.stdout) as { id: string }).id).toBe(a);
  });
});

describe('KAI: the instance id is the account, an identifier, not a secret', { timeout: 300_000 }, () => {
  const API_KEY = 'kai-first-use-api-key-0123456789abcdef';
  type Shown = { id: string; account: string; secret?: { value: string; instanceId?: string } };
  const reveal = async (vault: string, id: string) =>
    JSON.parse((await runCli(['show', id, '--reveal', '--json'], { vault })).stdout) as Shown;

  it('add --instance-id fills the account; two different values are refused before the paste', async () => {
    const vault = await freshVault();
    const id = await addCliKey(
      vault,
      ['--platform', 'kai', '--name', 'KAI prod', '--instance-id', 'inst-7f3a9c12'],
      API_KEY,
    );
    const shown = await reveal(vault, id);
    expect(shown.account).toBe('inst-7f3a9c12');
    expect(shown.secret).toEqual({ value: API_KEY, instanceId: 'inst-7f3a9c12' });
    const both = await runCli(
      ['add', '--platform', 'kai', '--name', 'KAI 2', '--instance-id', 'inst-aaaa1111', '--account', 'acme'],
      { vault, input: 'kai-other-key-000000000000' },
    );
    expect(both.code).toBe(2);
  });

  it("edit --instance-id alone works; edit --account moves the secret's instance id with it", async () => {
    const vault = await freshVault();
    const id = await addCliKey(
      vault,
      ['--platform', 'kai', '--name', 'KAI prod', '--instance-id', 'inst-7f3a9c12'],
      API_KEY,
    );
    const e1 = await runCli(['edit', id, '--instance-id', 'inst-0000beef'], { vault });
    expect(e1.code, e1.stderr).toBe(0);
    let shown = await reveal(vault, id);
    expect(shown.account).toBe('inst-0000beef');
    expect(shown.secret).toEqual({ value: API_KEY, instanceId: 'inst-0000beef' });

    const e2 = await runCli(['edit', id, '--account', 'inst-1234cafe'], { vault });
    expect(e2.code, e2.stderr).toBe(0);
    shown = await reveal(vault, id);
    expect(shown.account).toBe('inst-1234cafe');
    expect(shown.secret).toEqual({ value: API_KEY, instanceId: 'inst-1234cafe' });

    // A new api-key keeps the pair's instance id.
    const e3 = await runCli(['edit', id, '--replace-secret'], { vault, input: 'kai-replaced-key-99999999999' });
    expect(e3.code, e3.stderr).toBe(0);
    shown = await reveal(vault, id);
    expect(shown.secret).toEqual({ value: 'kai-replaced-key-99999999999', instanceId: 'inst-1234cafe' });

    expect((await runCli(['edit', id, '--account', ''], { vault })).code).toBe(2);
    expect((await runCli(['edit', id, '--account', 'a', '--instance-id', 'b'], { vault })).code).toBe(2);
    const knouds = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Not KAI'], 'knouds_live_not_kai_000000');
    expect((await runCli(['edit', knouds, '--instance-id', 'inst-x'], { vault })).code).toBe(2);
  });

  it('every export shows the instance id as the account, unredacted, and never the api-key', async () => {
    const vault = await freshVault();
    await addCliKey(
      vault,
      [
        '--platform',
        'kai',
        '--name',
        'KAI prod',
        '--instance-id',
        'inst-7f3a9c12',
        '--notes',
        'instance inst-7f3a9c12',
      ],
      API_KEY,
    );
    for (const format of ['csv', 'json', 'md', 'html']) {
      const out = join(dir, `kai-${n}.${format}`);
      const r = await runCli(['export', '--format', format, '--out', out], { vault });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, format).not.toMatch(/redacted/);
      const text = readFileSync(out, 'utf8');
      expect(text, format).toContain('inst-7f3a9c12');
      expect(text, format).not.toContain('[redacted]');
      expect(text, format).not.toContain(API_KEY);
    }
  });
});

describe('alerts', { timeout: 300_000 }, () => {
  it('a snooze that ends today or earlier is refused; a unique prefix of an alert id works', async () => {
    const vault = await freshVault();
    const id = await addCliKey(
      vault,
      ['--platform', 'knouds', '--name', 'Soon', '--expires', dayFromToday(5)],
      'knouds_live_first_use_soon_000000',
    );
    const list = JSON.parse((await runCli(['alerts', '--json'], { vault })).stdout) as { id: string }[];
    const alertId = list.find((a) => a.id.includes(id))?.id ?? '';
    expect(alertId).toMatch(/^expiring:/);
    for (const past of [dayFromToday(-1), dayFromToday(0), '2020-01-01']) {
      const r = await runCli(['alerts', 'snooze', alertId, '--until', past], { vault });
      expect(r.code, past).toBe(2);
    }
    const prefix = alertId.slice(0, 'expiring:'.length + 6);
    const ok = await runCli(['alerts', 'snooze', prefix, '--until', dayFromToday(2)], { vault });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(alertId);
    const after = JSON.parse((await runCli(['alerts', '--json'], { vault })).stdout) as {
      id: string;
      snoozedUntil: string | null;
    }[];
    expect(after.find((a) => a.id === alertId)?.snoozedUntil).toBe(dayFromToday(2));
    expect((await runCli(['alerts', 'ack', prefix], { vault })).code).toBe(0);
    expect((await runCli(['alerts', 'reopen', prefix], { vault })).code).toBe(0);
    // Too short to be a prefix, or one that starts several ids, is refused.
    expect((await runCli(['alerts', 'ack', 'exp'], { vault })).code).toBe(2);
  });
});

describe('keyward list', { timeout: 300_000 }, () => {
  it('an empty vault says so and how to add or import; a filter that matches nothing says that', async () => {
    const vault = await freshVault();
    const r = await runCli(['list'], { vault });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/vault is empty/i);
    expect(r.stdout).toContain('keyward add');
    expect(r.stdout).toContain('keyward import');
    await addCliKey(vault, ['--platform', 'knouds', '--name', 'One'], 'knouds_live_first_use_one_00000');
    expect((await runCli(['list', '--platform', 'kai'], { vault })).stdout).toMatch(/No keys match/);
  });

  it('is ordered by name and aligned by display width (emoji, CJK)', async () => {
    const vault = await freshVault();
    const names = ['zeta key', '🔑 deploy', 'Alpha 10', '本番キー', 'alpha 2', '👩‍💻 dev laptop'];
    let i = 0;
    for (const name of names) {
      i += 1;
      await addCliKey(
        vault,
        ['--platform', 'knouds', '--name', name, '--account', `acct-${i}`],
        `knouds_live_width_${i}_0000000000`,
      );
    }
    const r = await runCli(['list'], { vault });
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(1);
    // Name order, case-insensitive, numbers by value ("alpha 2" before "Alpha 10").
    const order = rows.map((row) => names.find((nm) => row.includes(nm)));
    const latin = order.filter((nm) => nm !== undefined && /^[a-z]/i.test(nm));
    expect(latin).toEqual(['alpha 2', 'Alpha 10', 'zeta key']);
    expect(new Set(order).size).toBe(names.length);
    // Every row's ACCOUNT column starts at the same terminal column. Width as a terminal shows
    // it: these CJK characters and emoji take two columns, the ZWJ joins two emoji into one.
    const columns = (s: string) => {
      let w = 0;
      for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s))
        w += /[\u3000-\u9fff]|\p{Extended_Pictographic}/u.test(segment) ? 2 : 1;
      return w;
    };
    const starts = rows.map((row) => columns(row.slice(0, row.indexOf('acct-'))));
    expect(new Set(starts).size, r.stdout).toBe(1);
  });
});

describe('keyward --version', { timeout: 300_000 }, () => {
  it('prints the version from package.json and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag], { vault: join(dir, 'none.db') });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`keyward ${pkg.version}`);
    }
  });
});

describe('core dumps', { timeout: 300_000 }, () => {
  it.runIf(process.platform === 'linux')('are off (RLIMIT_CORE 0) while the CLI waits for a secret', async () => {
    const vault = await freshVault();
    const env: Record<string, string> = { ...(process.env as Record<string, string>), KEYWARD_VAULT: vault };
    env.KEYWARD_PASSWORD = CLI_PASSWORD;
    // Started with core dumps allowed; the CLI must lower the limit itself before it reads stdin.
    const child = spawn(
      'sh',
      ['-c', 'ulimit -c unlimited && exec "$0" bin/keyward.mjs add --platform knouds --name Dump', process.execPath],
      { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const coreLimit = () => {
      const line = readFileSync(`/proc/${child.pid}/limits`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('Max core file size'));
      return line?.split(/\s{2,}/).slice(1, 3) ?? [];
    };
    let limit: string[] = [];
    const deadline = Date.now() + 20_000;
    // The shell raises the limit, then execs node (same pid); wait for node's own startup to lower it.
    while (Date.now() < deadline) {
      // The command line first: once it is node's, the shell's `ulimit -c unlimited` has run.
      const isNode = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes('keyward.mjs');
      limit = coreLimit();
      if (isNode && limit[0] === '0' && limit[1] === '0') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(limit).toEqual(['0', '0']);
    child.stdin.end('knouds_live_first_use_dump_0000000\n');
    expect(await closed, stderr).toBe(0);
  });
});

describe('the hidden prompt on a real terminal', { timeout: 300_000 }, () => {
  // A pseudo-terminal from Python's pty module: the CLI sees a TTY, as when a person types.
  const hasPython = (() => {
    try {
      execFileSync('python3', ['-c', 'import pty']);
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasPython)('reads typed text byte by byte: backspace removes a whole UTF-8 character', async () => {
    const vault = join(dir, 'pty', 'vault.db');
    const script = `
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], sys.argv[2], 'init', '--kdf-memory', '64'])
def drain(until):
    out = b''
    while until not in out:
        r, _, _ = select.select([fd], [], [], 60)
        if not r: break
        try: out += os.read(fd, 1024)
        except OSError: break
    return out
drain(b'password: ')
os.write(fd, 'p\\u00e4ssx\\u00e9\\x7f\\x7fw\\u00f6rt 1\\r'.encode())
drain(b'Repeat it: ')
os.write(fd, 'p\\u00e4ssw\\u00f6rt 1\\r'.encode())
sys.stdout.buffer.write(drain(b'Keep the master password'))
os.waitpid(pid, 0)
`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KEYWARD_')) env[k] = v;
    env.KEYWARD_VAULT = vault;
    const out = execFileSync('python3', ['-c', script, process.execPath, join(REPO_ROOT, 'bin/keyward.mjs')], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toContain('Created an empty vault');
    expect(out).not.toContain('pässw'); // nothing typed is echoed
    // The two entries agreed (the backspaces took "x" and "é" whole), and that is the password.
    expect((await runCli(['list'], { vault, password: 'pässwört 1' })).code).toBe(0);
  });

  it.skipIf(!hasPython)('a blank password typed at the prompt is refused at once, before "Repeat it"', () => {
    const vault = join(dir, 'pty-blank', 'vault.db');
    const script = `
import os, pty, select, signal, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], sys.argv[2], 'init', '--kdf-memory', '64'])
out = b''
sent = False
while True:
    r, _, _ = select.select([fd], [], [], 60)
    if not r: break
    try: chunk = os.read(fd, 1024)
    except OSError: break
    if not chunk: break
    out += chunk
    if not sent and b'password: ' in out:
        os.write(fd, b'   \\r')
        sent = True
    if b'Repeat it' in out: break
sys.stdout.buffer.write(out)
if b'Repeat it' in out: os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
print('\\nEXIT', os.waitstatus_to_exitcode(status))
`;
    const out = execFileSync('python3', ['-c', script, process.execPath, join(REPO_ROOT, 'bin/keyward.mjs')], {
      env: cliChildEnv({ KEYWARD_VAULT: vault }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toContain('must not be only spaces');
    expect(out).not.toContain('Repeat it');
    expect(out).toContain('EXIT 2');
  });
});
