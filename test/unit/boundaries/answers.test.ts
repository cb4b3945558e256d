// Every answer crossing the host boundary is checked against its output schema (the dispatch
// does so in a test run), and no output schema lets a secret field through where the call
// promises none: a real host over a real vault answers each call, then a canary secret put
// into every object of that answer (as a `secret` field) must be refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLS, type Call, type Envelope } from '../../../src-main/contract/channels.js';
import { CALL_OUTPUTS } from '../../../src-main/contract/outputs.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { checkOutput, checksOutputs, createDispatch } from '../../../src-main/core/app/dispatch.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { createHost } from '../../../src-main/host/host.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { newCanary } from '../../helpers/canary.js';
import { TEST_PASSWORD, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const CANARY = newCanary();
const IMPORTED_CANARY = newCanary('kai_CANARY');
/** The one call whose answer is a secret. */
const CARRIES_A_SECRET: Call[] = ['keys.reveal'];
/**
 * Calls this walk does not reach, each for its reason; the e2e suites check their answers
 * (the dispatch checks every answer under NODE_ENV=test).
 */
const NOT_REACHED: Partial<Record<Call, string>> = {
  'rotations.reverifyNewKey': 'only after the new key failed to verify once the old one died',
  'rotations.markOutageStarted': 'a KAI replace-at-once run only',
  'team.sync': 'needs a team folder and a signing identity chosen in a folder dialog',
  'host.importChecklist': "needs a teammate's signed file",
  'host.trustChecklistSigner': "needs a teammate's signed file",
  'host.chooseTeamFolder': 'covered by the checklists e2e spec',
  'host.scanFolder':
    'needs a folder dialog: test/integration/scan/app-scan.test.ts checks its answers for the canaries',
  'scan.status': 'a scan runs in the background: covered by test/integration/scan/app-scan.test.ts',
  'scan.cancel': 'covered by test/integration/scan/app-scan.test.ts',
  'scan.findings': 'covered by test/integration/scan/app-scan.test.ts',
  'scan.importUnknown': 'needs a finished scan: covered by test/integration/scan/app-scan.test.ts',
};

const answers = new Map<Call, unknown>();
/** Secrets of the simulator's keys, which no answer but keys.reveal may hold either. */
const simSecrets: string[] = [];
let knouds: SimulatorHandle;
const tmp = tempDir('keyward-answers-');
const dialogAnswers: (string | null)[] = [];
let importFile: string | null = null;
let inventoryFile: string | null = null;

const host = createHost({
  core: createCore({
    clock: fixedClock('2026-11-25T09:00:00Z'),
    vaultPath: join(tmp.dir, 'vault.db'),
    kdf: KDF_TEST_COST,
  }),
  clipboard: { writeSecret: async () => {}, readText: async () => '', clear: () => {} },
  preferences: {
    load: () => ({ theme: 'system', autoLockMinutes: 5, clipboardSeconds: 30, cliAgent: false }),
    save: () => {},
  },
  timers: { setTimeout: () => null, clearTimeout: () => {}, sleep: async () => {} },
  dialogs: {
    saveFile: async () => dialogAnswers.shift() ?? null,
    openFile: async ({ kind }) => (kind === 'import' ? importFile : kind === 'inventory' ? inventoryFile : null),
    openFolder: async () => null,
  },
});

async function call<T>(c: Call, input: unknown = {}): Promise<T> {
  const reply = (await host.dispatch(c, input)) as Envelope<T>;
  if (!reply.ok) throw new Error(`${c}: ${reply.error.code} ${reply.error.message}`);
  answers.set(c, reply.value);
  return reply.value;
}

/** Every path in `value` at which an object stands (the answer itself included). */
function objectPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const children = Array.isArray(value)
    ? value.flatMap((v, i) => objectPaths(v, [...at, i]))
    : Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...at, k]));
  return Array.isArray(value) ? children : [at, ...children];
}

