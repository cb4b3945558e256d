// The view (Needs action or All keys), search as you type, and the filters: platform, status, state, tag, owner.
import { plural } from '../../api/messages';
import { useEffect, useRef, useState } from 'react';
import type { PlatformId } from '../../../../src-main/contract/keys';
import { STATUS_TRUTHS, type StatusTruth } from '../../../../src-main/contract/attention';
import { FilterSelect } from '../../components/FilterSelect';
import { Icon } from '../../components/Icon';
import { PLATFORMS, PLATFORM_LABEL } from '../../lib/platforms';
import { STATE_LABEL, STATE_ORDER, STATUS_TRUTH_LABEL, needsAction, type AttentionState } from '../../lib/attention';
import { useKeys } from '../../stores/keys.store';

/** `total`: the keys of the current view (those needing action, or all). */
type Props = { tags: string[]; owners: string[]; shown: number; total: number };

export function ViewSwitch({ needing, all }: { needing: number; all: number }) {
  const view = useKeys((s) => s.view);
  const setView = useKeys((s) => s.setView);
  return (
    <div className="view-switch" role="group" aria-label="Show">
      <button
        type="button"
        aria-pressed={view === 'needs-action'}
        className={view === 'needs-action' ? 'on' : ''}
        onClick={() => setView('needs-action')}
      >
        Needs action <span className="view-count">{needing.toLocaleString('en')}</span>
      </button>
      <button
        type="button"
        aria-pressed={view === 'all'}
        className={view === 'all' ? 'on' : ''}
        onClick={() => setView('all')}
      >
        All keys <span className="view-count">{all.toLocaleString('en')}</span>
      </button>
    </div>
  );
}

export function FilterBar({ tags, owners, shown, total }: Props) {
  const view = useKeys((s) => s.view);
  const query = useKeys((s) => s.query);
  const filters = useKeys((s) => s.filters);
  const setQuery = useKeys((s) => s.setQuery);
  const setFilter = useKeys((s) => s.setFilter);
  const clearFilters = useKeys((s) => s.clearFilters);
  const search = useRef<HTMLInputElement>(null);
  const isFiltered = query !== '' || Object.values(filters).some((v) => v !== '');
  const setFilters = Object.values(filters).filter((v) => v !== '').length;
  // A narrow window (200 %) folds the filters under a Filters button, so the table keeps the room below the search.
  const [areFiltersOpen, setFiltersOpen] = useState(false);

  // "/" focuses the search from anywhere outside a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="filter-bar">
      <div className="search">
        <Icon name="search" />
        <input
          ref={search}
          type="search"
          placeholder="Search name, account, owner, tag…"
          aria-label="Search keys"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            // Esc clears the search first; with nothing to clear it closes the topmost layer (the detail panel).
            if (e.key === 'Escape' && query !== '') {
              e.preventDefault();
              setQuery('');
            }
            if (e.key === 'ArrowDown')
              (document.querySelector('[data-testid="key-table"]') as HTMLElement | null)?.focus();
          }}
        />
        <kbd>/</kbd>
      </div>
      {/* One group: when the bar is narrow it goes under the search whole, so Clear never sits alone on a line. */}
      <button
        type="button"
        className="button small filters-toggle"
        aria-expanded={areFiltersOpen}
        aria-controls="inventory-filters"
        onClick={() => setFiltersOpen(!areFiltersOpen)}
      >
        Filters{setFilters > 0 ? ` (${setFilters})` : ''}
      </button>
      <div className="filter-controls" id="inventory-filters" data-open={areFiltersOpen ? 'true' : undefined}>
        <FilterSelect
          label="Platform"
          value={filters.platform}
          all="All platforms"
          options={PLATFORMS.map((p) => [p, PLATFORM_LABEL[p]] as const)}
          onChange={(v: PlatformId | '') => setFilter('platform', v)}
        />
        <FilterSelect
          label="Status"
          value={filters.status}
          all="Any status"
          options={STATUS_TRUTHS.map((st) => [st, STATUS_TRUTH_LABEL[st]] as const)}
          onChange={(v: StatusTruth | '') => setFilter('status', v)}
        />
        <FilterSelect
          label="State"
          value={filters.state}
          all="Any state"
          options={STATE_ORDER.filter((st) => view === 'all' || needsAction(st)).map(
            (st) => [st, STATE_LABEL[st]] as const,
          )}
          onChange={(v: AttentionState | '') => setFilter('state', v)}
        />
        <FilterSelect
          label="Tag"
          value={filters.tag}
          all="Any tag"
          options={tags.map((t) => [t, t] as const)}
          onChange={(v) => setFilter('tag', v)}
        />
        <FilterSelect
          label="Owner"
          value={filters.owner}
          all="Any owner"
          options={owners.map((o) => [o, o] as const)}
          onChange={(v) => setFilter('owner', v)}
        />
        <span className="filter-result">
          <span className="count" aria-live="polite" data-testid="result-count">
            {view === 'needs-action'
              ? shown === total
                ? `${total.toLocaleString('en')} ${total === 1 ? 'needs' : 'need'} action`
                : `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} need action`
              : shown === total
                ? plural(total, 'key')
                : `${shown.toLocaleString('en')} of ${total.toLocaleString('en')}`}
          </span>
          {isFiltered ? (
            <button type="button" className="button ghost small" onClick={clearFilters}>
              Clear
            </button>
          ) : null}
        </span>
      </div>
    </div>
  );
}
