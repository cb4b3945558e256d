// One handler per core channel, joined into one typed map. Handlers receive inputs
// that dispatch has already validated against the contract.
import type { Channel } from '../../contract/channels.js';
import type { KeyRow } from '../../contract/keys.js';
import type { KeyRecord, PlatformId, Verification } from '../inventory/key.types.js';
import { statusTruth } from '../alerts/key-state.js';
import { AppError } from '../errors.js';
import { PLATFORM_IDS } from '../inventory/key.types.js';
import { pastedSecretFor } from '../inventory/pasted-secret.js';
import { checkNewKey, refuseTooShort } from '../inventory/new-key-checks.js';
import { dayResolver, formatDay } from '../alerts/calendar-date.js';
import { createKey, planCreate } from '../lifecycle/create-key.js';
import { expiryFromDays, requireExpiry } from '../lifecycle/expiry.js';
import type { RotationRun } from '../lifecycle/rotation.types.js';
import { planRun } from '../lifecycle/run-plan.js';
import { readFindings } from '../scan/findings.js';
import { listPlatformAccounts, savePlatformAccounts } from '../settings/platform-accounts.js';
import type { VerifyOutcome } from '../platforms/verify.service.js';
import { isImportFormat } from '../transfer/import/formats.js';
import { MAPPABLE_FIELDS, type ColumnMapping } from '../transfer/import/import.types.js';
import type { Core } from './create-core.js';
import { checklistHandlers } from './checklist-handlers.js';
import type { HandlerMap } from './dispatch.js';
import type { Handlers } from './handler.types.js';

const today = (core: Core): string => formatDay(dayResolver().dayOf(core.session().clock.now().getTime()));

const view = (core: Core, run: RotationRun) => {
  const r = core.session().rotations;
  return { run, next: r.nextStep(run), steps: r.steps(run), cancelRefusal: r.cancelRefusal(run) };
};
const verification = ({ at, result, message, identity }: VerifyOutcome): Verification => ({
  at,
  result,
  message,
  ...(identity ? { identity } : {}),
});
/** Each key with its attention and truthful status, from one computation over the whole vault. */
const keyRows = (core: Core) => {
  const s = core.session();
  const { byKey } = s.alerts.attention();
  const now = s.clock.now();
  return (key: KeyRecord): KeyRow => {
    const attention = byKey.get(key.id) ?? { state: 'fine', reasons: [], action: 'none' };
    return { ...key, attention, statusTruth: statusTruth(key, attention, now) };
  };
};
const platformId = (p: string): PlatformId => {
  if (!(PLATFORM_IDS as readonly string[]).includes(p))
    throw new AppError('BAD_INPUT', `Unknown platform "${p.slice(0, 50)}".`, { subject: 'platform' });
  return p as PlatformId;
};
/** The preview's corrections with their platforms checked. */
const importCorrections = (
  corrections: {
    index: number;
    platform?: string | undefined;
    include?: boolean | undefined;
    name?: string | undefined;
    environment?: string | undefined;
  }[],
) =>
  corrections.map(({ platform, ...c }) => ({
    ...c,
    ...(platform !== undefined ? { platform: platformId(platform) } : {}),
  }));
const importFormat = (f: string | undefined) => {
  if (f === undefined) return undefined;
  if (!isImportFormat(f))
    throw new AppError('BAD_INPUT', `Unknown import format "${f.slice(0, 40)}".`, { subject: 'format' });
  return f;
};
const columnMapping = (m: Record<string, string> | undefined): ColumnMapping | undefined => {
  const bad = Object.values(m ?? {}).find((f) => !(MAPPABLE_FIELDS as readonly string[]).includes(f));
  if (bad !== undefined)
    throw new AppError('BAD_INPUT', `Unknown field "${bad.slice(0, 40)}" in the column mapping.`, {
      subject: 'mapping',
    });
  return m as ColumnMapping | undefined;
};

