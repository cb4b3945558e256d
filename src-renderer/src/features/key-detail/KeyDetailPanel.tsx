// The detail of one key beside the table: every field edited in place, the secret
// (reveal, copy), its alerts, deployments, last verification and history.
import { plural, verifyLabel } from '../../api/messages';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { messageOf, nextStep } from '../../api/client';

import { Expiry, TruthBadge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { formatDate, formatDateTime, relativeDay } from '../../lib/dates';
import { pastExpiryIssues } from '../../lib/expiry';
import { useLayer } from '../../lib/focus';
import { PORTAL_URL, STATUSES, STATUS_LABEL } from '../../lib/platforms';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys, type KeyFields } from '../../stores/keys.store';
import { useUi } from '../../stores/ui.store';
import type { KeyStatus } from '../../../../src-main/contract/keys';
import type { AttentionAction } from '../../lib/attention';
import type { RunView } from '../../../../src-main/contract/outputs';
import { call } from '../../api/client';
import { KeyChecklistBanner, StartChecklistButton } from '../checklists/KeyChecklist';
import { LifecycleWizard } from '../lifecycle/LifecycleWizard';
import { Deployments } from './Deployments';
import { EditableField } from './EditableField';
import { History } from './History';
import { DetailHeader } from './DetailHeader';
import { KeyAttention } from './KeyAttention';
import { PlaintextFindings } from './PlaintextFindings';
import { lastUseShown } from './last-use';
import { SecretField } from './SecretField';

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

