// Alert thresholds, sealed in the vault by the core: when expiry warnings start and
// after how long an unused key is flagged.
import { useEffect, useState, type FormEvent } from 'react';
import { UiError, call, messageOf } from '../../api/client';
import { fieldOf } from '../../api/messages';
import { ErrorNote } from '../../components/ErrorNote';
import { useAlerts } from '../../stores/alerts.store';
import { useUi } from '../../stores/ui.store';

/** As the vault keeps them: at most this many days to warn on, and no setting above this many days. */
const MOST_THRESHOLDS = 10;
const MOST_DAYS = 3650;

/** Why what is typed for "Flag unused keys after" is not a number of days, in the app's words; null when it is. */
export function unusedDaysProblem(typed: string): string | null {
  const t = typed.trim();
  if (t === '') return 'Write a number of days, e.g. 90. Nothing was saved.';
  if (!/^\d+$/.test(t) || Number(t) < 1)
    return `“${t.slice(0, 40)}” is not a number of days: write a whole number of 1 or more, e.g. 90. Nothing was saved.`;
  if (Number(t) > MOST_DAYS) return `Write ${MOST_DAYS} days (ten years) or fewer. Nothing was saved.`;
  return null;
}

/** "30, 7, 1" -> [30, 7, 1]; any part that is not a whole number of days is named, never dropped. */
export function parseDays(s: string): { days: number[] } | { bad: string } {
  const parts = s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const bad = parts.find((x) => !/^\d+$/.test(x) || Number(x) < 1);
  if (bad !== undefined) return { bad };
  if (parts.length === 0) return { bad: '' };
  return { days: parts.map(Number) };
}

export function AlertSettingsCard() {
  const notify = useUi((s) => s.notify);
  const reloadAlerts = useAlerts((s) => s.load);
  const [thresholds, setThresholds] = useState('');
  const [unused, setUnused] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<{ field: 'thresholds' | 'unused'; message: string } | null>(null);

  useEffect(() => {
    call('alerts.settings', {}).then((s) => {
      setThresholds(s.expiryThresholdsDays.join(', '));
      setUnused(String(s.unusedDays));
    }, setError);
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    const parsed = parseDays(thresholds);
    if ('bad' in parsed) {
      setFieldError({
        field: 'thresholds',
        message:
          parsed.bad === ''
            ? 'Give at least one number of days, e.g. 30, 7, 1.'
            : `“${parsed.bad}” is not a number of days: write whole numbers of 1 or more, e.g. 30, 7, 1. Nothing was saved.`,
      });
      return;
    }
    if (parsed.days.length > MOST_THRESHOLDS) {
      setFieldError({
        field: 'thresholds',
        message: `Give at most ${MOST_THRESHOLDS} days to warn on (${parsed.days.length} given). Nothing was saved.`,
      });
      return;
    }
    const tooFar = parsed.days.find((d) => d > MOST_DAYS);
    if (tooFar !== undefined) {
      setFieldError({
        field: 'thresholds',
        message: `${tooFar} days is more than ${MOST_DAYS} (ten years) before expiry. Nothing was saved.`,
      });
      return;
    }
    const unusedProblem = unusedDaysProblem(unused);
    if (unusedProblem !== null) {
      setFieldError({ field: 'unused', message: unusedProblem });
      return;
    }
    try {
      const saved = await call('alerts.saveSettings', {
        expiryThresholdsDays: parsed.days,
        unusedDays: Number(unused.trim()),
      });
      setThresholds(saved.expiryThresholdsDays.join(', '));
      notify({ tone: 'success', title: 'Alert thresholds saved' });
      await reloadAlerts();
    } catch (err) {
      // Said once: at the field the core names, else under the form; never also as a toast.
      const field = err instanceof UiError ? fieldOf(err.subject) : null;
      if (field === 'expiryThresholdsDays' || field === 'unusedDays')
        setFieldError({ field: field === 'unusedDays' ? 'unused' : 'thresholds', message: messageOf(err) });
      else setError(err);
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
            aria-invalid={fieldError?.field === 'thresholds'}
            aria-describedby={fieldError?.field === 'thresholds' ? 'thresholds-error' : undefined}
            value={thresholds}
            onChange={(e) => setThresholds(e.target.value)}
          />
        </div>
        {fieldError?.field === 'thresholds' ? (
          <p className="field-error" id="thresholds-error" role="alert">
            {fieldError.message}
          </p>
        ) : null}
        <div className="setting">
          <div>
            <h3>Flag unused keys after</h3>
            <p className="muted">
              A key nobody has used for this many days gets an alert: revoke it if nothing needs it.
            </p>
          </div>
          <input
            className="setting-input"
            inputMode="numeric"
            aria-label="Flag unused keys after (days)"
            aria-invalid={fieldError?.field === 'unused'}
            aria-describedby={fieldError?.field === 'unused' ? 'unused-error' : undefined}
            value={unused}
            onChange={(e) => setUnused(e.target.value)}
          />
        </div>
        {fieldError?.field === 'unused' ? (
          <p className="field-error" id="unused-error" role="alert">
            {fieldError.message}
          </p>
        ) : null}
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
