// The CLI's thin commands call the one dispatch (src-main/cli/calls.ts): the same input check,
// handler, answer check and error mapping as the desktop shell, over the command's own session,
// with no vault.* channel reachable from a command.
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { withCalls } from '../../../src-main/cli/calls.js';
import { makeCtx, type Ctx } from '../../../src-main/cli/context.js';
import type { Session } from '../../../src-main/core/app/session.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { newSessionVault } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

const tmp = tempDir('keyward-cli-calls-');
afterAll(() => tmp.cleanup());
const clock = fixedClock('2026-11-25T09:00:00Z');

function ctxOver(session: Session, vaultPath: string): Ctx {
  const stdin = new PassThrough();
  stdin.end();
  const io = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: new PassThrough() as unknown as NodeJS.WriteStream,
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    env: {},
  };
  const ctx = makeCtx({ vaultPath, passwordFile: undefined, json: true }, io, clock);
  return { ...ctx, withVault: async (fn) => fn(session) };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the CLI through the dispatch', () => {
  it('answers a channel with the handler the app uses, checked against its output schema', async () => {
    const { path, session } = await newSessionVault(tmp.dir, { clock });
    const ctx = ctxOver(session, path);
    const { templates } = await withCalls(ctx, (call) => call('checklists.templates', {}));
    expect(templates.length).toBeGreaterThan(0);
    expect(templates).toEqual(session.checklists.templates());
    const unnamed = await withCalls(ctx, (call) => call('team.status', {}));
    expect(unnamed).toMatchObject({ name: null, fingerprint: null });
    const team = await withCalls(ctx, (call) => call('team.setName', { name: 'Ana Lima' }));
    expect(team.fingerprint).toBe(session.team.me().fingerprint);
  });

  it('checks the input at the boundary and maps errors the one way', async () => {
    const { path, session } = await newSessionVault(tmp.dir, { clock }, 'input.db');
    const r = await refusal(withCalls(ctxOver(session, path), (call) => call('checklists.get', { runId: '' })));
    expect(r.code).toBe('BAD_INPUT');
    expect(r.message).toMatch(/runId/);
  });

  it('refuses an answer that does not match its schema (a secret field where none is promised)', async () => {
    const { path, session } = await newSessionVault(tmp.dir, { clock }, 'answer.db');
    const real = session.checklists.templates.bind(session.checklists);
    session.checklists.templates = () => real().map((t) => ({ ...t, secret: 'knouds_live_canary_0000000000' }));
    const r = await refusal(withCalls(ctxOver(session, path), (call) => call('checklists.templates', {})));
    expect(r.code).toBe('INTERNAL');
    expect(r.message).not.toContain('canary');
  });

  it('cannot reach a vault channel: a command cannot lock, create or re-key through it', async () => {
    const { path, session } = await newSessionVault(tmp.dir, { clock }, 'lock.db');
    for (const c of ['vault.lock', 'vault.create', 'vault.changePassword', 'keys.reveal']) {
      const r = await refusal(withCalls(ctxOver(session, path), (call) => call(c as 'team.status', {})));
      expect(r, c).toEqual({ code: 'BAD_INPUT', message: 'Unknown channel.' });
    }
    expect(session.inventory.list().keys).toEqual([]); // still unlocked
  });
});