export const handlers: Handlers = {
  ...checklistHandlers,
  'vault.status': (core) => core.status(),
  'vault.create': (core, { password }) => core.create(password),
  'vault.unlock': (core, { password }) => core.unlock(password),
  'vault.lock': (core) => core.lock(),
  'vault.changePassword': (core, i) => core.changePassword(i.oldPassword, i.newPassword, i.rotateVaultKey === true),
  'keys.list': (core, f) => {
    const { status, ...rest } = f;
    const listing = core.inventory().list({ ...rest, platform: f.platform as PlatformId | undefined });
    const rows = listing.keys.map(keyRows(core));
    // The status filter is the status the badge shows (an active key past its expiry is expired).
    const shown = status === 'revocation-pending' ? 'revoking' : status;
    return { ...listing, keys: shown ? rows.filter((k) => k.statusTruth === shown) : rows };
  },
  'keys.get': (core, { id }) => keyRows(core)(core.inventory().get(id)),
  'keys.checkNew': (core, { fields, secret }) => ({
    issues: checkNewKey(core.inventory(), fields, secret, today(core)),
  }),
  // What keys.checkNew refuses is refused here too (a foreign prefix, an invisible character, a fragment);
  // its warnings are the user's to accept, in the dialog, before this call.
  'keys.add': (core, { fields, secret }) =>
    core.inventory().add(fields, refuseTooShort(fields.platform, pastedSecretFor(fields.platform, secret))),
  'keys.bulkEdit': (core, { ids, change }) => ({ keys: core.inventory().bulkEdit(ids, change) }),
  'keys.edit': (core, { id, patch, secret }) => core.inventory().edit(id, patch, secret),
  'keys.remove': (core, { id }) => {
    core.inventory().remove(id);
    return { removed: id };
  },
  'keys.reveal': (core, { id }) => core.inventory().reveal(id, 'revealed'),
  'alerts.list': (core) => ({ alerts: core.session().alerts.list() }),
  'alerts.snooze': (core, { alertId, until }) => core.session().alerts.snooze(alertId, until),
  'alerts.acknowledge': (core, { alertId }) => core.session().alerts.acknowledge(alertId),
  'alerts.attention': (core) => core.session().alerts.summary(),
  'alerts.bulk': (core, { ids, of, op, days }) => {
    if (op !== 'snooze' && days !== undefined)
      throw new AppError('BAD_INPUT', 'Only a snooze takes a number of days.', { subject: 'days' });
    return core.session().alerts.bulk({ ids, of, op, ...(days !== undefined ? { days } : {}) });
  },
  'alerts.settings': (core) => core.session().alerts.settings(),
  'alerts.saveSettings': (core, patch) => {
    const alerts = core.session().alerts;
    return alerts.saveSettings({ ...alerts.settings(), ...patch });
  },
  'keys.verify': async (core, { id }) => verification((await core.session().verifier.verify(id)).outcome),
  'keys.createPlan': (core, { platform, account, tier }) =>
    planCreate(core.session(), platformId(platform), account ?? '', tier),
  'keys.create': async (core, { fields, secret, expiresInDays }) => {
    const s = core.session();
    const { record, report, warnings } = await createKey(s, { fields, secret, expiresInDays }, s.clock.now());
    return { key: record, verification: report ? verification(report.outcome) : null, warnings };
  },
  'platforms.accounts': (core) => ({ accounts: listPlatformAccounts(core.session().settings) }),
  'platforms.saveAccounts': (core, { accounts }) => ({
    accounts: savePlatformAccounts(core.session().settings, accounts),
  }),
  'rotations.plan': (core, { keyId, kind }) => planRun(core.session(), keyId, kind),
  'rotations.start': (core, { keyId, kind, confirmName, sequence }) =>
    view(
      core,
      core.session().rotations.start(keyId, kind, {
        ...(confirmName !== undefined ? { confirmName } : {}),
        ...(sequence !== undefined ? { sequence } : {}),
      }),
    ),
  'rotations.open': (core, { keyId }) => {
    const run = core.session().rotations.openFor(keyId);
    return run ? view(core, run) : null;
  },
  'rotations.storeNewKey': (core, { runId, secret, expiresAt, expiresInDays }) => {
    const s = core.session();
    const { platform } = s.inventory.get(s.rotations.get(runId).keyId);
    const expiry = expiresInDays !== undefined ? expiryFromDays(platform, expiresInDays, s.clock.now()) : expiresAt;
    // As for create: a platform that requires an expiry reports none, so the portal choice must be given.
    requireExpiry(
      platform,
      expiry,
      () => 'choose the expiry you picked in the portal. Nothing was changed.',
      'expiresInDays',
    );
    return view(core, s.rotations.storeNewKey(runId, secret, expiry === undefined ? {} : { expiresAt: expiry }).run);
  },
  'rotations.verifyNewKey': async (core, { runId }) => {
    const { run, report } = await core.session().rotations.verifyNewKey(runId);
    return { ...view(core, run), verification: verification(report.outcome) };
  },
  'rotations.tickDeployment': (core, { runId, place, state }) =>
    view(core, core.session().rotations.tickDeployment(runId, place, state)),
  'rotations.beginRevocation': (core, { runId }) => view(core, core.session().rotations.beginRevocation(runId)),
  'rotations.confirmOldKeyDead': async (core, { runId }) => {
    const { run, report, confirmed, newKeyReport } = await core.session().rotations.confirmOldKeyDead(runId);
    return {
      ...view(core, run),
      verification: verification(report.outcome),
      confirmed,
      newKeyVerification: newKeyReport ? verification(newKeyReport.outcome) : null,
    };
  },
  'rotations.reverifyNewKey': async (core, { runId }) => {
    const { run, report } = await core.session().rotations.reverifyNewKey(runId);
    return { ...view(core, run), verification: verification(report.outcome) };
  },
  'rotations.cancel': (core, { runId }) => view(core, core.session().rotations.cancel(runId, 'cancelled by the user')),
  'rotations.markOutageStarted': (core, { runId }) => view(core, core.session().rotations.markOutageStarted(runId)),
  'import.preview': (core, { fileId, format, mapping, defaultPlatform }) => {
    const f = importFormat(format);
    const m = columnMapping(mapping);
    return core.session().imports.previewStaged(fileId, {
      ...(f ? { format: f } : {}),
      ...(m ? { mapping: m } : {}),
      defaults: defaultPlatform ? { platform: platformId(defaultPlatform) } : {},
    });
  },
  'import.commit': (core, { previewId, includeDuplicates, leaveOutInvalid, corrections }) =>
    core.session().imports.commit(previewId, {
      ...(includeDuplicates !== undefined ? { includeDuplicates } : {}),
      ...(leaveOutInvalid !== undefined ? { leaveOutInvalid } : {}),
      corrections: importCorrections(corrections ?? []),
    }),
  'import.revise': (core, { previewId, corrections }) => ({
    items: core.session().imports.reviseRows(previewId, importCorrections(corrections)),
  }),
  'import.progress': (core) => core.session().imports.progress(),
  'scan.status': (core) => core.session().scans.status(),
  'scan.cancel': (core) => core.session().scans.cancel(),
  'scan.findings': (core, { keyId }) => {
    const s = core.session();
    const key = s.inventory.get(keyId);
    return { findings: readFindings(s.settings).filter((f) => f.keyId === key.id) };
  },
  'scan.importUnknown': (core, { items }) => core.session().scans.importUnknown(items),
};

/** The core's handler map for one core: what a host joins with its own calls into one dispatch. */
export function coreHandlers(core: Core): HandlerMap<Channel> {
  const bound: Partial<Record<Channel, unknown>> = {};
  for (const channel of Object.keys(handlers) as Channel[]) {
    const handler = handlers[channel] as (core: Core, input: unknown) => unknown;
    bound[channel] = (input: unknown) => handler(core, input);
  }
  return bound as HandlerMap<Channel>;
}
