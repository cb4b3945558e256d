// Talking to the per-user agent: one JSON request and one JSON reply per connection, each a
// line. The client keeps its side open until the reply: the agent takes the connection's end
// before that as the client gone (killed, or stopped waiting) and stops its command. No agent
// (no socket, or a socket nobody listens on: a killed agent) is null, so the caller falls back
// to the password; an agent that took the request and closed without a reply is agentGone().
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { AppError } from '../errors.js';

/** The agent took the request and ended before it answered (a lock that had to end it, a crash, a kill). */
export const agentGone = (): AppError =>
  new AppError(
    'VAULT_LOCKED',
    'The unlocked session ended before it answered (it was locked, or it stopped); the command was not run again here. Run it again.',
  );

export type AgentReply = { ok: true; [k: string]: unknown } | { ok: false; code: string; message: string };

export function agentRequest(socketPath: string, request: object, timeoutMs = 30_000): Promise<AgentReply | null> {
  return new Promise((resolveReply, reject) => {
    const socket = connect(socketPath);
    let buf = '';
    let done = false;
    const finish = (v: AgentReply | null, err?: Error) => {
      if (done) return;
      done = true;
      socket.destroy();
      if (err) reject(err);
      else resolveReply(v);
    };
    socket.setTimeout(timeoutMs, () => finish(null, new Error('the agent did not answer')));
    let sent = false;
    socket.on('connect', () => {
      socket.write(JSON.stringify(request) + '\n');
      sent = true;
    });
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) finish(JSON.parse(buf.slice(0, nl)) as AgentReply);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'EACCES'].includes(e.code ?? '')) finish(null);
      else if (sent && ['ECONNRESET', 'EPIPE'].includes(e.code ?? '')) finish(null, agentGone());
      else finish(null, e);
    });
    // No agent (nothing listened) is null; one that took the request and closed without a word ended meanwhile:
    // the command is not run again elsewhere, as it may have changed something.
    socket.on('close', () => (sent ? finish(null, agentGone()) : finish(null)));
  });
}

/** Asks the agent holding `socketPath`'s vault to lock (the desktop app locking); best effort, never throws. */
export function lockAgentAt(socketPath: string): void {
  if (!existsSync(socketPath)) return;
  agentRequest(socketPath, { op: 'lock' }, 2000).catch(() => undefined);
}
