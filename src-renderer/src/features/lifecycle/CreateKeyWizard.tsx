// Create a brand-new key through its platform's flow: the key's details (the platform's
// limits are checked before the user goes to the portal), the portal steps with a deep
// link, then the pasted key is stored at once and verified. (Add key records an existing key.)
// The pasted secret lives only in its input until the core has it; it is never in state.
import { plural } from '../../api/messages';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CreatedKeyView, CreatePlan, PlatformAccount } from '../../../../src-main/contract/outputs';
import type { PlatformId } from '../../../../src-main/contract/keys';
import { call, UiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, FieldError, fieldErrorId, useFocusFieldInError } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { PLATFORMS } from '../../lib/platforms';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { Stepper, VerificationNote } from './LifecycleWizard';
import { PortalSteps } from './PortalSteps';
import { PlatformField } from '../../components/PlatformField';
import { ExpiryChoiceField, SecretField } from '../../components/KeyFields';
import { pastExpiryIssues } from '../../lib/expiry';

export const CREATE_STEPS = ['Details', 'Create in the portal', 'Verify'] as const;
const CREATABLE = PLATFORMS.filter((p) => p !== 'custom');
const FORM = 'create-key';
/** The fields each step shows, which a refusal naming them is said under (the core names the secret `value`). */
const DETAIL_FIELDS = ['name', 'account', 'tier', 'baseUrl'];
const SECRET_FIELDS = ['value', 'secret'];
const split = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

type Draft = {
  platform: PlatformId;
  name: string;
  account: string;
  tier: string;
  expiresInDays: string;
  expiresAt: string;
  scopes: string;
  baseUrl: string;
};
const EMPTY: Draft = {
  platform: 'knouds',
  name: '',
  account: '',
  tier: '',
  expiresInDays: '',
  expiresAt: '',
  scopes: '',
  baseUrl: '',
};

type Props = { initial?: Partial<Draft>; onClose: () => void };

/** A saved platform account (Settings → Platform accounts) filled into the draft. */
const withAccount = (d: Draft, a: PlatformAccount | undefined): Draft => ({
  ...d,
  account: a?.account ?? '',
  tier: a?.tier ?? '',
  baseUrl: a?.baseUrl ?? '',
});

