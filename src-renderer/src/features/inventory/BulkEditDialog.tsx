// One change to many keys (an import's keys, or the keys listed): owner, account,
// environment, tags and a name pattern, in one call (keys.bulkEdit), one transaction.
// A field left empty leaves every key's value as it is.
import { useRef, useState, type FormEvent } from 'react';
import type { BulkChange } from '../../../../src-main/contract/keys';
import { call, UiError } from '../../api/client';
import { fieldOf, plural } from '../../api/messages';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, FieldError, fieldErrorId, useFocusFieldInError } from '../../components/ErrorNote';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { useUi } from '../../stores/ui.store';

const FORM = 'bulk-edit';
const FIELDS = ['owner', 'account', 'environment', 'addTags', 'removeTags', 'namePattern'];

const split = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function BulkEditDialog({ ids }: { ids: string[] }) {
  const setBulkEdit = useUi((s) => s.setBulkEdit);
  const notify = useUi((s) => s.notify);
  const loadKeys = useKeys((s) => s.load);
  const loadAlerts = useAlerts((s) => s.load);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const setImport = useUi((s) => s.setImport);
  const close = () => setBulkEdit(null);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const change: BulkChange = {};
    if (text('owner')) change.owner = text('owner');
    if (text('account')) change.account = text('account');
    if (text('environment')) change.environment = text('environment');
    if (split(text('addTags')).length > 0) change.addTags = split(text('addTags'));
    if (split(text('removeTags')).length > 0) change.removeTags = split(text('removeTags'));
    if (text('namePattern')) change.namePattern = text('namePattern');
    if (Object.keys(change).length === 0) {
      setError(new UiError('BAD_INPUT', 'Fill in at least one field: the empty ones leave the keys as they are.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { keys } = await call('keys.bulkEdit', { ids, change });
      await loadKeys();
      void loadAlerts().catch(() => undefined);
      close();
      setImport(false); // opened from an import's summary: that import is done with
      notify({ tone: 'success', title: `Changed ${plural(keys.length, 'key')}` });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const bad = error instanceof UiError ? fieldOf(error.subject) : null;
  const at = bad !== null && FIELDS.includes(bad) ? bad : null;
  useFocusFieldInError(formRef, error, at);
  const describedBy = (field: string, ...own: string[]) =>
    [...own, ...(at === field ? [fieldErrorId(FORM, field)] : [])].join(' ') || undefined;
  const errorAt = (field: string) => <FieldError error={error} form={FORM} field={field} at={at} />;
  return (
    <Dialog title={`Edit ${plural(ids.length, 'key')}`} onClose={close} width="wide">
      <form
        ref={formRef}
        className="form-grid"
        onSubmit={(e) => void submit(e)}
        aria-label="Edit keys"
        data-testid="bulk-edit"
      >
        <p className="muted span-2">
          What you fill in is set on all {plural(ids.length, 'key')}; an empty field leaves each key’s own value.
        </p>
        <label className="field">
          <span>Owner</span>
          <input
            name="owner"
            autoFocus
            placeholder="ana@example.com"
            aria-invalid={bad === 'owner'}
            aria-describedby={describedBy('owner')}
          />
          {errorAt('owner')}
        </label>
        <label className="field">
          <span>Account</span>
          <input
            name="account"
            placeholder="Organisation or workspace"
            aria-invalid={bad === 'account'}
            aria-describedby={describedBy('account')}
          />
          {errorAt('account')}
        </label>
        <label className="field">
          <span>Environment</span>
          <input
            name="environment"
            placeholder="production"
            aria-invalid={bad === 'environment'}
            aria-describedby={describedBy('environment')}
          />
          {errorAt('environment')}
        </label>
        <label className="field">
          <span>Add tags</span>
          <input
            name="addTags"
            placeholder="billing, ci"
            aria-invalid={bad === 'addTags'}
            aria-describedby={describedBy('addTags')}
          />
          {errorAt('addTags')}
        </label>
        <label className="field">
          <span>Remove tags</span>
          <input
            name="removeTags"
            placeholder="imported"
            aria-invalid={bad === 'removeTags'}
            aria-describedby={describedBy('removeTags')}
          />
          {errorAt('removeTags')}
        </label>
        <label className="field">
          <span>Name pattern</span>
          <input
            name="namePattern"
            aria-label="Name pattern"
            placeholder="{platform} {environment} {n}"
            aria-describedby={describedBy('namePattern', 'name-pattern-help')}
            aria-invalid={bad === 'namePattern'}
          />
          {errorAt('namePattern')}
          <small className="muted" id="name-pattern-help">
            Renames each key: {'{name}'} is its current name, {'{n}'} its number (1, 2 …), {'{platform}'},{' '}
            {'{environment}'} and {'{account}'} its own.
          </small>
        </label>
        <div className="span-2">
          {/* An error that names a field is shown at it; this one is for the rest. */}
          {at === null ? <ErrorNote error={error} /> : null}
        </div>
        <div className="form-actions span-2">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={isBusy}>
            {isBusy ? 'Saving…' : `Change ${plural(ids.length, 'key')}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
