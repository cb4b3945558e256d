// The rotate and revoke wizards over the core's saved runs: opening one writes nothing (a plan
// screen first); each step is saved as it completes, so closing and opening again resumes.
import { verifyLabel } from '../../api/messages';
import { useEffect, useState } from 'react';
import type { CreatePlan, RunPlan, RunView } from '../../../../src-main/contract/outputs';
import type { Verification } from '../../../../src-main/contract/keys';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { PORTAL_URL } from '../../lib/platforms';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { PortalSteps } from './PortalSteps';
import { NewKeyForm, newKeyFieldOf, type NewKeyInput } from './NewKeyForm';

type Props = {
  keyId: string;
  kind: 'rotate' | 'revoke';
  onClose: () => void;
  /** Where focus goes on close when the button that opened the wizard is gone (see Dialog). */
  returnFocus?: () => HTMLElement | null;
};

export function Stepper({ labels, at }: { labels: readonly string[]; at: number }) {
  return (
    <ol className="stepper" aria-label="Steps">
      {labels.map((l, i) => (
        <li
          key={l}
          className={i < at ? 'done' : i === at ? 'current' : ''}
          aria-current={i === at ? 'step' : undefined}
        >
          <span className="step-dot">{i < at ? <Icon name="check" size={12} /> : i + 1}</span>
          {l}
        </li>
      ))}
    </ol>
  );
}

export function VerificationNote({ v }: { v: Verification | null }) {
  if (!v) return null;
  return (
    <p className={`verification verify-${v.result}`} role="status">
      <strong>{verifyLabel(v.result)}</strong> · {v.message}
    </p>
  );
}

