// A platform's portal instructions: where to click, with a deep link opened in the
// browser (the shell allows only the platforms' https hosts).
import { stepForApp } from '../../api/messages';
import type { PortalInstructions } from '../../../../src-main/contract/rotations';
import { Icon } from '../../components/Icon';

export function PortalSteps({ portal, warning }: { portal: PortalInstructions; warning?: string }) {
  return (
    <div className="portal">
      {warning ? (
        <div className="warning-box">
          <Icon name="alert" size={18} />
          <p>{warning}</p>
        </div>
      ) : null}
      <p className="muted">
        In {portal.platform}: <strong>{portal.menuPath}</strong>
      </p>
      <ol className="portal-steps">
        {portal.steps.map((s) => (
          <li key={s}>{stepForApp(s)}</li>
        ))}
      </ol>
      {portal.notes.length > 0 ? (
        <ul className="portal-notes">
          {portal.notes.map((n) => (
            <li key={n}>{stepForApp(n)}</li>
          ))}
        </ul>
      ) : null}
      {portal.url ? (
        <a className="button small" href={portal.url} target="_blank" rel="noreferrer noopener">
          <Icon name="external" /> Open the {portal.platform} portal
        </a>
      ) : null}
    </div>
  );
}
