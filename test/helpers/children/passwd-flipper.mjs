// Child process for the kill-during-password-change test: changes the master password
// back and forth between two values through the real (compiled) core and prints the
// password now in force ("A" or "B") after each change has committed.
// With "rotate" it also rotates the vault key at every change (passwd --rotate-vault-key).
// Usage: node passwd-flipper.mjs <vault> <password A (current)> <password B> [rotate]
import { deriveOnCallingThread } from '../../../out/cli/core/crypto/kdf-worker.js';
import { systemClock } from '../../../out/cli/core/ports/clock.port.js';
import { changePassword } from '../../../out/cli/core/vault/vault.js';
import { sendLine } from './send-line.mjs';

// A one-shot process, like a keyward command: Argon2id on this thread, no worker to start.
deriveOnCallingThread();

const [vaultPath, first, second, mode] = process.argv.slice(2);
let current = first;
sendLine('ready');
for (;;) {
  const next = current === first ? second : first;
  await changePassword(vaultPath, current, next, systemClock, undefined, { rotateVaultKey: mode === 'rotate' });
  current = next;
  sendLine(current === first ? 'A' : 'B');
}
