// An inline error: what happened, then what to do next. Never a stack trace. `highlighted`:
// the form marks the field at fault (aria-invalid), so the note may point at it.
import { useEffect, type RefObject } from 'react';
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

/** The id of the note `FieldError` shows under `field` (for that field's aria-describedby). */
export const fieldErrorId = (form: string, field: string) => `${form}-${field}-error`;

/** An error that names a field, shown at that field; nothing when `at` is another field or none. */
export function FieldError({ error, form, field, at }: { error: unknown; form: string; field: string; at: unknown }) {
  if (error === null || error === undefined || at !== field) return null;
  return (
    <p className="field-error" role="alert" id={fieldErrorId(form, field)}>
      {messageOf(error)} {nextStep(error, false)}
    </p>
  );
}

/** When an error names a field of the form, focus goes to that field (once, when the error arrives). */
export function useFocusFieldInError(
  form: RefObject<HTMLFormElement | null>,
  error: unknown,
  field: string | null | undefined,
  nameOf: (field: string) => string = (f) => f,
): void {
  useEffect(() => {
    if (!error || !field) return;
    const el = form.current?.elements.namedItem(nameOf(field));
    if (el instanceof HTMLElement) el.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new error moves focus
  }, [error]);
}

/**
 * When an error about one field arrives, that field takes focus with its text selected, so typing again replaces
 * what was refused; `ready` false (the field is disabled while busy) waits until it can take focus.
 */
export function useSelectFieldInError(
  field: RefObject<HTMLInputElement | null> | null,
  error: unknown,
  ready = true,
): void {
  useEffect(() => {
    if (!ready || field === null) return;
    field.current?.focus();
    field.current?.select();
  }, [error, field, ready]);
}
