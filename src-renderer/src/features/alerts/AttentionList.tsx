// One row per key with its reasons inside, virtualised (rows of varying height: only those in
// view are in the page, so 2,000 keys scroll as lightly as 20), with a selection for bulk actions.
import { SnoozeControl } from './SnoozeControl';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyRow } from '../../../../src-main/contract/keys';
import { PlatformBadge, StateBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { ACTION_LABEL, type AttentionAction } from '../../lib/attention';
import { relativeDay } from '../../lib/dates';

const BASE = 58;
const PER_REASON = 20;
const OVERSCAN = 2;
/** The list's own height is capped: the page around it (digest, charts) stays in reach. */
const MAX_HEIGHT = 460;
/** A narrow window (as in app.css) gives each reason two lines, so a long reason still reads whole. */
const NARROW = '(max-width: 1100px)';
export const rowHeight = (k: KeyRow, lines = 1) =>
  BASE + PER_REASON * Math.max(0, lines * k.attention.reasons.length - 1);

function useReasonLines(): number {
  const query = useMemo(() => (typeof window.matchMedia === 'function' ? window.matchMedia(NARROW) : null), []);
  const [isNarrow, setNarrow] = useState(query?.matches ?? false);
  useLayoutEffect(() => {
    if (query === null) return undefined;
    const onChange = () => setNarrow(query.matches);
    query.addEventListener('change', onChange);
    onChange();
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return isNarrow ? 2 : 1;
}

type Props = {
  rows: KeyRow[];
  label: string;
  testId: string;
  selected: ReadonlySet<string>;
  onSelect: (id: string, isOn: boolean) => void;
  onAct: (k: KeyRow, action: AttentionAction) => void;
  onOpen: (k: KeyRow) => void;
  onSnooze: (k: KeyRow, days: number) => void;
  onAcknowledge: (k: KeyRow) => void;
};

/** Index of the last row starting at or before `y` (offsets ascending). */
function rowAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function AttentionList({
  rows,
  label,
  testId,
  selected,
  onSelect,
  onAct,
  onOpen,
  onSnooze,
  onAcknowledge,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(MAX_HEIGHT);
  const lines = useReasonLines();
  const offsets = useMemo(() => {
    const out = new Array<number>(rows.length + 1);
    out[0] = 0;
    for (let i = 0; i < rows.length; i++) out[i + 1] = (out[i] ?? 0) + rowHeight(rows[i] as KeyRow, lines);
    return out;
  }, [rows, lines]);
  const total = offsets[rows.length] ?? 0;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, rowAt(offsets, scrollTop) - OVERSCAN);
  const last = Math.min(rows.length, rowAt(offsets, scrollTop + height) + 1 + OVERSCAN);

  return (
    <div
      ref={scroller}
      className="attention-scroll"
      style={{ height: Math.min(total, MAX_HEIGHT) }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid={`${testId}-scroll`}
    >
      <ul className="attention-list" aria-label={label} data-testid={testId} style={{ height: total }}>
        {rows.slice(first, last).map((k, i) => {
          const index = first + i;
          const a = k.attention;
          const isOn = selected.has(k.id);
          return (
            <li
              key={k.id}
              aria-setsize={rows.length}
              aria-posinset={index + 1}
              className={`attention-row state-row-${a.state}${isOn ? ' selected' : ''}`}
              style={{ transform: `translateY(${offsets[index] ?? 0}px)`, height: rowHeight(k, lines) }}
              data-key-name={k.name}
            >
              <input
                type="checkbox"
                checked={isOn}
                aria-label={`Select ${k.name}`}
                onChange={(e) => onSelect(k.id, e.target.checked)}
              />
              <StateBadge attention={a} />
              <div className="attention-text">
                <div className="attention-title">
                  <button type="button" className="link" onClick={() => onOpen(k)}>
                    {k.name}
                  </button>
                  <PlatformBadge platform={k.platform} />
                  {k.expiresAt ? <span className="alert-due">expires {relativeDay(k.expiresAt)}</span> : null}
                </div>
                <div className="attention-reasons">
                  {a.reasons.map((r) => (
                    <p key={`${r.kind}:${r.alertId ?? ''}`} className={`reason reason-${r.state}`} title={r.message}>
                      {r.message}
                    </p>
                  ))}
                </div>
              </div>
              <div className="alert-actions">
                <SnoozeControl
                  lengthLabel={`Snooze length for ${k.name}`}
                  buttonLabel={`Snooze the alerts on ${k.name}`}
                  onSnooze={(days) => onSnooze(k, days)}
                />
                <button
                  type="button"
                  className="button small ghost"
                  onClick={() => onAcknowledge(k)}
                  aria-label={`Acknowledge the alerts on ${k.name}`}
                  title="Acknowledge: hidden until it changes"
                >
                  <Icon name="check" size={14} />
                </button>
                {a.action !== 'none' && a.action !== 'snooze' ? (
                  <button
                    type="button"
                    className="button small"
                    aria-label={`${ACTION_LABEL[a.action]} ${k.name}`}
                    onClick={() => onAct(k, a.action)}
                  >
                    {ACTION_LABEL[a.action]} <Icon name="arrowRight" size={12} />
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
