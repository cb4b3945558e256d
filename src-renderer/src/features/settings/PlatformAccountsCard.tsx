// The user's platform accounts, sealed in the vault by the core ('platforms.accounts'):
// the Create key wizard prefills a new key's account, plan and base URL from them.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PlatformAccount } from '../../../../src-main/contract/outputs';
import type { PlatformId } from '../../../../src-main/contract/keys';
import { call, messageOf, UiError } from '../../api/client';
import { ErrorNote, FieldError, fieldErrorId, useFocusFieldInError } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { PLATFORM_LABEL, PLATFORMS } from '../../lib/platforms';
import { useUi } from '../../stores/ui.store';
import { PlatformField } from '../../components/PlatformField';

const CHOICES = PLATFORMS.filter((p) => p !== 'custom');
const FORM = 'platform-account';
const FIELDS = ['account', 'tier', 'baseUrl'];

export function PlatformAccountsCard() {
  const notify = useUi((s) => s.notify);
  const [accounts, setAccounts] = useState<PlatformAccount[]>([]);
  const [platform, setPlatform] = useState<PlatformId>('knouds');
  const [tiers, setTiers] = useState<readonly string[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    call('platforms.accounts', {}).then((r) => setAccounts(r.accounts), setError);
  }, []);
  useEffect(() => {
    let live = true;
    call('keys.createPlan', { platform }).then(
      (p) => live && setTiers(p.tiers),
      () => live && setTiers([]),
    );
    return () => {
      live = false;
    };
  }, [platform]);

  async function save(next: PlatformAccount[], title: string): Promise<boolean> {
    setError(null);
    try {
      setAccounts((await call('platforms.saveAccounts', { accounts: next })).accounts);
      notify({ tone: 'success', title });
      return true;
    } catch (err) {
      setError(err);
      notify({ tone: 'error', title: messageOf(err) });
      return false;
    }
  }

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (n: string) => String(f.get(n) ?? '').trim();
    const baseUrl = text('baseUrl');
    const added: PlatformAccount = {
      platform,
      account: text('account'),
      label: text('label'),
      tier: text('tier'),
      ...(baseUrl ? { baseUrl } : {}),
    };
    if (await save([...accounts, added], 'Platform account saved')) form.reset();
  }

  const bad = error instanceof UiError ? error.subject : undefined;
  // A refusal that names one of the form's fields is said under it, and that field takes focus.
  const at = bad !== undefined && FIELDS.includes(bad) ? bad : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFieldInError(formRef, error, at);
  const describedBy = (field: string) => (at === field ? fieldErrorId(FORM, field) : undefined);
  const errorAt = (field: string) => <FieldError error={error} form={FORM} field={field} at={at} />;
  return (
    <section className="card" data-testid="platform-accounts">
      <h2>Platform accounts</h2>
      <p className="muted">
        Your accounts on each platform. Creating a key fills in its account, plan and base URL from here. Kept encrypted
        in the vault.
      </p>
      {accounts.length > 0 ? (
        <ul className="checklist account-list" aria-label="Platform accounts">
          {accounts.map((a, i) => (
            <li key={`${a.platform}:${a.account}`}>
              <Icon name="server" size={14} />
              <span>
                <strong>{PLATFORM_LABEL[a.platform]}</strong> · {a.account}
                {a.label ? ` · ${a.label}` : ''}
                {a.tier ? <span className="faint"> · {a.tier} plan</span> : null}
                {a.baseUrl ? <span className="faint"> · {a.baseUrl}</span> : null}
              </span>
              <button
                type="button"
                className="button small ghost"
                aria-label={`Remove ${PLATFORM_LABEL[a.platform]} account ${a.account}`}
                onClick={() =>
                  void save(
                    accounts.filter((_, j) => j !== i),
                    'Platform account removed',
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="faint small">No accounts yet.</p>
      )}
      <form
        ref={formRef}
        className="form-grid account-form"
        onSubmit={(e) => void add(e)}
        aria-label="Add a platform account"
      >
        <PlatformField value={platform} choices={CHOICES} onChange={setPlatform} />
        <label className="field">
          <span>Account</span>
          <input
            name="account"
            required
            placeholder="Organisation, tenant or user id"
            aria-invalid={bad === 'account'}
            aria-describedby={describedBy('account')}
          />
          {errorAt('account')}
        </label>
        <label className="field">
          <span>Label (optional)</span>
          <input name="label" placeholder="Acme production" />
        </label>
        {tiers.length > 0 ? (
          <label className="field">
            <span>Plan (optional)</span>
            <select name="tier" defaultValue="" aria-invalid={bad === 'tier'} aria-describedby={describedBy('tier')}>
              <option value="">Not stated</option>
              {tiers.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            {errorAt('tier')}
          </label>
        ) : null}
        <label className="field span-2">
          <span>Base URL (optional)</span>
          <input
            name="baseUrl"
            type="url"
            placeholder="The platform’s default"
            aria-invalid={bad === 'baseUrl'}
            aria-describedby={describedBy('baseUrl')}
          />
          {errorAt('baseUrl')}
        </label>
        {at === undefined ? (
          <div className="span-2">
            <ErrorNote error={error} />
          </div>
        ) : null}
        <div className="form-actions span-2">
          <button type="submit" className="button">
            <Icon name="plus" /> Add account
          </button>
        </div>
      </form>
    </section>
  );
}