/** A copy of `value` with the canary secret added as a field of the object at `path`. */
function withSecretAt(value: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path) node = node[step] as Record<string | number, unknown>;
  node.secret = { value: CANARY, instanceId: 'i-canary' };
  return copy;
}

/** A Knouds key created, verified and rotated to the end against the platform simulator. */
async function rotateOnSimulator(): Promise<void> {
  const secret = () => {
    const value = knouds.addKey({ account: 'acct-1' }).value;
    simSecrets.push(value);
    return { value };
  };
  const fields = sampleKey({ account: 'acct-1', baseUrl: knouds.baseUrl, deployedTo: ['CI'] });
  const created = await call<{ key: { id: string } }>('keys.create', { fields, secret: secret(), expiresInDays: 90 });
  await call('keys.verify', { id: created.key.id });
  const { run } = await call<{ run: { id: string } }>('rotations.start', { keyId: created.key.id, kind: 'rotate' });
  await call('rotations.storeNewKey', { runId: run.id, secret: secret(), expiresInDays: 90 });
  await call('rotations.verifyNewKey', { runId: run.id });
  await call('rotations.tickDeployment', { runId: run.id, place: 'CI', state: 'done' });
  await call('rotations.beginRevocation', { runId: run.id });
  knouds.revokeKey(simSecrets[0]!);
  await call('rotations.confirmOldKeyDead', { runId: run.id });
}

