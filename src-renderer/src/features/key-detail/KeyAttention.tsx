// "Needs attention": the key's state, its reasons (most urgent first) and the one next action,
// as the core's attention function gave them, in the key's detail panel.
import type { KeyAttention as Attention } from '../../../../src-main/contract/attention';
import { StateBadge } from '../../components/Badge';
import { ACTION_LABEL, type AttentionAction } from '../../lib/attention';

export function KeyAttention({ attention, onAct }: { attention: Attention; onAct: (a: AttentionAction) => void }) {
  if (attention.state === 'fine') return null;
  const { action } = attention;
  return (
    <section className={`detail-section key-attention state-box-${attention.state}`} data-testid="key-attention">
      <h3>Needs attention</h3>
      <div className="key-attention-head">
        <StateBadge attention={attention} />
        {action !== 'none' ? (
          <button
            type="button"
            className={`button small${attention.state === 'act-now' ? ' primary' : ''}`}
            onClick={() => onAct(action)}
          >
            Next step: {action === 'snooze' ? 'Snooze 7 days' : ACTION_LABEL[action]}
          </button>
        ) : null}
      </div>
      <ul className="key-alerts">
        {attention.reasons.map((r) => (
          <li key={`${r.kind}:${r.alertId ?? ''}`} className={`reason reason-${r.state}`}>
            {r.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
