// The inventory table: a virtualised grid (only the rows in view are in the DOM, so
// 10k keys scroll smoothly), sortable on every column, driven by the keyboard.
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { Expiry, PlatformBadge, StateBadge, StatusBadge, TruthBadge } from '../../components/Badge';
import { reasonsText } from '../../lib/attention';
import type { TableKey } from './query';
import { Icon } from '../../components/Icon';
import { relativeDay } from '../../lib/dates';
import { useKeys, type SortColumn } from '../../stores/keys.store';

export const ROW_HEIGHT = 40;
const HEAD_HEIGHT = 34;
const OVERSCAN = 8;

type Column = {
  id: SortColumn;
  label: string;
  /** Narrowest width that shows the header and a typical value whole; the column grows by `grow` past it. */
  min: number;
  grow: number;
  render: (k: TableKey) => ReactNode;
  /** The full text, as a tooltip, for a value that may be cut short. */
  title?: (k: TableKey) => string | undefined;
};
const COLUMNS: Column[] = [
  {
    id: 'state',
    label: 'State',
    min: 128,
    grow: 0,
    render: (k) => (k.attention ? <StateBadge attention={k.attention} /> : null),
  },
  {
    id: 'name',
    label: 'Name',
    min: 220,
    grow: 3,
    render: (k) => <span className="cell-name">{k.name}</span>,
    title: (k) => k.name,
  },
  { id: 'platform', label: 'Platform', min: 104, grow: 0, render: (k) => <PlatformBadge platform={k.platform} /> },
  {
    id: 'account',
    label: 'Account',
    min: 120,
    grow: 1,
    render: (k) => k.account || <span className="faint">—</span>,
    title: (k) => k.account || undefined,
  },
  { id: 'hint', label: 'Hint', min: 118, grow: 0, render: (k) => <code className="hint">{k.hint}</code> },
  {
    id: 'owner',
    label: 'Owner',
    min: 150,
    grow: 1.2,
    render: (k) => k.owner || <span className="faint">—</span>,
    title: (k) => k.owner || undefined,
  },
  {
    id: 'environment',
    label: 'Env',
    min: 92,
    grow: 0,
    render: (k) => (k.environment ? <span className="env">{k.environment}</span> : <span className="faint">—</span>),
    title: (k) => k.environment || undefined,
  },
  {
    id: 'status',
    label: 'Status',
    min: 98,
    grow: 0,
    render: (k) => (k.statusTruth ? <TruthBadge truth={k.statusTruth} /> : <StatusBadge status={k.status} />),
  },
  {
    id: 'expiresAt',
    label: 'Expires',
    min: 112,
    grow: 0,
    render: (k) => <Expiry date={k.expiresAt} status={k.status} />,
  },
  {
    id: 'lastUsedAt',
    label: 'Last used',
    min: 104,
    grow: 0,
    render: (k) => (k.lastUsedAt ? relativeDay(k.lastUsedAt) : <span className="faint">Never</span>),
  },
];

/**
 * Which columns give way when the table is narrow, last first. The first four always show (a key's state, where the
 * table has that column, its name, platform and expiry); the others show while they fit whole, in this order, so a
 * column is never cut off or pushed off-screen. The status (Active, Revoking, Revoked…) comes next, before when the
 * key was last used: it is what a create, revoke or rotation changes in the row, beside the open detail too. Ids
 * absent from the column list are skipped.
 */
export const COLUMN_PRIORITY: readonly string[] = [
  'state',
  'name',
  'platform',
  'expiresAt',
  'status',
  'lastUsedAt',
  'account',
  'owner',
  'hint',
  'environment',
];
const ALWAYS = 4;
const ROW_PADDING = 32; // .table-row's 16 px each side
const GAP = 8;

/** The columns that fit whole in `width` px, in display order. */
export function fittingColumns<C extends { id: string; min: number }>(columns: C[], width: number): C[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const shown = new Set<string>();
  let used = ROW_PADDING - GAP;
  for (const [i, id] of COLUMN_PRIORITY.entries()) {
    const c = byId.get(id);
    if (!c) continue;
    if (i >= ALWAYS && used + GAP + c.min > width) break;
    used += GAP + c.min;
    shown.add(id);
  }
  for (const c of columns) if (!COLUMN_PRIORITY.includes(c.id)) shown.add(c.id);
  return columns.filter((c) => shown.has(c.id));
}

