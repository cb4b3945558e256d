// Where the CLI takes the master password from: $KEYWARD_PASSWORD, else
// --password-file, else a no-echo prompt on a terminal.
import { readFileSync } from 'node:fs';
import { AppError } from '../core/errors.js';
import { promptHidden, type Io } from './terminal.js';

function fromFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (cause) {
    throw new AppError('BAD_INPUT', `Cannot read the password file ${path}.`, { cause });
  }
}

export async function masterPassword(io: Io, passwordFile: string | undefined): Promise<string> {
  if (io.env.KEYWARD_PASSWORD !== undefined) return io.env.KEYWARD_PASSWORD;
  if (passwordFile !== undefined) return fromFile(passwordFile);
  return promptHidden(io, 'Master password: ');
}

/** A new password (init, passwd): from the given variable, else asked twice. */
export async function newPassword(
  io: Io,
  envName: 'KEYWARD_PASSWORD' | 'KEYWARD_NEW_PASSWORD',
  passwordFile?: string,
): Promise<string> {
  const fromEnv = io.env[envName];
  if (fromEnv !== undefined) return fromEnv;
  if (passwordFile !== undefined) return fromFile(passwordFile);
  const first = await promptHidden(io, 'New master password: ');
  const second = await promptHidden(io, 'Repeat it: ');
  if (first !== second) throw new AppError('BAD_INPUT', 'The two passwords differ.');
  return first;
}
