// A real project folder for the scan specs and screenshots: a git repository with two stored keys
// planted (one in files, one only in a commit since deleted) and one key the vault does not hold.
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedKey } from './seed';

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const randomText = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export type PlantedRepo = {
  repo: string;
  /** The stored keys to seed, the secrets planted, and the commit that added the one now only in history. */
  keys: SeedKey[];
  secrets: { inFiles: string; inHistory: string; unknown: string };
  historyCommit: string;
};

function git(cwd: string, home: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Ana', '-c', 'user.email=ana@acme.dev', '-c', 'commit.gpgsign=false', ...args],
    { cwd, env: { PATH: process.env.PATH ?? '', HOME: home, GIT_CONFIG_NOSYSTEM: '1' }, encoding: 'utf8' },
  ).trim();
}

/** Writes the project under `dir`/acme-api and answers what was planted where. */
export function plantRepo(dir: string): PlantedRepo {
  const secrets = {
    inFiles: `knouds_live_${randomText(28)}`,
    inHistory: `kgn_pat_${randomText(32)}`,
    unknown: `ghp_${randomText(36)}`,
  };
  const repo = join(dir, 'acme-api');
  mkdirSync(join(repo, 'config'), { recursive: true });
  mkdirSync(join(repo, 'src'), { recursive: true });
  git(repo, dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'config', 'ci.env'), `# CI\nKOGNITOS_TOKEN=${secrets.inHistory}\n`);
  writeFileSync(join(repo, 'README.md'), '# acme-api\n');
  git(repo, dir, 'add', '.');
  git(repo, dir, 'commit', '-q', '-m', 'CI settings');
  const historyCommit = git(repo, dir, 'rev-parse', 'HEAD');
  rmSync(join(repo, 'config', 'ci.env'));
  git(repo, dir, 'add', '-A');
  git(repo, dir, 'commit', '-q', '-m', 'Move the CI token to the vault');
  writeFileSync(join(repo, '.env'), `PORT=8080\nKNOUDS_KEY=${secrets.inFiles}\n`);
  writeFileSync(
    join(repo, 'src', 'client.ts'),
    `import { Knouds } from 'knouds';\n\nexport const client = new Knouds("${secrets.inFiles}");\n`,
  );
  writeFileSync(join(repo, 'notes.txt'), `GITHUB_TOKEN=${secrets.unknown}\n`);
  return {
    repo,
    secrets,
    historyCommit,
    keys: [
      {
        fields: { platform: 'knouds', name: 'Deploy bot – acme-api', owner: 'ana.souza@acme.dev' },
        secret: { value: secrets.inFiles },
      },
      { fields: { platform: 'kognitos', name: 'Kognitos CI token' }, secret: { value: secrets.inHistory } },
    ],
  };
}

/** A folder of `files` text files of about 32 KiB each, with one stored secret in the last: a scan long enough to cancel. */
export function plantLargeFolder(dir: string, files: number, secret: string): string {
  const root = join(dir, 'monorepo');
  const filler = Array.from({ length: 512 }, () => `const value = "${randomText(48)}"; // ${randomText(8)}`).join('\n');
  for (let i = 0; i < files; i++) {
    const folder = join(root, `pkg-${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file-${i}.ts`), i === files - 1 ? `${filler}\nKEY=${secret}\n` : filler);
  }
  return root;
}
