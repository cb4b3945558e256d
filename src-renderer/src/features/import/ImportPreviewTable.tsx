// The import preview: one row per key found, with its place in the file, name,
// platform (editable), how sure the detection is, hint, environment and whether it
// is a duplicate (duplicates start unchecked). A row with a problem starts unchecked,
// says its problem in its note and cannot be checked until the problem is gone (a
// platform chosen here can clear one). Large files show their first rows.
import type { ImportPreview } from '../../../../src-main/contract/outputs';
import type { PlatformId } from '../../../../src-main/contract/keys';
import { PLATFORM_LABEL } from '../../lib/platforms';

/** `confirmed`: the user accepted a guessed platform as it is (a guess is otherwise recorded as a guess). */
export type RowChoice = { include: boolean; platform: PlatformId; confirmed?: boolean };
type Item = ImportPreview['items'][number];
const SHOWN = 300;
const PLATFORMS = Object.keys(PLATFORM_LABEL) as PlatformId[];

/** What the core stores unless told otherwise: no duplicate, no password that is not an API key. */
export const storedByDefault = (i: Item): boolean => i.duplicateOf === null && i.offByDefault === null;
/** Duplicates, passwords that are not API keys and rows with a problem start unchecked. */
export const includedByDefault = (i: Item): boolean => storedByDefault(i) && i.errors.length === 0;

/** A row's problems as one sentence. */
export const problemText = (errors: string[]): string => `${errors.map((e) => e.replace(/\.$/, '')).join('; ')}.`;

function noteText(i: Item): string {
  const d = i.duplicateOf;
  if (d !== null) return d.kind === 'vault' ? `In vault: ${d.name}` : `Repeats ${d.ref}`;
  return i.offByDefault === null ? '' : `Left out: ${i.offByDefault}`;
}

export function ImportPreviewTable(props: {
  items: Item[];
  /** Rows checked again after a platform was chosen for them: their problems, warnings and hint as they are now. */
  revised: Record<number, Item>;
  fileName: string;
  choices: Record<number, RowChoice>;
  onChange: (next: Record<number, RowChoice>) => void;
  onPlatform: (index: number, platform: PlatformId) => void;
}) {
  const { items, revised, fileName, choices, onChange, onPlatform } = props;
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
          {items.slice(0, SHOWN).map((original) => {
            const i = revised[original.index] ?? original;
            const c = choices[i.index];
            const problem = i.errors.length > 0;
            const problemId = `import-problem-${i.index}`;
            return (
              <tr
                key={i.index}
                className={
                  problem ? 'is-duplicate has-problem' : includedByDefault(original) ? undefined : 'is-duplicate'
                }
                data-testid="import-row"
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Import ${i.name}`}
                    // A row with a problem cannot be stored: it is left out until the problem is gone.
                    disabled={problem}
                    {...(problem ? { 'aria-describedby': problemId } : {})}
                    checked={!problem && (c?.include ?? false)}
                    onChange={(e) => set(i.index, { include: e.target.checked })}
                  />
                </td>
                <td className="mono small">{where(i.ref)}</td>
                <td className="import-name" title={i.name}>
                  {i.name}
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
                    onChange={(e) => {
                      const platform = e.target.value as PlatformId;
                      set(i.index, { platform, confirmed: true });
                      onPlatform(i.index, platform);
                    }}
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
                <td className="small">
                  {problem ? (
                    <span className="field-error" id={problemId} data-testid="import-problem">
                      Left out: {problemText(i.errors)} Fix the row in the file and open it again; if its platform is
                      wrong, choose the right one here.
                    </span>
                  ) : (
                    noteText(i)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {items.length > SHOWN ? (
        <p className="muted small">
          Showing the first {SHOWN} of {items.length.toLocaleString('en')}; the rest are imported as detected, except
          those with a problem: they are left out and named after the import.
        </p>
      ) : null}
    </div>
  );
}
