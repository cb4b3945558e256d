// The keys a scan found that the vault does not hold, each with "Import…" (and "Import all N…"): the user
// confirms or changes the name and platform, may add owner, account and environment, and main stores the
// value it kept with the result. SECURITY: this page only names a group by its id; it never holds a value.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PLATFORM_IDS, type PlatformId } from '../../../../src-main/contract/keys';
import type { ScanImportItem, ScanResult } from '../../../../src-main/contract/scan';
import { alreadyStoredAs, plural } from '../../api/messages';
import { ErrorNote } from '../../components/ErrorNote';
import { PlatformField } from '../../components/PlatformField';
import { useScan } from '../../stores/scan.store';
import { detectedLabel, Places } from './Places';

type Unknown = ScanResult['unknown'][number];
type Extra = { owner: string; account: string; environment: string };
const NO_EXTRA: Extra = { owner: '', account: '', environment: '' };
const isOpenToImport = (u: Unknown) => !u.imported && !u.heldBy;
const platformOf = (p: string): PlatformId =>
  (PLATFORM_IDS as readonly string[]).includes(p) ? (p as PlatformId) : 'custom';

function ExtraFields({ extra, onChange }: { extra: Extra; onChange: (e: Extra) => void }) {
  const field = (key: keyof Extra, label: string) => (
    <label className="field">
      <span>
        {label} <span className="faint">(optional)</span>
      </span>
      <input name={key} value={extra[key]} onChange={(e) => onChange({ ...extra, [key]: e.target.value })} />
    </label>
  );
  return (
    <>
      {field('owner', 'Owner')}
      {field('account', 'Account')}
      {field('environment', 'Environment')}
    </>
  );
}

/** The row's outcome: "Imported as NAME" (a link to the key's detail) or the key that holds it already. */
function Outcome({ u, onOpen, focus }: { u: Unknown; onOpen: (keyId: string) => void; focus: boolean }) {
  const link = useRef<HTMLButtonElement>(null);
  const note = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focus) (link.current ?? note.current)?.focus();
  }, [focus]);
  if (u.imported) {
    const { keyId, keyName } = u.imported;
    return (
      <p className="scan-imported" role="status">
        Imported as{' '}
        <button ref={link} type="button" className="link-button" onClick={() => onOpen(keyId)}>
          {keyName}
        </button>
      </p>
    );
  }
  if (u.heldBy)
    return (
      <p className="scan-held" role="status" tabIndex={-1} ref={note}>
        {alreadyStoredAs(u.heldBy)}
      </p>
    );
  return null;
}

function ImportForm({ u, onDone, onCancel }: { u: Unknown; onDone: () => void; onCancel: () => void }) {
  const importUnknown = useScan((s) => s.importUnknown);
  const [name, setName] = useState(u.importName);
  const [platform, setPlatform] = useState<PlatformId>(platformOf(u.platform));
  const [extra, setExtra] = useState(NO_EXTRA);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => nameRef.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await importUnknown([{ id: u.id, name, platform, ...extra }]);
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form className="scan-import form-grid" aria-label={`Import ${u.label}`} onSubmit={(e) => void submit(e)}>
      <label className="field span-2">
        <span>Name</span>
        <input ref={nameRef} name="name" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <PlatformField value={platform} choices={PLATFORM_IDS} onChange={setPlatform} />
      <ExtraFields extra={extra} onChange={setExtra} />
      <div className="span-2">
        <ErrorNote error={error} />
      </div>
      <div className="scan-import-actions span-2">
        <button type="button" className="button small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button small primary" disabled={isBusy || name.trim() === ''}>
          {isBusy ? 'Importing…' : 'Import key'}
        </button>
      </div>
    </form>
  );
}

function UnknownRow(props: { u: Unknown; folder: string | null; canImport: boolean; onOpen: (id: string) => void }) {
  const { u } = props;
  const [isForm, setForm] = useState(false);
  const [justDone, setJustDone] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    setForm(false);
    // Focus goes back to the action that opened the form.
    window.setTimeout(() => opener.current?.focus(), 0);
  };
  return (
    <li className="scan-group" aria-label={u.label}>
      <div className="scan-group-head">
        <strong>{u.label}</strong>
        <span className="chip">{detectedLabel(u)}</span>
        {u.assignedTo ? (
          <span className="faint small">
            as <span className="mono">{u.assignedTo}</span>
          </span>
        ) : null}
        {props.canImport && isOpenToImport(u) && !isForm ? (
          <button
            ref={opener}
            type="button"
            className="button small scan-import-open"
            aria-label={`Import ${u.label}${u.assignedTo ? ` (${u.assignedTo})` : ''}…`}
            onClick={() => setForm(true)}
          >
            Import…
          </button>
        ) : null}
      </div>
      <Places places={u.places} folder={props.folder} />
      {isForm && isOpenToImport(u) ? (
        <ImportForm
          u={u}
          onCancel={cancel}
          onDone={() => {
            setForm(false);
            setJustDone(true);
          }}
        />
      ) : null}
      <Outcome u={u} onOpen={props.onOpen} focus={justDone} />
    </li>
  );
}

