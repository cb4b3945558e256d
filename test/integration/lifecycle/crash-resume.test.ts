// Issue 3, "Done when": a rotation interrupted at each step (process killed) resumes
// and finishes without losing the new key. A child process (rotation-child.mjs, on
// the compiled core) runs the rotation and is SIGKILLed right after step k returns,
// or by this parent at a random moment; a fresh process then reopens the vault,
// finds the open run with rotations.openFor, resumes from the saved phase and
// finishes. The simulator lives in this process, so it outlives every child.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import type { KeySecret, PlatformId } from '../../../src-main/core/inventory/key.types.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { createVault, unlockVault } from '../../../src-main/core/vault/vault.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { rng } from '../../helpers/raw-db.js';
import { integrityOf } from '../../helpers/session-vault.js';
import { TEST_PASSWORD, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const CHILD = fileURLToPath(new URL('./rotation-child.mjs', import.meta.url));
const DEPLOYMENTS = ['GitHub Actions secret API_KEY in acme/api', 'Kubernetes secret api-key in prod'];

type ChildReport = {
  pid: number;
  integrityAtOpen: string | null;
  found: { id: string; phase: string; newKeyId: string | null } | null;
  steps: string[];
  final: {
    runId?: string;
    phase: string;
    newKeyId?: string | null;
    outage?: { startedAt: string; endedAt?: string } | null;
  } | null;
  error?: string;
};
/** `ranMs`: from the child's 'ready' (vault unlocked) to its exit. */
type ChildResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  report: ChildReport | null;
  stderr: string;
  killedByParent: boolean;
  ranMs: number;
};
type Progress = {
  pid: number;
  step: string;
  phase: string;
  newKeyId: string | null;
};

let dir: { dir: string; cleanup: () => void };
const sims: Partial<Record<PlatformId, SimulatorHandle>> = {};

beforeAll(async () => {
  dir = tempDir('keyward-crash-');
  sims.kognitos = await startSimulator('kognitos');
  sims.kai = await startSimulator('kai');
});
afterAll(async () => {
  await Promise.all(Object.values(sims).map((s) => s.close()));
  dir.cleanup();
});

type Case = {
  vault: string;
  progress: string;
  keyId: string;
  oldValue: string;
  newSecret: KeySecret;
  sim: SimulatorHandle;
  platform: 'kognitos' | 'kai';
};

let seq = 0;
/** A fresh vault holding one deployed key, and the replacement the "portal" showed. */
async function setUp(platform: 'kognitos' | 'kai'): Promise<Case> {
  const n = ++seq;
  const sim = sims[platform] as SimulatorHandle;
  const account = platform === 'kai' ? `inst-${n}` : `org-${n}`;
  const oldValue = sim.addKey({ account }).value;
  const vaultPath = join(dir.dir, `crash-${n}.db`);
  const vault = await createVault(vaultPath, TEST_PASSWORD, {
    clock: systemClock,
    kdf: KDF_TEST_COST,
  });
  const secret = platform === 'kai' ? { value: oldValue, instanceId: account } : { value: oldValue };
  const inv = createInventory(vault, systemClock);
  inv.add(sampleKey({ platform: 'knouds', name: 'Neighbour', account: 'user-1' }), {
    value: `knouds_live_neighbour_${n}_abcdefgh`,
  });
  const key = inv.add(
    sampleKey({
      platform,
      name: `API key ${n}`,
      account,
      baseUrl: sim.baseUrl,
      deployedTo: DEPLOYMENTS,
    }),
    secret,
  );
  vault.lock();
  // KAI: the portal's Regenerate kills the old key the moment it shows the new one.
  const newValue = platform === 'kai' ? sim.regenerateKey(account) : sim.addKey({ account }).value;
  return {
    vault: vaultPath,
    progress: join(dir.dir, `crash-${n}.progress`),
    keyId: key.id,
    oldValue,
    newSecret: platform === 'kai' ? { value: newValue, instanceId: account } : { value: newValue },
    sim,
    platform,
  };
}

