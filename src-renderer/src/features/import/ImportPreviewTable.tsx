// The import preview: one row per key found, with its place in the file, name,
// platform (editable), how sure the detection is, hint, environment and whether it
// is a duplicate (duplicates start unchecked). Large files show their first rows.
import type { ImportPreview } from '../../../../src-main/contract/outputs';
import type { PlatformId } from '../../../../src-main/contract/keys';
import { PLATFORM_LABEL } from '../../lib/platforms';

/** `confirmed`: the user accepted a guessed platform as it is (a guess is otherwise recorded as a guess). */
export type RowChoice = { include: boolean; platform: PlatformId; confirmed?: boolean };
type Item = ImportPreview['items'][number];
const SHOWN = 300;
const PLATFORMS = Object.keys(PLATFORM_LABEL) as PlatformId[];

/** Duplicates and passwords that are not API keys start unchecked. */
export const includedByDefault = (i: Item): boolean => i.duplicateOf === null && i.offByDefault === null;

function noteText(i: Item): string {
  const d = i.duplicateOf;
  if (d !== null) return d.kind === 'vault' ? `In vault: ${d.name}` : `Repeats ${d.ref}`;
  return i.offByDefault === null ? '' : `Left out: ${i.offByDefault}`;
}

export function ImportPreviewTable(props: {
  items: Item[];
  fileName: string;
  choices: Record<number, RowChoice>;
  onChange: (next: Record<number, RowChoice>) => void;
}) {
  const { items, fileName, choices, onChange } = props;
  const set = (index: number, patch: Partial<RowChoice>) => {
    const current = choices[index];
    if (current) onChange({ ...choices, [index]: { ...current, ...patch } });
  };
  const where = (ref: string) => ref.replace(fileName, '').replace(/^[:\s]+/, '') || ref;
  return (
    <div className="import-table-wrap">
      <table className="import-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Import</span>
            </th>
            <th scope="col">Where</th>
            <th scope="col">Name</th>
            <th scope="col">Platform</th>
            <th scope="col">Detected</th>
            <th scope="col">Hint</th>
            <th scope="col">Env</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, SHOWN).map((i) => {
            const c = choices[i.index];
            return (
              <tr key={i.index} className={includedByDefault(i) ? undefined : 'is-duplicate'} data-testid="import-row">
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Import ${i.name}`}
                    checked={c?.include ?? false}
                    onChange={(e) => set(i.index, { include: e.target.checked })}
                  />
                </td>
                <td className="mono small">{where(i.ref)}</td>
                <td className="import-name" title={i.name}>
                  {i.name}
                  {i.errors.length > 0 ? <span className="field-error"> {i.errors.join('; ')}</span> : null}
                  {i.warnings.length > 0 ? (
                    <span className="small" style={{ color: 'var(--warning)' }} data-testid="import-warning">
                      {' '}
                      {i.warnings.join('; ')}
                    </span>
                  ) : null}
                </td>
                <td>
                  <select
                    className="small-select"
                    aria-label={`Platform of ${i.name}`}
                    value={c?.platform ?? i.platform}
                    onChange={(e) => set(i.index, { platform: e.target.value as PlatformId, confirmed: true })}
                  >
                    {PLATFORMS.map((p) => (
                      <option key={p} value={p}>
                        {PLATFORM_LABEL[p]}
                        {p === 'custom' && i.service ? ` (${i.service})` : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <span className={`confidence confidence-${i.confidence}`} title={i.reason}>
                    {i.confidence === 'none'
                      ? 'not detected'
                      : i.confidence === 'low'
                        ? 'guess: confirm'
                        : i.confidence}
                  </span>
                  {i.confidence === 'low' ? (
                    // Keeping the guessed platform is a choice too: confirming it is what lets verify --all check the key.
                    <label className="small">
                      {' '}
                      <input
                        type="checkbox"
                        aria-label={`Confirm ${PLATFORM_LABEL[c?.platform ?? i.platform]} for ${i.name}`}
                        checked={c?.confirmed === true}
                        onChange={(e) => set(i.index, { confirmed: e.target.checked })}
                      />{' '}
                      confirmed
                    </label>
                  ) : null}
                  {i.pairedWith ? <span className="small muted"> · instance id from {i.pairedWith}</span> : null}
                </td>
                <td className="mono small">{i.hint}</td>
                <td className="small">{i.environment}</td>
                <td className="small">{noteText(i)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {items.length > SHOWN ? (
        <p className="muted small">
          Showing the first {SHOWN} of {items.length.toLocaleString('en')}; the rest are imported as detected.
        </p>
      ) : null}
    </div>
  );
}
