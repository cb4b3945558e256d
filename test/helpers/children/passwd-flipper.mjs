// Child process for the kill-during-password-change test: changes the master password
// back and forth between two values through the real (compiled) core and prints the
// password now in force ("A" or "B") after each change has committed.
// Usage: node passwd-flipper.mjs <vault> <password A (current)> <password B>
import { systemClock } from '../../../out/cli/core/ports/clock.port.js';
import { changePassword } from '../../../out/cli/core/vault/vault.js';
import { sendLine } from './send-line.mjs';

const [vaultPath, first, second] = process.argv.slice(2);
let current = first;
sendLine('ready');
for (;;) {
  const next = current === first ? second : first;
  await changePassword(vaultPath, current, next, systemClock);
  current = next;
  sendLine(current === first ? 'A' : 'B');
}
