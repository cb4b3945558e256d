// Which user is on the other end of an accepted Unix socket. Node has no SO_PEERCRED, so on
// Linux the peer is found as the kernel reports it through sock_diag (`ss -xpn`): our socket's
// inode (from /proc/self/fd) -> its peer's inode -> the process holding that inode -> its uid
// (/proc/PID/status). SECURITY: any step that cannot be done gives null, and null is refused.
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import type { Socket } from 'node:net';

type Row = { local: string; peer: string; pids: number[] };

function rows(): Row[] {
  const text = execFileSync('ss', ['-xpnH'], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
  const out: Row[] = [];
  for (const line of text.split('\n')) {
    const m = /^u_\w+\s+\S+\s+\d+\s+\d+\s+\S+\s+(\d+)\s+\S+\s+(\d+)(.*)$/.exec(line.trim());
    if (!m) continue;
    const pids = [...(m[3] ?? '').matchAll(/pid=(\d+)/g)].map((p) => Number(p[1]));
    out.push({ local: m[1] as string, peer: m[2] as string, pids });
  }
  return out;
}

function uidOf(pid: number): number | null {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
  if (!m) return null;
  const ids = m.slice(1, 5).map(Number);
  return ids.every((x) => x === ids[0]) ? (ids[0] as number) : null; // real, effective, saved, fs: all one user
}

/** The uid of the process at the other end of `socket`, or null when it cannot be determined. */
export function peerUid(socket: Socket): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd !== 'number' || fd < 0) return null;
    const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
    if (inode === undefined) return null;
    const all = rows();
    const peerInode = all.find((r) => r.local === inode)?.peer;
    const peer = all.find((r) => r.local === peerInode && r.peer === inode);
    if (!peer || peer.pids.length === 0) return null; // another user's process is not listed to us
    const uids = new Set(peer.pids.map(uidOf));
    if (uids.size !== 1) return null;
    return [...uids][0] ?? null;
  } catch {
    return null;
  }
}