export function LifecycleWizard({ keyId, kind, onClose, returnFocus }: Props) {
  const loadKeys = useKeys((s) => s.load);
  const openKey = useKeys((s) => s.open);
  const loadAlerts = useAlerts((s) => s.load);
  const platform = useKeys((s) => s.keys.find((k) => k.id === keyId)?.platform);
  const [view, setView] = useState<RunView | null>(null);
  const [plan, setPlan] = useState<RunPlan | null>(null);
  const [typedName, setTypedName] = useState('');
  const [verification, setVerification] = useState<Verification | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The platform's expiry rule: Kognitos keys must expire and no API reports when, so the choice made in the portal is asked for.
  const [expiry, setExpiry] = useState<CreatePlan['expiry']>(null);
  useEffect(() => {
    if (!platform || platform === 'custom') return;
    let live = true;
    call('keys.createPlan', { platform })
      .then((p) => live && setExpiry(p.expiry))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [platform]);
  const choices = expiry?.kind === 'choices' ? expiry : null;

  async function step(
    work: () => Promise<RunView & { verification?: Verification; newKeyVerification?: Verification | null }>,
  ) {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      setView(next);
      setVerification(next.newKeyVerification ?? next.verification ?? null);
      await loadKeys();
      void loadAlerts().catch(() => undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    // Once per wizard: opening it resumes the key's open run, or shows the plan. Nothing is written until Start.
    let live = true;
    void (async () => {
      try {
        const open = await call('rotations.open', { keyId });
        if (!live) return;
        if (open) setView(open);
        else setPlan(await call('rotations.plan', { keyId, kind }));
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per wizard: its key and kind never change
  }, []);

  function startRun(sequence?: 'revoke-first') {
    void step(() =>
      call('rotations.start', {
        keyId,
        kind,
        ...(plan?.typeNameToConfirm ? { confirmName: typedName } : {}),
        ...(sequence ? { sequence } : {}),
      }),
    );
  }

  const run = view?.run;
  const next = view?.next;
  const runId = run?.id ?? '';
  const title = (run?.kind ?? kind) === 'rotate' ? 'Rotate key' : 'Revoke key';
  const outage = run?.outage && !run.outage.endedAt ? run.outage.startedAt : null;

  function storeNewKey({ value, expiresAt, expiresInDays }: NewKeyInput) {
    void step(() =>
      call(
        'rotations.storeNewKey',
        choices
          ? { runId, secret: { value }, ...(expiresInDays !== null ? { expiresInDays } : {}) }
          : { runId, secret: { value }, expiresAt },
      ),
    );
  }

  function finish() {
    if (run?.newKeyId) openKey(run.newKeyId);
    onClose();
  }

  return (
    <Dialog title={title} onClose={onClose} width="wide" returnFocus={returnFocus}>
      {view ? (
        <Stepper labels={view.steps.labels} at={view.steps.at} />
      ) : plan ? (
        <Stepper labels={plan.steps} at={0} />
      ) : (
        <p className="muted">Opening…</p>
      )}
      {outage ? <OutageTimer since={outage} /> : null}
      <div className="wizard-body" data-testid="wizard-step" data-step={next?.step ?? (plan ? 'plan' : '')}>
        {!view && plan ? (
          <PlanStep plan={plan} typedName={typedName} onTypedName={setTypedName} isBusy={isBusy} onStart={startRun} />
        ) : next?.step === 'capture-new-key' ? (
          <>
            <h3>Create the new key in the portal, then paste it here</h3>
            <PortalSteps portal={next.portal} {...(next.warning ? { warning: next.warning } : {})} />
            {next.warning && !run?.outage ? (
              // The old key dies when the portal action is done: the outage timer starts at this button, not at the paste.
              <button
                type="button"
                className="button primary"
                disabled={isBusy}
                onClick={() => void step(() => call('rotations.markOutageStarted', { runId }))}
              >
                {run?.sequence === 'revoke-first'
                  ? 'I deleted the old key in the portal'
                  : 'I pressed Regenerate API key'}
              </button>
            ) : null}
            {next.warning && !run?.outage ? null : (
              <NewKeyForm
                choices={choices}
                isBusy={isBusy}
                error={error}
                onEdited={() => setError(null)}
                onSave={storeNewKey}
              />
            )}
            <p className="muted small">
              It is encrypted and saved the moment you press Save, before anything else happens.
            </p>
          </>
        ) : next?.step === 'verify-new-key' ? (
          <>
            <h3>Check that the new key works</h3>
            <p className="muted">
              Keyward calls the platform’s API with the new key (the secret goes only into the request’s authorisation
              header).
            </p>
            <VerificationNote v={verification} />
            <button
              type="button"
              className="button primary"
              disabled={isBusy}
              onClick={() => void step(() => call('rotations.verifyNewKey', { runId }))}
            >
              {isBusy ? 'Verifying…' : verification ? 'Verify again' : 'Verify the new key'}
            </button>
          </>
        ) : next?.step === 'update-deployments' ? (
          <>
            <h3>Put the new key everywhere the old one is used</h3>
            <VerificationNote v={verification} />
            <ul className="checklist">
              {run?.deployments.map((d) => (
                <li key={d.place} className={d.state}>
                  <Icon name={d.state === 'todo' ? 'server' : 'check'} size={14} />
                  <span>{d.place}</span>
                  {d.state === 'todo' ? (
                    <>
                      <button
                        type="button"
                        className="button small"
                        disabled={isBusy}
                        onClick={() =>
                          void step(() => call('rotations.tickDeployment', { runId, place: d.place, state: 'done' }))
                        }
                      >
                        Updated
                      </button>
                      <button
                        type="button"
                        className="button small ghost"
                        disabled={isBusy}
                        onClick={() =>
                          void step(() => call('rotations.tickDeployment', { runId, place: d.place, state: 'skipped' }))
                        }
                      >
                        Skip
                      </button>
                    </>
                  ) : (
                    <span className="faint">{d.state === 'done' ? 'Updated' : 'Skipped'}</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : next?.step === 'revoke-in-portal' ? (
          <>
            <h3>Revoke the old key</h3>
            <PortalSteps portal={next.portal} />
            <button
              type="button"
              className="button primary"
              disabled={isBusy}
              onClick={() => void step(() => call('rotations.beginRevocation', { runId }))}
            >
              I am revoking it in the portal
            </button>
          </>
        ) : next?.step === 'confirm-old-key-dead' ? (
          <>
            <h3>
              {run?.kind === 'revoke'
                ? 'Revoke the key in the portal, then confirm it is dead'
                : next.automatic
                  ? 'Keyward checks that the old key answers 401'
                  : 'Confirm the old key no longer works'}
            </h3>
            {next.automatic ? (
              <p className="muted">The old key died when the new one was made: there is nothing to do in the portal.</p>
            ) : null}
            {run?.kind === 'revoke' && platform && PORTAL_URL[platform] ? (
              <a className="button small" href={PORTAL_URL[platform]} target="_blank" rel="noreferrer noopener">
                <Icon name="external" /> Open the platform portal
              </a>
            ) : null}
            <p className="muted">
              Keyward calls the platform with the old key and expects a refusal. Only then is the key marked revoked.
            </p>
            <VerificationNote v={verification} />
            {verification && verification.result === 'valid' ? (
              <p className="field-error">The old key still works: revoke it in the portal, then check again.</p>
            ) : null}
            <button
              type="button"
              className="button primary"
              disabled={isBusy}
              onClick={() => void step(() => call('rotations.confirmOldKeyDead', { runId }))}
            >
              {isBusy ? 'Checking…' : 'Check the old key'}
            </button>
          </>
        ) : next?.step === 'reverify-new-key' ? (
          <>
            <h3>Check the new key again</h3>
            <p className="field-error" role="alert">
              The old key is dead and the new key does not verify: integrations using it are failing. Store the key the
              portal showed (Replace secret on the new key), then check again.
            </p>
            <VerificationNote v={verification} />
            <button
              type="button"
              className="button primary"
              disabled={isBusy}
              onClick={() => void step(() => call('rotations.reverifyNewKey', { runId }))}
            >
              {isBusy ? 'Verifying…' : 'Verify the new key again'}
            </button>
          </>
        ) : next?.step === 'finished' ? (
          <>
            <h3>
              {run?.phase === 'cancelled' ? 'Cancelled' : run?.kind === 'rotate' ? 'Rotation complete' : 'Key revoked'}
            </h3>
            <p className="muted">
              {run?.phase === 'cancelled'
                ? run.kind === 'revoke'
                  ? 'Cancelled the revocation; the key is unchanged.'
                  : run.newKeyId
                    ? 'Nothing more will happen. The new key you saved stays in the vault.'
                    : 'Nothing more will happen; the key is unchanged.'
                : run?.kind === 'rotate'
                  ? 'The platform refuses the old key, and the new key verified valid after that.'
                  : 'The platform refuses the key; it is marked revoked in the vault.'}
            </p>
            <button type="button" className="button primary" onClick={finish}>
              Done
            </button>
          </>
        ) : null}
        {/* A refusal of the new key's secret or expiry is said at its field instead. */}
        <ErrorNote error={next?.step === 'capture-new-key' && newKeyFieldOf(error) ? null : error} />
      </div>
      {!run && plan ? (
        <footer className="wizard-footer">
          <span className="muted small">Nothing has changed yet: closing this leaves the key as it is.</span>
        </footer>
      ) : null}
      {run && next?.step !== 'finished' ? (
        <footer className="wizard-footer">
          <span className="muted small">Every step is saved: close this and Keyward resumes here next time.</span>
          {view?.cancelRefusal ? (
            <span className="muted small" role="note">
              {view.cancelRefusal}
            </span>
          ) : (
            <button
              type="button"
              className="button ghost small"
              disabled={isBusy}
              onClick={() => void step(() => call('rotations.cancel', { runId }))}
            >
              Cancel the {run.kind === 'rotate' ? 'rotation' : 'revocation'}
            </button>
          )}
        </footer>
      ) : null}
    </Dialog>
  );
}

/** The seconds since an outage began, ticking while deployments are updated. */
function OutageTimer({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const secs = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const mm = String(Math.floor(secs / 60)).padStart(2, '0');
  const ss = String(secs % 60).padStart(2, '0');
  return (
    <div className="warning-box" role="timer" aria-label="Outage timer">
      <Icon name="alert" size={18} />
      <p>
        Outage running for {mm}:{ss}: every deployment is down until it has the new key.
      </p>
    </div>
  );
}

/** Before anything starts: the sequence, what depends on the key, the outage, the key cap's choice. */
function PlanStep({
  plan,
  typedName,
  onTypedName,
  isBusy,
  onStart,
}: {
  plan: RunPlan;
  typedName: string;
  onTypedName: (v: string) => void;
  isBusy: boolean;
  onStart: (sequence?: 'revoke-first') => void;
}) {
  const d = plan.dependants;
  const nameOk = !plan.typeNameToConfirm || typedName === plan.keyName;
  return (
    <>
      <h3>{plan.kind === 'rotate' ? `Before rotating ${plan.keyName}` : `Before revoking ${plan.keyName}`}</h3>
      <section aria-label="What depends on this key">
        <p className="muted">What depends on this key:</p>
        <ul className="checklist">
          <li>Environment: {d.environment || 'not recorded'}</li>
          <li>Last used: {d.lastUsedAt ?? 'not recorded'}</li>
          {d.deployments.length === 0 ? <li>Deployments: none recorded</li> : null}
          {d.deployments.map((p) => (
            <li key={p}>
              <Icon name="server" size={14} /> Deployment: {p}
            </li>
          ))}
          {d.openChecklists.map((c) => (
            <li key={c.id}>Open checklist: {c.title}</li>
          ))}
        </ul>
      </section>
      {plan.outageWarning ? (
        <div className="warning-box">
          <Icon name="alert" size={18} />
          <p>{plan.outageWarning}</p>
        </div>
      ) : null}
      {plan.cap ? (
        <section aria-label="Key limit reached" className="warning-box">
          <div>
            <p>{plan.cap.message}</p>
            <p>
              <strong>Delete an unused key first</strong>, then revoke it in Keyward and start again:
            </p>
            <ul>
              {plan.cap.candidates.length === 0 ? (
                <li>Keyward knows no revoked, unused or expired key of this account: check the portal list.</li>
              ) : (
                plan.cap.candidates.map((c) => (
                  <li key={c.id}>
                    {c.name}: {c.why}
                  </li>
                ))
              )}
            </ul>
            <p>
              <strong>Or revoke first</strong>: {plan.cap.revokeFirstOutage}
            </p>
            <button type="button" className="button" disabled={isBusy} onClick={() => onStart('revoke-first')}>
              Revoke first and rotate
            </button>
          </div>
        </section>
      ) : null}
      {plan.typeNameToConfirm ? (
        <label className="field">
          <span>
            Type <strong>{plan.keyName}</strong> to confirm
          </span>
          <input
            name="confirmName"
            autoComplete="off"
            value={typedName}
            onChange={(e) => onTypedName(e.currentTarget.value)}
          />
        </label>
      ) : null}
      {plan.cap ? null : (
        <div className="form-actions">
          <button type="button" className="button primary" disabled={isBusy || !nameOk} onClick={() => onStart()}>
            {plan.kind === 'rotate' ? 'Start the rotation' : 'Start the revocation'}
          </button>
        </div>
      )}
    </>
  );
}
