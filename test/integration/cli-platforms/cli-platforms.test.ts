// The keyward CLI over the sandbox simulators (issue 3): verify exit codes, create,
// rotate and revoke (verify.cases.ts, lifecycle.cases.ts), and `verify --all` over 500
// keys on five rate-limited simulators (verify-500.support.ts). The 500-key run must
// wait out a whole rate-limit minute, so it is started first, in the background, and
// checked last: the other CLI cases run in its waiting time.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { tempDir } from '../../helpers/temp-vault.js';
import './verify.cases.js';
import './lifecycle.cases.js';
import { expectVerifyAll500, startVerifyAll500, type VerifyAllRun } from './verify-500.support.js';

let dir: { dir: string; cleanup: () => void };
let big: VerifyAllRun;

beforeAll(async () => {
  dir = tempDir('keyward-cli-500-');
  big = await startVerifyAll500(dir.dir);
});

afterAll(async () => {
  await big.result.catch(() => {});
  await big.close();
  dir.cleanup();
});

describe('keyward verify --all over 500 keys', () => {
  it('finishes on five simulators with every key valid and no 429 caused by the client', async () => {
    const elapsed = await expectVerifyAll500(big);
    console.info(`verify --all over 500 keys: ${(elapsed / 1000).toFixed(1)} s`);
  }, 150_000);
});
