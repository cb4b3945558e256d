// The Alerts screen's filters: words (name, owner, reason), state, platform and reason kind.
import type { PlatformId } from '../../../../src-main/contract/keys';
import { FilterSelect } from '../../components/FilterSelect';
import { Icon } from '../../components/Icon';
import { PLATFORMS, PLATFORM_LABEL } from '../../lib/platforms';
import {
  NO_ATTENTION_FILTERS,
  isFiltered,
  reasonLabel,
  type AttentionFilters,
  type StateFilter,
} from './attention-query';

type Props = { filters: AttentionFilters; kinds: string[]; shown: number; onChange: (f: AttentionFilters) => void };

export function AttentionFilterBar({ filters, kinds, shown, onChange }: Props) {
  const set = <F extends keyof AttentionFilters>(name: F, value: AttentionFilters[F]) =>
    onChange({ ...filters, [name]: value });
  return (
    <div className="filter-bar attention-filters">
      <div className="search">
        <Icon name="search" />
        <input
          type="search"
          placeholder="Filter keys and reasons…"
          aria-label="Filter alerts"
          value={filters.query}
          onChange={(e) => set('query', e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') set('query', '');
          }}
        />
      </div>
      <select aria-label="State" value={filters.state} onChange={(e) => set('state', e.target.value as StateFilter)}>
        <option value="">Needs action</option>
        <option value="act-now">Act now</option>
        <option value="due-soon">Due soon</option>
        <option value="housekeeping">Housekeeping</option>
        <option value="any">Every key with a reason</option>
      </select>
      <FilterSelect
        label="Platform"
        value={filters.platform}
        all="All platforms"
        options={PLATFORMS.map((p) => [p, PLATFORM_LABEL[p]] as const)}
        onChange={(v: PlatformId | '') => set('platform', v)}
      />
      <FilterSelect
        label="Reason"
        value={filters.reason}
        all="Any reason"
        options={kinds.map((k) => [k, reasonLabel(k)] as const)}
        onChange={(v) => set('reason', v)}
      />
      <span className="count" aria-live="polite" data-testid="attention-count">
        {shown.toLocaleString('en')} {shown === 1 ? 'key' : 'keys'}
      </span>
      {isFiltered(filters) ? (
        <button type="button" className="button ghost small" onClick={() => onChange(NO_ATTENTION_FILTERS)}>
          Clear
        </button>
      ) : null}
    </div>
  );
}
