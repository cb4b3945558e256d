// "Needs attention": the alerts that stand for one key, in its detail panel.
import type { Alert } from '../../../../src-main/contract/alerts';
import { SeverityBadge } from '../../components/Badge';

export function KeyAlerts({ alerts }: { alerts: readonly Alert[] }) {
  if (alerts.length === 0) return null;
  return (
    <section className="detail-section">
      <h3>Needs attention</h3>
      <ul className="key-alerts">
        {alerts.map((a) => (
          <li key={a.id}>
            <SeverityBadge severity={a.severity} />
            <span>{a.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