function runChild(
  c: Case,
  opts: { killAfter?: string; killAtMs?: number; pauseMs?: number } = {},
): Promise<ChildResult> {
  const cfg = {
    vault: c.vault,
    password: TEST_PASSWORD,
    keyId: c.keyId,
    newSecret: c.newSecret,
    newKeyFacts: { expiresAt: '2027-06-30' },
    progress: c.progress,
    ...opts,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    let killedByParent = false;
    let timer: NodeJS.Timeout | undefined;
    let readyAt = performance.now();
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('message', (m: { type?: string }) => {
      if (m.type === 'ready') readyAt = performance.now();
      if (m.type === 'ready' && opts.killAtMs !== undefined) {
        timer = setTimeout(() => {
          killedByParent = child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
        }, opts.killAtMs);
      }
      if (m.type === 'revoke-old') {
        c.sim.revokeKey(c.oldValue); // the user revokes the old key in the portal (idempotent)
        if (child.connected) child.send({ type: 'revoked' }, () => {});
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let report: ChildReport | null = null;
      try {
        report = last ? (JSON.parse(last) as ChildReport) : null;
      } catch {
        report = null;
      }
      resolve({
        code,
        signal,
        report,
        stderr,
        killedByParent,
        ranMs: performance.now() - readyAt,
      });
    });
    child.stdin!.end(JSON.stringify(cfg));
  });
}

const progressOf = (c: Case): Progress[] =>
  existsSync(c.progress)
    ? readFileSync(c.progress, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Progress)
    : [];

/** The state every interrupted-then-resumed rotation must end in. */
async function expectFinished(c: Case, storedBeforeKill: string | null): Promise<void> {
  expect(integrityOf(c.vault)).toBe('ok');
  const vault = await unlockVault(c.vault, TEST_PASSWORD);
  try {
    const s = createSession(vault, {
      clock: systemClock,
      writeSchedule: false,
    });
    const keys = s.inventory.list().keys;
    const replacements = keys.filter((k) => k.extra['rotation.replaces'] === c.keyId);
    expect(replacements).toHaveLength(1); // never lost, never duplicated
    const fresh = replacements[0]!;
    if (storedBeforeKill) expect(fresh.id).toBe(storedBeforeKill);
    expect(s.inventory.secretFor(fresh.id)).toEqual(c.newSecret);
    expect(keys).toHaveLength(3); // neighbour, old, new
    expect(s.inventory.duplicateGroups()).toEqual([]);
    expect(fresh).toMatchObject({
      status: 'active',
      name: expect.stringMatching(/^API key \d+$/),
      deployedTo: DEPLOYMENTS,
      expiresAt: '2027-06-30',
    });
    const old = s.inventory.get(c.keyId);
    expect(old.status).toBe('revoked');
    expect(old.extra['rotation.replacedBy']).toBe(fresh.id);
    const runs = s.rotations.list(true).filter((r) => r.keyId === c.keyId);
    expect(runs).toHaveLength(1); // resumed, never restarted
    expect(runs[0]).toMatchObject({ phase: 'done', newKeyId: fresh.id });
    expect(runs[0]!.deployments.map((d) => d.state)).toEqual(['done', 'done']);
    if (c.platform === 'kai')
      expect(runs[0]!.outage).toEqual({
        startedAt: expect.any(String),
        endedAt: expect.any(String),
      });
    expect((await s.verifier.verify(fresh.id)).outcome.result).toBe('valid');
    expect((await s.verifier.verify(c.keyId)).outcome.result).toMatch(/^(revoked|invalid)$/);
  } finally {
    vault.lock();
  }
  expect(integrityOf(c.vault)).toBe('ok');
}

