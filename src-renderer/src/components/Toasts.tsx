// Passing notices in the corner; errors stay longer and say what to do next.
import { useUi } from '../stores/ui.store';
import { Icon } from './Icon';

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <div>
            <strong>{t.title}</strong>
            {t.detail ? <p>{t.detail}</p> : null}
          </div>
          <button type="button" className="icon-button" onClick={() => dismiss(t.id)} aria-label="Dismiss">
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
