// Snooze for a chosen number of days: the length is picked first (arrow keys only move the choice)
// and nothing is snoozed until the button is pressed, so a keyboard user can reach 7 or 30 days.
import { useState } from 'react';
import { Icon } from '../../components/Icon';

const LENGTHS = [1, 7, 30] as const;

export function SnoozeControl({
  lengthLabel,
  buttonLabel,
  buttonText,
  onSnooze,
}: {
  /** The accessible name of the length picker. */
  lengthLabel: string;
  /** The accessible name of the button (it says what is snoozed). */
  buttonLabel: string;
  /** The button's text; without it the button is a clock icon (a row's compact form). */
  buttonText?: string;
  onSnooze: (days: number) => void;
}) {
  const [days, setDays] = useState<number>(7);
  return (
    <span className="snooze-control">
      <select
        className="small-select"
        aria-label={lengthLabel}
        value={String(days)}
        onChange={(e) => setDays(Number(e.target.value))}
      >
        {LENGTHS.map((d) => (
          <option key={d} value={String(d)}>
            {d === 1 ? '1 day' : `${d} days`}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={buttonText === undefined ? 'button small ghost' : 'button small'}
        aria-label={buttonLabel}
        title={buttonText === undefined ? 'Snooze for the chosen days' : undefined}
        onClick={() => onSnooze(days)}
      >
        {buttonText ?? <Icon name="clock" size={14} />}
      </button>
    </span>
  );
}
