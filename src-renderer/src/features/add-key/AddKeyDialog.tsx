// Add a key by hand: its platform, name and secret, plus what is known about it.
// The secret goes straight to the core in the call; it is not kept after the dialog.
import { useState, type FormEvent } from 'react';
import type { PlatformId } from '../../../../src-main/contract/keys';
import { UiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { PLATFORMS } from '../../lib/platforms';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { useUi } from '../../stores/ui.store';
import { PlatformField } from '../../components/PlatformField';
import { SecretField } from '../../components/KeyFields';

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
  const close = () => setAdd(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const instanceId = text('instanceId');
    setBusy(true);
    setError(null);
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

  const bad = error instanceof UiError ? error.subject : undefined;
  return (
    <Dialog title="Add a key" onClose={close} width="wide">
      <form className="form-grid" onSubmit={(e) => void submit(e)} aria-label="Add a key">
        <PlatformField value={platform} choices={PLATFORMS} onChange={setPlatform} />
        <label className="field">
          <span>Name</span>
          <input name="name" required autoFocus placeholder="Deploy bot" aria-invalid={bad === 'name'} />
        </label>
        <SecretField
          wide
          label="Secret"
          placeholder="Paste the key as the platform showed it"
          invalid={bad === 'value' || bad === 'secret'}
        >
          <small className="muted">
            Encrypted at once. Keyward shows only its prefix and last characters from now on.
          </small>
        </SecretField>
        {platform === 'kai' ? (
          <label className="field span-2">
            <span>Instance ID</span>
            <input name="instanceId" required placeholder="KAI instance the key belongs to" />
          </label>
        ) : null}
        <label className="field">
          <span>Account</span>
          <input name="account" placeholder="Organisation or workspace" aria-invalid={bad === 'account'} />
        </label>
        <label className="field">
          <span>Environment</span>
          <input name="environment" placeholder="production" />
        </label>
        <label className="field">
          <span>Owner</span>
          <input name="owner" placeholder="ana@example.com" />
        </label>
        <label className="field">
          <span>Expires</span>
          <input name="expiresAt" type="date" aria-invalid={bad === 'expiresAt'} />
        </label>
        <label className="field">
          <span>Tags</span>
          <input name="tags" placeholder="ci, billing" />
        </label>
        <label className="field">
          <span>Deployed to</span>
          <input name="deployedTo" placeholder="Where it is used, comma-separated" />
        </label>
        <label className="field span-2">
          <span>Notes</span>
          <textarea name="notes" rows={3} />
        </label>
        <div className="span-2">
          <ErrorNote error={error} />
        </div>
        <div className="form-actions span-2">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={isBusy}>
            {isBusy ? 'Saving…' : 'Add key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
