// A separate Node process that drives one rotation through the compiled core
// (out/cli, built by test/helpers/build-cli.global.ts), for the crash-resume tests.
//
// Standard input: one JSON object
//   { vault, password, keyId, newSecret: { value, instanceId? }, newKeyFacts?,
//     progress: file, killAfter?: step label, pauseMs?: number }
// Step labels: start, storeNewKey, verifyNewKey, tickDeployment#N, beginRevocation, confirmOldKeyDead.
//
// It opens the vault, resumes the open run of the key (rotations.openFor) or starts
// one, and walks it to the end. After each call returns it appends the step to the
// progress file (synchronously) and, when the step is `killAfter`, SIGKILLs itself.
// Over the IPC channel it says 'ready' once unlocked and asks the parent (which owns
// the simulator) to revoke the old key in the "portal" before confirming it is dead.
// Its last line on stdout is a JSON report.
import { appendFileSync } from 'node:fs';

const ROOT = new URL('../../../', import.meta.url);
const load = (p) => import(new URL(`out/cli/core/${p}`, ROOT).href);
const [{ createSession }, { unlockVault }, { systemClock }, { integrityCheck }] = await Promise.all([
  load('app/session.js'),
  load('vault/vault.js'),
  load('ports/clock.port.js'),
  load('db/connection.js'),
]);

const readStdin = async () => {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
};
const cfg = JSON.parse(await readStdin());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const send = (msg) => process.send?.(msg);
const askParentToRevoke = () =>
  new Promise((resolve) => {
    process.once('message', (m) => m?.type === 'revoked' && resolve());
    send({ type: 'revoke-old' });
  });

const report = {
  pid: process.pid,
  integrityAtOpen: null,
  found: null,
  steps: [],
  final: null,
};
let vault;
try {
  vault = await unlockVault(cfg.vault, cfg.password);
  report.integrityAtOpen = integrityCheck(vault.db);
  const session = createSession(vault, {
    clock: systemClock,
    writeSchedule: false,
  });
  const { rotations, inventory } = session;
  const counts = {};
  const mark = (step, run) => {
    counts[step] = (counts[step] ?? 0) + 1;
    const label = step === 'tickDeployment' ? `${step}#${counts[step]}` : step;
    appendFileSync(
      cfg.progress,
      `${JSON.stringify({ pid: process.pid, step: label, phase: run.phase, newKeyId: run.newKeyId ?? null })}\n`,
    );
    report.steps.push(label);
    if (cfg.killAfter === label) process.kill(process.pid, 'SIGKILL');
  };
  const pause = () => (cfg.pauseMs ? sleep(Math.random() * cfg.pauseMs) : undefined);

  let run = rotations.openFor(cfg.keyId);
  report.found = run && {
    id: run.id,
    phase: run.phase,
    newKeyId: run.newKeyId ?? null,
  };
  send({ type: 'ready' });
  await pause();
  if (!run) {
    if (inventory.get(cfg.keyId).status === 'revoked') {
      report.final = { phase: 'already-revoked' };
    } else {
      run = rotations.start(cfg.keyId, 'rotate');
      mark('start', run);
    }
  }
  while (run) {
    await pause();
    const next = rotations.nextStep(run);
    if (next.step === 'finished') break;
    switch (next.step) {
      case 'capture-new-key':
        // The user pastes the key the portal showed (again, if the first paste was lost).
        run = rotations.storeNewKey(run.id, cfg.newSecret, cfg.newKeyFacts ?? {}).run;
        mark('storeNewKey', run);
        break;
      case 'verify-new-key': {
        const r = await rotations.verifyNewKey(run.id);
        if (r.report.outcome.result !== 'valid') throw new Error(`new key did not verify: ${r.report.outcome.result}`);
        run = r.run;
        mark('verifyNewKey', run);
        break;
      }
      case 'update-deployments':
        run = rotations.tickDeployment(run.id, next.pending[0]);
        mark('tickDeployment', run);
        break;
      case 'revoke-in-portal':
        run = rotations.beginRevocation(run.id);
        mark('beginRevocation', run);
        break;
      case 'confirm-old-key-dead': {
        await askParentToRevoke();
        const r = await rotations.confirmOldKeyDead(run.id);
        if (!r.confirmed) throw new Error(`old key not confirmed dead: ${r.report.outcome.result}`);
        run = r.run;
        mark('confirmOldKeyDead', run);
        break;
      }
      case 'reverify-new-key': {
        // Killed between the old key's refusal and the new key's second check.
        const r = await rotations.reverifyNewKey(run.id);
        if (r.report.outcome.result !== 'valid')
          throw new Error(`new key failed after the old died: ${r.report.outcome.result}`);
        run = r.run;
        mark('reverifyNewKey', run);
        break;
      }
    }
  }
  if (run)
    report.final = {
      runId: run.id,
      phase: run.phase,
      newKeyId: run.newKeyId ?? null,
      outage: run.outage ?? null,
    };
  vault.lock();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.disconnect?.();
} catch (e) {
  vault?.lock();
  process.stdout.write(`${JSON.stringify({ ...report, error: `${e?.code ?? e?.name}: ${e?.message}` })}\n`);
  process.disconnect?.();
  process.exitCode = 1;
}
