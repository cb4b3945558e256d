// Terminal I/O for the CLI: no-echo prompts, reading standard input, writing out.
// SECURITY: prompts never echo what is typed; nothing read here is logged.
import { AppError } from '../core/errors.js';
import { unsafeChars } from '../contract/unsafe-text.js';

export type Io = {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** In the agent: aborted when the client goes away or the agent locks; scan, verify and import stop on it. */
  signal?: AbortSignal;
  /**
   * In the agent, when the client has a terminal: the command needs a question asked there (the
   * agent has none), so the client asks it and sends the command again. Only the author's name now.
   */
  askInClient?: (question: { kind: 'name'; command: string }) => void;
};

export const isInteractive = (io: Io): boolean => Boolean(io.stdin.isTTY);

// Characters a terminal acts on or that reorder what is shown, but tab and line feed.
const UNSAFE = unsafeChars('display', '\t\n', 'g');

/**
 * SECURITY: text from a vault, a teammate's file or an imported file may hold escape
 * sequences that clear the screen, move the cursor or fake a line (a fingerprint, say).
 * Each such character is shown as a visible \uXXXX instead; inside JSON that is the same
 * character, so machine-readable output keeps its meaning.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * SECURITY: a file name (or a name read from a file) printed to a terminal could carry a newline
 * that fakes a clean line, an escape sequence, or a bidi override (U+202E) that reorders what is
 * shown. Text output escapes them JSON-style (`\n`, `\u202e`, and `\\` for a backslash);
 * JSON and SARIF carry the exact name.
 */
export function escapeName(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex
    /[\\\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (c) => {
      if (c === '\\') return '\\\\';
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    },
  );
}

/**
 * Reads one line from the terminal without echoing it.
 * SECURITY: what is typed or pasted is gathered in one byte buffer (not a string grown a
 * character at a time, which leaves a copy per keystroke), and that buffer and every chunk
 * read are zeroed once the line is decoded; the one string returned cannot be wiped by JS.
 */
export function promptHidden(io: Io, question: string): Promise<string> {
  if (!io.stdin.isTTY)
    throw new AppError('BAD_INPUT', 'No terminal to ask on: set KEYWARD_PASSWORD or use --password-file.');
  const stdin = io.stdin;
  // SECURITY: echo goes off before the question shows, so nothing typed at once is echoed.
  stdin.setRawMode(true);
  io.stderr.write(terminalSafe(question));
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(256);
    let len = 0;
    const wipe = () => buf.fill(0);
    const push = (byte: number) => {
      if (len === buf.length) {
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        wipe();
        buf = bigger;
      }
      buf[len++] = byte;
    };
    const backspace = () => {
      // Drop one whole UTF-8 character: its continuation bytes, then its first byte.
      while (len > 0 && ((buf[len - 1] ?? 0) & 0xc0) === 0x80) buf[--len] = 0;
      if (len > 0) buf[--len] = 0;
    };
    stdin.resume();
    const done = (err?: AppError) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      io.stderr.write('\n');
      const value = err ? '' : buf.toString('utf8', 0, len);
      wipe();
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        for (const b of bytes) {
          if (b === 0x0d || b === 0x0a) return done();
          if (b === 0x03) return done(new AppError('CANCELLED', 'Cancelled.'));
          if (b === 0x7f || b === 0x08) backspace();
          else push(b);
        }
      } finally {
        bytes.fill(0);
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * Reads all of standard input (for secrets piped in), without the final newline.
 * SECURITY: the chunks and their joined copy are zeroed once decoded.
 */
export async function readStdin(io: Io, maxBytes = 65_536): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const wipe = () => {
    for (const c of chunks) c.fill(0);
  };
  try {
    for await (const chunk of io.stdin) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      chunks.push(buf);
      if (size > maxBytes) throw new AppError('BAD_INPUT', `Standard input is larger than ${maxBytes} bytes.`);
    }
    const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    try {
      return all.toString('utf8').replace(/\r?\n$/, '');
    } finally {
      all.fill(0);
    }
  } finally {
    wipe();
  }
}

/**
 * Standard input when it is not a terminal and something was written to it: what a key piped to
 * a command that continues a run would otherwise be left unread (and lost). Waits for the end of
 * the input, or `quietMs` without a first byte (a pipe a parent holds open and never writes).
 */
export function readPipedInput(io: Io, quietMs = 1500, maxBytes = 65_536): Promise<string> {
  if (io.stdin.isTTY) return Promise.resolve('');
  const stdin = io.stdin;
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (fn: () => void) => {
      clearTimeout(timer);
      stdin.off('data', onData).off('end', onEnd).off('error', onError);
      stdin.pause();
      try {
        fn();
      } finally {
        for (const c of chunks) c.fill(0);
      }
    };
    const onData = (chunk: Buffer | string) => {
      clearTimeout(timer);
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      chunks.push(buf);
      if (size > maxBytes)
        done(() => reject(new AppError('BAD_INPUT', `Standard input is larger than ${maxBytes} bytes.`)));
    };
    const onEnd = () =>
      done(() => {
        const all = Buffer.concat(chunks);
        resolve(all.toString('utf8'));
        all.fill(0);
      });
    const onError = (e: Error) => done(() => reject(e));
    const timer = setTimeout(() => {
      if (size > 0) return;
      done(() => resolve(''));
      stdin.destroy();
    }, quietMs);
    stdin.on('data', onData).on('end', onEnd).on('error', onError);
    stdin.resume();
  });
}

export async function confirm(io: Io, question: string): Promise<boolean> {
  const answer = await new Promise<string>((resolve) => {
    io.stderr.write(`${terminalSafe(question)} [y/N] `);
    io.stdin.resume();
    io.stdin.setEncoding('utf8');
    io.stdin.once('data', (d: string) => {
      io.stdin.pause();
      resolve(d.trim());
    });
  });
  return /^y(es)?$/i.test(answer);
}

/** Reads one line typed on the terminal (echoed: for a name, never for a secret). */
export async function promptLine(io: Io, question: string): Promise<string> {
  return new Promise<string>((resolve) => {
    io.stderr.write(terminalSafe(question));
    io.stdin.resume();
    io.stdin.setEncoding('utf8');
    io.stdin.once('data', (d: string) => {
      io.stdin.pause();
      resolve(d.replace(/\r?\n$/, ''));
    });
  });
}
