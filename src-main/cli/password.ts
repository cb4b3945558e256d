// Where the CLI takes the master password from: an explicit --password-file first, else
// $KEYWARD_PASSWORD, else a no-echo prompt on a terminal (as `op` and `bw` let the option win).
import { readFileSync } from 'node:fs';
import { AppError } from '../core/errors.js';
import { checkNewPassword } from '../core/vault/vault.js';
import { promptHidden, type Io } from './terminal.js';

function fromFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `Cannot read the password file ${path}.`, { cause });
  }
  try {
    const text = bytes.toString('utf8').replace(/\r?\n$/, '');
    // No vault has an empty password: an empty file is a mistake, said as such (not "wrong password").
    if (text === '') throw new AppError('BAD_INPUT', `The password file ${path} is empty.`);
    return text;
  } finally {
    // SECURITY: the file's bytes are not left in the heap for a dump to find.
    bytes.fill(0);
  }
}

export async function masterPassword(io: Io, passwordFile: string | undefined): Promise<string> {
  if (passwordFile !== undefined) return fromFile(passwordFile);
  const fromEnv = io.env.KEYWARD_PASSWORD;
  // Set but empty (`KEYWARD_PASSWORD= keyward list`, an unset CI secret): no vault has an empty
  // password, so it is not tried (which would say "wrong password"); a terminal is asked instead.
  if (fromEnv === '' && !io.stdin.isTTY)
    throw new AppError(
      'BAD_INPUT',
      'KEYWARD_PASSWORD is empty: set it to the master password, unset it to be asked, or use --password-file.',
    );
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return promptHidden(io, 'Master password: ');
}

/** A new password (init, passwd): from --password-file (init), else the given variable, else asked twice. */
export async function newPassword(
  io: Io,
  envName: 'KEYWARD_PASSWORD' | 'KEYWARD_NEW_PASSWORD',
  passwordFile?: string,
): Promise<string> {
  if (passwordFile !== undefined) return fromFile(passwordFile);
  const fromEnv = io.env[envName];
  if (fromEnv !== undefined) return fromEnv;
  const first = await promptHidden(io, 'New master password: ');
  // A blank one is refused at once: asking to repeat it first would only waste the typing.
  checkNewPassword(first, envName === 'KEYWARD_NEW_PASSWORD' ? 'new master' : 'master');
  const second = await promptHidden(io, 'Repeat it: ');
  if (first !== second) throw new AppError('BAD_INPUT', 'The two passwords differ.');
  return first;
}
