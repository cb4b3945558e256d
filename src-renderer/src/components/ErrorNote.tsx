// An inline error: what happened, then what to do next. Never a stack trace. `highlighted`:
// the form marks the field at fault (aria-invalid), so the note may point at it.
import { messageOf, nextStep } from '../api/client';

export function ErrorNote({ error, highlighted = false }: { error: unknown; highlighted?: boolean }) {
  if (error === null || error === undefined) return null;
  const next = nextStep(error, highlighted);
  return (
    <div className="error-note" role="alert">
      <strong>{messageOf(error)}</strong>
      {next ? <span> {next}</span> : null}
    </div>
  );
}
