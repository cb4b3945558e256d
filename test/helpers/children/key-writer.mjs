// Child process for the concurrency and SIGKILL tests: unlocks a vault through the
// real (compiled) core, prints "ready", then adds keys one by one and prints each id
// only after add() has returned, i.e. after its transaction committed.
// Usage: node key-writer.mjs <vault> <password> <label> [count]   (no count: until killed)
import { createInventory } from '../../../out/cli/core/inventory/inventory.service.js';
import { deriveOnCallingThread } from '../../../out/cli/core/crypto/kdf-worker.js';
import { systemClock } from '../../../out/cli/core/ports/clock.port.js';
import { unlockVault } from '../../../out/cli/core/vault/vault.js';
import { sendLine } from './send-line.mjs';

// A one-shot process, like a keyward command: Argon2id on this thread, no worker to start.
deriveOnCallingThread();

const [vaultPath, password, label, countArg] = process.argv.slice(2);
const count = countArg === undefined ? Infinity : Number(countArg);
const vault = await unlockVault(vaultPath, password);
const inventory = createInventory(vault, systemClock);
sendLine('ready');
// With KEYWARD_TEST_WAIT_GO=1 it waits for a line on stdin, so several writers start together.
if (process.env.KEYWARD_TEST_WAIT_GO === '1') await new Promise((resolve) => process.stdin.once('data', resolve));
for (let i = 0; i < count; i++) {
  const rec = inventory.add(
    { platform: 'custom', name: `${label} ${i}`, notes: `written by ${label}` },
    { value: `secret-${label}-${i}-0123456789` },
  );
  sendLine(rec.id); // acknowledged only now, after the commit
}
vault.lock();
