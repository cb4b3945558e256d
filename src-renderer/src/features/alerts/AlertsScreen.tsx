// The alerts dashboard: what needs attention now, what is coming in the next 90 days,
// and how the keys spread over platforms and statuses.
import { plural } from '../../api/messages';
import { useEffect, useMemo, useState } from 'react';
import type { AlertSeverity } from '../../../../src-main/contract/alerts';
import { messageOf } from '../../api/client';
import { PlatformBadge, SeverityBadge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { addDays, formatDate, relativeDay, todayIso } from '../../lib/dates';
import { PLATFORM_LABEL, STATUS_LABEL } from '../../lib/platforms';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { useSession } from '../../stores/session.store';
import { useUi } from '../../stores/ui.store';
import { ExpiryTimeline } from './ExpiryTimeline';
import { countBy, upcoming } from './timeline';

const ACTION_LABEL = {
  rotate: 'Rotate',
  revoke: 'Revoke',
  verify: 'Verify',
  'set-expiry': 'Set expiry',
  review: 'Review',
} as const;
const VISIBLE = 6;

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
  const alerts = useAlerts((s) => s.alerts);
  const load = useAlerts((s) => s.load);
  const snooze = useAlerts((s) => s.snooze);
  const acknowledge = useAlerts((s) => s.acknowledge);
  const [isShowingAll, setShowingAll] = useState(false);
  const keys = useKeys((s) => s.keys);
  const open = useKeys((s) => s.open);
  const setView = useSession((s) => s.setView);
  const notify = useUi((s) => s.notify);

  useEffect(() => {
    load().catch((e: unknown) => notify({ tone: 'error', title: messageOf(e) }));
  }, [load, notify]);

  const buckets = useMemo(() => upcoming(keys), [keys]);
  const byPlatform = useMemo(() => countBy(keys, (k) => k.platform), [keys]);
  const byStatus = useMemo(() => countBy(keys, (k) => k.status), [keys]);
  const count = (s: AlertSeverity) => alerts.filter((a) => a.severity === s).length;
  const act = (work: Promise<void>, done: string) =>
    work.then(
      () => notify({ tone: 'success', title: done }),
      (e: unknown) => notify({ tone: 'error', title: messageOf(e) }),
    );
  const goTo = (keyId: string) => {
    setView('inventory');
    open(keyId);
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

  return (
    <section className="screen alerts" aria-labelledby="alerts-title">
      <header className="screen-header">
        <div>
          <h1 id="alerts-title">Alerts</h1>
          <p className="muted">What needs attention now, and what is coming in the next 90 days.</p>
        </div>
      </header>
      <div className="dashboard">
        <div className="stat-cards">
          {(['critical', 'warning', 'info'] as const).map((s) => (
            <div key={s} className={`stat stat-${s}`}>
              <span className="stat-value">{count(s)}</span>
              <span className="stat-label">
                {s === 'critical' ? 'Critical' : s === 'warning' ? 'Warnings' : 'Notices'}
              </span>
            </div>
          ))}
          <div className="stat">
            <span className="stat-value">{keys.length}</span>
            <span className="stat-label">Keys in the vault</span>
          </div>
        </div>

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
            <Bars rows={byStatus} label={(k) => STATUS_LABEL[k as keyof typeof STATUS_LABEL] ?? k} />
          </section>
        </div>
        <section className="card attention" aria-labelledby="attention-title">
          <h2 id="attention-title">Needs attention now</h2>
          {alerts.length === 0 ? (
            <p className="all-clear">
              <Icon name="check" /> All clear: no key needs attention today.
            </p>
          ) : (
            <ul className="alert-list" data-testid="alert-list">
              {alerts.slice(0, isShowingAll ? 500 : VISIBLE).map((a) => (
                <li key={a.id}>
                  <SeverityBadge severity={a.severity} />
                  <div className="alert-text">
                    <button type="button" className="link" onClick={() => goTo(a.keyId)}>
                      {a.keyName}
                    </button>
                    <PlatformBadge platform={a.platform} />
                    <p>{a.reason}</p>
                  </div>
                  {a.dueDate ? (
                    <span className="alert-due" title={formatDate(a.dueDate)}>
                      {relativeDay(a.dueDate)}
                    </span>
                  ) : (
                    <span />
                  )}
                  <div className="alert-actions">
                    <select
                      className="small-select"
                      aria-label={`Snooze the alert on ${a.keyName}`}
                      value=""
                      onChange={(e) =>
                        void act(
                          snooze(a.id, addDays(todayIso(), Number(e.target.value))),
                          `Snoozed for ${plural(Number(e.target.value), 'day')}`,
                        )
                      }
                    >
                      <option value="" disabled>
                        Snooze
                      </option>
                      <option value="1">1 day</option>
                      <option value="7">7 days</option>
                      <option value="30">30 days</option>
                    </select>
                    <button
                      type="button"
                      className="button small ghost"
                      onClick={() => void act(acknowledge(a.id), 'Acknowledged: hidden until it changes')}
                      aria-label={`Acknowledge the alert on ${a.keyName}`}
                    >
                      <Icon name="check" size={14} />
                    </button>
                    <button type="button" className="button small" onClick={() => goTo(a.keyId)}>
                      {ACTION_LABEL[a.action]} <Icon name="arrowRight" size={12} />
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {alerts.length > VISIBLE ? (
            <button type="button" className="button ghost small show-all" onClick={() => setShowingAll(!isShowingAll)}>
              {isShowingAll ? 'Show fewer' : `Show all ${plural(alerts.length, 'alert')}`}
            </button>
          ) : null}
        </section>
      </div>
    </section>
  );
}