const STEPS: [label: string, savedPhase: string | null][] = [
  ['start', 'started'],
  ['storeNewKey', 'new-key-stored'],
  ['verifyNewKey', 'new-key-verified'],
  ['tickDeployment#1', 'new-key-verified'],
  ['tickDeployment#2', 'deployments-updated'],
  ['beginRevocation', 'old-revocation-pending'],
  ['confirmOldKeyDead', null], // done: nothing left to resume
];

describe('crash resume of a rotation', () => {
  it.each(STEPS)(
    'killed (SIGKILL) right after %s returns: a fresh process resumes at the saved phase and finishes',
    async (label, savedPhase) => {
      const c = await setUp('kognitos');
      const killed = await runChild(c, { killAfter: label });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(killed.report).toBeNull(); // it never got to report: it died mid-run
      const progress = progressOf(c);
      expect(progress.at(-1)?.step).toBe(label);
      const storedBeforeKill = progress.find((p) => p.newKeyId)?.newKeyId ?? null;

      const resumed = await runChild(c);
      expect(resumed.code, `${resumed.stderr}\n${resumed.report?.error ?? ''}`).toBe(0);
      const r = resumed.report!;
      expect(r.integrityAtOpen).toBe('ok');
      expect(r.found?.phase ?? null).toBe(savedPhase);
      if (savedPhase !== null) expect(r.final?.phase).toBe('done');
      if (storedBeforeKill && savedPhase !== null) {
        expect(r.found?.newKeyId).toBe(storedBeforeKill);
        expect(r.steps).not.toContain('storeNewKey'); // the key stored before the kill is reused, not re-added
      }
      await expectFinished(c, storedBeforeKill);
    },
  );

  it('survives being killed by its parent at random moments (Kognitos and KAI)', async () => {
    const seed = Number(process.env.KEYWARD_CRASH_SEED ?? Date.now() % 1_000_000);
    const random = rng(seed);
    // Calibrate: how long a run takes from "unlocked" to the end, with its random pauses.
    const calib = await setUp('kognitos');
    const full = await runChild(calib, { pauseMs: 30 });
    const duration = full.ranMs;
    expect(full.code, full.report?.error).toBe(0);
    await expectFinished(calib, progressOf(calib).find((p) => p.newKeyId)?.newKeyId ?? null);

    const hits: string[] = [];
    for (let i = 0; i < 8; i++) {
      const c = await setUp(i % 2 === 0 ? 'kognitos' : 'kai');
      const killAtMs = random.int(0, Math.ceil(duration * 0.8));
      const first = await runChild(c, { killAtMs, pauseMs: 30 });
      const progress = progressOf(c);
      const lastStep = progress.at(-1)?.step;
      const when = lastStep ? `after ${lastStep}` : 'before any step returned';
      // A kill sent while the child was already exiting reaches a finished process: that counts as finished first.
      const killed = first.killedByParent && first.signal !== null;
      hits.push(`${c.platform}@${killAtMs}ms: ${killed ? `killed ${when}` : 'finished first'}`);
      if (killed) expect(first.signal).toBe('SIGKILL');
      else expect(first.code, first.report?.error).toBe(0);
      const storedBeforeKill = progress.find((p) => p.newKeyId)?.newKeyId ?? null;
      const resumed = await runChild(c);
      expect(resumed.code, `seed ${seed}: ${resumed.stderr}\n${resumed.report?.error ?? ''}`).toBe(0);
      expect(resumed.report?.integrityAtOpen).toBe('ok');
      // A key stored by the killed process is found by the resumer even if the kill beat the progress line.
      if (resumed.report?.found?.newKeyId && !storedBeforeKill)
        expect(['new-key-stored', 'new-key-verified', 'deployments-updated', 'old-revocation-pending']).toContain(
          resumed.report.found.phase,
        );
      await expectFinished(c, storedBeforeKill ?? resumed.report?.found?.newKeyId ?? null);
    }
    console.info(`crash-resume random kills (seed ${seed}, run ≈ ${Math.round(duration)} ms):\n  ${hits.join('\n  ')}`);
    expect(hits.some((h) => h.includes('killed'))).toBe(true);
  });
});
