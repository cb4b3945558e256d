// The inventory: the keys that need action by default (or every key), with their state,
// searchable, filterable and sortable, and the selected key's detail beside it.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyRow } from '../../../../src-main/contract/keys';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { needsAction } from '../../lib/attention';
import { useKeys } from '../../stores/keys.store';
import { useUi } from '../../stores/ui.store';
import { KeyDetailPanel } from '../key-detail/KeyDetailPanel';
import { BulkVerifyDialog } from './BulkVerifyDialog';
import { FilterBar, ViewSwitch } from './FilterBar';
import { KeyTable } from './KeyTable';
import { facets, queryKeys } from './query';

export function InventoryScreen() {
  const keys = useKeys((s) => s.keys);
  const damaged = useKeys((s) => s.damaged);
  const isLoaded = useKeys((s) => s.isLoaded);
  const query = useKeys((s) => s.query);
  const filters = useKeys((s) => s.filters);
  const sort = useKeys((s) => s.sort);
  const openId = useKeys((s) => s.openId);
  const clearFilters = useKeys((s) => s.clearFilters);
  const view = useKeys((s) => s.view);
  const setView = useKeys((s) => s.setView);
  const setAdd = useUi((s) => s.setAdd);
  const setCreate = useUi((s) => s.setCreate);
  const setImport = useUi((s) => s.setImport);
  const setTransfer = useUi((s) => s.setTransfer);
  const setBulkEdit = useUi((s) => s.setBulkEdit);
  const deferredQuery = useDeferredValue(query);
  const [verifying, setVerifying] = useState<KeyRow[] | null>(null);

  const needing = useMemo(() => keys.filter((k) => needsAction(k.attention.state)).length, [keys]);
  const rows = useMemo(
    () => queryKeys(keys, deferredQuery, filters, sort, view),
    [keys, deferredQuery, filters, sort, view],
  );
  const isCalm = view === 'needs-action' && needing === 0;
  const { tags, owners } = useMemo(() => facets(keys), [keys]);
  const screen = useRef<HTMLElement>(null);
  const importFirst = useRef<HTMLButtonElement>(null);
  // Arriving from Create vault or Unlock leaves focus on nothing (their form is gone): put it on the empty
  // inventory's first action, or on the inventory itself (the skip link's target), once the keys are loaded.
  useEffect(() => {
    if (!isLoaded) return;
    const at = document.activeElement;
    if (at && at !== document.body) return;
    (importFirst.current ?? screen.current)?.focus();
  }, [isLoaded]);

  return (
    <section className="screen inventory" aria-labelledby="inventory-title" tabIndex={-1} ref={screen}>
      <header className="screen-header">
        <div>
          <h1 id="inventory-title">Inventory</h1>
          <p className="muted">Secrets stay encrypted until you reveal or copy one.</p>
        </div>
        <div className="header-actions">
          {keys.length > 0 ? (
            <button
              type="button"
              className="button"
              title="Check the listed active keys against their platforms"
              onClick={() => setVerifying(rows.filter((k) => k.platform !== 'custom' && k.status === 'active'))}
            >
              <Icon name="shield" /> Verify listed
            </button>
          ) : null}
          {keys.length > 0 ? (
            <button
              type="button"
              className="button"
              title="Set the owner, account, environment, tags or names of every listed key at once"
              onClick={() => setBulkEdit(rows.map((k) => k.id))}
            >
              <Icon name="edit" /> Edit listed…
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            title="Import keys from a .env, CSV or password manager export"
            onClick={() => setImport(true)}
          >
            <Icon name="import" /> Import
          </button>
          {keys.length > 0 ? (
            <button
              type="button"
              className="button"
              title="Export the inventory without secrets (HTML report, JSON, CSV, Markdown), or back up the vault"
              onClick={() => setTransfer('export')}
            >
              <Icon name="export" /> Export…
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            title="Make a new key in a platform's portal, then store and verify it"
            onClick={() => setCreate(true)}
          >
            <Icon name="external" /> Create key
          </button>
          <button
            type="button"
            className="button primary"
            title="Record a key you already have"
            onClick={() => setAdd(true)}
          >
            <Icon name="plus" /> Add key
          </button>
        </div>
      </header>
      {damaged.length > 0 ? (
        <div className="error-note" role="alert">
          <strong>
            {damaged.length === 1 ? 'One key record is damaged' : `${damaged.length} key records are damaged`} and
            cannot be shown.
          </strong>{' '}
          Every other key is intact; restore the vault from a backup to recover it.
        </div>
      ) : null}
      {isLoaded && keys.length === 0 ? (
        <EmptyState
          icon="keys"
          title="No keys yet"
          action={
            <div className="empty-actions">
              <button type="button" className="button primary" onClick={() => setImport(true)} ref={importFirst}>
                <Icon name="import" /> Import your keys
              </button>
              <button type="button" className="button" onClick={() => setAdd(true)}>
                Add your first key
              </button>
            </div>
          }
        >
          Start with the keys you already have: import a .env file, a CSV or a password manager export, then fill in
          owners and accounts for many keys at once. Keyward keeps each key encrypted with its platform, owner, expiry
          and where it is deployed, and warns you before it expires.
        </EmptyState>
      ) : (
        <>
          <div className="inventory-bar">
            <ViewSwitch needing={needing} all={keys.length} />
          </div>
          <FilterBar
            tags={tags}
            owners={owners}
            shown={rows.length}
            total={view === 'needs-action' ? needing : keys.length}
          />
          {isCalm && isLoaded ? (
            <EmptyState
              icon="check"
              title="Nothing needs action"
              action={
                <button type="button" className="button" onClick={() => setView('all')}>
                  {keys.length === 1 ? 'Show the key' : `Show all ${keys.length.toLocaleString('en')} keys`}
                </button>
              }
            >
              No key is expired, refused by its platform, stuck revoking or due in the next days. Housekeeping waits in
              the weekly digest on the Alerts screen.
            </EmptyState>
          ) : rows.length === 0 && isLoaded ? (
            <EmptyState
              icon="search"
              title="No key matches"
              action={
                <button type="button" className="button" onClick={clearFilters}>
                  Clear search and filters
                </button>
              }
            >
              Nothing matches this search and these filters. Try fewer words, or clear the filters.
            </EmptyState>
          ) : (
            <KeyTable rows={rows} isSettling={deferredQuery !== query} />
          )}
        </>
      )}
      {openId ? <KeyDetailPanel id={openId} /> : null}
      {verifying ? <BulkVerifyDialog keys={verifying} onClose={() => setVerifying(null)} /> : null}
    </section>
  );
}
