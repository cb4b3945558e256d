// Runs Argon2id in a worker thread so a UI never freezes during unlock.
// The password bytes are transferred (not copied) and wiped in the worker.
// A one-shot CLI command has nothing to keep responsive: it derives on its own thread
// (deriveOnCallingThread), which spares it a second load of libsodium in a worker.
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { KEY_BYTES, checkKdfParams, type KdfParams } from './kdf.js';
import { loadSodium, sodiumModulePath } from './sodium.js';

let onCallingThread = false;

/**
 * For a process that does nothing else while it unlocks (a one-shot `keyward` command): Argon2id
 * runs on the calling thread, with the libsodium that thread already loaded. A long-lived host
 * (the desktop app, the CLI's agent) keeps the worker: its event loop stays free, and Argon2's
 * memory goes with the worker instead of staying in the host's WebAssembly heap.
 */
export function deriveOnCallingThread(on = true): void {
  onCallingThread = on;
}

async function deriveHere(buffer: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  const sodium = await loadSodium();
  try {
    return sodium.crypto_pwhash(
      KEY_BYTES,
      buffer,
      params.salt,
      params.opsLimit,
      params.memLimitBytes,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
  } catch (e) {
    // An out-of-memory error is surfaced as such, never retried with weaker parameters.
    throw new AppError('CRYPTO_UNAVAILABLE', `Key derivation failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    sodium.memzero(buffer);
  }
}

// The worker is plain CommonJS evaluated from a string: it needs no build step and
// loads the very libsodium build the main thread uses (its path comes in workerData).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodiumPath);
sodium.ready.then(() => {
  const { password, salt, opsLimit, memLimitBytes, keyBytes } = workerData;
  let key;
  try {
    key = sodium.crypto_pwhash(keyBytes, password, salt, opsLimit, memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    parentPort.postMessage({ ok: true, key }, [key.buffer]);
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message || e) });
  } finally {
    sodium.memzero(password);
  }
});
`;

/** Derives the key-encryption key. Consumes (wipes) `password`. */
export function deriveKek(password: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  checkKdfParams(params); // SECURITY: refuse before spending memory or time
  const buffer = new Uint8Array(password); // own copy to transfer
  password.fill(0);
  if (onCallingThread) return deriveHere(buffer, params);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        sodiumPath: sodiumModulePath(),
        password: buffer,
        salt: params.salt,
        opsLimit: params.opsLimit,
        memLimitBytes: params.memLimitBytes,
        keyBytes: KEY_BYTES,
      },
      transferList: [buffer.buffer as ArrayBuffer],
    });
    let settled = false;
    worker.once('message', (msg: { ok: true; key: Uint8Array } | { ok: false; error: string }) => {
      settled = true;
      void worker.terminate();
      if (msg.ok) resolve(new Uint8Array(msg.key.buffer, msg.key.byteOffset, msg.key.byteLength));
      // An out-of-memory error is surfaced as such, never retried with weaker parameters.
      else reject(new AppError('CRYPTO_UNAVAILABLE', `Key derivation failed: ${msg.error}`));
    });
    worker.once('error', (cause) => {
      if (!settled) reject(new AppError('CRYPTO_UNAVAILABLE', 'Key derivation failed in its worker.', { cause }));
    });
    worker.once('exit', (code) => {
      if (!settled && code !== 0)
        reject(new AppError('CRYPTO_UNAVAILABLE', `Key derivation worker stopped (code ${code}).`));
    });
  });
}
