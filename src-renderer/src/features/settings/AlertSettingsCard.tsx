// Alert thresholds, sealed in the vault by the core: when expiry warnings start and
// after how long an unused key is flagged.
import { useEffect, useState, type FormEvent } from 'react';
import { call, messageOf } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { useAlerts } from '../../stores/alerts.store';
import { useUi } from '../../stores/ui.store';

const parseDays = (s: string) =>
  s
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n >= 0);

export function AlertSettingsCard() {
  const notify = useUi((s) => s.notify);
  const reloadAlerts = useAlerts((s) => s.load);
  const [thresholds, setThresholds] = useState('');
  const [unused, setUnused] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    call('alerts.settings', {}).then((s) => {
      setThresholds(s.expiryThresholdsDays.join(', '));
      setUnused(String(s.unusedDays));
    }, setError);
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const saved = await call('alerts.saveSettings', {
        expiryThresholdsDays: parseDays(thresholds),
        unusedDays: Number(unused),
      });
      setThresholds(saved.expiryThresholdsDays.join(', '));
      notify({ tone: 'success', title: 'Alert thresholds saved' });
      await reloadAlerts();
    } catch (err) {
      setError(err);
      notify({ tone: 'error', title: messageOf(err) });
    }
  }

  return (
    <section className="card">
      <h2>Alerts</h2>
      <form onSubmit={(e) => void save(e)} aria-label="Alert thresholds">
        <div className="setting">
          <div>
            <h3>Warn before expiry</h3>
            <p className="muted">
              Days before a key expires at which an alert appears, and escalates. Comma-separated, e.g. 30, 7, 1.
            </p>
          </div>
          <input
            className="setting-input"
            aria-label="Warn before expiry (days)"
            value={thresholds}
            onChange={(e) => setThresholds(e.target.value)}
          />
        </div>
        <div className="setting">
          <div>
            <h3>Flag unused keys after</h3>
            <p className="muted">
              A key nobody has used for this many days gets an alert: revoke it if nothing needs it.
            </p>
          </div>
          <input
            className="setting-input"
            type="number"
            min={1}
            aria-label="Flag unused keys after (days)"
            value={unused}
            onChange={(e) => setUnused(e.target.value)}
          />
        </div>
        <ErrorNote error={error} />
        <div className="form-actions">
          <button type="submit" className="button">
            Save thresholds
          </button>
        </div>
      </form>
    </section>
  );
}
