// The alerts screen: the keys that need action, one row per key with its reasons, filtered,
// selectable for bulk snooze and acknowledge, each row's action opening its wizard; housekeeping
// in a weekly digest below; then the next 90 days and how the keys spread.
import { SnoozeControl } from './SnoozeControl';
import { useEffect, useMemo, useState } from 'react';
import type { KeyRow } from '../../../../src-main/contract/keys';
import { messageOf } from '../../api/client';
import { plural } from '../../api/messages';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PLATFORM_LABEL } from '../../lib/platforms';
import { STATUS_TRUTH_LABEL, type AttentionAction } from '../../lib/attention';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { useSession } from '../../stores/session.store';
import { useUi } from '../../stores/ui.store';
import { BulkVerifyDialog } from '../inventory/BulkVerifyDialog';
import { LifecycleWizard } from '../lifecycle/LifecycleWizard';
import { AttentionFilterBar } from './AttentionFilterBar';
import { AttentionList } from './AttentionList';
import { NO_ATTENTION_FILTERS, attentionRows, isFiltered, reasonKinds, type AttentionFilters } from './attention-query';
import { ExpiryTimeline } from './ExpiryTimeline';
import { StateCards } from './StateCards';
import { countBy, upcoming } from './timeline';

function Bars({ rows, label }: { rows: [string, number][]; label: (k: string) => string }) {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  return (
    <ul className="hbars">
      {rows.map(([k, n]) => (
        <li key={k}>
          <span className="hbar-label">{label(k)}</span>
          <span className="hbar-track">
            <span className={`hbar-fill fill-${k}`} style={{ width: `${(n / max) * 100}%` }} />
          </span>
          <span className="hbar-value">{n}</span>
        </li>
      ))}
    </ul>
  );
}