export function CreateKeyWizard({ initial, onClose }: Props) {
  const detailsForm = useRef<HTMLFormElement>(null);
  const secretForm = useRef<HTMLFormElement>(null);
  const loadKeys = useKeys((s) => s.load);
  const openKey = useKeys((s) => s.open);
  const loadAlerts = useAlerts((s) => s.load);
  const [draft, setDraft] = useState<Draft>({ ...EMPTY, ...initial });
  const [plan, setPlan] = useState<CreatePlan | null>(null);
  const [step, setStep] = useState<'details' | 'portal' | 'result'>('details');
  const [created, setCreated] = useState<CreatedKeyView | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A change to the details makes the last refusal stale.
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };

  // The user's saved accounts: the first one of the platform is filled in while the account is empty.
  const [saved, setSaved] = useState<PlatformAccount[]>([]);
  useEffect(() => {
    let live = true;
    call('platforms.accounts', {})
      .then(({ accounts }) => {
        if (!live) return;
        setSaved(accounts);
        setDraft((d) =>
          d.account
            ? d
            : withAccount(
                d,
                accounts.find((a) => a.platform === d.platform),
              ),
        );
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const savedHere = saved.filter((a) => a.platform === draft.platform);
  const choosePlatform = (platform: PlatformId) => {
    setDraft((d) =>
      withAccount(
        { ...d, platform, expiresInDays: '', expiresAt: '' },
        saved.find((a) => a.platform === platform),
      ),
    );
    setError(null);
  };

  // What the chosen platform asks for (expiry choices, tiers, what "account" means).
  useEffect(() => {
    let live = true;
    call('keys.createPlan', { platform: draft.platform })
      .then((p) => live && setPlan(p))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [draft.platform]);

  const expiry = plan?.expiry;
  const choices = expiry?.kind === 'choices' ? expiry : null;

  // A key about to be made in the portal cannot have expired: a past day is refused as it is typed.
  const pastExpiry =
    !choices && expiry?.kind === 'optional-date'
      ? (pastExpiryIssues(draft.expiresAt || null, 'just-made')[0]?.message ?? null)
      : null;

  async function toPortal(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pastExpiry) {
      const field = e.currentTarget.elements.namedItem('expiresAt');
      if (field instanceof HTMLElement) field.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const checked = await call('keys.createPlan', {
        platform: draft.platform,
        account: draft.account.trim(),
        ...(draft.tier ? { tier: draft.tier } : {}),
      });
      setPlan(checked);
      if (!checked.limit.allowed)
        throw new UiError(
          'LIMIT_REACHED',
          checked.limit.message ?? 'The platform allows no more keys for this account.',
          // Said under the plan when the plan is what the platform refuses, else under the account.
          checked.limit.reason === 'tier' && checked.tiers.length > 0 ? 'tier' : 'account',
        );
      setStep('portal');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function store(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('secret') ?? '').trim();
    const account = draft.account.trim();
    setBusy(true);
    setError(null);
    try {
      const result = await call('keys.create', {
        fields: {
          platform: draft.platform,
          name: draft.name.trim(),
          account,
          scopes: split(draft.scopes),
          ...(draft.baseUrl.trim() ? { baseUrl: draft.baseUrl.trim() } : {}),
          ...(!choices && draft.expiresAt ? { expiresAt: draft.expiresAt } : {}),
          ...(draft.tier ? { extra: { tier: draft.tier } } : {}),
        },
        secret: draft.platform === 'kai' && account ? { value, instanceId: account } : { value },
        ...(choices && draft.expiresInDays ? { expiresInDays: Number(draft.expiresInDays) } : {}),
      });
      setCreated(result);
      setStep('result');
      await loadKeys();
      void loadAlerts().catch(() => undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function finish() {
    if (created) openKey(created.key.id);
    onClose();
  }

  const bad = error instanceof UiError ? error.subject : undefined;
  const at = step === 'details' ? 0 : step === 'portal' ? 1 : 3;
  // A refusal that names a field of the step on screen is said under that field, which takes focus; any
  // other (a name refused once the portal step is open, a platform error) at the foot of the step.
  const fieldsHere = step === 'details' ? DETAIL_FIELDS : step === 'portal' ? SECRET_FIELDS : [];
  const errorField = bad !== undefined && fieldsHere.includes(bad) ? (bad === 'value' ? 'secret' : bad) : undefined;
  useFocusFieldInError(step === 'details' ? detailsForm : secretForm, error, errorField);
  const describedBy = (field: string) => (errorField === field ? fieldErrorId(FORM, field) : undefined);
  const errorAt = (field: string) => <FieldError error={error} form={FORM} field={field} at={errorField} />;
  return (
    <Dialog title="Create key" onClose={onClose} width="wide">
      <Stepper labels={CREATE_STEPS} at={at} />
      <div className="wizard-body" data-testid="wizard-step" data-step={step}>
        {step === 'details' ? (
          <form ref={detailsForm} className="form-grid" onSubmit={(e) => void toPortal(e)} aria-label="New key details">
            <PlatformField value={draft.platform} choices={CREATABLE} onChange={choosePlatform} />
            <label className="field">
              <span>Name</span>
              <input
                name="name"
                required
                autoFocus
                value={draft.name}
                onChange={(e) => set({ name: e.target.value })}
                placeholder="Deploy bot"
                aria-invalid={bad === 'name'}
                aria-describedby={describedBy('name')}
              />
              {errorAt('name')}
            </label>
            {savedHere.length > 0 ? (
              <label className="field span-2">
                <span>Saved account</span>
                <select
                  name="savedAccount"
                  value={String(savedHere.findIndex((a) => a.account === draft.account))}
                  onChange={(e) => setDraft((d) => withAccount(d, savedHere[Number(e.target.value)]))}
                >
                  <option value="-1">Another account…</option>
                  {savedHere.map((a, i) => (
                    <option key={a.account} value={i}>
                      {a.label ? `${a.label} (${a.account})` : a.account}
                      {a.tier ? ` · ${a.tier}` : ''}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="field">
              <span>{plan?.accountLabel ?? 'Account'}</span>
              <input
                name="account"
                required={draft.platform === 'kai'}
                value={draft.account}
                onChange={(e) => set({ account: e.target.value })}
                aria-invalid={bad === 'account'}
                aria-describedby={describedBy('account')}
              />
              {errorAt('account')}
            </label>
            {plan && plan.tiers.length > 0 ? (
              <label className="field">
                <span>Plan</span>
                <select
                  name="tier"
                  value={draft.tier}
                  onChange={(e) => set({ tier: e.target.value })}
                  aria-invalid={bad === 'tier'}
                  aria-describedby={describedBy('tier')}
                >
                  <option value="">Not stated</option>
                  {plan.tiers.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
                {errorAt('tier')}
              </label>
            ) : null}
            {choices ? (
              <ExpiryChoiceField
                choices={choices}
                value={draft.expiresInDays}
                onChange={(v) => set({ expiresInDays: v })}
                invalid={bad === 'expiresInDays' || bad === 'expiresAt'}
              />
            ) : expiry?.kind === 'optional-date' ? (
              <label className="field">
                <span id="create-expiresAt-label">Expires (optional)</span>
                <input
                  name="expiresAt"
                  type="date"
                  value={draft.expiresAt}
                  onChange={(e) => set({ expiresAt: e.target.value })}
                  aria-labelledby="create-expiresAt-label"
                  aria-invalid={bad === 'expiresAt' || pastExpiry !== null}
                  {...(pastExpiry ? { 'aria-describedby': 'create-expiresAt-issue' } : {})}
                />
                {pastExpiry ? (
                  <p className="field-error" role="alert" id="create-expiresAt-issue">
                    {pastExpiry}
                  </p>
                ) : null}
              </label>
            ) : null}
            <label className="field">
              <span>Scopes (optional)</span>
              <input
                name="scopes"
                value={draft.scopes}
                onChange={(e) => set({ scopes: e.target.value })}
                placeholder="Comma-separated"
              />
            </label>
            <label className="field">
              <span>Base URL (optional)</span>
              <input
                name="baseUrl"
                type="url"
                value={draft.baseUrl}
                onChange={(e) => set({ baseUrl: e.target.value })}
                placeholder="The platform’s default"
                aria-invalid={bad === 'baseUrl'}
                aria-describedby={describedBy('baseUrl')}
              />
              {errorAt('baseUrl')}
            </label>
            {expiry?.kind === 'none' ? <p className="muted small span-2">{expiry.note}</p> : null}
            {errorField === undefined ? (
              <div className="span-2">
                <ErrorNote error={error} />
              </div>
            ) : null}
            <div className="form-actions span-2">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button type="submit" className="button primary" disabled={isBusy || !plan}>
                {isBusy ? 'Checking…' : 'Next'}
              </button>
            </div>
          </form>
        ) : step === 'portal' && plan ? (
          <>
            <h3>Create “{draft.name.trim()}” in the portal, then paste it here</h3>
            {plan.limit.warnings.map((w) => (
              <div key={w} className="warning-box">
                <Icon name="alert" size={18} />
                <p>{w}</p>
              </div>
            ))}
            <PortalSteps portal={plan.portal} />
            {choices && draft.expiresInDays ? (
              <p className="muted small">
                Choose an expiry of {plural(Number(draft.expiresInDays), 'day')} in the portal.
              </p>
            ) : null}
            <form ref={secretForm} className="form-grid" onSubmit={(e) => void store(e)} aria-label="New key">
              <SecretField
                wide
                label="New secret"
                placeholder="Paste the key the portal showed"
                invalid={bad === 'value' || bad === 'secret'}
                describedBy={describedBy('secret')}
              >
                {errorAt('secret')}
              </SecretField>
              <div className="form-actions span-2">
                <button type="button" className="button" disabled={isBusy} onClick={() => setStep('details')}>
                  Back
                </button>
                <button type="submit" className="button primary" disabled={isBusy}>
                  {isBusy ? 'Saving and verifying…' : 'Save and verify'}
                </button>
              </div>
            </form>
            <p className="muted small">
              It is encrypted and saved the moment you press Save, then checked against the platform.
            </p>
            {errorField === undefined ? <ErrorNote error={error} /> : null}
          </>
        ) : step === 'result' && created ? (
          <>
            <h3>{created.verification?.result === 'valid' ? 'Key created and verified' : 'Key saved'}</h3>
            <p className="muted">
              “{created.key.name}” is stored encrypted, shown as <code>{created.key.hint}</code>
              {created.key.expiresAt ? `, expiring ${created.key.expiresAt}` : ''}.
            </p>
            <VerificationNote v={created.verification} />
            {created.verification && created.verification.result !== 'valid' ? (
              <p className="field-error">
                The platform did not accept the key yet. It stays saved: check it in the portal, then verify it again
                from its details.
              </p>
            ) : null}
            {created.warnings.map((w) => (
              <div key={w} className="warning-box">
                <Icon name="alert" size={18} />
                <p>{w}</p>
              </div>
            ))}
            <button type="button" className="button primary" onClick={finish}>
              Done
            </button>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
