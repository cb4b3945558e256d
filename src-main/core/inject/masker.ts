// Masks secrets in a byte stream (a child's stdout or stderr) as it passes, including a
// secret split across two chunks: bytes that could begin a secret are held until decided.
import { Transform } from 'node:stream';

export const MASK = '<concealed by keyward>';
/** Shorter values are not masked: they would blank ordinary output. Keys are far longer. */
export const MIN_MASKED_LENGTH = 4;

export type Masker = { push: (chunk: Buffer) => Buffer; end: () => Buffer };

export function createMasker(values: readonly string[]): Masker {
  const secrets = [...new Set(values.filter((v) => v.length >= MIN_MASKED_LENGTH))]
    .map((v) => Buffer.from(v, 'utf8'))
    .sort((a, b) => b.length - a.length);
  const mask = Buffer.from(MASK, 'utf8');
  const longest = secrets[0]?.length ?? 0;
  let held: Buffer = Buffer.alloc(0);

  /** The earliest occurrence of any secret at or after `from` (the longest one at a tie). */
  function nextHit(buf: Buffer, from: number): { at: number; len: number } | null {
    let best: { at: number; len: number } | null = null;
    for (const s of secrets) {
      const at = buf.indexOf(s, from);
      if (at !== -1 && (best === null || at < best.at)) best = { at, len: s.length };
    }
    return best;
  }

  /** How many bytes at the end of `buf` (after `from`) are the start of some secret. */
  function pendingTail(buf: Buffer, from: number): number {
    for (let k = Math.min(longest - 1, buf.length - from); k > 0; k -= 1) {
      const tail = buf.subarray(buf.length - k);
      if (secrets.some((s) => s.length > k && s.subarray(0, k).equals(tail))) return k;
    }
    return 0;
  }

  /**
   * Leftmost-longest masking. Bytes from the first place where a secret may be starting
   * (a suffix that is the beginning of one) are held back, and a match there waits too: a
   * longer secret may be on its way that contains it.
   */
  function mask_(buf: Buffer, final: boolean): Buffer {
    const out: Buffer[] = [];
    let pos = 0;
    for (;;) {
      const cut = final ? buf.length : buf.length - pendingTail(buf, pos);
      const hit = nextHit(buf, pos);
      if (hit === null || hit.at >= cut) {
        out.push(buf.subarray(pos, cut));
        held = Buffer.from(buf.subarray(cut));
        return Buffer.concat(out);
      }
      out.push(buf.subarray(pos, hit.at), mask);
      pos = hit.at + hit.len;
    }
  }

  return {
    push: (chunk) => (secrets.length === 0 ? chunk : mask_(Buffer.concat([held, chunk]), false)),
    end: () => (secrets.length === 0 ? Buffer.alloc(0) : mask_(held, true)),
  };
}

/** The masker as a stream to pipe a child's output through. */
export function maskingStream(values: readonly string[]): Transform {
  const m = createMasker(values);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const out = m.push(chunk);
      done(null, out.length > 0 ? out : undefined);
    },
    flush(done) {
      const out = m.end();
      done(null, out.length > 0 ? out : undefined);
    },
  });
}