/** "Import all N…": every key not yet imported, under the names shown and the detected platforms. */
function ImportAll({ open }: { open: Unknown[] }) {
  const importUnknown = useScan((s) => s.importUnknown);
  const [isForm, setForm] = useState(false);
  const [extra, setExtra] = useState(NO_EXTRA);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (isForm) firstRef.current?.focus();
  }, [isForm]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const items: ScanImportItem[] = open.map((u) => ({
      id: u.id,
      name: u.importName,
      platform: platformOf(u.platform),
      ...extra,
    }));
    try {
      const outcomes = await importUnknown(items);
      const stored = outcomes.filter((o) => o.outcome === 'imported').length;
      const held = outcomes.length - stored;
      setForm(false);
      setDone(
        `${plural(stored, 'key')} imported${held > 0 ? `; ${held.toLocaleString('en')} already in your vault` : ''}.`,
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (done)
    return (
      <p className="scan-imported" role="status" tabIndex={-1} ref={doneRef}>
        {done}
      </p>
    );
  if (open.length < 2) return null;
  if (!isForm)
    return (
      <div>
        <button ref={opener} type="button" className="button small" onClick={() => setForm(true)}>
          Import all {open.length}…
        </button>
      </div>
    );
  return (
    <form
      className="scan-import form-grid"
      aria-label="Import all keys not in your vault"
      onSubmit={(e) => void submit(e)}
    >
      <p className="muted small span-2">
        Each key is stored under the name shown below and its detected platform; you can change them later in its
        detail. These facts are set on all {open.length}:
      </p>
      <label className="field">
        <span>
          Owner <span className="faint">(optional)</span>
        </span>
        <input
          ref={firstRef}
          name="owner"
          value={extra.owner}
          onChange={(e) => setExtra({ ...extra, owner: e.target.value })}
        />
      </label>
      <label className="field">
        <span>
          Account <span className="faint">(optional)</span>
        </span>
        <input name="account" value={extra.account} onChange={(e) => setExtra({ ...extra, account: e.target.value })} />
      </label>
      <label className="field">
        <span>
          Environment <span className="faint">(optional)</span>
        </span>
        <input
          name="environment"
          value={extra.environment}
          onChange={(e) => setExtra({ ...extra, environment: e.target.value })}
        />
      </label>
      <ul className="span-2 small scan-import-names">
        {open.map((u) => (
          <li key={u.id}>
            <span className="mono">{u.importName}</span> <span className="faint">· {detectedLabel(u)}</span>
          </li>
        ))}
      </ul>
      <div className="span-2">
        <ErrorNote error={error} />
      </div>
      <div className="scan-import-actions span-2">
        <button
          type="button"
          className="button small"
          onClick={() => {
            setForm(false);
            window.setTimeout(() => opener.current?.focus(), 0);
          }}
        >
          Cancel
        </button>
        <button type="submit" className="button small primary" disabled={isBusy}>
          {isBusy ? 'Importing…' : `Import ${plural(open.length, 'key')}`}
        </button>
      </div>
    </form>
  );
}

export function UnknownKeys(props: {
  unknown: Unknown[];
  folder: string | null;
  canImport: boolean;
  onOpen: (keyId: string) => void;
}) {
  const open = props.unknown.filter(isOpenToImport);
  return (
    <section aria-labelledby="scan-unknown">
      <h3 id="scan-unknown">{plural(props.unknown.length, 'key', 'keys')} not in your vault</h3>
      <p className="muted small">
        Key-shaped values Keyward does not hold. If one is a live key, import it into the vault, then remove the copy.
      </p>
      {props.canImport ? <ImportAll open={open} /> : null}
      <ul className="scan-groups" data-testid="scan-unknown">
        {props.unknown.map((u) => (
          <UnknownRow key={u.id} u={u} folder={props.folder} canImport={props.canImport} onOpen={props.onOpen} />
        ))}
      </ul>
    </section>
  );
}
