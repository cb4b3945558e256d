// An inline error: what happened, then what to do next. Never a stack trace.
import { messageOf, nextStep } from '../api/client';

export function ErrorNote({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const next = nextStep(error);
  return (
    <div className="error-note" role="alert">
      <strong>{messageOf(error)}</strong>
      {next ? <span> {next}</span> : null}
    </div>
  );
}