/** The fewest pixels the name column may have: its usual minimum, or less (down to NAME_MIN_NARROW, its tooltip and
 * the detail panel hold the whole name) when only the first four columns show and they would not fit otherwise, as
 * beside an open detail panel in a small window. */
export function nameMin<C extends { id: string; min: number }>(shown: C[], width: number): number {
  const name = shown.find((c) => c.id === 'name');
  if (!name) return 0;
  const others = shown.filter((c) => c !== name).reduce((sum, c) => sum + GAP + c.min, ROW_PADDING);
  return Math.max(NAME_MIN_NARROW, Math.min(name.min, width - others));
}
const NAME_MIN_NARROW = 140;

/**
 * Where even the first four columns at their narrowest do not fit (a 512 px window at 200 %), they narrow further
 * rather than push Expires past the edge: the state shows its icon (its name stays for screen readers and in the
 * row's tooltip) and the name and expiry take less room.
 */
const COMPACT_MIN: Partial<Record<SortColumn, number>> = { state: 64, name: 112, platform: 96, expiresAt: 100 };
export function isCompact<C extends { id: string; min: number }>(shown: C[], width: number): boolean {
  const always = shown.filter((c) => COLUMN_PRIORITY.slice(0, ALWAYS).includes(c.id));
  const need = always.reduce((sum, c) => sum + GAP + (c.id === 'name' ? NAME_MIN_NARROW : c.min), ROW_PADDING - GAP);
  return need > width;
}

/**
 * `isExport` for an opened inventory export, which holds no hint (its state is computed from what it records). `isSettling` while `rows`
 * still answer an earlier search than the one typed: keyboard moves wait for the rows that answer it.
 */
export function KeyTable({
  rows,
  isExport = false,
  isSettling = false,
}: {
  rows: TableKey[];
  isExport?: boolean;
  isSettling?: boolean;
}) {
  const [width, setWidth] = useState(1200);
  const columns = fittingColumns(isExport ? COLUMNS.filter((c) => c.id !== 'hint') : COLUMNS, width);
  const compact = isCompact(columns, width);
  const template = columns
    .map((c) => {
      const min = compact ? (COMPACT_MIN[c.id] ?? c.min) : c.id === 'name' ? nameMin(columns, width) : c.min;
      return c.grow ? `minmax(${min}px, ${c.grow}fr)` : `${min}px`;
    })
    .join(' ');
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
    const measure = () => {
      setHeight(el.clientHeight);
      setWidth(el.clientWidth);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
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

  // The move a key asks for, on the rows as they are now: an index, 'open', or null for a key the table leaves alone.
  function moveFor(key: string, index: number): number | 'open' | null {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1 };
    if (key in moves) return Math.min(rows.length - 1, Math.max(0, (index < 0 ? -1 : index) + (moves[key] ?? 0)));
    if (key === 'Home') return 0;
    if (key === 'End') return rows.length - 1;
    if (key === 'Enter') return 'open';
    return null;
  }

  // While the rows still answer an earlier search (the list is filtered a moment after typing), keys pressed wait
  // for the rows they were meant for: "type, ArrowDown, Enter" opens the first match, never a key the search hid.
  const pending = useRef<string[]>([]);
  useEffect(() => {
    if (isSettling || pending.current.length === 0) return;
    const keys = pending.current;
    pending.current = [];
    let id = useKeys.getState().activeId;
    for (const key of keys) {
      const move = moveFor(key, id ? rows.findIndex((r) => r.id === id) : -1);
      if (move === 'open') {
        if (id) open(id);
      } else if (move !== null && rows[move]) id = rows[move].id;
    }
    if (id && id !== useKeys.getState().activeId) setActive(id);
  });

  function onKeyDown(e: KeyboardEvent) {
    const move = moveFor(e.key, activeIndex);
    if (move === null) return;
    if (isSettling) {
      e.preventDefault();
      pending.current.push(e.key);
      return;
    }
    if (move === 'open') {
      if (activeId) {
        e.preventDefault();
        open(activeId);
      }
      return;
    }
    const row = rows[move];
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
      data-columns={columns.map((c) => c.id).join(' ')}
      data-compact={compact ? 'true' : undefined}
      style={{ '--cols': template } as CSSProperties}
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
              <button type="button" className="sort-button" onClick={() => sortBy(c.id)}>
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
                <div key={c.id} role="gridcell" className={`cell col-${c.id}`} title={c.title?.(k)}>
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
