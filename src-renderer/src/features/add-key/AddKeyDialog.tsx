// Add a key by hand: its platform, name and secret, plus what is known about it.
// The secret goes straight to the core in the call; it is not kept after the dialog.
import { useRef, useState, type FormEvent } from 'react';
import type { NewKeyIssue, PlatformId } from '../../../../src-main/contract/keys';
import { call, UiError } from '../../api/client';
import { fieldOf, issueForPerson } from '../../api/messages';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, FieldError, fieldErrorId, useFocusFieldInError } from '../../components/ErrorNote';
import { pastExpiryIssues } from '../../lib/expiry';
import { PLATFORMS } from '../../lib/platforms';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { useUi } from '../../stores/ui.store';
import { PlatformField } from '../../components/PlatformField';
import { SecretField } from '../../components/KeyFields';

const FORM = 'add-key';
/** The fields an error can be shown at. */
const FIELDS = [
  'name',
  'secret',
  'instanceId',
  'account',
  'environment',
  'owner',
  'expiresAt',
  'tags',
  'deployedTo',
  'notes',
];

const split = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function AddKeyDialog() {
  const add = useKeys((s) => s.add);
  const open = useKeys((s) => s.open);
  const setAdd = useUi((s) => s.setAdd);
  const notify = useUi((s) => s.notify);
  const loadAlerts = useAlerts((s) => s.load);
  const [platform, setPlatform] = useState<PlatformId>('knouds');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const [issues, setIssues] = useState<NewKeyIssue[]>([]);
  /** The warnings the user has seen once: submitting again with the same ones adds the key anyway. */
  const [warned, setWarned] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const close = () => setAdd(false);

  /** Asks the core what is wrong or doubtful with the secret and expiry as typed (keys.checkNew). */
  async function check(forPlatform: PlatformId = platform): Promise<NewKeyIssue[]> {
    const form = formRef.current;
    if (!form) return [];
    const f = new FormData(form);
    const value = String(f.get('secret') ?? '').trim();
    const expiresAt = String(f.get('expiresAt') ?? '').trim() || null;
    if (value === '' && expiresAt === null) {
      setIssues([]);
      return [];
    }
    try {
      // With no secret yet, the expiry is still checked: a past day typed first is flagged at once (#16).
      const found = value
        ? (await call('keys.checkNew', { fields: { platform: forPlatform, expiresAt }, secret: { value } })).issues
        : pastExpiryIssues(expiresAt);
      setIssues(found);
      return found;
    } catch {
      return []; // keys.add reports what is wrong
    }
  }
  const warningSignature = (found: NewKeyIssue[]) =>
    found
      .filter((i) => i.level === 'warn')
      .map((i) => i.code)
      .join(',');

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const instanceId = text('instanceId');
    setBusy(true);
    setError(null);
    const found = await check();
    // After a refused or warned submit, focus goes to the first field that has something to say.
    const focusIssue = () => {
      const first = (['secret', 'expiresAt'] as const).find((field) => found.some((i) => i.field === field));
      const el = first ? formRef.current?.elements.namedItem(first) : null;
      if (el instanceof HTMLElement) requestAnimationFrame(() => el.focus());
    };
    if (found.some((i) => i.level === 'refuse')) {
      setBusy(false);
      focusIssue();
      return;
    }
    const signature = warningSignature(found);
    if (signature !== '' && signature !== warned) {
      setWarned(signature);
      setBusy(false);
      focusIssue();
      return;
    }
    try {
      const record = await add(
        {
          platform,
          name: text('name'),
          account: text('account') || instanceId,
          environment: text('environment'),
          owner: text('owner'),
          expiresAt: text('expiresAt') || null,
          tags: split(text('tags')),
          deployedTo: split(text('deployedTo')),
          notes: text('notes'),
        },
        platform === 'kai' && instanceId ? { value: text('secret'), instanceId } : { value: text('secret') },
      );
      close();
      open(record.id);
      // Focus follows the new key into its detail panel (its label names the key) rather than back to "Add key".
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="key-detail"]')?.focus());
      notify({
        tone: 'success',
        title: `Added “${record.name}”`,
        detail: `Stored encrypted; shown as ${record.hint}.`,
      });
      void loadAlerts().catch(() => undefined);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const bad = error instanceof UiError ? (fieldOf(error.subject) ?? undefined) : undefined;
  /** The field the error is shown at (the core names the secret `value`), if it is one of this form's. */
  const named = bad === 'value' ? 'secret' : bad;
  const at =
    named !== undefined && FIELDS.includes(named) && (named !== 'instanceId' || platform === 'kai') ? named : undefined;
  useFocusFieldInError(formRef, error, at);
  const issueAt = (field: NewKeyIssue['field']) => issues.filter((i) => i.field === field);
  const issueId = (i: NewKeyIssue) => `${FORM}-${i.field}-${i.code}`;
  /** The aria-describedby of a field: its own notes, its issues, the error at it. */
  const describedBy = (field: string, ...own: string[]) =>
    [
      ...own,
      ...issues.filter((i) => i.field === field).map(issueId),
      ...(at === field ? [fieldErrorId(FORM, field)] : []),
    ].join(' ') || undefined;
  const errorAt = (field: string) => <FieldError error={error} form={FORM} field={field} at={at} />;
  const hasWarnings = issues.some((i) => i.level === 'warn') && warned === warningSignature(issues);
  const issueNotes = (field: NewKeyIssue['field']) =>
    issueAt(field).map((i) => (
      <p key={i.code} className={i.level === 'refuse' ? 'field-error' : 'field-warning'} role="alert" id={issueId(i)}>
        {i.level === 'warn' ? 'Check: ' : ''}
        {issueForPerson(i)}
      </p>
    ));
  return (
    <Dialog title="Add a key" onClose={close} width="wide">
      <form ref={formRef} className="form-grid" onSubmit={(e) => void submit(e)} aria-label="Add a key">
        <PlatformField
          value={platform}
          choices={PLATFORMS}
          onChange={(p) => {
            setPlatform(p);
            setWarned(null);
            void check(p);
          }}
        />
        <label className="field">
          <span>Name</span>
          <input
            name="name"
            required
            autoFocus
            placeholder="Deploy bot"
            aria-invalid={bad === 'name'}
            aria-describedby={describedBy('name')}
          />
          {errorAt('name')}
        </label>
        <SecretField
          wide
          label="Secret"
          placeholder="Paste the key as the platform showed it"
          invalid={bad === 'value' || bad === 'secret' || issueAt('secret').length > 0}
          onBlur={() => void check()}
          onInput={() => setWarned(null)}
          describedBy={describedBy('secret', `${FORM}-secret-help`)}
        >
          <small className="muted" id={`${FORM}-secret-help`}>
            Encrypted at once. Keyward shows only its prefix and last characters from now on.
          </small>
          {issueNotes('secret')}
          {errorAt('secret')}
        </SecretField>
        {platform === 'kai' ? (
          <label className="field span-2">
            <span>Instance ID</span>
            <input
              name="instanceId"
              required
              placeholder="KAI instance the key belongs to"
              aria-invalid={bad === 'instanceId'}
              aria-describedby={describedBy('instanceId')}
            />
            {errorAt('instanceId')}
          </label>
        ) : null}
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
          <span>Owner</span>
          <input
            name="owner"
            placeholder="ana@example.com"
            aria-invalid={bad === 'owner'}
            aria-describedby={describedBy('owner')}
          />
          {errorAt('owner')}
        </label>
        <label className="field">
          <span>Expires</span>
          <input
            name="expiresAt"
            type="date"
            aria-invalid={bad === 'expiresAt' || issueAt('expiresAt').length > 0}
            aria-describedby={describedBy('expiresAt')}
            onBlur={() => void check()}
            onInput={() => {
              setWarned(null);
              void check();
            }}
          />
          {issueNotes('expiresAt')}
          {errorAt('expiresAt')}
        </label>
        <label className="field">
          <span>Tags</span>
          <input
            name="tags"
            placeholder="ci, billing"
            aria-invalid={bad === 'tags'}
            aria-describedby={describedBy('tags')}
          />
          {errorAt('tags')}
        </label>
        <label className="field">
          <span>Deployed to</span>
          <input
            name="deployedTo"
            placeholder="Where it is used, comma-separated"
            aria-invalid={bad === 'deployedTo'}
            aria-describedby={describedBy('deployedTo')}
          />
          {errorAt('deployedTo')}
        </label>
        <label className="field span-2">
          <span>Notes</span>
          <textarea name="notes" rows={3} aria-invalid={bad === 'notes'} aria-describedby={describedBy('notes')} />
          {errorAt('notes')}
        </label>
        <div className="span-2">
          {/* An error that names a field is shown at it; this one is for the rest. */}
          {at === undefined ? <ErrorNote error={error} /> : null}
          {hasWarnings ? (
            <p className="muted" role="status">
              Keyward has doubts about this key (see above). Correct it, or add it as it is.
            </p>
          ) : null}
        </div>
        <div className="form-actions span-2">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={isBusy}>
            {isBusy ? 'Saving…' : hasWarnings ? 'Add anyway' : 'Add key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
