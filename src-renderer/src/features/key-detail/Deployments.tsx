// Where a key is deployed: the places a rotation must update. Added and removed in place.
import { useState } from 'react';
import type { KeyRecord } from '../../../../src-main/contract/keys';
import { Icon } from '../../components/Icon';
import type { KeyFields } from '../../stores/keys.store';

export function Deployments({ record, save }: { record: KeyRecord; save: (p: KeyFields) => Promise<unknown> }) {
  const [draft, setDraft] = useState('');
  const add = async () => {
    if (!draft.trim()) return;
    await save({ deployedTo: [...record.deployedTo, draft.trim()] });
    setDraft('');
  };
  return (
    <div className="deployments">
      {record.deployedTo.length === 0 ? (
        <p className="muted small">
          Not recorded anywhere. Note where this key is used, so a rotation updates every place.
        </p>
      ) : null}
      <ul>
        {record.deployedTo.map((d, i) => (
          <li key={`${d}-${i}`}>
            <Icon name="server" size={14} />
            <span>{d}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${d}`}
              onClick={() => void save({ deployedTo: record.deployedTo.filter((_, j) => j !== i) })}
            >
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="e.g. GitHub Actions secret DEPLOY_KEY in acme/api"
          aria-label="Add a deployment"
        />
        <button type="submit" className="button small" disabled={!draft.trim()}>
          Add
        </button>
      </form>
    </div>
  );
}
