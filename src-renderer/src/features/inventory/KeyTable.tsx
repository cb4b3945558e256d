// The inventory table: a virtualised grid (only the rows in view are in the DOM, so
// 10k keys scroll smoothly), sortable on every column, driven by the keyboard.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Expiry, PlatformBadge, StateBadge, StatusBadge, TruthBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { reasonsText } from '../../lib/attention';
import { relativeDay } from '../../lib/dates';
import { useKeys, type SortColumn } from '../../stores/keys.store';
import type { TableKey } from './query';

export const ROW_HEIGHT = 40;
const HEAD_HEIGHT = 34;
const OVERSCAN = 8;

type Column = { id: SortColumn; label: string; render: (k: TableKey) => ReactNode };
const COLUMNS: Column[] = [
  { id: 'state', label: 'State', render: (k) => (k.attention ? <StateBadge attention={k.attention} /> : null) },
  { id: 'name', label: 'Name', render: (k) => <span className="cell-name">{k.name}</span> },
  { id: 'platform', label: 'Platform', render: (k) => <PlatformBadge platform={k.platform} /> },
  { id: 'account', label: 'Account', render: (k) => k.account || <span className="faint">—</span> },
  { id: 'hint', label: 'Hint', render: (k) => <code className="hint">{k.hint}</code> },
  { id: 'owner', label: 'Owner', render: (k) => k.owner || <span className="faint">—</span> },
  {
    id: 'environment',
    label: 'Env',
    render: (k) => (k.environment ? <span className="env">{k.environment}</span> : <span className="faint">—</span>),
  },
  {
    id: 'status',
    label: 'Status',
    render: (k) => (k.statusTruth ? <TruthBadge truth={k.statusTruth} /> : <StatusBadge status={k.status} />),
  },
  { id: 'expiresAt', label: 'Expires', render: (k) => <Expiry date={k.expiresAt} status={k.status} /> },
  {
    id: 'lastUsedAt',
    label: 'Last used',
    render: (k) => (k.lastUsedAt ? relativeDay(k.lastUsedAt) : <span className="faint">Never</span>),
  },
];

/** `isExport` for an opened inventory export, which holds no hint and no attention state. */
export function KeyTable({ rows, isExport = false }: { rows: TableKey[]; isExport?: boolean }) {
  const columns = isExport ? COLUMNS.filter((c) => c.id !== 'hint' && c.id !== 'state') : COLUMNS;
  const sort = useKeys((s) => s.sort);
  const sortBy = useKeys((s) => s.sortBy);
  const activeId = useKeys((s) => s.activeId);
  const openId = useKeys((s) => s.openId);
  const setActive = useKeys((s) => s.setActive);
  const open = useKeys((s) => s.open);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  const activeIndex = activeId ? rows.findIndex((r) => r.id === activeId) : -1;

  // Keep the active row in view when the keyboard moves it.
  useEffect(() => {
    const el = scroller.current;
    if (!el || activeIndex < 0) return;
    const top = activeIndex * ROW_HEIGHT; // within the rows, below the sticky header
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT + HEAD_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT + HEAD_HEIGHT - el.clientHeight;
  }, [activeIndex]);

  const first = Math.max(0, Math.floor((scrollTop - HEAD_HEIGHT) / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  function onKeyDown(e: KeyboardEvent) {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1 };
    let next: number | null = null;
    if (e.key in moves)
      next = Math.min(rows.length - 1, Math.max(0, (activeIndex < 0 ? -1 : activeIndex) + (moves[e.key] ?? 0)));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'Enter' && activeId) {
      e.preventDefault();
      open(activeId);
      return;
    }
    const row = next === null ? undefined : rows[next];
    if (row) {
      e.preventDefault();
      setActive(row.id);
    }
  }

  return (
    <div
      ref={scroller}
      className="table"
      role="grid"
      aria-label="Keys"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={activeId ? `row-${activeId}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="key-table"
    >
      <div className="table-head" role="row" aria-rowindex={1}>
        {columns.map((c) => {
          const isSorted = sort.column === c.id;
          return (
            <div
              key={c.id}
              role="columnheader"
              aria-sort={isSorted ? (sort.isDescending ? 'descending' : 'ascending') : 'none'}
              className={`cell col-${c.id}`}
            >
              <button type="button" className="sort-button" onClick={() => sortBy(c.id)} tabIndex={-1}>
                {c.label}
                {isSorted ? <Icon name={sort.isDescending ? 'chevronDown' : 'chevronUp'} size={12} /> : null}
              </button>
            </div>
          );
        })}
      </div>
      <div className="table-spacer" role="rowgroup" style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(first, last).map((k, i) => {
          const index = first + i;
          return (
            <div
              key={k.id}
              id={`row-${k.id}`}
              role="row"
              aria-rowindex={index + 2}
              aria-selected={k.id === activeId}
              className={`table-row${k.attention ? ` state-row-${k.attention.state}` : ''}${k.id === activeId ? ' active' : ''}${k.id === openId ? ' open' : ''}`}
              title={k.attention ? reasonsText(k.attention) : undefined}
              style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
              onClick={() => open(k.id)}
              data-key-name={k.name}
            >
              {columns.map((c) => (
                <div key={c.id} role="gridcell" className={`cell col-${c.id}`}>
                  {c.render(k)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
