// An inventory export, read-only: the inventory table (search, sort, keyboard) and a
// detail panel without any action. No reveal, copy, edit or verify exists here: the
// file holds no secret and is not a vault.
import { plural, verifyLabel } from '../../api/messages';
import { useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { KeyRecord } from '../../../../src-main/contract/keys';
import type { InventoryView } from '../../../../src-main/contract/transfer';
import { Expiry } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { formatDate, formatDateTime, relativeDay } from '../../lib/dates';
import { useInventoryFile } from '../../stores/inventory-file.store';
import { NO_FILTERS, useKeys } from '../../stores/keys.store';
import { KeyTable } from '../inventory/KeyTable';
import { DetailHeader } from '../key-detail/DetailHeader';
import { KeyAlerts } from '../key-detail/KeyAlerts';
import { queryKeys } from '../inventory/query';
import { needsAction } from '../../lib/attention';

function Prop({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="prop">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const orNone = (s: string, none = 'Not set') => (s.trim() ? s : <span className="faint">{none}</span>);

function ReadOnlyDetail({ record, view }: { record: KeyRecord; view: InventoryView }) {
  const open = useKeys((s) => s.open);
  const keyAlerts = view.alerts.filter((a) => a.keyId === record.id);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') open(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <aside className="detail" aria-label={`Key ${record.name}`} data-testid="key-detail">
      <DetailHeader record={record} onClose={() => open(null)} />
      <div className="detail-scroll">
        <p className="detail-name">{record.name}</p>
        <KeyAlerts alerts={keyAlerts} />
        <section className="detail-section">
          <h3>Details</h3>
          <dl className="props read-only-props">
            <Prop label="Account">{orNone(record.account)}</Prop>
            <Prop label="Owner">{orNone(record.owner)}</Prop>
            <Prop label="Environment">{orNone(record.environment)}</Prop>
            <Prop label="Purpose">{orNone(record.purpose)}</Prop>
            <Prop label="Expires">
              <span>
                <Expiry date={record.expiresAt} /> <span className="faint">· {formatDate(record.expiresAt)}</span>
              </span>
            </Prop>
            <Prop label="Last used">{relativeDay(record.lastUsedAt)}</Prop>
            <Prop label="Created">{formatDate(record.createdAt)}</Prop>
            <Prop label="Rotate every">
              {record.rotateEveryDays === null ? (
                <span className="faint">No policy</span>
              ) : (
                plural(record.rotateEveryDays, 'day')
              )}
            </Prop>
            <Prop label="Tags">{orNone(record.tags.join(', '), 'No tags')}</Prop>
            <Prop label="Scopes">{orNone(record.scopes.join(', '), 'Not recorded')}</Prop>
            <Prop label="Deployed to">{orNone(record.deployedTo.join('; '), 'Nowhere recorded')}</Prop>
            <Prop label="Notes">{orNone(record.notes, 'No notes')}</Prop>
            <Prop label="Last verified">
              {record.lastVerification ? (
                <>
                  {verifyLabel(record.lastVerification.result)} · {record.lastVerification.message}{' '}
                  <span className="faint">({formatDateTime(record.lastVerification.at)})</span>
                </>
              ) : (
                <span className="faint">Never</span>
              )}
            </Prop>
          </dl>
        </section>
        <p className="muted small">Read-only: this key is in an exported file, not in a vault.</p>
      </div>
    </aside>
  );
}

export function InventoryFileView({ view }: { view: InventoryView }) {
  const close = useInventoryFile((s) => s.close);
  const sort = useKeys((s) => s.sort);
  const openId = useKeys((s) => s.openId);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const rows = useMemo(() => queryKeys(view.keys, deferred, NO_FILTERS, sort), [view.keys, deferred, sort]);
  const record = openId ? view.keys.find((k) => k.id === openId) : undefined;
  // Keys, not alerts: the number the badge would show had these keys been in the vault.
  const needing = view.keys.filter((k) => needsAction(k.attention.state)).length;

  return (
    <main className="inventory-file" aria-labelledby="inventory-file-title">
      <div className="banner read-only-banner" role="status" data-testid="read-only-banner">
        <Icon name="lock" size={16} />
        <span>
          <strong>Read-only:</strong> {view.fileName}, exported {formatDateTime(view.exportedAt)} from {view.source}. No
          secrets are in this file.
        </span>
        <button type="button" className="button small" onClick={close}>
          <Icon name="close" /> Close
        </button>
      </div>
      <section className="screen inventory">
        <header className="screen-header">
          <div>
            <h1 id="inventory-file-title">Inventory export</h1>
            <p className="muted">
              {view.keys.length} {view.keys.length === 1 ? 'key' : 'keys'}
              {needing > 0 ? ` · ${needing} ${needing === 1 ? 'needs' : 'need'} action` : ''}. States use the default
              thresholds and what each key records.
            </p>
          </div>
        </header>
        {view.keys.length === 0 ? (
          <EmptyState icon="keys" title="This export lists no keys">
            The file is a valid inventory export with no keys in it.
          </EmptyState>
        ) : (
          <>
            <div className="filter-bar">
              <div className="search">
                <Icon name="search" />
                <input
                  type="search"
                  placeholder="Search name, account, owner, tags…"
                  aria-label="Search keys"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                />
              </div>
              <span className="muted small">
                {rows.length === view.keys.length
                  ? plural(rows.length, 'key')
                  : `${rows.length} of ${view.keys.length}`}
              </span>
            </div>
            <KeyTable rows={rows} isExport isSettling={deferred !== query} />
          </>
        )}
        {record ? <ReadOnlyDetail record={record} view={view} /> : null}
      </section>
    </main>
  );
}