export function AlertsScreen() {
  const load = useAlerts((s) => s.load);
  const counts = useAlerts((s) => s.counts);
  const bulk = useAlerts((s) => s.bulkKeys);
  const keys = useKeys((s) => s.keys);
  const open = useKeys((s) => s.open);
  const editExpiry = useKeys((s) => s.editExpiry);
  const setView = useSession((s) => s.setView);
  const notify = useUi((s) => s.notify);
  const [filters, setFilters] = useState<AttentionFilters>(NO_ATTENTION_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [isDigestOpen, setDigestOpen] = useState(false);
  const [wizard, setWizard] = useState<{ keyId: string; kind: 'rotate' | 'revoke' } | null>(null);
  const [verifying, setVerifying] = useState<KeyRow[] | null>(null);

  useEffect(() => {
    load().catch((e: unknown) => notify({ tone: 'error', title: messageOf(e) }));
  }, [load, notify]);

  const { main, digest } = useMemo(() => attentionRows(keys, filters), [keys, filters]);
  const kinds = useMemo(() => reasonKinds(keys), [keys]);
  const buckets = useMemo(() => upcoming(keys), [keys]);
  const byPlatform = useMemo(() => countBy(keys, (k) => k.platform), [keys]);
  const byStatus = useMemo(() => countBy(keys, (k) => k.statusTruth), [keys]);
  const needing = counts?.needsAction ?? 0;

  // A key deleted meanwhile leaves the selection as soon as the list no longer holds it.
  useEffect(() => {
    setSelected((sel) => {
      const ids = new Set(keys.map((k) => k.id));
      return [...sel].every((id) => ids.has(id)) ? sel : new Set([...sel].filter((id) => ids.has(id)));
    });
  }, [keys]);

  /** Runs a bulk action; the toast names keys (never ids) and says how many were no longer there. */
  const done = (work: Promise<string[]>, title: (actedOn: number) => string, asked: number) =>
    work.then(
      (skipped) => {
        const acted = asked - skipped.length;
        const gone = skipped.length === 0 ? '' : `; ${plural(skipped.length, 'key')} no longer in the vault, skipped`;
        notify({
          tone: acted === 0 ? 'error' : 'success',
          title: acted === 0 ? `Nothing changed${gone}` : title(acted) + gone,
        });
      },
      (e: unknown) => notify({ tone: 'error', title: messageOf(e) }),
    );
  const select = (id: string, isOn: boolean) => {
    const next = new Set(selected);
    if (isOn) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const chosen = [...main, ...digest].filter((k) => selected.has(k.id));
  const onBulk = (op: 'snooze' | 'acknowledge', days = 7) => {
    void done(
      bulk(
        chosen.map((k) => k.id),
        op,
        op === 'snooze' ? days : undefined,
      ).finally(() => setSelected(new Set())),
      (n) =>
        op === 'snooze'
          ? `Snoozed ${plural(n, 'key')} for ${plural(days, 'day')}`
          : `Acknowledged ${plural(n, 'key')}: hidden until ${n === 1 ? 'it changes' : 'they change'}`,
      chosen.length,
    );
  };
  const goTo = (k: KeyRow) => {
    setView('inventory');
    open(k.id);
  };
  const act = (k: KeyRow, action: AttentionAction) => {
    switch (action) {
      case 'rotate':
      case 'revoke':
        return setWizard({ keyId: k.id, kind: action });
      case 'verify':
        return setVerifying([k]);
      case 'record-expiry':
        goTo(k);
        return editExpiry(k.id);
      case 'snooze':
        return void done(bulk([k.id], 'snooze', 7), () => `Snoozed ${k.name} for 7 days`, 1);
      case 'none':
        return undefined;
    }
  };
  const listProps = {
    selected,
    onSelect: select,
    onAct: act,
    onOpen: goTo,
    onSnooze: (k: KeyRow, days: number) =>
      void done(bulk([k.id], 'snooze', days), () => `Snoozed ${k.name} for ${plural(days, 'day')}`, 1),
    onAcknowledge: (k: KeyRow) =>
      void done(bulk([k.id], 'acknowledge'), () => `Acknowledged ${k.name}: hidden until it changes`, 1),
  };

  if (keys.length === 0) {
    return (
      <section className="screen" aria-labelledby="alerts-title">
        <header className="screen-header">
          <h1 id="alerts-title">Alerts</h1>
        </header>
        <EmptyState icon="alert" title="Nothing to watch yet">
          Alerts appear here once the vault holds keys: expiries coming up, keys nobody uses, rotations that are due.
        </EmptyState>
      </section>
    );
  }

  const allShown = main.length > 0 && main.every((k) => selected.has(k.id));
  return (
    <section className="screen alerts" aria-labelledby="alerts-title">
      <header className="screen-header">
        <div>
          <h1 id="alerts-title">
            Alerts{' '}
            <span className={`heading-count${needing > 0 ? ' urgent' : ''}`} data-testid="alerts-needs-action">
              {needing === 0
                ? 'nothing needs action'
                : `${needing} ${needing === 1 ? 'key needs' : 'keys need'} action`}
            </span>
          </h1>
          <p className="muted">Keys, not alerts: one row per key with its reasons, the most urgent first.</p>
        </div>
      </header>
      <div className="dashboard">
        <StateCards counts={counts} />
        <section className="card attention" aria-labelledby="attention-title">
          <div className="card-head">
            <h2 id="attention-title">Needs action</h2>
            <AttentionFilterBar filters={filters} kinds={kinds} onChange={setFilters} shown={main.length} />
          </div>
          <div className="selection-bar" role="toolbar" aria-label="Selection">
            <label className="check">
              <input
                type="checkbox"
                checked={allShown}
                disabled={main.length === 0}
                onChange={(e) => setSelected(e.target.checked ? new Set(main.map((k) => k.id)) : new Set())}
              />
              Select all listed
            </label>
            {chosen.length > 0 ? (
              <>
                <span className="muted" data-testid="selected-count">
                  {chosen.length} selected
                </span>
                <SnoozeControl
                  lengthLabel="Snooze length for the selected keys"
                  buttonLabel="Snooze the selected keys"
                  buttonText="Snooze selected"
                  onSnooze={(days) => onBulk('snooze', days)}
                />
                <button type="button" className="button small" onClick={() => onBulk('acknowledge')}>
                  <Icon name="check" size={14} /> Acknowledge selected
                </button>
                <button type="button" className="button small ghost" onClick={() => setSelected(new Set())}>
                  Clear selection
                </button>
              </>
            ) : null}
          </div>
          {main.length === 0 ? (
            <p className="all-clear">
              <Icon name="check" />{' '}
              {!isFiltered(filters) ? 'All clear: no key needs action today.' : 'No key matches these filters.'}
            </p>
          ) : (
            <AttentionList rows={main} label="Keys that need action" testId="attention-list" {...listProps} />
          )}
        </section>
        {filters.state === '' ? (
          <section className="card digest" aria-labelledby="digest-title">
            <h2 id="digest-title">
              <button
                type="button"
                className="digest-toggle"
                aria-expanded={isDigestOpen}
                onClick={() => setDigestOpen(!isDigestOpen)}
              >
                <Icon name={isDigestOpen ? 'chevronDown' : 'chevronRight'} size={14} />
                Weekly digest
                <span className="view-count">
                  {digest.length} {digest.length === 1 ? 'key' : 'keys'} of housekeeping
                </span>
              </button>
            </h2>
            {isDigestOpen ? (
              digest.length === 0 ? (
                <p className="muted">No housekeeping: every key records its expiry, is used and is verified.</p>
              ) : (
                <AttentionList rows={digest} label="Housekeeping" testId="digest-list" {...listProps} />
              )
            ) : (
              <p className="muted small">
                Unused keys, missing expiry dates, rotations overdue by policy: nothing urgent, reviewed once a week.
              </p>
            )}
          </section>
        ) : null}
        <div className="charts">
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Next 90 days</h2>
            <ExpiryTimeline buckets={buckets} />
          </section>
          <section className="card" aria-labelledby="by-platform-title">
            <h2 id="by-platform-title">Keys by platform</h2>
            <Bars rows={byPlatform} label={(k) => PLATFORM_LABEL[k as keyof typeof PLATFORM_LABEL] ?? k} />
          </section>
          <section className="card" aria-labelledby="by-status-title">
            <h2 id="by-status-title">Keys by status</h2>
            <Bars rows={byStatus} label={(k) => STATUS_TRUTH_LABEL[k as keyof typeof STATUS_TRUTH_LABEL] ?? k} />
          </section>
        </div>
      </div>
      {wizard ? <LifecycleWizard keyId={wizard.keyId} kind={wizard.kind} onClose={() => setWizard(null)} /> : null}
      {verifying ? <BulkVerifyDialog keys={verifying} onClose={() => setVerifying(null)} /> : null}
    </section>
  );
}
