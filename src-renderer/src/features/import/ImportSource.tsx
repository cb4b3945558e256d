// The import dialog's source bar (choose a file, format, read again), the format names,
// the column-mapping text and the list-shaped refusal. No secret passes through here.
import type { ImportFormat } from '../../../../src-main/contract/transfer';
import { messageOf } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';

/** Typed by the core's format list, so a new format without a label fails the typecheck. */
export const FORMAT_LABEL: Record<ImportFormat, string> = {
  env: '.env file',
  csv: 'CSV (spreadsheet)',
  keyward: 'Keyward JSON',
  'bitwarden-json': 'Bitwarden JSON',
  'onepassword-csv': '1Password CSV',
  'keepassxc-csv': 'KeePassXC CSV',
  'keepass-xml': 'KeePass 2 XML',
};

/** "Service=name, Key Value=secret" -> a column mapping for CSV files. */
export function parseMapping(text: string): Record<string, string> | undefined {
  const pairs = text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => [p.slice(0, p.lastIndexOf('=')).trim(), p.slice(p.lastIndexOf('=') + 1).trim()] as const);
  return pairs.length > 0 ? Object.fromEntries(pairs) : undefined;
}

export function ImportSourceBar(props: {
  fileName: string | null;
  format: string;
  isBusy: boolean;
  onFormat: (format: string) => void;
  onPick: () => void;
  onReload: (() => void) | null;
}) {
  const { fileName, format, isBusy, onFormat, onPick, onReload } = props;
  return (
    <div className="import-source">
      {/* The first step's action: the dialog opens on it, not on the optional format, and focus comes back to it
          once the file is read (it is disabled while it is). */}
      <button type="button" className="button" disabled={isBusy} onClick={onPick} data-autofocus>
        <Icon name="import" /> {fileName ? 'Choose another file' : 'Choose a file…'}
      </button>
      {fileName ? <span className="mono small">{fileName}</span> : null}
      <label className="import-format">
        <span className="sr-only">Format</span>
        <select className="small-select" aria-label="Format" value={format} onChange={(e) => onFormat(e.target.value)}>
          <option value="">Detect the format</option>
          {(Object.keys(FORMAT_LABEL) as ImportFormat[]).map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABEL[f]}
            </option>
          ))}
        </select>
      </label>
      {onReload ? (
        <button type="button" className="button" disabled={isBusy} onClick={onReload}>
          Read again
        </button>
      ) : null}
    </div>
  );
}

/** The core's refusal lists one problem a line: show them as a list. */
export function ImportError({ error }: { error: unknown }) {
  const lines = messageOf(error).split('\n');
  if (lines.length === 1) return <ErrorNote error={error} />;
  return (
    <div className="error-note" role="alert">
      <strong>{lines[0]}</strong>
      <ul className="import-errors">
        {lines.slice(1).map((l, n) => (
          <li key={n} className="mono small">
            {l.trim()}
          </li>
        ))}
      </ul>
    </div>
  );
}