export function KeyDetailPanel({ id }: { id: string }) {
  const record = useKeys((s) => s.keys.find((k) => k.id === id));
  const edit = useKeys((s) => s.edit);
  const remove = useKeys((s) => s.remove);
  const open = useKeys((s) => s.open);
  const loadAlerts = useAlerts((s) => s.load);
  const bulk = useAlerts((s) => s.bulkKeys);
  const isExpiryRequested = useKeys((s) => s.editingExpiryOf === id);
  const editExpiry = useKeys((s) => s.editExpiry);
  const notify = useUi((s) => s.notify);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const [wizard, setWizard] = useState<'rotate' | 'revoke' | null>(null);
  const [openRun, setOpenRun] = useState<RunView | null>(null);
  const [isVerifying, setVerifying] = useState(false);
  const reload = useKeys((s) => s.reload);
  const clearExpiryRequest = useCallback(() => editExpiry(null), [editExpiry]);

  // A rotation or revocation left open resumes from here.
  useEffect(() => {
    if (wizard) return;
    let isCurrent = true;
    call('rotations.open', { keyId: id }).then(
      (v) => isCurrent && setOpenRun(v),
      () => isCurrent && setOpenRun(null),
    );
    return () => {
      isCurrent = false;
    };
  }, [id, wizard]);

  // Esc closes the panel when it is the topmost layer (a wizard or dialog over it closes first); focus then goes back
  // to the table, on this key's row.
  const panel = useRef<HTMLElement>(null);
  // In a narrow window (200 %) the panel is a layer over the whole inventory (app.css): focus moves into it, and
  // what it covers is inert, so Tab cannot land on hidden rows and sort buttons. Declared before useLayer so the
  // covered content is focusable again before focus goes back to the table.
  const isShown = record !== undefined;
  useLayoutEffect(() => {
    const el = panel.current;
    if (!el) return;
    const covered = () =>
      Array.from(el.parentElement?.children ?? []).filter(
        (c): c is HTMLElement => c !== el && c instanceof HTMLElement && !(c instanceof HTMLDialogElement),
      );
    const apply = () => {
      const isLayer = getComputedStyle(el).position === 'fixed';
      for (const c of covered()) c.inert = isLayer;
      return isLayer;
    };
    if (apply() && !el.contains(document.activeElement)) el.focus();
    window.addEventListener('resize', apply);
    return () => {
      window.removeEventListener('resize', apply);
      for (const c of covered()) c.inert = false;
    };
  }, [isShown]);
  useLayer(
    panel,
    () => open(null),
    () => document.querySelector<HTMLElement>('[data-testid="key-table"]'),
  );

  if (!record) return null;
  const save = async (patch: KeyFields) => {
    await edit(record.id, patch);
    void loadAlerts().catch(() => undefined);
  };
  const portal = PORTAL_URL[record.platform];

  async function verify() {
    setVerifying(true);
    try {
      const v = await call('keys.verify', { id: record?.id ?? '' });
      await reload(record?.id ?? '');
      void loadAlerts().catch(() => undefined);
      notify({
        tone: v.result === 'valid' ? 'success' : 'error',
        title: `Verification: ${verifyLabel(v.result)}`,
        detail: v.message,
      });
    } catch (e) {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    } finally {
      setVerifying(false);
    }
  }

  /** The next action of the key's state: the wizard, the check, the field or the snooze it names. */
  function act(action: AttentionAction) {
    switch (action) {
      case 'rotate':
      case 'revoke':
        return setWizard(action);
      case 'verify':
        return void verify();
      case 'record-expiry':
        return editExpiry(id);
      case 'snooze': {
        return void bulk([id], 'snooze', 7).then(
          () => notify({ tone: 'success', title: 'Snoozed for 7 days' }),
          (e: unknown) => notify({ tone: 'error', title: messageOf(e) }),
        );
      }
      case 'none':
        return undefined;
    }
  }

  async function confirmDelete() {
    try {
      await remove(record?.id ?? '');
      notify({
        tone: 'success',
        title: 'Key deleted from the vault',
        detail: 'It still works on its platform until you revoke it there.',
      });
    } catch (e) {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    }
  }

  return (
    <aside ref={panel} className="detail" aria-label={`Key ${record.name}`} data-testid="key-detail" tabIndex={-1}>
      <DetailHeader record={record} onClose={() => open(null)} />
      <div className="detail-scroll">
        <dl className="name-prop">
          <EditableField
            label="Name"
            value={record.name}
            onSave={(v) => save({ name: v })}
            display={<span className="detail-name">{record.name}</span>}
          />
        </dl>
        <SecretField key={record.id} id={record.id} hint={record.hint} />
        {openRun ? (
          <div className="run-banner" role="status">
            <Icon name="history" size={16} />
            <span>A {openRun.run.kind === 'rotate' ? 'rotation' : 'revocation'} of this key is in progress.</span>
            <button type="button" className="button small primary" onClick={() => setWizard(openRun.run.kind)}>
              Resume
            </button>
          </div>
        ) : record.status !== 'revoked' ? (
          <div className="lifecycle-actions">
            <button type="button" className="button small" onClick={() => setWizard('rotate')}>
              Rotate…
            </button>
            <button type="button" className="button small" onClick={() => setWizard('revoke')}>
              Revoke…
            </button>
            <StartChecklistButton keyId={record.id} />
          </div>
        ) : null}
        <KeyChecklistBanner keyId={record.id} />

        <KeyAttention attention={record.attention} onAct={act} />
        <PlaintextFindings keyId={record.id} />

        <section className="detail-section">
          <h3>Details</h3>
          <dl className="props">
            <EditableField label="Account" value={record.account} onSave={(v) => save({ account: v })} />
            <EditableField label="Owner" value={record.owner} onSave={(v) => save({ owner: v })} />
            <EditableField label="Environment" value={record.environment} onSave={(v) => save({ environment: v })} />
            <EditableField label="Purpose" value={record.purpose} onSave={(v) => save({ purpose: v })} />
            <EditableField
              label="Expires"
              kind="date"
              value={record.expiresAt ?? ''}
              placeholder="No expiry"
              display={
                <>
                  <Expiry date={record.expiresAt} status={record.status} />{' '}
                  <span className="faint">· {formatDate(record.expiresAt)}</span>
                </>
              }
              onSave={(v) => save({ expiresAt: orNull(v) })}
              warn={(v) => pastExpiryIssues(orNull(v), 'edit')[0]?.message ?? null}
              isEditRequested={isExpiryRequested}
              onEditOpened={clearExpiryRequest}
            />
            <EditableField
              label="Last used"
              kind="date"
              value={record.lastUsedAt ?? ''}
              placeholder="Never"
              display={lastUseText(record)}
              onSave={(v) => save({ lastUsedAt: orNull(v) })}
            />
            <EditableField
              label="Created"
              kind="date"
              value={record.createdAt ?? ''}
              display={formatDate(record.createdAt)}
              onSave={(v) => save({ createdAt: orNull(v) })}
            />
            <EditableField
              label="Rotate every"
              kind="number"
              value={record.rotateEveryDays?.toString() ?? ''}
              placeholder="No policy"
              display={record.rotateEveryDays === null ? 'No policy' : plural(record.rotateEveryDays, 'day')}
              onSave={(v) => save({ rotateEveryDays: v.trim() ? Number(v) : null })}
            />
            <EditableField
              label="Status"
              kind="select"
              value={record.status}
              options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
              display={<TruthBadge truth={record.statusTruth} />}
              onSave={(v) => save({ status: v as KeyStatus /* the select offers STATUSES only */ })}
            />
            <EditableField
              label="Tags"
              kind="list"
              value={record.tags.join(', ')}
              placeholder="No tags"
              display={
                <span className="chips">
                  {record.tags.map((t) => (
                    <span key={t} className="chip">
                      {t}
                    </span>
                  ))}
                </span>
              }
              onSave={(v) => save({ tags: splitList(v) })}
            />
            <EditableField
              label="Scopes"
              kind="list"
              value={record.scopes.join(', ')}
              placeholder="Not recorded"
              display={
                <span className="chips">
                  {record.scopes.map((t) => (
                    <code key={t} className="chip mono">
                      {t}
                    </code>
                  ))}
                </span>
              }
              onSave={(v) => save({ scopes: splitList(v) })}
            />
            <EditableField
              label="Notes"
              kind="textarea"
              value={record.notes}
              placeholder="No notes"
              onSave={(v) => save({ notes: v })}
            />
          </dl>
        </section>

        <section className="detail-section">
          <h3>Deployed to</h3>
          <Deployments record={record} save={save} />
        </section>

        <section className="detail-section">
          <h3>Verification</h3>
          {record.lastVerification ? (
            <p className={`verification verify-${record.lastVerification.result}`}>
              <strong>{verifyLabel(record.lastVerification.result)}</strong> · {record.lastVerification.message}{' '}
              <span className="faint">({formatDateTime(record.lastVerification.at)})</span>
            </p>
          ) : (
            <p className="muted small">
              Not verified against {record.platform === 'custom' ? 'its platform' : 'the platform'} yet.
            </p>
          )}
          {record.platform !== 'custom' ? (
            <button
              type="button"
              className="button small verify-button"
              disabled={isVerifying}
              onClick={() => void verify()}
            >
              <Icon name="shield" /> {isVerifying ? 'Verifying…' : 'Verify now'}
            </button>
          ) : null}
        </section>

        <section className="detail-section">
          <h3>History</h3>
          <History entries={record.history} />
        </section>

        <footer className="detail-footer">
          {portal ? (
            <a className="button ghost small" href={portal} target="_blank" rel="noreferrer noopener">
              <Icon name="external" /> Open the platform portal
            </a>
          ) : null}
          <button type="button" className="button danger ghost small" onClick={() => setConfirmingDelete(true)}>
            <Icon name="trash" /> Delete from vault
          </button>
        </footer>
      </div>
      {wizard ? (
        <LifecycleWizard
          keyId={record.id}
          kind={wizard}
          onClose={() => setWizard(null)}
          returnFocus={() =>
            panel.current?.querySelector<HTMLElement>('.run-banner button, .lifecycle-actions button') ?? panel.current
          }
        />
      ) : null}
      {isConfirmingDelete ? (
        <Dialog
          title="Delete this key from the vault?"
          onClose={() => setConfirmingDelete(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirmingDelete(false)}>
                Cancel
              </button>
              <button type="button" className="button danger" onClick={() => void confirmDelete()}>
                Delete
              </button>
            </>
          }
        >
          <p>
            “{record.name}” and its history are removed from this vault. The key itself keeps working on its platform
            until it is revoked there.
          </p>
        </Dialog>
      ) : null}
    </aside>
  );
}

/** The platform's (or the user's) last-used day, or Keyward's own later use, said as such. */
function lastUseText(record: Parameters<typeof lastUseShown>[0]): string {
  const { day, isLocal } = lastUseShown(record);
  return isLocal ? `${relativeDay(day)} (by Keyward)` : relativeDay(day);
}
