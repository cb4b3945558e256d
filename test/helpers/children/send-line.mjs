// How the child scripts acknowledge: a whole line written to fd 1 with write(2) before
// returning, never through process.stdout. A loop that never yields (the key writer)
// would otherwise leave a line in memory, unsent, when the pipe is full, and a SIGKILL
// would then drop an acknowledgement the parent never saw.
import { writeSync } from 'node:fs';

export function sendLine(line) {
  const buf = Buffer.from(`${line}\n`);
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e; // pipe momentarily full: try again
    }
  }
}