beforeAll(async () => {
  knouds = await startSimulator('knouds');
  await call('vault.status');
  await call('vault.create', { password: TEST_PASSWORD });
  const key = await call<{ id: string }>('keys.add', {
    fields: sampleKey({ platform: 'custom', expiresAt: '2026-12-01', deployedTo: ['CI secret DEPLOY_KEY'] }),
    secret: { value: CANARY },
  });
  await call('keys.get', { id: key.id });
  await call('keys.edit', { id: key.id, patch: { tags: ['ci', 'answers'] } });
  await call('keys.checkNew', { fields: { platform: 'custom', expiresAt: '2020-01-01' }, secret: { value: CANARY } });
  await call('keys.bulkEdit', { ids: [key.id], change: { owner: 'ops@example.com', addTags: ['bulk'] } });
  await call('keys.list');
  const { alerts } = await call<{ alerts: { id: string }[] }>('alerts.list');
  expect(alerts.length).toBeGreaterThan(0);
  await call('alerts.snooze', { alertId: alerts[0]!.id, until: '2026-11-30' });
  await call('alerts.acknowledge', { alertId: alerts[0]!.id });
  // The only alert that made the key due soon is acknowledged: it counts no more.
  expect(await call('alerts.attention')).toMatchObject({ needsAction: 0 });
  await call('alerts.bulk', { ids: [key.id], of: 'keys', op: 'snooze', days: 3 });
  await call('alerts.settings');
  await call('alerts.saveSettings', { expiryThresholdsDays: [30, 7], unusedDays: 90 });
  await call('platforms.saveAccounts', { accounts: [{ platform: 'kai', account: 'acme-instance' }] });
  await call('platforms.accounts');
  await call('keys.createPlan', { platform: 'kai', account: 'acme-instance' });
  await call('rotations.plan', { keyId: key.id, kind: 'rotate' });
  const started = await call<{ run: { id: string } }>('rotations.start', { keyId: key.id, kind: 'rotate' });
  await call('rotations.open', { keyId: key.id });
  await call('rotations.cancel', { runId: started.run.id });
  await rotateOnSimulator();
  await call('checklists.templates');
  await call('team.status'); // no name yet: nulls
  await call('team.setName', { name: 'Ana Lima' });
  const run = await call<{ id: string; steps: { id: string }[] }>('checklists.start', { keyId: key.id });
  await call('checklists.tick', { runId: run.id, stepId: run.steps[0]!.id, state: 'done' });
  await call('checklists.get', { runId: run.id });
  await call('checklists.list');
  await call('team.status');
  dialogAnswers.push(join(tmp.dir, 'run.json'));
  await call('host.exportChecklist', { runId: run.id });
  await call('host.copySecret', { id: key.id });
  await call('host.preferences');
  await call('host.setPreferences', { clipboardSeconds: 20 });
  await call('host.cliAgent');
  await call('host.setCliAgent', { on: false });
  importFile = join(tmp.dir, 'keys.env');
  writeFileSync(importFile, `KAI_API_KEY=${IMPORTED_CANARY}\nKAI_INSTANCE_ID=acme-instance\n`);
  const staged = await call<{ fileId: string }>('host.pickImportFile');
  const preview = await call<{ id: string }>('import.preview', { fileId: staged.fileId });
  await call('import.revise', { previewId: preview.id, corrections: [{ index: 0, platform: 'kai' }] });
  await call('import.commit', { previewId: preview.id });
  await call('import.progress');
  inventoryFile = join(tmp.dir, 'inventory.json');
  dialogAnswers.push(inventoryFile);
  await call('host.exportInventory', { format: 'json', password: TEST_PASSWORD });
  await call('host.openInventory');
  dialogAnswers.push(join(tmp.dir, 'vault.keyward-backup'));
  await call('host.backupVault', { password: TEST_PASSWORD });
  await call('keys.reveal', { id: key.id });
  await call('keys.remove', { id: key.id });
  await call('vault.lock');
  await call('vault.changePassword', { oldPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD} 2` });
  await call('vault.unlock', { password: `${TEST_PASSWORD} 2` });
});
afterAll(async () => {
  await host.lock();
  await knouds.close();
  tmp.cleanup();
});

describe('answers at the boundary', () => {
  it('are checked in a test run', () => {
    expect(checksOutputs()).toBe(true);
    expect(checksOutputs({ NODE_ENV: 'production' })).toBe(false);
  });

  it('has an output schema for every call and no other', () => {
    expect(Object.keys(CALL_OUTPUTS).sort()).toEqual(Object.keys(CALLS).sort());
  });

  it('reaches every call but those it names', () => {
    const missed = (Object.keys(CALLS) as Call[]).filter((c) => !answers.has(c) && !(c in NOT_REACHED));
    expect(missed).toEqual([]);
  });

  const promiseNoSecret = (Object.keys(CALLS) as Call[]).filter(
    (c) => !CARRIES_A_SECRET.includes(c) && !(c in NOT_REACHED),
  );
  it.each(promiseNoSecret)('%s answers no secret, and its schema refuses one in any object', (c) => {
    const answer = answers.get(c);
    const text = JSON.stringify(answer) ?? 'null';
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(IMPORTED_CANARY);
    for (const value of simSecrets) expect(text).not.toContain(value);
    expect(() => checkOutput(c, answer)).not.toThrow();
    const paths = objectPaths(answer);
    if (answer !== null) expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      let refusal = '';
      try {
        checkOutput(c, withSecretAt(answer, path));
      } catch (e) {
        refusal = (e as Error).message;
      }
      expect(refusal, `a secret at ${path.join('.') || '(top)'} of ${c}`).toMatch(/does not match the contract/);
      expect(refusal).not.toContain(CANARY);
    }
  });

  it('keys.reveal answers the secret, and only its fields', () => {
    expect(answers.get('keys.reveal')).toEqual({ value: CANARY });
    expect(() => checkOutput('keys.reveal', { value: CANARY, meta: { name: 'x' } })).toThrow(/Unrecognized key/);
  });

  it('the dispatch refuses an answer its schema refuses, naming no value', async () => {
    const leaky = createDispatch(
      { 'keys.remove': () => ({ removed: 'k1', secret: { value: CANARY } }) as never },
      { checkOutputs: true },
    );
    const reply = await leaky('keys.remove', { id: 'k1' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain(CANARY);
    expect(JSON.stringify(reply)).toContain('keys.remove');
  });
});
